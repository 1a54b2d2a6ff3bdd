/*
 * lg_collect.c - reports out of console lines (see lg_collect.h).
 */
#include "hw-tests/lg_collect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib/crc32.h"

#define MARK "bootlab-report v"

int lg_collect_init(struct lg_collect *c)
{
    memset(c, 0, sizeof(*c));
    c->cur.line = calloc(LG_REPORT_MAX_LINES, sizeof(*c->cur.line));
    c->done.line = calloc(LG_REPORT_MAX_LINES, sizeof(*c->done.line));
    if (!c->cur.line || !c->done.line) {
        lg_collect_free(c);
        return -1;
    }
    return 0;
}

void lg_collect_reset(struct lg_collect *c)
{
    char(*cur)[LG_REPORT_LINE + 1] = c->cur.line, (*done)[LG_REPORT_LINE + 1] = c->done.line;

    memset(c, 0, sizeof(*c));
    c->cur.line = cur;
    c->done.line = done;
}

void lg_collect_free(struct lg_collect *c)
{
    free(c->cur.line);
    free(c->done.line);
    c->cur.line = c->done.line = NULL;
}

/* Parse a decimal version number at *p (at most 6 digits); -1 if none. */
static int version_at(const char **p)
{
    int v = 0, digits = 0;
    while (**p >= '0' && **p <= '9' && digits < 6) {
        v = v * 10 + (**p - '0');
        (*p)++;
        digits++;
    }
    return digits ? v : -1;
}

int lg_marker(const char *line, const char **at, int *version)
{
    const char *m = strstr(line, MARK), *p;

    for (; m; m = strstr(m + 1, MARK)) {
        p = m + strlen(MARK);
        if ((*version = version_at(&p)) < 0)
            continue;
        *at = m;
        if (strcmp(p, " begin") == 0)
            return 1;
        if (strncmp(p, " end ", 5) == 0)
            return 2;
    }
    return 0;
}

int lg_stop_kind(const char *line)
{
    if (!strncmp(line, "stage1: ", 8) || !strncmp(line, "stage2: error:", 14) ||
        !strncmp(line, "uefi: error:", 12) || !strncmp(line, "kernel: error:", 14) ||
        !strncmp(line, "panic: ", 7))
        return LG_STOP_REASON;
    if (!strcmp(line, "stage2: halted") || !strcmp(line, "uefi: halted") ||
        !strcmp(line, "kernel: halted"))
        return LG_STOP_HALT;
    return 0;
}

/* Append one line to a report: CRC over all of it, a bounded copy kept. */
static void lines_add(struct lg_lines *r, const char *line, size_t len, int flags)
{
    static const char nl = '\n';

    r->crc = crc32_update(r->crc, line, len);
    r->crc = crc32_update(r->crc, &nl, 1);
    if ((len > LG_REPORT_LINE || (flags & LG_LINE_TRUNCATED)) && !r->too_long) {
        r->too_long = 1;
        r->first_long = (int)r->n;
    }
    if (r->n < LG_REPORT_MAX_LINES) {
        size_t keep = len < LG_REPORT_LINE ? len : LG_REPORT_LINE;
        memcpy(r->line[r->n], line, keep);
        r->line[r->n][keep] = 0;
    }
    r->n++;
}

/* Start a new report at a begin marker. */
static void begin(struct lg_collect *c, const char *at)
{
    if (c->in_report)
        c->cut++;
    c->in_report = 1;
    c->boots++;
    c->cur.n = 0;
    c->cur.crc = 0;
    c->cur.too_long = 0;
    lines_add(&c->cur, at, strlen(at), 0);
}

/* Close the current report at its end marker: it becomes the last complete one. */
static void end(struct lg_collect *c, const char *at)
{
    struct lg_lines t = c->done;

    c->done = c->cur;
    c->cur = t;
    snprintf(c->done.end, sizeof(c->done.end), "%.*s", LG_REPORT_LINE, at);
    c->in_report = 0;
    c->complete++;
    c->finished = 1;
    c->stop_after_report = 0;
}

/* A line outside any report: remember stop reasons and progress. */
static void console_line(struct lg_collect *c, const char *line)
{
    int kind = lg_stop_kind(line);

    if (kind == LG_STOP_REASON) {
        snprintf(c->stop, sizeof(c->stop), "%s", line);
        c->stop_after_report = c->complete > 0;
    }
    if (kind != 0 &&
        (kind == LG_STOP_HALT || !strncmp(line, "panic: ", 7) || !strncmp(line, "stage1: ", 8)))
        c->halted = 1;
    if (!strncmp(line, "stage2: ", 8) || !strncmp(line, "uefi: ", 6) ||
        !strncmp(line, "kernel: ", 8))
        snprintf(c->progress, sizeof(c->progress), "%s", line);
}

void lg_collect_line(const char *line, size_t len, int flags, void *arg)
{
    struct lg_collect *c = arg;
    const char *at;
    int version, kind;

    c->nlines++;
    if (len > 0)
        snprintf(c->last, sizeof(c->last), "%s", line);
    kind = lg_marker(line, &at, &version);
    if (kind == 1)
        begin(c, at);
    else if (kind == 2 && c->in_report)
        end(c, at);
    else if (c->in_report)
        lines_add(&c->cur, line, len, flags);
    /* A stop line inside a report is part of it (and breaks it), and still says why. */
    if (kind == 0 && (!c->in_report || lg_stop_kind(line)))
        console_line(c, line);
}
