/*
 * test_printf.c - host unit tests of lib/printf.c (ksnprintf, kvsnprintf).
 *
 * Every case states the exact text and the exact return value (the length the
 * whole output would have had).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <limits.h>
#include <string.h>
#include <cmocka.h>

#include "lib/printf.h"

#define BUFSZ 128

/* Format into a buffer pre-filled with '#', check the text and the return value. */
#define EXPECT(want, ...)                                                                          \
    do {                                                                                           \
        char buf_[BUFSZ];                                                                          \
        memset(buf_, '#', sizeof(buf_));                                                           \
        int n_ = ksnprintf(buf_, sizeof(buf_), __VA_ARGS__);                                       \
        assert_string_equal(buf_, (want));                                                         \
        assert_int_equal(n_, (int)strlen(want));                                                   \
        assert_int_equal(buf_[strlen(want) + 1], '#');                                             \
    } while (0)

/* kvsnprintf through a wrapper without the format attribute: for inputs gcc would reject. */
static int raw_format(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

static void test_plain_text(void **state)
{
    (void)state;
    EXPECT("hello, world", "hello, world");
    EXPECT("100%", "100%%");
    EXPECT("%%", "%%%%");
    EXPECT("a%b", "a%%b");
}

static void test_signed(void **state)
{
    (void)state;
    EXPECT("0", "%d", 0);
    EXPECT("42", "%d", 42);
    EXPECT("-1", "%d", -1);
    EXPECT("-42", "%d", -42);
    EXPECT("2147483647", "%d", INT_MAX);
    EXPECT("-2147483648", "%d", INT_MIN);
    EXPECT("-9223372036854775808", "%lld", LLONG_MIN);
    EXPECT("9223372036854775807", "%lld", LLONG_MAX);
    EXPECT("-1", "%lld", -1LL);
}

static void test_unsigned(void **state)
{
    (void)state;
    EXPECT("0", "%u", 0u);
    EXPECT("4294967295", "%u", UINT_MAX);
    EXPECT("3000000000", "%u", 3000000000u);
    EXPECT("18446744073709551615", "%llu", ~0ull);
    EXPECT("10000000000000000000", "%llu", 10000000000000000000ull);
    EXPECT("4294967296", "%llu", 0x100000000ull);
    EXPECT("1000", "%llu", 1000ull);
    EXPECT("4294967295", "%lu", 4294967295ul); /* long and size_t: this program's sizes */
    EXPECT("4294967295 7", "%zu %d", (size_t)4294967295u, 7);
    EXPECT("ffffffff", "%lx", 0xfffffffful);
}

static void test_hex(void **state)
{
    (void)state;
    EXPECT("0", "%x", 0u);
    EXPECT("deadbeef", "%x", 0xDEADBEEFu);
    EXPECT("DEADBEEF", "%X", 0xDEADBEEFu);
    EXPECT("ffffffff", "%x", 0xFFFFFFFFu);
    EXPECT("0000beef", "%08x", 0xBEEFu);
    EXPECT("12345678", "%08x", 0x12345678u);
    EXPECT("123456789", "%08llx", 0x123456789ull); /* wider than the width */
    EXPECT("0x00000000", "0x%08x", 0u);
    EXPECT("100000000", "%llx", 0x100000000ull);
    EXPECT("ffffffffffffffff", "%llx", ~0ull);
    EXPECT("FFFFFFFFFFFFFFFF", "%llX", ~0ull);
    EXPECT("000000000009fc00", "%016llx", 0x9fc00ull);
    EXPECT("0x100000000", "0x%08llx", 0x100000000ull);
}

static void test_width_and_flags(void **state)
{
    (void)state;
    EXPECT("ab   |", "%-5s|", "ab");
    EXPECT("   ab|", "%5s|", "ab");
    EXPECT("abcdef", "%-5s", "abcdef"); /* longer than the width: not cut */
    EXPECT("   42", "%5d", 42);
    EXPECT("  -42", "%5d", -42);
    EXPECT("-42  |", "%-5d|", -42);
    EXPECT("-0042", "%05d", -42);
    EXPECT("00042", "%05u", 42u);
    EXPECT("7    |", "%-5x|", 7u);
    EXPECT("x    |", "%-5c|", 'x');
}

static void test_char_string_pointer(void **state)
{
    (void)state;
    EXPECT("A", "%c", 'A');
    EXPECT("[A][z]", "[%c][%c]", 'A', 'z');
    EXPECT("bootlab", "%s", "bootlab");
    EXPECT("", "%s", "");
    EXPECT("<>", "<%s>", "");
    EXPECT("0x1234", "%p", (void *)0x1234);
    EXPECT("0x0", "%p", (void *)0);
    EXPECT("0x80104000", "%p", (void *)0x80104000u); /* all 32 bits: the tests are i386 */
    EXPECT("a=1 b=two c=0x3 d=%", "a=%d b=%s c=0x%x d=%%", 1, "two", 3u);
}

static void test_odd_formats(void **state)
{
    char buf[BUFSZ];
    (void)state;
    /* An unknown conversion is copied through. */
    assert_int_equal(raw_format(buf, sizeof(buf), "a%qb"), 4);
    assert_string_equal(buf, "a%qb");
    /* A lone '%' at the end prints nothing. */
    assert_int_equal(raw_format(buf, sizeof(buf), "abc%"), 3);
    assert_string_equal(buf, "abc");
    /* A NULL string prints "(null)". */
    assert_int_equal(raw_format(buf, sizeof(buf), "%s", (const char *)NULL), 6);
    assert_string_equal(buf, "(null)");
}

static void test_truncation(void **state)
{
    char buf[16];
    (void)state;
    memset(buf, '#', sizeof(buf));
    assert_int_equal(ksnprintf(buf, 5, "hello world"), 11);
    assert_string_equal(buf, "hell");
    assert_int_equal(buf[5], '#'); /* nothing past size */

    memset(buf, '#', sizeof(buf));
    assert_int_equal(ksnprintf(buf, 6, "%d|%s", -12345, "tail"), 11);
    assert_string_equal(buf, "-1234");
    assert_int_equal(buf[6], '#');

    memset(buf, '#', sizeof(buf));
    assert_int_equal(ksnprintf(buf, 1, "abc"), 3);
    assert_int_equal(buf[0], 0);
    assert_int_equal(buf[1], '#');

    /* Exactly fitting: size = length + 1. */
    memset(buf, '#', sizeof(buf));
    assert_int_equal(ksnprintf(buf, 4, "%x", 0xabcu), 3);
    assert_string_equal(buf, "abc");
    /* One short: the last character goes. */
    memset(buf, '#', sizeof(buf));
    assert_int_equal(ksnprintf(buf, 3, "%x", 0xabcu), 3);
    assert_string_equal(buf, "ab");
    /* Padding counts too. */
    memset(buf, '#', sizeof(buf));
    assert_int_equal(ksnprintf(buf, 8, "%016llx", 0x9fc00ull), 16);
    assert_string_equal(buf, "0000000");
}

static void test_size_zero(void **state)
{
    char buf[8];
    (void)state;
    memset(buf, '#', sizeof(buf));
    assert_int_equal(ksnprintf(buf, 0, "%s=%u", "pages", 32476u), 11);
    for (size_t i = 0; i < sizeof(buf); i++)
        assert_int_equal(buf[i], '#'); /* nothing written, not even the NUL */
    assert_int_equal(ksnprintf(NULL, 0, "%llu", ~0ull), 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_text),      cmocka_unit_test(test_signed),
        cmocka_unit_test(test_unsigned),        cmocka_unit_test(test_hex),
        cmocka_unit_test(test_width_and_flags), cmocka_unit_test(test_char_string_pointer),
        cmocka_unit_test(test_odd_formats),     cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_size_zero),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
