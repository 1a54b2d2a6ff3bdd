/*
 * mkdisk.c - build a bootable raw disk image (host tool).
 *
 *   mkdisk -o disk.img -1 stage1.bin -2 stage2.bin -k kernel.elf [-c CMDLINE] [--force-chs]
 *          [-u BOOTX64.EFI [-u BOOTIA32.EFI]]
 *
 * Layout and header fields: boot/layout.h. The kernel file is copied as it is
 * (tests build images of broken kernels on purpose: the loader must refuse
 * them, not mkdisk). The image gets one active MBR partition of type 0xDA
 * ("non-filesystem data") over the BIOS part, because some BIOSes will only
 * boot a USB stick as a hard disk when its MBR has an active partition.
 *
 * With -u (the UEFI loader, x86-64 or IA-32: the PE header says which) the
 * image boots UEFI PCs too: after the BIOS part, from the next MiB on (LBA
 * 2048 for any kernel below 1000 KiB), an EFI System Partition (MBR type
 * 0xEF, UEFI 2.10, 5.2.1) with a FAT16 file system (boot/fatimg.c) holding
 * EFI/BOOT/BOOTX64.EFI (or BOOTIA32.EFI: the removable-media names of UEFI
 * 2.10, 3.5.1.1), bootlab/kernel.elf and, with -c, bootlab/cmdline.txt. The
 * BIOS part is the same bytes either way: stage one and stage two read
 * sectors, never the partition table.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "boot/fatimg.h"
#include "boot/hosttool.h"
#include "boot/layout.h"

#define MAX_LOADERS   2
#define MIB_SECTORS   (1u << 20) / SECTOR_SIZE
#define PE_MACHINE_64 0x8664 /* PE/COFF IMAGE_FILE_MACHINE_AMD64 */
#define PE_MACHINE_32 0x014C /* IMAGE_FILE_MACHINE_I386 */

/* A UEFI loader for the ESP, named by its PE machine type. */
struct loader {
    const char *path;
    uint8_t *data;
    size_t size;
};

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

/* One MBR partition entry (the classic 16-byte layout at 0x1BE + 16 * i). */
static void partition(uint8_t *img, int i, int active, uint8_t type, uint32_t lba, uint32_t n)
{
    uint8_t *pe = img + S1_PART_TABLE_OFF + 16 * i;
    pe[0] = active ? 0x80 : 0;
    chs(pe + 1, lba);
    pe[4] = type;
    chs(pe + 5, lba + n - 1);
    ht_put32(pe + 8, lba);
    ht_put32(pe + 12, n);
}

/* The ESP path of a UEFI loader: its PE header's machine type (PE/COFF spec, "Machine Types"). */
static const char *loader_path(const struct loader *l)
{
    if (l->size < 0x40 || ht_get32(l->data + 0x3C) > l->size - 6 ||
        memcmp(l->data + ht_get32(l->data + 0x3C), "PE\0\0", 4))
        ht_die("not a PE image", l->path);
    uint16_t machine = ht_get16(l->data + ht_get32(l->data + 0x3C) + 4);
    if (machine == PE_MACHINE_64)
        return "EFI/BOOT/BOOTX64.EFI";
    if (machine == PE_MACHINE_32)
        return "EFI/BOOT/BOOTIA32.EFI";
    ht_die("a UEFI loader for neither x86-64 nor IA-32", l->path);
}

/*
 * The ESP behind the BIOS part: files, FAT16, partition entry 1. img holds
 * esp_lba sectors of BIOS part and then room for the volume.
 */
static void write_esp(uint8_t *img, uint32_t esp_lba, uint32_t esp_bytes, struct fat_file *files,
                      int nfiles)
{
    const char *why = fat_build(img + (size_t)esp_lba * SECTOR_SIZE, esp_bytes, esp_lba, "BOOTLAB",
                                files, nfiles);
    if (why)
        ht_die("EFI System Partition", why);
    partition(img, 1, 0, 0xEF, esp_lba, esp_bytes / SECTOR_SIZE);
}

/* The command line. */
struct args {
    const char *out, *p1, *p2, *pk, *cmdline;
    int force_chs, nloaders;
    struct loader loaders[MAX_LOADERS];
};

static void parse_args(int argc, char **argv, struct args *a)
{
    *a = (struct args){.cmdline = ""};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--force-chs"))
            a->force_chs = 1;
        else if (i + 1 < argc && !strcmp(argv[i], "-o"))
            a->out = argv[++i];
        else if (i + 1 < argc && !strcmp(argv[i], "-1"))
            a->p1 = argv[++i];
        else if (i + 1 < argc && !strcmp(argv[i], "-2"))
            a->p2 = argv[++i];
        else if (i + 1 < argc && !strcmp(argv[i], "-k"))
            a->pk = argv[++i];
        else if (i + 1 < argc && !strcmp(argv[i], "-c"))
            a->cmdline = argv[++i];
        else if (i + 1 < argc && !strcmp(argv[i], "-u") && a->nloaders < MAX_LOADERS)
            a->loaders[a->nloaders++].path = argv[++i];
        else
            ht_die("usage: mkdisk -o IMG -1 STAGE1 -2 STAGE2 -k KERNEL [-c CMDLINE] [--force-chs] "
                   "[-u UEFI-LOADER]...",
                   NULL);
    }
    if (!a->out || !a->p1 || !a->p2 || !a->pk)
        ht_die("need -o, -1, -2 and -k", NULL);
}

/*
 * The ESP's files into files[] (at most MAX_LOADERS + 2): the loaders, the
 * kernel, and the boot options as cmdline.txt (text in cmdfile). Returns how
 * many; 0 without loaders (a BIOS-only image).
 */
