/*
 * kalloc.h - the physical page allocator: a free list of 4 KiB pages.
 */
#ifndef BOOTLAB_MM_KALLOC_H
#define BOOTLAB_MM_KALLOC_H

#include <stdint.h>
#include "mm/e820.h"

/*
 * kinit1 / kinit2 - give kalloc the whole pages of [vstart, vend) (kernel
 * virtual addresses) that are usable RAM in the sanitized map. kinit1 runs
 * under entrypgdir, so its range must lie in the first 4 MiB; kinit2 runs
 * after switchkvm and takes the rest up to the memory limit. Both return the
 * number of pages freed.
 */
uint32_t kinit1(const struct e820_range *map, int n, void *vstart, void *vend);
uint32_t kinit2(const struct e820_range *map, int n, void *vstart, void *vend);

/* kalloc - one 4 KiB page (kernel virtual address), or 0 if none is left. */
char *kalloc(void);

/* kfree - return a page kalloc gave out; panics on a bad address. */
void kfree(char *v);

/* kfree_count - pages on the free list now. */
uint32_t kfree_count(void);

#endif
