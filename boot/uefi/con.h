/*
 * con.h - the UEFI loader's console: lib/console.c with the devices a UEFI
 * PC has, so the "uefi: ..." progress lines reach the screen and COM1 like
 * stage two's.
 *
 * Policy (measured under OVMF, docs/architecture.md "The UEFI boot"):
 * firmware whose ConOut already reaches a serial port (a text-output handle
 * whose device path holds a UART node) copies every ConOut line to it, so
 * until ExitBootServices the loader writes to ConOut alone; otherwise to
 * ConOut and to COM1 itself (drivers/serial/uart.c). After ExitBootServices
 * ConOut is gone: the lines go to COM1 and to the GOP framebuffer
 * (drivers/fb/fbcon.c), which first shows again every line so far.
 */
#ifndef BOOTLAB_BOOT_UEFI_CON_H
#define BOOTLAB_BOOT_UEFI_CON_H

#include "drivers/fb/fbcon.h"

/* con_init - choose the policy above and attach the devices (boot services must be up). */
void con_init(void);

/* con_policy - what con_init chose, for the progress line. */
const char *con_policy(void);

/*
 * con_own_devices - from now on the loader drives COM1 and the screen
 * itself: after ExitBootServices (ConOut is gone), or before it halts (so
 * the last lines look as they would after it). ConOut leaves the console,
 * COM1 joins it if it was not in it, and the framebuffer mode m (if not 0
 * and usable) shows the log so far in the built-in font, then every later
 * line. Calling it again changes nothing.
 */
void con_own_devices(const struct fbcon_mode *m);

#endif