static int esp_files(struct args *a, const uint8_t *k, size_t nk, char *cmdfile, size_t cap,
                     struct fat_file *files)
{
    int n = 0;
    for (int i = 0; i < a->nloaders; i++) {
        struct loader *l = &a->loaders[i];
        l->data = ht_slurp(l->path, 0, &l->size);
        files[n++] = (struct fat_file){loader_path(l), l->data, l->size};
    }
    if (!n)
        return 0;
    files[n++] = (struct fat_file){"bootlab/kernel.elf", k, nk};
    if (*a->cmdline) {
        snprintf(cmdfile, cap, "%s\n", a->cmdline);
        files[n++] = (struct fat_file){"bootlab/cmdline.txt", (uint8_t *)cmdfile, strlen(cmdfile)};
    }
    return n;
}

/* Stage one and two and their config: the sectors the BIOS path reads. */
static void bios_part(uint8_t *img, const struct args *a, const uint8_t *s1, const uint8_t *s2raw,
                      size_t n2, uint32_t s2sec, uint32_t nk)
{
    uint8_t *s2 = img + SECTOR_SIZE;
    memcpy(s2, s2raw, n2);
    s2_fill(s2, s2sec, 1 + s2sec, nk, a->force_chs ? S2F_FORCE_CHS : 0, a->cmdline);
    memcpy(img, s1, SECTOR_SIZE);
    ht_put16(img + S1_CFG_S2_SECTORS, (uint16_t)s2sec);
    img[S1_CFG_FLAGS] = a->force_chs ? 1 : 0;
}

/* Stage one and stage two as files, checked; stage two's sector count. */
static uint32_t read_stages(const struct args *a, uint8_t **s1, uint8_t **s2, size_t *n2)
{
    size_t n1;
    *s1 = ht_slurp(a->p1, 0, &n1);
    *s2 = ht_slurp(a->p2, 0, n2);
    if (n1 != SECTOR_SIZE || (*s1)[510] != 0x55 || (*s1)[511] != 0xAA)
        ht_die("not a 512-byte boot sector ending in 55 AA", a->p1);
    if (ht_get16(*s1 + S1_CFG_MAGIC) != S1_MAGIC)
        ht_die("no stage-one config words at S1_CFG_OFF", a->p1);
    uint32_t s2sec = (uint32_t)((*n2 + SECTOR_SIZE - 1) / SECTOR_SIZE);
    if (s2sec > STAGE2_MAX_SECTORS)
        ht_die("stage two is larger than STAGE2_MAX_SECTORS sectors", a->p2);
    if (*n2 < STAGE2_HDR_SIZE || ht_get32(*s2 + S2H_MAGIC) != STAGE2_MAGIC)
        ht_die("no stage-two header", a->p2);
    if (strlen(a->cmdline) >= S2H_CMDLINE_LEN)
        ht_die("command line too long", a->cmdline);
    return s2sec;
}

int main(int argc, char **argv)
{
    struct args a;
    struct fat_file files[MAX_LOADERS + 2];
    char cmdfile[S2H_CMDLINE_LEN + 1];
    size_t n2, nk;
    uint8_t *s1, *s2raw;
    ht_tool = "mkdisk";
    parse_args(argc, argv, &a);
    uint32_t s2sec = read_stages(&a, &s1, &s2raw, &n2);
    uint8_t *k = ht_slurp(a.pk, 0, &nk);
    if (nk > 0xFFFFFFFFu)
        ht_die("kernel larger than 4 GiB", a.pk);

    uint32_t klba = 1 + s2sec;
    uint64_t end = (uint64_t)(klba * SECTOR_SIZE) + nk;
    uint64_t total = end < DISK_MIN_BYTES ? DISK_MIN_BYTES : (end + 4095) / 4096 * 4096;
    int nfiles = esp_files(&a, k, nk, cmdfile, sizeof(cmdfile), files);
    /* The ESP from the first MiB boundary past the BIOS part (2048: the usual partition start). */
    uint32_t esp_lba = (uint32_t)((end + (1u << 20) - 1) >> 20) * MIB_SECTORS;
    uint32_t esp_bytes = nfiles ? fat_bytes(files, nfiles) : 0;
    if (nfiles)
        total = (uint64_t)esp_lba * SECTOR_SIZE + esp_bytes;
    uint8_t *img = calloc(1, total);
    if (!img)
        ht_die("out of memory", NULL);

    bios_part(img, &a, s1, s2raw, n2, s2sec, (uint32_t)nk);
    memcpy(img + klba * SECTOR_SIZE, k, nk);
    uint32_t bios_end = nfiles ? esp_lba : (uint32_t)(total / SECTOR_SIZE);
    partition(img, 0, 1, 0xDA, 1, bios_end - 1); /* 0xDA: non-filesystem data */
    if (nfiles)
        write_esp(img, esp_lba, esp_bytes, files, nfiles);
    ht_write(a.out, img, total);
    printf("mkdisk: %s: stage1 512 B, stage2 %u sectors (%zu B), kernel %zu B at LBA %u, "
           "image %llu B\n",
           a.out, s2sec, n2, nk, klba, (unsigned long long)total);
    if (nfiles)
        printf("mkdisk: %s: EFI System Partition at LBA %u, %u KiB FAT16, %d files\n", a.out,
               esp_lba, esp_bytes >> 10, nfiles);
    for (int i = 0; i < a.nloaders; i++)
        free(a.loaders[i].data);
    free(img);
    free(s1);
    free(s2raw);
    free(k);
    return 0;
}
