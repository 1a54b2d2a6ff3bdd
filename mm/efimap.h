/*
 * efimap.h - the UEFI memory map (GetMemoryMap) as E820 entries.
 *
 * Pure C: no firmware, loader or libc dependencies beyond <stdint.h>, like
 * mm/e820.c. The UEFI loader converts the final map (the one whose key
 * ExitBootServices accepted) with it; the host tests, the fuzzer and (later)
 * the grader run the same file on any bytes.
 *
 * One rule per UEFI memory type (UEFI 2.10, 7.2.1 EFI_MEMORY_TYPE and table
 * 7-6 "Memory Type Usage after ExitBootServices()"), for a kernel that runs
 * after ExitBootServices and never calls runtime services:
 *
 *   EfiConventionalMemory                 -> 1 usable
 *   EfiLoaderCode, EfiLoaderData          -> 1 usable (the loader is gone;
 *                                            the kernel's own segments are
 *                                            LoaderData and are RAM)
 *   EfiBootServicesCode, ...Data          -> 1 usable (free after ExitBootServices)
 *   EfiACPIReclaimMemory                  -> 3 ACPI (reclaimable after reading the tables)
 *   EfiACPIMemoryNVS                      -> 4 NVS
 *   EfiUnusableMemory                     -> 5 unusable (errors detected)
 *   EfiPersistentMemory                   -> 7 persistent memory
 *   everything else                       -> 2 reserved: EfiReservedMemoryType,
 *       EfiRuntimeServicesCode/Data (firmware keeps using them), EfiMemoryMappedIO,
 *       EfiMemoryMappedIOPortSpace, EfiPalCode, EfiUnacceptedMemoryType (must be
 *       accepted before use) and any type number this file does not know
 *       (OEM 0x70000000.., OS 0x80000000..)
 *
 * The descriptor's attribute bits (cacheability, EFI_MEMORY_RUNTIME, ...)
 * do not change the type.
 */
#ifndef BOOTLAB_MM_EFIMAP_H
#define BOOTLAB_MM_EFIMAP_H

#include <stdint.h>
#include "mm/e820.h"

/* UEFI 2.10, 7.2.1: memory types (EFI_MEMORY_TYPE). */
#define EFIMAP_RESERVED      0
#define EFIMAP_LOADER_CODE   1
#define EFIMAP_LOADER_DATA   2
#define EFIMAP_BS_CODE       3
#define EFIMAP_BS_DATA       4
#define EFIMAP_RT_CODE       5
#define EFIMAP_RT_DATA       6
#define EFIMAP_CONVENTIONAL  7
#define EFIMAP_UNUSABLE      8
#define EFIMAP_ACPI_RECLAIM  9
#define EFIMAP_ACPI_NVS      10
#define EFIMAP_MMIO          11
#define EFIMAP_MMIO_PORT     12
#define EFIMAP_PAL_CODE      13
#define EFIMAP_PERSISTENT    14
#define EFIMAP_UNACCEPTED    15
#define EFIMAP_NTYPES        16
#define EFIMAP_PAGE_SHIFT    12   /* descriptors count 4 KiB pages (UEFI 2.10, 7.2.3) */
#define EFIMAP_DESC_SIZE_MIN 40   /* sizeof(struct efimap_desc): DescriptorSize is at least this */
#define EFIMAP_DESC_SIZE_MAX 4096 /* sanity bound on DescriptorSize; firmware uses 40 or 48 */
#define EFIMAP_ATTR_RUNTIME  (1ull << 63) /* EFI_MEMORY_RUNTIME */

/*
 * UEFI 2.10, 7.2.3: EFI_MEMORY_DESCRIPTOR, version 1. Firmware may return a
 * larger DescriptorSize (OVMF: 48); the fields below are always at these
 * offsets and the rest of each descriptor is ignored.
 */
struct efimap_desc {
    uint32_t type;       /* EFIMAP_* */
    uint32_t pad;        /* the compiler's alignment hole before PhysicalStart */
    uint64_t phys_start; /* 4 KiB aligned */
    uint64_t virt_start; /* ignored: no SetVirtualAddressMap */
    uint64_t pages;      /* NumberOfPages, 4 KiB each */
    uint64_t attr;       /* EFI_MEMORY_* capability bits */
};
_Static_assert(sizeof(struct efimap_desc) == EFIMAP_DESC_SIZE_MIN, "EFI_MEMORY_DESCRIPTOR layout");

/* Errors of efimap_convert (counts are >= 0). */
enum efimap_err {
    EFIMAP_E_DESC_SIZE = -1, /* DescriptorSize below 40 or above EFIMAP_DESC_SIZE_MAX */
    EFIMAP_E_FULL = -2,      /* the merged map needs more than cap entries */
    EFIMAP_E_ARGS = -3,      /* cap negative */
};

/* efimap_e820_type - the E820 type of a UEFI memory type (the rule table above). */
uint32_t efimap_e820_type(uint32_t efi_type);

/* efimap_type_name - the specification's name ("EfiBootServicesData"), or "unknown". */
const char *efimap_type_name(uint32_t efi_type);

/*
 * efimap_desc_at - copy descriptor i of a map (desc_size bytes apart) into
 * *d. Reads bytes only: the map may be unaligned. The caller keeps i within
 * map_size / desc_size.
 */
void efimap_desc_at(const void *map, uint64_t desc_size, uint64_t i, struct efimap_desc *d);

/*
 * efimap_convert - the E820 view of map_size bytes of descriptors, desc_size
 * bytes apart (any order; a partial descriptor at the end is ignored).
 *
 *   1. drop: descriptors of 0 pages, and those whose end (start + bytes)
 *      does not fit in 64 bits (an end exactly at 2^64 included, as in
 *      e820_sanitize);
 *   2. type: efimap_e820_type();
 *   3. sort by start address (ties: map order);
 *   4. merge: an entry that touches or overlaps the previous one and has its
 *      type extends it. Overlaps between different types are kept as they
 *      are: e820_sanitize resolves them (usable loses).
 *
 * Output entries carry attr = E820_ATTR_ENABLED. No allocation, no
 * workspace (O(n^2) selection, n is about 100 on real firmware), map is not
 * modified. Returns the number of entries written to out[0..cap), or an
 * enum efimap_err.
 */
int efimap_convert(const void *map, uint64_t map_size, uint64_t desc_size, struct e820_entry *out,
                   int cap);

#endif
