/*
 * test_vm.c - host unit tests of mm/vm.c (kmap[], walkpgdir, mappages,
 * maplarge, setupkvm in both page sizes, freevm) and kernel/selfcheck.c
 * (selfcheck_walk), over simulated physical memory and a simulated kalloc
 * (tests/unit/simphys.h).
 *
 * The page-table counts below were worked out by hand: one page for the
 * directory plus one page table per distinct 4 MiB region (PDX) that some row
 * touches with a 4 KiB page; with the bigpages option a 4 MiB region wholly
 * inside the data row is one 4 MiB page and needs no table. The tables are
 * then read back by walk_tables(), written here from the rows alone, without
 * selfcheck.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/selfcheck.h"
#include "mm/memlayout.h"
#include "mm/mmu.h"
#include "mm/kalloc.h"
#include "mm/vm.h"
#include "tests/unit/simphys.h"

#define SIM_MIB 8
/* Page tables come from physical [POOL_LO, POOL_HI): 256 pages. */
#define POOL_LO 0x300000u
#define POOL_HI 0x400000u
/* V2P(data) in the unit tests' link (tests/unit/unit.mk): text is [1 MiB, DATA_PA). */
#define DATA_PA SIM_DATA_PA

#define FOUR_G 0x100000000ull

/* A row of a test's own, for the checks below; LROW may take 4 MiB pages. */
#define ROW(name, va, pa0, pa1, perm)                                                              \
    ((struct kmap){name, (void *)(uintptr_t)(va), pa0, pa1, perm, 0})
#define LROW(name, va, pa0, pa1, perm)                                                             \
    ((struct kmap){name, (void *)(uintptr_t)(va), pa0, pa1, perm, 1})

/*
 * The lecture's four rows for memory limit 'limit', written out here from the
 * lecture; the data row is the one the bigpages option maps with 4 MiB pages.
 */
static void lecture_rows(struct kmap k[4], uint32_t limit)
{
    k[0] = ROW("io", KERNBASE, 0, EXTMEM, PTE_W);
    k[1] = ROW("text", KERNLINK, EXTMEM, DATA_PA, 0);
    k[2] = LROW("data", KERNBASE + DATA_PA, DATA_PA, limit, PTE_W);
    k[3] = ROW("dev", DEVSPACE, DEVSPACE, 0, PTE_W);
}

