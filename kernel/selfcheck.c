/*
 * selfcheck.c - the kernel checks its own page table (see selfcheck.h). The
 * grader and the QEMU tests do not rely on this: they recompute everything,
 * and read the table through QEMU's monitor. It is here so a PC in the lab
 * says at once whether its page table is what kmap[] promises.
 */
#include "lib/printf.h"
#include "kernel/selfcheck.h"
#include "mm/memlayout.h"
#include "mm/mmu.h"

static void note(struct selfcheck *sc, const char *what, uint32_t va, uint32_t want, uint32_t got)
{
    if (sc->nshown < SC_SHOW)
        ksnprintf(sc->shown[sc->nshown++], SC_TEXT, "%s va=0x%08x want=0x%08x got=0x%08x", what, va,
                  want, got);
    sc->errors++;
}

/* The row that covers va, or -1. */
static int row_of(const struct kmap *k, int n, uint32_t va)
{
    for (int i = 0; i < n; i++) {
        uint32_t virt = (uint32_t)(uintptr_t)k[i].virt;
        if (va >= virt && va - virt < kmap_bytes(&k[i]))
            return i;
    }
    return -1;
}

/* 1 when row r (r may be -1) covers va. */
static int in_row(const struct kmap *k, int r, uint32_t va)
{
    uint32_t virt = r < 0 ? 0 : (uint32_t)(uintptr_t)k[r].virt;
    return r >= 0 && va >= virt && va - virt < kmap_bytes(&k[r]);
}

/*
 * One present PTE: the frame and the effective permission must match its
 * row. *last is the row of the PTE before it: consecutive pages mostly share
 * a row, so it is asked first.
 */
static void check_pte(const struct kmap *k, int n, pde_t pde, pte_t pte, uint32_t va, int *last,
                      struct selfcheck *sc)
{
    int r = in_row(k, *last, va) ? *last : row_of(k, n, va);
    *last = r;
    sc->checked++;
    if (r < 0) {
        note(sc, "unexpected", va, 0, pte);
        return;
    }
    uint32_t want =
        (k[r].phys_start + (va - (uint32_t)(uintptr_t)k[r].virt)) | (k[r].perm & PTE_W) | PTE_P;
    uint32_t got = PTE_ADDR(pte) | (pte & pde & (PTE_W | PTE_U)) | PTE_P;
    if (got != want) {
        note(sc, "wrong", va, want, got);
        return;
    }
    sc->row_pages[r]++;
}

/*
 * A 4 MiB page (PDE with PTE_PS) at base: allowed only with 'big', wholly
 * inside one row marked 'large', with that row's frame and permission. The
 * frame is PDE bits 31:22 (SDM Vol. 3A, table 4-4); bits 21:13 must be 0.
 */
static void check_large(const struct kmap *k, int n, pde_t pde, uint32_t base, int big,
                        struct selfcheck *sc)
{
    int r = row_of(k, n, base);
    if (!big || r < 0 || !k[r].large || row_of(k, n, base + (LGSIZE - 1)) != r) {
        note(sc, "large-page", base, 0, pde);
        return;
    }
    uint32_t want =
        (k[r].phys_start + (base - (uint32_t)(uintptr_t)k[r].virt)) | (k[r].perm & PTE_W) | PTE_P;
    uint32_t got = (pde & ~(LGSIZE - 1)) | (pde & 0x3FE000) | (pde & (PTE_W | PTE_U)) | PTE_P;
    if (got != want) {
        note(sc, "wrong", base, want, got);
        return;
    }
    sc->large++;
    sc->checked += LGSIZE / PGSIZE;
    sc->row_pages[r] += LGSIZE / PGSIZE;
}

static void check_table(uint32_t pdx, pde_t pde, const struct kmap *k, int n, uint32_t pt_lo,
                        uint32_t pt_hi, int big, struct selfcheck *sc)
{
    uint32_t base = pdx << PDXSHIFT;
    if (pde & PTE_PS) {
        check_large(k, n, pde, base, big, sc);
        return;
    }
    sc->tables++;
    if (PTE_ADDR(pde) < pt_lo || PTE_ADDR(pde) >= pt_hi) {
        note(sc, "table-outside-memory", base, 0, pde);
        return;
    }
    const pte_t *pt = (const pte_t *)P2V(PTE_ADDR(pde));
    int last = -1;
    for (uint32_t ptx = 0; ptx < NPTENTRIES; ptx++)
        if (pt[ptx] & PTE_P)
            check_pte(k, n, pde, pt[ptx], base | (ptx << PTXSHIFT), &last, sc);
}

void selfcheck_walk(uint32_t cr3, const struct kmap *k, int n, uint32_t pt_lo, uint32_t pt_hi,
                    int big, struct selfcheck *sc)
{
    const pde_t *pgdir = (const pde_t *)P2V(PTE_ADDR(cr3));
    *sc = (struct selfcheck){0};
    sc->cr3 = cr3;
    if (n > SC_MAXROWS)
        n = SC_MAXROWS;
    for (uint32_t pdx = 0; pdx < NPDENTRIES; pdx++)
        if (pgdir[pdx] & PTE_P)
            check_table(pdx, pgdir[pdx], k, n, pt_lo, pt_hi, big, sc);
    for (int i = 0; i < n; i++) {
        uint32_t pages = kmap_bytes(&k[i]) >> PGSHIFT;
        if (sc->row_pages[i] != pages) {
            char what[32];
            ksnprintf(what, sizeof(what), "missing-in-%s", k[i].name);
            note(sc, what, (uint32_t)(uintptr_t)k[i].virt, pages, sc->row_pages[i]);
        }
    }
}
