/*
 * trap.h - exceptions: a bug or bad hardware is reported, never a silent reset.
 */
#ifndef BOOTLAB_KERNEL_TRAP_H
#define BOOTLAB_KERNEL_TRAP_H

/* idtinit - load an IDT whose 32 exception gates print the fault and halt. */
void idtinit(void);

#endif
