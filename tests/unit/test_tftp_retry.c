/*
 * test_tftp_retry.c - host unit tests of boot/tftp_retry.c, the retry
 * policy bootlab.pxe and the UEFI loader share: the pauses, the bound on
 * retries, the time budget (default and tftp-budget=S), midnight, no clock.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "boot/tftp_retry.h"

/* Pauses 1, 2, 4, 4, ... and exactly TFTP_RETRIES of them, when time does not run out. */
static void test_pauses_and_bound(void **state)
{
    static const int want[TFTP_RETRIES] = {1, 2, 4, 4, 4, 4, 4, 4, 4, 4};
    struct tftp_retry r;
    (void)state;
    assert_null(tftp_retry_start(&r, "", 1000));
    assert_int_equal(r.budget, TFTP_RETRY_SECS);
    for (int i = 0; i < TFTP_RETRIES; i++) {
        assert_int_equal(tftp_retry_next(&r, 1000 + i), want[i]);
        assert_int_equal(r.retries, i + 1);
    }
    assert_int_equal(tftp_retry_next(&r, 1010), -1);
    assert_int_equal(r.retries, TFTP_RETRIES);
}

/* No retry starts once the budget has passed: the default 180 s, or tftp-budget=S. */
static void test_time_budget(void **state)
{
    struct tftp_retry r;
    (void)state;
    tftp_retry_start(&r, "kernel=k.elf", 500);
    assert_int_equal(tftp_retry_next(&r, 500 + TFTP_RETRY_SECS - 1), 1);
    assert_int_equal(tftp_retry_next(&r, 500 + TFTP_RETRY_SECS), -1);
    assert_null(tftp_retry_start(&r, "tftp-budget=20", 500));
    assert_int_equal(r.budget, 20);
    assert_int_equal(tftp_retry_next(&r, 519), 1);
    assert_int_equal(tftp_retry_next(&r, 520), -1);
    assert_int_equal(tftp_retry_elapsed(&r, 520), 20);
}

/* A refused tftp-budget= is named and the default kept. */
static void test_bad_budget_keeps_default(void **state)
{
    struct tftp_retry r;
    (void)state;
    const char *why = tftp_retry_start(&r, "tftp-budget=0", 0);
    assert_non_null(why);
    assert_non_null(strstr(why, "tftp-budget="));
    assert_int_equal(r.budget, TFTP_RETRY_SECS);
}

/* Elapsed time across midnight; without a clock only the retry count bounds it. */
static void test_midnight_and_no_clock(void **state)
{
    struct tftp_retry r;
    (void)state;
    tftp_retry_start(&r, "tftp-budget=20", 86390);
    assert_int_equal(tftp_retry_elapsed(&r, 5), 15);
    assert_int_equal(tftp_retry_next(&r, 5), 1);
    assert_int_equal(tftp_retry_next(&r, 10), -1);
    tftp_retry_start(&r, "tftp-budget=1", CLOCK_NONE);
    for (int i = 0; i < TFTP_RETRIES; i++)
        assert_true(tftp_retry_next(&r, CLOCK_NONE) > 0);
    assert_int_equal(tftp_retry_next(&r, CLOCK_NONE), -1);
    assert_int_equal(tftp_retry_elapsed(&r, 100), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pauses_and_bound),
        cmocka_unit_test(test_time_budget),
        cmocka_unit_test(test_bad_budget_keeps_default),
        cmocka_unit_test(test_midnight_and_no_clock),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
