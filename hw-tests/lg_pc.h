/*
 * lg_pc.h - one lab PC as the grader sees it: its console input, what the
 * console said, and the verdict.
 */
#ifndef BOOTLAB_HW_TESTS_LG_PC_H
#define BOOTLAB_HW_TESTS_LG_PC_H

#include <stdint.h>
#include <stdio.h>
#include "hw-tests/lg_check.h"
#include "hw-tests/lg_collect.h"
#include "hw-tests/lg_elf.h"
#include "hw-tests/lg_inv.h"
#include "hw-tests/lg_line.h"
#include "hw-tests/lg_parse.h"
#include "hw-tests/lg_telnet.h"
#include "hw-tests/lg_verdict.h"

#define LG_NAME     32
#define LG_PATH     1024
#define LG_REASON   (LG_LINE_MAX + 96)
#define LG_MAXNOTES 4
#define LG_TAIL     12 /* console lines kept for the HTML's console tail */

enum lg_kind { LG_SRC_FILE, LG_SRC_STDIN, LG_SRC_SERIAL, LG_SRC_TCP, LG_SRC_TELNET };

/* The byte that asks a halted kernel for another copy (docs/report-format.md): ENQ. */
#define LG_REQUEST 0x05

/* Where a PC's console comes from, as given on the command line. */
struct lg_source {
    enum lg_kind kind;
    char path[LG_PATH]; /* file or device; host for TCP */
    char port[16];      /* TCP port */
    char spec[LG_PATH]; /* the INPUT argument as given */
    uint32_t baud;
    char mode[4];   /* "8N1" */
    double timeout; /* seconds from the start of the run, or from the first byte (wait > 0) */
    double wait;    /* > 0: the timeout starts when the console first speaks, at most this late */
    int until_eof;  /* read to EOF even after an end marker */
    char kernel[LG_PATH];
    int resend;         /* requests for another copy allowed (0: never ask) */
    double resend_wait; /* seconds of silence before asking again (or giving up) */
};

struct lg_pc {
    char name[LG_NAME];
    char student[LG_NAME]; /* who sits there (the manifest), "" when unknown */
    struct lg_source src;
    /* reading */
    int fd;
    int connecting; /* TCP connect in progress */
    int open;       /* still being read */
    struct lg_telnet *telnet;
    struct lg_line lb;
    struct lg_collect col;
    FILE *live;                     /* print console lines here as they arrive (or NULL) */
    double t0;                      /* lg_now() at the start of the run */
    double t_start, t_first, t_end; /* seconds since the run began; t_first < 0: no byte yet */
    uint64_t bytes;
    uint64_t unprintable; /* bytes no text has: a console at the wrong speed sends mostly these */
    char tail[LG_TAIL][LG_REPORT_LINE + 1]; /* the last non-empty console lines, a ring */
    int ntail;                              /* lines in the ring (at most LG_TAIL) */
    int tail_next;                          /* where the next line goes */
    int timed_out;
    char input_error[256];
    /* asking for copies (lg_input.c) */
    double t_last;  /* seconds since the run began when the last byte came */
    double t_asked; /* when the last request was sent */
    int asking;     /* a request is out and no end marker came since */
    int requests;   /* requests sent */
    /* grading */
    enum lg_verdict verdict;
    char reason[LG_REASON];
    char key[LG_INV_KEY];
    struct lg_kernel kernel;
    int kernel_ready;             /* the caller filled kernel: do not load src.kernel */
    char kernel_error[LG_REASON]; /* the caller could not load it: the verdict is error */
    int graded;                   /* lg_pc_grade has run */
    struct lg_report *rep;        /* NULL without a complete report */
    struct lg_expect *exp;        /* NULL without a complete report */
    struct lg_checks *checks;
    int nnotes;
    char notes[LG_MAXNOTES][LG_REASON];
};

/* lg_pc_init - a PC reading src. Allocates its collector; 0 or -1 (out of memory). */
int lg_pc_init(struct lg_pc *pc, const char *name, const struct lg_source *src);

/* lg_pc_free - release what lg_pc_init and lg_pc_grade allocated. */
void lg_pc_free(struct lg_pc *pc);

/* lg_pc_feed - bytes from the console (telnet filtering is the caller's). */
void lg_pc_feed(struct lg_pc *pc, const void *buf, size_t n);

/* lg_pc_line - one console line (an lg_line_fn; arg is the PC): kept in the tail, collected. */
void lg_pc_line(const char *line, size_t len, int flags, void *arg);

/* lg_pc_tail - the i-th of the last console lines, oldest first (i < pc->ntail). */
const char *lg_pc_tail(const struct lg_pc *pc, int i);

/* lg_pc_label - "name" or "name (student)" into buf, for every output. */
const char *lg_pc_label(const struct lg_pc *pc, char *buf, size_t cap);

/*
 * lg_pc_grade - decide the verdict once input is over. Loads the kernel ELF
 * named in the source (error verdict if it cannot), parses and verifies the
 * last complete report, checks it against inv (may be NULL). Allocates the
 * report, expectations and checks (freed by lg_pc_free). Returns the verdict.
 */
enum lg_verdict lg_pc_grade(struct lg_pc *pc, const struct lg_inv *inv);

/*
 * lg_pc_can_ask - 1 when this PC can be asked for another copy of its
 * report: a serial port, pty or TCP console (not a file or standard input),
 * asking not switched off (resend > 0), and a kernel of report version 2 or
 * later (the last marker says which). Else 0, with why in why[0..cap).
 */
int lg_pc_can_ask(const struct lg_pc *pc, char *why, size_t cap);

/*
 * lg_pc_should_ask - after an end marker (the collector's 'finished'): 1
 * when the copy that came is damaged (nothing intact to grade), the PC can
 * be asked, and requests remain; else 0.
 */
int lg_pc_should_ask(const struct lg_pc *pc);

/* lg_pc_note - add an informational note (shown with the verdict). */
void lg_pc_note(struct lg_pc *pc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* lg_safe - copy s into buf with every byte outside printable ASCII replaced by '?'. */
void lg_safe(const char *s, char *buf, size_t cap);

#endif
