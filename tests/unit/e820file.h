/*
 * e820file.h - read E820 tables from text files (host tests only).
 *
 * Format (tests/e820/real/INDEX.md): one entry a line,
 *   <start-hex> <end-exclusive-hex> <type>
 * start and end with a 0x prefix, type in decimal; '#' starts a comment that
 * runs to the end of the line; blank lines are allowed. Anything else is an
 * error: a table is a test vector, so garbage is never skipped silently.
 */
#ifndef BOOTLAB_TESTS_UNIT_E820FILE_H
#define BOOTLAB_TESTS_UNIT_E820FILE_H

#include "mm/e820.h"

/*
 * e820file_load - read the table at path into out[0..cap).
 *
 * Each line becomes base = start, length = end - start, type, attr =
 * E820_ATTR_ENABLED, in file order. end == start is allowed (a zero-length
 * entry); end < start is not. Returns the number of entries, or -1 after
 * printing "path:line: reason" to stderr (unreadable file, malformed line,
 * more than cap entries).
 */
int e820file_load(const char *path, struct e820_entry *out, int cap);

/*
 * e820file_parse_line - parse one line (without or with its newline).
 *
 * Returns 1 and fills *e for an entry, 0 for a blank or comment-only line,
 * -1 for a malformed line with a short reason in *why.
 */
int e820file_parse_line(const char *line, struct e820_entry *e, const char **why);

#endif
