/*
 * test_kalloc.c - host unit tests of mm/kalloc.c (kinit1, kinit2, kalloc,
 * kfree) over simulated physical memory (tests/unit/simphys.h): only whole
 * usable pages above the kernel's end are ever handed out.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "mm/e820.h"
#include "mm/kalloc.h"
#include "mm/memlayout.h"
#include "mm/mmu.h"
#include "tests/unit/simphys.h"

#define SIM_MIB 12

/*
 * A sanitized map with the awkward places: RAM up to 640 KiB, RAM from 1 MiB
 * with a reserved page at 2 MiB and an ACPI range [5 MiB + 2 KiB, 6 MiB) that
 * starts inside a page, and RAM ending at 10 MiB - 2 KiB (not on a page).
 */
static const struct e820_range map[] = {
    {0x0, 0xa0000, E820_RAM},
    {0x100000, 0x200000, E820_RAM},
    {0x200000, 0x201000, E820_RESERVED},
    {0x201000, 0x500800, E820_RAM},
    {0x500800, 0x600000, E820_ACPI},
    {0x600000, 0x9FF800, E820_RAM},
};
#define NMAP ((int)(sizeof(map) / sizeof(map[0])))

static int setup(void **state)
{
    (void)state;
    sim_init(SIM_MIB);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sim_fini();
    return 0;
}

/* 1 when physical page pa may be handed out: above the kernel's end, whole inside RAM. */
static int page_ok(uint32_t pa)
{
    if (pa < PGROUNDUP(SIM_END_PA))
        return 0;
    for (int i = 0; i < NMAP; i++)
        if (map[i].type == E820_RAM && pa >= map[i].start && pa + PGSIZE <= map[i].end)
            return 1;
    return 0;
}

/* Take every free page back out; each must be allowed and distinct. Returns the count. */
static uint32_t drain(void)
{
    static uint8_t seen[SIM_MIB << 8];
    uint32_t n = 0;
    memset(seen, 0, sizeof(seen));
    for (char *v; (v = kalloc()) != 0; n++) {
        uint32_t pa = V2P(v);
        assert_int_equal(pa % PGSIZE, 0);
        if (!page_ok(pa))
            fail_msg("kalloc handed out page 0x%x", pa);
        if (seen[pa >> PGSHIFT]++)
            fail_msg("page 0x%x handed out twice", pa);
    }
    return n;
}

/* kinit1 takes [end, 4 MiB): 0x10A000..0x200000 and 0x201000..0x400000. */
static void test_kinit1(void **state)
{
    (void)state;
    kinit1(map, NMAP, P2V(0), P2V(ENTRYMAP));
    uint32_t want = (0x200000 - 0x10A000 + 0x400000 - 0x201000) / PGSIZE;
    assert_int_equal(kfree_count(), want);
    assert_int_equal(drain(), want);
    assert_int_equal(kfree_count(), 0);
}

/* kinit2 adds the rest up to the limit: the ACPI range and the partial pages stay out. */
static void test_kinit2(void **state)
{
    (void)state;
    kinit1(map, NMAP, P2V(0), P2V(ENTRYMAP));
    kinit2(map, NMAP, P2V(ENTRYMAP), P2V(0xA00000));
    uint32_t low = (0x200000 - 0x10A000 + 0x400000 - 0x201000) / PGSIZE;
    uint32_t high = (0x500000 - 0x400000 + 0x9FF000 - 0x600000) / PGSIZE;
    assert_int_equal(kfree_count(), low + high);
    assert_int_equal(drain(), low + high);
}

/* A second kinit1 starts the allocator afresh. */
static void test_kinit1_starts_afresh(void **state)
{
    (void)state;
    kinit1(map, NMAP, P2V(0), P2V(ENTRYMAP));
    kinit1(map, NMAP, P2V(0x300000), P2V(ENTRYMAP));
    assert_int_equal(kfree_count(), 0x100000 / PGSIZE);
    assert_int_equal(drain(), 0x100000 / PGSIZE);
}

