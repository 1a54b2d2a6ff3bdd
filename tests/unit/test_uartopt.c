/*
 * test_uartopt.c - host unit tests of drivers/serial/uartopt.c (the console
 * port and speed as boot options) and of lib/cmdline.c, which reads them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "drivers/serial/uart.h"
#include "lib/cmdline.h"

/* The options' port and speed from the defaults 0x3F8 and 115200; the reason, or NULL. */
static const char *opts(const char *line, uint16_t *port, uint32_t *baud)
{
    *port = 0x3F8;
    *baud = 115200;
    return uart_options(line, port, baud);
}

static void test_defaults_without_options(void **state)
{
    uint16_t port;
    uint32_t baud;
    (void)state;
    assert_null(opts("", &port, &baud));
    assert_null(opts("kernel=x.elf qemu-exit combaud=2", &port, &baud));
    assert_int_equal(port, 0x3F8);
    assert_int_equal(baud, 115200);
}

static void test_com_numbers_and_ports(void **state)
{
    static const struct {
        const char *line;
        uint16_t port;
    } t[] = {{"com=1", 0x3F8},     {"com=2", 0x2F8},       {"com=3", 0x3E8},
             {"com=4", 0x2E8},     {"com=0xe030", 0xE030}, {"x com=0x2f8 y", 0x2F8},
             {"com=0x100", 0x100}, {"com=0xFFF8", 0xFFF8}};
    uint16_t port;
    uint32_t baud;
    (void)state;
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        assert_null(opts(t[i].line, &port, &baud));
        assert_int_equal(port, t[i].port);
        assert_int_equal(baud, 115200);
    }
}

static void test_baud_divides_115200(void **state)
{
    static const uint32_t good[] = {115200, 57600, 38400, 19200, 9600, 1200, 1};
    static const char *const bad[] = {
        "baud=0", "baud=230400", "baud=56000", "baud=", "baud=9k", "baud=-1", "baud=99999999999"};
    char line[32];
    uint16_t port;
    uint32_t baud;
    (void)state;
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        snprintf(line, sizeof(line), "com=2 baud=%u", good[i]);
        assert_null(opts(line, &port, &baud));
        assert_int_equal(baud, good[i]);
        assert_int_equal(port, 0x2F8);
    }
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_non_null(opts(bad[i], &port, &baud));
        assert_int_equal(baud, 115200);
    }
}

static void test_bad_com_keeps_defaults(void **state)
{
    static const char *const bad[] = {"com=0", "com=5",    "com=0x3f9",   "com=0x80",
                                      "com=",  "com=COM2", "com=0x10000", "com=0xfffc"};
    uint16_t port;
    uint32_t baud;
    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char line[48];
        snprintf(line, sizeof(line), "%s baud=9600", bad[i]);
        assert_non_null(opts(line, &port, &baud));
        assert_int_equal(port, 0x3F8); /* nothing changes when one option is refused */
        assert_int_equal(baud, 115200);
    }
}

static void test_cmdline_words(void **state)
{
    uint32_t len, v;
    const char *s;
    (void)state;
    assert_int_equal(cmdline_has("a qemu-exit b", "qemu-exit"), 1);
    assert_int_equal(cmdline_has("qemu-exitx", "qemu-exit"), 0);
    assert_int_equal(cmdline_has("xqemu-exit", "qemu-exit"), 0);
    s = cmdline_value("akernel=no kernel=yes.elf kernel=later", "kernel", &len);
    assert_non_null(s);
    assert_int_equal(len, 7);
    assert_memory_equal(s, "yes.elf", 7);
    assert_null(cmdline_value("kernel", "kernel", &len));
    assert_int_equal(cmdline_number("0x1f", 4, &v), 0);
    assert_int_equal(v, 31);
    assert_int_equal(cmdline_number("4294967295", 10, &v), 0);
    assert_int_equal(v, 0xFFFFFFFFu);
    assert_int_equal(cmdline_number("4294967296", 10, &v), -1);
    assert_int_equal(cmdline_number("0x", 2, &v), -1);
    assert_int_equal(cmdline_number("12", 1, &v), 0); /* only len bytes count */
    assert_int_equal(v, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_without_options),
        cmocka_unit_test(test_com_numbers_and_ports),
        cmocka_unit_test(test_baud_divides_115200),
        cmocka_unit_test(test_bad_com_keeps_defaults),
        cmocka_unit_test(test_cmdline_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
