/*
 * test_pxeinfo.c - host unit tests of boot/pxeinfo.c: the !PXE and PXENV+
 * checks (PXE 2.1, 3.2), the memory areas they declare, the DHCP identity
 * (RFC 2131 layout, RFC 2132 options 3, 54, 67) and the kernel's TFTP name.
 * Every structure is built byte by byte here, as a PXE ROM would lay it out.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "boot/pxeinfo.h"

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, (uint16_t)v);
    put16(p + 2, (uint16_t)(v >> 16));
}

/* Make bytes [0, len) sum to 0 by adjusting the byte at csum_off. */
static void fix_sum(uint8_t *p, int len, int csum_off)
{
    uint8_t s = 0;
    p[csum_off] = 0;
    for (int i = 0; i < len; i++)
        s = (uint8_t)(s + p[i]);
    p[csum_off] = (uint8_t)(0 - s);
}

static void make_bangpxe(uint8_t *p)
{
    memset(p, 0, 0x58);
    memcpy(p, "!PXE", 4);
    p[BANGPXE_LENGTH] = 0x58;
    put16(p + BANGPXE_ENTRY_SP, 0x0160); /* offset */
    put16(p + BANGPXE_ENTRY_SP + 2, 0x9c48);
    p[BANGPXE_SEGCNT] = 3;
    uint8_t *d = p + BANGPXE_SEGDESC;
    put16(d, 0x9c48); /* Stack: 2 KiB at 0x9c480 */
    put32(d + 2, 0x9c480);
    put16(d + 6, 0x800);
    put16(d + 8 + 0, 0x9d00); /* UNDIData */
    put32(d + 8 + 2, 0x9d000);
    put16(d + 8 + 6, 0x1000);
    put16(d + 16 + 0, 0); /* UNDICode: empty, skipped */
    fix_sum(p, 0x58, 5);
}

static void test_bangpxe_valid(void **state)
{
    (void)state;
    uint8_t p[0x58];
    struct pxe_api api;
    make_bangpxe(p);
    assert_null(pxe_check_bangpxe(p, sizeof(p), &api));
    assert_int_equal(api.seg, 0x9c48);
    assert_int_equal(api.off, 0x0160);
    assert_int_equal(api.stack_args, 1);
    struct pxe_area a[8];
    assert_int_equal(pxe_areas(p, 1, a, 8), 2);
    assert_int_equal(a[0].start, 0x9c480);
    assert_int_equal(a[0].end, 0x9cc80);
    assert_int_equal(a[1].start, 0x9d000);
    assert_int_equal(a[1].end, 0x9e000);
}

static void test_bangpxe_refusals(void **state)
{
    (void)state;
    uint8_t p[0x58];
    struct pxe_api api;
    make_bangpxe(p);
    assert_non_null(strstr(pxe_check_bangpxe(p, 0x40, &api), "not readable"));
    p[1] = 'x';
    assert_non_null(strstr(pxe_check_bangpxe(p, sizeof(p), &api), "signature"));
    make_bangpxe(p);
    p[0x30] ^= 1; /* one byte changed: the sum is no longer 0 */
    assert_non_null(strstr(pxe_check_bangpxe(p, sizeof(p), &api), "checksum"));
    make_bangpxe(p);
    p[BANGPXE_LENGTH] = 0x20;
    fix_sum(p, 0x20, 5);
    assert_non_null(strstr(pxe_check_bangpxe(p, sizeof(p), &api), "StructLength"));
    make_bangpxe(p);
    put32(p + BANGPXE_ENTRY_SP, 0);
    fix_sum(p, 0x58, 5);
    assert_non_null(strstr(pxe_check_bangpxe(p, sizeof(p), &api), "EntryPointSP"));
}

static void make_pxenv(uint8_t *p)
{
    memset(p, 0, 0x2C);
    memcpy(p, "PXENV+", 6);
    put16(p + PXENV_VERSION, 0x0201);
    p[PXENV_LENGTH] = 0x2C;
    put16(p + PXENV_RMENTRY, 0x0100);
    put16(p + PXENV_RMENTRY + 2, 0x9c40);
    put16(p + PXENV_STACKSEG, 0x9000); /* stack: 0x90000, 0x400 bytes */
    put16(p + PXENV_STACKSEG + 2, 0x400);
    fix_sum(p, 0x2C, 9);
}

