/*
 * fuzz_efimap.c - libFuzzer target for the UEFI map converter (mm/efimap.c),
 * with the properties checked on every input:
 *   - efimap_convert never reads outside the map and never fails but for
 *     EFIMAP_E_FULL, and then only when the merged map really needs more
 *     than cap entries (a larger buffer succeeds with more);
 *   - the output is sorted by base, no entry is empty or wraps, every attr
 *     is "enabled", and neighbours of one type do not touch (they were merged);
 *   - coverage is exact: at every elementary interval between all input and
 *     output boundaries, the set of E820 types covering it in the output is
 *     the set of efimap_e820_type() of the kept descriptors covering it;
 *   - the output never has more entries than kept descriptors;
 *   - e820_sanitize accepts the output.
 * Any violation aborts, which libFuzzer reports as a crash.
 *
 * Input: byte 0 picks the encoding and the DescriptorSize, byte 1 the cap.
 * Byte 0 odd: compact 6-byte descriptors (type, start, pages, unit) that land
 * on touching, overlapping and wrapping ranges; byte 0 even: the rest is the
 * raw map, DescriptorSize 40 + (byte 0 >> 1) (so 40..167).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mm/e820.h"
#include "mm/efimap.h"

#define MAXD        512
#define COMPACT_DSZ (40 + 8 * 3 + 4) /* the largest DescriptorSize of the compact mode */
#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_efimap: property failed: %s (line %d)\n", #cond, __LINE__);      \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

static const uint64_t UNITS[4] = {1, 0x1000, 0x100000, 1ull << 32};

/* Compact descriptor: type8, start16 (x unit), pages8 (x unit pages), control8. */
static size_t compact(const uint8_t *d, size_t n, uint8_t *map, uint64_t dsz)
{
    size_t k = 0;
    for (size_t off = 2; off + 5 <= n && k < MAXD; off += 5, k++) {
        const uint8_t *p = d + off;
        uint64_t unit = UNITS[p[4] & 3];
        struct efimap_desc e = {p[0] < 0xF0 ? p[0] % 17u : 0x70000000u | p[0],
                                0,
                                (uint64_t)(p[1] | p[2] << 8) * unit * 4096,
                                0,
                                p[3] * unit,
                                (uint64_t)p[4] << 56};
        if (p[4] & 0x80)
            e.phys_start = 0 - e.phys_start - (p[4] & 0x40 ? 0 : e.pages * 4096);
        memset(map + k * dsz, p[4], dsz);
        memcpy(map + k * dsz, &e, sizeof(e));
    }
    return k * dsz;
}

/* The kept byte range of descriptor d (the converter's drop rules, restated). */
static int kept(const struct efimap_desc *d, uint64_t *s, uint64_t *e)
{
    if (d->pages == 0 || d->pages > (UINT64_MAX >> 12) ||
        (d->pages << 12) > UINT64_MAX - d->phys_start)
        return 0;
    *s = d->phys_start;
    *e = d->phys_start + (d->pages << 12);
    return 1;
}

/* A kept descriptor as a byte range and its E820 type. */
struct span {
    uint64_t s, e;
    uint32_t type;
};

/* Bit t of the mask: E820 type t covers x (types are 1..7). */
static unsigned in_mask(const struct span *sp, size_t n, uint64_t x)
{
    unsigned m = 0;
    for (size_t i = 0; i < n; i++)
        if (x >= sp[i].s && x < sp[i].e)
            m |= 1u << sp[i].type;
    return m;
}

static unsigned out_mask(const struct e820_entry *o, int k, uint64_t x)
{
    unsigned m = 0;
    for (int i = 0; i < k; i++)
        if (x >= o[i].base && x - o[i].base < o[i].length)
            m |= 1u << o[i].type;
    return m;
}

static int cmp64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Coverage at the start of every elementary interval, input against output. */
static void check_cover(const uint8_t *map, uint64_t n, uint64_t dsz, const struct e820_entry *o,
                        int k)
{
    static uint64_t pts[4 * MAXD + 4 * E820_MAX_SANE];
    static struct span sp[MAXD];
    size_t np = 0, nsp = 0;
    struct efimap_desc d;
    uint64_t s, e;
    for (uint64_t i = 0; i < n; i++) {
        efimap_desc_at(map, dsz, i, &d);
        if (kept(&d, &s, &e)) {
            sp[nsp++] = (struct span){s, e, efimap_e820_type(d.type)};
            pts[np++] = s;
            pts[np++] = e;
        }
    }
    for (int i = 0; i < k; i++) {
        pts[np++] = o[i].base;
        pts[np++] = o[i].base + o[i].length;
    }
    qsort(pts, np, sizeof(pts[0]), cmp64);
    for (size_t i = 0; i < np; i++)
        CHECK(in_mask(sp, nsp, pts[i]) == out_mask(o, k, pts[i]));
}

static void check_shape(const struct e820_entry *o, int k)
{
    for (int i = 0; i < k; i++) {
        CHECK(o[i].length > 0 && o[i].length <= UINT64_MAX - o[i].base);
        CHECK(o[i].attr == E820_ATTR_ENABLED);
        CHECK(o[i].type >= 1 && o[i].type <= 7 && o[i].type != 6);
        if (i + 1 < k) {
            CHECK(o[i].base <= o[i + 1].base);
            CHECK(o[i].type != o[i + 1].type || o[i + 1].base > o[i].base + o[i].length);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t map[MAXD * COMPACT_DSZ];
    static struct e820_entry out[2 * MAXD + 1], big[2 * MAXD + 1];
    static struct e820_range sane[2 * (2 * MAXD + 1)];
    if (size < 2)
        return 0;
    uint64_t dsz =
        data[0] & 1 ? 40 + 8 * ((data[0] >> 1) & 3) + (data[0] & 8 ? 4 : 0) : 40 + (data[0] >> 1);
    int cap = data[1];
    size_t msize = data[0] & 1 ? compact(data, size, map, dsz) : size - 2;
    const uint8_t *m = data[0] & 1 ? map : data + 2;
    int k = efimap_convert(m, msize, dsz, out, cap);
    int kb = efimap_convert(m, msize, dsz, big, 2 * MAXD + 1);
    uint64_t n = msize / dsz;
    CHECK(kb >= 0 && (uint64_t)kb <= n);
    CHECK(k == kb || (k == EFIMAP_E_FULL && kb > cap));
    if (k >= 0)
        CHECK(memcmp(out, big, sizeof(out[0]) * (size_t)k) == 0);
    check_shape(big, kb);
    if (n <= MAXD)
        check_cover(m, n, dsz, big, kb);
    CHECK(e820_sanitize(big, kb, sane, 2 * (2 * MAXD + 1)) >= 0);
    return 0;
}
