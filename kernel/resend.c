/*
 * resend.c - the halt that listens for requests (see resend.h).
 */
#include "kernel/resend.h"
#include "drivers/pic/pic8259.h"
#include "drivers/serial/uart.h"
#include "kernel/report.h"
#include "kernel/trap.h"
#include "lib/x86.h"

static volatile int requested; /* set by the UART's interrupt, cleared by the halt loop */

/* The UART's IRQ: drain every received byte (that acknowledges it); note a request. */
static void uart_intr(void)
{
    int c;
    while ((c = uart_getc()) >= 0)
        if (c == REPORT_REQUEST)
            requested = 1;
}

void resend_serve(void (*send)(uint32_t copy))
{
    int irq = uart_irq();
    uint32_t copy = 1;

    if (!uart_present() || irq < 0)
        halt_forever();
    pic_init(T_IRQ0);
    trap_irq(irq, uart_intr);
    pic_unmask(irq);
    uart_rx_intr_on(); /* a byte that came before this is still in the FIFO: it interrupts now */
    for (;;) {
        cli();
        /* sti takes effect after the next instruction: no interrupt slips in before hlt. */
        while (!requested) {
            sti_hlt();
            cli();
        }
        requested = 0;
        send(++copy); /* with interrupts off: a request meanwhile waits at the controller */
    }
}
