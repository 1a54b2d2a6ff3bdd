/*
 * clock.h - the boot's milestones, timed with the TSC, and the TSC's rate
 * (docs/report-format.md, "tsc" and "milestone").
 *
 * The loader's stamps arrive in the boot-info block; the kernel takes its
 * own with milestone(). The PIT's channel 2 counts from the kernel's entry,
 * so by the time the report is printed it has measured the TSC's rate for
 * free; clock_finish() only waits when that window is too short or too long.
 */
#ifndef BOOTLAB_KERNEL_CLOCK_H
#define BOOTLAB_KERNEL_CLOCK_H

#include <stdint.h>
#include "include/bootinfo.h"
#include "kernel/cpu.h"

/* The milestones, in boot order; the first three come from the loader (BI_TSC_*). */
enum milestone { MS_LOADER, MS_MAP, MS_LOADED, MS_ENTRY, MS_KINIT1, MS_KVMALLOC, MS_REPORT, MS_N };

/* What the report prints: the rate and how it was found, or why there is none; the stamps. */
struct milestones {
    const char *why;   /* 0 when the TSC is usable; else "no-cpuid", "no-tsc", "no-timer", ... */
    const char *calib; /* "cpuid15", "pit" or "cpuid16" */
    uint64_t hz;
    uint32_t have; /* bit m set: tsc[m] was taken */
    uint64_t tsc[MS_N];
    uint64_t us[MS_N]; /* microseconds from the first milestone taken */
    uint64_t reset_us; /* microseconds from the CPU's reset (TSC 0) to the first milestone */
};

/* milestone_name - "loader", "map", "loaded", "entry", "kinit1", "kvmalloc", "report". */
static inline const char *milestone_name(int m)
{
    static const char *const names[MS_N] = {"loader", "map",      "loaded", "entry",
                                            "kinit1", "kvmalloc", "report"};
    return m >= 0 && m < MS_N ? names[m] : "?";
}

/*
 * clock_start - at the kernel's entry: the "entry" milestone, and channel 2
 * of the PIT starts counting. Does nothing on a CPU without a TSC.
 */
void clock_start(void);

/* milestone - the TSC now, as milestone m (MS_KINIT1, MS_KVMALLOC, MS_REPORT). */
void milestone(enum milestone m);

/*
 * clock_loader - take the loader's stamps from the block (BI_TSC). Stamps
 * that do not rise in boot order up to the kernel's entry are dropped with a
 * console line saying so: the report then starts at "entry".
 */
void clock_loader(const struct bootinfo *bi);

/*
 * clock_finish - the TSC's rate (CPUID leaf 0x15, else the PIT window,
 * else CPUID leaf 0x16), and every milestone in microseconds, into *out.
 * A TSC without a usable rate gives out->why.
 */
void clock_finish(const struct cpu_info *ci, struct milestones *out);

#endif
