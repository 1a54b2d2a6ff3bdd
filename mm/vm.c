/*
 * vm.c - the kernel's address space, described once as data (kmap[]), and
 * the two-level x86 page tables that map it (see vm.h and mmu.h).
 */
#include "lib/console.h"
#include "lib/string.h"
#include "lib/x86.h"
#include "mm/kalloc.h"
#include "mm/memlayout.h"
#include "mm/vm.h"

extern char data[]; /* first byte of the kernel's writable data (kernel/kernel.ld.S) */

pde_t *kpgdir; /* the kernel's page directory, for switchkvm */

/*
 * The lecture's kmap[]: every mapping the kernel has after switchkvm. The
 * data row is written with PHYSTOP, as in xv6; kmap_setlimit() ends it at
 * the limit computed from the memory map (min(PHYSTOP, top of usable RAM)),
 * so a 64 MiB PC is not given page tables for memory it does not have.
 *
 * A UEFI PC adds a fifth row for its framebuffer (kmap_setfb), at FBSPACE:
 * the four rows of the lecture stay as they are.
 *
 * Written out again, on purpose, by the QEMU tests' oracle
 * (tests/harness/oracle.py, kmap_rows) and the grader (hw-tests/lg_check.c,
 * set_row): a bug here must not pass its own check. tests/restatements/
 * fails when any of them disagrees with this table.
 */
static struct kmap kmap[NKMAP_MAX] = {
    /* I/O space: BIOS data, VGA text at 0xB8000, the boot-info block. */
    {"io", (void *)KERNBASE, 0, EXTMEM, PTE_W, 0},
    /* Kernel text and read-only data: CR0.WP makes these read-only to the kernel too. */
    {"text", (void *)KERNLINK, V2P(KERNLINK), V2P(data), 0, 0},
    /* Kernel data, bss, and the free memory kalloc hands out; 4 MiB pages with bigpages. */
    {"data", (void *)data, V2P(data), PHYSTOP, PTE_W, 1},
    /* Memory-mapped devices (I/O APIC, local APIC, ...), identity-mapped up to 4 GiB. */
    {"dev", (void *)DEVSPACE, DEVSPACE, 0, PTE_W, 0},
};
#define KMAP_DATA 2
#define KMAP_FB   4 /* set by kmap_setfb on a UEFI PC; unused otherwise */

static int nkmap = NKMAP;

static int bigpages; /* kmap_setbig: rows marked 'large' get 4 MiB pages */

const struct kmap *kmap_rows(void)
{
    return kmap;
}

int kmap_count(void)
{
    return nkmap;
}

void kmap_setfb(uint32_t pa, uint32_t end)
{
    kmap[KMAP_FB] = (struct kmap){"fb", (void *)FBSPACE, pa, end, PTE_W, 0};
    nkmap = NKMAP + 1;
}

void kmap_setlimit(uint32_t limit)
{
    kmap[KMAP_DATA].phys_end = limit;
}

void kmap_setbig(int on)
{
    bigpages = on;
}

/*
 * The 4 MiB regions maplarge gives 4 MiB pages for [va, va+size) -> pa:
 * [*lo, *hi), the whole regions inside the range; empty (*lo == *hi) when
 * va and pa are not equally aligned. The range may end at 4 GiB.
 */
static void large_span(uint32_t va, uint32_t size, uint32_t pa, uint64_t *lo, uint64_t *hi)
{
    uint64_t end = (uint64_t)va + size;
    *lo = ((uint64_t)va + LGSIZE - 1) & ~(uint64_t)(LGSIZE - 1);
    *hi = end & ~(uint64_t)(LGSIZE - 1);
    if ((va - pa) % LGSIZE != 0 || *lo >= *hi)
        *lo = *hi = 0;
}

uint32_t kmap_ptpages(void)
{
    uint32_t pdes[NPDENTRIES / 32] = {0};
    uint32_t n = 1; /* the directory */
    for (int i = 0; i < nkmap; i++) {
        uint32_t va = (uint32_t)(uintptr_t)kmap[i].virt, size = kmap_bytes(&kmap[i]);
        uint64_t lo = 0, hi = 0;
        if (size == 0)
            continue;
        if (bigpages && kmap[i].large)
            large_span(va, size, kmap[i].phys_start, &lo, &hi);
        for (uint32_t d = PDX(va); d <= PDX(va + size - 1); d++) {
            uint64_t region = (uint64_t)d << PDXSHIFT;
            if (region >= lo && region < hi)
                continue; /* a 4 MiB page: no table */
            if (!(pdes[d / 32] & (1u << (d % 32))))
                n++;
            pdes[d / 32] |= 1u << (d % 32);
        }
    }
    return n;
}

