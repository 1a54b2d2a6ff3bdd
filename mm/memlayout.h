/*
 * memlayout.h - the kernel's physical and virtual layout (the lecture's names).
 *
 *   virtual                          physical
 *   0xFE000000..4 GiB   DEVSPACE  -> 0xFE000000..4 GiB (identity: I/O APIC, LAPIC, ...)
 *   KERNBASE+limit      (unmapped)
 *   data..KERNBASE+limit          -> V2P(data)..limit  (kernel data, bss, free memory)
 *   KERNLINK..data                -> EXTMEM..V2P(data) (kernel text, rodata: read-only)
 *   KERNBASE..KERNLINK            -> 0..EXTMEM         (BIOS, VGA, boot-info block)
 *
 * limit = min(PHYSTOP, top of usable RAM below 4 GiB), computed at boot from
 * the firmware's memory map (mm/e820.c) instead of assumed.
 */
#ifndef BOOTLAB_MM_MEMLAYOUT_H
#define BOOTLAB_MM_MEMLAYOUT_H

#define EXTMEM   0x100000   /* start of extended memory: where the kernel is loaded */
#define PHYSTOP  0xE000000  /* 224 MiB: the most physical memory the kernel maps */
#define DEVSPACE 0xFE000000 /* memory-mapped devices at the top of the 32-bit space */

#define KERNBASE 0x80000000          /* first kernel virtual address */
#define KERNLINK (KERNBASE + EXTMEM) /* the address the kernel is linked at */

#ifndef __ASSEMBLER__
#include <stdint.h>
#ifdef BOOTLAB_HOST
/* Host unit tests simulate physical memory: see tests/unit/simphys.h. */
void *sim_p2v(uint32_t pa);
uint32_t sim_v2p(const void *va);
#define P2V(a) sim_p2v((uint32_t)(a))
#define V2P(a) sim_v2p((const void *)(a))
#else
#define V2P(a) (((uint32_t)(a)) - KERNBASE)
#define P2V(a) ((void *)(((char *)(a)) + KERNBASE))
#endif
#endif

/* The same conversions for assembly and for constant initializers. */
#define V2P_WO(x) ((x)-KERNBASE)
#define P2V_WO(x) ((x) + KERNBASE)

#endif
