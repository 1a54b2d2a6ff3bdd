/*
 * kfile.c - the order in which the kernel is looked for, and the helpers
 * every method shares (see kfile.h).
 */
#include "boot/elfcheck.h"
#include "boot/layout.h"
#include "boot/lerr.h"
#include "boot/uefi/kfile.h"
#include "boot/uefi/memmap.h"
#include "lib/printf.h"
#include "lib/string.h"

#define PAGE 4096

/* The elf_check message for a file larger than the window, or 0 if it fits. */
static int too_big(UINT64 n, char *why, UINTN size)
{
    struct elf_limits lim = {0, KWINDOW_START, KWINDOW_END, LOADER_START, LOADER_END, 0, 0};
    struct elf_fault fault = {-1, n > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)n,
                              KWINDOW_END - KWINDOW_START};
    char msg[160];
    if (n <= KWINDOW_END - KWINDOW_START)
        return 0;
    elf_describe(ELF_E_BIG, &fault, &lim, msg, sizeof(msg)); /* stage two's words for it */
    ksnprintf(why, size, "kernel: %s", msg);
    return 1;
}

/* Raise *best to the highest start of need bytes inside [lo, hi), if they fit. */
static void fit(uint64_t lo, uint64_t hi, uint64_t need, uint64_t *best)
{
    if (hi > lo && hi - lo >= need && hi - need > *best)
        *best = hi - need;
}

/*
 * The highest free stretch of n_pages outside the kernel window in the
 * current map, or 0. UEFI has no "allocate above" (7.2.1 EFI_ALLOCATE_TYPE),
 * and AllocateAnyPages lands inside the window when memory is short (OVMF at
 * -m 48 put the loader itself at 0x26f000), so the map decides.
 */
static EFI_PHYSICAL_ADDRESS free_stretch(struct memmap *m, UINTN n_pages)
{
    struct efimap_desc d;
    uint64_t best = 0, need = (uint64_t)n_pages * PAGE;
    for (UINTN i = 0; i < memmap_count(m); i++) {
        efimap_desc_at(m->buf, m->dsize, i, &d);
        uint64_t lo = d.phys_start, hi = lo + (d.pages << EFIMAP_PAGE_SHIFT);
        if (d.type != EFIMAP_CONVENTIONAL)
            continue;
        fit(lo > KWINDOW_END ? lo : KWINDOW_END, hi, need, &best);     /* above the window */
        fit(lo, hi < KWINDOW_START ? hi : KWINDOW_START, need, &best); /* below it */
    }
    return best;
}

/* Pages for n bytes of file outside the kernel window, or 0. */
static UINT8 *buffer(UINT32 n)
{
    static struct memmap m;
    char why[80];
    UINTN pages = (n + PAGE - 1) / PAGE + (n == 0);
    if (memmap_read(&m, why, sizeof(why)) < 0)
        return 0;
    EFI_PHYSICAL_ADDRESS a = free_stretch(&m, pages);
    if (a == 0 || EFI_ERROR(efi_bs->AllocatePages(AllocateAddress, EfiLoaderData, pages, &a)))
        return 0;
    return (UINT8 *)(UINTN)a;
}

int kfile_alloc(struct kfile *kf, UINT64 n, char *why, UINTN size)
{
    if (too_big(n, why, size))
        return LERR_ELF;
    kf->size = (UINT32)n;
    kf->data = buffer(kf->size);
    if (!kf->data) {
        ksnprintf(why, size, "kernel: no memory for %u bytes", kf->size);
        return LERR_NOMEM;
    }
    return 0;
}

int kfile_find(EFI_HANDLE device, const char *cmdline, struct kfile *kf, char *why, UINTN size)
{
    char why_sfs[160];
    memset(kf, 0, sizeof(*kf));
    int r = kfile_sfs(device, kf, why_sfs, sizeof(why_sfs));
    if (r == 0 && kf->ipxe) /* chained by iPXE: a network boot, whose identity iPXE knows */
        kf->net = kfile_net_identity(device, &kf->netinfo, why_sfs, sizeof(why_sfs)) == 0;
    if (r != LERR_NOKERNEL) {
        strlcpy(why, why_sfs, size);
        return r;
    }
    r = kfile_pxe(device, cmdline, kf, why, size);
    if (r == LERR_NOKERNEL) { /* neither: the disk's reason first, then the network's */
        char why_pxe[160];
        strlcpy(why_pxe, why, sizeof(why_pxe));
        ksnprintf(why, size, "%s; %s", why_sfs, why_pxe);
    }
    return r;
}

/* LoadOptions as ASCII when it is UCS-2 text (iPXE, the UEFI shell), else -1. */
static int options_text(EFI_LOADED_IMAGE *li, char *out, UINTN n)
{
    const CHAR16 *w = li->LoadOptions;
    UINTN chars = li->LoadOptionsSize / sizeof(CHAR16), k = 0;
    if (!w || chars == 0 || li->LoadOptionsSize % sizeof(CHAR16))
        return -1;
    for (UINTN i = 0; i < chars && w[i]; i++) {
        if (w[i] < 0x20 || w[i] > 0x7E)
            return -1; /* binary data (firmware boot entries keep a GUID there) */
        if (k + 1 < n)
            out[k++] = (char)w[i];
    }
    out[k] = 0;
    return 0;
}

void kfile_cmdline(EFI_LOADED_IMAGE *li, char *out, UINTN n)
{
    char text[BOOTINFO_CMDLINE_LEN * 2];
    out[0] = 0;
    if (options_text(li, text, sizeof(text)) == 0) {
        const char *rest = text;
        while (*rest && *rest != ' ') /* the first word is the image's own name */
            rest++;
        while (*rest == ' ')
            rest++;
        strlcpy(out, rest, n);
    }
    if (!out[0] && kfile_sfs_cmdline(li->DeviceHandle, out, n) < 0)
        out[0] = 0;
}
