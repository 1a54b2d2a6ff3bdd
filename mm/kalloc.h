/*
 * kalloc.h - the physical page allocator: a free list of 4 KiB pages, kept as
 * runs of pages in a row (mm/kalloc.c).
 */
#ifndef BOOTLAB_MM_KALLOC_H
#define BOOTLAB_MM_KALLOC_H

#include <stdint.h>
#include "mm/e820.h"

/*
 * kinit1 - start the allocator with the whole pages of [vstart, vend)
 * (kernel virtual addresses) that are usable RAM in the sanitized map
 * map[0..n). It runs under entrypgdir, before there is a page table, so the
 * range must lie below ENTRYMAP: these are the pages setupkvm builds the
 * kernel's page table from.
 */
void kinit1(const struct e820_range *map, int n, void *vstart, void *vend);

/*
 * kinit2 - add the usable pages of [vstart, vend) to the allocator: the
 * memory above ENTRYMAP, which only kpgdir maps, so it runs after switchkvm.
 */
void kinit2(const struct e820_range *map, int n, void *vstart, void *vend);

/* kalloc - one 4 KiB page (kernel virtual address), or 0 if none is left. */
char *kalloc(void);

/* kfree - return a page kalloc gave out; panics on a bad address. */
void kfree(char *v);

/* kfree_count - pages on the free list now. */
uint32_t kfree_count(void);

#endif
