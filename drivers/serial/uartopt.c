/*
 * uartopt.c - the console's port and speed as boot options (see uart.h).
 * Pure, so the loaders, the kernel and the host tests share it.
 */
#include "drivers/serial/uart.h"
#include "lib/cmdline.h"

/*
 * The I/O bases of COM1 to COM4, as IBM PC/AT compatibles decode them (and
 * as the BIOS lists them at 0x400). A PCIe serial card sits elsewhere; its
 * base is in "lspci -v" ("I/O ports at e030") and goes in com= as it is.
 */
static const uint16_t com_base[] = {0x3F8, 0x2F8, 0x3E8, 0x2E8};

/* A 16550 decodes 8 consecutive ports: a base is 8-aligned and above the PC/AT's own 0-0xFF. */
#define PORT_MIN 0x100
#define PORT_MAX 0xFFF8

const char *uart_options(const char *cmdline, uint16_t *port, uint32_t *baud)
{
    uint32_t len, v, p = *port, b = *baud;
    const char *s;

    if ((s = cmdline_value(cmdline, "com", &len))) {
        if (cmdline_number(s, len, &v) == 0 && v >= 1 && v <= 4)
            p = com_base[v - 1];
        else if (cmdline_number(s, len, &v) == 0 && v >= PORT_MIN && v <= PORT_MAX && !(v & 7))
            p = v;
        else
            return "com= wants 1 to 4 (COM1 to COM4) or a UART's I/O port, 0x100 to 0xfff8, "
                   "a multiple of 8";
    }
    if ((s = cmdline_value(cmdline, "baud", &len))) {
        if (cmdline_number(s, len, &v) < 0 || v == 0 || v > UART_BASE_BAUD || UART_BASE_BAUD % v)
            return "baud= wants a speed that divides 115200 (115200, 57600, 38400, 19200, 9600)";
        b = v;
    }
    *port = (uint16_t)p;
    *baud = b;
    return 0;
}
