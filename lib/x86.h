/*
 * x86.h - the few privileged instructions C code needs, as inline functions.
 */
#ifndef BOOTLAB_LIB_X86_H
#define BOOTLAB_LIB_X86_H

#include <stdint.h>

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "d"(port));
    return v;
}

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "d"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
    __asm__ volatile("outl %0, %1" : : "a"(v), "d"(port));
}

static inline void cli(void)
{
    __asm__ volatile("cli");
}

/*
 * sti_hlt - enable interrupts and halt until one arrives. STI delays
 * interrupts until after the next instruction (SDM Vol. 2B, STI), so one
 * that is pending cannot be taken between the two and leave hlt sleeping.
 */
static inline void sti_hlt(void)
{
    __asm__ volatile("sti; hlt" : : : "memory");
}

static inline uint32_t rcr2(void)
{
    uint32_t v;
    __asm__ volatile("movl %%cr2, %0" : "=r"(v));
    return v;
}

static inline uint32_t rcr3(void)
{
    uint32_t v;
    __asm__ volatile("movl %%cr3, %0" : "=r"(v));
    return v;
}

static inline void lcr3(uint32_t v)
{
    __asm__ volatile("movl %0, %%cr3" : : "r"(v) : "memory");
}

static inline void invlpg(const void *va)
{
    __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

/*
 * cpu_has_cpuid - 1 if the CPUID instruction exists: software can flip
 * EFLAGS.ID (bit 21) only on such CPUs (SDM Vol. 1, 20.1.2). A Cyrix 6x86
 * whose BIOS left CPUID disabled answers 0 here. In 64-bit mode (the x86-64
 * UEFI loader) it is 1: long mode is only found, and entered, through CPUID
 * (SDM Vol. 3A, "Initializing IA-32e Mode"), and PUSHFL does not exist there.
 */
static inline int cpu_has_cpuid(void)
{
#ifdef __x86_64__
    return 1;
#else
    uint32_t before, after;
    __asm__ volatile("pushfl\n\t"
                     "popl %0\n\t"
                     "movl %0, %1\n\t"
                     "xorl $0x200000, %1\n\t"
                     "pushl %1\n\t"
                     "popfl\n\t"
                     "pushfl\n\t"
                     "popl %1\n\t"
                     "pushl %0\n\t"
                     "popfl"
                     : "=&r"(before), "=&r"(after)
                     :
                     : "cc");
    return ((before ^ after) & 0x200000) != 0;
#endif
}

/* cpuid - r[0..3] = EAX, EBX, ECX, EDX of leaf 'leaf', subleaf 'sub' (SDM Vol. 2A, CPUID). */
static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    __asm__ volatile("cpuid"
                     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                     : "a"(leaf), "c"(sub));
}

/* cpu_has_tsc - CPUID.01H:EDX.TSC[bit 4]: RDTSC exists (SDM Vol. 2A, table 3-11). */
static inline int cpu_has_tsc(void)
{
    uint32_t r[4];
    if (!cpu_has_cpuid())
        return 0;
    cpuid(0, 0, r);
    if (r[0] < 1)
        return 0;
    cpuid(1, 0, r);
    return (r[3] & 0x10) != 0;
}

/* rdtsc - the time-stamp counter (SDM Vol. 2B, RDTSC); only where cpu_has_tsc() is 1. */
static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

/* Stop for good: interrupts off, then hlt forever (an NMI returns to the loop). */
static inline __attribute__((noreturn)) void halt_forever(void)
{
    cli();
    for (;;)
        __asm__ volatile("hlt");
}

#endif
