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
    uint32_t tables;                /* present PDEs that point to page tables */
    uint32_t large;                 /* present PDEs that are 4 MiB pages (PTE_PS) */
    uint32_t checked;               /* pages mapped, in 4 KiB pages: PTEs, 1024 per 4 MiB page */
    uint32_t errors;                /* every problem found */
    uint32_t row_pages[SC_MAXROWS]; /* present, correct pages per row */
    int nshown;
    char shown[SC_SHOW][SC_TEXT]; /* the first errors, described */
};

/*
 * selfcheck_walk - check the page directory at physical address cr3 against
 * rows k[0..n): every page of every row must be present with the row's frame
 * and permission (writable iff the row says PTE_W; never user), and nothing
 * else may be mapped: no other PTE, and no 4 MiB page unless 'big' (the
 * bigpages option) is set and it lies wholly inside a row marked 'large'.
 * Page tables must lie in [pt_lo, pt_hi) (physical), where P2V can reach
 * them. Pure apart from P2V. The counts it leaves (tables, large, checked)
 * are the report's page-table statistics: they describe the table as built,
 * not as planned.
 */
void selfcheck_walk(uint32_t cr3, const struct kmap *k, int n, uint32_t pt_lo, uint32_t pt_hi,
                    int big, struct selfcheck *sc);

#endif
