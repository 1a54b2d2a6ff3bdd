/*
 * lg_collect.h - find reports in a stream of console lines.
 *
 * Framing (docs/report-format.md, "Framing"): a report runs from the begin
 * marker "bootlab-report vN begin" to the end marker "bootlab-report vN end
 * lines=N crc32=0x...". A log may hold several boots; the last complete
 * report is the one to grade. A begin marker with no end marker after it is
 * an incomplete report. Lines such as "stage2: error: ..." or "panic: ..."
 * say why a PC stopped before its report.
 *
 * The collector keeps two reports (the one being read and the last complete
 * one), each at most LG_REPORT_MAX_LINES lines of at most LG_REPORT_LINE
 * bytes, plus a few status lines: its memory does not grow with the input.
 * It computes the CRC-32 of each report as the lines arrive.
 */
#ifndef BOOTLAB_HW_TESTS_LG_COLLECT_H
#define BOOTLAB_HW_TESTS_LG_COLLECT_H

#include <stddef.h>
#include <stdint.h>
#include "hw-tests/lg_line.h"
#include "include/bootinfo.h"
#include "mm/e820.h"

#define LG_REPORT_LINE 160 /* docs/report-format.md: lines are at most 160 bytes */
/* begin, boot, net, secureboot, cmdline, raw header + 512 (UEFI descriptors; E820:
   128), sane header + 256, mem, kernel, 5 kmap, pt, kalloc, 8 selfcheck-error,
   selfcheck: 794; room for junk. */
#define LG_REPORT_MAX_LINES (BOOTINFO_EFI_MAX + E820_MAX_SANE + 64)

/* One report as received: lines[0] is the begin marker; end is the end marker. */
struct lg_lines {
    char (*line)[LG_REPORT_LINE + 1]; /* LG_REPORT_MAX_LINES slots */
    uint32_t n;                       /* lines received (may exceed what is stored) */
    uint32_t crc;                     /* CRC-32 over "line\n" for every line received */
    int too_long;                     /* some line was longer than LG_REPORT_LINE */
    int first_long;                   /* index of the first such line */
    char end[LG_REPORT_LINE + 1];     /* the end marker (complete reports only) */
};

/* What a PC's console said, so far. */
struct lg_collect {
    struct lg_lines cur;  /* the report being read (when in_report) */
    struct lg_lines done; /* the last complete report (when complete > 0) */
    int in_report;
    int boots;                  /* begin markers seen */
    int complete;               /* end markers that closed a report */
    int cut;                    /* reports cut off by a new begin marker (a reboot mid-report) */
    int finished;               /* an end marker arrived: a live console can be closed */
    int halted;                 /* a line said the PC halted: a live console can be closed */
    uint64_t nlines;            /* console lines seen */
    char last[LG_LINE_MAX + 1]; /* the last non-empty line */
    char stop[LG_LINE_MAX + 1]; /* the last line saying why boot stopped ("" if none) */
    int stop_after_report;      /* stop[] came after the last complete report */
    char progress[LG_LINE_MAX + 1]; /* the last loader or kernel progress line */
};

/*
 * lg_collect_init - an empty collector. Allocates the two report buffers
 * (about 2 x 65 KiB). Returns 0, or -1 when memory runs out.
 */
int lg_collect_init(struct lg_collect *c);

/* lg_collect_reset - empty the collector again, keeping its buffers (for a new input). */
void lg_collect_reset(struct lg_collect *c);

/* lg_collect_free - release what lg_collect_init allocated. */
void lg_collect_free(struct lg_collect *c);

/* lg_collect_line - take one console line (an lg_line_fn; arg is the collector). */
void lg_collect_line(const char *line, size_t len, int flags, void *arg);

/*
 * lg_marker - find a report marker in line. Returns 1 for a begin marker, 2
 * for an end marker, 0 for neither; *at is set to where the marker starts
 * (text before it on the same line is console noise) and *version to N.
 */
int lg_marker(const char *line, const char **at, int *version);

/* The kind of stop line (docs/report-format.md, "Other lines a reader may meet"). */
#define LG_STOP_REASON                                                                             \
    1                  /* says why: stage1:, stage2: error:, uefi: error:, kernel: error:, panic: */
#define LG_STOP_HALT 2 /* says the PC halted: stage2: halted, uefi: halted, kernel: halted */

/* lg_stop_kind - LG_STOP_REASON, LG_STOP_HALT, or 0 for any other line. */
int lg_stop_kind(const char *line);

#endif
