/*
 * memlayout.h - the kernel's physical and virtual layout (the lecture's names).
 *
 *   virtual                          physical
 *   0xFE000000..4 GiB   DEVSPACE  -> 0xFE000000..4 GiB (identity: I/O APIC, LAPIC, ...)
 *   FBSPACE..           (UEFI PCs) -> the GOP framebuffer, wherever the firmware put it
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
/*
 * A UEFI PC's framebuffer (the kmap fb row, docs/architecture.md): at this
 * virtual address, not at its physical one, because firmware puts it where
 * the kernel's own addresses are (OVMF: 0x80000000 = KERNBASE, 0xC0000000,
 * 0xE0000000). Up to DEVSPACE: 224 MiB, more than a 7680x4320 screen needs.
 */
#define FBSPACE 0xF0000000

#define KERNBASE 0x80000000          /* first kernel virtual address */
#define KERNLINK (KERNBASE + EXTMEM) /* the address the kernel is linked at */

/*
 * entrypgdir (kernel/main.c) maps physical [0, ENTRYMAP) at 0 and at
 * KERNBASE with one 4 MiB page each: until switchkvm the kernel can reach
 * nothing above ENTRYMAP (the boot-info block, kinit1's pages).
 */
#define ENTRYMAP 0x400000

#ifndef __ASSEMBLER__
#include <stdint.h>
#define V2P(a) (((uint32_t)(uintptr_t)(a)) - KERNBASE)
#define P2V(a) ((void *)((uintptr_t)(a) + KERNBASE))
#endif

/* The same conversion for assembly, where there are no casts. */
#define V2P_WO(x) ((x)-KERNBASE)

#endif
