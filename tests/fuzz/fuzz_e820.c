/*
 * fuzz_e820.c - libFuzzer target for the sanitizer, the clamp and the
 * usable-page walk (mm/e820.c), with the properties checked on every input:
 *   - e820_sanitize never fails for up to E820_MAX_RAW entries;
 *   - its output is sorted, disjoint, merged (touching ranges differ in type)
 *     and non-empty per range;
 *   - it equals a second, brute-force computation over the elementary
 *     intervals between all entry boundaries (and, for inputs that live in
 *     the first 512 bytes, a byte-by-byte one);
 *   - no usable output range overlaps a kept non-usable input entry;
 *   - the clamp: limit <= PHYSTOP, page-aligned, limit = min(top, PHYSTOP),
 *     never above usable RAM, the end of a usable range unless PHYSTOP cut it,
 *     and usable_top is the highest page-aligned usable end below 4 GiB (the
 *     last page excluded);
 *   - e820_foreach_usable hands out only whole usable pages inside the bounds,
 *     in order, and counts them right.
 * Any violation aborts, which libFuzzer reports as a crash.
 *
 * Input: byte 0 picks the encoding. Odd: compact 5-byte entries that land on
 * interesting values (overlaps, page edges, 4 GiB, 2^64); even: raw 24-byte
 * entries exactly as a BIOS writes them. The last 8 bytes of a compact input
 * also choose the bounds of the page walk.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mm/e820.h"

#define PHYSTOP 0xE000000u /* mm/memlayout.h */
#define PG      4096ull
#define TOP32   (E820_4G - PG)
#define SMALL   512 /* inputs below this many bytes also get the byte-by-byte check */

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_e820: property failed: %s (line %d)\n", #cond, __LINE__);        \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

static const uint64_t UNITS[8] = {1,         0x400,      0x1000,     0x100000,
                                  0x1000000, 0x10000000, 1ull << 32, 1ull << 52};

/* Compact entry: base16, length8, type8, control8 (bit 0 enabled, 1-3 unit, 7 near 2^64). */
static struct e820_entry compact(const uint8_t *p)
{
    uint64_t unit = UNITS[(p[4] >> 1) & 7];
    struct e820_entry e;
    e.base = (uint64_t)(p[0] | p[1] << 8) * unit;
    e.length = (uint64_t)p[2] * unit;
    e.type = p[3] < 0xF0 ? p[3] & 7 : 0xFFFFFFF0u | (p[3] & 0xF);
    e.attr = (p[4] & 1) | (p[4] & 0x10 ? 8 : 0);
    if (p[4] & 0x80)
        e.base = 0 - e.base - (p[4] & 0x40 ? 0 : e.length); /* near or across 2^64 */
    return e;
}

/* The input as at most E820_MAX_RAW raw entries (see the encodings above). */
static int decode(const uint8_t *d, size_t n, struct e820_entry *raw)
{
    int count = 0;
    if (n == 0)
        return 0;
    size_t size = (d[0] & 1) ? 5 : sizeof(struct e820_entry);
    for (size_t off = 1; off + size <= n && count < E820_MAX_RAW; off += size) {
        if (size == 5)
            raw[count++] = compact(d + off);
        else
            memcpy(&raw[count++], d + off, size);
    }
    return count;
}

/* ---- the second opinion: brute force over elementary intervals ---- */

/* The sanitizer's drop rules, restated: non-empty, no wrap past 2^64, enabled. */
static int kept(const struct e820_entry *e)
{
    return e->length && e->length <= UINT64_MAX - e->base && (e->attr & 1);
}

/* Winning type at byte x (usable loses to all, else the highest number); 0 if uncovered. */
static int winner(const struct e820_entry *raw, int n, uint64_t x, uint32_t *type)
{
    int covered = 0;
    for (int i = 0; i < n; i++) {
        if (!kept(&raw[i]) || x < raw[i].base || x - raw[i].base >= raw[i].length)
            continue;
        if (!covered || (raw[i].type != 1 && (*type == 1 || raw[i].type > *type)))
            *type = raw[i].type;
        covered = 1;
    }
    return covered;
}

/* qsort order for 64-bit boundaries. */
static int cmp64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The expected map: every elementary interval between boundaries, judged alone, then merged. */
static int reference(const struct e820_entry *raw, int n, struct e820_range *out)
{
    static uint64_t pts[2 * E820_MAX_RAW];
    int np = 0, k = 0;
    uint32_t t;
    for (int i = 0; i < n; i++) {
        if (kept(&raw[i])) {
            pts[np++] = raw[i].base;
            pts[np++] = raw[i].base + raw[i].length;
        }
    }
    qsort(pts, (size_t)np, sizeof(pts[0]), cmp64);
    for (int i = 0; i + 1 < np; i++) {
        if (pts[i] == pts[i + 1] || !winner(raw, n, pts[i], &t))
            continue;
        if (k && out[k - 1].end == pts[i] && out[k - 1].type == t)
            out[k - 1].end = pts[i + 1];
        else
            out[k++] = (struct e820_range){pts[i], pts[i + 1], t};
    }
    return k;
}

