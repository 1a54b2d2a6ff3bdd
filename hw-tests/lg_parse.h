/*
 * lg_parse.h - the fields of one report (docs/report-format.md, versions 1,
 * 2 and 3; version 3's lines about the machine and its clock are parsed by
 * hw-tests/lg_identity.c).
 *
 * The parser is table-driven: each kind of line has one row in lg_parse.c's
 * kinds[] with its key, its order rank (the line's position in the format's
 * list), the report versions it belongs to, whether it repeats, and its
 * field parser. A line that matches no row of the report's version, however
 * well formed, is a problem ("unknown line"): a version's lines are fixed,
 * and a new line comes with a new version. When each line must or must not
 * appear is a separate table (lg_rules.c), checked against the lines it
 * depends on.
 *
 * The parser is strict about the contract (line order, field names, hex
 * widths) and records every violation as a problem with its line number,
 * but it keeps going: a field that parsed is still compared by the checks,
 * so a report with one bad line still says what else is wrong.
 */
#ifndef BOOTLAB_HW_TESTS_LG_PARSE_H
#define BOOTLAB_HW_TESTS_LG_PARSE_H

#include <stdint.h>
#include "hw-tests/lg_collect.h"
#include "hw-tests/lg_identity.h"
#include "mm/e820.h"

#define LG_NKMAP        4 /* the lecture's kmap rows: io, text, data, dev */
#define LG_KMAP_FB      4 /* kmap[LG_KMAP_FB]: a UEFI PC's framebuffer row, when it has one */
#define LG_NKMAP_MAX    5
#define LG_EFI_MAX      BOOTINFO_EFI_MAX /* UEFI descriptors a report lists at most */
#define LG_MAX_PROBLEMS 16               /* format problems kept (the rest are counted) */
#define LG_PROBLEM_TEXT 200
#define LG_VERSION_MAX  4 /* the newest report version this grader reads */

/* Report versions, as bits (the kinds and rules tables say which they belong to). */
#define LG_V1   0x1
#define LG_V2   0x2
#define LG_V3   0x4
#define LG_V4   0x8
#define LG_V3UP (LG_V3 | LG_V4)   /* a line or rule of version 3 and later */
#define LG_V2UP (LG_V2 | LG_V3UP) /* of version 2 and later */
#define LG_VALL (LG_V1 | LG_V2UP) /* of every version */

/* Which lines were seen (bits of lg_report.have). */
#define LG_HAVE_BOOT    0x001
#define LG_HAVE_NET     0x002
#define LG_HAVE_CMDLINE 0x004
#define LG_HAVE_RAWHDR  0x008
#define LG_HAVE_SANEHDR 0x010
#define LG_HAVE_MEM     0x020
#define LG_HAVE_KERNEL  0x040
#define LG_HAVE_PT      0x080
#define LG_HAVE_KALLOC  0x100
#define LG_HAVE_SC      0x200
#define LG_HAVE_END     0x400
#define LG_HAVE_KHASH   0x800
#define LG_HAVE_SB      0x1000 /* the secureboot line (UEFI boots) */
#define LG_HAVE_KMAP_FB 0x2000 /* the kmap fb row (UEFI boots with a framebuffer) */
#define LG_HAVE_CPU     0x4000
#define LG_HAVE_SMBIOS  0x8000
#define LG_HAVE_TSC     0x10000

extern const char *const lg_kmap_names[LG_NKMAP];
extern const char lg_kmap_fb_name[]; /* "fb" */

/* One UEFI memory descriptor of a "raw" line (method uefi), as the firmware gave it. */
struct lg_efidesc {
    uint32_t type;
    uint64_t start, pages, attr;
};

struct lg_kmaprow {
    int seen;
    uint32_t va0, pa0;
    uint64_t va1, pa1; /* exclusive ends; may be 0x100000000 */
    char perm[4];      /* "rw" or "r-" */
    uint32_t pages;
};

struct lg_problem {
    int line; /* 1-based line of the report (the begin marker is line 1) */
    char text[LG_PROBLEM_TEXT];
};

struct lg_report {
    unsigned have;
    int version;       /* from the begin marker */
    unsigned vbit;     /* LG_V1 to LG_V4: the tables' rows that apply (newest for others) */
    struct lg_end end; /* the end marker's fields (when LG_HAVE_END) */
    uint32_t nlines;   /* lines from the begin marker to the line before the end marker */
    uint32_t crc;      /* the CRC computed over them */
    char source[16], loader[40], build[40], drive_text[8];
    uint32_t drive;
    char mac[24], ip[20], server[20], file[80];
    char cmdline[LG_REPORT_LINE + 1]; /* the text after "cmdline " */
    char method[16];
    uint32_t raw_entries, entry_size, flags;
    struct e820_entry raw[E820_MAX_RAW];
    int nraw;
    struct lg_efidesc efi[LG_EFI_MAX]; /* method uefi: the raw lines are descriptors */
    int nefi;
    char sb_state[8], sb_kernel[16]; /* the secureboot line */
    uint32_t sane_entries;
    struct e820_range sane[E820_MAX_SANE];
    char sane_name[E820_MAX_SANE][12];
    int nsane;
    struct memlimit mem;
    uint32_t kernbase, kernlink, data, end_sym; /* the kernel line: end_sym is its end= */
    char khash[65];                             /* the khash line: 64 hex digits */
    uint32_t khash_start, khash_end;
    struct lg_kmaprow kmap[LG_NKMAP_MAX]; /* [LG_KMAP_FB].seen: the report has the fb row */
    int nkmap;                            /* the lecture's kmap lines seen (not the fb row) */
    uint32_t pt_pages, pt_mapped, pt_ppm;
    char pt_overhead[24];
    int pt_v3;             /* the pt line has version 3's large= and mode= */
    uint32_t pt_large;     /* 4 MiB pages */
    char pt_mode[4];       /* "4k" or "4m" */
    struct lg_identity id; /* cpu, smbios, tsc, milestone (version 3) */
    uint32_t kalloc_free;
    int sc_ok;
    uint32_t sc_errors, sc_checked, sc_cr3;
    int sc_error_lines;
    int nproblems, more_problems;
    struct lg_problem problem[LG_MAX_PROBLEMS];
};

/*
 * lg_parse - parse the complete report in r (r->line[0] is the begin
 * marker, r->end the end marker) into *out. Never fails: what cannot be
 * parsed becomes a problem in out->problem[]. Allocates nothing.
 */
void lg_parse(const struct lg_lines *r, struct lg_report *out);

/* lg_problem_add - record a problem at report line 'line' (printf-style text). */
void lg_problem_add(struct lg_report *rep, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
