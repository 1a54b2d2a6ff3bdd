/*
 * lg_parse.h - the fields of one report (docs/report-format.md, versions 1
 * and 2; the lines version 2 added about the machine and its clock are
 * parsed by hw-tests/lg_identity.c).
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

#define LG_NKMAP        4  /* kmap rows: io, text, data, dev */
#define LG_MAX_PROBLEMS 16 /* format problems kept (the rest are counted) */
#define LG_PROBLEM_TEXT 200

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

extern const char *const lg_kmap_names[LG_NKMAP];

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
    int version;     /* from the begin marker */
    int end_version; /* from the end marker */
    uint32_t nlines; /* lines from the begin marker to the line before the end marker */
    uint32_t end_lines, end_crc, crc; /* the end marker's count and CRC; the CRC computed */
    char source[16], loader[40], build[40], drive_text[8];
    uint32_t drive;
    char mac[24], ip[20], server[20], file[80];
    char method[16];
    uint32_t raw_entries, entry_size, flags;
    struct e820_entry raw[E820_MAX_RAW];
    int nraw;
    uint32_t sane_entries;
    struct e820_range sane[E820_MAX_SANE];
    char sane_name[E820_MAX_SANE][12];
    int nsane;
    struct memlimit mem;
    uint32_t kernbase, kernlink, data, end;
    struct lg_kmaprow kmap[LG_NKMAP];
    uint32_t pt_pages, pt_mapped, pt_ppm;
    char pt_overhead[24];
    int pt_v2;                        /* the pt line has version 2's large= and mode= */
    uint32_t pt_large;                /* 4 MiB pages */
    char pt_mode[4];                  /* "4k" or "4m" */
    char cmdline[LG_REPORT_LINE + 1]; /* the boot options (the cmdline line's text), or "" */
    struct lg_identity id;            /* cpu, smbios, tsc, milestone (version 2) */
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
