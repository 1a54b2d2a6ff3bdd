/*
 * screen.h - the kernel's screen mirror: the VGA text screen on a BIOS PC,
 * the GOP framebuffer the UEFI loader describes on a UEFI PC, which has no
 * VGA text mode (docs/architecture.md, "The screen").
 */
#ifndef BOOTLAB_KERNEL_SCREEN_H
#define BOOTLAB_KERNEL_SCREEN_H

#include <stdint.h>
#include "include/bootinfo.h"

/* Where a framebuffer goes in the kernel's address space. */
struct screen_fb {
    uint32_t row_pa, row_end; /* the kmap fb row: physical [row_pa, row_end), page-aligned;
                                 row_end 0 means 4 GiB; both 0 when no row is needed */
    uint32_t pixels;          /* the top left pixel's virtual address after switchkvm */
    uint64_t bytes;           /* visible bytes: pitch * height * 4 */
};

/*
 * screen_fb_plan - can the kernel draw on bi's framebuffer, and through
 * which mapping? Needs BI_UEFI_FB, a 32-bit pixel format, at least one 8x16
 * text cell, pitch >= width, the visible lines inside the framebuffer's
 * size, below 4 GiB (no PAE) and clear of usable RAM in the sanitized map (a
 * framebuffer over RAM would map pages kalloc hands out). A framebuffer
 * entirely inside the dev row [DEVSPACE, 4 GiB) is reached through that
 * row; any other gets the fb row at FBSPACE, if it fits below DEVSPACE.
 * Pure. Returns 0 and fills *fb, or why not (a static string).
 */
const char *screen_fb_plan(const struct bootinfo *bi, struct screen_fb *fb);

/*
 * screen_choose - right after the hand-off: a BIOS boot keeps the VGA text
 * screen; a UEFI boot drops it (no text mode there) and, when
 * screen_fb_plan allows, adds the fb row to kmap[] (before kmap_ptpages
 * and kvmalloc). Prints what it chose.
 */
void screen_choose(const struct bootinfo *bi);

/*
 * screen_start - after switchkvm: the framebuffer console (if chosen) starts
 * and first shows every line the kernel printed so far.
 */
void screen_start(void);

#endif
