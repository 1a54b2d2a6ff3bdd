/*
 * trap.c - the IDT and the exception handler (see trap.h).
 * Gate format: SDM Vol. 3A, 6.11, figure 6-2 (32-bit interrupt gate).
 */
#include <stdint.h>
#include "drivers/pic/pic8259.h"
#include "kernel/trap.h"
#include "lib/console.h"
#include "lib/x86.h"
#include "mm/mmu.h"

#define NEXC     32
#define NVEC     (NEXC + PIC_NIRQ) /* the exceptions, then the IRQs at T_IRQ0 */
#define GATE_INT 0x8E /* present, DPL 0, 32-bit interrupt gate: IF is cleared on entry */

/* What vectors.S and the CPU leave on the stack, lowest address first. */
struct trapframe {
    uint32_t edi, esi, ebp, oesp, ebx, edx, ecx, eax; /* pushal */
    uint32_t trapno, err;                             /* vectors.S */
    uint32_t eip, cs, eflags;                         /* the CPU */
};

struct gate {
    uint16_t off_lo, sel;
    uint8_t zero, type;
    uint16_t off_hi;
} __attribute__((packed));

_Static_assert(T_IRQ0 == NEXC, "the IRQs follow the exceptions");

extern uint32_t vectors[NVEC];
static struct gate idt[NVEC];
static void (*irq_fn[PIC_NIRQ])(void);

static const char *const names[NEXC] = {"divide error",
                                        "debug",
                                        "NMI",
                                        "breakpoint",
                                        "overflow",
                                        "bound range",
                                        "invalid opcode",
                                        "no FPU",
                                        "double fault",
                                        "coprocessor overrun",
                                        "invalid TSS",
                                        "segment not present",
                                        "stack fault",
                                        "general protection",
                                        "page fault",
                                        "reserved",
                                        "x87 error",
                                        "alignment check",
                                        "machine check",
                                        "SIMD error",
                                        "virtualization",
                                        "control protection"};

void idtinit(void)
{
    /* The 6-byte operand of lidt (SDM Vol. 2A, LIDT): the whole struct is the
     * asm's input, so the compiler must store 'base' as well as 'limit'. */
    struct {
        uint16_t limit;
        uint32_t base;
    } __attribute__((packed)) idtr = {sizeof(idt) - 1, (uint32_t)idt};
    for (int i = 0; i < NVEC; i++)
        idt[i] = (struct gate){(uint16_t)vectors[i], SEG_KCODE, 0, GATE_INT,
                               (uint16_t)(vectors[i] >> 16)};
    __asm__ volatile("lidt %0" : : "m"(idtr));
}

void trap_irq(int irq, void (*fn)(void))
{
    if (irq >= 0 && irq < PIC_NIRQ)
        irq_fn[irq] = fn;
}

/* An IRQ: ignore a spurious one, run its handler, acknowledge it. */
static void handle_irq(int n)
{
    if (pic_spurious(n))
        return;
    if (!irq_fn[n])
        panic("unexpected IRQ %d", n);
    irq_fn[n]();
    pic_eoi(n);
}

void trap(struct trapframe *tf); /* called by vectors.S's common entry */

/* An exception panics; an interrupt is handled and trap returns to alltraps. */
void trap(struct trapframe *tf)
{
    if (tf->trapno >= T_IRQ0 && tf->trapno < T_IRQ0 + PIC_NIRQ) {
        handle_irq((int)tf->trapno - T_IRQ0);
        return;
    }
    const char *name = tf->trapno < NEXC && names[tf->trapno] ? names[tf->trapno] : "reserved";
    panic("trap %u (%s), error 0x%x, eip 0x%x, cr2 0x%x", tf->trapno, name, tf->err, tf->eip,
          rcr2());
}
