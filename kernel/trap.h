/*
 * trap.h - exceptions: a bug or bad hardware is reported, never a silent reset.
 */
#ifndef BOOTLAB_KERNEL_TRAP_H
#define BOOTLAB_KERNEL_TRAP_H

#define T_IRQ0 32 /* vector of IRQ 0 once the interrupt controllers are set up */

/*
 * idtinit - load an IDT whose 32 exception gates print the fault and halt,
 * and whose 16 IRQ gates (T_IRQ0..T_IRQ0+15) call the handler set with
 * trap_irq: an IRQ without one is a panic, a spurious IRQ 7 or 15 is ignored.
 */
void idtinit(void);

/* trap_irq - call fn for IRQ irq (0-15), with interrupts off; the EOI is sent after it. */
void trap_irq(int irq, void (*fn)(void));

#endif
