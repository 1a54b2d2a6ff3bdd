/*
 * disk.h - reading the boot disk through INT 13h.
 */
#ifndef BOOTLAB_BOOT_DISK_H
#define BOOTLAB_BOOT_DISK_H

#include <stdint.h>

/*
 * disk_init - pick the read method for BIOS drive 'drive': EDD extended reads
 * (AH=42h) when AH=41h says they exist and force_chs is 0, else CHS reads with
 * the geometry from AH=08h. Returns 0, or LERR_DISK if neither works.
 */
int disk_init(uint8_t drive, int force_chs);

/* disk_uses_edd - 1 when disk_init chose AH=42h, 0 for CHS. */
int disk_uses_edd(void);

/*
 * disk_read_bytes - copy 'len' bytes starting at byte 'off' of the disk into
 * dst (anywhere in the 4 GiB space: the BIOS reads into the bounce buffer
 * below 1 MiB, in chunks of up to DISK_CHUNK_SECTORS). Returns 0, or
 * LERR_READ on a read error after retries.
 */
#define DISK_CHUNK_SECTORS 64 /* 32 KiB per BIOS call */
int disk_read_bytes(uint64_t off, void *dst, uint32_t len);

#endif
