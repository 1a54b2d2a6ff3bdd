/*
 * test_tsc.c - host unit tests of kernel/tsc.c (TSC rates and microseconds)
 * and lib/div64.c (64-bit division without libgcc). Expected values were
 * worked out with Python's integers, e.g. (2**64 - 1) * 10**6 // 10**6.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "kernel/tsc.h"
#include "lib/div64.h"

static void test_udiv64(void **state)
{
    uint64_t r;
    (void)state;
    assert_int_equal(udiv64(100, 7, &r), 14);
    assert_int_equal(r, 2);
    assert_true(udiv64(~0ull, 1, &r) == ~0ull);
    assert_int_equal(r, 0);
    assert_true(udiv64(~0ull, 10, &r) == 1844674407370955161ull);
    assert_int_equal(r, 5);
    assert_int_equal(udiv64(5, 9, &r), 0);
    assert_int_equal(r, 5);
    /* A divisor above 2^63: the quotient is 0 or 1. */
    assert_int_equal(udiv64(~0ull, 0x8000000000000001ull, &r), 1);
    assert_true(r == 0x7FFFFFFFFFFFFFFEull);
    assert_int_equal(udiv64(0x8000000000000000ull, 0x8000000000000001ull, &r), 0);
    assert_true(r == 0x8000000000000000ull);
    assert_int_equal(udiv64(123456789012345ull, 1000000, 0), 123456789);
    assert_true(udiv64(7, 0, &r) == ~0ull); /* a bug in the caller: defined, not a trap */
}

static void test_rate_from_pit(void **state)
{
    (void)state;
    /* 2386 ticks (2.0 ms) and 4,587,954 cycles: 4587954 * 1193182 // 2386 Hz. */
    assert_true(tsc_hz_pit(4587954, 2386) == 2294326961ull);
    assert_true(tsc_hz_pit(PIT_HZ, PIT_HZ) == PIT_HZ);
    assert_int_equal(tsc_hz_pit(1000, 0), 0);
    assert_int_equal(tsc_hz_pit(~0ull, 65535), 0); /* would overflow: refused */
}

static void test_rate_from_cpuid(void **state)
{
    (void)state;
    /* A 24 MHz crystal, ratio 176/2: 2.112 GHz. */
    assert_true(tsc_hz_cpuid15(2, 176, 24000000) == 2112000000ull);
    /* A 25 MHz crystal (server parts), ratio 200/2: 2.5 GHz. */
    assert_true(tsc_hz_cpuid15(2, 200, 25000000) == 2500000000ull);
    assert_int_equal(tsc_hz_cpuid15(2, 300, 0), 0); /* Coffee Lake: no crystal Hz */
    assert_int_equal(tsc_hz_cpuid15(0, 300, 24000000), 0);
    assert_int_equal(tsc_hz_cpuid15(2, 0, 24000000), 0);
    assert_true(tsc_hz_cpuid16(3200) == 3200000000ull);
    assert_true(tsc_hz_cpuid16(0x12340C80) == 3200000000ull); /* only EAX[15:0] */
    assert_int_equal(tsc_hz_cpuid16(0), 0);
}

static void test_sane(void **state)
{
    (void)state;
    assert_false(tsc_hz_sane(0));
    assert_false(tsc_hz_sane(999999));
    assert_true(tsc_hz_sane(1000000));
    assert_true(tsc_hz_sane(2294326961ull));
    assert_true(tsc_hz_sane(100000000000ull));
    assert_false(tsc_hz_sane(100000000001ull));
}

static int pit_calls;
static uint64_t pit_answer;

static uint64_t fake_pit(void)
{
    pit_calls++;
    return pit_answer;
}

/* The order cpuid15, pit, cpuid16; the PIT is asked only when leaf 0x15 gives nothing. */
static void test_pick(void **state)
{
    uint64_t hz;
    const char *calib;
    (void)state;
    pit_calls = 0;
    pit_answer = 2294326961ull;
    assert_null(tsc_pick(2112000000ull, fake_pit, 3200000000ull, &hz, &calib));
    assert_true(hz == 2112000000ull);
    assert_string_equal(calib, "cpuid15");
    assert_int_equal(pit_calls, 0);
    assert_null(tsc_pick(0, fake_pit, 3200000000ull, &hz, &calib));
    assert_true(hz == 2294326961ull);
    assert_string_equal(calib, "pit");
    assert_int_equal(pit_calls, 1);
    pit_answer = 0; /* no PIT: the base frequency */
    assert_null(tsc_pick(0, fake_pit, 3200000000ull, &hz, &calib));
    assert_true(hz == 3200000000ull);
    assert_string_equal(calib, "cpuid16");
    assert_string_equal(tsc_pick(0, fake_pit, 0, &hz, &calib), "no-timer");
    pit_answer = 500; /* a PIT that counts, and a nonsense rate */
    assert_string_equal(tsc_pick(0, fake_pit, 0, &hz, &calib), "out-of-range");
    assert_string_equal(tsc_pick(999999, fake_pit, 0, &hz, &calib), "out-of-range");
}

static void test_us(void **state)
{
    (void)state;
    assert_int_equal(tsc_us(0, 2400000000ull), 0);
    assert_int_equal(tsc_us(2399, 2400000000ull), 0);
    assert_int_equal(tsc_us(2400, 2400000000ull), 1);
    assert_int_equal(tsc_us(2400000000ull, 2400000000ull), 1000000);
    /* A loader TSC of 151,734,323 cycles at 2,293,976,907 Hz: 66,144.6 us from reset. */
    assert_int_equal(tsc_us(151734323, 2293976907ull), 66144);
    /* No overflow at the extremes: (2^64 - 1) * 10^6 // hz. */
    assert_true(tsc_us(~0ull, 1000000) == 18446744073709551615ull);
    assert_true(tsc_us(~0ull, 100000000000ull) == 184467440737095ull);
    assert_true(tsc_us(~0ull, 2293976907ull) == 8041381766930555ull);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_udiv64),
        cmocka_unit_test(test_rate_from_pit),
        cmocka_unit_test(test_rate_from_cpuid),
        cmocka_unit_test(test_sane),
        cmocka_unit_test(test_pick),
        cmocka_unit_test(test_us),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
