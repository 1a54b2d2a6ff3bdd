/*
 * clock.c - the milestones and the TSC's rate (see clock.h).
 */
#include "drivers/pit/pit.h"
#include "kernel/clock.h"
#include "kernel/tsc.h"
#include "lib/console.h"
#include "lib/x86.h"

/*
 * The shortest PIT window trusted: 2386 ticks, 2 ms. A tick read late or
 * early by one is then 0.04 % of the rate. Polls of the PIT before giving up
 * on a window that does not grow (no PIT behind the ports): a poll is a few
 * port reads, about a microsecond each on real PCs, so 200000 polls outlast
 * a 2 ms window a hundred times. A window that runs out (54.9 ms) before it
 * is read is started again, up to PIT_WINDOWS times: an emulator's host (or
 * a long SMI) can stop the CPU for that long.
 */
#define PIT_MIN_TICKS 2386
#define PIT_MAX_POLLS 200000
#define PIT_WINDOWS   4

static int tsc_ok;        /* the CPU has a TSC */
static uint64_t pit_tsc0; /* the TSC when channel 2 started counting */
static struct milestones ms;

void clock_start(void)
{
    tsc_ok = cpu_has_tsc();
    if (!tsc_ok)
        return;
    milestone(MS_ENTRY);
    pit2_start();
    pit_tsc0 = rdtsc();
}

void milestone(enum milestone m)
{
    if (!tsc_ok)
        return;
    ms.tsc[m] = rdtsc();
    ms.have |= 1u << m;
}

void clock_loader(const struct bootinfo *bi)
{
    uint64_t prev = 0;
    if (!tsc_ok || !(bi->flags & BI_TSC))
        return;
    for (int i = 0; i < BI_TSC_N; i++) {
        if (bi->tsc[i] < prev || bi->tsc[i] > ms.tsc[MS_ENTRY]) {
            cprintf("kernel: the loader's TSC stamps do not rise up to the kernel's entry: "
                    "not reported\n");
            return;
        }
        prev = bi->tsc[i];
    }
    for (int i = 0; i < BI_TSC_N; i++)
        ms.tsc[MS_LOADER + i] = bi->tsc[i];
    ms.have |= 1u << MS_LOADER | 1u << MS_MAP | 1u << MS_LOADED;
}

/*
 * The TSC's rate from channel 2's window (pit2_start at the entry). A window
 * shorter than PIT_MIN_TICKS is waited out; one that ran past the counter's
 * 54.9 ms is started again. 0 when the PIT does not count.
 */
static uint64_t pit_rate(void)
{
    for (int window = 0; window < PIT_WINDOWS; window++) {
        uint32_t polls = 0;
        int32_t ticks;
        while ((ticks = pit2_elapsed()) >= 0 && ticks < PIT_MIN_TICKS && ++polls < PIT_MAX_POLLS)
            ;
        uint64_t now = rdtsc();
        if (ticks >= PIT_MIN_TICKS)
            return tsc_hz_pit(now - pit_tsc0, (uint32_t)ticks);
        if (ticks >= 0)
            return 0; /* polls ran out: the counter does not move */
        pit2_start();
        pit_tsc0 = rdtsc();
    }
    return 0;
}

void clock_finish(const struct cpu_info *ci, struct milestones *out)
{
    int first = -1;
    if (!ci->has_cpuid || !tsc_ok)
        ms.why = !ci->has_cpuid ? "no-cpuid" : "no-tsc";
    else
        ms.why = tsc_pick(tsc_hz_cpuid15(ci->leaf15[0], ci->leaf15[1], ci->leaf15[2]), pit_rate,
                          tsc_hz_cpuid16(ci->leaf16), &ms.hz, &ms.calib);
    for (int m = 0; m < MS_N && !ms.why; m++) {
        if (!(ms.have & 1u << m))
            continue;
        if (first < 0) {
            first = m;
            ms.reset_us = tsc_us(ms.tsc[m], ms.hz);
        }
        ms.us[m] = tsc_us(ms.tsc[m] - ms.tsc[first], ms.hz);
    }
    *out = ms;
}
