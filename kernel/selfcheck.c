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

/*
 * The row the PTEs are being checked against, and what each of its pages
 * must hold: consecutive pages mostly share a row, so it is looked up only
 * when a page leaves it (the walk checks up to 65536 PTEs).
 */
struct span {
    int r;          /* the row, or -1 when va is in none */
    uint32_t virt;  /* the row's first virtual address */
    uint32_t bytes; /* its size (0 when r is -1: every va leaves it) */
    uint32_t delta; /* physical minus virtual address */
    uint32_t bits;  /* PTE_P and the row's PTE_W */
};

static void span_of(const struct kmap *k, int n, uint32_t va, struct span *s)
{
    s->r = row_of(k, n, va);
    s->virt = s->r < 0 ? 0 : (uint32_t)(uintptr_t)k[s->r].virt;
    s->bytes = s->r < 0 ? 0 : kmap_bytes(&k[s->r]);
    s->delta = s->r < 0 ? 0 : k[s->r].phys_start - s->virt;
    s->bits = s->r < 0 ? 0 : (k[s->r].perm & PTE_W) | PTE_P;
}

/* One present PTE: the frame and the effective permission must match its row. */
static void check_pte(const struct kmap *k, int n, pde_t pde, pte_t pte, uint32_t va,
                      struct span *s, struct selfcheck *sc)
{
    if (va - s->virt >= s->bytes)
        span_of(k, n, va, s);
    sc->checked++;
    if (s->r < 0) {
        note(sc, "unexpected", va, 0, pte);
        return;
    }
    uint32_t want = (va + s->delta) | s->bits;
    uint32_t got = PTE_ADDR(pte) | (pte & pde & (PTE_W | PTE_U)) | PTE_P;
    if (got != want) {
        note(sc, "wrong", va, want, got);
        return;
    }
    sc->row_pages[s->r]++;
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
    struct span s = {-1, 0, 0, 0, 0};
    for (uint32_t ptx = 0; ptx < NPTENTRIES; ptx++)
        if (pt[ptx] & PTE_P)
            check_pte(k, n, pde, pt[ptx], base | (ptx << PTXSHIFT), &s, sc);
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
