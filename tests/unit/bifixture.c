/*
 * bifixture.c - the unit tests' boot-info block (see bifixture.h).
 */
#include <string.h>
#include "tests/unit/bifixture.h"

void bifixture_m128(struct bootinfo *bi)
{
    static const struct e820_entry raw[] = {
        {0x0, 0x9fc00, 1, 1},        {0x9fc00, 0x400, 2, 1},     {0xf0000, 0x10000, 2, 1},
        {0x100000, 0x7ee0000, 1, 1}, {0x7fe0000, 0x20000, 2, 1}, {0xfffc0000, 0x40000, 2, 1},
    };
    static const struct e820_range sane[] = {
        {0x0, 0x9fc00, 1},        {0x9fc00, 0xa0000, 2},     {0xf0000, 0x100000, 2},
        {0x100000, 0x7fe0000, 1}, {0x7fe0000, 0x8000000, 2}, {0xfffc0000, 0x100000000ull, 2},
    };
    memset(bi, 0, sizeof(*bi));
    bi->magic = BOOTINFO_MAGIC;
    bi->version = BOOTINFO_VERSION;
    bi->size = sizeof(*bi);
    bi->source = BOOT_DISK;
    bi->drive = 0x80;
    bi->mem_method = MEM_E820;
    bi->e820_entry_size = 20;
    bi->lower_kib = 639;
    strcpy(bi->loader, "bootlab-stage2/1");
    strcpy(bi->cmdline, "qemu-exit");
    bi->flags = BI_CMDLINE;
    bi->mmap_count = sizeof(raw) / sizeof(raw[0]);
    memcpy(bi->mmap, raw, sizeof(raw));
    bi->sane_count = sizeof(sane) / sizeof(sane[0]);
    memcpy(bi->sane, sane, sizeof(sane));
}

void bifixture_uefi(struct bootinfo *bi)
{
    static const struct bootinfo_efidesc efi[] = {
        {7, 0x0, 0xa0, 0xf},        /* EfiConventionalMemory: [0, 640 KiB) */
        {2, 0x100000, 0x700, 0xf},  /* EfiLoaderData: [1 MiB, 8 MiB) */
        {10, 0x800000, 0x100, 0xf}, /* EfiACPIMemoryNVS: [8 MiB, 9 MiB) */
        {4, 0x900000, 0x76f7, 0xf}, /* EfiBootServicesData: [9 MiB, 0x7fff000) */
    };
    static const struct e820_range sane[] = {
        {0x0, 0xa0000, 1},
        {0x100000, 0x800000, 1},
        {0x800000, 0x900000, 4},
        {0x900000, 0x7fff000, 1},
    };
    memset(bi, 0, sizeof(*bi));
    bi->magic = BOOTINFO_MAGIC;
    bi->version = BOOTINFO_VERSION;
    bi->size = sizeof(*bi);
    bi->source = BOOT_UEFI_DISK;
    bi->mem_method = MEM_UEFI;
    strcpy(bi->loader, "bootlab-uefi/1");
    bi->uefi_flags = BI_UEFI_FB;
    bi->efi_desc_size = 48;
    bi->efi_desc_version = 1;
    bi->efi_count = sizeof(efi) / sizeof(efi[0]);
    memcpy(bi->efi, efi, sizeof(efi));
    bi->fb = (struct bootinfo_fb){0x80000000, 4096000, 1280, 800, 1280, BI_FB_BGRX, 0, 0, 0, 0};
    bi->sane_count = sizeof(sane) / sizeof(sane[0]);
    memcpy(bi->sane, sane, sizeof(sane));
}
