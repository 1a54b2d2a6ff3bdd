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
#include "boot/layout.h"

static void die(const char *fmt, const char *arg)
{
    fprintf(stderr, "mkdisk: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n");
    exit(1);
}

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        die("cannot open %s", path);
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    size_t r;
    while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap)
            buf = realloc(buf, cap *= 2);
    }
    if (!buf || ferror(f))
        die("cannot read %s", path);
    fclose(f);
    *len = n;
    return buf;
}

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, (uint16_t)v);
    put16(p + 2, (uint16_t)(v >> 16));
}

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

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

/* The word-sum checksum stage one verifies: all stage-two words add to 0. */
static void seal_stage2(uint8_t *s2, uint32_t bytes)
{
    uint16_t sum = 0;
    put16(s2 + S2H_CSUM, 0);
    for (uint32_t i = 0; i < bytes; i += 2)
        sum = (uint16_t)(sum + get16(s2 + i));
    put16(s2 + S2H_CSUM, (uint16_t)(0u - sum));
}

int main(int argc, char **argv)
{
    const char *out = NULL, *p1 = NULL, *p2 = NULL, *pk = NULL, *cmdline = "";
    int force_chs = 0;
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
            die("usage: mkdisk -o IMG -1 STAGE1 -2 STAGE2 -k KERNEL [-c CMDLINE] [--force-chs]%s",
                "");
    }
    if (!out || !p1 || !p2 || !pk)
        die("need -o, -1, -2 and -k%s", "");

    size_t n1, n2, nk;
    uint8_t *s1 = slurp(p1, &n1), *s2raw = slurp(p2, &n2), *k = slurp(pk, &nk);
    if (n1 != SECTOR_SIZE || s1[510] != 0x55 || s1[511] != 0xAA)
        die("%s is not a 512-byte boot sector ending in 55 AA", p1);
    if (get16(s1 + S1_CFG_MAGIC) != S1_MAGIC)
        die("%s has no stage-one config words at S1_CFG_OFF", p1);
    uint32_t s2sec = (uint32_t)((n2 + SECTOR_SIZE - 1) / SECTOR_SIZE);
    if (s2sec > STAGE2_MAX_SECTORS)
        die("%s is larger than STAGE2_MAX_SECTORS sectors", p2);
    if (n2 < STAGE2_HDR_SIZE || s2raw[0] != 'B' || s2raw[1] != 'L' || s2raw[2] != 'S')
        die("%s does not start with the stage-two header", p2);
    if (strlen(cmdline) >= S2H_CMDLINE_LEN)
        die("command line too long: %s", cmdline);
    if (nk > 0xFFFFFFFFu)
        die("%s is larger than 4 GiB", pk);

    uint32_t klba = 1 + s2sec;
    uint64_t end = (uint64_t)(klba * SECTOR_SIZE) + nk;
    uint64_t total = end < DISK_MIN_BYTES ? DISK_MIN_BYTES : (end + 4095) / 4096 * 4096;
    uint8_t *img = calloc(1, total);
    if (!img)
        die("out of memory%s", "");

    uint8_t *s2 = img + SECTOR_SIZE;
    memcpy(s2, s2raw, n2);
    put16(s2 + S2H_SECTORS, (uint16_t)s2sec);
    put32(s2 + S2H_KERNEL_LBA, klba);
    put32(s2 + S2H_KERNEL_SIZE, (uint32_t)nk);
    put32(s2 + S2H_FLAGS, force_chs ? S2F_FORCE_CHS : 0);
    memset(s2 + S2H_CMDLINE, 0, S2H_CMDLINE_LEN);
    memcpy(s2 + S2H_CMDLINE, cmdline, strlen(cmdline));
    seal_stage2(s2, s2sec * SECTOR_SIZE);

    memcpy(img, s1, SECTOR_SIZE);
    put16(img + S1_CFG_S2_SECTORS, (uint16_t)s2sec);
    img[S1_CFG_FLAGS] = force_chs ? 1 : 0;
    uint8_t *pe = img + S1_PART_TABLE_OFF;
    uint32_t psize = (uint32_t)(total / SECTOR_SIZE - 1);
    pe[0] = 0x80; /* active */
    chs(pe + 1, 1);
    pe[4] = 0xDA; /* non-filesystem data */
    chs(pe + 5, psize);
    put32(pe + 8, 1);
    put32(pe + 12, psize);

    memcpy(img + klba * SECTOR_SIZE, k, nk);
    FILE *f = fopen(out, "wb");
    if (!f || fwrite(img, 1, total, f) != total || fclose(f) != 0)
        die("cannot write %s", out);
    printf("mkdisk: %s: stage1 512 B, stage2 %u sectors (%zu B), kernel %zu B at LBA %u, "
           "image %llu B\n",
           out, s2sec, n2, nk, klba, (unsigned long long)total);
    free(img);
    free(s1);
    free(s2raw);
    free(k);
    return 0;
}
