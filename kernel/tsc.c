/*
 * tsc.c - TSC rates and conversions (see tsc.h). No 64-bit '/': the kernel
 * links no libgcc (lib/div64.h).
 */
#include "kernel/tsc.h"
#include "lib/div64.h"

uint64_t tsc_hz_pit(uint64_t cycles, uint32_t ticks)
{
    if (ticks == 0 || cycles > ~0ull / PIT_HZ)
        return 0;
    return udiv64(cycles * PIT_HZ, ticks, 0);
}

uint64_t tsc_hz_cpuid15(uint32_t eax, uint32_t ebx, uint32_t ecx)
{
    if (eax == 0 || ebx == 0 || ecx == 0)
        return 0;
    return udiv64((uint64_t)ecx * ebx, eax, 0); /* both below 2^32: no overflow */
}

uint64_t tsc_hz_cpuid16(uint32_t eax)
{
    return (uint64_t)(eax & 0xFFFF) * 1000000u;
}

int tsc_hz_sane(uint64_t hz)
{
    return hz >= TSC_HZ_MIN && hz <= TSC_HZ_MAX;
}

const char *tsc_pick(uint64_t hz15, uint64_t (*pit)(void), uint64_t hz16, uint64_t *hz,
                     const char **calib)
{
    uint64_t measured = 0;
    *hz = hz15;
    *calib = "cpuid15";
    if (!tsc_hz_sane(*hz)) {
        *hz = measured = pit();
        *calib = "pit";
    }
    if (!tsc_hz_sane(*hz)) {
        *hz = hz16;
        *calib = "cpuid16";
    }
    if (tsc_hz_sane(*hz))
        return 0;
    return measured ? "out-of-range" : "no-timer";
}

uint64_t tsc_us(uint64_t cycles, uint64_t hz)
{
    uint64_t rem, whole = udiv64(cycles, hz, &rem);
    /* rem < hz <= 10^11 < 2^37, so rem * 10^6 < 2^57 */
    return whole * 1000000u + udiv64(rem * 1000000u, hz, 0);
}
