/*
 * selfcheck.h - walk a live page table and compare it with kmap[].
 */
#ifndef BOOTLAB_KERNEL_SELFCHECK_H
#define BOOTLAB_KERNEL_SELFCHECK_H

#include <stdint.h>
#include "mm/vm.h"

#define SC_MAXROWS 8
#define SC_SHOW    8 /* errors kept as text for the report */
#define SC_TEXT    96

struct selfcheck {
    uint32_t cr3;                   /* physical address of the directory walked */
    uint32_t tables;                /* present PDEs: page tables (4 MiB pages count too) */
    uint32_t checked;               /* present PTEs examined: the 4 KiB pages mapped */
    uint32_t errors;                /* every problem found */
    uint32_t row_pages[SC_MAXROWS]; /* present, correct pages per row */
    int nshown;
    char shown[SC_SHOW][SC_TEXT]; /* the first errors, described */
};

/*
 * selfcheck_walk - check the page directory at physical address cr3 against
 * rows k[0..n): every page of every row must be present with the row's frame
 * and permission (writable iff the row says PTE_W; never user), and nothing
 * else may be mapped: no other PTE, no 4 MiB page. Page tables must lie in
 * [pt_lo, pt_hi) (physical), where P2V can reach them. Pure apart from P2V.
 * The counts it leaves (tables, checked) are the report's page-table
 * statistics: they describe the table as built, not as planned.
 */
void selfcheck_walk(uint32_t cr3, const struct kmap *k, int n, uint32_t pt_lo, uint32_t pt_hi,
                    struct selfcheck *sc);

#endif
