/*
 * fbcon.h - a text console drawn into a linear framebuffer with the built-in
 * 8x16 font (font8x16.h), as a console device: the screen of a PC that has
 * no VGA text mode (a UEFI PC: its GOP framebuffer).
 *
 * 32-bit pixels only: GOP's PixelRedGreenBlueReserved8BitPerColor and
 * PixelBlueGreenRedReserved8BitPerColor, and PixelBitMask with masks inside
 * 32 bits (UEFI 2.10, 12.9.1 EFI_GRAPHICS_PIXEL_FORMAT). Light grey on black,
 * like the VGA console. The pixels are written through a plain pointer, so
 * the same code serves the UEFI loader (paging off: the physical address),
 * the kernel (its fb mapping) and the host tests (an array).
 */
#ifndef BOOTLAB_DRIVERS_FB_FBCON_H
#define BOOTLAB_DRIVERS_FB_FBCON_H

#include <stdint.h>
#include "lib/console.h"

/* EFI_GRAPHICS_PIXEL_FORMAT values (UEFI 2.10, 12.9.1). */
#define FBCON_RGBX    0
#define FBCON_BGRX    1
#define FBCON_BITMASK 2

/* A framebuffer as one program addresses it. */
struct fbcon_mode {
    volatile uint32_t *base; /* the top left pixel */
    uint64_t bytes;          /* bytes reachable from base */
    uint32_t width, height;  /* visible pixels */
    uint32_t pitch;          /* pixels from one line to the next */
    uint32_t fg, bg;         /* the two colours as pixel values (fbcon_grey, 0) */
};

/*
 * The most text cells a screen uses: 240 x 100, the top left 1920 x 1600
 * pixels (a larger mode keeps the rest background). The text is kept here
 * as well as drawn, so scrolling redraws it instead of reading pixels back:
 * a framebuffer is uncached or write-combining memory on real PCs, where
 * reads are slow (each one a bus transaction), writes are not.
 */
#define FBCON_MAX_COLS 240
#define FBCON_MAX_ROWS 100

/* One text screen over a framebuffer: the console device uses one, the tests several. */
struct fbtext {
    struct fbcon_mode m;
    uint32_t cols, rows;                       /* text cells */
    uint32_t col, row;                         /* the cursor */
    char text[FBCON_MAX_ROWS][FBCON_MAX_COLS]; /* what each cell shows */
    uint8_t len[FBCON_MAX_ROWS];               /* cells drawn in each row; the rest is bg */
};

/*
 * fbtext_init - a text screen over m, cleared to m->bg, cursor at the top
 * left. Returns 0, or -1 (nothing drawn) if the mode holds no text cell, its
 * pitch is below its width, or its lines do not fit in m->bytes.
 */
int fbtext_init(struct fbtext *t, const struct fbcon_mode *m);

/*
 * fbtext_putc - draw c at the cursor and advance; '\n' starts a new line, '\r'
 * is ignored, other bytes outside 0x20..0x7E draw as '?'. Below the last
 * line the text moves up by half a screen, redrawn from t->text (never read
 * back from the framebuffer), so scrolling costs one redraw of the kept
 * lines' text per half screen of text.
 */
void fbtext_putc(struct fbtext *t, int c);

/* fbcon_grey - light grey (0xAA of 0xFF per channel) as a pixel value of this format and masks. */
uint32_t fbcon_grey(uint32_t format, uint32_t rmask, uint32_t gmask, uint32_t bmask);

/* fbcon_init - fbtext_init on the console device's own screen; 0 or -1 as fbtext_init. */
int fbcon_init(const struct fbcon_mode *m);

/* The framebuffer as a console device (console_attach), once fbcon_init succeeded. */
extern const struct console_dev fbcon_console;

#endif