/* ---- the properties ---- */

/* Sorted, disjoint, merged, no empty range. */
static void check_shape(const struct e820_range *m, int k)
{
    for (int i = 0; i < k; i++) {
        CHECK(m[i].start < m[i].end);
        if (i + 1 < k) {
            CHECK(m[i].end <= m[i + 1].start);
            CHECK(m[i].end < m[i + 1].start || m[i].type != m[i + 1].type);
        }
    }
}

/* No usable output byte is covered by a kept non-usable input entry. */
static void check_usable_wins_nothing(const struct e820_entry *raw, int n,
                                      const struct e820_range *m, int k)
{
    for (int i = 0; i < k; i++) {
        if (m[i].type != E820_RAM)
            continue;
        for (int j = 0; j < n; j++)
            if (kept(&raw[j]) && raw[j].type != E820_RAM)
                CHECK(m[i].end <= raw[j].base || raw[j].base + raw[j].length <= m[i].start);
    }
}

/* Bytes 0..SMALL-1, one at a time, when every kept entry ends by SMALL. */
static void check_bytes(const struct e820_entry *raw, int n, const struct e820_range *m, int k)
{
    for (int i = 0; i < n; i++)
        if (kept(&raw[i]) && raw[i].base + raw[i].length > SMALL)
            return;
    for (uint64_t x = 0; x < SMALL; x++) {
        uint32_t t = 0;
        int covered = winner(raw, n, x, &t), found = 0;
        for (int i = 0; i < k; i++) {
            if (x >= m[i].start && x < m[i].end) {
                CHECK(covered && m[i].type == t);
                found = 1;
            }
        }
        CHECK(found == covered);
    }
}

/* The clamp, recomputed: the highest whole-page usable end below TOP32. */
static void check_clamp(const struct e820_range *m, int k)
{
    struct memlimit ml;
    uint64_t top = 0;
    e820_clamp(m, k, PHYSTOP, &ml);
    for (int i = 0; i < k; i++) {
        if (m[i].type != E820_RAM || m[i].start >= TOP32)
            continue;
        uint64_t s = (m[i].start + PG - 1) & ~(PG - 1), e = m[i].end & ~(PG - 1);
        e = e < TOP32 ? e : TOP32;
        if (s < e && e > top)
            top = e;
    }
    CHECK(ml.usable_top == top);
    CHECK(ml.limit <= PHYSTOP && ml.limit % PG == 0);
    CHECK(ml.limit == (top < PHYSTOP ? top : PHYSTOP));
    CHECK(ml.clamped == (top > PHYSTOP));
    /*
     * "Inside usable RAM": the limit never lies above usable RAM, and unless
     * PHYSTOP cut it, it is the end of a usable range. A clamped limit may sit
     * in a hole (docs/architecture.md: holes below the limit are mapped, never
     * handed out).
     */
    CHECK(ml.limit <= ml.usable_top);
    CHECK(ml.clamped || ml.limit == 0 || e820_is_usable(m, k, ml.limit - PG, ml.limit));
}

struct walk {
    const struct e820_range *m;
    int k;
    uint32_t lo, hi, last, pages;
};

/* One run from e820_foreach_usable: whole usable pages, in bounds, in order. */
static void walk_run(uint32_t s, uint32_t e, void *arg)
{
    struct walk *w = arg;
    CHECK(s % PG == 0 && e % PG == 0 && s < e);
    CHECK(s >= w->lo && e <= w->hi && s >= w->last);
    CHECK(e820_is_usable(w->m, w->k, s, e));
    w->last = e;
    w->pages += (e - s) / PG;
}

/* The walk over [lo, hi), with and without a callback, counts the same pages. */
static void check_walk(const struct e820_range *m, int k, uint32_t lo, uint32_t hi)
{
    struct walk w = {m, k, lo, hi, 0, 0};
    uint32_t pages = e820_foreach_usable(m, k, lo, hi, walk_run, &w);
    CHECK(pages == w.pages);
    CHECK(pages == e820_foreach_usable(m, k, lo, hi, NULL, NULL));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct e820_entry raw[E820_MAX_RAW];
    static struct e820_range out[E820_MAX_SANE], ref[E820_MAX_SANE];
    int n = decode(data, size, raw);
    int k = e820_sanitize(raw, n, out, E820_MAX_SANE);
    CHECK(k >= 0);
    check_shape(out, k);
    CHECK(reference(raw, n, ref) == k);
    for (int i = 0; i < k; i++)
        CHECK(ref[i].start == out[i].start && ref[i].end == out[i].end &&
              ref[i].type == out[i].type);
    check_usable_wins_nothing(raw, n, out, k);
    check_bytes(raw, n, out, k);
    check_clamp(out, k);
    uint32_t lo = 0, hi = PHYSTOP;
    if (size >= 9) {
        memcpy(&lo, data + size - 8, 4);
        memcpy(&hi, data + size - 4, 4);
    }
    check_walk(out, k, lo, hi);
    return 0;
}
