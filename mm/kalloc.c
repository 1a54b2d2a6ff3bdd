/*
 * kalloc.c - physical page allocator (see kalloc.h).
 *
 * The free list is a list of runs: a run is one or more free pages in a row,
 * and its first page holds its header (the next run and its length). kfree
 * pushes a run of one page; freerange pushes one run per stretch of usable
 * RAM, so kinit2 writes one header per stretch instead of a link into each
 * of the tens of thousands of pages above 4 MiB. kalloc hands out the last
 * page of the first run. Pages come out in the same order as a list of
 * single pages would give them (freed in address order, the last first),
 * and a page is first written when it is handed out.
 *
 * Why not a link in every page, as xv6's freerange does: that writes to all
 * of memory during boot. On a real PC it is a cache and TLB miss per page;
 * under a hypervisor or QEMU it makes the host allocate and clear every page
 * of the guest's RAM before the kernel needs any of it (at -m 512 under TCG,
 * 20 to 560 ms; docs/performance.md).
 */
#include "lib/console.h"
#include "mm/kalloc.h"
#include "mm/memlayout.h"
#include "mm/mmu.h"

struct run {
    struct run *next;
    uint32_t npages; /* this page and the npages - 1 after it are free */
};

static struct {
    struct run *freelist;
    uint32_t nfree;
    uint32_t lo, hi; /* physical bounds of every page ever freed */
} kmem;

extern char end[]; /* first address after the kernel, from kernel/kernel.ld.S */

/* Push the npages pages from v (kernel virtual, page-aligned) as one run. */
static void pushrun(char *v, uint32_t npages)
{
    struct run *r = (struct run *)v;
    r->next = kmem.freelist;
    r->npages = npages;
    kmem.freelist = r;
    kmem.nfree += npages;
}

void kfree(char *v)
{
    uint32_t pa = V2P(v);
    if ((uint32_t)v % PGSIZE || v < end || pa < kmem.lo || pa >= kmem.hi)
        panic("kfree: bad page 0x%x", (uint32_t)v);
    struct run *head = kmem.freelist;
    if (head && v == (char *)head + head->npages * PGSIZE) {
        head->npages++; /* the page the first run gave out last: it grows back */
        kmem.nfree++;
        return;
    }
    pushrun(v, 1);
}

/* Callback for e820_foreach_usable: free the physical pages [start, stop) as one run. */
static void free_run(uint32_t start, uint32_t stop, void *arg)
{
    (void)arg;
    if (kmem.hi == 0 || start < kmem.lo)
        kmem.lo = start;
    if (stop > kmem.hi)
        kmem.hi = stop;
    pushrun(P2V(start), (stop - start) / PGSIZE);
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
    if (!r)
        return 0;
    kmem.nfree--;
    if (--r->npages == 0) {
        kmem.freelist = r->next; /* the run's own page goes last */
        return (char *)r;
    }
    return (char *)r + r->npages * PGSIZE;
}

uint32_t kfree_count(void)
{
    return kmem.nfree;
}
