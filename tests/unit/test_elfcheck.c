/*
 * test_elfcheck.c - host unit tests of boot/elfcheck.c (elf_check, elf_describe).
 *
 * Images are built in memory: a valid two-segment i386 ET_EXEC shaped like the
 * real kernel (text at 1 MiB, data + bss after it), then broken one field at a
 * time. Each failure must give the exact reason and fault fields. The last
 * case runs the real build/kernel.elf.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "boot/elf.h"
#include "boot/elfcheck.h"
#include "boot/layout.h"
#include "mm/e820.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

#define IMG_SIZE 0x5000u /* the valid image: headers, text at 0x1000, data at 0x4000 */
#define PHOFF    52u

/* The sanitized map of QEMU -m 128 (as the real boot's report shows it). */
static const struct e820_range qemu128[] = {
    {0x0, 0x9fc00, E820_RAM},
    {0x9fc00, 0xa0000, E820_RESERVED},
    {0xf0000, 0x100000, E820_RESERVED},
    {0x100000, 0x7fe0000, E820_RAM},
    {0x7fe0000, 0x8000000, E820_RESERVED},
    {0xfffc0000, 0x100000000ull, E820_RESERVED},
};

/* Room for the image plus a few phdrs past its end (TOOMANY). */
static uint8_t image[0x6000] __attribute__((aligned(8)));
static struct elf_limits lim;
static struct elf_plan plan;
static struct elf_fault fault;

static struct elfhdr *eh(void)
{
    return (struct elfhdr *)image;
}

static struct proghdr *ph(int i)
{
    return (struct proghdr *)(image + PHOFF + (uint32_t)i * sizeof(struct proghdr));
}

static void set_ph(int i, uint32_t type, uint32_t off, uint32_t paddr, uint32_t filesz,
                   uint32_t memsz, uint32_t flags)
{
    *ph(i) = (struct proghdr){type, off, paddr + 0x80000000u, paddr, filesz, memsz, flags, 0x1000};
}

/*
 * The valid image: entry 0x10000c; segment 0 = file [0x1000, 0x4000) at
 * 0x100000 (r-x); segment 1 = file [0x4000, 0x5000) at 0x104000, memsz 0x5648
 * (rw-, bss after the file bytes). Limits: the real loader's, QEMU -m 128 map.
 */
static int setup(void **state)
{
    (void)state;
    memset(image, 0, sizeof(image));
    struct elfhdr *h = eh();
    h->magic = ELF_MAGIC;
    h->class = ELFCLASS32;
    h->data = ELFDATA2LSB;
    h->version = EV_CURRENT;
    h->type = ET_EXEC;
    h->machine = EM_386;
    h->version2 = EV_CURRENT;
    h->entry = 0x10000c;
    h->phoff = PHOFF;
    h->ehsize = sizeof(struct elfhdr);
    h->phentsize = sizeof(struct proghdr);
    h->phnum = 2;
    set_ph(0, PT_LOAD, 0x1000, 0x100000, 0x3000, 0x3000, 5);
    set_ph(1, PT_LOAD, 0x4000, 0x104000, 0x1000, 0x5648, 6);
    memset(image + 0x1000, 0x90, 0x3000);
    lim = (struct elf_limits){IMG_SIZE,   KWINDOW_START, KWINDOW_END, LOADER_START,
                              LOADER_END, qemu128,       N(qemu128)};
    memset(&plan, 0x5A, sizeof(plan));
    memset(&fault, 0x5A, sizeof(fault));
    return 0;
}

static enum elf_err check_len(uint32_t len)
{
    return elf_check(image, len, &lim, &plan, &fault);
}

static enum elf_err check(void)
{
    return check_len(IMG_SIZE);
}

/* elf_check on the first len bytes must fail with err and exactly these fault fields. */
static void expect_len(uint32_t len, enum elf_err err, int seg, uint32_t a, uint32_t b)
{
    assert_int_equal(check_len(len), err);
    assert_int_equal(fault.seg, seg);
    assert_int_equal(fault.a, a);
    assert_int_equal(fault.b, b);
}

static void expect(enum elf_err err, int seg, uint32_t a, uint32_t b)
{
    expect_len(IMG_SIZE, err, seg, a, b);
}

