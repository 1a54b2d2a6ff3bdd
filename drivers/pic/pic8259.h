/*
 * pic8259.h - the two cascaded 8259A interrupt controllers of a PC (master
 * at I/O 0x20, slave at 0xA0 on the master's IRQ 2).
 *
 * The kernel runs with interrupts off until its report is printed; then it
 * takes exactly one interrupt, its console UART's. pic_init moves the 16 IRQ
 * lines off the CPU's exception vectors and masks them all; pic_unmask lets
 * one through.
 */
#ifndef BOOTLAB_DRIVERS_PIC_PIC8259_H
#define BOOTLAB_DRIVERS_PIC_PIC8259_H

#include <stdint.h>

#define PIC_NIRQ 16

/*
 * pic_init - program both controllers (ICW1-ICW4): edge-triggered, cascaded,
 * 8086 mode, IRQ 0-7 on vectors base..base+7 and IRQ 8-15 on base+8..base+15
 * (base a multiple of 8, above the CPU's 32 exception vectors), every IRQ
 * masked.
 */
void pic_init(uint8_t base);

/* pic_unmask - let IRQ irq (0-15) through; an IRQ of the slave also opens the cascade, IRQ 2. */
void pic_unmask(int irq);

/* pic_eoi - end of interrupt for IRQ irq: the slave too for IRQ 8-15. */
void pic_eoi(int irq);

/*
 * pic_spurious - 1 when IRQ 7 or 15 was spurious: the line dropped before the
 * CPU acknowledged it, so the controller's in-service register does not have
 * it. Such an interrupt gets no EOI (a spurious 15 still needs the master's
 * EOI for the cascade). 0 for a real interrupt.
 */
int pic_spurious(int irq);

#endif