pte_t *walkpgdir(pde_t *pgdir, const void *va, int alloc)
{
    pde_t *pde = &pgdir[PDX(va)];
    pte_t *pgtab;
    if ((*pde & (PTE_P | PTE_PS)) == (PTE_P | PTE_PS)) {
        if (alloc)
            panic("walkpgdir: remap of 0x%x inside a 4 MiB page", (uint32_t)(uintptr_t)va);
        return 0;
    }
    if (*pde & PTE_P) {
        pgtab = (pte_t *)P2V(PTE_ADDR(*pde));
    } else {
        if (!alloc || (pgtab = (pte_t *)kalloc()) == 0)
            return 0;
        memset(pgtab, 0, PGSIZE); /* every PTE_P clear */
        /*
         * The directory entry allows writes; each PTE decides. User access
         * stays off in both: the kernel's pages are supervisor-only.
         */
        *pde = V2P(pgtab) | PTE_P | PTE_W;
    }
    return &pgtab[PTX(va)];
}

int mappages(pde_t *pgdir, void *va, uint32_t size, uint32_t pa, int perm)
{
    if (size == 0)
        return 0;
    if ((uint64_t)(uintptr_t)va + size > 0x100000000ull)
        panic("mappages: [0x%x, +0x%x) runs past 4 GiB", (uint32_t)(uintptr_t)va, size);
    uint32_t a = PGROUNDDOWN((uint32_t)(uintptr_t)va);
    uint32_t last = PGROUNDDOWN((uint32_t)(uintptr_t)va + size - 1); /* 4 GiB ends at 0xFFFFFFFF */
    pa = PGROUNDDOWN(pa);
    for (;;) {
        pte_t *pte = walkpgdir(pgdir, (void *)(uintptr_t)a, 1);
        if (pte == 0)
            return -1;
        if (*pte & PTE_P)
            panic("mappages: remap of 0x%x", a);
        *pte = pa | perm | PTE_P;
        if (a == last)
            break;
        a += PGSIZE;
        pa += PGSIZE;
    }
    return 0;
}

int maplarge(pde_t *pgdir, void *va, uint32_t size, uint32_t pa, int perm)
{
    uint32_t a = (uint32_t)(uintptr_t)va;
    uint64_t lo, hi;
    large_span(a, size, pa, &lo, &hi);
    if (lo == hi)
        return mappages(pgdir, va, size, pa, perm);
    if (mappages(pgdir, va, (uint32_t)lo - a, pa, perm) < 0) /* the head, in 4 KiB pages */
        return -1;
    for (uint64_t v = lo; v < hi; v += LGSIZE) {
        pde_t *pde = &pgdir[PDX((uint32_t)v)];
        if (*pde & PTE_P)
            panic("maplarge: remap of 0x%x", (uint32_t)v);
        *pde = (pa + ((uint32_t)v - a)) | perm | PTE_PS | PTE_P;
    }
    return mappages(pgdir, (void *)(uintptr_t)hi, (uint32_t)((uint64_t)a + size - hi),
                    pa + (uint32_t)(hi - a), perm); /* the tail */
}

pde_t *setupkvm(void)
{
    pde_t *pgdir = (pde_t *)kalloc();
    if (pgdir == 0)
        return 0;
    memset(pgdir, 0, PGSIZE);
    for (const struct kmap *k = kmap; k < &kmap[nkmap]; k++) {
        int (*map)(pde_t *, void *, uint32_t, uint32_t, int) =
            bigpages && k->large ? maplarge : mappages;
        if (map(pgdir, k->virt, kmap_bytes(k), k->phys_start, k->perm) < 0) {
            freevm(pgdir);
            return 0;
        }
    }
    return pgdir;
}

void kvmalloc(void)
{
    kpgdir = setupkvm();
    if (kpgdir == 0)
        panic("kvmalloc: out of memory for page tables");
    switchkvm();
}

void switchkvm(void)
{
    lcr3(V2P(kpgdir));
}

void freevm(pde_t *pgdir)
{
    for (uint32_t i = 0; i < NPDENTRIES; i++)
        if ((pgdir[i] & (PTE_P | PTE_PS)) == PTE_P) /* a table, not a 4 MiB page */
            kfree((char *)P2V(PTE_ADDR(pgdir[i])));
    kfree((char *)pgdir);
}
