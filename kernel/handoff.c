/*
 * handoff.c - the loader's hand-off as a checked boot-info block (see
 * handoff.h, docs/boot-info.md "Machine state at entry").
 */
#include "kernel/bootinfo.h"
#include "kernel/handoff.h"
#include "kernel/multiboot.h"
#include "kernel/stop.h"
#include "lib/string.h"
#include "mm/memlayout.h"

/* Physical [pa, pa + len) through the high half of entrypgdir, if it is all mapped. */
static const void *entrymap_window(void *ctx, uint32_t pa, uint32_t len)
{
    (void)ctx;
    if (pa >= ENTRYMAP || len > ENTRYMAP - pa)
        return 0;
    return P2V(pa);
}

static void accept_bootlab(uint32_t pa, struct bootinfo *out)
{
    const void *blk = entrymap_window(0, pa, sizeof(*out));
    const char *why;
    if (pa == 0 || !blk)
        stop("bootinfo: block at 0x%x is outside the first 4 MiB", pa);
    if ((why = bootinfo_check(blk, sizeof(*out))) != 0)
        stop("bootinfo: block at 0x%x refused: %s", pa, why);
    memcpy(out, blk, sizeof(*out));
}

static void accept_multiboot(uint32_t mbi_pa, struct bootinfo *out)
{
    const char *why = multiboot_convert(mbi_pa, entrymap_window, 0, out);
    if (!why)
        why = bootinfo_check(out, sizeof(*out));
    if (why)
        stop("multiboot: information at 0x%x refused: %s", mbi_pa, why);
}

void handoff_accept(uint32_t magic, uint32_t pa, struct bootinfo *out)
{
    if (magic == BOOTINFO_MAGIC)
        accept_bootlab(pa, out);
    else if (magic == MULTIBOOT_LOADER_MAGIC)
        accept_multiboot(pa, out);
    else
        stop("entered with EAX 0x%x: neither a bootlab loader (0x%x) nor Multiboot (0x%x)", magic,
             BOOTINFO_MAGIC, MULTIBOOT_LOADER_MAGIC);
}
