/*
 * font8x16.h - bootlab's own 8x16 bitmap font for the framebuffer console.
 *
 * One glyph per printable ASCII character (0x20..0x7E), 16 rows of 8 pixels,
 * bit 7 of a row byte is the leftmost pixel. Drawn for this project
 * (drivers/fb/mkfont.py holds the drawings; font8x16.c is generated from it).
 */
#ifndef BOOTLAB_DRIVERS_FB_FONT8X16_H
#define BOOTLAB_DRIVERS_FB_FONT8X16_H

#include <stdint.h>

#define FONT_W       8
#define FONT_H       16
#define FONT_FIRST   0x20
#define FONT_LAST    0x7E
#define FONT_NGLYPHS (FONT_LAST - FONT_FIRST + 1)

extern const uint8_t font8x16[FONT_NGLYPHS][FONT_H];

#endif
