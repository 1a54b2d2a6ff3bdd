/*
 * test_multiboot.c - host unit tests of kernel/multiboot.c: Multiboot 1
 * information (spec 0.6.96, 3.3) built byte by byte in a simulated physical
 * memory, converted into a boot-info block, every field checked.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/multiboot.h"

/* Simulated physical memory [0, SIM_SIZE); map() refuses anything beyond WINDOW. */
#define SIM_SIZE 0x10000
#define MBI_PA   0x9000
#define MMAP_PA  0xA000
#define STR_PA   0xC000
#define NAME_PA  0xD000

static uint8_t sim[SIM_SIZE];
static uint32_t window = SIM_SIZE; /* bytes readable from 0 */

static const void *sim_map(void *ctx, uint32_t pa, uint32_t len)
{
    (void)ctx;
    if (pa >= window || len > window - pa)
        return NULL;
    return sim + pa;
}

static void put32(uint32_t pa, uint32_t v)
{
    memcpy(sim + pa, &v, 4);
}

static void put64(uint32_t pa, uint64_t v)
{
    memcpy(sim + pa, &v, 8);
}

static struct mb_info *mbi(void)
{
    return (struct mb_info *)(sim + MBI_PA);
}

/* Write mmap entry i with the given size field; returns the next entry's address. */
static uint32_t mm_entry(uint32_t at, uint32_t size, uint64_t base, uint64_t len, uint32_t type)
{
    put32(at, size);
    put64(at + 4, base);
    put64(at + 12, len);
    put32(at + 20, type);
    return at + 4 + size;
}

static int setup(void **state)
{
    (void)state;
    memset(sim, 0xEE, sizeof(sim));
    memset(mbi(), 0, sizeof(struct mb_info));
    window = SIM_SIZE;
    return 0;
}

static struct bootinfo out;

static void convert_ok(void)
{
    memset(&out, 0x5A, sizeof(out));
    const char *why = multiboot_convert(MBI_PA, sim_map, NULL, &out);
    assert_null(why);
    assert_int_equal(out.magic, BOOTINFO_MAGIC);
    assert_int_equal(out.version, BOOTINFO_VERSION);
    assert_int_equal(out.size, sizeof(struct bootinfo));
    assert_int_equal(out.source, BOOT_MULTIBOOT);
    assert_int_equal(out.mem_method, MEM_MULTIBOOT);
    assert_int_equal(out.e820_entry_size, 0);
}

static void assert_entry(int i, uint64_t base, uint64_t len, uint32_t type)
{
    assert_true((uint32_t)i < out.mmap_count);
    assert_int_equal(out.mmap[i].base, base);
    assert_int_equal(out.mmap[i].length, len);
    assert_int_equal(out.mmap[i].type, type);
    assert_int_equal(out.mmap[i].attr, E820_ATTR_ENABLED);
}

/* QEMU -kernel at -m 128: the SeaBIOS map, name "qemu", command line, boot device. */
static void test_qemu_like(void **state)
{
    (void)state;
    uint32_t a = MMAP_PA;
    a = mm_entry(a, 20, 0, 0x9FC00, 1);
    a = mm_entry(a, 20, 0x9FC00, 0x400, 2);
    a = mm_entry(a, 20, 0xF0000, 0x10000, 2);
    a = mm_entry(a, 20, 0x100000, 0x7EE0000, 1);
    a = mm_entry(a, 20, 0x7FE0000, 0x20000, 2);
    a = mm_entry(a, 20, 0xFFFC0000, 0x40000, 2);
    strcpy((char *)sim + STR_PA, "build/kernel.elf qemu-exit");
    strcpy((char *)sim + NAME_PA, "qemu");
    *mbi() = (struct mb_info){.flags = MB_INFO_MEM | MB_INFO_BOOTDEV | MB_INFO_CMDLINE |
                                       MB_INFO_MMAP | MB_INFO_LOADER_NAME,
                              .mem_lower = 639,
                              .mem_upper = 0x1FB80,
                              .boot_device = 0x80FFFFFF,
                              .cmdline = STR_PA,
                              .mmap_length = a - MMAP_PA,
                              .mmap_addr = MMAP_PA,
                              .boot_loader_name = NAME_PA};
    convert_ok();
    assert_int_equal(out.mmap_count, 6);
    assert_entry(0, 0, 0x9FC00, 1);
    assert_entry(1, 0x9FC00, 0x400, 2);
    assert_entry(2, 0xF0000, 0x10000, 2);
    assert_entry(3, 0x100000, 0x7EE0000, 1);
    assert_entry(4, 0x7FE0000, 0x20000, 2);
    assert_entry(5, 0xFFFC0000, 0x40000, 2);
    assert_string_equal(out.cmdline, "build/kernel.elf qemu-exit");
    assert_int_equal(out.flags, BI_CMDLINE);
    assert_string_equal(out.loader, "qemu");
    assert_int_equal(out.drive, 0x80);
    assert_int_equal(out.lower_kib, 639);
    assert_string_equal(out.net.bootfile, "");
}

