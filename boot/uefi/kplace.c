/*
 * kplace.c - the kernel file through kload, with UEFI's memory claimed first
 * (see kplace.h).
 */
#include "boot/kload.h"
#include "boot/lerr.h"
#include "boot/uefi/kplace.h"
#include "boot/uefi/memmap.h"
#include "lib/console.h"
#include "lib/printf.h"
#include "lib/string.h"

#define PAGE 4096u

/*
 * The pages of segment i not already claimed for an earlier one: segments do
 * not overlap (elf_check), so only a first or last page can be shared.
 */
static void own_pages(const struct elf_plan *plan, int i, uint32_t *lo, uint32_t *hi)
{
    const struct elf_seg *s = &plan->seg[i];
    *lo = s->paddr & ~(PAGE - 1);
    *hi = (uint32_t)(((uint64_t)s->paddr + s->memsz + PAGE - 1) & ~(uint64_t)(PAGE - 1));
    for (int k = 0; k < i; k++) {
        const struct elf_seg *o = &plan->seg[k];
        uint32_t olo = o->paddr & ~(PAGE - 1), ohi = (o->paddr + o->memsz + PAGE - 1) & ~(PAGE - 1);
        if (*lo >= olo && *lo < ohi)
            *lo += PAGE;
        if (*hi > olo && *hi <= ohi && *hi > *lo)
            *hi -= PAGE;
    }
}

/* The firmware said no: show its map there and name the first owner. */
static int owned(int i, uint32_t lo, uint32_t hi, EFI_STATUS s, char *why, uint32_t size)
{
    static struct memmap m;
    struct efimap_desc d;
    char tmp[80];
    int found = 0;
    cprintf("uefi: kernel: segment %d needs [0x%x, 0x%x); the firmware's map there:\n", i, lo, hi);
    if (memmap_read(&m, tmp, sizeof(tmp)) == 0) {
        memmap_owners(&m, lo, hi);
        found = memmap_owner(&m, lo, hi, &d);
    }
    if (found)
        ksnprintf(why, size,
                  "kernel: segment %d: [0x%x, 0x%x) is firmware memory: [0x%llx, 0x%llx) %s", i, lo,
                  hi, (unsigned long long)d.phys_start,
                  (unsigned long long)(d.phys_start + (d.pages << EFIMAP_PAGE_SHIFT)),
                  efimap_type_name(d.type));
    else
        ksnprintf(why, size, "kernel: segment %d: [0x%x, 0x%x) cannot be allocated: %s", i, lo, hi,
                  efi_status_name(s));
    return LERR_FIRMWARE;
}

/* kload's prepare hook: segment i's pages, allocated at their own address. */
static int claim(const struct elf_plan *plan, int i, char *why, uint32_t size)
{
    uint32_t lo, hi;
    own_pages(plan, i, &lo, &hi);
    if (lo >= hi)
        return 0;
    EFI_PHYSICAL_ADDRESS a = lo;
    EFI_STATUS s = efi_bs->AllocatePages(AllocateAddress, EfiLoaderData, (hi - lo) / PAGE, &a);
    return EFI_ERROR(s) ? owned(i, lo, hi, s, why, size) : 0;
}

int kplace(const struct kfile *kf, const struct e820_range *sane, int nsane, struct elf_plan *plan,
           char *why, uint32_t size)
{
    static const struct kload_ops ops = {"uefi", claim};
    struct ksource src;
    ksource_memory(&src, kf->data, kf->size);
    return kload(&src, sane, nsane, &ops, plan, why, size);
}
