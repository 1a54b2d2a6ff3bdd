/*
 * lg_line.h - turn the raw bytes of a console into lines (the grader's first step).
 *
 * Real consoles carry more than the kernel's text: BIOS and iPXE banners,
 * ANSI escape sequences (ECMA-48 CSI, OSC, two-byte ESC codes), CR LF line
 * ends, NUL padding and line noise. The assembler drops escapes, NUL, CR and
 * other C0 controls (TAB is kept), keeps every other byte, and hands each
 * line to a callback without its newline. Memory is bounded: a line longer
 * than LG_LINE_MAX bytes is cut there and marked truncated; the rest of it,
 * up to the next LF, is dropped.
 */
#ifndef BOOTLAB_HW_TESTS_LG_LINE_H
#define BOOTLAB_HW_TESTS_LG_LINE_H

#include <stddef.h>

#define LG_LINE_MAX 512 /* longest console line kept, newline excluded */

/* Flags passed with a line. */
#define LG_LINE_TRUNCATED 0x1 /* the line was longer than LG_LINE_MAX */
#define LG_LINE_PARTIAL   0x2 /* flushed at the end of input without a newline */

typedef void (*lg_line_fn)(const char *line, size_t len, int flags, void *arg);

struct lg_line {
    char buf[LG_LINE_MAX + 1];
    size_t len;
    int truncated;
    int esc;         /* escape-sequence state (lg_line.c) */
    unsigned esclen; /* bytes inside the current escape sequence */
    lg_line_fn fn;
    void *arg;
};

/* lg_line_init - an empty assembler that calls fn(line, len, flags, arg). */
void lg_line_init(struct lg_line *lb, lg_line_fn fn, void *arg);

/* lg_line_feed - take n bytes; calls fn for every line they complete. */
void lg_line_feed(struct lg_line *lb, const void *data, size_t n);

/* lg_line_flush - at the end of input, pass on a pending partial line (if any). */
void lg_line_flush(struct lg_line *lb);

#endif
