/*
 * fuzz_bootinfo.c - libFuzzer target for the kernel's boot-info check
 * (kernel/bootinfo.c, bootinfo_check), on an exactly-sized heap copy of any
 * bytes. When the check accepts a block, the block must really obey
 * docs/boot-info.md - re-read here at the documented offsets - and the kernel
 * code that consumes it must cope: e820_sanitize succeeds on its map and
 * the report (kernel/report.c) formats it in lines of at most REPORT_LINE
 * bytes of printable ASCII, as docs/report-format.md promises. A refusal
 * must come with a reason. Violations abort.
 */
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
            fprintf(stderr, "fuzz_bootinfo: property failed: %s (line %d)\n", #cond, __LINE__);    \
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

/* Unaligned little-endian reads at documented offsets. */
static uint32_t get32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static uint16_t get16(const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, 2);
    return v;
}

/* The documented layout, offset by offset (docs/boot-info.md, "Layout"). */
static void check_layout(const uint8_t *b, size_t len)
{
    CHECK(len >= 3408);
    CHECK(get32(b) == BOOTINFO_MAGIC && get16(b + 4) == 1 && get16(b + 6) == 3408);
    CHECK(b[12] >= 1 && b[12] <= 3);                        /* source */
    CHECK(b[14] <= 4);                                      /* mem_method */
    CHECK(get32(b + 332) <= 128);                           /* mmap_count */
    CHECK((get32(b + 332) == 0) == (b[14] == 0));           /* method and count agree */
    CHECK(memchr(b + 24, 0, 32) && memchr(b + 56, 0, 128)); /* loader, cmdline */
    CHECK(memchr(b + 184 + 20, 0, 128));                    /* net.bootfile */
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *blk = malloc(size ? size : 1); /* exactly size bytes: ASan sees any overread */
    memcpy(blk, data, size);
    const char *why = bootinfo_check(blk, (uint32_t)size);
    if (why) {
        CHECK(*why);
    } else {
        check_layout(blk, size);
        consume((const struct bootinfo *)blk);
    }
    free(blk);
    return 0;
}