/* iPXE gives only the type-1 entries: no reserved entry at all is fine. */
static void test_ipxe_type1_only(void **state)
{
    (void)state;
    uint32_t a = MMAP_PA;
    a = mm_entry(a, 20, 0, 0x9C400, 1);
    a = mm_entry(a, 20, 0x100000, 0x7E28000, 1);
    strcpy((char *)sim + NAME_PA, "iPXE 1.0.0+ (g36a4c)");
    *mbi() = (struct mb_info){.flags = MB_INFO_MEM | MB_INFO_MMAP | MB_INFO_LOADER_NAME,
                              .mem_lower = 625,
                              .mem_upper = 0x1F8A0,
                              .mmap_length = a - MMAP_PA,
                              .mmap_addr = MMAP_PA,
                              .boot_loader_name = NAME_PA};
    convert_ok();
    assert_int_equal(out.mmap_count, 2);
    assert_entry(0, 0, 0x9C400, 1);
    assert_entry(1, 0x100000, 0x7E28000, 1);
    assert_string_equal(out.loader, "iPXE-1.0.0+-(g36a4c)"); /* no spaces in the report */
    assert_string_equal(out.cmdline, "");
    assert_int_equal(out.flags & BI_CMDLINE, 0);
    assert_int_equal(out.drive, 0);
}

/* No mmap: the map comes from mem_lower and mem_upper (3.3), in KiB. */
static void test_mem_fields_only(void **state)
{
    (void)state;
    *mbi() = (struct mb_info){.flags = MB_INFO_MEM, .mem_lower = 639, .mem_upper = 15360};
    convert_ok();
    assert_int_equal(out.mmap_count, 2);
    assert_entry(0, 0, 639 * 1024, 1);
    assert_entry(1, 0x100000, 15360 * 1024, 1);
    assert_string_equal(out.loader, "multiboot");
}

/* An mmap flag with an empty buffer falls back to the mem fields too. */
static void test_empty_mmap_falls_back(void **state)
{
    (void)state;
    *mbi() = (struct mb_info){.flags = MB_INFO_MEM | MB_INFO_MMAP,
                              .mem_lower = 600,
                              .mem_upper = 1024,
                              .mmap_length = 0,
                              .mmap_addr = MMAP_PA};
    convert_ok();
    assert_int_equal(out.mmap_count, 2);
    assert_entry(1, 0x100000, 1024 * 1024, 1);
}

/* Entries step by their own size field: a 24-byte entry (with attributes) is skipped right. */
static void test_entry_size_stride(void **state)
{
    (void)state;
    uint32_t a = MMAP_PA;
    a = mm_entry(a, 24, 0, 0x9F000, 1);
    put32(a - 4, 0xDEADBEEF); /* the extra 4 bytes: not a field we read */
    a = mm_entry(a, 20, 0x100000, 0x300000, 1);
    *mbi() =
        (struct mb_info){.flags = MB_INFO_MMAP, .mmap_length = a - MMAP_PA, .mmap_addr = MMAP_PA};
    convert_ok();
    assert_int_equal(out.mmap_count, 2);
    assert_entry(0, 0, 0x9F000, 1);
    assert_entry(1, 0x100000, 0x300000, 1);
}