static void expect_text(enum elf_err err, const char *want)
{
    char out[160];
    memset(out, '#', sizeof(out));
    elf_describe(err, &fault, &lim, out, sizeof(out));
    assert_string_equal(out, want);
}

static void expect_seg(int i, uint32_t off, uint32_t filesz, uint32_t paddr, uint32_t memsz)
{
    assert_int_equal(plan.seg[i].off, off);
    assert_int_equal(plan.seg[i].filesz, filesz);
    assert_int_equal(plan.seg[i].paddr, paddr);
    assert_int_equal(plan.seg[i].memsz, memsz);
}

/* ---- accepted images ---- */

static void test_layout_constants(void **state)
{
    (void)state;
    assert_int_equal(LOADER_START, 0x500);
    assert_int_equal(LOADER_END, 0x30000);
    assert_int_equal(KWINDOW_START, 0x100000);
    assert_int_equal(KWINDOW_END, 0x1000000);
    assert_int_equal(sizeof(struct elfhdr), 52);
    assert_int_equal(sizeof(struct proghdr), 32);
}

static void test_valid(void **state)
{
    char out[16];
    (void)state;
    assert_int_equal(check(), ELF_OK);
    assert_int_equal(plan.entry, 0x10000c);
    assert_int_equal(plan.nseg, 2);
    expect_seg(0, 0x1000, 0x3000, 0x100000, 0x3000);
    expect_seg(1, 0x4000, 0x1000, 0x104000, 0x5648);
    assert_int_equal(fault.seg, -1);
    assert_int_equal(fault.a, 0);
    assert_int_equal(fault.b, 0);
    elf_describe(ELF_OK, &fault, &lim, out, sizeof(out));
    assert_string_equal(out, "ok");
}

/* Only the ELF header and the phdr table need to be in the bytes given (116 here). */
static void test_valid_headers_only(void **state)
{
    (void)state;
    assert_int_equal(check_len(PHOFF + 2 * 32), ELF_OK);
    assert_int_equal(plan.nseg, 2);
    expect_seg(1, 0x4000, 0x1000, 0x104000, 0x5648);
}

/* A phdr table at an odd offset is read byte by byte. */
static void test_valid_unaligned_phdrs(void **state)
{
    (void)state;
    memmove(image + PHOFF + 1, image + PHOFF, 2 * sizeof(struct proghdr));
    eh()->phoff = PHOFF + 1;
    assert_int_equal(check(), ELF_OK);
    assert_int_equal(plan.nseg, 2);
    expect_seg(0, 0x1000, 0x3000, 0x100000, 0x3000);
    expect_seg(1, 0x4000, 0x1000, 0x104000, 0x5648);
}

/* Non-PT_LOAD entries and empty PT_LOADs are skipped; file order is kept. */
static void test_valid_skips_other_phdrs(void **state)
{
    (void)state;
    eh()->phnum = 4;
    set_ph(2, PT_LOAD, 0x4000, 0x104000, 0x1000, 0x5648, 6);
    set_ph(1, 0x6474e551 /* PT_GNU_STACK */, 0, 0, 0, 0, 6);
    set_ph(0, PT_LOAD, 0x1000, 0x100000, 0x3000, 0x3000, 5);
    set_ph(3, PT_LOAD, 0, 0x7C00, 0, 0, 6); /* memsz 0: ignored, even over the loader */
    assert_int_equal(check(), ELF_OK);
    assert_int_equal(plan.nseg, 2);
    expect_seg(0, 0x1000, 0x3000, 0x100000, 0x3000);
    expect_seg(1, 0x4000, 0x1000, 0x104000, 0x5648);
}

/* ---- size ---- */

static void test_too_small(void **state)
{
    (void)state;
    lim.image_size = 51;
    expect_len(51, ELF_E_SMALL, -1, 51, 52);
    expect_text(ELF_E_SMALL, "image is 51 bytes, too small for an ELF header (52)");
    lim.image_size = 0;
    expect_len(0, ELF_E_SMALL, -1, 0, 52);
    /* Fewer bytes given than a header, whatever the image size: a names the bytes given. */
    lim.image_size = IMG_SIZE;
    expect_len(51, ELF_E_SMALL, -1, 51, 52);
    /* A bare 52-byte header passes the size check; its phdrs are then missing. */
    lim.image_size = 52;
    expect_len(52, ELF_E_PHDRS, -1, PHOFF, 2);
}

