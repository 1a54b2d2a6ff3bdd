/*
 * test_lg_table.c - E820 table files (hw-tests/lg_table.c). The output of
 * `labgrade e820` on every real table is checked against tests/harness/oracle.py
 * and hand-derived limits in tests/hw-tests/test_labgrade_e820.py.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include "hw-tests/lg_table.h"

static void test_lines(void **state)
{
    (void)state;
    struct e820_entry e;
    const char *why = NULL;
    assert_int_equal(lg_table_line("0x0 0xa0000 1", &e, &why), 1);
    assert_true(e.base == 0 && e.length == 0xa0000 && e.type == 1 && e.attr == 1);
    assert_int_equal(lg_table_line("  0xffff0000\t0x100000000  2 # ROM\n", &e, &why), 1);
    assert_true(e.base == 0xffff0000 && e.length == 0x10000 && e.type == 2);
    assert_int_equal(lg_table_line("# only a comment", &e, &why), 0);
    assert_int_equal(lg_table_line("   \r\n", &e, &why), 0);
    assert_int_equal(lg_table_line("0x10 0x10 1", &e, &why), 1); /* zero length is allowed */
    assert_int_equal(e.length, 0);
}

static void test_bad_lines(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "0x0 0xa0000",  "0 0xa0000 1", "0x0 0xa0000 1 9",    "0x0 0xg 1",
        "0x100 0x10 1", "0x0 0x1 -1",  "0x0 0x1 4294967296", "0x0 0x10000000000000000 1",
        "junk"};
    struct e820_entry e;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        const char *why = NULL;
        if (lg_table_line(bad[i], &e, &why) != -1)
            print_error("accepted '%s'\n", bad[i]);
        assert_non_null(why);
    }
}

/* Errors name the file and line; entries past the cap are counted, not stored. */
static void test_read(void **state)
{
    (void)state;
    char errbuf[256] = "";
    struct e820_entry out[2];
    int total;
    static const char good[] = "# t\n0x0 0x1000 1\n0x1000 0x2000 2\n0x2000 0x3000 1\n";
    static const char bad[] = "0x0 0x1000 1\n\nbad line\n";
    FILE *f = fmemopen((void *)good, strlen(good), "r");
    FILE *err = fmemopen(errbuf, sizeof(errbuf), "w");
    assert_int_equal(lg_table_read(f, "t", out, 2, &total, err), 2);
    assert_int_equal(total, 3);
    fclose(f);
    f = fmemopen((void *)bad, strlen(bad), "r");
    assert_int_equal(lg_table_read(f, "t.e820", out, 2, &total, err), -1);
    fclose(f);
    fclose(err);
    assert_non_null(strstr(errbuf, "t.e820:3: "));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines),
        cmocka_unit_test(test_bad_lines),
        cmocka_unit_test(test_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
