/*
 * stamp.h - a loader milestone, taken the same way by stage two and the UEFI
 * loader: the time-stamp counter now, into the boot-info block's tsc[]
 * (docs/boot-info.md, "TSC stamps"). A CPU without CPUID or without a TSC
 * (SDM Vol. 2A, CPUID.01H:EDX bit 4) leaves BI_TSC clear.
 */
#ifndef BOOTLAB_BOOT_STAMP_H
#define BOOTLAB_BOOT_STAMP_H

#include "include/bootinfo.h"
#include "lib/x86.h"

static inline void loader_stamp(struct bootinfo *bi, int which)
{
    if (!cpu_has_tsc())
        return;
    bi->tsc[which] = rdtsc();
    bi->flags |= BI_TSC;
}

#endif
