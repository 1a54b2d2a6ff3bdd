/*
 * lg_inv.h - the lab inventory: each PC's raw firmware memory map, recorded
 * from a reference boot, so that a later boot whose map differs is flagged
 * (changed hardware, a BIOS setting, or a kernel that misreports the map);
 * and, from a version-2 report, the SMBIOS serial number and UUID the seat
 * is pinned to, so that a swapped or wrong PC gets its own verdict.
 *
 * File format (docs/grading.md, "Inventory"), text, one block per PC:
 *   bootlab-inventory v2                      (v1: the same without pin lines)
 *   pc KEY method=M entries=N
 *   pin serial=S uuid=U                       (optional, right after pc; "-": not pinned)
 *   raw 0x<base> 0x<len> <type> 0x<attr>      (N lines, firmware order)
 * '#' starts a comment; blank lines are ignored. KEY is the MAC from the
 * report's net line (aa:bb:cc:dd:ee:ff) for network boots, else
 * "name:<input name>" (the seat's name).
 */
#ifndef BOOTLAB_HW_TESTS_LG_INV_H
#define BOOTLAB_HW_TESTS_LG_INV_H

#include <stdio.h>
#include "hw-tests/lg_check.h"
#include "hw-tests/lg_parse.h"
#include "mm/e820.h"

#define LG_INV_KEY 48

struct lg_inv_pc {
    char key[LG_INV_KEY];
    char method[16];
    char serial[LG_ID_STR]; /* "" when the seat is not pinned to a serial number */
    char uuid[LG_UUID_LEN]; /* "" when it is not pinned to a UUID */
    int n;
    struct e820_entry raw[E820_MAX_RAW];
};

struct lg_inv {
    struct lg_inv_pc *pc;
    int n, cap;
};

/*
 * lg_inv_load - read an inventory file into *inv (allocates; free with
 * lg_inv_free). A missing file gives an empty inventory when missing_ok.
 * Returns 0, or -1 after printing "path:line: reason" to stderr.
 */
int lg_inv_load(const char *path, struct lg_inv *inv, int missing_ok);

/* lg_inv_free - release an inventory. */
void lg_inv_free(struct lg_inv *inv);

/* lg_inv_find - the entry for key, or NULL. */
const struct lg_inv_pc *lg_inv_find(const struct lg_inv *inv, const char *key);

/*
 * lg_inv_put - add or replace the entry for key with the report's raw map,
 * and pin it to the report's SMBIOS serial number and UUID where the report
 * has them (not "-"). Returns 0, or -1 when memory runs out.
 */
int lg_inv_put(struct lg_inv *inv, const char *key, const struct lg_report *rep);

/* lg_inv_write - write the whole inventory to f in the file format. 0 or -1. */
int lg_inv_write(const struct lg_inv *inv, FILE *f);

/* lg_inv_save - write to path atomically (path.tmp, then rename). 0 or -1 (message on stderr). */
int lg_inv_save(const struct lg_inv *inv, const char *path);

/*
 * lg_inv_check - compare the report's raw map with the entry for key:
 * appends one check "inventory" (failed on any difference, naming the
 * first one). A key missing from the inventory appends nothing and returns 0;
 * otherwise returns 1.
 */
int lg_inv_check(const struct lg_inv *inv, const char *key, const struct lg_report *rep,
                 struct lg_checks *cs);

/*
 * lg_inv_pin - the check "inventory identity" when the entry for key is
 * pinned: the report's SMBIOS serial number and UUID must be the pinned
 * ones (a report without an smbios line, or with "smbios none", matches
 * nothing). Returns 1 when the seat is pinned and the PC is not the pinned
 * one, else 0 (no check appended when the seat is not pinned).
 */
int lg_inv_pin(const struct lg_inv *inv, const char *key, const struct lg_report *rep,
               struct lg_checks *cs);

/* lg_inv_key - the inventory key of a PC: its MAC, else "name:" + name. */
void lg_inv_key(const struct lg_report *rep, const char *name, char *key, size_t cap);

#endif
