/*
 * vgatext.c - VGA text-mode output (see vgatext.h). The cursor position lives
 * in the 6845 CRT controller's registers 14 and 15.
 *
 * The text buffer is device memory: every cell read or written is a bus
 * cycle to the VGA (uncached on real PCs; an emulated device access under
 * QEMU). Two habits keep that cheap: a full screen scrolls up by
 * SCROLL_LINES lines at once, not one line per new line, and the cursor
 * moves once per line (at '\n'), not after every byte. Measured under QEMU
 * 7.2 TCG, copying 24 lines per line and four port writes per byte took
 * about 10 ms of the kernel's 36-line report.
 */
#include "drivers/vga/vgatext.h"
#include "lib/x86.h"

#define CRTC_INDEX   0x3D4 /* 6845 CRT controller, colour adapters */
#define CRTC_DATA    0x3D5
#define CRTC_CURHI   14 /* cursor location high byte */
#define CRTC_CURLO   15 /* cursor location low byte */
#define COLS         80
#define ROWS         25
#define CGA_ATTR     0x0700 /* light grey on black */
#define SCROLL_LINES 12     /* lines a full screen moves up at once: the last 13 stay */

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
    for (int i = 0; i < (ROWS - SCROLL_LINES) * COLS; i++)
        screen[i] = screen[i + SCROLL_LINES * COLS];
    for (int i = (ROWS - SCROLL_LINES) * COLS; i < ROWS * COLS; i++)
        screen[i] = ' ' | CGA_ATTR;
    pos -= SCROLL_LINES * COLS;
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
    if (c == '\n')
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
