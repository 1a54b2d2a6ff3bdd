/*
 * e820.c - the BIOS memory map sanitizer, the memory clamp and page walks.
 *
 * Pure C, freestanding: no libc, no allocation, no 64-bit division (the
 * kernel does not link libgcc's __udivdi3), only shifts, masks, compares,
 * additions and subtractions on 64-bit values. Contracts are in e820.h.
 *
 * The sanitizer is a sweep over boundary points: starting at the lowest
 * entry start, it repeatedly finds the next boundary (any entry's start or
 * end) above the current point and gives the elementary interval between
 * them the winning type of the entries covering it (usable RAM loses to
 * everything, otherwise the highest type number wins). Each step scans all n
 * entries, so the whole run is O(n^2) with no workspace: n is at most
 * E820_MAX_RAW in the loaders, a few hundred in the tests.
 */
#include "mm/e820.h"

#define PAGE_MASK ((uint64_t)E820_PAGE - 1)

/*
 * The highest page-aligned end the 32-bit results can hold. struct memlimit
 * and e820_foreach_usable() speak uint32_t, so an end of exactly 4 GiB is not
 * representable; the last page below 4 GiB is left out instead of wrapping
 * to 0. No RAM is lost in practice: that page holds the x86 reset vector
 * (0xFFFFFFF0), so firmware ROM sits there, not usable RAM.
 */
#define TOP32 (E820_4G - E820_PAGE)

/* Round x up to a page boundary; x must be below 2^64 - PAGE_MASK. */
static uint64_t page_up(uint64_t x)
{
    return (x + PAGE_MASK) & ~PAGE_MASK;
}

/* Round x down to a page boundary. */
static uint64_t page_down(uint64_t x)
{
    return x & ~PAGE_MASK;
}

/*
 * entry_ok - 1 when the sanitizer keeps raw entry e (pass 1 of the contract).
 *
 * Dropped: zero length; an end at or past 2^64 (base + length would not fit
 * in 64 bits, so "end exclusive" cannot be stored); extended attribute
 * bit 0 clear (ACPI 3.0 chapter 14, "System Address Map Interfaces": the OS
 * ignores a descriptor whose AddressRangeEnabled bit is clear).
 */
static int entry_ok(const struct e820_entry *e)
{
    if (e->length == 0)
        return 0;
    if (e->length > UINT64_MAX - e->base)
        return 0;
    return (e->attr & E820_ATTR_ENABLED) != 0;
}

/* entry_end - the exclusive end of a kept entry (entry_ok() guarantees no wrap). */
static uint64_t entry_end(const struct e820_entry *e)
{
    return e->base + e->length;
}

/*
 * first_start - the lowest start of any kept entry, in *at.
 * Returns 0 when no entry is kept (the map comes out empty).
 */
static int first_start(const struct e820_entry *raw, int n, uint64_t *at)
{
    uint64_t best = UINT64_MAX;
    int found = 0;

    for (int i = 0; i < n; i++) {
        if (entry_ok(&raw[i]) && raw[i].base <= best) {
            best = raw[i].base;
            found = 1;
        }
    }
    *at = best;
    return found;
}

/*
 * Lower *best to x when x lies above cur and not above *best. Kept ends are
 * at most UINT64_MAX, so *best may start at UINT64_MAX with *found clear.
 */
static void take_if_next(uint64_t x, uint64_t cur, uint64_t *best, int *found)
{
    if (x > cur && x <= *best) {
        *best = x;
        *found = 1;
    }
}

/*
 * next_boundary - the smallest entry start or end strictly above cur, in *next.
 * Returns 0 when there is none: cur is the end of the last entry.
 */
static int next_boundary(const struct e820_entry *raw, int n, uint64_t cur, uint64_t *next)
{
    uint64_t best = UINT64_MAX;
    int found = 0;

    for (int i = 0; i < n; i++) {
        if (!entry_ok(&raw[i]))
            continue;
        take_if_next(raw[i].base, cur, &best, &found);
        take_if_next(entry_end(&raw[i]), cur, &best, &found);
    }
    *next = best;
    return found;
}

/*
 * outranks - 1 when type a wins over type b on a byte both cover.
 *
 * Usable RAM (type 1) loses to every other type, type 0 included: the ACPI
 * 6.x "Address Range Types" table tells the OS to treat undefined types as
 * AddressRangeReserved, so no byte they cover may be handed out as RAM.
 * Among the other types the highest number wins (e820.h, pass 2).
 */
static int outranks(uint32_t a, uint32_t b)
{
    if (a == E820_RAM)
        return 0;
    return b == E820_RAM || a > b;
}

/*
 * cover_type - the winning type among kept entries covering byte at, in *type.
 *
 * Returns 0 when no entry covers it (a gap). Type 0 is a real type here, so
 * coverage is reported apart from the type. Called with at = the start of an
 * elementary interval: no boundary lies inside it, so every byte of it has
 * the same covering entries as its first byte.
 */
