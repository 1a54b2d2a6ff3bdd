/*
 * a20.h - the A20 gate: without it, address bit 20 is forced to 0 and the
 * megabyte at 1 MiB aliases the first one.
 */
#ifndef BOOTLAB_BOOT_A20_H
#define BOOTLAB_BOOT_A20_H

/* Ways A20 got switched on (a20_enable's result). */
#define A20_ALREADY 1 /* the BIOS left it on */
#define A20_BIOS    2 /* INT 15h AX=2401h */
#define A20_FAST    3 /* port 92h, "fast A20" */
#define A20_KBC     4 /* 8042 keyboard controller output port */

/*
 * a20_enable - switch A20 on, trying BIOS 2401h, then port 92h, then the
 * keyboard controller, and verify each with a wrap-around test. Returns the
 * A20_* way that worked, or LERR_A20 (boot/lerr.h).
 */
int a20_enable(void);
const char *a20_name(int how);

#endif
