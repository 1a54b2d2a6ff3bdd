/*
 * test_handoff.c - host unit tests of kernel/handoff.c: the loader's hand-off
 * taken over simulated physical memory (tests/unit/simphys.h), a bootlab
 * block copied, a Multiboot one converted, anything else stopped.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "include/bootinfo.h"
#include "include/multiboot.h"
#include "kernel/handoff.h"
#include "mm/memlayout.h"
#include "tests/unit/bifixture.h"
#include "tests/unit/simphys.h"

#define BLOCK_PA  0x10000u /* where stage two keeps the block (below 640 KiB) */
#define R_VERSION "unsupported version (this kernel reads version 2)"

static struct bootinfo bi, out;

static int setup(void **state)
{
    (void)state;
    bifixture_m128(&bi);
    memset(&out, 0xEE, sizeof(out));
    sim_init(8);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sim_fini();
    return 0;
}

static void test_accept_copies(void **state)
{
    (void)state;
    memcpy(P2V(BLOCK_PA), &bi, sizeof(bi));
    handoff_accept(BOOTINFO_MAGIC, BLOCK_PA, &out);
    assert_memory_equal(&out, &bi, sizeof(bi));
    assert_int_equal(sim_stop_count(), 0);
    /* The last place the whole block still fits below 4 MiB. */
    memcpy(P2V(ENTRYMAP - BI_SIZE), &bi, sizeof(bi));
    memset(&out, 0xEE, sizeof(out));
    handoff_accept(BOOTINFO_MAGIC, ENTRYMAP - BI_SIZE, &out);
    assert_memory_equal(&out, &bi, sizeof(bi));
}

static void test_accept_bad_eax(void **state)
{
    (void)state;
    memcpy(P2V(BLOCK_PA), &bi, sizeof(bi));
    SIM_EXPECT_HALT(handoff_accept(0x12345678, BLOCK_PA, &out));
    assert_string_equal(sim_halt_msg(), "entered with EAX 0x12345678: neither a bootlab loader "
                                        "(0x49424c42) nor Multiboot (0x2badb002)");
    assert_int_equal(sim_stop_count(), 1);
    assert_int_equal(sim_panic_count(), 0);
}

static void test_accept_bad_address(void **state)
{
    (void)state;
    SIM_EXPECT_HALT(handoff_accept(BOOTINFO_MAGIC, 0, &out));
    assert_string_equal(sim_halt_msg(), "bootinfo: block at 0x0 is outside the first 4 MiB");
    SIM_EXPECT_HALT(handoff_accept(BOOTINFO_MAGIC, ENTRYMAP, &out));
    assert_string_equal(sim_halt_msg(), "bootinfo: block at 0x400000 is outside the first 4 MiB");
    /* Starts below 4 MiB but runs past it by one byte. */
    SIM_EXPECT_HALT(handoff_accept(BOOTINFO_MAGIC, ENTRYMAP - BI_SIZE + 1, &out));
    assert_string_equal(sim_halt_msg(), "bootinfo: block at 0x3fa64d is outside the first 4 MiB");
    SIM_EXPECT_HALT(handoff_accept(BOOTINFO_MAGIC, 0xFFFFFFF0u, &out));
    assert_string_equal(sim_halt_msg(), "bootinfo: block at 0xfffffff0 is outside the first 4 MiB");
    assert_int_equal(sim_stop_count(), 4);
    assert_int_equal(sim_panic_count(), 0);
}

static void test_accept_refused(void **state)
{
    (void)state;
    bi.version = 1;
    memcpy(P2V(BLOCK_PA), &bi, sizeof(bi));
    SIM_EXPECT_HALT(handoff_accept(BOOTINFO_MAGIC, BLOCK_PA, &out));
    assert_string_equal(sim_halt_msg(), "bootinfo: block at 0x10000 refused: " R_VERSION);
    /* Nothing was copied. */
    for (size_t i = 0; i < sizeof(out); i++)
        assert_int_equal(((const uint8_t *)&out)[i], 0xEE);
}

/* A Multiboot loader's information, as QEMU -kernel gives it at -m 128, converted and sanitized. */
static void test_accept_multiboot(void **state)
{
    static const uint32_t mmap[] = {
        20, 0x0,       0, 0x9fc00, 0, 1, 20, 0x9fc00,    0, 0x400,     0, 2,
        20, 0xf0000,   0, 0x10000, 0, 2, 20, 0x100000,   0, 0x7ee0000, 0, 1,
        20, 0x7fe0000, 0, 0x20000, 0, 2, 20, 0xfffc0000, 0, 0x40000,   0, 2,
    };
    struct mb_info mbi = {0};
    (void)state;
    mbi.flags = MB_INFO_MEM | MB_INFO_MMAP | MB_INFO_LOADER_NAME;
    mbi.mem_lower = 639;
    mbi.mem_upper = 0x1fb80;
    mbi.mmap_addr = 0x9000;
    mbi.mmap_length = sizeof(mmap);
    mbi.boot_loader_name = 0x9800;
    memcpy(P2V(0x9000), mmap, sizeof(mmap));
    strcpy(P2V(0x9800), "qemu");
    memcpy(P2V(0x8000), &mbi, sizeof(mbi));
    handoff_accept(MULTIBOOT_LOADER_MAGIC, 0x8000, &out);
    assert_int_equal(out.source, BOOT_MULTIBOOT);
    assert_int_equal(out.mmap_count, 6);
    assert_int_equal(out.sane_count, bi.sane_count);
    assert_memory_equal(out.sane, bi.sane, bi.sane_count * sizeof(bi.sane[0]));
    assert_string_equal(out.loader, "qemu");
    /* Information above what entrypgdir maps is refused. */
    SIM_EXPECT_HALT(handoff_accept(MULTIBOOT_LOADER_MAGIC, ENTRYMAP, &out));
    assert_string_equal(sim_halt_msg(), "multiboot: information at 0x400000 refused: information "
                                        "structure not readable below 4 MiB");
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_accept_copies),  T(test_accept_bad_eax),   T(test_accept_bad_address),
        T(test_accept_refused), T(test_accept_multiboot),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
