/*
 * e820sane.c - run the C sanitizer and clamp (mm/e820.c) on the host, for
 * tests that check a kernel's report against more than one implementation.
 *
 *   e820sane < RAW      RAW: one raw entry a line, "base length type attr" in hex
 *
 * Prints "sane START END TYPE" per sanitized range (hex) and then
 * "mem USABLE_TOP LIMIT CLAMPED", with PHYSTOP of mm/memlayout.h. Exits 1 on
 * malformed input or more entries than a loader keeps.
 */
#include <stdio.h>
#include "mm/e820.h"
#include "mm/memlayout.h"

int main(void)
{
    static struct e820_entry raw[E820_MAX_RAW];
    static struct e820_range sane[E820_MAX_SANE];
    unsigned long long base, len;
    unsigned type, attr;
    int n = 0, r;
    struct memlimit ml;
    while ((r = scanf("%llx %llx %x %x", &base, &len, &type, &attr)) == 4) {
        if (n == E820_MAX_RAW) {
            fprintf(stderr, "e820sane: more than %d entries\n", E820_MAX_RAW);
            return 1;
        }
        raw[n++] = (struct e820_entry){base, len, type, attr};
    }
    if (r != EOF) {
        fprintf(stderr, "e820sane: malformed input after %d entries\n", n);
        return 1;
    }
    int k = e820_sanitize(raw, n, sane, E820_MAX_SANE);
    if (k < 0) {
        fprintf(stderr, "e820sane: e820_sanitize failed\n");
        return 1;
    }
    for (int i = 0; i < k; i++)
        printf("sane %llx %llx %x\n", (unsigned long long)sane[i].start,
               (unsigned long long)sane[i].end, sane[i].type);
    e820_clamp(sane, k, PHYSTOP, &ml);
    printf("mem %x %x %d\n", ml.usable_top, ml.limit, ml.clamped);
    return 0;
}
