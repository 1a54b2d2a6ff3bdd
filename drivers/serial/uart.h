/*
 * uart.h - polled 16550 UART driver (the serial console).
 *
 * The port and speed are fixed at build time: UART_PORT (default 0x3F8, COM1)
 * and UART_BAUD (default 115200), 8 data bits, no parity, 1 stop bit, FIFOs
 * on, no flow control. Output is polled with a bounded wait, so a PC without a
 * UART, or with one that never drains, does not hang.
 */
#ifndef BOOTLAB_DRIVERS_SERIAL_UART_H
#define BOOTLAB_DRIVERS_SERIAL_UART_H

#ifndef UART_PORT
#define UART_PORT 0x3F8
#endif
#ifndef UART_BAUD
#define UART_BAUD 115200
#endif

/*
 * uart_init - program the UART and check that one answers (scratch register,
 * then a loopback test). Returns 1 if a UART is present, else 0; output to an
 * absent UART is dropped.
 */
int uart_init(void);

/* uart_putc - send one byte; drops it (and stops using the UART) on timeout. */
void uart_putc(int c);

/* uart_present - 1 while the UART is in use. */
int uart_present(void);

#endif
