/*
 * ksrc_disk.c - the kernel file on the boot disk (see ksrc_disk.h): large
 * INT 13h reads through disk_read_bytes, straight to where kload wants them.
 */
#include "boot/disk.h"
#include "boot/ksrc_disk.h"
#include "boot/layout.h"
#include "lib/console.h"
#include "lib/string.h"

static uint32_t kernel_lba;

/* kload's reads: any range of the file, in large INT 13h reads (disk_read_bytes). */
static int disk_src_read(struct ksource *src, uint32_t off, void *dst, uint32_t len, char *why,
                         uint32_t n)
{
    (void)src;
    int err = disk_read_bytes((uint64_t)kernel_lba * SECTOR_SIZE + off, dst, len);
    if (err < 0)
        strlcpy(why, "kernel: disk read error", n);
    return err;
}

int ksrc_disk_open(struct ksource *src, uint8_t drive, uint32_t lba, uint32_t size, int force_chs,
                   char *why, uint32_t n)
{
    int err = disk_init(drive, force_chs);
    if (err < 0) {
        strlcpy(why, "kernel: boot drive cannot be read (no EDD, no CHS geometry)", n);
        return err;
    }
    cprintf("stage2: kernel: %u bytes at LBA %u, drive 0x%x, %s reads\n", size, lba, drive,
            disk_uses_edd() ? "EDD" : "CHS");
    kernel_lba = lba;
    *src = (struct ksource){size, disk_src_read, 0};
    return 0;
}
