/*
 * simkalloc.c - the simulated page allocator of the host unit tests (see
 * simphys.h): kalloc() and kfree() with the kernel's signatures, over a
 * physical range of the simulated memory that a test chooses.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "mm/kalloc.h"
#include "mm/memlayout.h"
#include "tests/unit/simphys.h"

static uint32_t next, top; /* kalloc hands out [next, top) */
static uint32_t handed;    /* pages handed out since sim_alloc_range */
static uint32_t taken;     /* pages kfree took back since sim_alloc_range */
static uint8_t junkbyte = 0xA5;

void sim_alloc_range(uint32_t lo, uint32_t hi, uint8_t junk)
{
    if (lo % SIM_PAGE || hi % SIM_PAGE || lo > hi || hi > sim_size())
        fail_msg("sim_alloc_range(0x%x, 0x%x): bad range for %u bytes", lo, hi, sim_size());
    next = lo;
    top = hi;
    handed = taken = 0;
    junkbyte = junk;
}

/* The kernel's kalloc (mm/kalloc.h), over the range sim_alloc_range gave. */
char *kalloc(void)
{
    if (next >= top)
        return 0;
    char *p = P2V(next);
    memset(p, junkbyte, SIM_PAGE);
    next += SIM_PAGE;
    handed++;
    return p;
}

/* The kernel's kfree: counts the page and spoils it, as a reused page would be. */
void kfree(char *v)
{
    uint32_t pa = V2P(v);
    if (pa % SIM_PAGE || pa >= sim_size())
        fail_msg("kfree(%p): not a simulated page", (void *)v);
    memset(v, 0x5A, SIM_PAGE);
    taken++;
}

uint32_t sim_allocated(void)
{
    return handed;
}

uint32_t sim_freed(void)
{
    return taken;
}
