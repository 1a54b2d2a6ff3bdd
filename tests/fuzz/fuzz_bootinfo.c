/*
 * fuzz_bootinfo.c - libFuzzer target for the kernel's boot-info check
 * (kernel/bootinfo.c, bootinfo_check), on an exactly-sized heap copy of any
 * bytes. When the check accepts a block, the block must really obey
 * docs/boot-info.md - re-read here at the documented offsets - and the kernel
 * code that consumes it must cope: e820_clamp takes its sanitized map and
 * the report (kernel/report.c) formats it in lines of at most REPORT_LINE
 * bytes of printable ASCII, as docs/report-format.md promises. A refusal
 * must come with a reason. Violations abort.
 */
#include "tests/fuzz/fuzz_kernel.h"

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
    CHECK(len >= BOOTINFO_SIZE);
    CHECK(get32(b) == BOOTINFO_MAGIC && get16(b + 4) == 2 && get16(b + 6) == BOOTINFO_SIZE);
    CHECK(b[12] >= 1 && b[12] <= 5);                            /* source */
    CHECK(b[14] <= 5);                                          /* mem_method */
    CHECK(get32(b + 332) <= 128);                               /* mmap_count */
    CHECK((get32(b + 332) == 0) == (b[14] == 0 || b[14] == 5)); /* method and count agree */
    CHECK(get32(b + 8544) <= 512);                              /* efi_count */
    CHECK((get32(b + 8544) > 0) == (b[14] == 5));               /* UEFI descriptors, UEFI method */
    CHECK((b[12] >= 4) == (b[14] == 5));                        /* UEFI sources, UEFI method */
    CHECK(b[14] != 5 || get32(b + 8536) >= 40);                 /* DescriptorSize */
    CHECK(memchr(b + 24, 0, 32) && memchr(b + 56, 0, 128));     /* loader, cmdline */
    CHECK(memchr(b + 184 + 20, 0, 128));                        /* net.bootfile */
    uint32_t nsane = get32(b + 3408);                           /* sane_count */
    CHECK(nsane <= 256);
    for (uint32_t i = 0; i < nsane; i++) { /* each range [start, end), above the one before */
        uint64_t start, end, prev_end;
        memcpy(&start, b + 3412 + 20 * i, 8);
        memcpy(&end, b + 3412 + 20 * i + 8, 8);
        CHECK(start < end);
        if (i > 0) {
            memcpy(&prev_end, b + 3412 + 20 * (i - 1) + 8, 8);
            CHECK(start >= prev_end);
        }
    }
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
