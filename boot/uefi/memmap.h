/*
 * memmap.h - the firmware's memory map: read it, say who owns a range, and
 * leave boot services with it (UEFI 2.10, 7.2.3 GetMemoryMap, 7.4.6
 * ExitBootServices).
 */
#ifndef BOOTLAB_BOOT_UEFI_MEMMAP_H
#define BOOTLAB_BOOT_UEFI_MEMMAP_H

#include <stdint.h>
#include "boot/uefi/efi.h"
#include "mm/efimap.h"

struct memmap {
    UINT8 *buf;     /* descriptors, dsize bytes apart (pool memory, kept for the final map) */
    UINTN cap;      /* bytes allocated */
    UINTN size;     /* bytes GetMemoryMap wrote */
    UINTN key;      /* MapKey of that map */
    UINTN dsize;    /* DescriptorSize: 48 under OVMF, not sizeof(EFI_MEMORY_DESCRIPTOR) */
    UINT32 dver;    /* DescriptorVersion (1) */
    int exit_tries; /* ExitBootServices calls it took (memmap_exit) */
};

/*
 * memmap_read - GetMemoryMap into m->buf, allocating or growing it as the
 * firmware asks (plus room for a few descriptors, since the allocation
 * itself can split one). Returns 0, or LERR_MEMMAP / LERR_NOMEM with why.
 */
int memmap_read(struct memmap *m, char *why, UINTN size);

/* memmap_count - whole descriptors in the map. */
UINTN memmap_count(const struct memmap *m);

/*
 * memmap_owners - print "uefi:   [start, end) <type>, attr 0x..." for every
 * descriptor that overlaps [lo, hi), and "(no descriptor covers it: not
 * memory)" if none does.
 */
void memmap_owners(const struct memmap *m, uint64_t lo, uint64_t hi);

/*
 * memmap_owner - the first descriptor overlapping [lo, hi) whose type is not
 * EfiConventionalMemory (what keeps AllocatePages from taking the range),
 * into *d. Returns 1, or 0 if there is none.
 */
int memmap_owner(const struct memmap *m, uint64_t lo, uint64_t hi, struct efimap_desc *d);

/*
 * memmap_exit - ExitBootServices with the retry UEFI 2.10, 7.4.6 requires:
 * on EFI_INVALID_PARAMETER (a stale MapKey) read the map again into the same
 * buffer, with no allocation and no other boot service call in between,
 * and try again. stale_first makes the first key stale on purpose (the
 * uefi-stale-key boot option, for the tests). On return boot services are
 * gone and m holds the final map. Returns 0, or LERR_FIRMWARE / LERR_MEMMAP with why
 * (boot services then may or may not still be up: the caller must stop).
 */
int memmap_exit(struct memmap *m, int stale_first, char *why, UINTN size);

#endif
