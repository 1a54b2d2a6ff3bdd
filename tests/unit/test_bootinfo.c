/*
 * test_bootinfo.c - host unit tests of bootinfo_check (kernel/bootinfo.c):
 * a block as stage two builds it is accepted, and each documented reason for
 * refusing one (docs/boot-info.md, "What the kernel checks") is given for a
 * block damaged in exactly that way.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/bootinfo.h"

/* bootinfo_accept is linked but not tested here; it must not run. */
void panic(const char *fmt, ...)
{
    (void)fmt;
    fail_msg("panic called");
    abort();
}
void *sim_p2v(uint32_t pa)
{
    return (void *)(uintptr_t)pa;
}

/* A block as stage two fills it after an E820h map of two entries. */
static struct bootinfo good(void)
{
    struct bootinfo bi;
    memset(&bi, 0, sizeof(bi));
    bi.magic = BOOTINFO_MAGIC;
    bi.version = BOOTINFO_VERSION;
    bi.size = sizeof(bi);
    bi.source = BOOT_DISK;
    bi.drive = 0x80;
    bi.mem_method = MEM_E820;
    bi.e820_entry_size = 20;
    strcpy(bi.loader, "bootlab-stage2/1");
    strcpy(bi.cmdline, "qemu-exit two words");
    bi.mmap_count = 2;
    bi.mmap[0] = (struct e820_entry){0, 0x9FC00, E820_RAM, 1};
    bi.mmap[1] = (struct e820_entry){0x100000, 0x7EE0000, E820_RAM, 1};
    return bi;
}

static void refused(const struct bootinfo *bi, uint32_t len, const char *why)
{
    const char *got = bootinfo_check(bi, len);
    assert_non_null(got);
    assert_string_equal(got, why);
}

static void test_good_block(void **state)
{
    (void)state;
    struct bootinfo bi = good();
    assert_null(bootinfo_check(&bi, sizeof(bi)));
    bi.mem_method = MEM_NONE; /* no map at all is consistent too */
    bi.mmap_count = 0;
    assert_null(bootinfo_check(&bi, sizeof(bi)));
}

static void test_header_refusals(void **state)
{
    (void)state;
    struct bootinfo bi = good();
    refused(&bi, sizeof(bi) - 1, "block shorter than struct bootinfo");
    bi.magic ^= 1;
    refused(&bi, sizeof(bi), "bad magic");
    bi = good();
    bi.version = 2;
    refused(&bi, sizeof(bi), "unsupported version (this kernel reads version 1)");
    bi = good();
    bi.size = 0xFFFF;
    refused(&bi, sizeof(bi), "size field does not match struct bootinfo");
}

static void test_map_refusals(void **state)
{
    (void)state;
    struct bootinfo bi = good();
    bi.mmap_count = BOOTINFO_MMAP_MAX + 1;
    refused(&bi, sizeof(bi), "memory map count larger than the block holds");
    bi = good();
    bi.mem_method = MEM_NONE;
    refused(&bi, sizeof(bi), "memory map method and count disagree");
    bi = good();
    bi.mmap_count = 0;
    refused(&bi, sizeof(bi), "memory map method and count disagree");
    bi = good();
    bi.mem_method = MEM_MULTIBOOT + 1;
    refused(&bi, sizeof(bi), "memory map method and count disagree");
    bi = good();
    bi.source = 0;
    refused(&bi, sizeof(bi), "unknown boot source");
}

static void test_string_refusals(void **state)
{
    (void)state;
    static const char *const unprintable =
        "string field not printable ASCII (or a space in a name)";
    struct bootinfo bi = good();
    memset(bi.net.bootfile, 'a', sizeof(bi.net.bootfile));
    refused(&bi, sizeof(bi), "string field without a terminating NUL");
    bi = good();
    bi.loader[3] = (char)0xAD; /* the input fuzz_bootinfo found */
    refused(&bi, sizeof(bi), unprintable);
    bi = good();
    bi.cmdline[0] = '\t';
    refused(&bi, sizeof(bi), unprintable);
    bi = good();
    strcpy(bi.loader, "boot lab");
    refused(&bi, sizeof(bi), unprintable);
    bi = good();
    strcpy(bi.net.bootfile, "a file");
    refused(&bi, sizeof(bi), unprintable);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_block),
        cmocka_unit_test(test_header_refusals),
        cmocka_unit_test(test_map_refusals),
        cmocka_unit_test(test_string_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
