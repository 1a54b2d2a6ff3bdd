/*
 * lg_collect.h - find reports in a stream of console lines.
 *
 * Framing (docs/report-format.md, "Framing"): a report runs from the begin
 * marker, a line that is exactly "bootlab-report vN begin", to the end
 * marker, a line that starts "bootlab-report vN end " (its fields: lines=,
 * crc32= and, from version 2, copy=). Markers are whole lines: a report line
 * that merely contains a marker's text (the free-text cmdline line) is a
 * report line. A log may hold several boots and, from version 2, several
 * copies of one report (sent on request); the last intact copy of the last
 * report is the one to grade. A begin marker with no end marker after it is
 * an incomplete report. Lines such as "stage2: error: ..." or "panic: ..."
 * say why a PC stopped before its report.
 *
 * A complete copy is intact when its end marker is well formed and its line
 * count and CRC-32 match the lines received; otherwise the bytes were
 * damaged on the way (lg_framing says how), and a live console can ask the
 * kernel for another copy (lg_input.c).
 *
 * The collector keeps three reports (the one being read, the last complete
 * one and the last intact one), each at most LG_REPORT_MAX_LINES lines of at
 * most LG_REPORT_LINE bytes, plus a few status lines: its memory does not
 * grow with the input. It computes the CRC-32 of each report as the lines
 * arrive.
 */
#ifndef BOOTLAB_HW_TESTS_LG_COLLECT_H
#define BOOTLAB_HW_TESTS_LG_COLLECT_H

#include <stddef.h>
#include <stdint.h>
#include "hw-tests/lg_line.h"
#include "mm/e820.h"

#define LG_REPORT_LINE 160 /* docs/report-format.md: lines are at most 160 bytes */
/* begin, boot, net, cmdline, raw header + 128, sane header + 256, mem, kernel, khash,
   4 kmap, pt, kalloc, 8 selfcheck-error, selfcheck: 409; room for junk and new lines. */
#define LG_REPORT_MAX_LINES (E820_MAX_RAW + E820_MAX_SANE + 64)
#define LG_FRAMING_TEXT     160 /* why a copy is damaged */

/* The fields of an end marker. */
struct lg_end {
    int version;
    uint32_t lines, crc;
    uint32_t copy; /* 0 when the marker has none (version 1) */
};

/* One report as received: lines[0] is the begin marker; end is the end marker. */
struct lg_lines {
    char (*line)[LG_REPORT_LINE + 1]; /* LG_REPORT_MAX_LINES slots */
    uint32_t n;                       /* lines received (may exceed what is stored) */
    uint32_t crc;                     /* CRC-32 over "line\n" for every line received */
    int too_long;                     /* some line was longer than LG_REPORT_LINE */
    int first_long;                   /* index of the first such line */
    int version;                      /* from the begin marker */
    char end[LG_REPORT_LINE + 1];     /* the end marker (complete reports only) */
};

/* What a PC's console said, so far. */
struct lg_collect {
    struct lg_lines cur;  /* the report being read (when in_report) */
    struct lg_lines done; /* the last complete copy (when complete > 0) */
    struct lg_lines good; /* the last intact copy, if it belongs to the last report */
    int in_report;
    int have_good;                /* good holds the copy to grade */
    int last_intact;              /* the last complete copy (done) is intact */
    char damage[LG_FRAMING_TEXT]; /* why the last complete copy is damaged */
    int boots;                    /* begin markers seen */
    int complete;                 /* end markers that closed a report */
    int damaged;                  /* complete copies that were damaged */
    int repeats;                  /* complete copies with copy= 2 or more (sent on request) */
    int orphan_ends;              /* end markers outside a report (their begin marker was lost) */
    int cut;                      /* reports cut off by a new begin marker (a reboot mid-report) */
    int finished;                 /* an end marker arrived: a live console can be closed */
    int halted;                   /* a line said the PC halted: a live console can be closed */
    int last_version;             /* version of the last marker seen (0: none yet) */
    uint64_t nlines;              /* console lines seen */
    char last[LG_LINE_MAX + 1];   /* the last non-empty line */
    char stop[LG_LINE_MAX + 1];   /* the last line saying why boot stopped ("" if none) */
    int stop_after_report;        /* stop[] came after the last complete report */
    char progress[LG_LINE_MAX + 1]; /* the last loader or kernel progress line */
};

/*
 * lg_collect_init - an empty collector. Allocates the three report buffers
 * (about 3 x 65 KiB). Returns 0, or -1 when memory runs out.
 */
int lg_collect_init(struct lg_collect *c);

/* lg_collect_reset - empty the collector again, keeping its buffers (for a new input). */
void lg_collect_reset(struct lg_collect *c);

/* lg_collect_free - release what lg_collect_init allocated. */
void lg_collect_free(struct lg_collect *c);

/* lg_collect_line - take one console line (an lg_line_fn; arg is the collector). */
void lg_collect_line(const char *line, size_t len, int flags, void *arg);

/*
 * lg_marker - whether line is a report marker: 1 for a begin marker (the
 * whole line "bootlab-report vN begin"), 2 for an end marker (a line that
 * starts "bootlab-report vN end "), 0 for neither. *at is set to line and
 * *version to N.
 */
int lg_marker(const char *line, const char **at, int *version);

/*
 * lg_end_parse - the fields of an end marker: "bootlab-report vN end
 * lines=N crc32=0x(8)" and, for N >= 2, " copy=K" with K >= 1 (version 1
 * has no copy=). Returns 0, or -1 when the line is not exactly that.
 */
int lg_end_parse(const char *line, struct lg_end *e);

/*
 * lg_framing - whether a complete report r arrived intact: its end marker
 * well formed (lg_end_parse), of the begin marker's version, and its count
 * and CRC-32 those of the lines received. Returns 1 if so; else 0 with why
 * (at most LG_FRAMING_TEXT bytes) saying what differs.
 */
int lg_framing(const struct lg_lines *r, char *why, size_t cap);

/* The kind of stop line (docs/report-format.md, "Other lines a reader may meet"). */
#define LG_STOP_REASON 1 /* says why: stage1:, stage2: error:, kernel: error:, panic: */
#define LG_STOP_HALT   2 /* says the PC halted: stage2: halted, kernel: halted */

/* lg_stop_kind - LG_STOP_REASON, LG_STOP_HALT, or 0 for any other line. */
int lg_stop_kind(const char *line);

#endif