static void test_pxenv(void **state)
{
    (void)state;
    uint8_t p[0x2C];
    struct pxe_api api;
    make_pxenv(p);
    assert_null(pxe_check_pxenv(p, sizeof(p), &api));
    assert_int_equal(api.seg, 0x9c40);
    assert_int_equal(api.off, 0x0100);
    assert_int_equal(api.stack_args, 0);
    struct pxe_area a[8];
    assert_int_equal(pxe_areas(p, 0, a, 8), 1);
    assert_int_equal(a[0].start, 0x90000);
    assert_int_equal(a[0].end, 0x90400);
    p[3] = 'X';
    assert_non_null(strstr(pxe_check_pxenv(p, sizeof(p), &api), "signature"));
    make_pxenv(p);
    p[20] ^= 0x10;
    assert_non_null(strstr(pxe_check_pxenv(p, sizeof(p), &api), "checksum"));
    make_pxenv(p);
    p[PXENV_LENGTH] = 0x10;
    fix_sum(p, 0x10, 9);
    assert_non_null(strstr(pxe_check_pxenv(p, sizeof(p), &api), "Length"));
}

/* A BOOTREPLY: chaddr, yiaddr, siaddr, file, then options (each {tag, len, bytes...}). */
static uint32_t make_reply(uint8_t *p, const char *file, uint32_t yi, uint32_t si,
                           const uint8_t *opts, uint32_t nopts)
{
    memset(p, 0, 600);
    p[DHCP_OP] = 2;
    p[1] = 1;
    p[DHCP_HLEN] = 6;
    static const uint8_t mac[6] = {0x52, 0x54, 0x00, 0x77, 0x00, 0x0a};
    memcpy(p + DHCP_CHADDR, mac, 6);
    memcpy(p + DHCP_YIADDR, &yi, 4);
    memcpy(p + DHCP_SIADDR, &si, 4);
    strcpy((char *)p + DHCP_FILE, file);
    static const uint8_t cookie[4] = {99, 130, 83, 99};
    memcpy(p + DHCP_OPTIONS, cookie, 4);
    memcpy(p + DHCP_MIN_LEN, opts, nopts);
    p[DHCP_MIN_LEN + nopts] = 255;
    return DHCP_MIN_LEN + nopts + 1;
}

