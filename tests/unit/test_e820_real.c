/*
 * test_e820_real.c - every real-world table in tests/e820/real through
 * e820_sanitize and e820_clamp.
 *
 * Three groups:
 *   properties  one test per table file (globbed, at least MIN_TABLES of
 *               them): the output is checked against a brute-force oracle
 *               written here, independent of the sweep in mm/e820.c;
 *   exact       hand-derived results for chosen tables (comments show how);
 *   e820file    the table-file parser itself.
 *
 * Run from the repository root, or point BOOTLAB_E820_DIR at the tables.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mm/e820.h"
#include "tests/unit/e820file.h"

#define PHYSTOP    0xE000000u /* mm/memlayout.h: 224 MiB; the exact cases assume this value */
#define MIN_TABLES 35
#define RAW_CAP    (2 * E820_MAX_RAW) /* room for test tables longer than a loader keeps */
#define PAGE       0x1000ull
#define TOP32      0xFFFFF000ull /* highest page end a uint32_t holds (mm/e820.c) */
#define N(a)       ((int)(sizeof(a) / sizeof((a)[0])))

static glob_t tables;

/* ---- the oracle: brute force over the raw entries ---- */

/* The sanitizer's drop rules (e820.h pass 1), restated. */
static int oracle_kept(const struct e820_entry *e)
{
    return e->length != 0 && e->length <= UINT64_MAX - e->base && (e->attr & 1);
}

/* Usable loses to every type; otherwise the higher number wins (e820.h pass 2). */
static int oracle_beats(uint32_t a, uint32_t b)
{
    return a != 1 && (b == 1 || a > b);
}

