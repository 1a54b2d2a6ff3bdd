/*
 * vm.h - the kernel's page table: kmap[] and the lecture's functions.
 *
 *   kmap_setlimit  the data row ends at the memory limit instead of PHYSTOP
 *   kmap_setbig    the bigpages option: rows marked 'large' get 4 MiB pages
 *   kvmalloc       kpgdir = setupkvm(); switchkvm()
 *   setupkvm       a new directory mapping every kmap[] row (mappages)
 *   mappages       map a range page by page (walkpgdir)
 *   maplarge       map a range with 4 MiB pages where it can, mappages at the edges
 *   walkpgdir      the PTE for a virtual address, allocating its page table
 *   switchkvm      cr3 = V2P(kpgdir)
 *   freevm         give a directory and its page tables back to kalloc
 *
 * Page tables come from kalloc() (mm/kalloc.h); the host unit tests link a
 * simulated kalloc and physical memory instead (tests/unit/simphys.h).
 */
#ifndef BOOTLAB_MM_VM_H
#define BOOTLAB_MM_VM_H

#include <stdint.h>
#include "mm/mmu.h"

/*
 * One row of the kernel's address space: virt maps [phys_start, phys_end).
 * phys_end 0 means "up to 4 GiB": phys_end - phys_start, in 32-bit unsigned
 * arithmetic, is the row's size either way.
 */
struct kmap {
    const char *name;
    void *virt;
    uint32_t phys_start;
    uint32_t phys_end;
    int perm;  /* PTE_W or 0; PTE_P is implied */
    int large; /* 1: with the bigpages option, mapped by maplarge (4 MiB pages) */
};

#define NKMAP     4 /* the lecture's rows of kmap[]: io, text, data, dev */
#define NKMAP_MAX 5 /* and, on a UEFI PC, its framebuffer (kmap_setfb) */

/* kmap_rows - the kernel's rows (kmap_count() of them), as kvmalloc maps them. */
const struct kmap *kmap_rows(void);

/* kmap_count - rows in use: NKMAP, or NKMAP + 1 once kmap_setfb added the fb row. */
int kmap_count(void);

/* kmap_bytes - bytes row k maps. */
static inline uint32_t kmap_bytes(const struct kmap *k)
{
    return k->phys_end - k->phys_start;
}

/*
 * kmap_setlimit - end the data row at 'limit' (page-aligned, at most
 * PHYSTOP) instead of PHYSTOP: the one step that brings this machine's
 * memory size into kmap[]. Call it before kmap_ptpages and kvmalloc.
 */
void kmap_setlimit(uint32_t limit);

/*
 * kmap_setfb - add the fb row: virtual FBSPACE maps physical [pa, end), a
 * framebuffer (page-aligned; end 0 means 4 GiB, as for every row), writable.
 * The caller has checked it is not RAM and fits below DEVSPACE. Call it
 * before kmap_ptpages and kvmalloc.
 */
void kmap_setfb(uint32_t pa, uint32_t end);

/*
 * kmap_setbig - on (the boot option "bigpages", docs/boot-info.md): setupkvm
 * maps the rows marked 'large' with maplarge; off (the default): every row
 * with 4 KiB pages, as the lecture does. Call it before kmap_ptpages and
 * kvmalloc.
 */
void kmap_setbig(int on);

/* kmap_ptpages - pages setupkvm will take from kalloc for kmap[] as it stands. */
uint32_t kmap_ptpages(void);

/*
 * walkpgdir - the PTE for virtual address va in pgdir. If its page table is
 * missing and alloc is set, take a page from kalloc and clear it. Returns 0
 * if the table is missing (alloc clear) or kalloc is out of pages. A va
 * inside a 4 MiB page has no PTE: 0 without alloc, a panic (a remap) with.
 */
pte_t *walkpgdir(pde_t *pgdir, const void *va, int alloc);

/*
 * mappages - map [va, va+size) to [pa, pa+size) with permission perm, one
 * 4 KiB page at a time; va and size need not be page-aligned (the range is
 * widened to pages), and va+size may end exactly at 4 GiB. Returns 0, or -1
 * when a page table cannot be allocated. Panics on a remap.
 */
int mappages(pde_t *pgdir, void *va, uint32_t size, uint32_t pa, int perm);

/*
 * maplarge - map [va, va+size) to [pa, pa+size) like mappages, but every
 * 4 MiB region that lies wholly inside the range gets one 4 MiB page: a
 * directory entry with PTE_PS (SDM Vol. 3A, 4.3, table 4-4), no page table.
 * That needs va and pa equally aligned (va - pa a multiple of 4 MiB); where
 * they are not, or at the range's edges, mappages maps 4 KiB pages. Returns
 * 0, or -1 when a page table cannot be allocated. Panics on a remap.
 */
int maplarge(pde_t *pgdir, void *va, uint32_t size, uint32_t pa, int perm);

/*
 * setupkvm - a new page directory with every kmap[] row mapped. Returns it
 * (a kernel virtual address), or 0 if kalloc ran out; then everything it
 * took is given back (freevm).
 */
pde_t *setupkvm(void);

/* kvmalloc - build kpgdir from kmap[] and switch to it. Panics if kalloc runs out. */
void kvmalloc(void);

/* switchkvm - cr3 = V2P(kpgdir): from here on only kmap[] is mapped. */
void switchkvm(void);

/*
 * freevm - give pgdir's page tables and the directory itself back to kalloc.
 * The pages the tables map are not freed: kernel mappings own no frames (a
 * 4 MiB page's directory entry points at one such frame, not at a table).
 */
void freevm(pde_t *pgdir);

#endif