static int setup(void **state)
{
    (void)state;
    sim_init(SIM_MIB);
    sim_alloc_range(POOL_LO, POOL_HI, 0xA5);
    kmap_setbig(0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sim_fini();
    return 0;
}

/* A zeroed directory taken from the pool, not counted anywhere. */
static pde_t *new_pgdir(void)
{
    pde_t *pgdir = (pde_t *)kalloc();
    assert_non_null(pgdir);
    memset(pgdir, 0, PGSIZE);
    return pgdir;
}

/* The PTE the rows ask for at page va (page-aligned rows), or 0: derived from the rows alone. */
static uint32_t want_pte(const struct kmap *k, int n, uint32_t va)
{
    for (int i = 0; i < n; i++) {
        uint64_t end = k[i].phys_end ? (uint64_t)k[i].phys_end : FOUR_G;
        uint64_t len = end - k[i].phys_start;
        uint32_t virt = (uint32_t)(uintptr_t)k[i].virt;
        if ((uint64_t)va >= virt && (uint64_t)va < (uint64_t)virt + len)
            return (k[i].phys_start + (va - virt)) | PTE_P | ((k[i].perm & PTE_W) ? PTE_W : 0);
    }
    return 0;
}

/*
 * The 4 MiB page the rows ask for at region pdx when big is set, or 0: the
 * whole region inside one LROW row, whose va - pa is a multiple of 4 MiB.
 */
static uint32_t want_large(const struct kmap *k, int n, uint32_t pdx, int big)
{
    uint64_t lo = (uint64_t)pdx << 22, hi = lo + 0x400000;
    for (int i = 0; big && i < n; i++) {
        uint64_t end = k[i].phys_end ? (uint64_t)k[i].phys_end : FOUR_G;
        uint64_t virt = (uint32_t)(uintptr_t)k[i].virt, vend = virt + end - k[i].phys_start;
        if (k[i].large && lo >= virt && hi <= vend && (virt - k[i].phys_start) % 0x400000 == 0)
            return (uint32_t)(k[i].phys_start + (lo - virt)) | PTE_PS | PTE_P |
                   ((k[i].perm & PTE_W) ? PTE_W : 0);
    }
    return 0;
}

struct walked {
    uint32_t tables;  /* present PDEs that point to tables */
    uint32_t large;   /* present PDEs that are 4 MiB pages */
    uint32_t present; /* present PTEs, and 1024 for each 4 MiB page */
};

/*
 * walk_mode - read every PDE and every PTE of pgdir and compare each with
 * what rows k[0..n) ask for: with big, a region want_large() names must be
 * exactly that 4 MiB page; any other PDE is present (exactly P|W, no U, no
 * PS, its table a distinct page of the pool other than the directory) iff
 * some page of its 4 MiB is to be mapped, and is 0 otherwise; every PTE
 * equals want_pte() exactly (so 0 where nothing is mapped).
 */
static struct walked walk_mode(const pde_t *pgdir, const struct kmap *k, int n, int big)
{
    static uint8_t used[(POOL_HI - POOL_LO) / PGSIZE];
    struct walked w = {0, 0, 0};
    uint32_t dir = V2P(pgdir);
    memset(used, 0, sizeof(used));
    for (uint32_t pdx = 0; pdx < NPDENTRIES; pdx++) {
        uint32_t large = want_large(k, n, pdx, big);
        if (large) {
            if (pgdir[pdx] != large)
                fail_msg("pdx 0x%x: pde 0x%08x, want the 4 MiB page 0x%08x", pdx, pgdir[pdx],
                         large);
            w.large++;
            w.present += NPTENTRIES;
            continue;
        }
        int want_table = 0;
        for (uint32_t ptx = 0; ptx < NPTENTRIES && !want_table; ptx++)
            want_table = want_pte(k, n, PGADDR(pdx, ptx, 0)) != 0;
        pde_t pde = pgdir[pdx];
        if (!want_table) {
            if (pde != 0)
                fail_msg("pdx 0x%x: pde 0x%08x where nothing is mapped", pdx, pde);
            continue;
        }
        if (PTE_FLAGS(pde) != (PTE_P | PTE_W))
            fail_msg("pdx 0x%x: pde flags 0x%x, want P|W (0x3)", pdx, PTE_FLAGS(pde));
        uint32_t t = PTE_ADDR(pde);
        if (t < POOL_LO || t >= POOL_HI || t == dir)
            fail_msg("pdx 0x%x: table at 0x%08x, not a pool page", pdx, t);
        if (used[(t - POOL_LO) / PGSIZE]++)
            fail_msg("pdx 0x%x: table at 0x%08x used twice", pdx, t);
        w.tables++;
        const pte_t *pt = P2V(t);
        for (uint32_t ptx = 0; ptx < NPTENTRIES; ptx++) {
            uint32_t va = PGADDR(pdx, ptx, 0);
            uint32_t want = want_pte(k, n, va);
            if (pt[ptx] != want)
                fail_msg("va 0x%08x: pte 0x%08x, want 0x%08x", va, pt[ptx], want);
            if (want)
                w.present++;
        }
    }
    return w;
}

/* walk_mode with 4 KiB pages only, as the lecture maps. */
static struct walked walk_tables(const pde_t *pgdir, const struct kmap *k, int n)
{
    return walk_mode(pgdir, k, n, 0);
}

/*
 * build_and_check - kmap_setlimit(limit), then setupkvm, and check against
 * hand-derived numbers: the pages taken from kalloc (kmap_ptpages must have
 * predicted them), the mapped pages, the directory's PDEs present (PDX
 * 0x200 .. 0x200+nkern-1 for KERNBASE..KERNBASE+limit, and 0x3F8..0x3FF for
 * DEVSPACE..4 GiB), then every entry with walk_tables() against the rows
 * written out in lecture_rows().
 */
static pde_t *build_and_check(uint32_t limit, uint32_t ptpages, uint32_t mapped, uint32_t nkern)
{
    struct kmap k[4];
    lecture_rows(k, limit);
    kmap_setlimit(limit);
    assert_int_equal(kmap_ptpages(), ptpages);
    pde_t *pgdir = setupkvm();
    assert_non_null(pgdir);
    assert_int_equal(V2P(pgdir), POOL_LO); /* the directory is the first page taken */
    assert_int_equal(sim_allocated(), ptpages);
    for (uint32_t pdx = 0; pdx < NPDENTRIES; pdx++) {
        int want = (pdx >= 0x200 && pdx < 0x200 + nkern) || pdx >= 0x3F8;
        assert_int_equal(!!(pgdir[pdx] & PTE_P), want);
    }
    struct walked w = walk_tables(pgdir, k, 4);
    assert_int_equal(w.tables + 1, ptpages);
    assert_int_equal(w.present, mapped);
    /* Nothing at 0: no identity mapping survives from entrypgdir. */
    assert_int_equal(pgdir[0], 0);
    assert_null(walkpgdir(pgdir, 0, 0));
    return pgdir;
}

/* ---- setupkvm with the lecture's rows ---- */

/*
 * 4 MiB - 128 KiB: KERNBASE..0x803E0000 is one region (PDX 0x200); dev is
 * 0xFE000000..4 GiB = 32 MiB = 8 regions. 1 + 1 + 8 = 10 pages.
 * Pages: io 256, text 4, data (0x3E0000 - 0x104000) / 4 KiB = 732, dev 8192.
 */
static void test_setupkvm_4m_minus_128k(void **state)
{
    (void)state;
    build_and_check(0x3E0000, 10, 256 + 4 + 732 + 8192, 1);
}

/* Exactly 4 MiB: still one region (the last byte is 0x803FFFFF). data = 764 pages. */
static void test_setupkvm_4m(void **state)
{
    (void)state;
    build_and_check(0x400000, 10, 256 + 4 + 764 + 8192, 1);
}

/* 4 MiB + 4 KiB: one page into PDX 0x201, so one more table. */
static void test_setupkvm_4m_plus_page(void **state)
{
    (void)state;
    build_and_check(0x401000, 11, 256 + 4 + 765 + 8192, 2);
}

/* 16 MiB: PDX 0x200..0x203; the kernel rows map 16 MiB = 4096 pages. */
static void test_setupkvm_16m(void **state)
{
    (void)state;
    build_and_check(0x1000000, 1 + 4 + 8, 4096 + 8192, 4);
}

/*
 * 128 MiB - 128 KiB (QEMU -m 128): the last byte 0x87FDFFFF is in PDX 0x21F,
 * so 32 regions; 1 + 32 + 8 = 41 pages, 0x7FE0 + 8192 = 40928 pages mapped,
 * as in the real boot's report.
 */
static void test_setupkvm_128m_minus_128k(void **state)
{
    (void)state;
    build_and_check(0x7FE0000, 41, 40928, 32);
}

/* PHYSTOP, 224 MiB exactly: 56 regions; 1 + 56 + 8 = 65; 0xE000 + 8192 = 65536 pages. */
static void test_setupkvm_224m(void **state)
{
    (void)state;
    build_and_check(PHYSTOP, 65, 65536, 56);
}

/* The dev row ends at exactly 4 GiB: its last page is mapped and nothing wraps to 0. */
static void test_dev_row_ends_at_4g(void **state)
{
    const struct kmap *dev = &kmap_rows()[3];
    (void)state;
    assert_string_equal(dev->name, "dev");
    assert_int_equal(kmap_bytes(dev), 0x2000000u);
    pde_t *pgdir = new_pgdir();
    assert_int_equal(mappages(pgdir, dev->virt, kmap_bytes(dev), dev->phys_start, dev->perm), 0);
    assert_int_equal(sim_allocated(), 1 + 8);
    pte_t *pte = walkpgdir(pgdir, (void *)0xFFFFF000u, 0);
    assert_non_null(pte);
    assert_int_equal(*pte, 0xFFFFF000u | PTE_P | PTE_W);
    pte = walkpgdir(pgdir, (void *)DEVSPACE, 0);
    assert_non_null(pte);
    assert_int_equal(*pte, DEVSPACE | PTE_P | PTE_W);
    assert_int_equal(sim_allocated(), 1 + 8);
    struct walked w = walk_tables(pgdir, dev, 1);
    assert_int_equal(w.tables, 8);
    assert_int_equal(w.present, 8192);
}

/* mappages of the very last page, and of the last two: stops at 4 GiB. */
static void test_mappages_last_page(void **state)
{
    (void)state;
    pde_t *pgdir = new_pgdir();
    assert_int_equal(mappages(pgdir, (void *)0xFFFFF000u, 0x1000, 0x1000, 0), 0);
    assert_int_equal(sim_allocated(), 1 + 1);
    assert_int_equal(mappages(pgdir, (void *)0xFFFFD000u, 0x2000, 0x2000, PTE_W), 0);
    assert_int_equal(sim_allocated(), 1 + 1);
    struct kmap want[] = {ROW("a", 0xFFFFF000u, 0x1000, 0x2000, 0),
                          ROW("b", 0xFFFFD000u, 0x2000, 0x4000, PTE_W)};
    struct walked w = walk_tables(pgdir, want, 2);
    assert_int_equal(w.tables, 1);
    assert_int_equal(w.present, 3);
    assert_int_equal(pgdir[0], 0);
}

/* ---- walkpgdir ---- */

static void test_walkpgdir_missing_no_alloc(void **state)
{
    (void)state;
    pde_t *pgdir = new_pgdir();
    uint32_t before = sim_allocated();
    assert_null(walkpgdir(pgdir, (void *)0x80123000u, 0));
    assert_int_equal(sim_allocated(), before);
    assert_int_equal(pgdir[0x200], 0);

    /* With alloc: a zeroed table from kalloc, PDE = table | P | W. */
    pte_t *pte = walkpgdir(pgdir, (void *)0x80123000u, 1);
    assert_non_null(pte);
    assert_int_equal(sim_allocated(), before + 1);
    pte_t *table = P2V(PTE_ADDR(pgdir[0x200]));
    assert_ptr_equal(pte, &table[0x123]);
    assert_int_equal(pgdir[0x200], (POOL_LO + PGSIZE) | PTE_P | PTE_W);
    for (int i = 0; i < NPTENTRIES; i++)
        assert_int_equal(table[i], 0); /* the pool hands out 0xA5 junk */

    /* Now present: alloc=0 finds it, alloc=1 takes nothing more. */
    assert_ptr_equal(walkpgdir(pgdir, (void *)0x803FF000u, 0), &table[0x3FF]);
    assert_ptr_equal(walkpgdir(pgdir, (void *)0x80000FFFu, 1), &table[0]);
    assert_int_equal(sim_allocated(), before + 1);
}

static void test_walkpgdir_allocator_empty(void **state)
{
    (void)state;
    pde_t *pgdir = new_pgdir();
    sim_alloc_range(POOL_LO + PGSIZE, POOL_LO + PGSIZE, 0xA5); /* nothing left */
    assert_null(walkpgdir(pgdir, (void *)KERNBASE, 1));
    assert_int_equal(pgdir[0x200], 0);
    assert_int_equal(mappages(pgdir, (void *)KERNBASE, PGSIZE, 0, PTE_W), -1);
    assert_int_equal(sim_allocated(), 0);
}

/* ---- mappages ---- */

/* va and size are widened to whole pages; pa is rounded down the same way. */
static void test_mappages_unaligned(void **state)
{
    (void)state;
    pde_t *pgdir = new_pgdir();
    /* [0x80001234, 0x80003234) touches pages 0x80001000, 0x80002000, 0x80003000. */
    assert_int_equal(mappages(pgdir, (void *)0x80001234u, 0x2000, 0x5678, PTE_W), 0);
    /* One byte at 0x80010FFF: one page. */
    assert_int_equal(mappages(pgdir, (void *)0x80010FFFu, 1, 0x9FFF, 0), 0);
    /* Two bytes at 0x80020FFF: straddle two pages. */
    assert_int_equal(mappages(pgdir, (void *)0x80020FFFu, 2, 0xA0FFF, 0), 0);
    /* Zero bytes: nothing at all. */
    assert_int_equal(mappages(pgdir, (void *)0x80030000u, 0, 0, PTE_W), 0);
    assert_int_equal(sim_allocated(), 1 + 1);
    const pte_t *t = P2V(PTE_ADDR(pgdir[0x200]));
    assert_int_equal(t[0], 0);
    assert_int_equal(t[1], 0x5000 | PTE_P | PTE_W);
    assert_int_equal(t[2], 0x6000 | PTE_P | PTE_W);
    assert_int_equal(t[3], 0x7000 | PTE_P | PTE_W);
    assert_int_equal(t[4], 0);
    assert_int_equal(t[0x10], 0x9000 | PTE_P);
    assert_int_equal(t[0x11], 0);
    assert_int_equal(t[0x20], 0xA0000 | PTE_P);
    assert_int_equal(t[0x21], 0xA1000 | PTE_P);
    assert_int_equal(t[0x22], 0);
    assert_int_equal(t[0x30], 0);
    int present = 0;
    for (int i = 0; i < NPTENTRIES; i++)
        present += (t[i] & PTE_P) != 0;
    assert_int_equal(present, 6);
}

/* A range across a 4 MiB boundary needs two tables. */
static void test_mappages_two_tables(void **state)
{
    (void)state;
    pde_t *pgdir = new_pgdir();
    assert_int_equal(mappages(pgdir, (void *)0x803FF000u, 0x2000, 0x3FF000, PTE_W), 0);
    assert_int_equal(sim_allocated(), 1 + 2);
    struct kmap want = ROW("x", 0x803FF000u, 0x3FF000, 0x401000, PTE_W);
    struct walked w = walk_tables(pgdir, &want, 1);
    assert_int_equal(w.tables, 2);
    assert_int_equal(w.present, 2);
}

static void test_mappages_remap_panics(void **state)
{
    (void)state;
    pde_t *pgdir = new_pgdir();
    assert_int_equal(mappages(pgdir, (void *)0x80005000u, PGSIZE, 0x5000, PTE_W), 0);
    SIM_EXPECT_HALT(mappages(pgdir, (void *)0x80005000u, PGSIZE, 0x9000, 0));
    assert_string_equal(sim_halt_msg(), "mappages: remap of 0x80005000");
    /* The first mapping is left as it was. */
    pte_t *pte = walkpgdir(pgdir, (void *)0x80005000u, 0);
    assert_non_null(pte);
    assert_int_equal(*pte, 0x5000 | PTE_P | PTE_W);

    /* A range whose third page is already mapped panics on that page. */
    SIM_EXPECT_HALT(mappages(pgdir, (void *)0x80003000u, 0x3000, 0x3000, PTE_W));
    assert_string_equal(sim_halt_msg(), "mappages: remap of 0x80005000");
    assert_int_equal(sim_panic_count(), 2);
    assert_int_equal(sim_stop_count(), 0);
}

/* Two rows that overlap by one page: the second mappages panics on that page. */
static void test_mappages_overlapping_rows_panic(void **state)
{
    struct kmap k[] = {ROW("io", KERNBASE, 0, EXTMEM, PTE_W),
                       ROW("bad", KERNBASE + 0xFF000, 0xFF000, 0x101000, 0)};
    (void)state;
    pde_t *pgdir = new_pgdir();
    assert_int_equal(mappages(pgdir, k[0].virt, kmap_bytes(&k[0]), 0, PTE_W), 0);
    SIM_EXPECT_HALT(mappages(pgdir, k[1].virt, kmap_bytes(&k[1]), k[1].phys_start, 0));
    assert_string_equal(sim_halt_msg(), "mappages: remap of 0x800ff000");
}

/* A range that would run past 4 GiB is refused, not wrapped round to virtual 0. */
static void test_mappages_past_4g_panics(void **state)
{
    (void)state;
    pde_t *pgdir = new_pgdir();
    SIM_EXPECT_HALT(mappages(pgdir, (void *)0xFFFFF000u, 0x2000, 0x1000, PTE_W));
    assert_string_equal(sim_halt_msg(), "mappages: [0xfffff000, +0x2000) runs past 4 GiB");
    assert_int_equal(pgdir[0], 0); /* nothing at virtual 0 */
}

/* An unaligned range touching two pages maps both, in one table. */
static void test_mappages_unaligned_row_count(void **state)
{
    const struct kmap k = ROW("odd", 0x80000800u, 0x800, 0x1800, PTE_W);
    (void)state;
    pde_t *pgdir = new_pgdir();
    assert_int_equal(mappages(pgdir, k.virt, kmap_bytes(&k), k.phys_start, k.perm), 0);
    assert_int_equal(sim_allocated(), 1 + 1);
    const pte_t *t = P2V(PTE_ADDR(pgdir[0x200]));
    assert_int_equal(t[0], 0x0000 | PTE_P | PTE_W);
    assert_int_equal(t[1], 0x1000 | PTE_P | PTE_W);
    assert_int_equal(t[2], 0);
}

/*
 * Running out of pages: with fewer than the 41 pages the QEMU -m 128 table
 * needs, setupkvm returns 0 whatever page is the first to be missing, and
 * freevm has given back every page it took; with exactly 41 it succeeds.
 */
static void test_setupkvm_out_of_memory(void **state)
{
    (void)state;
    kmap_setlimit(0x7FE0000);
    for (uint32_t avail = 0; avail < 41; avail++) {
        sim_alloc_range(POOL_LO, POOL_LO + avail * PGSIZE, 0xA5);
        assert_null(setupkvm());
        assert_int_equal(sim_allocated(), avail);
        assert_int_equal(sim_freed(), avail);
    }
    sim_alloc_range(POOL_LO, POOL_LO + 41 * PGSIZE, 0xA5);
    assert_non_null(setupkvm());
    assert_int_equal(sim_allocated(), 41);
    assert_int_equal(sim_freed(), 0);
}

/* freevm gives back the directory and every page table, and nothing else. */
static void test_freevm(void **state)
{
    (void)state;
    pde_t *pgdir = build_and_check(0x7FE0000, 41, 40928, 32);
    freevm(pgdir);
    assert_int_equal(sim_freed(), 41);
}

/* The kernel's kmap[] is the lecture's table, with the data row ended at the limit. */
static void test_kmap_rows(void **state)
{
    struct kmap k[4];
    (void)state;
    lecture_rows(k, 0x7FE0000);
    kmap_setlimit(0x7FE0000);
    const struct kmap *rows = kmap_rows();
    for (int i = 0; i < NKMAP; i++) {
        assert_string_equal(rows[i].name, k[i].name);
        assert_ptr_equal(rows[i].virt, k[i].virt);
        assert_int_equal(rows[i].phys_start, k[i].phys_start);
        assert_int_equal(rows[i].phys_end, k[i].phys_end);
        assert_int_equal(rows[i].perm, k[i].perm);
        assert_int_equal(rows[i].large, k[i].large);
    }
    assert_int_equal(kmap_bytes(&rows[0]), 0x100000u);
    assert_int_equal(kmap_bytes(&rows[1]), 0x4000u);
    assert_int_equal(kmap_bytes(&rows[2]), 0x7EDC000u);
    assert_int_equal(kmap_bytes(&rows[3]), 0x2000000u); /* phys_end 0: up to 4 GiB */
    kmap_setlimit(PHYSTOP);
    assert_int_equal(kmap_bytes(&rows[2]), PHYSTOP - DATA_PA);
}

/* ---- selfcheck_walk on a table setupkvm built (QEMU -m 128 rows) ---- */

static pde_t *sc_build(void)
{
    kmap_setlimit(0x7FE0000);
    pde_t *pgdir = setupkvm();
    assert_non_null(pgdir);
    assert_int_equal(sim_allocated(), 41);
    return pgdir;
}

/* The PTE for va in pgdir (its table must exist). */
static pte_t *pte_of(pde_t *pgdir, uint32_t va)
{
    pte_t *pte = walkpgdir(pgdir, (void *)va, 0);
    assert_non_null(pte);
    return pte;
}

/* selfcheck_walk of pgdir against the kernel's rows, as main does it, in either mode. */
static void sc_run_mode(pde_t *pgdir, int big, struct selfcheck *sc)
{
    memset(sc, 0x5A, sizeof(*sc));
    selfcheck_walk(V2P(pgdir), kmap_rows(), NKMAP, POOL_LO, POOL_HI, big, sc);
    assert_int_equal(sc->cr3, POOL_LO);
}

static void sc_run(pde_t *pgdir, struct selfcheck *sc)
{
    sc_run_mode(pgdir, 0, sc);
}

static void assert_rows(const struct selfcheck *sc, uint32_t io, uint32_t text, uint32_t data,
                        uint32_t dev)
{
    assert_int_equal(sc->row_pages[0], io);
    assert_int_equal(sc->row_pages[1], text);
    assert_int_equal(sc->row_pages[2], data);
    assert_int_equal(sc->row_pages[3], dev);
    for (int i = 4; i < SC_MAXROWS; i++)
        assert_int_equal(sc->row_pages[i], 0);
}

static void test_selfcheck_ok(void **state)
{
    struct selfcheck sc;
    (void)state;
    pde_t *pgdir = sc_build();
    sc_run(pgdir, &sc);
    assert_int_equal(sc.errors, 0);
    assert_int_equal(sc.checked, 40928);
    assert_int_equal(sc.tables, 40); /* the report's pt pages: these and the directory */
    assert_int_equal(sc.large, 0);
    assert_int_equal(sc.nshown, 0);
    assert_rows(&sc, 256, 4, 32476, 8192);
}

/* A writable text page: wrong, and the text row is one page short. */
static void test_selfcheck_text_writable(void **state)
{
    struct selfcheck sc;
    (void)state;
    pde_t *pgdir = sc_build();
    *pte_of(pgdir, KERNLINK) |= PTE_W;
    sc_run(pgdir, &sc);
    assert_int_equal(sc.errors, 2);
    assert_int_equal(sc.checked, 40928);
    assert_int_equal(sc.nshown, 2);
    assert_string_equal(sc.shown[0], "wrong va=0x80100000 want=0x00100001 got=0x00100003");
    assert_string_equal(sc.shown[1],
                        "missing-in-text va=0x80100000 want=0x00000004 got=0x00000003");
    assert_rows(&sc, 256, 3, 32476, 8192);
}

/* A data page pointing one frame too far. */
static void test_selfcheck_wrong_frame(void **state)
{
    struct selfcheck sc;
    (void)state;
    pde_t *pgdir = sc_build();
    pte_t *pte = pte_of(pgdir, 0x80200000u);
    assert_int_equal(*pte, 0x200000 | PTE_P | PTE_W);
    *pte = 0x201000 | PTE_P | PTE_W;
    sc_run(pgdir, &sc);
    assert_int_equal(sc.errors, 2);
    assert_int_equal(sc.checked, 40928);
    assert_int_equal(sc.nshown, 2);
    assert_string_equal(sc.shown[0], "wrong va=0x80200000 want=0x00200003 got=0x00201003");
    assert_string_equal(sc.shown[1],
                        "missing-in-data va=0x80104000 want=0x00007edc got=0x00007edb");
    assert_rows(&sc, 256, 4, 32475, 8192);
}

/* A PTE just past the limit, in the last kernel table (PDX 0x21F, PTX 0x3E0). */
static void test_selfcheck_stray_pte(void **state)
{
    struct selfcheck sc;
    (void)state;
    pde_t *pgdir = sc_build();
    pte_t *pte = pte_of(pgdir, 0x87FE0000u);
    assert_int_equal(*pte, 0);
    *pte = 0x7FE0000 | PTE_P | PTE_W;
    sc_run(pgdir, &sc);
    assert_int_equal(sc.errors, 1);
    assert_int_equal(sc.checked, 40929);
    assert_int_equal(sc.nshown, 1);
    assert_string_equal(sc.shown[0], "unexpected va=0x87fe0000 want=0x00000000 got=0x07fe0003");
    assert_rows(&sc, 256, 4, 32476, 8192);
}

/* An identity mapping of page 0 left behind, in a table of its own. */
static void test_selfcheck_identity_at_zero(void **state)
{
    struct selfcheck sc;
    (void)state;
    pde_t *pgdir = sc_build();
    pte_t *t = (pte_t *)kalloc();
    assert_non_null(t);
    memset(t, 0, PGSIZE);
    t[0] = 0 | PTE_P | PTE_W;
    pgdir[0] = V2P(t) | PTE_P | PTE_W;
    sc_run(pgdir, &sc);
    assert_int_equal(sc.errors, 1);
    assert_int_equal(sc.checked, 40929);
    assert_string_equal(sc.shown[0], "unexpected va=0x00000000 want=0x00000000 got=0x00000003");
}

/* A 4 MiB page where nothing is to be mapped. */
static void test_selfcheck_large_page(void **state)
{
    struct selfcheck sc;
    (void)state;
    pde_t *pgdir = sc_build();
    pgdir[1] = 0 | PTE_PS | PTE_P | PTE_W;
    sc_run(pgdir, &sc);
    assert_int_equal(sc.errors, 1);
    assert_int_equal(sc.checked, 40928);
    assert_int_equal(sc.nshown, 1);
    assert_string_equal(sc.shown[0], "large-page va=0x00400000 want=0x00000000 got=0x00000083");
    assert_rows(&sc, 256, 4, 32476, 8192);
}

/*
 * A 4 MiB page in place of the first kernel table (as entrypgdir has): the
 * 1024 pages of PDX 0x200 (io 256, text 4, data 764) are not checked.
 */
static void test_selfcheck_large_page_replaces_table(void **state)
{
    struct selfcheck sc;
    (void)state;
    pde_t *pgdir = sc_build();
    pgdir[0x200] = 0 | PTE_PS | PTE_P | PTE_W;
    sc_run(pgdir, &sc);
    assert_int_equal(sc.errors, 4);
    assert_int_equal(sc.checked, 40928 - 1024);
    assert_int_equal(sc.nshown, 4);
    assert_string_equal(sc.shown[0], "large-page va=0x80000000 want=0x00000000 got=0x00000083");
    assert_string_equal(sc.shown[1], "missing-in-io va=0x80000000 want=0x00000100 got=0x00000000");
    assert_string_equal(sc.shown[2],
                        "missing-in-text va=0x80100000 want=0x00000004 got=0x00000000");
    assert_string_equal(sc.shown[3],
                        "missing-in-data va=0x80104000 want=0x00007edc got=0x00007be0");
    assert_rows(&sc, 0, 0, 32476 - 764, 8192);
}

/* One page removed from the io row. */
static void test_selfcheck_missing_page(void **state)
{
    struct selfcheck sc;
    (void)state;
    pde_t *pgdir = sc_build();
    *pte_of(pgdir, KERNBASE) = 0;
    sc_run(pgdir, &sc);
    assert_int_equal(sc.errors, 1);
    assert_int_equal(sc.checked, 40927);
    assert_int_equal(sc.nshown, 1);
    assert_string_equal(sc.shown[0], "missing-in-io va=0x80000000 want=0x00000100 got=0x000000ff");
    assert_rows(&sc, 255, 4, 32476, 8192);
}

/* A page table outside [pt_lo, pt_hi): reported, and not read. */
static void test_selfcheck_table_outside(void **state)
{
    struct selfcheck sc;
    (void)state;
    pde_t *pgdir = sc_build();
    pgdir[0x3FF] = POOL_HI | PTE_P | PTE_W;
    sc_run(pgdir, &sc);
    assert_int_equal(sc.errors, 2);
    assert_int_equal(sc.checked, 40928 - 1024);
    assert_string_equal(sc.shown[0],
                        "table-outside-memory va=0xffc00000 want=0x00000000 got=0x00400003");
    assert_string_equal(sc.shown[1], "missing-in-dev va=0xfe000000 want=0x00002000 got=0x00001c00");
    assert_rows(&sc, 256, 4, 32476, 8192 - 1024);
}

/* A user-accessible page (U in both PDE and PTE) is wrong; U in the PTE alone is not effective. */
static void test_selfcheck_user_page(void **state)
{
    struct selfcheck sc;
    (void)state;
    pde_t *pgdir = sc_build();
    *pte_of(pgdir, 0x80001000u) |= PTE_U;
    sc_run(pgdir, &sc);
    assert_int_equal(sc.errors, 0);
    pgdir[0x200] |= PTE_U;
    sc_run(pgdir, &sc);
    assert_int_equal(sc.errors, 2);
    assert_int_equal(sc.checked, 40928);
    assert_string_equal(sc.shown[0], "wrong va=0x80001000 want=0x00001003 got=0x00001007");
    assert_string_equal(sc.shown[1], "missing-in-io va=0x80000000 want=0x00000100 got=0x000000ff");
}

/* More errors than SC_SHOW: all counted, the first SC_SHOW kept as text. */
static void test_selfcheck_many_errors(void **state)
{
    struct selfcheck sc;
    (void)state;
    pde_t *pgdir = sc_build();
    for (uint32_t i = 0; i < 10; i++)
        *pte_of(pgdir, KERNBASE + i * PGSIZE) &= ~(uint32_t)PTE_W;
    sc_run(pgdir, &sc);
    assert_int_equal(sc.errors, 11);
    assert_int_equal(sc.checked, 40928);
    assert_int_equal(sc.nshown, SC_SHOW);
    assert_string_equal(sc.shown[0], "wrong va=0x80000000 want=0x00000003 got=0x00000001");
    assert_string_equal(sc.shown[7], "wrong va=0x80007000 want=0x00007003 got=0x00007001");
    assert_rows(&sc, 246, 4, 32476, 8192);
}

/* ---- the bigpages option: the data row in 4 MiB pages (maplarge) ---- */

/*
 * build_big - kmap_setlimit(limit) and kmap_setbig(1), then setupkvm, against
 * hand-derived numbers: the pages taken (kmap_ptpages predicted them), the
 * page tables and 4 MiB pages walk_mode finds, and the mapped 4 KiB pages.
 */
static pde_t *build_big(uint32_t limit, uint32_t ptpages, uint32_t large, uint32_t mapped)
{
    struct kmap k[4];
    lecture_rows(k, limit);
    kmap_setlimit(limit);
    kmap_setbig(1);
    assert_int_equal(kmap_ptpages(), ptpages);
    pde_t *pgdir = setupkvm();
    assert_non_null(pgdir);
    assert_int_equal(sim_allocated(), ptpages);
    struct walked w = walk_mode(pgdir, k, 4, 1);
    assert_int_equal(w.tables + 1, ptpages);
    assert_int_equal(w.large, large);
    assert_int_equal(w.present, mapped);
    assert_int_equal(pgdir[0], 0);
    return pgdir;
}

/*
 * PHYSTOP: data runs to 0x8E000000. PDX 0x200 holds io, text and the head of
 * data in 4 KiB pages (one table); 0x80400000..0x8E000000 is 55 whole
 * regions, 55 4 MiB pages; dev stays 8 tables. 1 + 1 + 8 = 10 pages.
 */
static void test_setupkvm_big_224m(void **state)
{
    (void)state;
    pde_t *pgdir = build_big(PHYSTOP, 10, 55, 65536);
    assert_int_equal(pgdir[0x201], 0x400000 | PTE_PS | PTE_P | PTE_W);
    assert_int_equal(pgdir[0x237], 0xDC00000 | PTE_PS | PTE_P | PTE_W);
    assert_int_equal(pgdir[0x238], 0);
}

/*
 * QEMU -m 128: data ends at 0x87FE0000, 128 KiB short of a region: 30 4 MiB
 * pages (0x80400000..0x87C00000), then a table for the tail in PDX 0x21F.
 * 1 + 1 + 1 + 8 = 11 pages, against 41 with 4 KiB pages.
 */
static void test_setupkvm_big_tail(void **state)
{
    (void)state;
    pde_t *pgdir = build_big(0x7FE0000, 11, 30, 40928);
    assert_int_equal(PTE_FLAGS(pgdir[0x21F]), PTE_P | PTE_W);
}

/* Up to 4 MiB no region is whole: the same table as with 4 KiB pages. */
static void test_setupkvm_big_small_memory(void **state)
{
    (void)state;
    build_big(0x400000, 10, 0, 256 + 4 + 764 + 8192);
}

/* va and pa unequally aligned: maplarge falls back to 4 KiB pages throughout. */
static void test_maplarge_unaligned(void **state)
{
    (void)state;
    pde_t *pgdir = new_pgdir();
    assert_int_equal(maplarge(pgdir, (void *)0x80400000u, 0x800000, 0x401000, PTE_W), 0);
    assert_int_equal(sim_allocated(), 1 + 2);
    struct kmap want = LROW("x", 0x80400000u, 0x401000, 0xC01000, PTE_W);
    struct walked w = walk_mode(pgdir, &want, 1, 0);
    assert_int_equal(w.large, 0);
    assert_int_equal(w.present, 2048);
}

/* A range of exactly one aligned region: one 4 MiB page and no table at all. */
static void test_maplarge_one_region(void **state)
{
    (void)state;
    pde_t *pgdir = new_pgdir();
    assert_int_equal(maplarge(pgdir, (void *)0x80800000u, 0x400000, 0x800000, 0), 0);
    assert_int_equal(sim_allocated(), 1);
    assert_int_equal(pgdir[0x202], 0x800000 | PTE_PS | PTE_P);
    /* No PTE inside it: walkpgdir says so, and refuses to allocate one. */
    assert_null(walkpgdir(pgdir, (void *)0x80801000u, 0));
    SIM_EXPECT_HALT(walkpgdir(pgdir, (void *)0x80801000u, 1));
    assert_string_equal(sim_halt_msg(), "walkpgdir: remap of 0x80801000 inside a 4 MiB page");
    SIM_EXPECT_HALT(maplarge(pgdir, (void *)0x80800000u, 0x400000, 0x800000, 0));
    assert_string_equal(sim_halt_msg(), "maplarge: remap of 0x80800000");
}

/* freevm gives back the tables and the directory, never a 4 MiB page's frame. */
static void test_freevm_big(void **state)
{
    (void)state;
    pde_t *pgdir = build_big(PHYSTOP, 10, 55, 65536);
    freevm(pgdir);
    assert_int_equal(sim_freed(), 10);
}

/* With the option, setupkvm runs out as before: everything it took comes back. */
static void test_setupkvm_big_out_of_memory(void **state)
{
    (void)state;
    kmap_setlimit(PHYSTOP);
    kmap_setbig(1);
    for (uint32_t avail = 0; avail < 10; avail++) {
        sim_alloc_range(POOL_LO, POOL_LO + avail * PGSIZE, 0xA5);
        assert_null(setupkvm());
        assert_int_equal(sim_freed(), avail);
    }
}

/* The self-check on a bigpages table: large pages counted as 1024 pages each. */
static void test_selfcheck_big_ok(void **state)
{
    struct selfcheck sc;
    (void)state;
    pde_t *pgdir = build_big(PHYSTOP, 10, 55, 65536);
    sc_run_mode(pgdir, 1, &sc);
    assert_int_equal(sc.errors, 0);
    assert_int_equal(sc.tables, 9);
    assert_int_equal(sc.large, 55);
    assert_int_equal(sc.checked, 65536);
    assert_rows(&sc, 256, 4, (PHYSTOP - DATA_PA) / PGSIZE, 8192);
    /* The same table judged as a 4 KiB-page kernel: every 4 MiB page is an error. */
    sc_run_mode(pgdir, 0, &sc);
    assert_int_equal(sc.errors, 55 + 1);
    assert_string_equal(sc.shown[0], "large-page va=0x80400000 want=0x00000000 got=0x00400083");
}

/* A 4 MiB page with the wrong frame, or user access, or outside the data row. */
static void test_selfcheck_big_wrong(void **state)
{
    struct selfcheck sc;
    (void)state;
    pde_t *pgdir = build_big(PHYSTOP, 10, 55, 65536);
    pgdir[0x202] = 0xC00000 | PTE_PS | PTE_P | PTE_W;   /* one region too far */
    pgdir[0x203] |= PTE_U;                              /* user-accessible */
    pgdir[0x300] = 0x40000000 | PTE_PS | PTE_P | PTE_W; /* in no row */
    pgdir[0x3F8] = DEVSPACE | PTE_PS | PTE_P | PTE_W;   /* a row without 'large' */
    sc_run_mode(pgdir, 1, &sc);
    assert_int_equal(sc.errors, 6);
    assert_string_equal(sc.shown[0], "wrong va=0x80800000 want=0x00800003 got=0x00c00003");
    assert_string_equal(sc.shown[1], "wrong va=0x80c00000 want=0x00c00003 got=0x00c00007");
    assert_string_equal(sc.shown[2], "large-page va=0xc0000000 want=0x00000000 got=0x40000083");
    assert_string_equal(sc.shown[3], "large-page va=0xfe000000 want=0x00000000 got=0xfe000083");
    assert_int_equal(sc.large, 53);
}

/* A whole data region in 4 KiB pages is still correct: only 'large' tells. */
static void test_selfcheck_big_small_region(void **state)
{
    struct selfcheck sc;
    (void)state;
    pde_t *pgdir = build_big(PHYSTOP, 10, 55, 65536);
    pgdir[0x210] = 0;
    assert_int_equal(mappages(pgdir, (void *)0x84000000u, 0x400000, 0x4000000, PTE_W), 0);
    sc_run_mode(pgdir, 1, &sc);
    assert_int_equal(sc.errors, 0);
    assert_int_equal(sc.large, 54);
    assert_int_equal(sc.tables, 10);
    assert_int_equal(sc.checked, 65536);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_setupkvm_4m_minus_128k, setup, teardown),
        cmocka_unit_test_setup_teardown(test_setupkvm_4m, setup, teardown),
        cmocka_unit_test_setup_teardown(test_setupkvm_4m_plus_page, setup, teardown),
        cmocka_unit_test_setup_teardown(test_setupkvm_16m, setup, teardown),
        cmocka_unit_test_setup_teardown(test_setupkvm_128m_minus_128k, setup, teardown),
        cmocka_unit_test_setup_teardown(test_setupkvm_224m, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dev_row_ends_at_4g, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mappages_last_page, setup, teardown),
        cmocka_unit_test_setup_teardown(test_walkpgdir_missing_no_alloc, setup, teardown),
        cmocka_unit_test_setup_teardown(test_walkpgdir_allocator_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mappages_unaligned, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mappages_two_tables, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mappages_remap_panics, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mappages_past_4g_panics, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mappages_unaligned_row_count, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mappages_overlapping_rows_panic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_setupkvm_out_of_memory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_freevm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kmap_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_selfcheck_ok, setup, teardown),
        cmocka_unit_test_setup_teardown(test_selfcheck_text_writable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_selfcheck_wrong_frame, setup, teardown),
        cmocka_unit_test_setup_teardown(test_selfcheck_stray_pte, setup, teardown),
        cmocka_unit_test_setup_teardown(test_selfcheck_identity_at_zero, setup, teardown),
        cmocka_unit_test_setup_teardown(test_selfcheck_large_page, setup, teardown),
        cmocka_unit_test_setup_teardown(test_selfcheck_large_page_replaces_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_selfcheck_missing_page, setup, teardown),
        cmocka_unit_test_setup_teardown(test_selfcheck_table_outside, setup, teardown),
        cmocka_unit_test_setup_teardown(test_selfcheck_user_page, setup, teardown),
        cmocka_unit_test_setup_teardown(test_selfcheck_many_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_setupkvm_big_224m, setup, teardown),
        cmocka_unit_test_setup_teardown(test_setupkvm_big_tail, setup, teardown),
        cmocka_unit_test_setup_teardown(test_setupkvm_big_small_memory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_maplarge_unaligned, setup, teardown),
        cmocka_unit_test_setup_teardown(test_maplarge_one_region, setup, teardown),
        cmocka_unit_test_setup_teardown(test_freevm_big, setup, teardown),
        cmocka_unit_test_setup_teardown(test_setupkvm_big_out_of_memory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_selfcheck_big_ok, setup, teardown),
        cmocka_unit_test_setup_teardown(test_selfcheck_big_wrong, setup, teardown),
        cmocka_unit_test_setup_teardown(test_selfcheck_big_small_region, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
