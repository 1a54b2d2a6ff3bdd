/*
 * test_e820.c - host unit tests of mm/e820.c on hand-made tables.
 *
 * Every case states its input and the exact output it expects; the expected
 * arrays were worked out by hand from the rules in mm/e820.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "mm/e820.h"

#define MIB     0x100000ull
#define PHYSTOP 0xE000000u /* mm/memlayout.h: 224 MiB */

/* A raw entry [base, base + len) with the enabled attribute, as loaders store it. */
#define E(base, len, type)                                                                         \
    {                                                                                              \
        (base), (len), (type), E820_ATTR_ENABLED                                                   \
    }
/* A raw entry with an explicit attribute. */
#define EA(base, len, type, attr)                                                                  \
    {                                                                                              \
        (base), (len), (type), (attr)                                                              \
    }
/* An expected sanitized range [start, end). */
#define R(start, end, type)                                                                        \
    {                                                                                              \
        (start), (end), (type)                                                                     \
    }
#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

/*
 * sanitize_ok - sanitize raw[0..nraw) into a poisoned buffer of E820_MAX_SANE
 * and assert the result is exactly want[0..nwant), that nothing past it was
 * written and that raw was not modified.
 */
static void sanitize_ok(const struct e820_entry *raw, int nraw, const struct e820_range *want,
                        int nwant)
{
    static struct e820_range out[E820_MAX_SANE + 1];
    static struct e820_entry copy[2 * E820_MAX_SANE];
    int n;

    assert_true(nraw <= N(copy));
    if (nraw > 0)
        memcpy(copy, raw, sizeof(raw[0]) * (size_t)nraw);
    memset(out, 0xA5, sizeof(out));
    n = e820_sanitize(raw, nraw, out, E820_MAX_SANE);
    assert_int_equal(n, nwant);
    for (int i = 0; i < nwant; i++) {
        assert_int_equal(out[i].start, want[i].start);
        assert_int_equal(out[i].end, want[i].end);
        assert_int_equal(out[i].type, want[i].type);
    }
    assert_int_equal(out[nwant].start, 0xA5A5A5A5A5A5A5A5ull);
    if (nraw > 0)
        assert_memory_equal(copy, raw, sizeof(raw[0]) * (size_t)nraw);
}

/* ---- e820_sanitize ---- */

static void test_empty(void **state)
{
    struct e820_range out[1];
    (void)state;
    assert_int_equal(e820_sanitize(NULL, 0, NULL, 0), 0);
    assert_int_equal(e820_sanitize(NULL, 0, out, 1), 0);
}

static void test_bad_counts(void **state)
{
    struct e820_entry raw[] = {E(0, 0x1000, 1)};
    struct e820_range out[4];
    (void)state;
    assert_int_equal(e820_sanitize(raw, -1, out, 4), -1);
    assert_int_equal(e820_sanitize(raw, 1, out, -1), -1);
    assert_int_equal(e820_sanitize(raw, 1, out, 0), -1);
}

static void test_single(void **state)
{
    struct e820_entry raw[] = {E(0x100000, 0x7F00000, 1)};
    struct e820_range want[] = {R(0x100000, 0x8000000, 1)};
    (void)state;
    sanitize_ok(raw, N(raw), want, N(want));
}

/* Exactly one output slot is enough for one range. */
static void test_single_exact_cap(void **state)
{
    struct e820_entry raw[] = {E(0x1000, 0x1000, 2)};
    struct e820_range out[1];
    (void)state;
    assert_int_equal(e820_sanitize(raw, 1, out, 1), 1);
    assert_int_equal(out[0].start, 0x1000);
    assert_int_equal(out[0].end, 0x2000);
    assert_int_equal(out[0].type, 2);
}

/* Firmware order reversed and shuffled: the output comes out sorted. */
static void test_unsorted(void **state)
{
    struct e820_entry raw[] = {
        E(0xFFFF0000, 0x10000, 2), E(0x100000, 0x7F00000, 1), E(0xF0000, 0x10000, 2),
        E(0x9FC00, 0x400, 2),      E(0, 0x9FC00, 1),
    };
    struct e820_range want[] = {
        R(0, 0x9FC00, 1),          R(0x9FC00, 0xA0000, 2),        R(0xF0000, 0x100000, 2),
        R(0x100000, 0x8000000, 1), R(0xFFFF0000, 0x100000000, 2),
    };
    (void)state;
    sanitize_ok(raw, N(raw), want, N(want));
}

/* The same range listed as usable, NVS and reserved: NVS (4) is the highest. */
static void test_identical_overlap(void **state)
{
    struct e820_entry raw[] = {E(0x200000, 0x1000, 1), E(0x200000, 0x1000, 4),
                               E(0x200000, 0x1000, 2)};
    struct e820_entry raw2[] = {E(0x200000, 0x1000, 2), E(0x200000, 0x1000, 1)};
    struct e820_range want[] = {R(0x200000, 0x201000, 4)};
    struct e820_range want2[] = {R(0x200000, 0x201000, 2)};
    (void)state;
    sanitize_ok(raw, N(raw), want, N(want));
    sanitize_ok(raw2, N(raw2), want2, N(want2));
}

