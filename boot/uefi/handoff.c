/*
 * handoff.c - trampoline page, boot-info pages, the jump (see handoff.h).
 */
#include "boot/uefi/efi.h"
#include "boot/uefi/handoff.h"
#include "lib/printf.h"
#include "lib/string.h"

#define PAGE     4096
#define BI_PAGES ((sizeof(struct bootinfo) + PAGE - 1) / PAGE)

extern const char tramp_start[], tramp_end[];
typedef void (*tramp_fn)(uint32_t entry, uint32_t bootinfo, uint32_t stack_top);

static uint8_t *low; /* page 0: the trampoline, then its stack; then the boot-info block */

struct bootinfo *handoff_prepare(char *why, unsigned size)
{
    EFI_PHYSICAL_ADDRESS a = HANDOFF_MAX_ADDR;
    EFI_STATUS s = efi_bs->AllocatePages(AllocateMaxAddress, EfiLoaderCode, 1 + BI_PAGES, &a);
    if (EFI_ERROR(s)) {
        ksnprintf(why, size, "no %u pages below 640 KiB for the hand-off: %s",
                  (unsigned)(1 + BI_PAGES), efi_status_name(s));
        return 0;
    }
    low = (uint8_t *)(UINTN)a;
    memcpy(low, tramp_start, (size_t)(tramp_end - tramp_start));
    return (struct bootinfo *)(low + PAGE);
}

void handoff_jump(const struct bootinfo *bi, uint32_t entry)
{
    struct bootinfo *place = (struct bootinfo *)(low + PAGE);
    if (place != bi)
        memcpy(place, bi, sizeof(*bi));
    tramp_fn tramp = (tramp_fn)(UINTN)low;
    tramp(entry, (uint32_t)(UINTN)place, (uint32_t)(UINTN)(low + PAGE)); /* stack: top of page 0 */
    for (;;)                                                             /* not reached */
        ;
}
