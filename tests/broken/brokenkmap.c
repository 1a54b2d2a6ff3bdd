/*
 * brokenkmap.c - the deliberate bug of make broken-kernel (docs/grading.md,
 * "Simulated lab"), linked only into that build. The linker routes two of
 * main's calls through here (ld --wrap, see the Makefile's broken-kernel):
 *
 *   kvmalloc        first makes kmap[]'s text row writable, so the kernel
 *                   maps its own code rw and the report prints perm=rw;
 *   selfcheck_walk  walks as usual, then forges the verdict to "ok".
 *
 * The grader must fail this kernel with exactly one check (kmap text perm);
 * the kernel's own files know nothing of it.
 */
#include "kernel/selfcheck.h"
#include "mm/vm.h"

void __real_kvmalloc(void);
void __wrap_kvmalloc(void);
void __real_selfcheck_walk(uint32_t cr3, const struct kmap *k, int n, uint32_t pt_lo,
                           uint32_t pt_hi, int big, struct selfcheck *sc);
void __wrap_selfcheck_walk(uint32_t cr3, const struct kmap *k, int n, uint32_t pt_lo,
                           uint32_t pt_hi, int big, struct selfcheck *sc);

#define KMAP_TEXT 1

void __wrap_kvmalloc(void)
{
    struct kmap *rows = (struct kmap *)kmap_rows(); /* kmap[] itself is writable data */
    rows[KMAP_TEXT].perm = PTE_W;
    __real_kvmalloc();
}

/*
 * The walk compares the table with kmap[], which carries the same writable
 * row, so it finds nothing wrong either way; the verdict is forged anyway,
 * so the "ok" stays a lie even if the self-check learns to judge kmap[] itself.
 */
void __wrap_selfcheck_walk(uint32_t cr3, const struct kmap *k, int n, uint32_t pt_lo,
                           uint32_t pt_hi, int big, struct selfcheck *sc)
{
    __real_selfcheck_walk(cr3, k, n, pt_lo, pt_hi, big, sc);
    sc->errors = 0;
    sc->nshown = 0;
}