/* Reserved nested inside usable: usable is split in two around it. */
static void test_nested_reserved_in_usable(void **state)
{
    struct e820_entry raw[] = {E(0, 0x100000, 1), E(0x40000, 0x10000, 2)};
    struct e820_range want[] = {R(0, 0x40000, 1), R(0x40000, 0x50000, 2), R(0x50000, 0x100000, 1)};
    (void)state;
    sanitize_ok(raw, N(raw), want, N(want));
}

/* Usable nested inside reserved vanishes: the reserved entry wins everywhere. */
static void test_nested_usable_in_reserved(void **state)
{
    struct e820_entry raw[] = {E(0x40000, 0x10000, 1), E(0, 0x100000, 2)};
    struct e820_range want[] = {R(0, 0x100000, 2)};
    (void)state;
    sanitize_ok(raw, N(raw), want, N(want));
}

/* Usable [0x1000,0x5000) overlapped by reserved on the left and ACPI on the right. */
static void test_partial_overlaps_both_sides(void **state)
{
    struct e820_entry raw[] = {E(0x1000, 0x4000, 1), E(0, 0x2000, 2), E(0x4000, 0x2000, 3)};
    struct e820_range want[] = {R(0, 0x2000, 2), R(0x2000, 0x4000, 1), R(0x4000, 0x6000, 3)};
    (void)state;
    sanitize_ok(raw, N(raw), want, N(want));
}

/* Two non-usable types overlapping partly: ACPI (3) beats reserved (2) in the overlap. */
static void test_partial_overlap_nonusable(void **state)
{
    struct e820_entry raw[] = {E(0x2000, 0x3000, 2), E(0, 0x3000, 3)};
    struct e820_range want[] = {R(0, 0x3000, 3), R(0x3000, 0x5000, 2)};
    (void)state;
    sanitize_ok(raw, N(raw), want, N(want));
}

/*
 * Three entries overlapping: usable [0,64K), ACPI [8K,40K), reserved [24K,56K).
 * [24K,40K) is covered by all three: ACPI (3) wins there.
 */
static void test_three_way_overlap(void **state)
{
    struct e820_entry raw[] = {E(0x6000, 0x8000, 2), E(0, 0x10000, 1), E(0x2000, 0x8000, 3)};
    struct e820_range want[] = {R(0, 0x2000, 1), R(0x2000, 0xA000, 3), R(0xA000, 0xE000, 2),
                                R(0xE000, 0x10000, 1)};
    (void)state;
    sanitize_ok(raw, N(raw), want, N(want));
}

/* Zero-length entries are dropped: a zero-length reserved entry does not split usable. */
static void test_zero_length(void **state)
{
    struct e820_entry raw[] = {E(0x5000, 0, 2), E(0, 0x10000, 1), E(0x20000, 0, 1),
                               E(0xFFFFFFFFFFFFFFFFull, 0, 2)};
    struct e820_entry only[] = {E(0x5000, 0, 2), E(0, 0, 1)};
    struct e820_range want[] = {R(0, 0x10000, 1)};
    (void)state;
    sanitize_ok(raw, N(raw), want, N(want));
    sanitize_ok(only, N(only), NULL, 0);
}

/*
 * Wrap-around: base + length past 2^64, and base + length exactly 2^64, are
 * dropped; an entry ending at 2^64 - 1 is kept.
 */
static void test_wrap_around(void **state)
{
    struct e820_entry raw[] = {
        E(0, 0xA0000, 1),
        E(0xFFFFFFFFFFFFF000ull, 0x2000, 2),                /* ends at 2^64 + 0x1000 */
        E(0xFFFFFFFFFFFFF000ull, 0x1000, 2),                /* ends exactly at 2^64 */
        E(0xFFFFFFFFFFFFFFFFull, 1, 2),                     /* ends exactly at 2^64 */
        E(0x1000, 0xFFFFFFFFFFFFFFFFull, 2),                /* wraps far */
        E(0xFFFFFFFFFFFFE000ull, 0x1FFF, 4),                /* ends at 2^64 - 1: kept */
        E(0xFFFFFFFFFFFFFFFFull, 0xFFFFFFFFFFFFFFFFull, 2), /* both maximal */
    };
    struct e820_range want[] = {R(0, 0xA0000, 1),
                                R(0xFFFFFFFFFFFFE000ull, 0xFFFFFFFFFFFFFFFFull, 4)};
    (void)state;
    sanitize_ok(raw, N(raw), want, N(want));
}

/* Entries above 4 GiB and straddling it are kept as they are by the sanitizer. */
static void test_above_4g(void **state)
{
    struct e820_entry raw[] = {E(0x100000000ull, 0x180000000ull, 1), E(0xF0000000, 0x20000000, 1),
                               E(0x10000000000ull, 0x1000, 2)};
    struct e820_range want[] = {R(0xF0000000, 0x280000000ull, 1),
                                R(0x10000000000ull, 0x10000001000ull, 2)};
    (void)state;
    sanitize_ok(raw, N(raw), want, N(want));
}

