/*
 * console.c - serial + VGA text console (see console.h).
 */
#include <stdarg.h>
#include "drivers/serial/uart.h"
#include "kernel/console.h"
#include "kernel/printf.h"
#include "kernel/string.h"
#include "kernel/x86.h"

#define CRTC_INDEX 0x3D4 /* 6845 CRT controller, colour adapters */
#define CRTC_DATA  0x3D5
#define CRTC_CURHI 14 /* cursor location high byte */
#define CRTC_CURLO 15 /* cursor location low byte */
#define COLS       80
#define ROWS       25
#define CGA_ATTR   0x0700 /* light grey on black */

static volatile uint16_t *screen;
static int pos; /* cursor, as a cell index */

static int cursor_get(void)
{
    outb(CRTC_INDEX, CRTC_CURHI);
    int p = inb(CRTC_DATA) << 8;
    outb(CRTC_INDEX, CRTC_CURLO);
    return p | inb(CRTC_DATA);
}

static void cursor_set(int p)
{
    outb(CRTC_INDEX, CRTC_CURHI);
    outb(CRTC_DATA, (uint8_t)(p >> 8));
    outb(CRTC_INDEX, CRTC_CURLO);
    outb(CRTC_DATA, (uint8_t)p);
}

static void cga_putc(int c)
{
    if (c == '\n')
        pos += COLS - pos % COLS;
    else if (c == '\b' && pos > 0)
        screen[--pos] = ' ' | CGA_ATTR;
    else if (c >= ' ')
        screen[pos++] = (uint16_t)((c & 0xFF) | CGA_ATTR);
    if (pos >= ROWS * COLS) { /* scroll up one line */
        for (int i = 0; i < (ROWS - 1) * COLS; i++)
            screen[i] = screen[i + COLS];
        for (int i = (ROWS - 1) * COLS; i < ROWS * COLS; i++)
            screen[i] = ' ' | CGA_ATTR;
        pos -= COLS;
    }
    cursor_set(pos);
}

int console_init(volatile uint16_t *cga)
{
    screen = cga;
    if (screen) {
        pos = cursor_get();
        if (pos < 0 || pos >= ROWS * COLS)
            pos = 0;
        if (pos % COLS) /* start on a fresh line */
            cga_putc('\n');
    }
    return uart_init();
}

void console_putc(int c)
{
    if (c == '\n')
        uart_putc('\r'); /* terminals want CR LF */
    uart_putc(c);
    if (screen)
        cga_putc(c);
}

void console_write(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        console_putc(s[i]);
}

static void vcprintf(const char *fmt, va_list ap)
{
    char buf[256];
    int n = kvsnprintf(buf, sizeof(buf), fmt, ap);
    console_write(buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

int cprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vcprintf(fmt, ap);
    va_end(ap);
    return 0;
}

void panic(const char *fmt, ...)
{
    va_list ap;
    cprintf("panic: ");
    va_start(ap, fmt);
    vcprintf(fmt, ap);
    va_end(ap);
    cprintf("\n");
    halt_forever();
}
