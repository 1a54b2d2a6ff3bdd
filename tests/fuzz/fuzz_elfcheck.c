/*
 * fuzz_elfcheck.c - libFuzzer target for the kernel-image validator
 * (boot/elfcheck.c), as stage two calls it: the first bytes of the image in a
 * buffer, the whole image's size, the loader's limits and a sanitized map.
 *
 * The buffer is an exactly-sized heap copy, so AddressSanitizer reports any
 * read outside it. Whenever elf_check accepts, the plan is re-checked here
 * against the rules of docs/boot-info.md, independently of elfcheck.c: an
 * i386 ET_EXEC ELF32 header, 1..ELF_MAX_SEGS segments, each with
 * filesz <= memsz, its file bytes inside the image, inside [1 MiB, 16 MiB),
 * clear of the loader, inside one usable range of the map, no two
 * overlapping, the entry inside a segment's file bytes. elf_describe must
 * write a NUL-terminated message into any buffer size. Violations abort.
 *
 * Input: "BLFZ", image size (u32), map choice (u8), describe size (u8), then
 * the buffer; anything else is a buffer whose image size is its length
 * (map 0, describe size 160).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "boot/elf.h"
#include "boot/elfcheck.h"
#include "boot/layout.h"

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_elfcheck: property failed: %s (line %d)\n", #cond, __LINE__);    \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

#define MIB 0x100000ull

/* Sanitized maps the loader might have: SeaBIOS -m 128, RAM from 2 MiB, islands, tiny, none. */
static const struct e820_range MAP0[] = {
    {0, 0x9FC00, 1},     {0x9FC00, 0xA0000, 2},     {0xF0000, MIB, 2},
    {MIB, 0x7FE0000, 1}, {0x7FE0000, 0x8000000, 2}, {0xFFFC0000, 0x100000000ull, 2}};
static const struct e820_range MAP1[] = {
    {0, 0x9FC00, 1}, {0xF0000, 2 * MIB, 2}, {2 * MIB, 0x10000000, 1}};
static const struct e820_range MAP2[] = {{0, 0x9F000, 1},         {MIB, 0x102000, 1},
                                         {0x102000, 0x103000, 4}, {0x103000, 15 * MIB, 1},
                                         {15 * MIB, 16 * MIB, 2}, {16 * MIB, 64 * MIB, 1}};
static const struct e820_range MAP3[] = {{0, 0x9FC00, 1}, {MIB, 0x1E0000, 1}};
static const struct {
    const struct e820_range *m;
    int n;
} MAPS[] = {{MAP0, 6}, {MAP1, 3}, {MAP2, 6}, {MAP3, 2}, {NULL, 0}};

/* Little-endian reads from the image, independent of the C structs. */
static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

/* 1 when [s, e) lies inside one usable range of the map. */
static int in_usable(const struct elf_limits *lim, uint64_t s, uint64_t e)
{
    for (int i = 0; i < lim->nmap; i++)
        if (lim->map[i].type == E820_RAM && lim->map[i].start <= s && e <= lim->map[i].end)
            return 1;
    return 0;
}

/* The header bytes themselves, read at the ELF32 offsets (System V ABI, "ELF Header"). */
static void check_header(const uint8_t *b, uint32_t len)
{
    CHECK(len >= 52);
    CHECK(get32(b) == ELF_MAGIC && b[4] == ELFCLASS32 && b[5] == ELFDATA2LSB);
    CHECK(get16(b + 16) == ET_EXEC && get16(b + 18) == EM_386);
    uint32_t phoff = get32(b + 28), phnum = get16(b + 44);
    CHECK(get16(b + 42) == 32 && (uint64_t)phoff + phnum * 32ull <= len);
}

/* One planned segment against every rule of docs/boot-info.md. */
static void check_segment(const struct elf_seg *s, const struct elf_limits *lim)
{
    uint64_t start = s->paddr, end = (uint64_t)s->paddr + s->memsz;
    CHECK(s->memsz > 0 && s->filesz <= s->memsz);
    CHECK((uint64_t)s->off + s->filesz <= lim->image_size);
    CHECK(start >= lim->window_start && end <= lim->window_end);
    CHECK(end <= lim->loader_start || start >= lim->loader_end);
    CHECK(in_usable(lim, start, end));
}

/* An accepted image: header, segments, no overlap, entry inside a segment's file bytes. */
static void check_plan(const uint8_t *b, uint32_t len, const struct elf_limits *lim,
                       const struct elf_plan *p)
{
    int entry_ok = 0;
    check_header(b, len);
    CHECK(p->nseg >= 1 && p->nseg <= ELF_MAX_SEGS);
    CHECK(p->entry == get32(b + 24));
    for (int i = 0; i < p->nseg; i++) {
        const struct elf_seg *s = &p->seg[i];
        check_segment(s, lim);
        for (int j = 0; j < i; j++)
            CHECK((uint64_t)s->paddr + s->memsz <= p->seg[j].paddr ||
                  (uint64_t)p->seg[j].paddr + p->seg[j].memsz <= s->paddr);
        if (p->entry >= s->paddr && (uint64_t)p->entry < (uint64_t)s->paddr + s->filesz)
            entry_ok = 1;
    }
    CHECK(entry_ok);
}

/* The message for any result fits a buffer of 'size' bytes, NUL included. */
static void check_describe(enum elf_err err, const struct elf_fault *f,
                           const struct elf_limits *lim, unsigned size)
{
    char *msg = malloc(size);
    elf_describe(err, f, lim, msg, size);
    CHECK(memchr(msg, 0, size) != NULL);
    CHECK(strlen(msg) > 0 || size == 1);
    free(msg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint32_t image = (uint32_t)size;
    unsigned map = 0, dsize = 160;
    if (size >= 10 && !memcmp(data, "BLFZ", 4)) {
        image = get32(data + 4);
        map = data[8] % (sizeof(MAPS) / sizeof(MAPS[0]));
        dsize = data[9] ? data[9] : 1;
        data += 10;
        size -= 10;
    }
    uint32_t len = (uint32_t)size;
    uint8_t *buf = malloc(len ? len : 1); /* exactly len bytes: ASan sees any overread */
    memcpy(buf, data, len);
    struct elf_limits lim = {image,      KWINDOW_START, KWINDOW_END, LOADER_START,
                             LOADER_END, MAPS[map].m,   MAPS[map].n};
    struct elf_plan plan;
    struct elf_fault fault;
    enum elf_err err = elf_check(buf, len, &lim, &plan, &fault);
    if (err == ELF_OK)
        check_plan(buf, len, &lim, &plan);
    check_describe(err, &fault, &lim, dsize);
    free(buf);
    return 0;
}
