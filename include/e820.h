/*
 * e820.h - the firmware memory map entry: INT 15h E820h's "Address Range
 * Descriptor" (ACPI 6.4, 15.1), as loaders store it in the boot-info block.
 *
 * A format, not code: the loaders fill these entries, the kernel and the
 * grader read them (mm/e820.h sanitizes them).
 */
#ifndef BOOTLAB_INCLUDE_E820_H
#define BOOTLAB_INCLUDE_E820_H

#include <stdint.h>

/*
 * Address range types, ACPI 6.x table 15-374 ("Address Range Types").
 * Numbers above E820_PMEM (and 0) are kept by the sanitizer but are never
 * usable.
 */
#define E820_RAM      1 /* AddressRangeMemory: usable RAM */
#define E820_RESERVED 2 /* AddressRangeReserved */
#define E820_ACPI     3 /* AddressRangeACPI: reclaimable after reading ACPI tables */
#define E820_NVS      4 /* AddressRangeNVS: must be preserved across sleep */
#define E820_UNUSABLE 5 /* AddressRangeUnusable: detected errors */
#define E820_DISABLED 6 /* AddressRangeDisabled */
#define E820_PMEM     7 /* AddressRangePersistentMemory */

/*
 * ACPI 3.0 extended attributes (the optional sixth dword of a 24-byte answer).
 * Bit 0 clear means "the OS should ignore this entry". Loaders store 1 here for
 * BIOSes that answer with 20-byte entries, so the bit is always meaningful.
 */
#define E820_ATTR_ENABLED 0x1

/* One entry exactly as INT 15h E820 returns it (24-byte form). */
struct e820_entry {
    uint64_t base;
    uint64_t length;
    uint32_t type;
    uint32_t attr;
} __attribute__((packed));

/*
 * One range of a sanitized map (mm/e820.h): [start, end), end exclusive.
 * Packed, like the raw entry, so the 64-bit UEFI loader and the 32-bit kernel
 * lay it out alike in the boot-info block.
 */
struct e820_range {
    uint64_t start;
    uint64_t end;
    uint32_t type;
} __attribute__((packed));

/* Loaders keep at most this many raw entries (the boot-info block's room). */
#define E820_MAX_RAW 128
/* n raw entries give at most 2n-1 sanitized ranges. */
#define E820_MAX_SANE (2 * E820_MAX_RAW)

#endif