/*
 * Unknown types (20, 9, 12) and type 0 are kept as their own types. Type 0
 * covering usable RAM wins (usable loses to every type); among non-usable
 * types the highest number wins: 2 beats 0, 20 beats 4.
 */
static void test_unknown_types(void **state)
{
    struct e820_entry raw[] = {
        E(0, 0x10000, 1),      E(0x4000, 0x4000, 0),   E(0x20000, 0x4000, 0),
        E(0x22000, 0x4000, 2), E(0x30000, 0x2000, 4),  E(0x31000, 0x2000, 20),
        E(0x40000, 0x1000, 9), E(0x41000, 0x1000, 12),
    };
    struct e820_range want[] = {
        R(0, 0x4000, 1),         R(0x4000, 0x8000, 0),   R(0x8000, 0x10000, 1),
        R(0x20000, 0x22000, 0),  R(0x22000, 0x26000, 2), R(0x30000, 0x31000, 4),
        R(0x31000, 0x33000, 20), R(0x40000, 0x41000, 9), R(0x41000, 0x42000, 12),
    };
    (void)state;
    sanitize_ok(raw, N(raw), want, N(want));
}

/* A lone type-0 entry is a covered range of type 0, not a gap. */
static void test_type0_alone(void **state)
{
    struct e820_entry raw[] = {E(0x4000, 0x4000, 0)};
    struct e820_range want[] = {R(0x4000, 0x8000, 0)};
    (void)state;
    sanitize_ok(raw, N(raw), want, N(want));
}

/* Attribute bit 0 clear: dropped, even when other bits are set. Bit 0 set: kept. */
static void test_attr_disabled(void **state)
{
    struct e820_entry raw[] = {
        EA(0, 0x100000, 1, 1),
        EA(0x40000, 0x1000, 2, 0), /* would split usable if kept */
        EA(0x50000, 0x1000, 2, 2), /* bit 1 (non-volatile) only */
        EA(0x200000, 0x1000, 1, 0xFFFFFFFE),
        EA(0x60000, 0x1000, 4, 3), /* enabled + non-volatile: kept */
    };
    struct e820_range want[] = {R(0, 0x60000, 1), R(0x60000, 0x61000, 4), R(0x61000, 0x100000, 1)};
    struct e820_entry none[] = {EA(0, 0x1000, 1, 0)};
    (void)state;
    sanitize_ok(raw, N(raw), want, N(want));
    sanitize_ok(none, N(none), NULL, 0);
}

/* Touching same-type entries merge, in any order; overlapping same-type too. */
static void test_touching_same_type_merge(void **state)
{
    struct e820_entry raw[] = {E(0x9FC00, 0x400, 1), E(0, 0x9FC00, 1), E(0x100000, 0x1000, 2),
                               E(0x101000, 0x1000, 2), E(0x100800, 0x1000, 2)};
    struct e820_range want[] = {R(0, 0xA0000, 1), R(0x100000, 0x102000, 2)};
    (void)state;
    sanitize_ok(raw, N(raw), want, N(want));
}

/* Touching ranges of different types stay apart; a gap also keeps same types apart. */
static void test_touching_different_type_no_merge(void **state)
{
    struct e820_entry raw[] = {E(0, 0x1000, 1), E(0x1000, 0x1000, 2), E(0x2000, 0x1000, 1),
                               E(0x4000, 0x1000, 1)};
    struct e820_range want[] = {R(0, 0x1000, 1), R(0x1000, 0x2000, 2), R(0x2000, 0x3000, 1),
                                R(0x4000, 0x5000, 1)};
    (void)state;
    sanitize_ok(raw, N(raw), want, N(want));
}

/* Usable pieces on both sides of a reserved block that is itself overlapped merge back. */
static void test_merge_after_resolution(void **state)
{
    struct e820_entry raw[] = {E(0, 0x3000, 2), E(0x1000, 0x1000, 2), E(0x3000, 0x1000, 1),
                               E(0x3800, 0x1000, 1)};
    struct e820_range want[] = {R(0, 0x3000, 2), R(0x3000, 0x4800, 1)};
    (void)state;
    sanitize_ok(raw, N(raw), want, N(want));
}

/*
 * Fixtures one byte either side of 1 MiB and 4 GiB: a one-byte reserved
 * entry just below each boundary and a one-byte NVS entry at it split the
 * usable entry around them at exactly those bytes.
 */
static void test_sanitize_boundary_1m(void **state)
{
    struct e820_entry raw[] = {E(0, MIB + 2, 1), E(MIB - 1, 1, 2), E(MIB, 1, 4)};
    struct e820_range want[] = {R(0, MIB - 1, 1), R(MIB - 1, MIB, 2), R(MIB, MIB + 1, 4),
                                R(MIB + 1, MIB + 2, 1)};
    (void)state;
    sanitize_ok(raw, N(raw), want, N(want));
}

static void test_sanitize_boundary_4g(void **state)
{
    struct e820_entry raw[] = {E(E820_4G - 2, 4, 1), E(E820_4G - 1, 1, 2), E(E820_4G, 1, 4)};
    struct e820_range want[] = {R(E820_4G - 2, E820_4G - 1, 1), R(E820_4G - 1, E820_4G, 2),
                                R(E820_4G, E820_4G + 1, 4), R(E820_4G + 1, E820_4G + 2, 1)};
    (void)state;
    sanitize_ok(raw, N(raw), want, N(want));
}