static void test_too_big(void **state)
{
    (void)state;
    lim.image_size = 0xF00001; /* the window holds 15 MiB = 0xF00000 */
    expect(ELF_E_BIG, -1, 0xF00001, 0xF00000);
    expect_text(ELF_E_BIG, "image is 15728641 bytes, too big for the loader's window (15728640)");
    lim.image_size = 0xF00000;
    assert_int_equal(check(), ELF_OK);
}

/* ---- the ELF header ---- */

static void test_bad_magic(void **state)
{
    (void)state;
    image[3] = 'G';
    expect(ELF_E_MAGIC, -1, 0x474C457F, 0);
    expect_text(ELF_E_MAGIC, "bad ELF magic 0x474c457f (not an ELF file)");
    memcpy(image, "MZ\x90\x00", 4);
    expect(ELF_E_MAGIC, -1, 0x00905A4D, 0);
}

static void test_class64(void **state)
{
    (void)state;
    eh()->class = 2; /* ELFCLASS64 */
    expect(ELF_E_CLASS, -1, 2, 0);
    expect_text(ELF_E_CLASS, "ELF class 2, not a 32-bit ELF (64-bit kernel?)");
}

static void test_big_endian(void **state)
{
    (void)state;
    eh()->data = 2; /* ELFDATA2MSB */
    expect(ELF_E_DATA, -1, 2, 0);
    expect_text(ELF_E_DATA, "ELF data encoding 2, not little-endian");
}

static void test_wrong_machine(void **state)
{
    (void)state;
    eh()->machine = 62; /* EM_X86_64 */
    expect(ELF_E_MACHINE, -1, 62, 0);
    expect_text(ELF_E_MACHINE, "ELF machine 62, not i386 (3)");
}

static void test_not_exec(void **state)
{
    (void)state;
    eh()->type = 3; /* ET_DYN */
    expect(ELF_E_TYPE, -1, 3, 0);
    expect_text(ELF_E_TYPE, "ELF type 3, not an executable (2)");
    eh()->type = 1; /* ET_REL */
    expect(ELF_E_TYPE, -1, 1, 0);
}

/* ---- the program header table ---- */

static void test_phentsize(void **state)
{
    (void)state;
    eh()->phentsize = 56; /* an Elf64_Phdr */
    expect(ELF_E_PHDRS, -1, PHOFF, 2);
    expect_text(ELF_E_PHDRS, "bad program header table (offset 0x34, 2 entries)");
    eh()->phentsize = 0;
    expect(ELF_E_PHDRS, -1, PHOFF, 2);
}

static void test_phdrs_outside(void **state)
{
    (void)state;
    /* The table ends at 116: one byte short. */
    expect_len(PHOFF + 2 * 32 - 1, ELF_E_PHDRS, -1, PHOFF, 2);
    eh()->phoff = IMG_SIZE - 63; /* ends one byte past the image */
    expect(ELF_E_PHDRS, -1, IMG_SIZE - 63, 2);
    eh()->phoff = 0xFFFFFFF0u; /* phoff + 64 wraps 32 bits */
    expect(ELF_E_PHDRS, -1, 0xFFFFFFF0u, 2);
    eh()->phoff = PHOFF;
    eh()->phnum = 0xFFFF;
    expect(ELF_E_PHDRS, -1, PHOFF, 0xFFFF);
}

static void test_zero_phnum(void **state)
{
    (void)state;
    eh()->phnum = 0;
    expect(ELF_E_NOLOAD, -1, 0, 0);
    expect_text(ELF_E_NOLOAD, "no loadable segments");
}

static void test_no_pt_load(void **state)
{
    (void)state;
    ph(0)->type = 4; /* PT_NOTE */
    ph(1)->type = 0x6474e551;
    expect(ELF_E_NOLOAD, -1, 0, 0);
    /* PT_LOAD with memsz 0 loads nothing either. */
    ph(0)->type = PT_LOAD;
    ph(1)->type = PT_LOAD;
    ph(0)->memsz = ph(0)->filesz = 0;
    ph(1)->memsz = ph(1)->filesz = 0;
    expect(ELF_E_NOLOAD, -1, 0, 0);
}

