/*
 * vgatext.c - VGA text-mode output (see vgatext.h). The cursor position lives
 * in the 6845 CRT controller's registers 14 and 15.
 */
#include "drivers/vga/vgatext.h"
#include "lib/x86.h"

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

static void scroll_up(void)
{
    for (int i = 0; i < (ROWS - 1) * COLS; i++)
        screen[i] = screen[i + COLS];
    for (int i = (ROWS - 1) * COLS; i < ROWS * COLS; i++)
        screen[i] = ' ' | CGA_ATTR;
    pos -= COLS;
}

static void vgatext_putc(int c)
{
    if (!screen)
        return;
    if (c == '\n')
        pos += COLS - pos % COLS;
    else if (c == '\b' && pos > 0)
        screen[--pos] = ' ' | CGA_ATTR;
    else if (c >= ' ')
        screen[pos++] = (uint16_t)((c & 0xFF) | CGA_ATTR);
    if (pos >= ROWS * COLS)
        scroll_up();
    cursor_set(pos);
}

void vgatext_init(volatile uint16_t *s)
{
    screen = s;
    pos = cursor_get();
    if (pos < 0 || pos >= ROWS * COLS)
        pos = 0;
    if (pos % COLS) /* start on a fresh line */
        vgatext_putc('\n');
}

const struct console_dev vgatext_console = {"vga", vgatext_putc};
