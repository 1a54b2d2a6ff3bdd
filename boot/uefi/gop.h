/*
 * gop.h - the Graphics Output Protocol's framebuffer (UEFI 2.10, 12.9): the
 * loader's screen after ExitBootServices, and the kernel's (boot-info fb).
 */
#ifndef BOOTLAB_BOOT_UEFI_GOP_H
#define BOOTLAB_BOOT_UEFI_GOP_H

#include <stdint.h>
#include "drivers/fb/fbcon.h"
#include "include/bootinfo.h"

/*
 * gop_find - the first GOP whose current mode has a linear framebuffer of
 * 32-bit pixels, described in *fb (the boot-info contract) and, for the
 * loader's own console, as *m (the physical address: paging is off or
 * identity after ExitBootServices); its mode number and count in *mode and
 * *modes. Returns 0, or LERR_FIRMWARE with why (no GOP, Blt-only, or pixels
 * that are not 32-bit).
 */
int gop_find(struct bootinfo_fb *fb, struct fbcon_mode *m, uint32_t *mode, uint32_t *modes,
             char *why, uint32_t size);

/* gop_format_name - "RGBX", "BGRX", "bitmask" or "blt-only". */
const char *gop_format_name(uint32_t format);

#endif