/* ---- one segment ---- */

static void test_filesz_over_memsz(void **state)
{
    (void)state;
    ph(1)->filesz = 0x5649;
    expect(ELF_E_FILESZ, 1, 0x5649, 0x5648);
    expect_text(ELF_E_FILESZ, "segment 1: file size 0x5649 exceeds memory size 0x5648");
}

static void test_past_end(void **state)
{
    (void)state;
    ph(1)->off = 0x4001; /* [0x4001, 0x5001): one byte past 0x5000 */
    expect(ELF_E_PASTEND, 1, 0x4001, 0x5001);
    expect_text(ELF_E_PASTEND,
                "segment 1: file bytes [0x4001, 0x5001) run past the image end 0x5000");
    /* off + filesz wraps 32 bits to 0x1000, inside the image: still refused. */
    ph(1)->off = 0xFFFFF000u;
    ph(1)->filesz = 0x2000;
    ph(1)->memsz = 0x2000;
    expect(ELF_E_PASTEND, 1, 0xFFFFF000u, 0x1000);
    expect_text(ELF_E_PASTEND,
                "segment 1: file bytes [0xfffff000, 0x1000) run past the image end 0x5000");
}

static void test_over_loader(void **state)
{
    (void)state;
    ph(0)->paddr = 0x2F000; /* [0x2F000, 0x32000) crosses LOADER_END */
    expect(ELF_E_LOADER, 0, 0x2F000, 0x32000);
    expect_text(ELF_E_LOADER, "segment 0: [0x2f000, 0x32000) overlaps the loader [0x500, 0x30000)");
    ph(0)->paddr = 0x7C00; /* over stage one */
    expect(ELF_E_LOADER, 0, 0x7C00, 0xAC00);
    ph(0)->paddr = 0x4FF; /* [0x4FF, 0x34FF): its first byte is below, the rest is over */
    expect(ELF_E_LOADER, 0, 0x4FF, 0x34FF);
    /* Touching the loader at either end is not overlapping: refused as low. */
    ph(0)->paddr = 0x30000;
    expect(ELF_E_LOW, 0, 0x30000, 0x33000);
    ph(0)->paddr = 0x400;
    ph(0)->memsz = ph(0)->filesz = 0x100;
    expect(ELF_E_LOW, 0, 0x400, 0x500);
}

static void test_below_1m(void **state)
{
    (void)state;
    ph(0)->paddr = 0xFF000; /* [0xFF000, 0x102000) */
    expect(ELF_E_LOW, 0, 0xFF000, 0x102000);
    expect_text(ELF_E_LOW, "segment 0: [0xff000, 0x102000) starts below 0x100000 (1 MiB)");
}

static void test_above_window(void **state)
{
    (void)state;
    ph(1)->paddr = 0xFFF000; /* [0xFFF000, 0x1004648) */
    expect(ELF_E_WINDOW, 1, 0xFFF000, 0x1004648);
    expect_text(ELF_E_WINDOW,
                "segment 1: [0xfff000, 0x1004648) ends beyond the kernel window 0x1000000");
    /* Ending exactly at the window's end is fine. */
    ph(1)->paddr = 0x1000000 - 0x5648;
    assert_int_equal(check(), ELF_OK);
    assert_int_equal(plan.seg[1].paddr, 0xFFA9B8);
    /* paddr + memsz past 4 GiB: the end wraps to 0x4648 in 32 bits. */
    ph(1)->paddr = 0xFFFFF000u;
    expect(ELF_E_WINDOW, 1, 0xFFFFF000u, 0x4648);
    ph(1)->memsz = 0x1000; /* ends exactly at 4 GiB */
    expect(ELF_E_WINDOW, 1, 0xFFFFF000u, 0);
}

