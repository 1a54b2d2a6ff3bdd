/*
 * physwin.c - a temporary window onto physical memory (see physwin.h).
 */
#include "kernel/physwin.h"
#include "lib/console.h"
#include "lib/x86.h"
#include "mm/memlayout.h"
#include "mm/mmu.h"

extern pde_t entrypgdir[]; /* kernel/main.c */

/* A 4 MiB page (PDE with PTE_PS, SDM Vol. 3A, table 4-4): present, read-only, supervisor. */
static void set_big(uint32_t va, uint32_t pa, int present)
{
    entrypgdir[PDX(va)] = present ? (pa & ~(LGSIZE - 1)) | PTE_PS | PTE_P : 0;
    invlpg((const void *)(uintptr_t)va);
}

const void *physwin_map(uint64_t pa, uint32_t len)
{
    if (rcr3() != V2P(entrypgdir))
        panic("physwin_map: entrypgdir is no longer loaded");
    if (len > LGSIZE || pa + len > 0x100000000ull)
        return 0;
    uint32_t base = (uint32_t)pa & ~(LGSIZE - 1);
    set_big(PHYSWIN, base, 1);
    if ((uint64_t)base + LGSIZE < pa + len) /* the range crosses into the next 4 MiB */
        set_big(PHYSWIN + LGSIZE, base + LGSIZE, 1);
    return (const void *)(uintptr_t)(PHYSWIN + ((uint32_t)pa - base));
}

void physwin_unmap(void)
{
    set_big(PHYSWIN, 0, 0);
    set_big(PHYSWIN + LGSIZE, 0, 0);
}
