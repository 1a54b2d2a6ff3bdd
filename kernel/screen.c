/*
 * screen.c - the VGA text screen or the GOP framebuffer (see screen.h).
 */
#include "drivers/fb/fbcon.h"
#include "drivers/vga/vgatext.h"
#include "kernel/screen.h"
#include "lib/console.h"
#include "mm/e820.h"
#include "mm/memlayout.h"
#include "mm/mmu.h"
#include "mm/vm.h"

#define FOUR_G 0x100000000ull

static struct screen_fb plan;
static struct bootinfo_fb mode;
static int use_fb;

/* 1 when [lo, hi) overlaps a usable range of the sanitized map. */
static int over_ram(const struct bootinfo *bi, uint64_t lo, uint64_t hi)
{
    for (uint32_t i = 0; i < bi->sane_count; i++)
        if (bi->sane[i].type == E820_RAM && bi->sane[i].start < hi && bi->sane[i].end > lo)
            return 1;
    return 0;
}

/* The mode's own rules: 32-bit pixels, a text cell, lines that fit its memory. */
static const char *mode_check(const struct bootinfo_fb *m, uint64_t *bytes)
{
    if (m->format != BI_FB_RGBX && m->format != BI_FB_BGRX && m->format != BI_FB_BITMASK)
        return "pixel format is not 32-bit RGBX, BGRX or a bit mask";
    if (m->width < 8 || m->height < 16 || m->pitch < m->width)
        return "smaller than one text cell, or pitch below width";
    *bytes = (uint64_t)m->pitch * m->height * 4;
    if (*bytes > m->size)
        return "its lines do not fit in its size";
    return 0;
}

const char *screen_fb_plan(const struct bootinfo *bi, struct screen_fb *fb)
{
    const struct bootinfo_fb *m = &bi->fb;
    const char *why;
    uint64_t bytes, lo, hi;
    if (!(bi->uefi_flags & BI_UEFI_FB))
        return "the loader describes no framebuffer";
    if ((why = mode_check(m, &bytes)) != 0)
        return why;
    if (m->base >= FOUR_G || bytes > FOUR_G - m->base)
        return "above 4 GiB, out of reach without PAE";
    lo = m->base & ~(uint64_t)(PGSIZE - 1);
    hi = (m->base + bytes + PGSIZE - 1) & ~(uint64_t)(PGSIZE - 1);
    if (over_ram(bi, lo, hi))
        return "it overlaps usable RAM";
    *fb = (struct screen_fb){0, 0, (uint32_t)m->base, bytes};
    if (lo >= DEVSPACE)
        return 0; /* the dev row maps it where it is */
    if (hi - lo > DEVSPACE - FBSPACE)
        return "larger than the kernel's framebuffer window (FBSPACE..DEVSPACE)";
    fb->row_pa = (uint32_t)lo;
    fb->row_end = (uint32_t)hi; /* 4 GiB wraps to 0: "up to 4 GiB", as every kmap row */
    fb->pixels = FBSPACE + (uint32_t)(m->base - lo);
    return 0;
}

void screen_choose(const struct bootinfo *bi)
{
    const char *why;
    if (bi->source != BOOT_UEFI_DISK && bi->source != BOOT_UEFI_NET)
        return; /* a BIOS PC: VGA text, attached since the first line */
    console_detach(&vgatext_console);
    mode = bi->fb;
    if ((why = screen_fb_plan(bi, &plan)) != 0) {
        cprintf("kernel: screen: none (framebuffer: %s): serial console only\n", why);
        return;
    }
    use_fb = 1;
    if (plan.row_pa || plan.row_end)
        kmap_setfb(plan.row_pa, plan.row_end);
    cprintf("kernel: screen: framebuffer %ux%u at 0x%x, mapped at 0x%x (%s)\n", mode.width,
            mode.height, (uint32_t)mode.base, plan.pixels,
            plan.row_pa || plan.row_end ? "kmap fb row" : "in the dev row");
}

void screen_start(void)
{
    struct fbcon_mode m = {(volatile uint32_t *)(uintptr_t)plan.pixels,
                           plan.bytes,
                           mode.width,
                           mode.height,
                           mode.pitch,
                           fbcon_grey(mode.format, mode.rmask, mode.gmask, mode.bmask),
                           0};
    if (!use_fb || fbcon_init(&m) < 0)
        return;
    console_attach(&fbcon_console);
    console_replay(&fbcon_console);
}
