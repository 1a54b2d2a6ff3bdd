/*
 * physwin.h - a window onto any physical address below 4 GiB, for reading
 * firmware tables (SMBIOS) before kvmalloc. Until switchkvm the kernel runs
 * on entrypgdir, which maps only [0, ENTRYMAP); the window adds two 4 MiB
 * pages (CR4.PSE is on: kernel/entry.S) at PHYSWIN in entrypgdir, read-only,
 * and takes them away again. kpgdir never has them: the self-check walks it.
 */
#ifndef BOOTLAB_KERNEL_PHYSWIN_H
#define BOOTLAB_KERNEL_PHYSWIN_H

#include <stdint.h>

/* Where the window appears: PDX 0x100 and 0x101, which nothing else uses. */
#define PHYSWIN 0x40000000u

/*
 * physwin_map - physical [pa, pa + len) as a kernel pointer, until
 * physwin_unmap. len is at most 4 MiB. Returns 0 when the range does not lie
 * below 4 GiB. Panics when called after switchkvm (a bug: the window lives in
 * entrypgdir).
 */
const void *physwin_map(uint64_t pa, uint32_t len);

/* physwin_unmap - remove the window's pages and their TLB entries. */
void physwin_unmap(void);

#endif
