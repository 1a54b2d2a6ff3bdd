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

/* Stop for good: interrupts off, then hlt forever (an NMI returns to the loop). */
static inline __attribute__((noreturn)) void halt_forever(void)
{
    cli();
    for (;;)
        __asm__ volatile("hlt");
}

#endif
