/*
 * ksrc_disk.h - the kernel file on the boot disk, as a kload source.
 */
#ifndef BOOTLAB_BOOT_KSRC_DISK_H
#define BOOTLAB_BOOT_KSRC_DISK_H

#include <stdint.h>
#include "boot/kload.h"

/*
 * ksrc_disk_open - set up *src to read the 'size'-byte kernel file that
 * starts at sector 'lba' of BIOS drive 'drive' (from the stage-two header),
 * with EDD reads unless force_chs. Prints the progress line. Returns 0, or
 * LERR_DISK with a message in why[n] when the drive cannot be read at all.
 */
int ksrc_disk_open(struct ksource *src, uint8_t drive, uint32_t lba, uint32_t size, int force_chs,
                   char *why, uint32_t n);

#endif
