/*
 * fuzz_kernel.h - what the boot-info fuzz targets share (fuzz_bootinfo.c,
 * fuzz_multiboot.c): consume(), which does with an accepted boot-info
 * block what the kernel does minus the hardware: clamp its sanitized map,
 * turn the loader's TSC stamps into milestones (at a fixed 2.4 GHz) and
 * print the report, each line checked by fuzz_report.h. Included once per
 * target (it defines functions).
 */
#ifndef BOOTLAB_TESTS_FUZZ_KERNEL_H
#define BOOTLAB_TESTS_FUZZ_KERNEL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kernel/bootinfo.h"
#include "kernel/report.h"
#include "kernel/tsc.h"
#include "mm/memlayout.h"
#include "tests/fuzz/fuzz_report.h"

/*
 * The milestones the block's stamps give, as kernel/clock.c computes them:
 * stamps that do not rise are dropped; us from the first, reset from TSC 0.
 * tsc_us must agree with 128-bit arithmetic for every value.
 */
static void stamps(const struct bootinfo *bi, struct milestones *ms)
{
    static const uint64_t hz = 2400000000ull;
    memset(ms, 0, sizeof(*ms));
    ms->calib = "pit";
    ms->hz = hz;
    for (int m = 0; m < BI_TSC_N; m++)
        CHECK(tsc_us(bi->tsc[m], hz) == (uint64_t)((unsigned __int128)bi->tsc[m] * 1000000 / hz));
    if (!(bi->flags & BI_TSC) || bi->tsc[1] < bi->tsc[0] || bi->tsc[2] < bi->tsc[1])
        return;
    for (int m = 0; m < BI_TSC_N; m++) {
        ms->tsc[m] = bi->tsc[m];
        ms->have |= 1u << m;
        ms->us[m] = tsc_us(bi->tsc[m] - bi->tsc[0], hz);
        CHECK(m == 0 || ms->us[m] >= ms->us[m - 1]);
    }
    ms->reset_us = tsc_us(bi->tsc[0], hz);
}

/* What the kernel does with an accepted block, minus the hardware. */
static void consume(const struct bootinfo *bi)
{
    struct milestones ms;
    static const struct machine_id id = {.cpu = {.has_cpuid = 1,
                                                 .vendor = "GenuineIntel",
                                                 .family = 6,
                                                 .model = 158,
                                                 .stepping = 10,
                                                 .brand = "  Intel(R) Core(TM) i7-8700 CPU"},
                                         .smbios = 0};
    struct memlimit ml;
    e820_clamp(bi->sane, (int)bi->sane_count, PHYSTOP, &ml);
    uint32_t limit = ml.limit > 0x104000 ? ml.limit : 0x104000;
    struct kmap rows[NKMAP] = {{"io", (void *)KERNBASE, 0, EXTMEM, PTE_W, 0},
                               {"text", (void *)KERNLINK, EXTMEM, 0x104000, 0, 0},
                               {"data", (void *)(KERNBASE + 0x104000), 0x104000, limit, PTE_W, 1},
                               {"dev", (void *)DEVSPACE, DEVSPACE, 0, PTE_W, 0}};
    struct selfcheck sc = {.cr3 = 0x3ff000, .tables = 40, .checked = 40928};
    struct report_khash kh = {{0xab}, KERNLINK, KERNBASE + 0x103da0};
    struct report_input in = {.build = "fuzz",
                              .bi = bi,
                              .ml = &ml,
                              .kernbase = KERNBASE,
                              .kernlink = KERNLINK,
                              .data = KERNBASE + 0x104000,
                              .end = KERNBASE + 0x109648,
                              .kmap = rows,
                              .nkmap = NKMAP,
                              .free_pages = 100,
                              .sc = &sc,
                              .khash = &kh,
                              .id = &id,
                              .ms = &ms,
                              .copy = 1};
    stamps(bi, &ms);
    uint32_t first = report_write(&in, check_line, NULL);
    in.copy = 2;
    CHECK(report_write(&in, check_line, NULL) == first); /* a copy has the same lines */
}

#endif
