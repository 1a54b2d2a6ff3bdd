/*
 * test_bootinfo.c - host unit tests of kernel/bootinfo.c: bootinfo_check on
 * hand-made blocks, and bootinfo_accept over simulated physical memory
 * (tests/unit/simphys.h) with panic() caught.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "include/bootinfo.h"
#include "kernel/bootinfo.h"
#include "mm/memlayout.h"
#include "tests/unit/simphys.h"

#define R_SHORT   "block shorter than struct bootinfo"
#define R_MAGIC   "bad magic"
#define R_VERSION "unsupported version (this kernel reads version 1)"
#define R_SIZE    "size field does not match struct bootinfo"
#define R_COUNT   "memory map count larger than the block holds"
#define R_METHOD  "memory map method and count disagree"
#define R_SOURCE  "unknown boot source"
#define R_STRING  "string field without a terminating NUL"

/* sizeof(struct bootinfo), added up by hand from include/bootinfo.h (packed):
 * 24 (fixed fields) + 32 (loader) + 128 (cmdline) + 148 (net: 8 + 3*4 + 128)
 * + 4 (mmap_count) + 128 * 24 (mmap) = 3408. */
#define BI_SIZE 3408u

static struct bootinfo bi;

/* A block as stage two builds it after a QEMU -m 128 disk boot. */
static void fill_block(void)
{
    static const struct e820_entry raw[] = {
        {0x0, 0x9fc00, 1, 1},        {0x9fc00, 0x400, 2, 1},     {0xf0000, 0x10000, 2, 1},
        {0x100000, 0x7ee0000, 1, 1}, {0x7fe0000, 0x20000, 2, 1}, {0xfffc0000, 0x40000, 2, 1},
    };
    memset(&bi, 0, sizeof(bi));
    bi.magic = BOOTINFO_MAGIC;
    bi.version = BOOTINFO_VERSION;
    bi.size = sizeof(bi);
    bi.source = BOOT_DISK;
    bi.drive = 0x80;
    bi.mem_method = MEM_E820;
    bi.e820_entry_size = 20;
    bi.lower_kib = 639;
    strcpy(bi.loader, "bootlab-stage2/1");
    strcpy(bi.cmdline, "qemu-exit");
    bi.mmap_count = 6;
    memcpy(bi.mmap, raw, sizeof(raw));
}

static int setup(void **state)
{
    (void)state;
    fill_block();
    sim_init(8);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sim_fini();
    return 0;
}

static void expect_reason(const char *want)
{
    const char *why = bootinfo_check(&bi, sizeof(bi));
    assert_non_null(why);
    assert_string_equal(why, want);
}

/* ---- bootinfo_check ---- */

static void test_layout(void **state)
{
    (void)state;
    assert_int_equal(sizeof(struct bootinfo), BI_SIZE);
    assert_int_equal(offsetof(struct bootinfo, loader), 24);
    assert_int_equal(offsetof(struct bootinfo, net), 184);
    assert_int_equal(offsetof(struct bootinfo, mmap_count), 332);
    assert_int_equal(BOOTINFO_MAGIC, 0x49424c42u);
    assert_memory_equal(&(uint32_t){BOOTINFO_MAGIC}, "BLBI", 4);
}

static void test_valid(void **state)
{
    (void)state;
    assert_null(bootinfo_check(&bi, sizeof(bi)));
    /* Longer buffers are fine: only the struct is read. */
    assert_null(bootinfo_check(&bi, sizeof(bi) + 100));
    /* Strings using all but the last byte. */
    memset(bi.loader, 'l', sizeof(bi.loader) - 1);
    memset(bi.cmdline, 'c', sizeof(bi.cmdline) - 1);
    memset(bi.net.bootfile, 'f', sizeof(bi.net.bootfile) - 1);
    assert_null(bootinfo_check(&bi, sizeof(bi)));
    /* Every source and method that exists. */
    for (uint8_t s = BOOT_DISK; s <= BOOT_MULTIBOOT; s++) {
        bi.source = s;
        for (uint8_t m = MEM_E820; m <= MEM_MULTIBOOT; m++) {
            bi.mem_method = m;
            assert_null(bootinfo_check(&bi, sizeof(bi)));
        }
    }
    /* No map at all, said consistently. */
    bi.mem_method = MEM_NONE;
    bi.mmap_count = 0;
    assert_null(bootinfo_check(&bi, sizeof(bi)));
    /* A full map. */
    bi.mem_method = MEM_E820;
    bi.mmap_count = BOOTINFO_MMAP_MAX;
    assert_null(bootinfo_check(&bi, sizeof(bi)));
}

