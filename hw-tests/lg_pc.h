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

#define LG_NAME     32
#define LG_PATH     1024
#define LG_REASON   (LG_LINE_MAX + 96)
#define LG_MAXNOTES 4

enum lg_kind { LG_SRC_FILE, LG_SRC_STDIN, LG_SRC_SERIAL, LG_SRC_TCP, LG_SRC_TELNET };

enum lg_verdict {
    LG_PASS,
    LG_FAIL,
    LG_INCOMPLETE,
    LG_STOPPED,
    LG_NOREPORT,
    LG_ERROR,
    LG_WRONGPC, /* a complete report from another PC than the one the seat is pinned to */
    LG_NVERDICT
};

/* Where a PC's console comes from, as given on the command line. */
struct lg_source {
    enum lg_kind kind;
    char path[LG_PATH]; /* file or device; host for TCP */
    char port[16];      /* TCP port */
    char spec[LG_PATH]; /* the INPUT argument as given */
    uint32_t baud;
    char mode[4];   /* "8N1" */
    double timeout; /* seconds from the start of the run */
    int until_eof;  /* read to EOF even after an end marker */
    char kernel[LG_PATH];
};

struct lg_pc {
    char name[LG_NAME];
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
    int timed_out;
    char input_error[256];
    /* grading */
    enum lg_verdict verdict;
    char reason[LG_REASON];
    char key[LG_INV_KEY];
    struct lg_kernel kernel;
    int kernel_ready;      /* the caller filled kernel: do not load src.kernel */
    struct lg_report *rep; /* NULL without a complete report */
    struct lg_expect *exp; /* NULL without a complete report */
    struct lg_checks *checks;
    int nnotes;
    char notes[LG_MAXNOTES][LG_REASON];
};

/* lg_verdict_name - "pass", "FAIL", "incomplete", "stopped", "no-report", "error", "wrong-pc". */
const char *lg_verdict_name(enum lg_verdict v);

/* lg_pc_init - a PC reading src. Allocates its collector; 0 or -1 (out of memory). */
int lg_pc_init(struct lg_pc *pc, const char *name, const struct lg_source *src);

/* lg_pc_free - release what lg_pc_init and lg_pc_grade allocated. */
void lg_pc_free(struct lg_pc *pc);

/* lg_pc_feed - bytes from the console (telnet filtering is the caller's). */
void lg_pc_feed(struct lg_pc *pc, const void *buf, size_t n);

/*
 * lg_pc_grade - decide the verdict once input is over. Loads the kernel ELF
 * named in the source (error verdict if it cannot), parses and verifies the
 * last complete report, checks it against inv (may be NULL). Allocates the
 * report, expectations and checks (freed by lg_pc_free). Returns the verdict.
 */
enum lg_verdict lg_pc_grade(struct lg_pc *pc, const struct lg_inv *inv);

/* lg_pc_note - add an informational note (shown with the verdict). */
void lg_pc_note(struct lg_pc *pc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* lg_safe - copy s into buf with every byte outside printable ASCII replaced by '?'. */
void lg_safe(const char *s, char *buf, size_t cap);

#endif
