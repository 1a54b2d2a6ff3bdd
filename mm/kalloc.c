/*
 * kalloc.c - physical page allocator (see kalloc.h). Pages are handed out in
 * LIFO order; a free page holds the pointer to the next one.
 */
#include "lib/console.h"
#include "mm/kalloc.h"
#include "mm/memlayout.h"
#include "mm/mmu.h"

struct run {
    struct run *next;
};

static struct {
    struct run *freelist;
    uint32_t nfree;
    uint32_t lo, hi; /* physical bounds of every page ever freed */
} kmem;

extern char end[]; /* first address after the kernel, from kernel/kernel.ld.S */

void kfree(char *v)
{
    uint32_t pa = V2P(v);
    if ((uint32_t)v % PGSIZE || v < end || pa < kmem.lo || pa >= kmem.hi)
        panic("kfree: bad page 0x%x", (uint32_t)v);
    struct run *r = (struct run *)v;
    r->next = kmem.freelist;
    kmem.freelist = r;
    kmem.nfree++;
}

/* Callback for e820_foreach_usable: free the physical pages [start, end). */
static void free_run(uint32_t start, uint32_t stop, void *arg)
{
    (void)arg;
    if (kmem.hi == 0 || start < kmem.lo)
        kmem.lo = start;
    if (stop > kmem.hi)
        kmem.hi = stop;
    for (uint32_t pa = start; pa < stop; pa += PGSIZE)
        kfree(P2V(pa));
}

/* Free the usable pages of [vstart, vend); the kernel image is never freed. */
static void freerange(const struct e820_range *map, int n, void *vstart, void *vend)
{
    uint32_t lo = V2P(vstart), hi = V2P(vend);
    if (lo < V2P(end))
        lo = V2P(end);
    e820_foreach_usable(map, n, lo, hi, free_run, 0);
}

void kinit1(const struct e820_range *map, int n, void *vstart, void *vend)
{
    kmem.freelist = 0; /* an empty allocator: nothing was freed before */
    kmem.nfree = 0;
    kmem.lo = kmem.hi = 0;
    freerange(map, n, vstart, vend);
}

void kinit2(const struct e820_range *map, int n, void *vstart, void *vend)
{
    freerange(map, n, vstart, vend);
}

char *kalloc(void)
{
    struct run *r = kmem.freelist;
    if (r) {
        kmem.freelist = r->next;
        kmem.nfree--;
    }
    return (char *)r;
}

uint32_t kfree_count(void)
{
    return kmem.nfree;
}