/* 200 one-page entries alternating usable/reserved, listed backwards: 200 ranges. */
static void fill_alternating(struct e820_entry *raw, int n)
{
    for (int i = 0; i < n; i++) {
        int k = n - 1 - i;
        raw[i].base = (uint64_t)k * 0x1000;
        raw[i].length = 0x1000;
        raw[i].type = (k & 1) ? 2 : 1;
        raw[i].attr = E820_ATTR_ENABLED;
    }
}

static void test_200_alternating(void **state)
{
    static struct e820_entry raw[200];
    static struct e820_range out[E820_MAX_SANE];
    (void)state;
    fill_alternating(raw, 200);
    assert_int_equal(e820_sanitize(raw, 200, out, E820_MAX_SANE), 200);
    for (int i = 0; i < 200; i++) {
        assert_int_equal(out[i].start, (uint64_t)i * 0x1000);
        assert_int_equal(out[i].end, (uint64_t)(i + 1) * 0x1000);
        assert_int_equal(out[i].type, (i & 1) ? 2 : 1);
    }
    assert_int_equal(e820_sanitize(raw, 200, out, 200), 200);
    assert_int_equal(e820_sanitize(raw, 200, out, 199), -1);
    assert_int_equal(e820_sanitize(raw, 200, out, 1), -1);
}

/* 200 one-page usable entries, touching: one range. */
static void test_200_same_type(void **state)
{
    static struct e820_entry raw[200];
    struct e820_range out[1];
    (void)state;
    fill_alternating(raw, 200);
    for (int i = 0; i < 200; i++)
        raw[i].type = 1;
    assert_int_equal(e820_sanitize(raw, 200, out, 1), 1);
    assert_int_equal(out[0].start, 0);
    assert_int_equal(out[0].end, 200 * 0x1000);
    assert_int_equal(out[0].type, 1);
}

/*
 * The worst case of e820.h's bound: E820_MAX_RAW nested entries, entry i =
 * pages [i, 2n - i) with type i + 2, give 2n - 1 ranges: [i, i+1) has type
 * i + 2 on the way up, [n-1, n+1) type n + 1 in the middle, mirrored down.
 * E820_MAX_SANE holds them; one slot less does not.
 */
static void test_worst_case_2n_minus_1(void **state)
{
    enum { n = E820_MAX_RAW };
    static struct e820_entry raw[n];
    static struct e820_range out[E820_MAX_SANE];
    (void)state;
    for (int i = 0; i < n; i++) {
        raw[i].base = (uint64_t)i * 0x1000;
        raw[i].length = (uint64_t)(2 * n - 2 * i) * 0x1000;
        raw[i].type = (uint32_t)i + 2;
        raw[i].attr = E820_ATTR_ENABLED;
    }
    assert_int_equal(e820_sanitize(raw, n, out, E820_MAX_SANE), 2 * n - 1);
    for (int i = 0; i < n - 1; i++) {
        assert_int_equal(out[i].start, (uint64_t)i * 0x1000);
        assert_int_equal(out[i].end, (uint64_t)(i + 1) * 0x1000);
        assert_int_equal(out[i].type, i + 2);
        assert_int_equal(out[2 * n - 2 - i].start, (uint64_t)(2 * n - 1 - i) * 0x1000);
        assert_int_equal(out[2 * n - 2 - i].end, (uint64_t)(2 * n - i) * 0x1000);
        assert_int_equal(out[2 * n - 2 - i].type, i + 2);
    }
    assert_int_equal(out[n - 1].start, (uint64_t)(n - 1) * 0x1000);
    assert_int_equal(out[n - 1].end, (uint64_t)(n + 1) * 0x1000);
    assert_int_equal(out[n - 1].type, n + 1);
    assert_int_equal(e820_sanitize(raw, n, out, 2 * n - 2), -1);
}

/* ---- e820_clamp ---- */

/* Run e820_clamp on map and assert every field of the result. */
static void clamp_is(const struct e820_range *map, int n, uint32_t phystop, uint32_t top,
                     uint32_t limit, int clamped)
{
    struct memlimit ml;
    memset(&ml, 0xA5, sizeof(ml));
    e820_clamp(map, n, phystop, &ml);
    assert_int_equal(ml.usable_top, top);
    assert_int_equal(ml.phystop, phystop);
    assert_int_equal(ml.limit, limit);
    assert_int_equal(ml.clamped, clamped);
}

static void test_clamp_below_phystop(void **state)
{
    struct e820_range map[] = {R(0, 0x9FC00, 1), R(0x9FC00, 0xA0000, 2), R(0xF0000, 0x100000, 2),
                               R(0x100000, 0x2000000, 1), R(0xFFFF0000, 0x100000000, 2)};
    (void)state;
    clamp_is(map, N(map), PHYSTOP, 0x2000000, 0x2000000, 0);
}

