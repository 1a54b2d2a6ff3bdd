/*
 * disk.c - INT 13h reads (see disk.h). Phoenix EDD 3.0 for AH=41h/42h; RBIL
 * for AH=00h/02h/08h.
 */
#include "boot/bios.h"
#include "boot/disk.h"
#include "boot/layout.h"
#include "boot/lerr.h"
#include "lib/string.h"

#define TRIES 3

/* EDD 3.0, 7.1: the disk address packet. Real-mode calls need it below 1 MiB. */
static struct dap {
    uint8_t size; /* 16 */
    uint8_t zero;
    uint16_t count;
    uint16_t buf_off, buf_seg;
    uint64_t lba;
} __attribute__((packed)) dap;

static uint8_t drive;
static int edd;
static uint32_t spt, heads; /* CHS geometry from AH=08h */

static int has_edd(void)
{
    struct rmregs r = {0};
    r.eax = 0x4100;
    r.ebx = 0x55AA;
    r.edx = drive;
    return bios_int(0x13, &r) && (r.ebx & 0xFFFF) == 0xAA55 && (r.ecx & 1);
}

static int get_geometry(void)
{
    struct rmregs r = {0};
    r.eax = 0x0800;
    r.edx = drive;
    if (!bios_int(0x13, &r))
        return 0;
    spt = r.ecx & 0x3F;
    heads = ((r.edx >> 8) & 0xFF) + 1;
    return spt != 0;
}

int disk_init(uint8_t d, int force_chs)
{
    drive = d;
    edd = !force_chs && has_edd();
    return edd || get_geometry() ? 0 : LERR_DISK;
}

int disk_uses_edd(void)
{
    return edd;
}

static void disk_reset(void)
{
    struct rmregs r = {0};
    r.edx = drive;
    bios_int(0x13, &r);
}

/* One BIOS call: 'count' sectors from 'lba' into the bounce buffer. */
static int read_once(uint32_t lba, uint32_t count)
{
    struct rmregs r = {0};
    if (edd) {
        dap = (struct dap){16, 0, (uint16_t)count, RM_OFF(BOUNCE_ADDR), RM_SEG(BOUNCE_ADDR), lba};
        r.eax = 0x4200;
        r.edx = drive;
        r.ds = RM_SEG(&dap);
        r.esi = RM_OFF(&dap);
        return bios_int(0x13, &r);
    }
    /* CHS: one sector per call, so no read crosses a track or head. */
    for (uint32_t i = 0; i < count; i++, lba++) {
        uint32_t s = lba % spt + 1, t = lba / spt, h = t % heads, c = t / heads;
        if (c > 1023)
            return 0; /* beyond what CHS can address */
        uint32_t dst = BOUNCE_ADDR + i * SECTOR_SIZE;
        r = (struct rmregs){0};
        r.eax = 0x0201;
        r.ecx = ((c & 0xFF) << 8) | ((c >> 2) & 0xC0) | s;
        r.edx = (h << 8) | drive;
        r.es = RM_SEG(dst);
        r.ebx = RM_OFF(dst);
        if (!bios_int(0x13, &r))
            return 0;
    }
    return 1;
}

static int read_chunk(uint32_t lba, uint32_t count)
{
    for (int try = 0; try < TRIES; try++) {
        if (read_once(lba, count))
            return 0;
        disk_reset();
    }
    return LERR_READ;
}

int disk_read_bytes(uint64_t off, void *dst, uint32_t len)
{
    uint8_t *d = dst;
    while (len > 0) {
        uint32_t lba = (uint32_t)(off >> 9), skip = (uint32_t)(off & (SECTOR_SIZE - 1));
        uint32_t sectors = (skip + len + SECTOR_SIZE - 1) / SECTOR_SIZE;
        if (sectors > DISK_CHUNK_SECTORS)
            sectors = DISK_CHUNK_SECTORS;
        int err = read_chunk(lba, sectors);
        if (err < 0)
            return err;
        uint32_t n = sectors * SECTOR_SIZE - skip;
        if (n > len)
            n = len;
        memcpy(d, (const uint8_t *)BOUNCE_ADDR + skip, n);
        d += n;
        off += n;
        len -= n;
    }
    return 0;
}
