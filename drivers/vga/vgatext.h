/*
 * vgatext.h - the VGA text screen as a console device: 80x25 cells of
 * character and attribute at physical 0xB8000, the mode every PC BIOS leaves
 * (IBM VGA Technical Reference, "Alphanumeric modes"). UEFI PCs have none.
 */
#ifndef BOOTLAB_DRIVERS_VGA_VGATEXT_H
#define BOOTLAB_DRIVERS_VGA_VGATEXT_H

#include <stdint.h>
#include "lib/console.h"

#define VGA_TEXT_PHYS 0xB8000 /* colour text buffer: 80x25 cells of char + attribute */

/*
 * vgatext_init - write to the text buffer at 'screen' (its physical address
 * in stage two, P2V of it in the kernel), continuing on a fresh line below
 * the text already there (the hardware cursor says where it ends).
 */
void vgatext_init(volatile uint16_t *screen);

/* The screen as a console device (console_attach). */
extern const struct console_dev vgatext_console;

#endif
