/*
 * e820.h - the BIOS memory map, its sanitizer and the memory clamp.
 *
 * Pure C: no kernel, loader or libc dependencies beyond <stdint.h>. The same
 * e820.c builds into stage two (to check where the kernel may be loaded), the
 * kernel (to decide what to map and what to free), the host unit tests, the
 * fuzzers and the lab grader (to recompute what the kernel should report).
 */
#ifndef BOOTLAB_MM_E820_H
#define BOOTLAB_MM_E820_H

#include <stdint.h>
#include "include/e820.h"

#define E820_PAGE 4096u
#define E820_4G   0x100000000ull

/*
 * e820_sanitize - turn a firmware map into a sorted, disjoint, merged map.
 *
 * Passes, in order:
 *   1. drop: entries of zero length, entries whose end wraps past 2^64 (an
 *      entry ending exactly at 2^64 counts as wrapping), and entries whose
 *      ACPI 3.0 attribute bit 0 is clear;
 *   2. resolve overlaps: each byte takes the highest type number among the
 *      entries that cover it, except that usable RAM (type 1) loses to every
 *      other type, type 0 included (ACPI: treat undefined types as reserved);
 *   3. merge: touching ranges of the same type become one range;
 *   4. the result is sorted by start address (it comes out of the sweep sorted).
 *
 * Takes nraw entries from raw (nraw may be 0). Allocates nothing and does not
 * modify raw. Writes at most out_cap ranges to out. Returns the number of
 * ranges written, or -1 if out_cap is too small (E820_MAX_SANE is always
 * enough for E820_MAX_RAW inputs) or nraw is negative.
 */
int e820_sanitize(const struct e820_entry *raw, int nraw, struct e820_range *out, int out_cap);

/* The outcome of the clamp, as the report prints it. */
struct memlimit {
    uint32_t usable_top; /* highest page-aligned end of usable RAM below 4 GiB; 0 if none.
                            The page at 0xFFFFF000 never counts (it cannot end at 2^32 in
                            32 bits, and firmware keeps its reset vector there). */
    uint32_t phystop;    /* the cap the clamp was asked to apply */
    uint32_t limit;      /* min(phystop, usable_top): kernel maps [0, limit) at KERNBASE */
    int clamped;         /* 1 when usable_top > phystop */
};

/*
 * e820_clamp - compute the memory limit from a sanitized map.
 *
 * Considers only type-1 ranges, clipped to [0, 4 GiB) and page-aligned inward
 * (start rounded up, end rounded down; ranges that vanish are ignored).
 * phystop must be page-aligned. Allocates nothing; always succeeds.
 */
void e820_clamp(const struct e820_range *map, int n, uint32_t phystop, struct memlimit *ml);

/*
 * e820_foreach_usable - call fn(start, end, arg) for each run of whole usable
 * pages inside [lo, hi), in address order.
 *
 * A page is usable when it lies entirely inside one type-1 range of the
 * sanitized map. lo and hi are rounded inward to pages. Runs are maximal
 * within one sanitized range. Returns the total number of pages passed to fn.
 * fn may be NULL to only count.
 */
uint32_t e820_foreach_usable(const struct e820_range *map, int n, uint32_t lo, uint32_t hi,
                             void (*fn)(uint32_t start, uint32_t end, void *arg), void *arg);

/*
 * e820_is_usable - 1 when [start, end) lies entirely inside one type-1 range
 * of the sanitized map, else 0. An empty range (start >= end) is not usable.
 */
int e820_is_usable(const struct e820_range *map, int n, uint64_t start, uint64_t end);

/* e820_type_name - "usable", "reserved", "acpi", "nvs", "unusable", ... or "unknown". */
const char *e820_type_name(uint32_t type);

#endif
