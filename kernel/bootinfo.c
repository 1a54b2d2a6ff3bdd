/*
 * bootinfo.c - the checks a boot-info block must pass (see bootinfo.h).
 * Pure: no hardware, no memory outside the block.
 */
#include "kernel/bootinfo.h"

static int has_nul(const char *s, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (s[i] == 0)
            return 1;
    return 0;
}

/* The sanitized map as mm/e820.h promises it: non-empty ranges, sorted, disjoint. */
static int sane_ok(const struct bootinfo *bi)
{
    if (bi->sane_count > BOOTINFO_SANE_MAX)
        return 0;
    for (uint32_t i = 0; i < bi->sane_count; i++) {
        if (bi->sane[i].start >= bi->sane[i].end)
            return 0;
        if (i > 0 && bi->sane[i].start < bi->sane[i - 1].end)
            return 0;
    }
    return 1;
}

static int uefi_source(uint8_t source)
{
    return source == BOOT_UEFI_DISK || source == BOOT_UEFI_NET;
}

/*
 * The UEFI loader's fields: its descriptors in efi[] (the UEFI method, a
 * DescriptorSize of at least the 40 bytes UEFI 2.10, 7.2.3 defines), and
 * nothing of them from any other loader. 0 or why not.
 */
static const char *uefi_check(const struct bootinfo *bi)
{
    int uefi = bi->mem_method == MEM_UEFI;
    if ((bi->efi_count > 0) != uefi || (uefi && bi->efi_desc_size < 40))
        return "UEFI descriptors without the UEFI method, or with a DescriptorSize below 40";
    if (uefi != uefi_source(bi->source) || (!uefi && bi->uefi_flags))
        return "UEFI memory map or flags from a loader that is not the UEFI loader";
    return 0;
}

const char *bootinfo_check(const void *blk, uint32_t len)
{
    const struct bootinfo *bi = blk;
    if (len < sizeof(*bi))
        return "block shorter than struct bootinfo";
    if (bi->magic != BOOTINFO_MAGIC)
        return "bad magic";
    if (bi->version != BOOTINFO_VERSION)
        return "unsupported version (this kernel reads version 2)";
    if (bi->size != sizeof(*bi))
        return "size field does not match struct bootinfo";
    if (bi->mmap_count > BOOTINFO_MMAP_MAX || bi->efi_count > BOOTINFO_EFI_MAX)
        return "memory map count larger than the block holds";
    /* The raw map is in mmap[] for the BIOS methods, in efi[] for UEFI. */
    if (bi->mem_method > MEM_UEFI ||
        (bi->mmap_count == 0) != (bi->mem_method == MEM_NONE || bi->mem_method == MEM_UEFI))
        return "memory map method and count disagree";
    if (!sane_ok(bi))
        return "sanitized map not sorted, disjoint and non-empty ranges";
    if (bi->source < BOOT_DISK || bi->source > BOOT_UEFI_NET)
        return "unknown boot source";
    const char *why = uefi_check(bi);
    if (why)
        return why;
    if (!has_nul(bi->loader, sizeof(bi->loader)) || !has_nul(bi->cmdline, sizeof(bi->cmdline)) ||
        !has_nul(bi->net.bootfile, sizeof(bi->net.bootfile)))
        return "string field without a terminating NUL";
    return 0;
}
