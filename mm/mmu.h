/*
 * mmu.h - x86 two-level paging, as the kernel uses it.
 * Intel SDM Vol. 3A, 4.3 "32-bit paging", tables 4-4 (PDE) and 4-6 (PTE).
 *
 *   A virtual address 'la' has a three-part structure:
 *   +--------10------+-------10-------+---------12----------+
 *   | Page Directory |   Page Table   | Offset within Page  |
 *   |      Index     |      Index     |                     |
 *   +----------------+----------------+---------------------+
 *    \--- PDX(va) --/ \--- PTX(va) --/
 */
#ifndef BOOTLAB_MM_MMU_H
#define BOOTLAB_MM_MMU_H

/* Control register bits (SDM Vol. 3A, 2.5). */
#define CR0_PE  0x00000001 /* protection enable */
#define CR0_WP  0x00010000 /* supervisor writes honour read-only pages */
#define CR0_PG  0x80000000 /* paging */
#define CR4_PSE 0x00000010 /* 4 MiB pages in 32-bit paging */

#define NPDENTRIES 1024     /* directory entries per page directory */
#define NPTENTRIES 1024     /* PTEs per page table */
#define PGSIZE     4096     /* bytes mapped by a page */
#define LGSIZE     0x400000 /* bytes mapped by a 4 MiB page: a PDE with PTE_PS */
#define PGSHIFT    12
#define PTXSHIFT   12 /* offset of PTX in a linear address */
#define PDXSHIFT   22 /* offset of PDX in a linear address */

/* Page table/directory entry flags. */
#define PTE_P  0x001 /* present */
#define PTE_W  0x002 /* writeable */
#define PTE_U  0x004 /* user */
#define PTE_PS 0x080 /* page size: a PDE that maps 4 MiB directly (needs CR4_PSE) */

/*
 * Selectors of the kernel's GDT (kernel/entry.S, kgdt): entry 1 is flat 4 GiB
 * ring-0 code, entry 2 flat 4 GiB data. A selector is index << 3 (SDM Vol.
 * 3A, 3.4.2), table indicator 0, RPL 0.
 */
#define SEG_KCODE 0x08
#define SEG_KDATA 0x10

#ifndef __ASSEMBLER__
#include <stdint.h>
typedef uint32_t pte_t;
typedef uint32_t pde_t;

#define PDX(va)         (((uint32_t)(uintptr_t)(va) >> PDXSHIFT) & 0x3FF)
#define PTX(va)         (((uint32_t)(uintptr_t)(va) >> PTXSHIFT) & 0x3FF)
#define PGADDR(d, t, o) ((uint32_t)((d) << PDXSHIFT | (t) << PTXSHIFT | (o)))
#define PTE_ADDR(pte)   ((uint32_t)(pte) & ~0xFFFu)
#define PTE_FLAGS(pte)  ((uint32_t)(pte)&0xFFFu)
#define PGROUNDUP(sz)   (((sz) + PGSIZE - 1) & ~(PGSIZE - 1))
#define PGROUNDDOWN(a)  (((a)) & ~(PGSIZE - 1))
#define LGROUNDUP(sz)   (((sz) + LGSIZE - 1) & ~(LGSIZE - 1))
#define LGROUNDDOWN(a)  (((a)) & ~(LGSIZE - 1))
#endif

#endif