/* usable_top == phystop: the limit is phystop but nothing was clamped. */
static void test_clamp_at_phystop(void **state)
{
    struct e820_range map[] = {R(0, 0xA0000, 1), R(0x100000, PHYSTOP, 1)};
    (void)state;
    clamp_is(map, N(map), PHYSTOP, PHYSTOP, PHYSTOP, 0);
}

/* One page more than phystop is clamped. */
static void test_clamp_above_phystop(void **state)
{
    struct e820_range map[] = {R(0, 0xA0000, 1), R(0x100000, PHYSTOP + 0x1000, 1)};
    struct e820_range big[] = {R(0, 0xA0000, 1), R(0x100000, 0x10000000, 1),
                               R(0x10000000, 0x10010000, 3)};
    (void)state;
    clamp_is(map, N(map), PHYSTOP, PHYSTOP + 0x1000, PHYSTOP, 1);
    clamp_is(big, N(big), PHYSTOP, 0x10000000, PHYSTOP, 1);
}

static void test_clamp_no_usable(void **state)
{
    struct e820_range map[] = {R(0, 0xA0000, 2), R(0x100000, 0x1000000, 0),
                               R(0x1000000, 0x2000000, 20)};
    (void)state;
    clamp_is(map, N(map), PHYSTOP, 0, 0, 0);
    clamp_is(NULL, 0, PHYSTOP, 0, 0, 0);
}

/*
 * Byte-granular boundaries are aligned inward: [0x100800, 0x2345678) counts
 * as [0x101000, 0x2345000). A higher usable island [0x3000800, 0x3001700)
 * holds no whole page and is ignored.
 */
static void test_clamp_unaligned(void **state)
{
    struct e820_range map[] = {R(0, 0x9FC00, 1), R(0x100800, 0x2345678, 1),
                               R(0x3000800, 0x3001700, 1)};
    (void)state;
    clamp_is(map, N(map), PHYSTOP, 0x2345000, 0x2345000, 0);
}

/* Usable RAM above 4 GiB does not count. */
static void test_clamp_above_4g(void **state)
{
    struct e820_range map[] = {R(0, 0xA0000, 1), R(0x100000, 0x8000000, 1),
                               R(0xFFFF0000, 0x100000000, 2), R(0x100000000, 0x280000000, 1)};
    (void)state;
    clamp_is(map, N(map), PHYSTOP, 0x8000000, 0x8000000, 0);
}

/*
 * A usable range straddling 4 GiB counts up to 4 GiB, and the clamp stops
 * there; struct memlimit is 32-bit, so the highest end it can hold is
 * 0xFFFFF000 (the last page below 4 GiB is left out, see mm/e820.c TOP32).
 */
static void test_clamp_straddle_4g(void **state)
{
    struct e820_range map[] = {R(0x100000, 0x180000000ull, 1)};
    (void)state;
    clamp_is(map, N(map), PHYSTOP, 0xFFFFF000, PHYSTOP, 1);
    clamp_is(map, N(map), 0xFFFFF000, 0xFFFFF000, 0xFFFFF000, 0);
}

/*
 * phystop must be page-aligned (e820.h); an unaligned one is still copied
 * as given, but the limit is rounded down so the kernel never maps a partial
 * page: phystop 0x1000800 with RAM to 32 MiB gives limit 0x1000000.
 */
static void test_clamp_unaligned_phystop(void **state)
{
    struct e820_range map[] = {R(MIB, 0x2000000, 1)};
    (void)state;
    clamp_is(map, N(map), 0x1000800, 0x2000000, 0x1000000, 1);
}

/* The highest usable range need not be the last one in the map. */
static void test_clamp_top_not_last(void **state)
{
    struct e820_range map[] = {R(0x100000, 0x4000000, 1), R(0x4000000, 0x4000800, 1),
                               R(0x5000000, 0x6000000, 2)};
    (void)state;
    clamp_is(map, N(map), PHYSTOP, 0x4000000, 0x4000000, 0);
}

/* Fixtures around 1 MiB: one byte either side of the end. */
static void test_clamp_boundary_1m(void **state)
{
    struct e820_range below[] = {R(0x1000, MIB - 1, 1)};
    struct e820_range at[] = {R(0x1000, MIB, 1)};
    struct e820_range above[] = {R(0x1000, MIB + 1, 1)};
    (void)state;
    clamp_is(below, 1, PHYSTOP, 0xFF000, 0xFF000, 0);
    clamp_is(at, 1, PHYSTOP, 0x100000, 0x100000, 0);
    clamp_is(above, 1, PHYSTOP, 0x100000, 0x100000, 0);
    /* phystop below usable_top: phystop at 1 MiB, RAM to 1 MiB + 1 byte. */
    clamp_is(above, 1, 0x100000, 0x100000, 0x100000, 0);
    clamp_is(at, 1, 0xFF000, 0x100000, 0xFF000, 1);
}

