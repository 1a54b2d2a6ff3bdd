/*
 * mkdisk.c - build a bootable raw disk image (host tool).
 *
 *   mkdisk -o disk.img -1 stage1.bin -2 stage2.bin -k kernel.elf [-c CMDLINE] [--force-chs]
 *
 * Layout and header fields: boot/layout.h. The kernel file is copied as it is
 * (tests build images of broken kernels on purpose: the loader must refuse
 * them, not mkdisk). The image gets one active MBR partition of type 0xDA
 * ("non-filesystem data") over LBA 1..end, because some BIOSes will only boot
 * a USB stick as a hard disk when its MBR has an active partition.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "boot/hosttool.h"
#include "boot/layout.h"

/* CHS address of an LBA in the 255-head, 63-sector translation, for the MBR. */
static void chs(uint8_t *p, uint32_t lba)
{
    uint32_t c = lba / (255 * 63), h = lba / 63 % 255, s = lba % 63 + 1;
    if (c > 1023) { /* beyond CHS: the customary "use LBA" marker */
        c = 1023;
        h = 254;
        s = 63;
    }
    p[0] = (uint8_t)h;
    p[1] = (uint8_t)(s | ((c >> 2) & 0xC0));
    p[2] = (uint8_t)c;
}

int main(int argc, char **argv)
{
    const char *out = NULL, *p1 = NULL, *p2 = NULL, *pk = NULL, *cmdline = "";
    int force_chs = 0;
    ht_tool = "mkdisk";
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--force-chs"))
            force_chs = 1;
        else if (i + 1 < argc && !strcmp(argv[i], "-o"))
            out = argv[++i];
        else if (i + 1 < argc && !strcmp(argv[i], "-1"))
            p1 = argv[++i];
        else if (i + 1 < argc && !strcmp(argv[i], "-2"))
            p2 = argv[++i];
        else if (i + 1 < argc && !strcmp(argv[i], "-k"))
            pk = argv[++i];
        else if (i + 1 < argc && !strcmp(argv[i], "-c"))
            cmdline = argv[++i];
        else
            ht_die("usage: mkdisk -o IMG -1 STAGE1 -2 STAGE2 -k KERNEL [-c CMDLINE] [--force-chs]",
                   NULL);
    }
    if (!out || !p1 || !p2 || !pk)
        ht_die("need -o, -1, -2 and -k", NULL);

    size_t n1, n2, nk;
    uint8_t *s1 = ht_slurp(p1, 0, &n1), *s2raw = ht_slurp(p2, 0, &n2), *k = ht_slurp(pk, 0, &nk);
    if (n1 != SECTOR_SIZE || s1[510] != 0x55 || s1[511] != 0xAA)
        ht_die("not a 512-byte boot sector ending in 55 AA", p1);
    if (ht_get16(s1 + S1_CFG_MAGIC) != S1_MAGIC)
        ht_die("no stage-one config words at S1_CFG_OFF", p1);
    uint32_t s2sec = (uint32_t)((n2 + SECTOR_SIZE - 1) / SECTOR_SIZE);
    if (s2sec > STAGE2_MAX_SECTORS)
        ht_die("stage two is larger than STAGE2_MAX_SECTORS sectors", p2);
    if (n2 < STAGE2_HDR_SIZE || ht_get32(s2raw + S2H_MAGIC) != STAGE2_MAGIC)
        ht_die("no stage-two header", p2);
    if (strlen(cmdline) >= S2H_CMDLINE_LEN)
        ht_die("command line too long", cmdline);
    if (nk > 0xFFFFFFFFu)
        ht_die("kernel larger than 4 GiB", pk);

    uint32_t klba = 1 + s2sec;
    uint64_t end = (uint64_t)(klba * SECTOR_SIZE) + nk;
    uint64_t total = end < DISK_MIN_BYTES ? DISK_MIN_BYTES : (end + 4095) / 4096 * 4096;
    uint8_t *img = calloc(1, total);
    if (!img)
        ht_die("out of memory", NULL);

    uint8_t *s2 = img + SECTOR_SIZE;
    memcpy(s2, s2raw, n2);
    s2_fill(s2, s2sec, klba, (uint32_t)nk, force_chs ? S2F_FORCE_CHS : 0, cmdline);

    memcpy(img, s1, SECTOR_SIZE);
    ht_put16(img + S1_CFG_S2_SECTORS, (uint16_t)s2sec);
    img[S1_CFG_FLAGS] = force_chs ? 1 : 0;
    uint8_t *pe = img + S1_PART_TABLE_OFF;
    uint32_t psize = (uint32_t)(total / SECTOR_SIZE - 1);
    pe[0] = 0x80; /* active */
    chs(pe + 1, 1);
    pe[4] = 0xDA; /* non-filesystem data */
    chs(pe + 5, psize);
    ht_put32(pe + 8, 1);
    ht_put32(pe + 12, psize);

    memcpy(img + klba * SECTOR_SIZE, k, nk);
    ht_write(out, img, total);
    printf("mkdisk: %s: stage1 512 B, stage2 %u sectors (%zu B), kernel %zu B at LBA %u, "
           "image %llu B\n",
           out, s2sec, n2, nk, klba, (unsigned long long)total);
    free(img);
    free(s1);
    free(s2raw);
    free(k);
    return 0;
}