/* Whether byte x is covered by a kept raw entry, and the winning type in *type. */
static int oracle_type(const struct e820_entry *raw, int n, uint64_t x, uint32_t *type)
{
    int covered = 0;
    for (int i = 0; i < n; i++) {
        if (!oracle_kept(&raw[i]) || x < raw[i].base || x - raw[i].base >= raw[i].length)
            continue;
        if (!covered || oracle_beats(raw[i].type, *type))
            *type = raw[i].type;
        covered = 1;
    }
    return covered;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Every start and end of kept raw entries and of map ranges, sorted, unique. */
static int boundaries(const struct e820_entry *raw, int nraw, const struct e820_range *map,
                      int nmap, uint64_t *pts)
{
    int n = 0, u = 0;
    for (int i = 0; i < nraw; i++) {
        if (oracle_kept(&raw[i])) {
            pts[n++] = raw[i].base;
            pts[n++] = raw[i].base + raw[i].length;
        }
    }
    for (int i = 0; i < nmap; i++) {
        pts[n++] = map[i].start;
        pts[n++] = map[i].end;
    }
    qsort(pts, (size_t)n, sizeof(pts[0]), cmp_u64);
    for (int i = 0; i < n; i++)
        if (u == 0 || pts[i] != pts[u - 1])
            pts[u++] = pts[i];
    return u;
}

/*
 * The input as the oracle sees it: the elementary intervals [pts[i],
 * pts[i+1]) between all boundaries, each with its coverage and winning type
 * worked out from the raw entries alone.
 */
struct oracle {
    const struct e820_entry *raw;
    int nraw;
    uint64_t pts[2 * (RAW_CAP + E820_MAX_SANE)];
    int npts;
    int covered[2 * (RAW_CAP + E820_MAX_SANE)];
    uint32_t type[2 * (RAW_CAP + E820_MAX_SANE)];
};

static void oracle_build(struct oracle *o, const struct e820_entry *raw, int nraw,
                         const struct e820_range *map, int nmap)
{
    o->raw = raw;
    o->nraw = nraw;
    o->npts = boundaries(raw, nraw, map, nmap, o->pts);
    for (int i = 0; i + 1 < o->npts; i++)
        o->covered[i] = oracle_type(raw, nraw, o->pts[i], &o->type[i]);
}

/* 1 when interval i is usable RAM in the input. */
static int oracle_ram(const struct oracle *o, int i)
{
    return o->covered[i] && o->type[i] == 1;
}

/* 1 when every byte of [lo, hi) is usable in the raw input. */
static int oracle_usable(const struct oracle *o, uint64_t lo, uint64_t hi)
{
    if (lo >= hi || o->npts == 0 || lo < o->pts[0] || hi > o->pts[o->npts - 1])
        return 0;
    for (int i = 0; i + 1 < o->npts; i++)
        if (o->pts[i + 1] > lo && o->pts[i] < hi && !oracle_ram(o, i))
            return 0;
    return 1;
}

/*
 * The end of the usable run that interval i starts (i must be usable and
 * its left neighbour not): touching usable intervals join the run.
 */
static uint64_t oracle_run_end(const struct oracle *o, int i)
{
    while (i + 2 < o->npts && oracle_ram(o, i + 1))
        i++;
    return o->pts[i + 1];
}

/* 1 when interval i is the first of a usable run. */
static int oracle_run_start(const struct oracle *o, int i)
{
    return oracle_ram(o, i) && (i == 0 || !oracle_ram(o, i - 1));
}

/* ---- property checks on one table ---- */

/* Sorted, disjoint, merged, no empty range. */
static void check_shape(const struct e820_range *map, int n)
{
    for (int i = 0; i < n; i++) {
        assert_true(map[i].start < map[i].end);
        if (i == 0)
            continue;
        assert_true(map[i - 1].end <= map[i].start);
        if (map[i - 1].end == map[i].start)
            assert_int_not_equal(map[i - 1].type, map[i].type);
    }
}

/* The map range containing x, or NULL; asserts at most one does (disjoint). */
static const struct e820_range *map_at(const struct e820_range *map, int n, uint64_t x)
{
    const struct e820_range *hit = NULL;
    for (int i = 0; i < n; i++) {
        if (x >= map[i].start && x < map[i].end) {
            assert_null(hit);
            hit = &map[i];
        }
    }
    return hit;
}

/* Every kept raw entry covering byte x is usable RAM, and there is one. */
static void check_only_ram_covers(const struct oracle *o, uint64_t x)
{
    int covers = 0;
    for (int j = 0; j < o->nraw; j++) {
        const struct e820_entry *e = &o->raw[j];
        if (oracle_kept(e) && x >= e->base && x - e->base < e->length) {
            assert_int_equal(e->type, 1);
            covers++;
        }
    }
    assert_true(covers > 0);
}

/*
 * On every elementary interval: covered in the input exactly when covered in
 * the output, with the winning type; a usable output byte is covered by type
 * 1 input entries only.
 */
static void check_coverage(const struct oracle *o, const struct e820_range *map, int n)
{
    for (int i = 0; i + 1 < o->npts; i++) {
        const struct e820_range *r = map_at(map, n, o->pts[i]);
        assert_int_equal(o->covered[i], r != NULL);
        if (r)
            assert_int_equal(r->type, o->type[i]);
        if (r && r->type == 1)
            check_only_ram_covers(o, o->pts[i]);
    }
}

/* The usable top the oracle expects: the highest whole-page end below 4 GiB. */
static uint32_t oracle_top(const struct oracle *o)
{
    uint64_t top = 0;
    for (int i = 0; i + 1 < o->npts; i++) {
        uint64_t lo, hi;
        if (!oracle_run_start(o, i))
            continue;
        lo = (o->pts[i] + PAGE - 1) & ~(PAGE - 1);
        hi = oracle_run_end(o, i) & ~(PAGE - 1);
        if (hi > TOP32)
            hi = TOP32;
        if (lo < hi && hi > top)
            top = hi;
    }
    return (uint32_t)top;
}

/* limit <= phystop, page-aligned, the page below it usable; fields consistent. */
static void check_clamp(const struct oracle *o, const struct e820_range *map, int n,
                        const struct memlimit *ml)
{
    assert_int_equal(ml->phystop, PHYSTOP);
    assert_int_equal(ml->usable_top, oracle_top(o));
    assert_int_equal(ml->limit, ml->usable_top < PHYSTOP ? ml->usable_top : PHYSTOP);
    assert_int_equal(ml->clamped, ml->usable_top > PHYSTOP);
    assert_true(ml->limit <= PHYSTOP);
    assert_int_equal(ml->limit % PAGE, 0);
    if (ml->limit != 0) {
        assert_true(oracle_usable(o, ml->limit - PAGE, ml->limit));
        assert_true(e820_is_usable(map, n, ml->limit - PAGE, ml->limit));
    }
}

/* Runs reported by e820_foreach_usable, checked as they come. */
struct walk {
    const struct oracle *o;
    uint64_t lo, hi; /* the window, already page-aligned */
    uint64_t last;   /* end of the previous run */
    uint32_t pages;  /* pages seen */
};

static void walk_run(uint32_t start, uint32_t end, void *arg)
{
    struct walk *w = arg;
    assert_true(start < end);
    assert_int_equal(start % PAGE, 0);
    assert_int_equal(end % PAGE, 0);
    assert_true(start >= w->lo && end <= w->hi);
    assert_true(start >= w->last);
    assert_true(oracle_usable(w->o, start, end));
    w->last = end;
    w->pages += (end - start) / PAGE;
}

/* Pages the oracle finds usable in [lo, hi): counted one page at a time. */
static uint32_t oracle_pages(const struct oracle *o, uint64_t lo, uint64_t hi)
{
    uint32_t pages = 0;
    for (int i = 0; i + 1 < o->npts; i++) {
        uint64_t p = (o->pts[i] + PAGE - 1) & ~(PAGE - 1), end;
        if (!oracle_run_start(o, i))
            continue;
        end = oracle_run_end(o, i);
        for (p = p < lo ? lo : p; p + PAGE <= end && p + PAGE <= hi; p += PAGE)
            pages++;
    }
    return pages;
}

/* e820_foreach_usable over [lo, hi): runs usable in the input, count = the oracle's. */
static void check_walk(const struct oracle *o, const struct e820_range *map, int n, uint32_t lo,
                       uint32_t hi)
{
    struct walk w = {o, ((uint64_t)lo + PAGE - 1) & ~(PAGE - 1), hi & ~(PAGE - 1), 0, 0};
    uint32_t pages = e820_foreach_usable(map, n, lo, hi, walk_run, &w);
    assert_int_equal(pages, w.pages);
    if (w.lo < w.hi)
        assert_int_equal(pages, oracle_pages(o, w.lo, w.hi));
    else
        assert_int_equal(pages, 0);
}

/* Sanitizing a sanitized map changes nothing. */
static void check_idempotent(const struct e820_range *map, int n)
{
    static struct e820_entry again[E820_MAX_SANE];
    static struct e820_range out[E820_MAX_SANE];
    for (int i = 0; i < n; i++) {
        again[i].base = map[i].start;
        again[i].length = map[i].end - map[i].start;
        again[i].type = map[i].type;
        again[i].attr = E820_ATTR_ENABLED;
    }
    assert_int_equal(e820_sanitize(again, n, out, E820_MAX_SANE), n);
    for (int i = 0; i < n; i++) {
        assert_int_equal(out[i].start, map[i].start);
        assert_int_equal(out[i].end, map[i].end);
        assert_int_equal(out[i].type, map[i].type);
    }
}

/* One table file through every property. state: the path. */
static void test_table_properties(void **state)
{
    const char *path = *state;
    static struct e820_entry raw[RAW_CAP];
    static struct e820_range map[E820_MAX_SANE];
    static struct oracle o;
    struct memlimit ml;
    int nraw = e820file_load(path, raw, RAW_CAP), n;

    assert_true(nraw > 0);
    n = e820_sanitize(raw, nraw, map, E820_MAX_SANE);
    assert_true(n > 0);
    oracle_build(&o, raw, nraw, map, n);
    check_shape(map, n);
    check_coverage(&o, map, n);
    e820_clamp(map, n, PHYSTOP, &ml);
    check_clamp(&o, map, n, &ml);
    check_walk(&o, map, n, 0x200000, ml.limit);
    check_walk(&o, map, n, 0, ml.limit);
    check_walk(&o, map, n, 0, 0xFFFFFFFF);
    check_walk(&o, map, n, 0x1234, 0x3456789);
    check_idempotent(map, n);
}

/* ---- the table directory ---- */

static const char *table_dir(void)
{
    const char *d = getenv("BOOTLAB_E820_DIR");
    return d && *d ? d : "tests/e820/real";
}

/* A table's file name, found among the globbed paths. NULL if missing. */
static const char *table_path(const char *prefix)
{
    for (size_t i = 0; i < tables.gl_pathc; i++) {
        const char *slash = strrchr(tables.gl_pathv[i], '/');
        const char *name = slash ? slash + 1 : tables.gl_pathv[i];
        if (strncmp(name, prefix, strlen(prefix)) == 0)
            return tables.gl_pathv[i];
    }
    return NULL;
}

static void test_table_count(void **state)
{
    (void)state;
    if (tables.gl_pathc < MIN_TABLES)
        print_error("found %zu tables in %s, expected at least %d\n", tables.gl_pathc, table_dir(),
                    MIN_TABLES);
    assert_true(tables.gl_pathc >= MIN_TABLES);
}

/* ---- exact, hand-derived results ---- */

#define R(start, end, type)                                                                        \
    {                                                                                              \
        (start), (end), (type)                                                                     \
    }

struct exact {
    const char *prefix; /* file name prefix: "01-" */
    int n;              /* sanitized ranges */
    struct e820_range map[40];
    uint32_t usable_top, limit;
    int clamped;
    uint32_t free_pages; /* e820_foreach_usable over [0x200000, limit) */
    uint32_t all_pages;  /* e820_foreach_usable over [0, limit) */
};

/* Load prefix's table and compare everything with the hand-derived x. */
static void check_exact(const struct exact *x)
{
    static struct e820_entry raw[RAW_CAP];
    static struct e820_range map[E820_MAX_SANE];
    const char *path = table_path(x->prefix);
    struct memlimit ml;
    int nraw, n;

    if (!path)
        print_error("no table %s* in %s\n", x->prefix, table_dir());
    assert_non_null(path);
    nraw = e820file_load(path, raw, RAW_CAP);
    assert_true(nraw > 0);
    n = e820_sanitize(raw, nraw, map, E820_MAX_SANE);
    assert_int_equal(n, x->n);
    for (int i = 0; i < n; i++) {
        assert_int_equal(map[i].start, x->map[i].start);
        assert_int_equal(map[i].end, x->map[i].end);
        assert_int_equal(map[i].type, x->map[i].type);
    }
    e820_clamp(map, n, PHYSTOP, &ml);
    assert_int_equal(ml.usable_top, x->usable_top);
    assert_int_equal(ml.limit, x->limit);
    assert_int_equal(ml.clamped, x->clamped);
    assert_int_equal(ml.phystop, PHYSTOP);
    assert_int_equal(e820_foreach_usable(map, n, 0x200000, ml.limit, NULL, NULL), x->free_pages);
    assert_int_equal(e820_foreach_usable(map, n, 0, ml.limit, NULL, NULL), x->all_pages);
}

/*
 * 01 (ISA hole 15-16 MiB), already sorted, nothing touches with the same
 * type: the map is the file. Usable: [0,0xA0000), [1M,15M), [16M,0xBFFC000),
 * all page-aligned. usable_top = 0xBFFC000 < PHYSTOP: limit 0xBFFC000, not
 * clamped. Free [2M,limit): (0xF00000-0x200000)/4K = 0xD00 = 3328, plus
 * (0xBFFC000-0x1000000)/4K = 0xAFFC = 45052: 48380. All: 0xA0 + 0xE00 +
 * 0xAFFC = 160 + 3584 + 45052 = 48796.
 */
static const struct exact t01 = {
    "01-",
    8,
    {R(0x0, 0xA0000, 1), R(0xF0000, 0x100000, 2), R(0x100000, 0xF00000, 1),
     R(0xF00000, 0x1000000, 2), R(0x1000000, 0xBFFC000, 1), R(0xBFFC000, 0xBFFF000, 3),
     R(0xBFFF000, 0xC000000, 4), R(0xFFFF0000, 0x100000000, 2)},
    0xBFFC000,
    0xBFFC000,
    0,
    48380,
    48796,
};

/*
 * 08 (ISA hole, RAM past PHYSTOP): map = file (7 ranges). usable_top =
 * 0x10000000 > PHYSTOP: limit 0xE000000, clamped. Free [2M,224M): 0xD00 +
 * (0xE000000-0x1000000)/4K = 3328 + 53248 = 56576. All: [0,0x9F000) is 0x9F
 * = 159 pages (0x9FC00 rounds down) + 0xE00 + 0xD000 = 159 + 3584 + 53248 =
 * 56991.
 */
static const struct exact t08 = {
    "08-",
    7,
    {R(0x0, 0x9FC00, 1), R(0x9FC00, 0xA0000, 2), R(0xF0000, 0x100000, 2), R(0x100000, 0xF00000, 1),
     R(0xF00000, 0x1000000, 2), R(0x1000000, 0x10000000, 1), R(0xFFFF0000, 0x100000000, 2)},
    0x10000000,
    PHYSTOP,
    1,
    56576,
    56991,
};

/*
 * 02 (byte-granular 0x100B6E00 between reserved and NVS): the 2/4/2 triple
 * has different neighbours, so map = file (9 ranges). usable_top =
 * 0xBFF0000 < PHYSTOP: limit 0xBFF0000. Free: (0xBFF0000-0x200000)/4K =
 * 0xBDF0 = 48624. All: 159 + 0xBEF0 = 159 + 48880 = 49039.
 */
static const struct exact t02 = {
    "02-",
    9,
    {R(0x0, 0x9FC00, 1), R(0x9FC00, 0xA0000, 2), R(0xF0000, 0x100000, 2), R(0x100000, 0xBFF0000, 1),
     R(0xBFF0000, 0xC000000, 3), R(0x100A0000, 0x100B6E00, 2), R(0x100B6E00, 0x100B7000, 4),
     R(0x100B7000, 0x10100000, 2), R(0xFFF80000, 0x100000000, 2)},
    0xBFF0000,
    0xBFF0000,
    0,
    48624,
    49039,
};

/*
 * 12 (odd byte boundaries 0xE2F9B, 0xEC4DB, 0xF1C2A, 0xFFFF1C2A): gaps
 * separate the reserved pieces, so map = file (6 ranges). usable_top =
 * 0x4000000: limit 0x4000000, not clamped. Free: (0x4000000-0x200000)/4K =
 * 0x3E00 = 15872. All: 159 + 0x3F00 = 159 + 16128 = 16287.
 */
static const struct exact t12 = {
    "12-",
    6,
    {R(0x0, 0x9FC00, 1), R(0x9FC00, 0xA0000, 2), R(0xE2F9B, 0xEC4DB, 2), R(0xF1C2A, 0x100000, 2),
     R(0x100000, 0x4000000, 1), R(0xFFFF1C2A, 0x100000000, 2)},
    0x4000000,
    0x4000000,
    0,
    15872,
    16287,
};

/*
 * 27 (unsorted: 0xFFFF0000 before 0x100000; usable 0-0x9FC00 and
 * 0x9FC00-0xA0000 touch): sorted and merged to 4 ranges. usable_top =
 * 0x8000000: limit 0x8000000. Free: 0x7E00 = 32256. All: 0xA0 + 0x7F00 =
 * 160 + 32512 = 32672.
 */
static const struct exact t27 = {
    "27-",
    4,
    {R(0x0, 0xA0000, 1), R(0xF0000, 0x100000, 2), R(0x100000, 0x8000000, 1),
     R(0xFFFF0000, 0x100000000, 2)},
    0x8000000,
    0x8000000,
    0,
    32256,
    32672,
};

/*
 * 29 (unsorted: 0xFFB00000 listed before 0xFEC00000 and 0xFEE00000): sorted,
 * nothing to merge, 7 ranges. usable_top = 0xFF9E000 > PHYSTOP: limit
 * 0xE000000, clamped. Free: (0xE000000-0x200000)/4K = 0xDE00 = 56832. All:
 * 0xA0 + 0xDF00 = 160 + 57088 = 57248.
 */
static const struct exact t29 = {
    "29-",
    7,
    {R(0x0, 0xA0000, 1), R(0xF0000, 0x100000, 2), R(0x100000, 0xFF9E000, 1),
     R(0xFF9E000, 0x10000000, 2), R(0xFEC00000, 0xFEC10000, 2), R(0xFEE00000, 0xFEE10000, 2),
     R(0xFFB00000, 0x100000000, 2)},
    0xFF9E000,
    PHYSTOP,
    1,
    56832,
    57248,
};

/*
 * 28 (adjacent usable 0-0x9FC00 + 0x9FC00-0xA0000; nothing else listed
 * below 1 MiB): merged to 2 ranges. usable_top = 0x4000000: limit
 * 0x4000000. Free: 0x3E00 = 15872. All: 160 + 0x3F00 = 160 + 16128 = 16288.
 */
static const struct exact t28 = {
    "28-", 2,     {R(0x0, 0xA0000, 1), R(0x100000, 0x4000000, 1)}, 0x4000000, 0x4000000, 0,
    15872, 16288,
};

/*
 * 33 (adjacent reserved IOAPIC pages 0xFEC00000-0xFEC01000 +
 * 0xFEC01000-0xFEC02000): merged, 8 entries -> 7 ranges. usable_top =
 * 0x20000000 > PHYSTOP: limit 0xE000000, clamped. Free: 56832. All: 159 +
 * 57088 = 57247.
 */
static const struct exact t33 = {
    "33-",
    7,
    {R(0x0, 0x9FC00, 1), R(0x9FC00, 0xA0000, 2), R(0xE0000, 0x100000, 2),
     R(0x100000, 0x20000000, 1), R(0xFEC00000, 0xFEC02000, 2), R(0xFEE00000, 0xFEE01000, 2),
     R(0xFFF80000, 0x100000000, 2)},
    0x20000000,
    PHYSTOP,
    1,
    56832,
    57247,
};

/*
 * 51 (QEMU q35, 8 GiB: usable [4G, 10G)): map = file (10 ranges; reserved
 * 0xFFFC0000-4G touches usable 4G-... but the types differ). The range above
 * 4 GiB does not count: usable_top = 0x7FFDE000 (end of [1M, 0x7FFDE000)),
 * limit 0xE000000, clamped. Free: 56832. All: 159 + 57088 = 57247.
 */
static const struct exact t51 = {
    "51-",
    10,
    {R(0x0, 0x9FC00, 1), R(0x9FC00, 0xA0000, 2), R(0xF0000, 0x100000, 2),
     R(0x100000, 0x7FFDE000, 1), R(0x7FFDE000, 0x80000000, 2), R(0xB0000000, 0xC0000000, 2),
     R(0xFED1C000, 0xFED20000, 2), R(0xFEFFC000, 0xFF000000, 2), R(0xFFFC0000, 0x100000000, 2),
     R(0x100000000, 0x280000000, 1)},
    0x7FFDE000,
    PHYSTOP,
    1,
    56832,
    57247,
};

/*
 * 43 (HP Superdome2, 12 TiB, 38 entries, addresses above 1 TiB): sorted, no
 * two touching entries share a type, so map = file. Highest usable end below
 * 4 GiB: the one-page island [0x7BFFF000, 0x7C000000) after ACPI data.
 * usable_top = 0x7C000000, limit 0xE000000, clamped. Free: 56832. All:
 * 0x8E + 0x10 + 0xDF00 = 142 + 16 + 57088 = 57246.
 */
static const struct exact t43 = {
    "43-",
    38,
    {R(0x0, 0x8E000, 1),
     R(0x8E000, 0x90000, 2),
     R(0x90000, 0xA0000, 1),
     R(0x100000, 0x6D00C000, 1),
     R(0x6D00C000, 0x6D018000, 2),
     R(0x6D018000, 0x6F3FC000, 1),
     R(0x6F3FC000, 0x6F3FF000, 2),
     R(0x6F3FF000, 0x78BFF000, 1),
     R(0x78BFF000, 0x790FF000, 2),
     R(0x790FF000, 0x798FF000, 5),
     R(0x798FF000, 0x799FF000, 2),
     R(0x799FF000, 0x7BDFF000, 4),
     R(0x7BDFF000, 0x7BFFF000, 3),
     R(0x7BFFF000, 0x7C000000, 1),
     R(0x80000000, 0x90000000, 2),
     R(0xFED1C000, 0xFED20000, 2),
     R(0xFF000000, 0xFF200000, 2),
     R(0x100000000, 0x100001000, 4),
     R(0x100001000, 0xC080000000, 1),
     R(0xE000000000, 0xE000001000, 4),
     R(0xE000001000, 0xC2000000000, 1),
     R(0xFDFE0000000, 0xFE000000000, 2),
     R(0xFE060000000, 0xFE080000000, 2),
     R(0xFE0E0000000, 0xFE100000000, 2),
     R(0xFE160000000, 0xFE180000000, 2),
     R(0xFE1E0000000, 0xFE200000000, 2),
     R(0xFE260000000, 0xFE280000000, 2),
     R(0xFE2E0000000, 0xFE300000000, 2),
     R(0xFE360000000, 0xFE380000000, 2),
     R(0xFE3E0000000, 0xFE400000000, 2),
     R(0xFE460000000, 0xFE480000000, 2),
     R(0xFE4E0000000, 0xFE500000000, 2),
     R(0xFE560000000, 0xFE580000000, 2),
     R(0xFE5E0000000, 0xFE600000000, 2),
     R(0xFE660000000, 0xFE680000000, 2),
     R(0xFE6E0000000, 0xFE700000000, 2),
     R(0xFE760000000, 0xFE780000000, 2),
     R(0xFE7E0000000, 0xFE800000000, 2)},
    0x7C000000,
    PHYSTOP,
    1,
    56832,
    57246,
};

/*
 * 18 (UEFI laptop: type 5 at 0x9C000, type 20 at 0x4EE59000, one-page usable
 * island [0x4FFFF000, 0x50000000) after ACPI data): map = file (21 ranges),
 * type 20 kept. usable_top = 0x50000000, limit 0xE000000, clamped. Free:
 * 56832 ([1M, 0x1EDFD000) covers [2M, 224M)). All: 0x58 + (0x9C000-0x59000)/4K
 * + 0xDF00 = 88 + 67 + 57088 = 57243.
 */
static const struct exact t18 = {
    "18-",
    21,
    {R(0x0, 0x58000, 1),           R(0x58000, 0x59000, 2),       R(0x59000, 0x9C000, 1),
     R(0x9C000, 0x9D000, 5),       R(0x9D000, 0x100000, 2),      R(0x100000, 0x1EDFD000, 1),
     R(0x1EDFD000, 0x1EE3E000, 3), R(0x1EE3E000, 0x219E3000, 1), R(0x219E3000, 0x219E4000, 4),
     R(0x219E4000, 0x219E5000, 2), R(0x219E5000, 0x4EE59000, 1), R(0x4EE59000, 0x4EF33000, 20),
     R(0x4EF33000, 0x4FF11000, 2), R(0x4FF11000, 0x4FF7F000, 4), R(0x4FF7F000, 0x4FFFF000, 3),
     R(0x4FFFF000, 0x50000000, 1), R(0x50000000, 0x58000000, 2), R(0x58600000, 0x5C800000, 2),
     R(0xF0000000, 0xF8000000, 2), R(0xFE010000, 0xFE011000, 2), R(0x100000000, 0x2A1800000, 1)},
    0x50000000,
    PHYSTOP,
    1,
    56832,
    57243,
};

/*
 * 23 (HP EliteDesk 700 G1, UEFI: type 20 at 0xDBF80000, one-page usable
 * island [0xDBFFF000, 0xDC000000) right after it): map = file (23 ranges).
 * usable_top = 0xDC000000 (the island), limit 0xE000000, clamped. Free:
 * 56832. All: 0x4F + (0x9E000-0x50000)/4K + 0xDF00 = 79 + 78 + 57088 = 57245.
 */
static const struct exact t23 = {
    "23-",
    23,
    {R(0x0, 0x4F000, 1),
     R(0x4F000, 0x50000, 2),
     R(0x50000, 0x9E000, 1),
     R(0x9E000, 0xA0000, 2),
     R(0x100000, 0xC893B000, 1),
     R(0xC893B000, 0xC8942000, 4),
     R(0xC8942000, 0xC8D86000, 1),
     R(0xC8D86000, 0xC9138000, 2),
     R(0xC9138000, 0xDB878000, 1),
     R(0xDB878000, 0xDB902000, 2),
     R(0xDB902000, 0xDB922000, 3),
     R(0xDB922000, 0xDBA0D000, 4),
     R(0xDBA0D000, 0xDBF80000, 2),
     R(0xDBF80000, 0xDBFFF000, 20),
     R(0xDBFFF000, 0xDC000000, 1),
     R(0xDD000000, 0xDF200000, 2),
     R(0xF8000000, 0xFC000000, 2),
     R(0xFEC00000, 0xFEC01000, 2),
     R(0xFED00000, 0xFED04000, 2),
     R(0xFED1C000, 0xFED20000, 2),
     R(0xFEE00000, 0xFEE01000, 2),
     R(0xFF000000, 0x100000000, 2),
     R(0x100000000, 0x31EE00000, 1)},
    0xDC000000,
    PHYSTOP,
    1,
    56832,
    57245,
};

/*
 * 20 (usable ends at byte-granular 0xBFE88C00, then NVS/ACPI on 1 KiB
 * boundaries): map = file (11 ranges). usable_top = 0xBFE88C00 rounded down =
 * 0xBFE88000, limit 0xE000000, clamped. Free: 56832. All: 160 + 57088 = 57248.
 */
static const struct exact t20 = {
    "20-",
    11,
    {R(0x0, 0xA0000, 1), R(0xF0000, 0x100000, 2), R(0x100000, 0xBFE88C00, 1),
     R(0xBFE88C00, 0xBFE8AC00, 4), R(0xBFE8AC00, 0xBFE8CC00, 3), R(0xBFE8CC00, 0xC0000000, 2),
     R(0xF0000000, 0xF4000000, 2), R(0xFEC00000, 0xFED00400, 2), R(0xFED20000, 0xFEDA0000, 2),
     R(0xFEE00000, 0xFEF00000, 2), R(0xFFB00000, 0x100000000, 2)},
    0xBFE88000,
    PHYSTOP,
    1,
    56832,
    57248,
};

/*
 * 16 (Bochs, two entries, 0x9FC00-1M not listed at all): 2 ranges with a gap.
 * usable_top = 0x2000000: limit 0x2000000. Free: 0x1E00 = 7680. All: 159 +
 * 0x1F00 = 159 + 7936 = 8095.
 */
static const struct exact t16 = {
    "16-", 2, {R(0x0, 0x9FC00, 1), R(0x100000, 0x2000000, 1)}, 0x2000000, 0x2000000, 0, 7680, 8095,
};

static void test_exact_01_isa_hole(void **state)
{
    (void)state;
    check_exact(&t01);
}

static void test_exact_08_isa_hole_clamped(void **state)
{
    (void)state;
    check_exact(&t08);
}

static void test_exact_02_byte_granular(void **state)
{
    (void)state;
    check_exact(&t02);
}

static void test_exact_12_odd_bytes(void **state)
{
    (void)state;
    check_exact(&t12);
}

static void test_exact_27_unsorted_adjacent(void **state)
{
    (void)state;
    check_exact(&t27);
}

static void test_exact_29_unsorted(void **state)
{
    (void)state;
    check_exact(&t29);
}

static void test_exact_28_adjacent_usable(void **state)
{
    (void)state;
    check_exact(&t28);
}

static void test_exact_33_adjacent_reserved(void **state)
{
    (void)state;
    check_exact(&t33);
}

static void test_exact_51_above_4g(void **state)
{
    (void)state;
    check_exact(&t51);
}

static void test_exact_43_above_1t(void **state)
{
    (void)state;
    check_exact(&t43);
}

static void test_exact_18_uefi_type20(void **state)
{
    (void)state;
    check_exact(&t18);
}

static void test_exact_23_uefi_type20_island(void **state)
{
    (void)state;
    check_exact(&t23);
}

static void test_exact_20_unaligned_usable_end(void **state)
{
    (void)state;
    check_exact(&t20);
}

static void test_exact_16_two_entries(void **state)
{
    (void)state;
    check_exact(&t16);
}

/* ---- e820file ---- */

/* Parse line and assert it is an entry [base, base + len) of type. */
static void line_is(const char *line, uint64_t base, uint64_t len, uint32_t type)
{
    struct e820_entry e;
    const char *why = NULL;
    assert_int_equal(e820file_parse_line(line, &e, &why), 1);
    assert_int_equal(e.base, base);
    assert_int_equal(e.length, len);
    assert_int_equal(e.type, type);
    assert_int_equal(e.attr, E820_ATTR_ENABLED);
}

/* Parse line and assert it is rejected with a reason. */
static void line_bad(const char *line)
{
    struct e820_entry e;
    const char *why = NULL;
    assert_int_equal(e820file_parse_line(line, &e, &why), -1);
    assert_non_null(why);
}

static void test_parse_good(void **state)
{
    struct e820_entry e;
    const char *why = NULL;
    (void)state;
    line_is("0x0 0x9fc00 1", 0, 0x9FC00, 1);
    line_is("0x0 0x9fc00 1\n", 0, 0x9FC00, 1);
    line_is("  0X100000\t0xF00000   20  # comment\r\n", 0x100000, 0xE00000, 20);
    line_is("0x00000000000000001000 0x2000 2", 0x1000, 0x1000, 2);
    line_is("0x1000 0x1000 1", 0x1000, 0, 1);
    line_is("0x0 0xffffffffffffffff 4294967295", 0, 0xFFFFFFFFFFFFFFFFull, 0xFFFFFFFFu);
    line_is("0xfe7e0000000 0xfe800000000 0#x", 0xFE7E0000000ull, 0x20000000, 0);
    assert_int_equal(e820file_parse_line("", &e, &why), 0);
    assert_int_equal(e820file_parse_line("   \t\r\n", &e, &why), 0);
    assert_int_equal(e820file_parse_line("# 0x0 0x1000 1", &e, &why), 0);
    assert_int_equal(e820file_parse_line("   # note", &e, &why), 0);
}

static void test_parse_bad(void **state)
{
    (void)state;
    line_bad("0x0 0x1000");
    line_bad("0x0");
    line_bad("0 0x1000 1");
    line_bad("0x 0x1000 1");
    line_bad("0x0g 0x1000 1");
    line_bad("0x0 0x1000 1 extra");
    line_bad("0x0 0x1000 1x");
    line_bad("0x0 0x1000 -1");
    line_bad("0x0 0x1000 +1");
    line_bad("0x0 0x1000 0x1");
    line_bad("0x0,0x1000,1");
    line_bad("0x2000 0x1000 1");
    line_bad("0x10000000000000000 0x0 1");
    line_bad("0x0 0x10000000000000000 1");
    line_bad("0x0 0x1000 4294967296");
    line_bad("garbage");
    line_bad("-0x1 0x1000 1");
}

/* Write text (len bytes) to a fresh temporary file; the caller unlinks path. */
static void write_temp(char *path, const char *text, size_t len)
{
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    assert_int_equal(close(fd), 0);
}

static void test_load_file(void **state)
{
    static const char good[] = "# header\n\n0x0 0x9fc00 1\n0x9fc00 0xa0000 2 # ebda\n"
                               "0x100000 0x2000000 1";
    static const char bad[] = "0x0 0x9fc00 1\n\n0x9fc00 0xa0000 two\n0x100000 0x200000 1\n";
    static const char nul[] = "0x0 0x9fc00 1\n0x9fc00\0 0xa0000 2\n";
    char path[] = "/tmp/test_e820_real.XXXXXX";
    struct e820_entry e[4];
    (void)state;

    write_temp(path, good, sizeof(good) - 1);
    assert_int_equal(e820file_load(path, e, 4), 3);
    assert_int_equal(e[1].base, 0x9FC00);
    assert_int_equal(e[1].length, 0x400);
    assert_int_equal(e[1].type, 2);
    assert_int_equal(e[2].base, 0x100000);
    assert_int_equal(e[2].length, 0x1F00000);
    assert_int_equal(e820file_load(path, e, 2), -1); /* more entries than room */
    unlink(path);

    strcpy(path, "/tmp/test_e820_real.XXXXXX");
    write_temp(path, bad, sizeof(bad) - 1);
    assert_int_equal(e820file_load(path, e, 4), -1);
    unlink(path);

    strcpy(path, "/tmp/test_e820_real.XXXXXX");
    write_temp(path, nul, sizeof(nul) - 1);
    assert_int_equal(e820file_load(path, e, 4), -1);
    unlink(path);

    assert_int_equal(e820file_load("/nonexistent/bootlab/none.e820", e, 4), -1);
}

/* ---- main: fixed cases, then one case per table file ---- */

static int run_per_table(void)
{
    struct CMUnitTest *t = calloc(tables.gl_pathc + 1, sizeof(*t));
    int failed;

    if (!t)
        return 1;
    for (size_t i = 0; i < tables.gl_pathc; i++) {
        const char *slash = strrchr(tables.gl_pathv[i], '/');
        t[i].name = slash ? slash + 1 : tables.gl_pathv[i];
        t[i].test_func = test_table_properties;
        t[i].initial_state = tables.gl_pathv[i];
    }
    failed = _cmocka_run_group_tests("real_tables", t, tables.gl_pathc, NULL, NULL);
    free(t);
    return failed;
}

int main(void)
{
    const struct CMUnitTest fixed[] = {
        cmocka_unit_test(test_table_count),
        cmocka_unit_test(test_exact_01_isa_hole),
        cmocka_unit_test(test_exact_08_isa_hole_clamped),
        cmocka_unit_test(test_exact_02_byte_granular),
        cmocka_unit_test(test_exact_12_odd_bytes),
        cmocka_unit_test(test_exact_27_unsorted_adjacent),
        cmocka_unit_test(test_exact_29_unsorted),
        cmocka_unit_test(test_exact_28_adjacent_usable),
        cmocka_unit_test(test_exact_33_adjacent_reserved),
        cmocka_unit_test(test_exact_51_above_4g),
        cmocka_unit_test(test_exact_43_above_1t),
        cmocka_unit_test(test_exact_18_uefi_type20),
        cmocka_unit_test(test_exact_23_uefi_type20_island),
        cmocka_unit_test(test_exact_20_unaligned_usable_end),
        cmocka_unit_test(test_exact_16_two_entries),
        cmocka_unit_test(test_parse_good),
        cmocka_unit_test(test_parse_bad),
        cmocka_unit_test(test_load_file),
    };
    char pattern[4096];
    int failed;

    snprintf(pattern, sizeof(pattern), "%s/*.e820", table_dir());
    if (glob(pattern, 0, NULL, &tables) != 0)
        tables.gl_pathc = 0;
    failed = cmocka_run_group_tests(fixed, NULL, NULL);
    if (tables.gl_pathc > 0)
        failed += run_per_table();
    globfree(&tables);
    return failed != 0;
}
