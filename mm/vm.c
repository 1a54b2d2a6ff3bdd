/*
 * vm.c - two-level x86 page tables (see vm.h and mmu.h).
 */
#include "kernel/console.h"
#include "kernel/string.h"
#include "mm/memlayout.h"
#include "mm/vm.h"

uint64_t kmap_bytes(const struct kmap *k)
{
    uint64_t end = k->phys_end ? k->phys_end : 0x100000000ull;
    return end - k->phys_start;
}

pte_t *walkpgdir(pde_t *pgdir, uint32_t va, int alloc, char *(*allocpage)(void), uint32_t *ptpages)
{
    pde_t *pde = &pgdir[PDX(va)];
    pte_t *pgtab;
    if (*pde & PTE_P) {
        pgtab = (pte_t *)P2V(PTE_ADDR(*pde));
    } else {
        if (!alloc || (pgtab = (pte_t *)allocpage()) == 0)
            return 0;
        memset(pgtab, 0, PGSIZE); /* every PTE_P clear */
        (*ptpages)++;
        /*
         * The directory entry allows writes; each PTE decides. User access
         * stays off in both: the kernel's pages are supervisor-only.
         */
        *pde = V2P(pgtab) | PTE_P | PTE_W;
    }
    return &pgtab[PTX(va)];
}

int mappages(pde_t *pgdir, uint32_t va, uint64_t size, uint32_t pa, int perm,
             char *(*allocpage)(void), uint32_t *ptpages)
{
    if (size == 0)
        return 0;
    if ((uint64_t)va + size > 0x100000000ull)
        panic("mappages: [0x%x, +0x%llx) runs past 4 GiB", va, (unsigned long long)size);
    uint32_t a = PGROUNDDOWN(va);
    uint32_t last = PGROUNDDOWN((uint32_t)(va + size - 1)); /* no overflow at 4 GiB */
    pa = PGROUNDDOWN(pa);
    for (;;) {
        pte_t *pte = walkpgdir(pgdir, a, 1, allocpage, ptpages);
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

pde_t *setupkvm(const struct kmap *k, int n, char *(*allocpage)(void), struct kvmstats *st)
{
    pde_t *pgdir = (pde_t *)allocpage();
    st->ptpages = 0;
    st->mapped_pages = 0;
    if (pgdir == 0)
        return 0;
    st->ptpages = 1;
    memset(pgdir, 0, PGSIZE);
    for (int i = 0; i < n; i++) {
        uint64_t bytes = kmap_bytes(&k[i]);
        if (mappages(pgdir, k[i].virt, bytes, k[i].phys_start, k[i].perm, allocpage, &st->ptpages) <
            0)
            return 0; /* the caller panics; the half-built table is abandoned */
        if (bytes) {  /* the pages mappages touched: the range widened to pages */
            uint32_t first = PGROUNDDOWN(k[i].virt);
            uint32_t last = PGROUNDDOWN((uint32_t)(k[i].virt + bytes - 1));
            st->mapped_pages += ((last - first) >> PGSHIFT) + 1;
        }
    }
    return pgdir;
}
