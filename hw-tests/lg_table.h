/*
 * lg_table.h - E820 table files, as in tests/e820/real/ (INDEX.md there):
 * one entry a line, "<start-hex> <end-exclusive-hex> <type>", start and end
 * with a 0x prefix, type in decimal; '#' starts a comment; blank lines are
 * allowed. A malformed line is an error, never skipped.
 */
#ifndef BOOTLAB_HW_TESTS_LG_TABLE_H
#define BOOTLAB_HW_TESTS_LG_TABLE_H

#include <stdio.h>
#include "mm/e820.h"

/*
 * lg_table_line - parse one line. Returns 1 and fills *e (base, length =
 * end - start, type, attr 1) for an entry, 0 for a blank or comment line,
 * -1 with a reason in *why for a malformed one.
 */
int lg_table_line(const char *line, struct e820_entry *e, const char **why);

/*
 * lg_table_read - read every line of f into out[0..cap). Entries past cap
 * are counted but not stored (*total gets the full count). Returns the
 * number stored, or -1 after printing "name:line: reason" to err.
 */
int lg_table_read(FILE *f, const char *name, struct e820_entry *out, int cap, int *total,
                  FILE *err);

#endif
