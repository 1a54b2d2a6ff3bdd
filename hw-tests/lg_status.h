/*
 * lg_status.h - one status line per PC while labgrade reads the consoles:
 * waiting (no byte yet), booting (the last loader or kernel line), report
 * (lines received), then the verdict. On a terminal the lines are redrawn
 * in place (ANSI: cursor up, erase line); elsewhere a plain line is printed
 * when a PC's state changes, for live inputs only (a file is read at once).
 */
#ifndef BOOTLAB_HW_TESTS_LG_STATUS_H
#define BOOTLAB_HW_TESTS_LG_STATUS_H

#include <stdio.h>
#include "hw-tests/lg_pc.h"

enum lg_state { LG_ST_WAITING, LG_ST_BOOTING, LG_ST_REPORT, LG_ST_READ, LG_ST_GRADED };

struct lg_status {
    FILE *f;
    int tty;             /* redraw in place */
    int width;           /* columns of the terminal */
    int drawn;           /* lines drawn by the last redraw */
    enum lg_state *last; /* each PC's state when last printed (plain mode) */
};

/*
 * lg_status_init - status lines for n PCs on f; tty: in place. Allocates
 * (lg_status_free). Returns 0, or -1 when memory runs out.
 */
int lg_status_init(struct lg_status *s, FILE *f, int tty, int n);

/* lg_status_update - redraw (tty) or print the PCs whose state changed (plain). */
void lg_status_update(struct lg_status *s, const struct lg_pc *pcs, int n);

/* lg_status_free - release what lg_status_init allocated. */
void lg_status_free(struct lg_status *s);

/* lg_pc_state - where a PC is: waiting, booting, report, read (not graded yet), graded. */
enum lg_state lg_pc_state(const struct lg_pc *pc);

/* lg_status_text - a PC's status line (without a newline) into buf. */
void lg_status_text(const struct lg_pc *pc, double now, char *buf, size_t cap);

#endif