/* Fixtures around 4 GiB: ends one byte either side, starts one byte either side. */
static void test_clamp_boundary_4g(void **state)
{
    struct e820_range end_page_below[] = {R(MIB, 0xFFFFEFFF, 1)};
    struct e820_range end_below[] = {R(MIB, 0xFFFFFFFF, 1)};
    struct e820_range end_at[] = {R(MIB, 0x100000000, 1)};
    struct e820_range end_above[] = {R(MIB, 0x100000001, 1)};
    struct e820_range start_below[] = {R(0xFFFFEFFF, 0x200000000, 1)};
    struct e820_range start_at[] = {R(0x100000000, 0x200000000, 1)};
    struct e820_range start_above[] = {R(0x100000001, 0x200000000, 1)};
    uint32_t cap = 0xFFFFF000;
    (void)state;
    clamp_is(end_page_below, 1, cap, 0xFFFFE000, 0xFFFFE000, 0);
    clamp_is(end_below, 1, cap, 0xFFFFF000, 0xFFFFF000, 0);
    clamp_is(end_at, 1, cap, 0xFFFFF000, 0xFFFFF000, 0);
    clamp_is(end_above, 1, cap, 0xFFFFF000, 0xFFFFF000, 0);
    /* [0xFFFFF000, 4 GiB) is the only whole page of start_below below 4 GiB: left out. */
    clamp_is(start_below, 1, cap, 0, 0, 0);
    clamp_is(start_at, 1, cap, 0, 0, 0);
    clamp_is(start_above, 1, cap, 0, 0, 0);
}

/* ---- e820_foreach_usable ---- */

/* What the callback saw. */
struct runs {
    int n;
    uint32_t start[16];
    uint32_t end[16];
};

static void record(uint32_t start, uint32_t end, void *arg)
{
    struct runs *r = arg;
    assert_true(r->n < 16);
    r->start[r->n] = start;
    r->end[r->n] = end;
    r->n++;
}

/*
 * Call e820_foreach_usable(lo, hi) and assert it returns pages and reports
 * exactly the runs want[0..nwant) (pairs start, end).
 */
static void runs_are(const struct e820_range *map, int n, uint32_t lo, uint32_t hi, uint32_t pages,
                     const uint32_t *want, int nwant)
{
    struct runs r = {0};
    assert_int_equal(e820_foreach_usable(map, n, lo, hi, record, &r), pages);
    assert_int_equal(r.n, nwant);
    for (int i = 0; i < nwant; i++) {
        assert_int_equal(r.start[i], want[2 * i]);
        assert_int_equal(r.end[i], want[2 * i + 1]);
    }
    assert_int_equal(e820_foreach_usable(map, n, lo, hi, NULL, NULL), pages);
}

/* An old PC with a byte-granular EBDA edge and the ISA hole at 15-16 MiB. */
static const struct e820_range isa_map[] = {
    R(0, 0x9FC00, 1),
    R(0x9FC00, 0xA0000, 2),
    R(0xF0000, 0x100000, 2),
    R(0x100000, 0xF00000, 1),
    R(0xF00000, 0x1000000, 2),
    R(0x1000000, 0x4000000, 1),
    R(0xFFFF0000, 0x100000000, 2),
};

/*
 * [2 MiB, 64 MiB): [0x200000, 0xF00000) = 0xD00 pages, [0x1000000,
 * 0x4000000) = 0x3000 pages; 3328 + 12288 = 15616.
 */
static void test_foreach_isa_hole(void **state)
{
    const uint32_t want[] = {0x200000, 0xF00000, 0x1000000, 0x4000000};
    (void)state;
    runs_are(isa_map, N(isa_map), 0x200000, 0x4000000, 15616, want, 2);
}

/* Everything: [0, 0x9F000) = 159 pages (0x9FC00 rounds down), + 0xE00 + 0x3000 = 16031. */
static void test_foreach_all(void **state)
{
    const uint32_t want[] = {0, 0x9F000, 0x100000, 0xF00000, 0x1000000, 0x4000000};
    (void)state;
    runs_are(isa_map, N(isa_map), 0, 0xFFFFFFFF, 16031, want, 3);
}

/*
 * lo rounds up, hi rounds down: [0x200001, 0x3FFFFFF) -> [0x201000, 0x3FFF000):
 * 0xCFF + 0x2FFF = 3327 + 12287 = 15614 pages.
 */
static void test_foreach_rounding(void **state)
{
    const uint32_t want[] = {0x201000, 0xF00000, 0x1000000, 0x3FFF000};
    (void)state;
    runs_are(isa_map, N(isa_map), 0x200001, 0x3FFFFFF, 15614, want, 2);
}

/* hi inside the ISA hole: [0, 0x9F000) + [0x100000, 0xF00000) = 159 + 3584 = 3743. */
static void test_foreach_hi_in_hole(void **state)
{
    const uint32_t want[] = {0, 0x9F000, 0x100000, 0xF00000};
    (void)state;
    runs_are(isa_map, N(isa_map), 0, 0xF80000, 3743, want, 2);
}

/* Empty windows: lo == hi, lo > hi, and lo, hi inside one page. */
static void test_foreach_empty_window(void **state)
{
    (void)state;
    runs_are(isa_map, N(isa_map), 0x200000, 0x200000, 0, NULL, 0);
    runs_are(isa_map, N(isa_map), 0x300000, 0x200000, 0, NULL, 0);
    runs_are(isa_map, N(isa_map), 0x200001, 0x200FFF, 0, NULL, 0);
    runs_are(isa_map, N(isa_map), 0xF00000, 0x1000000, 0, NULL, 0);
    runs_are(NULL, 0, 0, 0xFFFFFFFF, 0, NULL, 0);
}

