/*
 * handoff.h - taking over from the loader, whichever protocol it spoke.
 */
#ifndef BOOTLAB_KERNEL_HANDOFF_H
#define BOOTLAB_KERNEL_HANDOFF_H

#include <stdint.h>
#include "include/bootinfo.h"

/*
 * handoff_accept - the loader's hand-off (EAX magic, EBX physical address)
 * as a checked boot-info block in *out: a bootlab loader's block is copied
 * (BOOTINFO_MAGIC), a Multiboot loader's information is converted
 * (MULTIBOOT_LOADER_MAGIC; GRUB, iPXE, QEMU -kernel). Runs under entrypgdir,
 * so everything it reads must lie below ENTRYMAP. Refuses anything else
 * with stop(): the kernel cannot size memory without it.
 */
void handoff_accept(uint32_t magic, uint32_t pa, struct bootinfo *out);

#endif
