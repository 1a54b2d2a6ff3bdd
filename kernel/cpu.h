/*
 * cpu.h - what CPUID says about the processor: vendor, family, model,
 * stepping, brand string, and the leaves that tell the TSC's rate.
 * Intel SDM Vol. 2A, "CPUID"; AMD APM Vol. 3, appendix E.
 */
#ifndef BOOTLAB_KERNEL_CPU_H
#define BOOTLAB_KERNEL_CPU_H

#include <stdint.h>

#define CPU_VENDOR_LEN 13 /* leaf 0: 12 bytes in EBX, EDX, ECX, and a NUL */
#define CPU_BRAND_LEN  49 /* leaves 0x80000002-0x80000004: 48 bytes, and a NUL */

struct cpu_info {
    int has_cpuid;                    /* 0: nothing below is known */
    uint32_t max_leaf;                /* leaf 0 EAX: the highest basic leaf */
    uint32_t max_ext;                 /* leaf 0x80000000 EAX, or 0 when there are none */
    char vendor[CPU_VENDOR_LEN];      /* "GenuineIntel", "AuthenticAMD", ... */
    uint32_t family, model, stepping; /* leaf 1 EAX, extended fields applied */
    char brand[CPU_BRAND_LEN];        /* "" when the CPU has no brand string */
    int tsc;                          /* leaf 1 EDX bit 4: RDTSC exists */
    int tsc_invariant;                /* leaf 0x80000007 EDX bit 8: one rate in every state */
    uint32_t leaf15[3];               /* leaf 0x15 EAX, EBX, ECX (all 0 when absent) */
    uint32_t leaf16;                  /* leaf 0x16 EAX (0 when absent) */
};

/* The CPUID instruction, or recorded answers (host tests): r = EAX, EBX, ECX, EDX. */
typedef void (*cpuid_fn)(uint32_t leaf, uint32_t sub, uint32_t r[4]);

/*
 * cpu_signature - family, model and stepping from CPUID.01H:EAX (SDM Vol. 2A,
 * figure 3-6): family = base family, plus the extended family when the base
 * is 0xF; model = base model, plus the extended model << 4 when the base
 * family is 0x6 or 0xF. Pure.
 */
void cpu_signature(uint32_t eax, uint32_t *family, uint32_t *model, uint32_t *stepping);

/*
 * cpu_read - fill *ci from the answers of fn, asking only for leaves the CPU
 * says it has (a leaf above the maximum returns another leaf's data on Intel
 * CPUs). The caller has checked that CPUID exists. Pure apart from fn.
 */
void cpu_read(cpuid_fn fn, struct cpu_info *ci);

#endif
