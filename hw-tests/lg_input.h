/*
 * lg_input.h - read every PC's console at once: files, stdin, serial ports
 * and ptys, raw TCP and telnet console ports, multiplexed with poll(2).
 *
 * Each input has its own timeout (seconds from the start of the run, or with
 * wait= from the console's first byte, which it waits for that long). A live
 * input (serial, pty, TCP, a pipe on stdin) is finished as soon as an intact
 * report has arrived, or a line says the PC halted, unless it was asked to
 * read until EOF; a file is read to its end.
 *
 * A console that can be written to (serial, pty, TCP) is asked for another
 * copy of a damaged report: the request byte LG_REQUEST, sent when a copy
 * ends damaged (lg_framing), when an end marker comes without its begin
 * marker, and when a report stops short for resend_wait seconds (its end
 * marker was lost). A request that gets no copy within resend_wait seconds
 * counts too. After src.resend requests the input is finished.
 */
#ifndef BOOTLAB_HW_TESTS_LG_INPUT_H
#define BOOTLAB_HW_TESTS_LG_INPUT_H

#include <stdio.h>
#include "hw-tests/lg_pc.h"

/*
 * lg_source_parse - parse an INPUT argument "[NAME=]SOURCE[,OPTION...]"
 * (docs/grading.md, labgrade --help) into *src and name (may stay empty).
 * Defaults for options come from *defaults. Returns 0, or -1 with a message
 * in err.
 */
int lg_source_parse(const char *arg, const struct lg_source *defaults, struct lg_source *src,
                    char *name, size_t namecap, char *err, size_t errlen);

/* lg_default_name - a PC name from its source (file base name, host:port, "stdin"). */
void lg_default_name(const struct lg_source *src, char *name, size_t cap);

/*
 * What lg_run tells its caller while it reads: update() with ended = the PC
 * whose input has just ended (once for each PC), and with ended = NULL
 * after every round of reading, at least every LG_PROGRESS_MS.
 */
struct lg_progress {
    void (*update)(struct lg_pc *pcs, int n, struct lg_pc *ended, void *arg);
    void *arg;
};
#define LG_PROGRESS_MS 250

/*
 * lg_run - open every PC's input and read them all until each is finished,
 * failed or timed out. live: print console lines to out as they arrive.
 * prog: told about progress (may be NULL). Sets each PC's times, timed_out
 * and input_error. Returns when all are done.
 */
void lg_run(struct lg_pc *pcs, int n, int live, FILE *out, const struct lg_progress *prog);

/* lg_now - seconds on the monotonic clock. */
double lg_now(void);

#endif
