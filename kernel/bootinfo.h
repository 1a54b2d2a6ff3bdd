/*
 * kernel/bootinfo.h - is a boot-info block fit to use?
 */
#ifndef BOOTLAB_KERNEL_BOOTINFO_H
#define BOOTLAB_KERNEL_BOOTINFO_H

#include <stdint.h>
#include "include/bootinfo.h"

/*
 * bootinfo_check - why the block at blk (len readable bytes) cannot be used,
 * or 0 if it can. Pure: the host tests and fuzzers call it on any bytes.
 * The message is a static string.
 */
const char *bootinfo_check(const void *blk, uint32_t len);

#endif
