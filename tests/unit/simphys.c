/*
 * simphys.c - simulated physical memory, panic() and stop() for the host
 * unit tests (see simphys.h).
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#include "kernel/stop.h"
#include "lib/console.h"
#include "mm/memlayout.h"
#include "tests/unit/simphys.h"

static char *mem;     /* host memory at KERNBASE: physical [0, size) */
static uint32_t size; /* bytes */

jmp_buf sim_halt_env;
volatile int sim_halt_armed;
static char halt_msg[256];
static int panics, stops;

void sim_init(uint32_t mib)
{
    sim_fini();
    if (mib == 0 || mib > 1024)
        fail_msg("sim_init: %u MiB is not a size the simulation supports", mib);
    size = mib << 20;
    mem = mmap((void *)KERNBASE, size, PROT_READ | PROT_WRITE,
               MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE | MAP_NORESERVE, -1, 0);
    if (mem != (char *)KERNBASE) {
        mem = NULL;
        fail_msg("sim_init: cannot map %u MiB at KERNBASE (0x%x)", mib, KERNBASE);
    }
    sim_halt_armed = 0;
    halt_msg[0] = 0;
    panics = stops = 0;
}

void sim_fini(void)
{
    if (mem)
        munmap(mem, size);
    mem = NULL;
    size = 0;
}

uint32_t sim_size(void)
{
    return size;
}

const char *sim_halt_msg(void)
{
    return halt_msg;
}

int sim_panic_count(void)
{
    return panics;
}

int sim_stop_count(void)
{
    return stops;
}

/* Count the halt (halt_msg holds its message) and unwind to SIM_EXPECT_HALT. */
static void __attribute__((noreturn)) halt(int *count)
{
    (*count)++;
    if (sim_halt_armed) {
        sim_halt_armed = 0;
        longjmp(sim_halt_env, 1);
    }
    fail_msg("unexpected halt: %s", halt_msg);
    abort();
}

/* The kernel's panic (lib/console.h): record the message, then unwind. */
void panic(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(halt_msg, sizeof(halt_msg), fmt, ap);
    va_end(ap);
    halt(&panics);
}

/* The kernel's stop (kernel/stop.h): the same, counted apart. */
void stop(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(halt_msg, sizeof(halt_msg), fmt, ap);
    va_end(ap);
    halt(&stops);
}
