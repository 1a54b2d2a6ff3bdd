/*
 * multiboot.h - a Multiboot 1 hand-off (include/multiboot.h) turned into a
 * boot-info block, so the rest of the kernel sees one kind of hand-off.
 */
#ifndef BOOTLAB_KERNEL_MULTIBOOT_H
#define BOOTLAB_KERNEL_MULTIBOOT_H

#include <stdint.h>
#include "include/bootinfo.h"
#include "include/multiboot.h"

/*
 * A window on physical memory: return a pointer through which 'len' bytes at
 * physical address 'pa' can be read, or 0 if they are not all readable. The
 * kernel's version (kernel/handoff.c) allows only [0, ENTRYMAP), what
 * entrypgdir maps; host tests pass a simulated memory.
 */
typedef const void *(*mb_map_fn)(void *ctx, uint32_t pa, uint32_t len);

/*
 * multiboot_convert - turn the Multiboot information at physical address
 * mbi_pa into a boot-info block *out (source BOOT_MULTIBOOT, mem_method
 * MEM_MULTIBOOT): the mmap entries in loader order if there are any, else a
 * map built from mem_lower/mem_upper; the command line; the loader name with
 * spaces turned into '-'; the network identity (BI_NET_VALID) when the
 * command line carries "mac=aa:bb:cc:dd:ee:ff ip=a.b.c.d [server=a.b.c.d]".
 * Reads only through map(). Allocates nothing. Returns 0 on success, else a
 * static message saying why the information cannot be used (unreadable
 * structure, no memory information at all).
 */
const char *multiboot_convert(uint32_t mbi_pa, mb_map_fn map, void *ctx, struct bootinfo *out);

#endif
