/*
 * uart.h - polled 16550 UART driver (the serial console).
 *
 * 8 data bits, no parity, 1 stop bit, FIFOs on, no flow control. The port
 * and speed are chosen by the caller; the build's defaults are UART_PORT
 * (0x3F8, COM1) and UART_BAUD (115200). Output is polled with a bounded
 * wait, so a PC without a UART, or with one that never drains, does not hang.
 * Input is read one byte at a time, by the caller's interrupt handler once
 * uart_rx_intr_on has enabled the receive interrupt.
 */
#ifndef BOOTLAB_DRIVERS_SERIAL_UART_H
#define BOOTLAB_DRIVERS_SERIAL_UART_H

#include <stdint.h>
#include "lib/console.h"

#ifndef UART_PORT
#define UART_PORT 0x3F8
#endif
#ifndef UART_BAUD
#define UART_BAUD 115200
#endif

/* The 16550's input clock, 1.8432 MHz, divided by 16: the divisor divides this. */
#define UART_BASE_BAUD 115200

/*
 * uart_init - program the UART at I/O port 'port' for 'baud' (a divisor of
 * UART_BASE_BAUD) and check that one answers (scratch register, then a
 * loopback test). Returns 1 if a UART is present, else 0 (also for a baud
 * rate the divisor cannot make); output to an absent UART is dropped.
 */
int uart_init(uint16_t port, uint32_t baud);

/*
 * uart_options - the console's port and speed from the boot options
 * (docs/boot-info.md, "Boot options"): "com=N" picks COM1 to COM4 (N = 1
 * to 4) or names a UART's I/O base outright ("com=0xe030", a PCIe serial
 * card), and "baud=B" a speed that divides UART_BASE_BAUD. *port and *baud
 * come in as the defaults and change only as the options say. Returns 0, or
 * the reason an option was refused (then neither changes). Pure.
 */
const char *uart_options(const char *cmdline, uint16_t *port, uint32_t *baud);

/* uart_putc - send one byte; drops it (and stops using the UART) on timeout. */
void uart_putc(int c);

/* uart_present - 1 while the UART is in use. */
int uart_present(void);

/*
 * uart_irq - the ISA IRQ line of the UART in use, by the PC/AT convention:
 * 4 for COM1 (0x3F8) and COM3 (0x3E8), 3 for COM2 (0x2F8) and COM4 (0x2E8).
 * -1 for any other port (its line is not known).
 */
int uart_irq(void);

/*
 * uart_rx_intr_on - raise the UART's interrupt for every received byte:
 * receive FIFO trigger at 1 byte (keeping bytes already received), OUT2 on
 * (it gates the UART's interrupt onto the ISA bus on PCs), IER receive-data
 * interrupt only. The caller has the interrupt controller ready.
 */
void uart_rx_intr_on(void);

/* uart_getc - the next received byte, or -1 when none is waiting (reading it acknowledges it). */
int uart_getc(void);

/* The UART as a console device: lines end in CR LF, as terminals want. */
extern const struct console_dev uart_console;

#endif