/* A short entry (size < 20) or one running past mmap_length ends the walk there. */
static void test_bad_entry_stops(void **state)
{
    (void)state;
    uint32_t a = MMAP_PA;
    a = mm_entry(a, 20, 0x100000, 0x300000, 1);
    uint32_t b = mm_entry(a, 12, 0x500000, 0x100000, 1); /* too short */
    *mbi() =
        (struct mb_info){.flags = MB_INFO_MMAP, .mmap_length = b - MMAP_PA, .mmap_addr = MMAP_PA};
    convert_ok();
    assert_int_equal(out.mmap_count, 1);
    /* Now the second entry claims more bytes than the buffer holds. */
    mm_entry(a, 20, 0x500000, 0x100000, 1);
    mbi()->mmap_length = (a - MMAP_PA) + 20; /* 4 bytes short of the full entry */
    convert_ok();
    assert_int_equal(out.mmap_count, 1);
}

/* More than 128 entries: the first 128 are kept and the block says it was cut. */
static void test_truncated_at_max(void **state)
{
    (void)state;
    uint32_t a = MMAP_PA;
    for (int i = 0; i < BOOTINFO_MMAP_MAX + 5; i++)
        a = mm_entry(a, 20, 0x100000 + (uint64_t)i * 0x1000, 0x1000, 1);
    *mbi() =
        (struct mb_info){.flags = MB_INFO_MMAP, .mmap_length = a - MMAP_PA, .mmap_addr = MMAP_PA};
    convert_ok();
    assert_int_equal(out.mmap_count, BOOTINFO_MMAP_MAX);
    assert_true(out.flags & BI_E820_TRUNCATED);
    assert_entry(BOOTINFO_MMAP_MAX - 1, 0x100000 + (BOOTINFO_MMAP_MAX - 1) * 0x1000ull, 0x1000, 1);
}

/* A command line longer than the block's field is cut, NUL-terminated. */
static void test_long_cmdline(void **state)
{
    (void)state;
    memset(sim + STR_PA, 'x', 300);
    sim[STR_PA + 300] = 0;
    *mbi() = (struct mb_info){.flags = MB_INFO_MEM | MB_INFO_CMDLINE,
                              .mem_lower = 639,
                              .mem_upper = 4096,
                              .cmdline = STR_PA};
    convert_ok();
    assert_int_equal(strlen(out.cmdline), BOOTINFO_CMDLINE_LEN - 1);
    assert_true(out.flags & BI_CMDLINE);
}

static void expect_refusal(const char *needle)
{
    const char *why = multiboot_convert(MBI_PA, sim_map, NULL, &out);
    assert_non_null(why);
    assert_non_null(strstr(why, needle));
}

static void test_no_memory_info(void **state)
{
    (void)state;
    *mbi() = (struct mb_info){.flags = MB_INFO_CMDLINE, .cmdline = STR_PA};
    expect_refusal("no memory map");
}

/* Everything read must lie in the window (the first 4 MiB in the kernel). */
static void test_outside_window(void **state)
{
    (void)state;
    uint32_t a = mm_entry(MMAP_PA, 20, 0x100000, 0x300000, 1);
    strcpy((char *)sim + STR_PA, "hello");
    *mbi() = (struct mb_info){.flags = MB_INFO_MMAP | MB_INFO_CMDLINE,
                              .mmap_length = a - MMAP_PA,
                              .mmap_addr = MMAP_PA,
                              .cmdline = STR_PA};
    window = MBI_PA + 8; /* the structure itself is cut */
    expect_refusal("information structure");
    window = MMAP_PA + 10; /* the map buffer is cut */
    expect_refusal("memory map buffer");
    window = STR_PA + 3; /* the command line runs past the window */
    expect_refusal("command line");
    window = SIM_SIZE;
    convert_ok();
    assert_string_equal(out.cmdline, "hello");
}

