/*
 * smbios.h - the firmware's SMBIOS tables, as far as a report needs them:
 * the entry point, and the System Information structure (type 1) with the
 * manufacturer, product, serial number and UUID of the machine.
 * DMTF DSP0134 (SMBIOS Reference Specification) 3.x: 5.2 entry points,
 * 6.1 structures and their strings, 7.2 System Information.
 *
 * Pure: the caller maps the bytes (kernel/identity.c); the host tests and a
 * fuzzer give it any bytes.
 */
#ifndef BOOTLAB_KERNEL_SMBIOS_H
#define BOOTLAB_KERNEL_SMBIOS_H

#include <stdint.h>

/* BIOS boots: the entry point lies on a 16-byte boundary in [0xF0000, 0x100000) (5.2.1). */
#define SMBIOS_AREA     0xF0000u
#define SMBIOS_AREA_LEN 0x10000u
#define SMBIOS_EP_MAX   0x20 /* no entry point is longer: _SM_ is 0x1F bytes, _SM3_ 0x18 */
#define SMBIOS_TABLE_MAX                                                                           \
    0x100000u             /* the most table bytes read: a 3.x table states only a maximum */
#define SMBIOS_STR_LEN 65 /* strings kept: 64 bytes and a NUL */

/* What an entry point says about its structure table. */
struct smbios_entry {
    int v3; /* 1: the 64-bit "_SM3_" entry point; 0: "_SM_" */
    uint8_t major, minor;
    uint64_t table; /* physical address of the structure table */
    uint32_t len;   /* its length (2.x) or maximum length (3.x) */
    uint32_t count; /* structures in it (2.x); 0: unknown, walk to type 127 (3.x) */
};

/* The System Information structure (type 1), its strings as the firmware wrote them. */
struct smbios_system {
    char manufacturer[SMBIOS_STR_LEN];
    char product[SMBIOS_STR_LEN];
    char serial[SMBIOS_STR_LEN];
    int has_uuid;     /* the structure is long enough for a UUID (SMBIOS 2.1 and later) */
    uint8_t uuid[16]; /* as stored */
};

/*
 * smbios_entry_check - the entry point at p (avail bytes readable there):
 * "_SM3_" with its length and checksum, or "_SM_" with its length, checksum,
 * "_DMI_" and intermediate checksum. Returns 0 with *ep filled, or the reason.
 */
const char *smbios_entry_check(const uint8_t *p, uint32_t avail, struct smbios_entry *ep);

/*
 * smbios_find - the first valid entry point on a 16-byte boundary of
 * area[0..len), a "_SM3_" one if there is one anywhere (a 3.x table
 * describes the same machine and may hold more). Returns its offset with *ep
 * filled, or -1.
 */
int smbios_find(const uint8_t *area, uint32_t len, struct smbios_entry *ep);

/*
 * smbios_system - find the first type 1 structure in table[0..len) (ep says
 * how many structures a 2.x table holds) and copy its strings, cut to
 * SMBIOS_STR_LEN - 1 bytes ("" for string number 0, "none"). Returns 0, or
 * the reason: no type 1, a structure shorter than its header, or one whose
 * formatted area or strings run past the end of the table.
 */
const char *smbios_system(const uint8_t *table, uint32_t len, const struct smbios_entry *ep,
                          struct smbios_system *out);

/*
 * smbios_uuid_text - the UUID as 36 characters and a NUL, lowercase, in
 * RFC 4122 order. From SMBIOS 2.6 on the first three fields are stored
 * little-endian (7.2.1), so le_fields is (major, minor) >= (2, 6). All
 * bytes 0x00 ("not present") or all 0xFF ("not set") give "-".
 */
void smbios_uuid_text(const uint8_t uuid[16], int le_fields, char out[37]);

#endif
