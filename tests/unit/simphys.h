/*
 * simphys.h - simulated physical memory for the host unit tests.
 *
 * With -DBOOTLAB_HOST, mm/memlayout.h turns P2V/V2P into sim_p2v/sim_v2p, so
 * kernel code that builds or walks page tables (mm/vm.c, kernel/selfcheck.c)
 * or reads the boot-info block (kernel/bootinfo.c) runs unchanged over a
 * page-aligned host buffer standing for physical [0, size).
 *
 * Also here: a page allocator with the kalloc() signature that hands out the
 * pages of a chosen physical range (so a test can make it run out), and the
 * kernel's panic(), which a test can catch with SIM_EXPECT_PANIC.
 *
 * Everything is global state: call sim_init at the start of each test and
 * sim_fini at its end (or use them as cmocka setup/teardown).
 */
#ifndef BOOTLAB_TESTS_UNIT_SIMPHYS_H
#define BOOTLAB_TESTS_UNIT_SIMPHYS_H

#include <setjmp.h>
#include <stdint.h>

#define SIM_PAGE 4096u

/*
 * sim_init - simulate mib MiB of physical memory, all zero, and reset the
 * allocator to an empty range and the panic state. Fails the test if the
 * host cannot allocate the buffer.
 */
void sim_init(uint32_t mib);

/* sim_fini - free the simulated memory. */
void sim_fini(void);

/* sim_size - bytes of simulated physical memory (0 when none). */
uint32_t sim_size(void);

/* sim_p2v - host address of physical pa; fails the test if pa is outside. */
void *sim_p2v(uint32_t pa);

/* sim_v2p - physical address of host address va; fails the test if va is outside. */
uint32_t sim_v2p(const void *va);

/*
 * sim_alloc_range - let sim_kalloc hand out the pages of physical [lo, hi),
 * lowest first (lo and hi page-aligned, inside the simulated memory). Each
 * page is filled with 'junk' before it is handed out, as a free page holding
 * old data would be; 0xA5 (the default after sim_init) sets PTE_P in every
 * word, so code that forgets to clear a new table is caught.
 */
void sim_alloc_range(uint32_t lo, uint32_t hi, uint8_t junk);

/* sim_kalloc - the next page (host address), or 0 when the range is used up. */
char *sim_kalloc(void);

/* sim_allocated - pages sim_kalloc has handed out since sim_alloc_range. */
uint32_t sim_allocated(void);

/* ---- panic ---- */

/* Set by SIM_EXPECT_PANIC; panic() longjmps here while it is armed. */
extern jmp_buf sim_panic_env;
extern volatile int sim_panic_armed;

/* sim_panic_msg - the message of the last panic ("" if none). */
const char *sim_panic_msg(void);

/* sim_panic_count - panics since sim_init. */
int sim_panic_count(void);

/*
 * SIM_EXPECT_PANIC(stmt) - run stmt and fail the test unless it panics. The
 * message is then in sim_panic_msg(). An unexpected panic (not armed) fails
 * the test with its message.
 */
#define SIM_EXPECT_PANIC(stmt)                                                                     \
    do {                                                                                           \
        sim_panic_armed = 1;                                                                       \
        if (setjmp(sim_panic_env) == 0) {                                                          \
            stmt;                                                                                  \
            sim_panic_armed = 0;                                                                   \
            fail_msg("expected a panic from: %s", #stmt);                                          \
        }                                                                                          \
        sim_panic_armed = 0;                                                                       \
    } while (0)

#endif
