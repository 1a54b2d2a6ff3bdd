/*
 * efimap.c - the UEFI memory map as E820 entries (see efimap.h).
 *
 * Pure C, freestanding: no libc, no allocation, no 64-bit division (a
 * 32-bit kernel or an ia32 loader may link it without libgcc). The
 * descriptors are read byte by byte, so a map at any address and with any
 * DescriptorSize works on the host as in the loader.
 */
#include "mm/efimap.h"

/* The selection key of the last emitted descriptor: (start, index in the map). */
struct efimap_key {
    uint64_t start;
    uint64_t index;
};

static uint64_t rd_le(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

void efimap_desc_at(const void *map, uint64_t desc_size, uint64_t i, struct efimap_desc *d)
{
    const uint8_t *p = (const uint8_t *)map + i * desc_size;
    d->type = (uint32_t)rd_le(p, 4);
    d->pad = (uint32_t)rd_le(p + 4, 4);
    d->phys_start = rd_le(p + 8, 8);
    d->virt_start = rd_le(p + 16, 8);
    d->pages = rd_le(p + 24, 8);
    d->attr = rd_le(p + 32, 8);
}

/*
 * UEFI 2.10, table 7-6: what each type is after ExitBootServices, for a
 * kernel that never calls runtime services. Indexed by EFIMAP_* type.
 */
static const uint8_t e820_of[EFIMAP_NTYPES] = {
    [EFIMAP_RESERVED] = E820_RESERVED,  [EFIMAP_LOADER_CODE] = E820_RAM,
    [EFIMAP_LOADER_DATA] = E820_RAM,    [EFIMAP_BS_CODE] = E820_RAM,
    [EFIMAP_BS_DATA] = E820_RAM,        [EFIMAP_RT_CODE] = E820_RESERVED,
    [EFIMAP_RT_DATA] = E820_RESERVED,   [EFIMAP_CONVENTIONAL] = E820_RAM,
    [EFIMAP_UNUSABLE] = E820_UNUSABLE,  [EFIMAP_ACPI_RECLAIM] = E820_ACPI,
    [EFIMAP_ACPI_NVS] = E820_NVS,       [EFIMAP_MMIO] = E820_RESERVED,
    [EFIMAP_MMIO_PORT] = E820_RESERVED, [EFIMAP_PAL_CODE] = E820_RESERVED,
    [EFIMAP_PERSISTENT] = E820_PMEM,    [EFIMAP_UNACCEPTED] = E820_RESERVED,
};

uint32_t efimap_e820_type(uint32_t efi_type)
{
    return efi_type < EFIMAP_NTYPES ? e820_of[efi_type] : E820_RESERVED;
}

const char *efimap_type_name(uint32_t efi_type)
{
    static const char *const names[EFIMAP_NTYPES] = {
        "EfiReservedMemoryType",
        "EfiLoaderCode",
        "EfiLoaderData",
        "EfiBootServicesCode",
        "EfiBootServicesData",
        "EfiRuntimeServicesCode",
        "EfiRuntimeServicesData",
        "EfiConventionalMemory",
        "EfiUnusableMemory",
        "EfiACPIReclaimMemory",
        "EfiACPIMemoryNVS",
        "EfiMemoryMappedIO",
        "EfiMemoryMappedIOPortSpace",
        "EfiPalCode",
        "EfiPersistentMemory",
        "EfiUnacceptedMemoryType",
    };
    return efi_type < EFIMAP_NTYPES ? names[efi_type] : "unknown";
}

/*
 * desc_range - the byte range [*start, *start + *len) of d. Returns 0 for a
 * descriptor the conversion drops: no pages, or an end that does not fit in
 * 64 bits (the same rule as e820_sanitize's entry_ok).
 */
static int desc_range(const struct efimap_desc *d, uint64_t *start, uint64_t *len)
{
    if (d->pages == 0 || d->pages > (UINT64_MAX >> EFIMAP_PAGE_SHIFT))
        return 0;
    *start = d->phys_start;
    *len = d->pages << EFIMAP_PAGE_SHIFT;
    return *len <= UINT64_MAX - *start; /* the end, start + len, must fit in 64 bits */
}

/* 1 when key (s, i) comes after *prev in (start, index) order; any key does if prev is NULL. */
static int after(uint64_t s, uint64_t i, const struct efimap_key *prev)
{
    return !prev || s > prev->start || (s == prev->start && i > prev->index);
}

/*
 * next_desc - the kept descriptor with the smallest (start, index) key after
 * *prev (NULL: the first one), into *d and *key. Returns 0 when none is left.
 */
static int next_desc(const void *map, uint64_t n, uint64_t desc_size, const struct efimap_key *prev,
                     struct efimap_desc *d, struct efimap_key *key)
{
    int found = 0;
    struct efimap_desc cur;
    uint64_t s, len;

    for (uint64_t i = 0; i < n; i++) {
        efimap_desc_at(map, desc_size, i, &cur);
        if (!desc_range(&cur, &s, &len) || !after(s, i, prev))
            continue;
        if (found && (s > key->start || (s == key->start && i > key->index)))
            continue;
        *d = cur;
        key->start = s;
        key->index = i;
        found = 1;
    }
    return found;
}

/*
 * emit - append [start, start + len) of type to out[0..*count), or extend
 * the last entry when it has this type and reaches start. Returns 0, or
 * EFIMAP_E_FULL when a new entry is needed and out holds cap already.
 */
static int emit(struct e820_entry *out, int *count, int cap, uint64_t start, uint64_t len,
                uint32_t type)
{
    struct e820_entry *last = *count ? &out[*count - 1] : 0;
    uint64_t end = start + len;

    if (last && last->type == type && start <= last->base + last->length) {
        if (end > last->base + last->length)
            last->length = end - last->base;
        return 0;
    }
    if (*count >= cap)
        return EFIMAP_E_FULL;
    out[*count] = (struct e820_entry){start, len, type, E820_ATTR_ENABLED};
    (*count)++;
    return 0;
}

int efimap_convert(const void *map, uint64_t map_size, uint64_t desc_size, struct e820_entry *out,
                   int cap)
{
    struct efimap_key key, prev;
    struct efimap_desc d;
    int count = 0, have_prev = 0;

    if (desc_size < EFIMAP_DESC_SIZE_MIN || desc_size > EFIMAP_DESC_SIZE_MAX)
        return EFIMAP_E_DESC_SIZE;
    if (cap < 0)
        return EFIMAP_E_ARGS;
    uint64_t n = 0;
    for (uint64_t off = 0; map_size - off >= desc_size; off += desc_size)
        n++; /* whole descriptors in the map, without a 64-bit division */
    while (next_desc(map, n, desc_size, have_prev ? &prev : 0, &d, &key)) {
        int r = emit(out, &count, cap, d.phys_start, d.pages << EFIMAP_PAGE_SHIFT,
                     efimap_e820_type(d.type));
        if (r < 0)
            return r;
        prev = key;
        have_prev = 1;
    }
    return count;
}
