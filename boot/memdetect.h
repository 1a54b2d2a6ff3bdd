/*
 * memdetect.h - the BIOS memory map, by INT 15h E820h, E801h or 88h.
 */
#ifndef BOOTLAB_BOOT_MEMDETECT_H
#define BOOTLAB_BOOT_MEMDETECT_H

#include "include/bootinfo.h"

/*
 * memdetect - fill bi->mmap[], bi->mmap_count, bi->mem_method, the raw
 * E801h/88h/INT 12h values and the BI_E820_* flags. Tries E820h, then E801h,
 * then 88h. Returns the entry count, or LERR_MEMMAP when every method failed
 * (bi->mem_method is then MEM_NONE).
 */
int memdetect(struct bootinfo *bi);

#endif
