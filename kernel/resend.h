/*
 * resend.h - after its report the kernel halts, but listens: the request
 * byte (REPORT_REQUEST, ENQ) on the console makes it send the report again
 * (docs/report-format.md, "Asking for another copy").
 */
#ifndef BOOTLAB_KERNEL_RESEND_H
#define BOOTLAB_KERNEL_RESEND_H

#include <stdint.h>

/*
 * resend_serve - halt for good, with the console UART's receive interrupt
 * the only one enabled: the interrupt controllers remapped to T_IRQ0 with
 * every other IRQ masked, the page table left loaded. Each REPORT_REQUEST
 * byte received calls send(copy) with copy = 2, 3, ...; every other byte is
 * read and ignored. A request that arrives while a copy is being sent is
 * answered after it (requests read in one interrupt count once). Without a
 * UART, or on a port whose IRQ line is not known, nothing can ask: it halts
 * with interrupts off.
 */
void resend_serve(void (*send)(uint32_t copy)) __attribute__((noreturn));

#endif
