/*
 * simphys.c - simulated physical memory, page allocator and panic() for the
 * host unit tests (see simphys.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/console.h"
#include "tests/unit/simphys.h"

static char *mem;          /* host buffer standing for physical [0, size) */
static uint32_t size;      /* bytes */
static uint32_t next, top; /* sim_kalloc hands out [next, top) */
static uint32_t handed;    /* pages handed out since sim_alloc_range */
static uint8_t junkbyte = 0xA5;

jmp_buf sim_panic_env;
volatile int sim_panic_armed;
static char panic_msg[256];
static int panics;

void sim_init(uint32_t mib)
{
    sim_fini();
    if (mib == 0 || mib > 1024)
        fail_msg("sim_init: %u MiB is not a size the simulation supports", mib);
    size = mib << 20;
    mem = aligned_alloc(SIM_PAGE, size);
    if (mem == NULL)
        fail_msg("sim_init: cannot allocate %u MiB", mib);
    memset(mem, 0, size);
    next = top = handed = 0;
    junkbyte = 0xA5;
    sim_panic_armed = 0;
    panic_msg[0] = 0;
    panics = 0;
}

void sim_fini(void)
{
    free(mem);
    mem = NULL;
    size = 0;
    next = top = handed = 0;
}

uint32_t sim_size(void)
{
    return size;
}

void *sim_p2v(uint32_t pa)
{
    if (mem == NULL || pa >= size) {
        fail_msg("P2V(0x%08x): outside simulated physical memory [0, 0x%x)", pa, size);
        abort(); /* not reached: fail_msg leaves the test */
    }
    return mem + pa;
}

uint32_t sim_v2p(const void *va)
{
    const char *p = va;
    if (mem == NULL || p < mem || p >= mem + size) {
        fail_msg("V2P(%p): not inside simulated physical memory", va);
        abort();
    }
    return (uint32_t)(p - mem);
}

void sim_alloc_range(uint32_t lo, uint32_t hi, uint8_t junk)
{
    if (lo % SIM_PAGE || hi % SIM_PAGE || lo > hi || hi > size)
        fail_msg("sim_alloc_range(0x%x, 0x%x): bad range for %u bytes", lo, hi, size);
    next = lo;
    top = hi;
    handed = 0;
    junkbyte = junk;
}

char *sim_kalloc(void)
{
    if (next >= top)
        return 0;
    char *p = mem + next;
    memset(p, junkbyte, SIM_PAGE);
    next += SIM_PAGE;
    handed++;
    return p;
}

uint32_t sim_allocated(void)
{
    return handed;
}

const char *sim_panic_msg(void)
{
    return panic_msg;
}

int sim_panic_count(void)
{
    return panics;
}

/* The kernel's panic (kernel/console.h): record the message, then unwind. */
void panic(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(panic_msg, sizeof(panic_msg), fmt, ap);
    va_end(ap);
    panics++;
    if (sim_panic_armed) {
        sim_panic_armed = 0;
        longjmp(sim_panic_env, 1);
    }
    fail_msg("unexpected panic: %s", panic_msg);
    abort();
}
