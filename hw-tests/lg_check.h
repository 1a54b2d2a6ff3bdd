/*
 * lg_check.h - recompute what a report must say and compare every value.
 *
 * Nothing the kernel prints is trusted: from the raw firmware map in the
 * report, the grader runs the same sanitizer and clamp source file the
 * kernel is built from (mm/e820.c), then derives the kmap rows, page-table
 * totals and free-page count from the kernel ELF's KERNBASE, KERNLINK,
 * 'data' and 'end' (docs/report-format.md, "What each value means"). The
 * kernel's self-check result is one more value to compare, never the verdict.
 */
#ifndef BOOTLAB_HW_TESTS_LG_CHECK_H
#define BOOTLAB_HW_TESTS_LG_CHECK_H

#include <stdint.h>
#include "hw-tests/lg_elf.h"
#include "hw-tests/lg_parse.h"
#include "mm/e820.h"

/* Constants the kernel uses in kernel/main.c (not in the report). */
#define LG_MINFREE_PAGES 256      /* free pages the kernel demands after its page tables */
#define LG_ENTRY_MAPPED  0x400000 /* entrypgdir maps [0, 4 MiB): page tables come from there */
#define LG_LARGE_PAGE    0x400000 /* a 4 MiB page (the bigpages option) */

/*
 * Which kmap rows the bigpages option maps with 4 MiB pages (mm/vm.c's
 * 'large'), restated like the rows themselves: the data row.
 */
extern const int lg_kmap_large[LG_NKMAP];

#define LG_MAX_CHECKS 128
#define LG_CHECK_TEXT 96

struct lg_check {
    char name[40];
    char expected[LG_CHECK_TEXT];
    char reported[LG_CHECK_TEXT];
    int ok;
};

struct lg_checks {
    int n, nfail;
    int dropped; /* failed checks that did not fit (counted in nfail) */
    struct lg_check c[LG_MAX_CHECKS];
};

/* What a report must say, computed from its raw map and the kernel ELF. */
struct lg_expect {
    struct e820_range sane[E820_MAX_SANE];
    int nsane; /* -1 if the sanitizer refused the map */
    struct memlimit ml;
    struct lg_kmaprow rows[LG_NKMAP_MAX];
    int nrows; /* LG_NKMAP, or with the fb row LG_NKMAP + 1 */
    int fb_ok; /* the report's fb row may be a framebuffer (check "kmap fb place") */
    char fb_why[LG_CHECK_TEXT]; /* what is wrong with it when not fb_ok */
    int big;                    /* the boot options ask for 4 MiB pages ("bigpages", version 3) */
    uint32_t large;             /* 4 MiB pages the table must have */
    uint32_t pt_pages, mapped, ppm;
    char overhead[24];
    uint32_t low_free;       /* usable pages in [roundup(V2P(end)), min(limit, 4 MiB)) */
    uint32_t all_free;       /* usable pages in [roundup(V2P(end)), limit) */
    uint32_t free;           /* all_free - pt_pages (0 when too little) */
    int too_little;          /* the kernel must stop with "too little memory" */
    uint32_t cr3_lo, cr3_hi; /* the page directory comes from the free pages below 4 MiB */
};

/*
 * lg_expect - compute *x from raw[0..nraw) and the kernel's symbols, with
 * 4 MiB pages for the rows lg_kmap_large names when big is set (a version-3
 * report whose boot options hold the word "bigpages"). Allocates nothing.
 */
void lg_expect(const struct e820_entry *raw, int nraw, const struct lg_kernel *k, int big,
               struct lg_expect *x);

/* lg_wants_big - 1 when rep is version 3 or later and its boot options hold the word "bigpages". */
int lg_wants_big(const struct lg_report *rep);

/*
 * lg_report_e820 - the report's raw map as E820 entries into out[cap]: its
 * raw lines, or for a UEFI report its descriptors converted by the written
 * rules (mm/efimap.c, the converter the loader runs). Returns the count, or
 * -1 if the conversion needs more than cap entries.
 */
int lg_report_e820(const struct lg_report *rep, struct e820_entry *out, int cap);

/*
 * lg_expect_report - lg_expect on the report's own raw map (lg_report_e820),
 * with 4 MiB pages when lg_wants_big(rep), then, for a UEFI PC whose report has an fb row, that row
 * as the kernel must build it (FBSPACE, writable) over the physical range the report names, the one
 * value only the PC knows; fb_ok says whether that range can be a framebuffer at all. Allocates
 * nothing.
 */
void lg_expect_report(const struct lg_report *rep, const struct lg_kernel *k, struct lg_expect *x);

/*
 * lg_verify - compare every value of rep with x, what it must be (from
 * lg_expect on rep's raw map and k). Appends checks (passed and failed) to
 * *out. Allocates nothing.
 */
void lg_verify(const struct lg_report *rep, const struct lg_kernel *k, const struct lg_expect *x,
               struct lg_checks *out);

/*
 * lg_verify_framing - only the framing checks: version, version (end
 * marker), lines, crc32 (what a damaged copy is judged by).
 */
void lg_verify_framing(const struct lg_report *rep, struct lg_checks *cs);

/* lg_check_add - append one check (printf-style expected and reported texts). */
void lg_check_add(struct lg_checks *cs, const char *name, int ok, const char *expected,
                  const char *reported);

/* lg_kmaprow_text - "va=0x...-0x... pa=0x...-0x... perm=rw pages=N" into buf. */
void lg_kmaprow_text(const struct lg_kmaprow *r, char *buf, size_t cap);

#endif
