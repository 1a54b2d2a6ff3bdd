/*
 * lg_line.c - console bytes to lines (see lg_line.h).
 *
 * Escape sequences follow ECMA-48 (5th ed.) section 5.3/5.4: ESC [ starts a
 * control sequence (CSI) of parameter bytes 0x30-0x3F and intermediate bytes
 * 0x20-0x2F, ended by one final byte 0x40-0x7E; ESC ] starts an operating
 * system command (OSC) ended by BEL or ESC \ (ST); ESC followed by
 * intermediates 0x20-0x2F and one final byte is a short escape (e.g. the
 * character-set switch ESC ( B). A sequence longer than ESC_MAX bytes is
 * abandoned, so noise that looks like an unterminated escape cannot swallow
 * the console.
 */
#include "hw-tests/lg_line.h"

#include <string.h>

#define ESC_MAX 256

enum { S_TEXT, S_ESC, S_CSI, S_OSC, S_OSC_ESC };

void lg_line_init(struct lg_line *lb, lg_line_fn fn, void *arg)
{
    memset(lb, 0, sizeof(*lb));
    lb->fn = fn;
    lb->arg = arg;
}

/* Pass the current line on (with flags) and start an empty one. */
static void emit(struct lg_line *lb, int flags)
{
    lb->buf[lb->len] = 0;
    lb->fn(lb->buf, lb->len, flags | (lb->truncated ? LG_LINE_TRUNCATED : 0), lb->arg);
    lb->len = 0;
    lb->truncated = 0;
}

/* A text byte: LF ends the line, controls are dropped, the rest is kept (bounded). */
static void text_byte(struct lg_line *lb, unsigned char c)
{
    if (c == '\n') {
        emit(lb, 0);
    } else if (c == 0x1B) {
        lb->esc = S_ESC;
        lb->esclen = 0;
    } else if ((c < 0x20 && c != '\t') || c == 0x7F) {
        return; /* NUL, CR, BEL, BS, ...: not part of any line */
    } else if (lb->len < LG_LINE_MAX) {
        lb->buf[lb->len++] = (char)c;
    } else {
        lb->truncated = 1;
    }
}

/* The byte after ESC: pick the kind of sequence, or end a short one. */
static int after_esc(unsigned char c)
{
    if (c == '[')
        return S_CSI;
    if (c == ']')
        return S_OSC;
    if (c >= 0x20 && c <= 0x2F)
        return S_ESC; /* intermediate byte: the final byte follows */
    return S_TEXT;    /* final byte of a two-byte sequence (or garbage: drop it) */
}

/* One byte inside an escape sequence; returns the next state. */
static int escape_byte(int state, unsigned char c)
{
    switch (state) {
    case S_ESC:
        return after_esc(c);
    case S_CSI:
        if (c >= 0x20 && c <= 0x3F)
            return S_CSI;
        return S_TEXT; /* final byte 0x40-0x7E, or a byte that cancels the sequence */
    case S_OSC:
        if (c == 0x07)
            return S_TEXT;
        return c == 0x1B ? S_OSC_ESC : S_OSC;
    default: /* S_OSC_ESC: ESC \ is ST; anything else stays in the string */
        return c == '\\' ? S_TEXT : S_OSC;
    }
}

void lg_line_feed(struct lg_line *lb, const void *data, size_t n)
{
    const unsigned char *p = data;

    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (lb->esc == S_TEXT) {
            text_byte(lb, c);
            continue;
        }
        /* A newline always ends a line, even inside a broken escape sequence. */
        if (c == '\n' || ++lb->esclen > ESC_MAX) {
            lb->esc = S_TEXT;
            text_byte(lb, c);
            continue;
        }
        lb->esc = escape_byte(lb->esc, c);
    }
}

void lg_line_flush(struct lg_line *lb)
{
    if (lb->len > 0 || lb->truncated)
        emit(lb, LG_LINE_PARTIAL);
    lb->esc = S_TEXT;
}
