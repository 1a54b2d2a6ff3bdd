/*
 * simphys.h - simulated physical memory for the host unit tests.
 *
 * The unit tests are 32-bit host programs (tests/unit/unit.mk), so the
 * kernel's own P2V/V2P (mm/memlayout.h) work unchanged: sim_init maps host
 * memory at the kernel's KERNBASE, standing for physical [0, size). Kernel
 * code that builds or walks page tables (mm/vm.c, kernel/selfcheck.c) or
 * reads the boot-info block (kernel/handoff.c) runs over it as it is. The
 * kernel's 'data' and 'end' symbols are absolute addresses the link gives
 * (UNIT_LDFLAGS): SIM_DATA and SIM_END.
 *
 * Also here, in place of the kernel's: panic() and stop(), which a test
 * catches with SIM_EXPECT_HALT; and, in tests/unit/simkalloc.c for the tests
 * that link it instead of mm/kalloc.c, kalloc()/kfree() over a chosen
 * physical range (so a test can make it run out, and see what came back).
 *
 * Everything is global state: call sim_init at the start of each test and
 * sim_fini at its end (or use them as cmocka setup/teardown).
 */
#ifndef BOOTLAB_TESTS_UNIT_SIMPHYS_H
#define BOOTLAB_TESTS_UNIT_SIMPHYS_H

#include <setjmp.h>
#include <stdint.h>

#define SIM_PAGE 4096u
/* V2P(data) and V2P(end) in the unit tests (tests/unit/unit.mk's --defsym). */
#define SIM_DATA_PA 0x104000u
#define SIM_END_PA  0x10A000u

/*
 * sim_init - simulate mib MiB of physical memory at KERNBASE, all zero, and
 * reset the allocator to an empty range and the halt state. Fails the test
 * if the host cannot map it there.
 */
void sim_init(uint32_t mib);

/* sim_fini - unmap the simulated memory. */
void sim_fini(void);

/* sim_size - bytes of simulated physical memory (0 when none). */
uint32_t sim_size(void);

/* ---- kalloc() and kfree() (tests/unit/simkalloc.c) ---- */

/*
 * sim_alloc_range - let kalloc hand out the pages of physical [lo, hi),
 * lowest first (lo and hi page-aligned, inside the simulated memory). Each
 * page is filled with 'junk' before it is handed out, as a free page holding
 * old data would be; 0xA5 (the default after sim_init) sets PTE_P in every
 * word, so code that forgets to clear a new table is caught.
 */
void sim_alloc_range(uint32_t lo, uint32_t hi, uint8_t junk);

/* sim_allocated - pages kalloc has handed out since sim_alloc_range. */
uint32_t sim_allocated(void);

/* sim_freed - pages kfree has taken back since sim_alloc_range. */
uint32_t sim_freed(void);

/* ---- panic() and stop() ---- */

/* Set by SIM_EXPECT_HALT; panic() and stop() longjmp here while it is armed. */
extern jmp_buf sim_halt_env;
extern volatile int sim_halt_armed;

/* sim_halt_msg - the message of the last panic or stop ("" if none). */
const char *sim_halt_msg(void);

/* sim_panic_count, sim_stop_count - panics and stops since sim_init. */
int sim_panic_count(void);
int sim_stop_count(void);

/*
 * SIM_EXPECT_HALT(stmt) - run stmt and fail the test unless it panics or
 * stops. The message is then in sim_halt_msg(); the counts say which. An
 * unexpected halt (not armed) fails the test with its message.
 */
#define SIM_EXPECT_HALT(stmt)                                                                      \
    do {                                                                                           \
        sim_halt_armed = 1;                                                                        \
        if (setjmp(sim_halt_env) == 0) {                                                           \
            stmt;                                                                                  \
            sim_halt_armed = 0;                                                                    \
            fail_msg("expected a panic or stop from: %s", #stmt);                                  \
        }                                                                                          \
        sim_halt_armed = 0;                                                                        \
    } while (0)

#endif
