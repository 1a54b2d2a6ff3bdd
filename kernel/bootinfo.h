/*
 * kernel/bootinfo.h - taking the loader's boot-info block.
 */
#ifndef BOOTLAB_KERNEL_BOOTINFO_H
#define BOOTLAB_KERNEL_BOOTINFO_H

#include <stdint.h>
#include "boot/bootinfo.h"

/*
 * bootinfo_check - why the block at blk (len readable bytes) cannot be used,
 * or 0 if it can. Pure: the host tests and fuzzers call it on any bytes.
 * The message is a static string.
 */
const char *bootinfo_check(const void *blk, uint32_t len);

/*
 * bootinfo_accept - check the loader's hand-off (EAX magic, EBX physical
 * address) and copy the block into *out. Called under entrypgdir, so the
 * block must lie in the first 4 MiB. Refuses a bad block with a message and
 * halts: the kernel cannot size memory without it.
 */
void bootinfo_accept(uint32_t magic, uint32_t pa, struct bootinfo *out);

#endif
