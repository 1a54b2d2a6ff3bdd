/*
 * test_lg_line.c - console bytes to lines (hw-tests/lg_line.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include "hw-tests/lg_line.h"

struct got {
    char line[8][LG_LINE_MAX + 1];
    int flags[8];
    int n;
};

static void collect(const char *line, size_t len, int flags, void *arg)
{
    struct got *g = arg;
    assert_int_equal(strlen(line), len);
    if (g->n < 8) {
        memcpy(g->line[g->n], line, len + 1);
        g->flags[g->n] = flags;
    }
    g->n++;
}

/* Feed s (n bytes) one byte at a time or all at once; the result must not differ. */
static void feed(struct got *g, const char *s, size_t n, int bytewise)
{
    struct lg_line lb;
    memset(g, 0, sizeof(*g));
    lg_line_init(&lb, collect, g);
    for (size_t i = 0; bytewise && i < n; i++)
        lg_line_feed(&lb, s + i, 1);
    if (!bytewise)
        lg_line_feed(&lb, s, n);
    lg_line_flush(&lb);
}

static void test_crlf_nul_controls(void **state)
{
    (void)state;
    static const char in[] = "ab\r\nc\0d\x07\x08\r\n\tx\x7f\n";
    struct got g;
    for (int bw = 0; bw < 2; bw++) {
        feed(&g, in, sizeof(in) - 1, bw);
        assert_int_equal(g.n, 3);
        assert_string_equal(g.line[0], "ab");
        assert_string_equal(g.line[1], "cd");
        assert_string_equal(g.line[2], "\tx");
    }
}

static void test_ansi(void **state)
{
    (void)state;
    static const char in[] = "\x1b"
                             "c\x1b[?7l\x1b[2J\x1b[0mSea\x1b[1;31mBIOS\x1b(B!\n"
                             "\x1b]0;title\x07ok\x1b]2;t\x1b\\!\n";
    struct got g;
    for (int bw = 0; bw < 2; bw++) {
        feed(&g, in, sizeof(in) - 1, bw);
        assert_int_equal(g.n, 2);
        assert_string_equal(g.line[0], "SeaBIOS!");
        assert_string_equal(g.line[1], "ok!");
    }
}

/* A broken escape cannot swallow lines: LF ends it, and so does length. */
static void test_broken_escape(void **state)
{
    (void)state;
    char in[600];
    struct got g;
    feed(&g, "\x1b]never ends\nnext\n", 18, 0);
    assert_int_equal(g.n, 2);
    assert_string_equal(g.line[1], "next");
    memset(in, 'z', sizeof(in));
    memcpy(in, "\x1b]", 2);
    in[sizeof(in) - 1] = '\n';
    feed(&g, in, sizeof(in), 0);
    assert_int_equal(g.n, 1);
    /* ESC ] and 597 'z': ']' and 255 'z' fill the 256-byte escape limit; 342 'z' are text. */
    assert_int_equal(strlen(g.line[0]), 342);
}

static void test_long_line_bounded(void **state)
{
    (void)state;
    static char in[100000];
    struct got g;
    memset(in, 'a', sizeof(in));
    in[sizeof(in) - 3] = '\n';
    in[sizeof(in) - 2] = 'b';
    in[sizeof(in) - 1] = '\n';
    feed(&g, in, sizeof(in), 0);
    assert_int_equal(g.n, 2);
    assert_int_equal(strlen(g.line[0]), LG_LINE_MAX);
    assert_true(g.flags[0] & LG_LINE_TRUNCATED);
    assert_string_equal(g.line[1], "b");
    assert_int_equal(g.flags[1], 0);
}

static void test_partial_flush(void **state)
{
    (void)state;
    struct got g;
    feed(&g, "one\ntwo", 7, 1);
    assert_int_equal(g.n, 2);
    assert_string_equal(g.line[1], "two");
    assert_int_equal(g.flags[1], LG_LINE_PARTIAL);
    feed(&g, "", 0, 0);
    assert_int_equal(g.n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crlf_nul_controls), cmocka_unit_test(test_ansi),
        cmocka_unit_test(test_broken_escape),     cmocka_unit_test(test_long_line_bounded),
        cmocka_unit_test(test_partial_flush),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