/* An unreadable loader name is not fatal: the block says "multiboot". */
static void test_unreadable_name(void **state)
{
    (void)state;
    *mbi() = (struct mb_info){.flags = MB_INFO_MEM | MB_INFO_LOADER_NAME,
                              .mem_lower = 639,
                              .mem_upper = 4096,
                              .boot_loader_name = SIM_SIZE + 0x100};
    convert_ok();
    assert_string_equal(out.loader, "multiboot");
}

static void boot_with_cmdline(const char *cmdline)
{
    strcpy((char *)sim + STR_PA, cmdline);
    *mbi() = (struct mb_info){.flags = MB_INFO_MEM | MB_INFO_CMDLINE,
                              .mem_lower = 639,
                              .mem_upper = 4096,
                              .cmdline = STR_PA};
    convert_ok();
}

/* netboot/boot.ipxe passes mac= and ip= (and server=): they become the net identity. */
static void test_cmdline_net(void **state)
{
    (void)state;
    boot_with_cmdline("http://10.77.0.1/kernel.elf mac=52:54:00:77:00:0a ip=10.77.0.171 "
                      "server=10.77.0.1");
    assert_true(out.flags & BI_NET_VALID);
    static const uint8_t mac[6] = {0x52, 0x54, 0x00, 0x77, 0x00, 0x0a};
    assert_memory_equal(out.net.mac, mac, 6);
    static const uint8_t ip[4] = {10, 77, 0, 171}, sv[4] = {10, 77, 0, 1};
    assert_memory_equal(&out.net.client_ip, ip, 4);
    assert_memory_equal(&out.net.server_ip, sv, 4);
    assert_string_equal(out.net.bootfile, "");
}

/* Anything malformed leaves the identity out rather than half-filled. */
static void test_cmdline_net_malformed(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "k mac=52:54:00:77:00:0a",                /* no ip */
        "k ip=10.77.0.171",                       /* no mac */
        "k mac=52:54:00:77:00 ip=10.77.0.171",    /* short mac */
        "k mac=52-54-00-77-00-0a ip=10.77.0.171", /* wrong separator */
        "k mac=52:54:00:77:00:0g ip=10.77.0.171", /* not hex */
        "k mac=52:54:00:77:00:0a ip=10.77.0",     /* three parts */
        "k mac=52:54:00:77:00:0a ip=10.77.0.256", /* > 255 */
        "k mac=52:54:00:77:00:0a ip=10.77.0.1x",  /* trailing junk */
        "k xmac=52:54:00:77:00:0a ip=10.77.0.1",  /* not a word of its own */
    };
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        boot_with_cmdline(bad[i]);
        assert_int_equal(out.flags & BI_NET_VALID, 0);
    }
    boot_with_cmdline("k ip=10.77.0.5 mac=52:54:00:77:00:0a server=bogus");
    assert_true(out.flags & BI_NET_VALID);
    assert_int_equal(out.net.server_ip, 0); /* a bad server alone is dropped */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_qemu_like, setup),
        cmocka_unit_test_setup(test_ipxe_type1_only, setup),
        cmocka_unit_test_setup(test_mem_fields_only, setup),
        cmocka_unit_test_setup(test_empty_mmap_falls_back, setup),
        cmocka_unit_test_setup(test_entry_size_stride, setup),
        cmocka_unit_test_setup(test_bad_entry_stops, setup),
        cmocka_unit_test_setup(test_truncated_at_max, setup),
        cmocka_unit_test_setup(test_long_cmdline, setup),
        cmocka_unit_test_setup(test_no_memory_info, setup),
        cmocka_unit_test_setup(test_outside_window, setup),
        cmocka_unit_test_setup(test_unreadable_name, setup),
        cmocka_unit_test_setup(test_cmdline_net, setup),
        cmocka_unit_test_setup(test_cmdline_net_malformed, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
