/*
 * memmap.c - GetMemoryMap, owners of a range, ExitBootServices (see memmap.h).
 */
#include "boot/lerr.h"
#include "boot/uefi/memmap.h"
#include "lib/console.h"
#include "lib/printf.h"
#include "mm/efimap.h"

#define SLACK_DESCS 8 /* room for descriptors that our own allocation may add */
#define EXIT_TRIES  8 /* firmware that keeps changing the map this often is broken */

static EFI_STATUS get_map(struct memmap *m)
{
    m->size = m->cap;
    return efi_bs->GetMemoryMap(&m->size, (EFI_MEMORY_DESCRIPTOR *)m->buf, &m->key, &m->dsize,
                                &m->dver);
}

int memmap_read(struct memmap *m, char *why, UINTN size)
{
    EFI_STATUS s;
    while ((s = get_map(m)) == EFI_BUFFER_TOO_SMALL) {
        UINTN want = m->size + SLACK_DESCS * (m->dsize ? m->dsize : 64);
        efi_pool_free(m->buf);
        m->buf = efi_pool(want);
        m->cap = m->buf ? want : 0;
        if (!m->buf) {
            ksnprintf(why, size, "memory map: no pool memory for %llu bytes",
                      (unsigned long long)want);
            return LERR_NOMEM;
        }
    }
    if (EFI_ERROR(s) || m->dsize < EFIMAP_DESC_SIZE_MIN) {
        ksnprintf(why, size, "memory map: GetMemoryMap: %s, DescriptorSize %llu",
                  efi_status_name(s), (unsigned long long)m->dsize);
        return LERR_MEMMAP;
    }
    return 0;
}

UINTN memmap_count(const struct memmap *m)
{
    return m->dsize ? m->size / m->dsize : 0;
}

void memmap_owners(const struct memmap *m, uint64_t lo, uint64_t hi)
{
    struct efimap_desc d;
    int any = 0;
    for (UINTN i = 0; i < memmap_count(m); i++) {
        efimap_desc_at(m->buf, m->dsize, i, &d);
        uint64_t end = d.phys_start + (d.pages << EFIMAP_PAGE_SHIFT);
        if (d.phys_start >= hi || end <= lo)
            continue;
        cprintf("uefi:   [0x%llx, 0x%llx) %s, attr 0x%llx\n", (unsigned long long)d.phys_start,
                (unsigned long long)end, efimap_type_name(d.type), (unsigned long long)d.attr);
        any = 1;
    }
    if (!any)
        cprintf("uefi:   (no descriptor covers it: not memory)\n");
}

int memmap_owner(const struct memmap *m, uint64_t lo, uint64_t hi, struct efimap_desc *d)
{
    for (UINTN i = 0; i < memmap_count(m); i++) {
        efimap_desc_at(m->buf, m->dsize, i, d);
        uint64_t end = d->phys_start + (d->pages << EFIMAP_PAGE_SHIFT);
        if (d->phys_start < hi && end > lo && d->type != EFIMAP_CONVENTIONAL)
            return 1;
    }
    return 0;
}

/* Change the map behind the key's back: take a page and give it back (tests only). */
static void make_key_stale(void)
{
    EFI_PHYSICAL_ADDRESS a = 0;
    if (!EFI_ERROR(efi_bs->AllocatePages(AllocateAnyPages, EfiLoaderData, 1, &a)))
        efi_bs->FreePages(a, 1);
}

int memmap_exit(struct memmap *m, int stale_first, char *why, UINTN size)
{
    EFI_STATUS s = EFI_INVALID_PARAMETER;
    if (stale_first)
        make_key_stale();
    for (m->exit_tries = 1; m->exit_tries <= EXIT_TRIES; m->exit_tries++) {
        s = efi_bs->ExitBootServices(efi_image, m->key);
        if (s != EFI_INVALID_PARAMETER)
            break;
        /* Only GetMemoryMap may run now (7.4.6): into the buffer we have, no growing. */
        EFI_STATUS g = get_map(m);
        if (EFI_ERROR(g)) {
            ksnprintf(why, size, "ExitBootServices: map re-read failed: %s", efi_status_name(g));
            return LERR_MEMMAP;
        }
    }
    if (EFI_ERROR(s)) {
        ksnprintf(why, size, "ExitBootServices: %s after %d tries", efi_status_name(s),
                  m->exit_tries - (m->exit_tries > EXIT_TRIES));
        return LERR_FIRMWARE;
    }
    return 0;
}
