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

/* Little-endian stores and loads, whatever the host's byte order. */
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

/* The stage-two header for a network boot (boot/layout.h), then the seal. */
static void fill_header(uint8_t *s2, size_t sectors, const char *cmdline)
{
    put16(s2 + S2H_SECTORS, (uint16_t)sectors);
    memset(s2 + S2H_KERNEL_LBA, 0, 12); /* no kernel on a disk: stage two fetches it */
    memset(s2 + S2H_CMDLINE, 0, S2H_CMDLINE_LEN);
    memcpy(s2 + S2H_CMDLINE, cmdline, strlen(cmdline));
    seal(s2, sectors * SECTOR_SIZE);
}

struct args {
    const char *out, *stub, *stage2, *cmdline;
};

/* The command line into *a; dies with the usage line on anything else. */
static void parse_args(int argc, char **argv, struct args *a)
{
    *a = (struct args){NULL, NULL, NULL, ""};
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "-o"))
            a->out = argv[i + 1];
        else if (!strcmp(argv[i], "-1"))
            a->stub = argv[i + 1];
        else if (!strcmp(argv[i], "-2"))
            a->stage2 = argv[i + 1];
        else if (!strcmp(argv[i], "-c"))
            a->cmdline = argv[i + 1];
        else
            die("unknown option ", argv[i]);
    }
    if (!a->out || !a->stub || !a->stage2 || argc % 2 == 0)
        die("usage: mkpxe -o OUT -1 STUB -2 STAGE2 [-c CMDLINE]", "");
}

int main(int argc, char **argv)
{
    struct args a;
    size_t n1, n2;
    parse_args(argc, argv, &a);
    uint8_t *stub = slurp(a.stub, SECTOR_SIZE, &n1);
    if (n1 != SECTOR_SIZE || get32(stub + PXE_STUB_MAGIC_OFF) != PXE_STUB_MAGIC)
        die("not the 512-byte PXE stub: ", a.stub);
    uint8_t *s2 = slurp(a.stage2, STAGE2_MAX_SECTORS * SECTOR_SIZE, &n2);
    size_t sectors = (n2 + SECTOR_SIZE - 1) / SECTOR_SIZE;
    if (n2 < STAGE2_HDR_SIZE || get32(s2) != STAGE2_MAGIC)
        die("no stage-two header in ", a.stage2);
    if (sectors > STAGE2_MAX_SECTORS || (1 + sectors) * SECTOR_SIZE > PXE_NBP_MAX)
        die("the NBP would be larger than 32 KiB: ", a.stage2);
    if (strlen(a.cmdline) >= S2H_CMDLINE_LEN)
        die("boot options too long: ", a.cmdline);
    fill_header(s2, sectors, a.cmdline);
    FILE *f = fopen(a.out, "wb");
    if (!f || fwrite(stub, 1, SECTOR_SIZE, f) != SECTOR_SIZE ||
        fwrite(s2, 1, sectors * SECTOR_SIZE, f) != sectors * SECTOR_SIZE || fclose(f) != 0)
        die("cannot write ", a.out);
    printf("mkpxe: %s: stub 512 B + stage2 %zu sectors = %zu B (limit %d)\n", a.out, sectors,
           (1 + sectors) * SECTOR_SIZE, PXE_NBP_MAX);
    return 0;
}