static void test_not_ram(void **state)
{
    /* QEMU -m 128 with a reserved page at 2 MiB. */
    static const struct e820_range holed[] = {
        {0x0, 0x9fc00, E820_RAM},
        {0x9fc00, 0xa0000, E820_RESERVED},
        {0xf0000, 0x100000, E820_RESERVED},
        {0x100000, 0x200000, E820_RAM},
        {0x200000, 0x201000, E820_RESERVED},
        {0x201000, 0x7fe0000, E820_RAM},
    };
    /* A PC with 1 MiB + 8 KiB of RAM: the text segment does not fit. */
    static const struct e820_range tiny[] = {
        {0x0, 0x9fc00, E820_RAM},
        {0x100000, 0x102000, E820_RAM},
    };
    (void)state;
    lim.map = holed;
    lim.nmap = N(holed);
    assert_int_equal(check(), ELF_OK);
    ph(1)->paddr = 0x1FF000; /* [0x1FF000, 0x204648) covers the hole */
    expect(ELF_E_NOTRAM, 1, 0x1FF000, 0x204648);
    expect_text(ELF_E_NOTRAM, "segment 1: [0x1ff000, 0x204648) is not usable RAM: the usable RAM "
                              "there ends at 0x200000 (too little memory for this kernel?)");
    ph(1)->paddr = 0x201000; /* just after the hole */
    assert_int_equal(check(), ELF_OK);
    lim.map = tiny;
    lim.nmap = N(tiny);
    expect(ELF_E_NOTRAM, 0, 0x100000, 0x103000);
    lim.nmap = 0; /* no map: nothing is RAM */
    expect(ELF_E_NOTRAM, 0, 0x100000, 0x103000);
    expect_text(ELF_E_NOTRAM, "segment 0: [0x100000, 0x103000) is not usable RAM: the memory map "
                              "has none at 0x100000 (too little memory, or a hole the firmware "
                              "keeps)");
}

/* ---- segments together ---- */

static void test_overlap(void **state)
{
    (void)state;
    ph(1)->paddr = 0x102000; /* [0x102000, 0x107648) over [0x100000, 0x103000) */
    expect(ELF_E_OVERLAP, 1, 0x102000, 0x100000);
    expect_text(ELF_E_OVERLAP, "segment 1 at 0x102000 overlaps the segment at 0x100000");
    ph(1)->paddr = 0xFF000 + 0x1000; /* [0x100000, ...) contains segment 0 */
    expect(ELF_E_OVERLAP, 1, 0x100000, 0x100000);
    ph(1)->paddr = 0x103000; /* touching is fine */
    eh()->entry = 0x100000;
    assert_int_equal(check(), ELF_OK);
    expect_seg(1, 0x4000, 0x1000, 0x103000, 0x5648);
}

/* ELF_MAX_SEGS (16) loadable segments of a page each are fine; 17 are not. */
static void test_too_many(void **state)
{
    (void)state;
    assert_int_equal(ELF_MAX_SEGS, 16);
    eh()->entry = 0x100000;
    eh()->phnum = 17;
    for (int i = 0; i < 17; i++)
        set_ph(i, PT_LOAD, 0x1000, 0x100000 + (uint32_t)i * 0x1000, 0x100, 0x1000, 6);
    expect(ELF_E_TOOMANY, 16, 16, 0);
    expect_text(ELF_E_TOOMANY, "more than 16 loadable segments");
    ph(16)->type = 4; /* PT_NOTE: does not count */
    assert_int_equal(check(), ELF_OK);
    assert_int_equal(plan.nseg, 16);
    expect_seg(15, 0x1000, 0x100, 0x10F000, 0x1000);
    eh()->phnum = 16;
    assert_int_equal(check(), ELF_OK);
    assert_int_equal(plan.nseg, 16);
}

static void test_entry(void **state)
{
    (void)state;
    eh()->entry = 0x200000; /* in no segment */
    expect(ELF_E_ENTRY, -1, 0x200000, 0);
    expect_text(ELF_E_ENTRY, "entry point 0x200000 is outside every loaded segment");
    eh()->entry = 0x105000; /* in segment 1's bss only: file bytes end at 0x105000 */
    expect(ELF_E_ENTRY, -1, 0x105000, 0);
    eh()->entry = 0x103000; /* the gap between the segments */
    expect(ELF_E_ENTRY, -1, 0x103000, 0);
    eh()->entry = 0xFFFFF; /* one byte before segment 0 */
    expect(ELF_E_ENTRY, -1, 0xFFFFF, 0);
    eh()->entry = 0x104FFF; /* the last file byte of segment 1 */
    assert_int_equal(check(), ELF_OK);
    assert_int_equal(plan.entry, 0x104FFF);
    eh()->entry = 0x100000;
    assert_int_equal(check(), ELF_OK);
    assert_int_equal(plan.entry, 0x100000);
}

