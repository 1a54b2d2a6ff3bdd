/*
 * bootinfo.c - check and copy the boot-info block (see boot/bootinfo.h).
 */
#include "kernel/bootinfo.h"
#include "kernel/console.h"
#include "kernel/string.h"
#include "mm/memlayout.h"

#define ENTRY_MAPPED 0x400000 /* entrypgdir maps physical [0, 4 MiB) */

static int has_nul(const char *s, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (s[i] == 0)
            return 1;
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
        return "unsupported version (this kernel reads version 1)";
    if (bi->size != sizeof(*bi))
        return "size field does not match struct bootinfo";
    if (bi->mmap_count > BOOTINFO_MMAP_MAX)
        return "memory map count larger than the block holds";
    if (bi->mem_method > MEM_MULTIBOOT || (bi->mmap_count == 0) != (bi->mem_method == MEM_NONE))
        return "memory map method and count disagree";
    if (bi->source < BOOT_DISK || bi->source > BOOT_MULTIBOOT)
        return "unknown boot source";
    if (!has_nul(bi->loader, sizeof(bi->loader)) || !has_nul(bi->cmdline, sizeof(bi->cmdline)) ||
        !has_nul(bi->net.bootfile, sizeof(bi->net.bootfile)))
        return "string field without a terminating NUL";
    /* Found by tests/fuzz/fuzz_bootinfo: such bytes went into the report as they were. */
    return 0;
}

void bootinfo_accept(uint32_t magic, uint32_t pa, struct bootinfo *out)
{
    const char *why;
    if (magic != BOOTINFO_MAGIC)
        panic("bootinfo: entered with EAX 0x%x, not a bootlab loader (0x%x)", magic,
              BOOTINFO_MAGIC);
    if (pa == 0 || pa >= ENTRY_MAPPED || ENTRY_MAPPED - pa < sizeof(*out))
        panic("bootinfo: block at 0x%x is outside the first 4 MiB", pa);
    if ((why = bootinfo_check(P2V(pa), sizeof(*out))) != 0)
        panic("bootinfo: block at 0x%x refused: %s", pa, why);
    memcpy(out, P2V(pa), sizeof(*out));
}
