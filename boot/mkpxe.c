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
#include "boot/hosttool.h"
#include "boot/layout.h"

/* The stage-two header for a network boot: no kernel on a disk, stage two fetches it. */
static void fill_header(uint8_t *s2, size_t sectors, const char *cmdline)
{
    s2_fill(s2, (uint32_t)sectors, 0, 0, 0, cmdline);
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
            ht_die("unknown option", argv[i]);
    }
    if (!a->out || !a->stub || !a->stage2 || argc % 2 == 0)
        ht_die("usage: mkpxe -o OUT -1 STUB -2 STAGE2 [-c CMDLINE]", NULL);
}

int main(int argc, char **argv)
{
    struct args a;
    size_t n1, n2;
    ht_tool = "mkpxe";
    parse_args(argc, argv, &a);
    uint8_t *stub = ht_slurp(a.stub, SECTOR_SIZE, &n1);
    if (n1 != SECTOR_SIZE || ht_get32(stub + PXE_STUB_MAGIC_OFF) != PXE_STUB_MAGIC)
        ht_die("not the 512-byte PXE stub", a.stub);
    uint8_t *s2 = ht_slurp(a.stage2, STAGE2_MAX_SECTORS * SECTOR_SIZE, &n2);
    size_t sectors = (n2 + SECTOR_SIZE - 1) / SECTOR_SIZE;
    if (n2 < STAGE2_HDR_SIZE || ht_get32(s2) != STAGE2_MAGIC)
        ht_die("no stage-two header", a.stage2);
    if (sectors > STAGE2_MAX_SECTORS || (1 + sectors) * SECTOR_SIZE > PXE_NBP_MAX)
        ht_die("the NBP would be larger than 32 KiB", a.stage2);
    if (strlen(a.cmdline) >= S2H_CMDLINE_LEN)
        ht_die("boot options too long", a.cmdline);
    fill_header(s2, sectors, a.cmdline);
    uint8_t *nbp = calloc(1 + sectors, SECTOR_SIZE);
    if (!nbp)
        ht_die("out of memory", NULL);
    memcpy(nbp, stub, SECTOR_SIZE);
    memcpy(nbp + SECTOR_SIZE, s2, sectors * SECTOR_SIZE);
    ht_write(a.out, nbp, (1 + sectors) * SECTOR_SIZE);
    printf("mkpxe: %s: stub 512 B + stage2 %zu sectors = %zu B (limit %d)\n", a.out, sectors,
           (1 + sectors) * SECTOR_SIZE, PXE_NBP_MAX);
    return 0;
}