static void test_short(void **state)
{
    (void)state;
    assert_string_equal(bootinfo_check(&bi, sizeof(bi) - 1), R_SHORT);
    assert_string_equal(bootinfo_check(&bi, 0), R_SHORT);
    assert_string_equal(bootinfo_check(&bi, 4), R_SHORT);
}

static void test_bad_magic(void **state)
{
    (void)state;
    bi.magic = 0x42494c42; /* "BLIB" */
    expect_reason(R_MAGIC);
    bi.magic = 0;
    expect_reason(R_MAGIC);
}

static void test_version(void **state)
{
    (void)state;
    bi.version = 2;
    expect_reason(R_VERSION);
    bi.version = 0;
    expect_reason(R_VERSION);
}

static void test_size_field(void **state)
{
    (void)state;
    bi.size = BI_SIZE - 1;
    expect_reason(R_SIZE);
    bi.size = BI_SIZE + 24;
    expect_reason(R_SIZE);
    bi.size = 0;
    expect_reason(R_SIZE);
}

static void test_mmap_count(void **state)
{
    (void)state;
    bi.mmap_count = 129;
    expect_reason(R_COUNT);
    bi.mmap_count = 0xFFFFFFFFu;
    expect_reason(R_COUNT);
}

static void test_method_count(void **state)
{
    (void)state;
    bi.mem_method = MEM_NONE; /* but 6 entries */
    expect_reason(R_METHOD);
    bi.mem_method = MEM_E820;
    bi.mmap_count = 0; /* E820 said to work, yet no entries */
    expect_reason(R_METHOD);
    bi.mmap_count = 6;
    bi.mem_method = MEM_MULTIBOOT + 1; /* no such method */
    expect_reason(R_METHOD);
    bi.mem_method = 0xFF;
    expect_reason(R_METHOD);
}

static void test_source(void **state)
{
    (void)state;
    bi.source = 0;
    expect_reason(R_SOURCE);
    bi.source = 9;
    expect_reason(R_SOURCE);
    bi.source = BOOT_MULTIBOOT + 1;
    expect_reason(R_SOURCE);
}

static void test_unterminated_strings(void **state)
{
    (void)state;
    memset(bi.loader, 'x', sizeof(bi.loader));
    expect_reason(R_STRING);
    fill_block();
    memset(bi.cmdline, 'x', sizeof(bi.cmdline));
    expect_reason(R_STRING);
    fill_block();
    memset(bi.net.bootfile, 'x', sizeof(bi.net.bootfile));
    expect_reason(R_STRING);
}

/*
 * Content is not a reason to refuse: a loader name with a space or the byte
 * 0xAD (the input fuzz_bootinfo found, kept in tests/fuzz/regress), a boot
 * file name with a space, a tab in the cmdline. The report sanitizes them.
 */
static void test_odd_strings_accepted(void **state)
{
    (void)state;
    strcpy(bi.loader, "GRUB 2.06");
    bi.loader[3] = (char)0xAD;
    strcpy(bi.net.bootfile, "a file.pxe");
    strcpy(bi.cmdline, "qemu-exit\tx");
    assert_null(bootinfo_check(&bi, sizeof(bi)));
}

/* The checks come in a fixed order: the first broken field decides. */
static void test_order(void **state)
{
    (void)state;
    bi.version = 2;
    bi.source = 0;
    bi.mmap_count = 200;
    memset(bi.loader, 'x', sizeof(bi.loader));
    expect_reason(R_VERSION);
    bi.version = 1;
    expect_reason(R_COUNT);
    bi.mmap_count = 6;
    expect_reason(R_SOURCE);
    bi.source = BOOT_PXE;
    expect_reason(R_STRING);
}