static int cover_type(const struct e820_entry *raw, int n, uint64_t at, uint32_t *type)
{
    uint32_t best = E820_RAM; /* the type every other type outranks */
    int covered = 0;

    for (int i = 0; i < n; i++) {
        if (!entry_ok(&raw[i]) || at < raw[i].base || at >= entry_end(&raw[i]))
            continue;
        if (outranks(raw[i].type, best))
            best = raw[i].type;
        covered = 1;
    }
    *type = best;
    return covered;
}

/*
 * emit - append [start, end) of type to out[0..*count), merging it into the
 * last range when that one ends at start with the same type.
 * Returns 0, or -1 when a new range is needed and out already holds cap.
 */
static int emit(struct e820_range *out, int *count, int cap, uint64_t start, uint64_t end,
                uint32_t type)
{
    int last = *count - 1;

    if (last >= 0 && out[last].end == start && out[last].type == type) {
        out[last].end = end;
        return 0;
    }
    if (*count >= cap)
        return -1;
    out[*count].start = start;
    out[*count].end = end;
    out[*count].type = type;
    (*count)++;
    return 0;
}

/* e820_sanitize - see e820.h. The sweep's invariant: out is sorted and merged up to cur. */
int e820_sanitize(const struct e820_entry *raw, int nraw, struct e820_range *out, int out_cap)
{
    uint64_t cur, next;
    uint32_t type;
    int count = 0;

    if (nraw < 0 || out_cap < 0)
        return -1;
    if (!first_start(raw, nraw, &cur))
        return 0;
    while (next_boundary(raw, nraw, cur, &next)) {
        if (cover_type(raw, nraw, cur, &type) && emit(out, &count, out_cap, cur, next, type) < 0)
            return -1;
        cur = next;
    }
    return count;
}

/*
 * usable_span - the whole pages of map range r that lie in [lo, hi), as
 * [*s, *e). lo and hi must be page-aligned and hi <= TOP32.
 * Returns 0 when r is not type 1 or no whole page of it is left.
 */
static int usable_span(const struct e820_range *r, uint64_t lo, uint64_t hi, uint32_t *s,
                       uint32_t *e)
{
    uint64_t start, end;

    if (r->type != E820_RAM || r->start >= hi || r->end <= lo)
        return 0;
    /* r->start < hi <= 4 GiB, so page_up() cannot wrap. */
    start = page_up(r->start);
    end = page_down(r->end);
    if (start < lo)
        start = lo;
    if (end > hi)
        end = hi;
    if (start >= end)
        return 0;
    *s = (uint32_t)start;
    *e = (uint32_t)end;
    return 1;
}

/* e820_clamp - see e820.h. A range reaching 4 GiB counts up to TOP32. */
void e820_clamp(const struct e820_range *map, int n, uint32_t phystop, struct memlimit *ml)
{
    uint32_t top = 0, s, e;
    /* phystop is page-aligned by contract; masking keeps limit aligned anyway. */
    uint32_t cap = (uint32_t)page_down(phystop);

    for (int i = 0; i < n; i++)
        if (usable_span(&map[i], 0, TOP32, &s, &e) && e > top)
            top = e;
    ml->usable_top = top;
    ml->phystop = phystop;
    ml->limit = top < cap ? top : cap;
    ml->clamped = top > phystop;
}

/* e820_foreach_usable - see e820.h. Address order relies on the map being sorted. */
uint32_t e820_foreach_usable(const struct e820_range *map, int n, uint32_t lo, uint32_t hi,
                             void (*fn)(uint32_t start, uint32_t end, void *arg), void *arg)
{
    uint64_t plo = page_up(lo), phi = page_down(hi);
    uint32_t pages = 0, s, e;

    if (plo >= phi)
        return 0;
    for (int i = 0; i < n; i++) {
        if (!usable_span(&map[i], plo, phi, &s, &e))
            continue;
        if (fn)
            fn(s, e, arg);
        pages += (e - s) / E820_PAGE; /* 32-bit: a shift, no libgcc */
    }
    return pages;
}

/* e820_is_usable - see e820.h. The map is merged, so one range is enough to look for. */
int e820_is_usable(const struct e820_range *map, int n, uint64_t start, uint64_t end)
{
    if (start >= end)
        return 0;
    for (int i = 0; i < n; i++)
        if (map[i].type == E820_RAM && start >= map[i].start && end <= map[i].end)
            return 1;
    return 0;
}

/* e820_type_name - see e820.h. Names follow ACPI 6.x table 15-374. */
const char *e820_type_name(uint32_t type)
{
    switch (type) {
    case E820_RAM:
        return "usable";
    case E820_RESERVED:
        return "reserved";
    case E820_ACPI:
        return "acpi";
    case E820_NVS:
        return "nvs";
    case E820_UNUSABLE:
        return "unusable";
    case E820_DISABLED:
        return "disabled";
    case E820_PMEM:
        return "pmem";
    default:
        return "unknown";
    }
}
