/*
 * gop.c - find the GOP framebuffer (see gop.h).
 */
#include "boot/lerr.h"
#include "boot/uefi/efi.h"
#include "boot/uefi/gop.h"
#include "lib/printf.h"

const char *gop_format_name(uint32_t format)
{
    static const char *const names[] = {"RGBX", "BGRX", "bitmask", "blt-only"};
    return format < 4 ? names[format] : "unknown";
}

/* 32 bits per pixel: formats 0 and 1 always; a bit mask when it has a reserved channel. */
static int pixels_32(const EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *i)
{
    return i->PixelFormat == PixelRedGreenBlueReserved8BitPerColor ||
           i->PixelFormat == PixelBlueGreenRedReserved8BitPerColor ||
           (i->PixelFormat == PixelBitMask && i->PixelInformation.ReservedMask != 0);
}

static void describe(EFI_GRAPHICS_OUTPUT_PROTOCOL *g, struct bootinfo_fb *fb, struct fbcon_mode *m)
{
    const EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *i = g->Mode->Info;
    const EFI_PIXEL_BITMASK *px = &i->PixelInformation;
    *fb = (struct bootinfo_fb){g->Mode->FrameBufferBase,
                               g->Mode->FrameBufferSize,
                               i->HorizontalResolution,
                               i->VerticalResolution,
                               i->PixelsPerScanLine,
                               (uint32_t)i->PixelFormat,
                               px->RedMask,
                               px->GreenMask,
                               px->BlueMask,
                               px->ReservedMask};
    *m = (struct fbcon_mode){(volatile uint32_t *)(UINTN)fb->base,
                             fb->size,
                             fb->width,
                             fb->height,
                             fb->pitch,
                             fbcon_grey(fb->format, fb->rmask, fb->gmask, fb->bmask),
                             0};
}

int gop_find(struct bootinfo_fb *fb, struct fbcon_mode *m, uint32_t *mode, uint32_t *modes,
             char *why, uint32_t size)
{
    EFI_HANDLE *h = 0;
    UINTN n = 0;
    int found = 0;
    if (EFI_ERROR(efi_bs->LocateHandleBuffer(ByProtocol, &efi_guid_gop, 0, &n, &h)) || n == 0) {
        ksnprintf(why, size, "no Graphics Output Protocol");
        return LERR_FIRMWARE;
    }
    for (UINTN k = 0; k < n && !found; k++) {
        EFI_GRAPHICS_OUTPUT_PROTOCOL *g = efi_protocol(h[k], &efi_guid_gop);
        if (g && g->Mode && g->Mode->Info && g->Mode->FrameBufferBase && pixels_32(g->Mode->Info)) {
            describe(g, fb, m);
            *mode = g->Mode->Mode;
            *modes = g->Mode->MaxMode;
            found = 1;
        }
    }
    efi_pool_free(h);
    if (!found)
        ksnprintf(why, size, "no GOP with a linear 32-bit framebuffer (%u GOP handles)",
                  (unsigned)n);
    return found ? 0 : LERR_FIRMWARE;
}
