/*
 * uart.c - 16550 UART, polled (see uart.h).
 * Register map: National Semiconductor PC16550D datasheet, table II.
 */
#include <stdint.h>
#include "drivers/serial/uart.h"
#include "lib/x86.h"

#define THR 0 /* transmit holding register (write) / receive buffer (read) */
#define RBR 0
#define DLL 0 /* divisor latch low, when LCR.DLAB = 1 */
#define IER 1 /* interrupt enable */
#define DLM 1 /* divisor latch high, when LCR.DLAB = 1 */
#define FCR 2 /* FIFO control (write) */
#define IIR 2 /* interrupt identification (read) */
#define LCR 3 /* line control */
#define MCR 4 /* modem control */
#define LSR 5 /* line status */
#define SCR 7 /* scratch */

#define LCR_8N1  0x03 /* 8 data bits, no parity, 1 stop bit */
#define LCR_DLAB 0x80 /* divisor latch access */
#define FCR_FIFO 0xC7 /* enable FIFOs, clear both, receive trigger at 14 bytes */
#define MCR_DTR  0x01
#define MCR_RTS  0x02
#define MCR_OUT2 0x08 /* PC wiring: connects the UART's INTR output to its IRQ line */
#define MCR_LOOP 0x10 /* internal loopback: THR comes back on RBR */
#define FCR_RX1  0x01 /* FIFOs stay on, receive trigger at 1 byte, nothing cleared */
#define IER_RDA  0x01 /* interrupt: received data available (and the FIFO time-out) */
#define LSR_DR   0x01 /* a received byte is waiting */
#define LSR_THRE 0x20 /* transmit holding register empty; with FIFOs: the transmit FIFO is */
#define IIR_FIFO 0xC0 /* both bits set: the FIFOs are on (a 16550A; a 16450 has none) */
#define TX_FIFO  16   /* bytes the 16550A's transmit FIFO holds */

_Static_assert(UART_BASE_BAUD % UART_BAUD == 0, "UART_BAUD must divide 115200");

/*
 * Polls of LSR before giving up on one byte. An I/O port read takes about a
 * microsecond on real hardware and a byte takes 87 us at 115200 baud, so this
 * allows over 100 byte times: only a missing or stuck UART runs out.
 */
#define UART_SPIN 20000

static uint16_t port; /* I/O base of the UART in use */
static int present;
static int tx_depth; /* bytes that fit once LSR says THRE: TX_FIFO, or 1 without FIFOs */
static int tx_room;  /* bytes that still fit without asking LSR again */

static int uart_loopback_ok(void)
{
    int ok = 1;
    outb(port + MCR, MCR_LOOP | MCR_DTR | MCR_RTS);
    for (int i = 0; i < UART_SPIN && (inb(port + LSR) & LSR_DR); i++)
        (void)inb(port + RBR); /* drain stale input */
    outb(port + THR, 0xA5);
    int i = 0;
    while (i < UART_SPIN && !(inb(port + LSR) & LSR_DR))
        i++;
    if (i == UART_SPIN || inb(port + RBR) != 0xA5)
        ok = 0;
    outb(port + MCR, MCR_DTR | MCR_RTS);
    return ok;
}

int uart_init(uint16_t base, uint32_t baud)
{
    port = base;
    present = 0;
    if (baud == 0 || baud > UART_BASE_BAUD || UART_BASE_BAUD % baud)
        return 0;
    uint32_t divisor = UART_BASE_BAUD / baud;
    /* No 16550 behind the port: reads float to 0xFF and the scratch test fails. */
    outb(port + SCR, 0x5A);
    if (inb(port + SCR) != 0x5A)
        return 0;
    outb(port + IER, 0x00); /* polled: no interrupts */
    outb(port + LCR, LCR_DLAB);
    outb(port + DLL, (uint8_t)divisor);
    outb(port + DLM, (uint8_t)(divisor >> 8));
    outb(port + LCR, LCR_8N1);
    outb(port + FCR, FCR_FIFO);
    tx_depth = (inb(port + IIR) & IIR_FIFO) == IIR_FIFO ? TX_FIFO : 1;
    tx_room = 0;
    present = uart_loopback_ok();
    return present;
}

/*
 * One byte. LSR is asked only when the last THRE's room is used up: THRE
 * with FIFOs on means the whole 16-byte transmit FIFO is empty (PC16550D,
 * LSR bit 5), so 16 bytes go out per wait instead of one.
 */
void uart_putc(int c)
{
    if (!present)
        return;
    if (tx_room == 0) {
        int i = 0;
        while (i < UART_SPIN && !(inb(port + LSR) & LSR_THRE))
            i++;
        if (i == UART_SPIN) {
            present = 0; /* stuck: stop paying the wait on every byte */
            return;
        }
        tx_room = tx_depth;
    }
    outb(port + THR, (uint8_t)c);
    tx_room--;
}

int uart_irq(void)
{
    switch (port) {
    case 0x3F8:
    case 0x3E8:
        return 4;
    case 0x2F8:
    case 0x2E8:
        return 3;
    default:
        return -1;
    }
}

void uart_rx_intr_on(void)
{
    if (!present)
        return;
    outb(port + FCR, FCR_RX1);
    outb(port + MCR, MCR_DTR | MCR_RTS | MCR_OUT2);
    outb(port + IER, IER_RDA);
}

int uart_getc(void)
{
    if (!present || !(inb(port + LSR) & LSR_DR))
        return -1;
    return inb(port + RBR);
}

int uart_present(void)
{
    return present;
}

static void uart_console_putc(int c)
{
    if (c == '\n')
        uart_putc('\r');
    uart_putc(c);
}

const struct console_dev uart_console = {"uart", uart_console_putc};
