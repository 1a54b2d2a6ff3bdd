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
    if (bi->mmap_count > BOOTINFO_MMAP_MAX)
        return "memory map count larger than the block holds";
    if (bi->mem_method > MEM_MULTIBOOT || (bi->mmap_count == 0) != (bi->mem_method == MEM_NONE))
        return "memory map method and count disagree";
    if (!sane_ok(bi))
        return "sanitized map not sorted, disjoint and non-empty ranges";
    if (bi->source < BOOT_DISK || bi->source > BOOT_MULTIBOOT)
        return "unknown boot source";
    if (!has_nul(bi->loader, sizeof(bi->loader)) || !has_nul(bi->cmdline, sizeof(bi->cmdline)) ||
        !has_nul(bi->net.bootfile, sizeof(bi->net.bootfile)))
        return "string field without a terminating NUL";
    return 0;
}
