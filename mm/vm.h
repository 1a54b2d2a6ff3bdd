/*
 * vm.h - building page tables: walkpgdir, mappages, setupkvm.
 *
 * These need only P2V/V2P and a page allocator, so the host unit tests run
 * them unchanged over a simulated physical memory (tests/unit/test_vm.c).
 */
#ifndef BOOTLAB_MM_VM_H
#define BOOTLAB_MM_VM_H

#include <stdint.h>
#include "mm/mmu.h"

/* One row of the kernel's address space: virt maps [phys_start, phys_end). */
struct kmap {
    const char *name;
    uint32_t virt;
    uint32_t phys_start;
    uint32_t phys_end; /* exclusive; 0 means "up to 4 GiB" (DEVSPACE) */
    int perm;          /* PTE_W or 0; PTE_P is implied */
};

/* Bytes a row maps, as a 64-bit count (a row can end at 4 GiB). */
uint64_t kmap_bytes(const struct kmap *k);

/* What setupkvm built, for the report. */
struct kvmstats {
    uint32_t ptpages;      /* pages used for the directory and its page tables */
    uint32_t mapped_pages; /* 4 KiB pages mapped by all rows */
};

/*
 * walkpgdir - the PTE for virtual address va in pgdir. If its page table is
 * missing and alloc is set, allocate a zeroed one with (*allocpage)() and count
 * it in *ptpages. Returns 0 if the table is missing (alloc clear) or the
 * allocator is out of pages.
 */
pte_t *walkpgdir(pde_t *pgdir, uint32_t va, int alloc, char *(*allocpage)(void), uint32_t *ptpages);

/*
 * mappages - map [va, va+size) to [pa, pa+size) with permission perm, one
 * 4 KiB page at a time; va and size need not be page-aligned (the range is
 * widened to pages), and va+size may end exactly at 4 GiB but not beyond.
 * Returns 0, or -1 when a page table cannot be allocated. Panics on a remap
 * or a range past 4 GiB.
 */
int mappages(pde_t *pgdir, uint32_t va, uint64_t size, uint32_t pa, int perm,
             char *(*allocpage)(void), uint32_t *ptpages);

/*
 * setupkvm - a new page directory mapping every row of k[0..n). Returns it
 * (a kernel virtual address), or 0 if memory ran out. Fills *st.
 */
pde_t *setupkvm(const struct kmap *k, int n, char *(*allocpage)(void), struct kvmstats *st);

#endif
