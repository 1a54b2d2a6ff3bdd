/*
 * mkpxe.c - build the PXE network bootstrap program (host tool).
 *
 *   mkpxe -o bootlab.pxe -1 pxe_stub.bin -2 stage2.bin [-c CMDLINE]
 *
 * Output: the 512-byte stub, then stage two padded to whole sectors, its
 * header filled in (boot/layout.h: sector count, no disk kernel, boot
 * options) and sealed with the word-sum checksum the stub verifies. The PXE
 * ROM loads the whole file at 0x7C00, so stage two lands at 0x7E00. Refuses
 * to write a file larger than PXE_NBP_MAX.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "boot/layout.h"

static void die(const char *msg, const char *arg)
{
    fprintf(stderr, "mkpxe: %s%s\n", msg, arg);
    exit(1);
}

/* Read all of path into a new buffer of at least min bytes (zero padded). */
static uint8_t *slurp(const char *path, size_t min, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f || fseek(f, 0, SEEK_END) != 0)
        die("cannot open ", path);
    long n = ftell(f);
    rewind(f);
    uint8_t *buf = calloc(1, (size_t)n > min ? (size_t)n : min);
    if (n < 0 || !buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
        die("cannot read ", path);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The stub's check: all 16-bit words of the stage-two sectors add up to 0. */
static void seal(uint8_t *s2, size_t bytes)
{
    uint16_t sum = 0;
    put16(s2 + S2H_CSUM, 0);
    for (size_t i = 0; i < bytes; i += 2)
        sum = (uint16_t)(sum + (s2[i] | s2[i + 1] << 8));
    put16(s2 + S2H_CSUM, (uint16_t)(0u - sum));
}

static void fill_header(uint8_t *s2, size_t sectors, const char *cmdline)
{
    put16(s2 + S2H_SECTORS, (uint16_t)sectors);
    memset(s2 + S2H_KERNEL_LBA, 0, 12); /* no kernel on a disk: stage two fetches it */
    memset(s2 + S2H_CMDLINE, 0, S2H_CMDLINE_LEN);
    memcpy(s2 + S2H_CMDLINE, cmdline, strlen(cmdline));
    seal(s2, sectors * SECTOR_SIZE);
}

int main(int argc, char **argv)
{
    const char *out = NULL, *p1 = NULL, *p2 = NULL, *cmdline = "";
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "-o"))
            out = argv[i + 1];
        else if (!strcmp(argv[i], "-1"))
            p1 = argv[i + 1];
        else if (!strcmp(argv[i], "-2"))
            p2 = argv[i + 1];
        else if (!strcmp(argv[i], "-c"))
            cmdline = argv[i + 1];
        else
            die("unknown option ", argv[i]);
    }
    if (!out || !p1 || !p2 || argc % 2 == 0)
        die("usage: mkpxe -o OUT -1 STUB -2 STAGE2 [-c CMDLINE]", "");
    size_t n1, n2;
    uint8_t *stub = slurp(p1, SECTOR_SIZE, &n1);
    if (n1 != SECTOR_SIZE || get32(stub + PXE_STUB_MAGIC_OFF) != PXE_STUB_MAGIC)
        die("not the 512-byte PXE stub: ", p1);
    size_t sectors = 0;
    uint8_t *s2 = slurp(p2, STAGE2_MAX_SECTORS * SECTOR_SIZE, &n2);
    sectors = (n2 + SECTOR_SIZE - 1) / SECTOR_SIZE;
    if (n2 < STAGE2_HDR_SIZE || get32(s2) != STAGE2_MAGIC)
        die("no stage-two header in ", p2);
    if (sectors > STAGE2_MAX_SECTORS || (1 + sectors) * SECTOR_SIZE > PXE_NBP_MAX)
        die("the NBP would be larger than 32 KiB: ", p2);
    if (strlen(cmdline) >= S2H_CMDLINE_LEN)
        die("boot options too long: ", cmdline);
    fill_header(s2, sectors, cmdline);
    FILE *f = fopen(out, "wb");
    if (!f || fwrite(stub, 1, SECTOR_SIZE, f) != SECTOR_SIZE ||
        fwrite(s2, 1, sectors * SECTOR_SIZE, f) != sectors * SECTOR_SIZE || fclose(f) != 0)
        die("cannot write ", out);
    printf("mkpxe: %s: stub 512 B + stage2 %zu sectors = %zu B (limit %d)\n", out, sectors,
           (1 + sectors) * SECTOR_SIZE, PXE_NBP_MAX);
    return 0;
}