/* A window of exactly one page, and one of one page less a byte at each end. */
static void test_foreach_one_page(void **state)
{
    const uint32_t want[] = {0x200000, 0x201000};
    (void)state;
    runs_are(isa_map, N(isa_map), 0x200000, 0x201000, 1, want, 1);
    runs_are(isa_map, N(isa_map), 0x200000, 0x200FFF, 0, NULL, 0);
    runs_are(isa_map, N(isa_map), 0x1FFFFF, 0x201000, 1, want, 1);
}

/*
 * Usable ranges that straddle pages without holding a whole one give
 * nothing; a range straddling 4 GiB is cut at the last whole page a 32-bit
 * end can describe: [0xFFF00000, 0xFFFFF000) = 255 pages.
 */
static void test_foreach_partial_pages_and_4g(void **state)
{
    struct e820_range map[] = {R(0x1800, 0x2800, 1), R(0x3000, 0x3FFF, 1), R(0x4001, 0x5001, 1),
                               R(0xFFF00000, 0x100100000ull, 1)};
    const uint32_t want[] = {0xFFF00000, 0xFFFFF000};
    (void)state;
    runs_are(map, N(map), 0, 0xFFFFFFFF, 255, want, 1);
}

/*
 * 1 MiB fixtures: usable from one byte below 1 MiB gives whole pages from
 * 1 MiB; usable from one byte above gives them from 1 MiB + 4 KiB.
 */
static void test_foreach_boundary_1m(void **state)
{
    struct e820_range below[] = {R(MIB - 1, 2 * MIB, 1)};
    struct e820_range above[] = {R(MIB + 1, 2 * MIB, 1)};
    const uint32_t want_below[] = {MIB, 2 * MIB};
    const uint32_t want_above[] = {MIB + 0x1000, 2 * MIB};
    (void)state;
    runs_are(below, 1, 0, 0xFFFFFFFF, 256, want_below, 1);
    runs_are(above, 1, 0, 0xFFFFFFFF, 255, want_above, 1);
    runs_are(below, 1, MIB + 1, 0xFFFFFFFF, 255, want_above, 1);
}

/* Only type 1 counts: types 0, 3 and 20 are skipped. */
static void test_foreach_types(void **state)
{
    struct e820_range map[] = {R(0, 0x1000, 0), R(0x1000, 0x3000, 1), R(0x3000, 0x4000, 3),
                               R(0x4000, 0x5000, 20), R(0x5000, 0x6000, 1)};
    const uint32_t want[] = {0x1000, 0x3000, 0x5000, 0x6000};
    (void)state;
    runs_are(map, N(map), 0, 0x10000, 3, want, 2);
}

/* ---- e820_is_usable ---- */

static void test_is_usable(void **state)
{
    (void)state;
    assert_int_equal(e820_is_usable(isa_map, N(isa_map), 0x100000, 0xF00000), 1);
    assert_int_equal(e820_is_usable(isa_map, N(isa_map), 0x200000, 0x201000), 1);
    assert_int_equal(e820_is_usable(isa_map, N(isa_map), 0, 0x9FC00), 1);
    assert_int_equal(e820_is_usable(isa_map, N(isa_map), 0, 0x9FC01), 0);
    /* Across the ISA hole: two usable ranges, not one. */
    assert_int_equal(e820_is_usable(isa_map, N(isa_map), 0xE00000, 0x1100000), 0);
    assert_int_equal(e820_is_usable(isa_map, N(isa_map), 0xF00000, 0xF01000), 0);
    /* In a gap and past the end. */
    assert_int_equal(e820_is_usable(isa_map, N(isa_map), 0xA0000, 0xA1000), 0);
    assert_int_equal(e820_is_usable(isa_map, N(isa_map), 0x3FFF000, 0x4001000), 0);
    /* Empty and inverted ranges are not usable. */
    assert_int_equal(e820_is_usable(isa_map, N(isa_map), 0x200000, 0x200000), 0);
    assert_int_equal(e820_is_usable(isa_map, N(isa_map), 0x201000, 0x200000), 0);
    assert_int_equal(e820_is_usable(NULL, 0, 0, 0x1000), 0);
}

/* 1 MiB fixtures: RAM from exactly 1 MiB, one byte either side. */
static void test_is_usable_boundary_1m(void **state)
{
    struct e820_range map[] = {R(0xF0000, MIB, 2), R(MIB, 2 * MIB, 1)};
    (void)state;
    assert_int_equal(e820_is_usable(map, 2, MIB - 1, MIB + 1), 0);
    assert_int_equal(e820_is_usable(map, 2, MIB - 1, MIB), 0);
    assert_int_equal(e820_is_usable(map, 2, MIB, MIB + 1), 1);
    assert_int_equal(e820_is_usable(map, 2, MIB, 2 * MIB), 1);
    assert_int_equal(e820_is_usable(map, 2, MIB, 2 * MIB + 1), 0);
}