/* LIFO: the page freed last comes out first; kfree of a stranger panics. */
static void test_kfree(void **state)
{
    (void)state;
    kinit1(map, NMAP, P2V(0x300000), P2V(0x302000));
    char *a = kalloc(), *b = kalloc();
    assert_ptr_equal(a, P2V(0x301000)); /* freed in address order: the last first */
    assert_ptr_equal(b, P2V(0x300000));
    assert_null(kalloc());
    kfree(a);
    assert_ptr_equal(kalloc(), a);
    SIM_EXPECT_HALT(kfree(a + 1));
    assert_string_equal(sim_halt_msg(), "kfree: bad page 0x80301001");
    SIM_EXPECT_HALT(kfree(P2V(0x100000))); /* the kernel's own image */
    assert_string_equal(sim_halt_msg(), "kfree: bad page 0x80100000");
    SIM_EXPECT_HALT(kfree(P2V(0x900000))); /* never freed by kinit */
    assert_string_equal(sim_halt_msg(), "kfree: bad page 0x80900000");
    assert_int_equal(sim_panic_count(), 3);
}

/*
 * kinit2 writes one run header (two words) at the start of each stretch of
 * usable RAM and nothing else: the pages above 4 MiB are first written when
 * kalloc hands them out. The simulated memory is filled with a pattern and
 * compared word by word afterwards.
 */
static void test_kinit2_touches_only_headers(void **state)
{
    (void)state;
    uint32_t *w = (uint32_t *)P2V(0);
    uint32_t nw = (SIM_MIB << 20) / 4;
    for (uint32_t i = 0; i < nw; i++)
        w[i] = 0x5A5A5A5Au;
    kinit1(map, NMAP, P2V(0), P2V(ENTRYMAP));
    kinit2(map, NMAP, P2V(ENTRYMAP), P2V(0xA00000));
    /* kinit2's stretches: [4 MiB, 5 MiB) and [6 MiB, 10 MiB - 4 KiB). */
    uint32_t changed = 0;
    for (uint32_t i = ENTRYMAP / 4; i < nw; i++)
        if (w[i] != 0x5A5A5A5Au) {
            uint32_t pa = i * 4;
            if (pa != 0x400000 && pa != 0x400004 && pa != 0x600000 && pa != 0x600004)
                fail_msg("kinit2 wrote to 0x%x", pa);
            changed++;
        }
    assert_true(changed >= 2); /* each header's length word differs from the pattern */
    assert_int_equal(w[0x400004 / 4], 0x100000 / PGSIZE);
    assert_int_equal(w[0x600004 / 4], (0x9FF000 - 0x600000) / PGSIZE);
    /* The first page out is the last of the last stretch; only then is it written. */
    char *v = kalloc();
    assert_ptr_equal(v, P2V(0x9FE000));
    assert_int_equal(w[0x9FE000 / 4], 0x5A5A5A5Au);
}

/*
 * A page kalloc gave out and kfree took back rejoins its run; a page freed
 * elsewhere starts a run of its own. Either way the next kalloc returns it.
 */
static void test_kfree_rejoins_run(void **state)
{
    (void)state;
    kinit1(map, NMAP, P2V(0x300000), P2V(0x310000)); /* one run of 16 pages */
    char *a = kalloc();
    assert_ptr_equal(a, P2V(0x30F000));
    assert_int_equal(kfree_count(), 15);
    kfree(a);
    assert_int_equal(kfree_count(), 16);
    assert_ptr_equal(kalloc(), a);
    char *b = kalloc(), *c = kalloc();
    assert_ptr_equal(b, P2V(0x30E000));
    assert_ptr_equal(c, P2V(0x30D000));
    kfree(b); /* not next to the run's end (c is out): a run of its own */
    assert_int_equal(kfree_count(), 14);
    assert_ptr_equal(kalloc(), b);
    assert_ptr_equal(kalloc(), P2V(0x30C000));
    assert_int_equal(drain(), 12);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_kinit1),
        T(test_kinit2),
        T(test_kinit1_starts_afresh),
        T(test_kfree),
        T(test_kinit2_touches_only_headers),
        T(test_kfree_rejoins_run),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
