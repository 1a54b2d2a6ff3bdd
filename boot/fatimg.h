/*
 * fatimg.h - a FAT16 file system built in memory (host tool code): the EFI
 * System Partition of the hybrid disk image (boot/mkdisk.c), so building the
 * image needs no mtools or dosfstools.
 *
 * On-disk format: Microsoft "FAT: General Overview of On-Disk Format" 1.03
 * (the BPB and its fields, the FAT16 cluster-count range 4085..65524, the
 * directory entry) and UEFI 2.10, 13.3 (an ESP is FAT12, FAT16 or FAT32;
 * FAT16 is what removable media of this size use). Short 8.3 names only;
 * all-lower-case names keep their case through the NT case bits of the
 * directory entry (byte 12), which EDK2's FAT driver and mtools honour.
 */
#ifndef BOOTLAB_BOOT_FATIMG_H
#define BOOTLAB_BOOT_FATIMG_H

#include <stddef.h>
#include <stdint.h>

#define FAT_SECTOR       512
#define FAT_MIN_BYTES    (8u << 20) /* 16384 sectors: FAT16 with one sector per cluster */
#define FAT_MAX_FILES    8
#define FAT_ROOT_ENTRIES 512

/* One file to put into the volume: a path of 8.3 names ("EFI/BOOT/BOOTX64.EFI"). */
struct fat_file {
    const char *path;
    const uint8_t *data;
    size_t size;
};

/*
 * fat_bytes - the size of a volume that holds files[0..n): at least
 * FAT_MIN_BYTES, else the files' clusters plus a quarter, rounded up to a
 * MiB. Never below what fat_build needs.
 */
uint32_t fat_bytes(const struct fat_file *files, int n);

/*
 * fat_build - write a FAT16 volume of 'bytes' bytes (a multiple of a MiB,
 * from fat_bytes) into img (zeroed by the caller), holding files[0..n) in
 * the directories their paths name, which it creates. hidden is the
 * volume's first LBA on the disk (the BPB's hidden sectors), label its
 * volume label (at most 11 characters). Returns 0, or what is wrong (a
 * name that is not 8.3, too many files, no room) as a static string.
 */
const char *fat_build(uint8_t *img, uint32_t bytes, uint32_t hidden, const char *label,
                      const struct fat_file *files, int n);

#endif
