/*
 * test_bootinfo.c - host unit tests of kernel/bootinfo.c: bootinfo_check on
 * hand-made blocks (the fixture: tests/unit/bifixture.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "include/bootinfo.h"
#include "kernel/bootinfo.h"
#include "tests/unit/bifixture.h"

#define R_SHORT   "block shorter than struct bootinfo"
#define R_MAGIC   "bad magic"
#define R_VERSION "unsupported version (this kernel reads version 2)"
#define R_SIZE    "size field does not match struct bootinfo"
#define R_COUNT   "memory map count larger than the block holds"
#define R_METHOD  "memory map method and count disagree"
#define R_SOURCE  "unknown boot source"
#define R_STRING  "string field without a terminating NUL"
#define R_SANE    "sanitized map not sorted, disjoint and non-empty ranges"
#define R_EFI     "UEFI descriptors without the UEFI method, or with a DescriptorSize below 40"
#define R_NOTUEFI "UEFI memory map or flags from a loader that is not the UEFI loader"

static struct bootinfo bi;

static int setup(void **state)
{
    (void)state;
    bifixture_m128(&bi);
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
    assert_int_equal(offsetof(struct bootinfo, sane_count), 3408);
    assert_int_equal(offsetof(struct bootinfo, sane), 3412);
    assert_int_equal(offsetof(struct bootinfo, uefi_flags), 8532);
    assert_int_equal(offsetof(struct bootinfo, efi_desc_size), 8536);
    assert_int_equal(offsetof(struct bootinfo, efi_count), 8544);
    assert_int_equal(offsetof(struct bootinfo, fb), 8548);
    assert_int_equal(offsetof(struct bootinfo, efi), 8596);
    assert_int_equal(sizeof(struct bootinfo_efidesc), 28);
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
    bi.version = 1; /* the block before the sanitized map was in it */
    expect_reason(R_VERSION);
    bi.version = 3;
    expect_reason(R_VERSION);
    bi.version = 0;
    expect_reason(R_VERSION);
}

static void test_size_field(void **state)
{
    (void)state;
    bi.size = BI_SIZE - 1;
    expect_reason(R_SIZE);
    bi.size = BI_SIZE + 20;
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
    bi.source = BOOT_UEFI_NET + 1;
    expect_reason(R_SOURCE);
}

/* A UEFI loader's block: every source and flag it may set is fine. */
static void test_uefi_valid(void **state)
{
    (void)state;
    bifixture_uefi(&bi);
    assert_null(bootinfo_check(&bi, sizeof(bi)));
    bi.source = BOOT_UEFI_NET;
    bi.uefi_flags = BI_UEFI_SECUREBOOT | BI_UEFI_VERIFIED | BI_UEFI_FB;
    assert_null(bootinfo_check(&bi, sizeof(bi)));
    bi.efi_count = BOOTINFO_EFI_MAX;
    assert_null(bootinfo_check(&bi, sizeof(bi)));
}

/* The UEFI fields only with the UEFI method and source, and within the block. */
static void test_uefi_refused(void **state)
{
    (void)state;
    bifixture_uefi(&bi);
    bi.efi_count = BOOTINFO_EFI_MAX + 1;
    expect_reason(R_COUNT);
    bifixture_uefi(&bi);
    bi.mmap_count = 3; /* the UEFI method keeps mmap[] empty */
    expect_reason(R_METHOD);
    bifixture_uefi(&bi);
    bi.efi_count = 0;
    expect_reason(R_EFI);
    bifixture_uefi(&bi);
    bi.efi_desc_size = 39;
    expect_reason(R_EFI);
    bifixture_uefi(&bi);
    bi.source = BOOT_DISK; /* UEFI descriptors from stage two */
    expect_reason(R_NOTUEFI);
    bifixture_m128(&bi);
    bi.source = BOOT_UEFI_DISK; /* an E820 map from the UEFI loader */
    expect_reason(R_NOTUEFI);
    bifixture_m128(&bi);
    bi.uefi_flags = BI_UEFI_SECUREBOOT; /* Secure Boot claimed by a BIOS loader */
    expect_reason(R_NOTUEFI);
    bifixture_m128(&bi);
    bi.efi_count = 1; /* descriptors beside an E820 map */
    expect_reason(R_EFI);
}

static void test_unterminated_strings(void **state)
{
    (void)state;
    memset(bi.loader, 'x', sizeof(bi.loader));
    expect_reason(R_STRING);
    bifixture_m128(&bi);
    memset(bi.cmdline, 'x', sizeof(bi.cmdline));
    expect_reason(R_STRING);
    bifixture_m128(&bi);
    memset(bi.net.bootfile, 'x', sizeof(bi.net.bootfile));
    expect_reason(R_STRING);
}

/* The sanitized map must be what mm/e820.h promises: in range, non-empty, sorted, disjoint. */
static void test_sane_map(void **state)
{
    (void)state;
    bi.sane_count = BOOTINFO_SANE_MAX + 1;
    expect_reason(R_SANE);
    bifixture_m128(&bi);
    bi.sane[2].end = bi.sane[2].start; /* empty */
    expect_reason(R_SANE);
    bifixture_m128(&bi);
    bi.sane[4].start = bi.sane[3].end - 1; /* overlaps the one before */
    expect_reason(R_SANE);
    bifixture_m128(&bi);
    struct e820_range first = bi.sane[0]; /* out of order */
    bi.sane[0] = bi.sane[1];
    bi.sane[1] = first;
    expect_reason(R_SANE);
    /* Touching ranges are fine (types differ), and so is none at all. */
    bifixture_m128(&bi);
    assert_int_equal(bi.sane[1].end, 0xa0000);
    bi.sane[2].start = 0xa0000;
    assert_null(bootinfo_check(&bi, sizeof(bi)));
    bi.sane_count = 0;
    assert_null(bootinfo_check(&bi, sizeof(bi)));
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
    bi.version = 3;
    bi.source = 0;
    bi.mmap_count = 200;
    bi.sane_count = 1000;
    memset(bi.loader, 'x', sizeof(bi.loader));
    expect_reason(R_VERSION);
    bi.version = BOOTINFO_VERSION;
    expect_reason(R_COUNT);
    bi.mmap_count = 6;
    expect_reason(R_SANE);
    bi.sane_count = 6;
    expect_reason(R_SOURCE);
    bi.source = BOOT_PXE;
    expect_reason(R_STRING);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup(fn, setup)
    const struct CMUnitTest tests[] = {
        T(test_layout),       T(test_valid),
        T(test_short),        T(test_bad_magic),
        T(test_version),      T(test_size_field),
        T(test_mmap_count),   T(test_method_count),
        T(test_source),       T(test_unterminated_strings),
        T(test_sane_map),     T(test_odd_strings_accepted),
        T(test_order),        T(test_uefi_valid),
        T(test_uefi_refused),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
