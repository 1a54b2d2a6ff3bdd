/*
 * lg_inv.h - the lab inventory: each seat's raw firmware memory map (and,
 * for a network boot, its MAC), recorded from a reference boot, so that a
 * later boot whose map or MAC differs is flagged (changed hardware, a BIOS
 * setting, another PC on the seat's cable, or a kernel that misreports);
 * and, from a version-3 report, the SMBIOS serial number and UUID the seat
 * is pinned to, so that a swapped or wrong PC gets its own verdict.
 *
 * File format (docs/grading.md, "The inventory"), text, one block per seat:
 *   bootlab-inventory v1
 *   pc name:SEAT method=M entries=N [mac=aa:bb:cc:dd:ee:ff] [serial=S] [uuid=U]
 *   raw 0x<base> 0x<len> <type> 0x<attr>      (N lines, firmware order)
 * '#' starts a comment; blank lines are ignored. The optional fields come in
 * this order; serial= and uuid= pin the seat to that machine. A seat is
 * keyed by where its log came from, the input's name (pc07=..., or the file
 * or device name), never by anything the PC prints about itself: a forged
 * net line cannot move a seat to another key.
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
    char mac[24]; /* the net line's MAC when recorded, "" for a boot without one */
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
 * MAC (if it has a net line), and pin it to the report's SMBIOS serial
 * number and UUID where it has them (not "-"). Returns 0, or -1 when memory
 * runs out.
 */
int lg_inv_put(struct lg_inv *inv, const char *key, const struct lg_report *rep);

/* lg_inv_write - write the whole inventory to f in the file format. 0 or -1. */
int lg_inv_write(const struct lg_inv *inv, FILE *f);

/* lg_inv_save - write to path atomically (path.tmp, then rename). 0 or -1 (message on stderr). */
int lg_inv_save(const struct lg_inv *inv, const char *path);

/*
 * lg_inv_check - compare the report's raw map and MAC with the entry for
 * key: appends the check "inventory" (or "inventory raw N" naming the first
 * difference) and "inventory mac" (the net line's MAC, or its absence, as
 * recorded). A key missing from the inventory appends nothing and returns
 * 0; otherwise returns 1.
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

/* lg_inv_key - the inventory key of a seat: "name:" + its input's name. */
void lg_inv_key(const char *name, char *key, size_t cap);

#endif
