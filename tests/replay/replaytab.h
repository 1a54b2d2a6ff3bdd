/*
 * replaytab.h - read an E820 replay table file: the map and its quirk
 * directives (host side of make replay; syntax in docs/e820-replay.md).
 *
 * Entries, one a line, in firmware order:
 *   <start-hex> <end-exclusive-hex> <type>      as in tests/e820/real/
 *   <start-hex> +<length-hex> <type>            any length, even one that wraps
 * An entry's trailing comment may hold "attr=N", the ACPI 3.0 attribute dword.
 * Directive lines: "# quirk: word word ..." (see replaytab_directive). Other
 * comments, "# expect: ..." lines (read by the tests) and blank lines are skipped.
 */
#ifndef BOOTLAB_TESTS_REPLAYTAB_H
#define BOOTLAB_TESTS_REPLAYTAB_H

#include <stddef.h>
#include <stdint.h>
#include "tests/replay/replay.h"
#include "mm/e820.h"

#define REPLAYTAB_AUTO (-1) /* E801h/88h sizes: derive them from the table */

struct replay_table {
    struct e820_entry e[REPLAY_MAX];
    int n;
    int esize;       /* bytes per answer: 20 (default, like SeaBIOS) or 24 */
    int ecx;         /* ECX returned, 1..255; 0: esize */
    int attr_given;  /* some attribute was set: needs 24-byte answers */
    uint32_t attr;   /* attribute of entries without their own (default 1) */
    int end;         /* REPLAY_END_* */
    int nosmap;      /* E820h call answered without 'SMAP', or REPLAY_NOSMAP_NEVER */
    int flags;       /* REPLAY_F_* */
    int e801, ext88; /* REPLAY_ANSWER, REPLAY_UNSUPPORTED, REPLAY_CXDX */
    long e801_ax;    /* REPLAYTAB_AUTO or a fixed answer */
    long e801_bx;
    long ext88_kib;
    int bimode; /* REPLAY_BI_* */
};

/*
 * replaytab_parse - parse the whole table text (NUL-terminated) into *t.
 * Returns 0, or -1 with "line N: reason" in err (errlen bytes). Allocates
 * nothing. Every malformed line or unknown directive is an error: a table is
 * a test vector, nothing in it may be skipped silently.
 */
int replaytab_parse(const char *text, struct replay_table *t, char *err, size_t errlen);

/*
 * replaytab_sizes - the E801h and 88h answers for t (fixed ones as given,
 * automatic ones from the table, attributes ignored): the usable RAM that runs
 * without a gap from 1 MiB (AX of E801h up to 16 MiB; 88h up to 0xFFFF KiB)
 * and from 16 MiB (BX of E801h, 64 KiB blocks up to 4 GiB), after
 * e820_sanitize. Sizes are rounded down to whole KiB / blocks.
 */
void replaytab_sizes(const struct replay_table *t, uint16_t *ax, uint16_t *bx, uint16_t *kib88);

/* replaytab_blob - the blob of tests/replay/replay.h for t (REPLAY_BLOB_SIZE bytes). */
void replaytab_blob(const struct replay_table *t, uint8_t *blob);

#endif