/* 4 GiB fixtures: the 64-bit interface sees RAM above 4 GiB. */
static void test_is_usable_boundary_4g(void **state)
{
    struct e820_range map[] = {R(0xFFFF0000, E820_4G, 2), R(E820_4G, 2 * E820_4G, 1)};
    struct e820_range straddle[] = {R(0xF0000000, E820_4G + 0x10000, 1)};
    (void)state;
    assert_int_equal(e820_is_usable(map, 2, E820_4G - 1, E820_4G + 1), 0);
    assert_int_equal(e820_is_usable(map, 2, E820_4G, E820_4G + 1), 1);
    assert_int_equal(e820_is_usable(map, 2, E820_4G + 0x1000, 2 * E820_4G), 1);
    assert_int_equal(e820_is_usable(straddle, 1, E820_4G - 1, E820_4G + 1), 1);
    assert_int_equal(e820_is_usable(straddle, 1, E820_4G - 1, E820_4G + 0x10001), 0);
}

/* Non-usable types, type 0 and unknown types included, are never usable. */
static void test_is_usable_types(void **state)
{
    struct e820_range map[] = {R(0, 0x1000, 0), R(0x1000, 0x2000, 2), R(0x2000, 0x3000, 3),
                               R(0x3000, 0x4000, 4), R(0x4000, 0x5000, 20)};
    (void)state;
    for (int i = 0; i < N(map); i++)
        assert_int_equal(e820_is_usable(map, N(map), map[i].start, map[i].end), 0);
}

/* ---- e820_type_name ---- */

static void test_type_name(void **state)
{
    (void)state;
    assert_string_equal(e820_type_name(1), "usable");
    assert_string_equal(e820_type_name(2), "reserved");
    assert_string_equal(e820_type_name(3), "acpi");
    assert_string_equal(e820_type_name(4), "nvs");
    assert_string_equal(e820_type_name(5), "unusable");
    assert_string_equal(e820_type_name(6), "disabled");
    assert_string_equal(e820_type_name(7), "pmem");
    assert_string_equal(e820_type_name(0), "unknown");
    assert_string_equal(e820_type_name(8), "unknown");
    assert_string_equal(e820_type_name(20), "unknown");
    assert_string_equal(e820_type_name(0xFFFFFFFF), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_bad_counts),
        cmocka_unit_test(test_single),
        cmocka_unit_test(test_single_exact_cap),
        cmocka_unit_test(test_unsorted),
        cmocka_unit_test(test_identical_overlap),
        cmocka_unit_test(test_nested_reserved_in_usable),
        cmocka_unit_test(test_nested_usable_in_reserved),
        cmocka_unit_test(test_partial_overlaps_both_sides),
        cmocka_unit_test(test_partial_overlap_nonusable),
        cmocka_unit_test(test_three_way_overlap),
        cmocka_unit_test(test_zero_length),
        cmocka_unit_test(test_wrap_around),
        cmocka_unit_test(test_above_4g),
        cmocka_unit_test(test_unknown_types),
        cmocka_unit_test(test_type0_alone),
        cmocka_unit_test(test_attr_disabled),
        cmocka_unit_test(test_touching_same_type_merge),
        cmocka_unit_test(test_touching_different_type_no_merge),
        cmocka_unit_test(test_merge_after_resolution),
        cmocka_unit_test(test_sanitize_boundary_1m),
        cmocka_unit_test(test_sanitize_boundary_4g),
        cmocka_unit_test(test_200_alternating),
        cmocka_unit_test(test_200_same_type),
        cmocka_unit_test(test_worst_case_2n_minus_1),
        cmocka_unit_test(test_clamp_below_phystop),
        cmocka_unit_test(test_clamp_at_phystop),
        cmocka_unit_test(test_clamp_above_phystop),
        cmocka_unit_test(test_clamp_no_usable),
        cmocka_unit_test(test_clamp_unaligned),
        cmocka_unit_test(test_clamp_above_4g),
        cmocka_unit_test(test_clamp_straddle_4g),
        cmocka_unit_test(test_clamp_unaligned_phystop),
        cmocka_unit_test(test_clamp_top_not_last),
        cmocka_unit_test(test_clamp_boundary_1m),
        cmocka_unit_test(test_clamp_boundary_4g),
        cmocka_unit_test(test_foreach_isa_hole),
        cmocka_unit_test(test_foreach_all),
        cmocka_unit_test(test_foreach_rounding),
        cmocka_unit_test(test_foreach_hi_in_hole),
        cmocka_unit_test(test_foreach_empty_window),
        cmocka_unit_test(test_foreach_one_page),
        cmocka_unit_test(test_foreach_partial_pages_and_4g),
        cmocka_unit_test(test_foreach_boundary_1m),
        cmocka_unit_test(test_foreach_types),
        cmocka_unit_test(test_is_usable),
        cmocka_unit_test(test_is_usable_boundary_1m),
        cmocka_unit_test(test_is_usable_boundary_4g),
        cmocka_unit_test(test_is_usable_types),
        cmocka_unit_test(test_type_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