static void test_describe_cut(void **state)
{
    char out[12];
    (void)state;
    ph(1)->filesz = 0x5649;
    assert_int_equal(check(), ELF_E_FILESZ);
    memset(out, '#', sizeof(out));
    elf_describe(ELF_E_FILESZ, &fault, &lim, out, 10);
    assert_string_equal(out, "segment 1");
    assert_int_equal(out[10], '#');
}

/* ---- the real kernel ---- */

/*
 * Open build/kernel.elf: from the current directory (make runs the tests from
 * the repository root), else from the repository root found from this
 * program's path (<root>/build/tests/unit/test_elfcheck).
 */
static FILE *open_kernel(char *path, size_t size)
{
    snprintf(path, size, "build/kernel.elf");
    FILE *f = fopen(path, "rb");
    if (f)
        return f;
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0)
        return NULL;
    exe[n] = 0;
    for (int up = 0; up < 3; up++) { /* strip test_elfcheck, unit, tests */
        char *slash = strrchr(exe, '/');
        if (!slash)
            return NULL;
        *slash = 0;
    }
    snprintf(path, size, "%s/kernel.elf", exe);
    return fopen(path, "rb");
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void test_real_kernel(void **state)
{
    char path[4200];
    (void)state;
    FILE *f = open_kernel(path, sizeof(path));
    if (!f)
        fail_msg("build/kernel.elf not found (run 'make build/kernel.elf' first)");
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long size = ftell(f);
    assert_true(size > 52 && size < 0x1000000);
    rewind(f);
    uint8_t *buf = malloc((size_t)size);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
    fclose(f);

    struct elf_limits real = {(uint32_t)size, KWINDOW_START, KWINDOW_END, LOADER_START,
                              LOADER_END,     qemu128,       N(qemu128)};
    struct elf_plan p;
    struct elf_fault flt;
    enum elf_err e = elf_check(buf, (uint32_t)size, &real, &p, &flt);
    if (e != ELF_OK) {
        char why[160];
        elf_describe(e, &flt, &real, why, sizeof(why));
        free(buf);
        fail_msg("%s: %s", path, why);
    }
    assert_int_equal(p.nseg, 2);
    assert_int_equal(p.seg[0].paddr, 0x100000);
    /* Compare with the file's own header, read here by offset (ELF32: e_entry at 24). */
    assert_int_equal(p.entry, le32(buf + 24));
    assert_true(p.entry >= p.seg[0].paddr && p.entry < p.seg[0].paddr + p.seg[0].filesz);
    /* kernel/kernel.ld.S: data starts on the page after text and rodata. */
    assert_int_equal(p.seg[1].paddr % 0x1000, 0);
    assert_int_equal(p.seg[1].paddr, (p.seg[0].paddr + p.seg[0].memsz + 0xFFF) & ~0xFFFu);
    assert_true(p.seg[1].memsz >= p.seg[1].filesz);
    free(buf);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup(fn, setup)
    const struct CMUnitTest tests[] = {
        T(test_layout_constants),
        T(test_valid),
        T(test_valid_headers_only),
        T(test_valid_unaligned_phdrs),
        T(test_valid_skips_other_phdrs),
        T(test_too_small),
        T(test_too_big),
        T(test_bad_magic),
        T(test_class64),
        T(test_big_endian),
        T(test_wrong_machine),
        T(test_not_exec),
        T(test_phentsize),
        T(test_phdrs_outside),
        T(test_zero_phnum),
        T(test_no_pt_load),
        T(test_filesz_over_memsz),
        T(test_past_end),
        T(test_over_loader),
        T(test_below_1m),
        T(test_above_window),
        T(test_not_ram),
        T(test_overlap),
        T(test_too_many),
        T(test_entry),
        T(test_describe_cut),
        T(test_real_kernel),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
