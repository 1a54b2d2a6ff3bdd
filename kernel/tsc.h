/*
 * tsc.h - the time-stamp counter's rate and what it converts to: the
 * arithmetic of the boot milestones (docs/report-format.md, "tsc" and
 * "milestone"). Pure: kernel/clock.c takes the readings.
 */
#ifndef BOOTLAB_KERNEL_TSC_H
#define BOOTLAB_KERNEL_TSC_H

#include <stdint.h>

/* The 8254 PIT's input clock: 14.31818 MHz / 12 (IBM PC/AT Technical Reference). */
#define PIT_HZ 1193182u

/* A rate outside [TSC_HZ_MIN, TSC_HZ_MAX] is a failed calibration, not a CPU. */
#define TSC_HZ_MIN 1000000ull      /* 1 MHz */
#define TSC_HZ_MAX 100000000000ull /* 100 GHz */

/*
 * tsc_hz_pit - the rate that makes 'cycles' of the TSC last 'ticks' of the
 * PIT: cycles * PIT_HZ / ticks, rounded down. 0 when ticks is 0 or the
 * product would overflow (more than 2^64 / PIT_HZ cycles: hours).
 */
uint64_t tsc_hz_pit(uint64_t cycles, uint32_t ticks);

/*
 * tsc_hz_cpuid15 - the rate CPUID leaf 0x15 states (SDM Vol. 2A, CPUID,
 * leaf 15H): crystal Hz (ECX) * EBX / EAX. 0 when the leaf leaves any of
 * the three 0 ("not enumerated").
 */
uint64_t tsc_hz_cpuid15(uint32_t eax, uint32_t ebx, uint32_t ecx);

/*
 * tsc_hz_cpuid16 - the processor base frequency CPUID leaf 0x16 states
 * (EAX[15:0], MHz) in Hz; the TSC runs at it on the CPUs that have the
 * leaf. 0 when it is 0.
 */
uint64_t tsc_hz_cpuid16(uint32_t eax);

/* tsc_hz_sane - 1 when hz lies in [TSC_HZ_MIN, TSC_HZ_MAX]. */
int tsc_hz_sane(uint64_t hz);

/*
 * tsc_pick - the TSC's rate from the first source that gives a sane one, in
 * the order of docs/report-format.md ("tsc"): hz15 (CPUID leaf 0x15, from
 * tsc_hz_cpuid15), then what pit() measures (asked only when hz15 is not
 * sane; 0 when the PIT does not count), then hz16 (leaf 0x16). Sets *hz and
 * *calib ("cpuid15", "pit" or "cpuid16") and returns 0, or returns why there
 * is none: "out-of-range" (the PIT measured a rate outside the sane range)
 * or "no-timer".
 */
const char *tsc_pick(uint64_t hz15, uint64_t (*pit)(void), uint64_t hz16, uint64_t *hz,
                     const char **calib);

/*
 * tsc_us - microseconds that 'cycles' last at hz: floor(cycles * 10^6 / hz),
 * exact for every 64-bit cycles (no overflow). hz must be sane.
 */
uint64_t tsc_us(uint64_t cycles, uint64_t hz);

#endif