/* ---- bootinfo_accept ---- */

#define BLOCK_PA 0x10000u /* where stage two keeps the block (below 640 KiB) */

static void test_accept_copies(void **state)
{
    static struct bootinfo out;
    (void)state;
    memcpy(sim_p2v(BLOCK_PA), &bi, sizeof(bi));
    memset(&out, 0xEE, sizeof(out));
    bootinfo_accept(BOOTINFO_MAGIC, BLOCK_PA, &out);
    assert_memory_equal(&out, &bi, sizeof(bi));
    assert_int_equal(sim_panic_count(), 0);
    /* The last place the whole block still fits below 4 MiB. */
    memcpy(sim_p2v(0x400000 - BI_SIZE), &bi, sizeof(bi));
    memset(&out, 0xEE, sizeof(out));
    bootinfo_accept(BOOTINFO_MAGIC, 0x400000 - BI_SIZE, &out);
    assert_memory_equal(&out, &bi, sizeof(bi));
}

static void test_accept_bad_eax(void **state)
{
    static struct bootinfo out;
    (void)state;
    memcpy(sim_p2v(BLOCK_PA), &bi, sizeof(bi));
    SIM_EXPECT_PANIC(bootinfo_accept(0x2BADB002, BLOCK_PA, &out));
    assert_string_equal(sim_panic_msg(),
                        "bootinfo: entered with EAX 0x2badb002, not a bootlab loader (0x49424c42)");
}

static void test_accept_bad_address(void **state)
{
    static struct bootinfo out;
    (void)state;
    SIM_EXPECT_PANIC(bootinfo_accept(BOOTINFO_MAGIC, 0, &out));
    assert_string_equal(sim_panic_msg(), "bootinfo: block at 0x0 is outside the first 4 MiB");
    SIM_EXPECT_PANIC(bootinfo_accept(BOOTINFO_MAGIC, 0x400000, &out));
    assert_string_equal(sim_panic_msg(), "bootinfo: block at 0x400000 is outside the first 4 MiB");
    /* Starts below 4 MiB but runs past it by one byte. */
    SIM_EXPECT_PANIC(bootinfo_accept(BOOTINFO_MAGIC, 0x400000 - BI_SIZE + 1, &out));
    assert_string_equal(sim_panic_msg(), "bootinfo: block at 0x3ff2b1 is outside the first 4 MiB");
    SIM_EXPECT_PANIC(bootinfo_accept(BOOTINFO_MAGIC, 0xFFFFFFF0u, &out));
    assert_string_equal(sim_panic_msg(),
                        "bootinfo: block at 0xfffffff0 is outside the first 4 MiB");
    assert_int_equal(sim_panic_count(), 4);
}

static void test_accept_refused(void **state)
{
    static struct bootinfo out;
    (void)state;
    bi.version = 2;
    memcpy(sim_p2v(BLOCK_PA), &bi, sizeof(bi));
    memset(&out, 0xEE, sizeof(out));
    SIM_EXPECT_PANIC(bootinfo_accept(BOOTINFO_MAGIC, BLOCK_PA, &out));
    assert_string_equal(sim_panic_msg(), "bootinfo: block at 0x10000 refused: " R_VERSION);
    /* Nothing was copied. */
    for (size_t i = 0; i < sizeof(out); i++)
        assert_int_equal(((const uint8_t *)&out)[i], 0xEE);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_layout),
        T(test_valid),
        T(test_short),
        T(test_bad_magic),
        T(test_version),
        T(test_size_field),
        T(test_mmap_count),
        T(test_method_count),
        T(test_source),
        T(test_unterminated_strings),
        T(test_odd_strings_accepted),
        T(test_order),
        T(test_accept_copies),
        T(test_accept_bad_eax),
        T(test_accept_bad_address),
        T(test_accept_refused),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
