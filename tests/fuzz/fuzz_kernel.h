/*
 * fuzz_kernel.h - what the boot-info fuzz targets share (fuzz_bootinfo.c,
 * fuzz_multiboot.c): the CHECK macro, the stubs for kernel functions the
 * linked files reference but the targets never reach, and consume(), which
 * does with an accepted boot-info block what the kernel does minus the
 * hardware: sanitize its map, clamp it, and print the report, whose lines
 * must be printable ASCII of at most REPORT_LINE bytes. Included once per
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
#include "mm/memlayout.h"

#define NKMAP_FUZZ 4 /* io, text, data, dev: the rows of mm/kvm.c */

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz: property failed: %s (line %d)\n", #cond, __LINE__);             \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* bootinfo_accept and mm/vm.c are linked but never run here: they must not be reached. */
void panic(const char *fmt, ...)
{
    (void)fmt;
    abort();
}
void *sim_p2v(uint32_t pa)
{
    (void)pa;
    abort();
}
uint32_t sim_v2p(const void *va)
{
    (void)va;
    abort();
}

/* A report line: at most REPORT_LINE bytes, printable ASCII only. */
static void check_line(const char *line, void *arg)
{
    size_t n = strlen(line);
    (void)arg;
    CHECK(n <= REPORT_LINE);
    for (size_t i = 0; i < n; i++)
        CHECK(line[i] >= 0x20 && line[i] < 0x7F);
}

/* What the kernel does with an accepted block, minus the hardware. */
static void consume(const struct bootinfo *bi)
{
    static struct e820_range sane[E820_MAX_SANE];
    struct memlimit ml;
    int n = e820_sanitize(bi->mmap, (int)bi->mmap_count, sane, E820_MAX_SANE);
    CHECK(n >= 0);
    e820_clamp(sane, n, PHYSTOP, &ml);
    struct kmap rows[NKMAP_FUZZ] = {
        {"io", KERNBASE, 0, EXTMEM, PTE_W},
        {"text", KERNLINK, EXTMEM, 0x104000, 0},
        {"data", KERNBASE + 0x104000, 0x104000, ml.limit > 0x104000 ? ml.limit : 0x104000, PTE_W},
        {"dev", DEVSPACE, DEVSPACE, 0, PTE_W}};
    struct kvmstats kvm = {41, 40928};
    struct selfcheck sc = {.cr3 = 0x3ff000, .checked = 40928};
    struct report_input in = {"fuzz",
                              bi,
                              sane,
                              n,
                              &ml,
                              KERNBASE,
                              KERNLINK,
                              KERNBASE + 0x104000,
                              KERNBASE + 0x109648,
                              rows,
                              NKMAP_FUZZ,
                              &kvm,
                              100,
                              &sc};
    report_write(&in, check_line, NULL);
}

#endif