#define IP(a, b, c, d)                                                                             \
    ((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16 | (uint32_t)(d) << 24)

/* Full DHCP: everything from the ACK; the gateway from option 3, not giaddr. */
static void test_identity_ack_only(void **state)
{
    (void)state;
    static uint8_t ack[600];
    static const uint8_t opts[] = {0, 0, 53, 1, 5, 3, 4, 10, 77, 0, 254};
    uint32_t n =
        make_reply(ack, "bootlab.pxe", IP(10, 77, 0, 21), IP(10, 77, 0, 1), opts, sizeof(opts));
    struct bootinfo_net net;
    assert_null(dhcp_identity(ack, n, NULL, 0, &net));
    static const uint8_t mac[6] = {0x52, 0x54, 0x00, 0x77, 0x00, 0x0a};
    assert_memory_equal(net.mac, mac, 6);
    assert_int_equal(net.client_ip, IP(10, 77, 0, 21));
    assert_int_equal(net.server_ip, IP(10, 77, 0, 1));
    assert_int_equal(net.gateway_ip, IP(10, 77, 0, 254));
    assert_string_equal(net.bootfile, "bootlab.pxe");
}

/* Proxy DHCP: the address from the ACK, the server and file from the proxy's reply. */
static void test_identity_proxy(void **state)
{
    (void)state;
    static uint8_t ack[600], reply[600];
    static const uint8_t none[] = {53, 1, 5};
    uint32_t na = make_reply(ack, "", IP(10, 77, 0, 171), IP(10, 77, 0, 2), none, sizeof(none));
    uint32_t nr = make_reply(reply, "undionly.kpxe", 0, IP(10, 77, 0, 1), none, sizeof(none));
    struct bootinfo_net net;
    assert_null(dhcp_identity(ack, na, reply, nr, &net));
    assert_int_equal(net.client_ip, IP(10, 77, 0, 171));
    assert_int_equal(net.server_ip, IP(10, 77, 0, 1));
    assert_string_equal(net.bootfile, "undionly.kpxe");
    /* A reply without a file name changes nothing: the ACK's server stays. */
    nr = make_reply(reply, "", 0, IP(10, 77, 0, 9), none, sizeof(none));
    assert_null(dhcp_identity(ack, na, reply, nr, &net));
    assert_int_equal(net.server_ip, IP(10, 77, 0, 2));
    assert_string_equal(net.bootfile, "");
}

/* The file in option 67 when the field is empty; option 54 when siaddr is 0; giaddr. */
static void test_identity_options(void **state)
{
    (void)state;
    static uint8_t ack[600];
    static const uint8_t opts[] = {54,  4,   10,  77,  0,   3,   67,  9,  'b',
                                   'o', 'o', 't', '.', 'i', 'p', 'x', 'e'};
    uint32_t n = make_reply(ack, "", IP(10, 77, 0, 30), 0, opts, sizeof(opts));
    put32(ack + DHCP_GIADDR, IP(10, 77, 0, 250));
    struct bootinfo_net net;
    assert_null(dhcp_identity(ack, n, NULL, 0, &net));
    assert_int_equal(net.server_ip, IP(10, 77, 0, 3));
    assert_string_equal(net.bootfile, "boot.ipxe");
    assert_int_equal(net.gateway_ip, IP(10, 77, 0, 250));
}

static void test_identity_refusals(void **state)
{
    (void)state;
    static uint8_t ack[600];
    static const uint8_t none[] = {53, 1, 5};
    uint32_t n = make_reply(ack, "x", IP(10, 77, 0, 21), 0, none, sizeof(none));
    struct bootinfo_net net;
    assert_non_null(strstr(dhcp_identity(ack, 100, NULL, 0, &net), "too short"));
    ack[DHCP_OP] = 1; /* a BOOTREQUEST (the DISCOVER) is not an answer */
    assert_non_null(strstr(dhcp_identity(ack, n, NULL, 0, &net), "BOOTREPLY"));
    n = make_reply(ack, "x", 0, 0, none, sizeof(none));
    assert_non_null(strstr(dhcp_identity(ack, n, NULL, 0, &net), "yiaddr"));
    /* An option running past the packet end is ignored, not read. */
    static const uint8_t runaway[] = {67, 200, 'a'};
    n = make_reply(ack, "", IP(10, 77, 0, 21), 0, runaway, sizeof(runaway));
    assert_null(dhcp_identity(ack, n - 1, NULL, 0, &net));
    assert_string_equal(net.bootfile, "");
}

static void test_kernel_file_name(void **state)
{
    (void)state;
    char out[128];
    assert_int_equal(kernel_file_name("bootlab.pxe", "", out, sizeof(out)), 0);
    assert_string_equal(out, "kernel.elf");
    assert_int_equal(kernel_file_name("seats/pc07/bootlab.pxe", "", out, sizeof(out)), 0);
    assert_string_equal(out, "seats/pc07/kernel.elf");
    assert_int_equal(kernel_file_name("http://10.77.0.1/boot.ipxe", "", out, sizeof(out)), 0);
    assert_string_equal(out, "kernel.elf");
    assert_int_equal(kernel_file_name("tftp://10.77.0.1/a/b/boot.ipxe", "", out, sizeof(out)), 0);
    assert_string_equal(out, "a/b/kernel.elf");
    assert_int_equal(kernel_file_name("", "", out, sizeof(out)), 0);
    assert_string_equal(out, "kernel.elf");
    assert_int_equal(
        kernel_file_name("x/bootlab.pxe", "qemu-exit kernel=builds/b/k.elf", out, sizeof(out)), 0);
    assert_string_equal(out, "builds/b/k.elf");
    assert_int_equal(kernel_file_name("x", "kernel=", out, sizeof(out)), -1);
    assert_int_equal(kernel_file_name("averyveryverylongdirectory/bootlab.pxe", "", out, 20), -1);
}

/* A seat file's "set kernel PATH" line, wherever it is; nothing else counts. */
static void test_seat_kernel(void **state)
{
    char out[40];
    static const char seat[] = "#!ipxe\n# seat 7: set kernel not.this\nset loader multiboot\n"
                               "  set\tkernel builds/alice/kernel.elf  \r\nset kernel second.elf\n";
    (void)state;
    assert_int_equal(seat_kernel(seat, sizeof(seat) - 1, out, sizeof(out)), 1);
    assert_string_equal(out, "builds/alice/kernel.elf");
    assert_int_equal(seat_kernel(seat, 40, out, sizeof(out)), 0); /* cut before the line */
    assert_int_equal(seat_kernel("set kernel\nset kernels x\n", 24, out, sizeof(out)), 0);
    assert_int_equal(seat_kernel("set kernel k.elf", 16, out, sizeof(out)), 1); /* no newline */
    assert_string_equal(out, "k.elf");
    assert_int_equal(seat_kernel(seat, sizeof(seat) - 1, out, 23), -1); /* no room */
    assert_int_equal(seat_kernel("", 0, out, sizeof(out)), 0);
}

/* A seat file's "set args ..." line: the whole rest of it, trailing blanks dropped. */
static void test_seat_args(void **state)
{
    static const char seat[] = "#!ipxe\n# set args not=this\nset kernel k.elf\n"
                               "set args  com=2 baud=57600 \t\r\nset args second=1\n";
    static const struct {
        const char *text;
        uint32_t len, room;
        int want;
        const char *args;
    } t[] = {
        {seat, sizeof(seat) - 1, 40, 1, "com=2 baud=57600"},
        {seat, 40, 40, 0, 0},                /* cut before the line */
        {seat, sizeof(seat) - 1, 16, -1, 0}, /* no room */
        {"set args\nset argsx y\n", 21, 40, 0, 0},
        {"set args tftp-budget=20", 23, 40, 1, "tftp-budget=20"}, /* no newline */
    };
    (void)state;
    for (unsigned i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        char out[40];
        assert_int_equal(seat_args(t[i].text, t[i].len, out, t[i].room), t[i].want);
        if (t[i].args)
            assert_string_equal(out, t[i].args);
    }
}

static void test_seat_file_name(void **state)
{
    static const uint8_t mac[6] = {0x52, 0x54, 0x00, 0x77, 0x0a, 0xff};
    char out[SEAT_FILE_LEN];
    (void)state;
    seat_file_name(mac, out);
    assert_string_equal(out, "seats/52-54-00-77-0a-ff.ipxe");
}

/* tftp-budget=S: absent keeps the default; 1 to TFTP_BUDGET_MAX taken; others named. */
static void test_tftp_budget_option(void **state)
{
    (void)state;
    uint32_t secs = 180;
    assert_null(tftp_budget_option("", &secs));
    assert_null(tftp_budget_option("kernel=k.elf com=2", &secs));
    assert_int_equal(secs, 180);
    assert_null(tftp_budget_option("kernel=k.elf tftp-budget=20", &secs));
    assert_int_equal(secs, 20);
    assert_null(tftp_budget_option("tftp-budget=0x1", &secs));
    assert_int_equal(secs, 1);
    assert_null(tftp_budget_option("tftp-budget=3600", &secs));
    assert_int_equal(secs, TFTP_BUDGET_MAX);
    secs = 180;
    const char *bad[] = {"tftp-budget=0", "tftp-budget=3601", "tftp-budget=", "tftp-budget=2m",
                         "tftp-budget=99999999999"};
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        const char *why = tftp_budget_option(bad[i], &secs);
        assert_non_null(why);
        assert_non_null(strstr(why, "tftp-budget= wants seconds, 1 to 3600"));
        assert_int_equal(secs, 180);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bangpxe_valid),
        cmocka_unit_test(test_bangpxe_refusals),
        cmocka_unit_test(test_pxenv),
        cmocka_unit_test(test_identity_ack_only),
        cmocka_unit_test(test_identity_proxy),
        cmocka_unit_test(test_identity_options),
        cmocka_unit_test(test_identity_refusals),
        cmocka_unit_test(test_kernel_file_name),
        cmocka_unit_test(test_seat_kernel),
        cmocka_unit_test(test_seat_args),
        cmocka_unit_test(test_seat_file_name),
        cmocka_unit_test(test_tftp_budget_option),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
