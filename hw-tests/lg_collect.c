/*
 * lg_collect.c - reports out of console lines (see lg_collect.h).
 */
#include "hw-tests/lg_collect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hw-tests/lg_num.h"
#include "lib/crc32.h"

#define MARK     "bootlab-report v"
#define MAXFIELD 4

int lg_collect_init(struct lg_collect *c)
{
    memset(c, 0, sizeof(*c));
    c->cur.line = calloc(LG_REPORT_MAX_LINES, sizeof(*c->cur.line));
    c->done.line = calloc(LG_REPORT_MAX_LINES, sizeof(*c->done.line));
    c->good.line = calloc(LG_REPORT_MAX_LINES, sizeof(*c->good.line));
    if (!c->cur.line || !c->done.line || !c->good.line) {
        lg_collect_free(c);
        return -1;
    }
    return 0;
}

void lg_collect_reset(struct lg_collect *c)
{
    char(*cur)[LG_REPORT_LINE + 1] = c->cur.line;
    char(*done)[LG_REPORT_LINE + 1] = c->done.line;
    char(*good)[LG_REPORT_LINE + 1] = c->good.line;

    memset(c, 0, sizeof(*c));
    c->cur.line = cur;
    c->done.line = done;
    c->good.line = good;
}

void lg_collect_free(struct lg_collect *c)
{
    free(c->cur.line);
    free(c->done.line);
    free(c->good.line);
    c->cur.line = c->done.line = c->good.line = NULL;
}

/* Parse a decimal version number at *p (1 to 6 digits); -1 if none. */
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
    const char *p = line + strlen(MARK);

    *at = line;
    if (strncmp(line, MARK, strlen(MARK)) != 0 || (*version = version_at(&p)) < 0)
        return 0;
    if (strcmp(p, " begin") == 0)
        return 1;
    if (strcmp(p, " end") == 0 || strncmp(p, " end ", 5) == 0)
        return 2;
    return 0;
}

/* Split s (modified) at single spaces into at most max fields. Count, or -1 on an empty field. */
static int split(char *s, char **f, int max)
{
    int n = 0;
    for (char *p = s; n < max; p++) {
        f[n++] = p;
        if (!(p = strchr(p, ' ')))
            break;
        *p = 0;
        if (n == max)
            return -1;
    }
    for (int i = 0; i < n; i++)
        if (!f[i][0])
            return -1;
    return n;
}

/* The value of field "key=<decimal>", or -1. */
static int64_t field_dec(const char *f, const char *key)
{
    size_t k = strlen(key);
    uint64_t v;
    if (strncmp(f, key, k) || lg_dec(f + k, UINT32_MAX, &v) < 0)
        return -1;
    return (int64_t)v;
}

int lg_end_parse(const char *line, struct lg_end *e)
{
    char buf[LG_REPORT_LINE + 1], *f[MAXFIELD];
    const char *at;
    uint64_t crc;
    int64_t lines, copy = 0;
    int n;

    memset(e, 0, sizeof(*e));
    if (lg_marker(line, &at, &e->version) != 2 || strlen(line) > LG_REPORT_LINE)
        return -1;
    at = strstr(line, " end") + 4;
    if (*at++ != ' ')
        return -1;
    snprintf(buf, sizeof(buf), "%s", at);
    n = split(buf, f, MAXFIELD);
    if (n != (e->version >= 2 ? 3 : 2) || (lines = field_dec(f[0], "lines=")) < 0 ||
        strncmp(f[1], "crc32=", 6) || lg_hex32(f[1] + 6, 0, &crc) < 0 ||
        (n == 3 && (copy = field_dec(f[2], "copy=")) < 1))
        return -1;
    e->lines = (uint32_t)lines;
    e->crc = (uint32_t)crc;
    e->copy = (uint32_t)copy;
    return 0;
}

int lg_framing(const struct lg_lines *r, char *why, size_t cap)
{
    struct lg_end e;

    if (lg_end_parse(r->end, &e) < 0)
        snprintf(why, cap, "end marker unreadable: \"%.100s\"", r->end);
    else if (e.version != r->version)
        snprintf(why, cap, "end marker of version %d after a begin marker of version %d", e.version,
                 r->version);
    else if (e.lines != r->n)
        snprintf(why, cap, "lines: %u received, the end marker says %u", r->n, e.lines);
    else if (e.crc != r->crc)
        snprintf(why, cap, "crc32: 0x%08x received, the end marker says 0x%08x", r->crc, e.crc);
    else
        return 1;
    return 0;
}

int lg_stop_kind(const char *line)
{
    if (!strncmp(line, "stage1: ", 8) || !strncmp(line, "stage2: error:", 14) ||
        !strncmp(line, "kernel: error:", 14) || !strncmp(line, "panic: ", 7))
        return LG_STOP_REASON;
    if (!strcmp(line, "stage2: halted") || !strcmp(line, "kernel: halted"))
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

/* Copy report src into dst (whose line buffer stays its own). */
static void lines_copy(struct lg_lines *dst, const struct lg_lines *src)
{
    char(*keep)[LG_REPORT_LINE + 1] = dst->line;
    uint32_t n = src->n < LG_REPORT_MAX_LINES ? src->n : LG_REPORT_MAX_LINES;

    memcpy(keep, src->line, n * sizeof(*keep));
    *dst = *src;
    dst->line = keep;
}

/* Start a new report at a begin marker. */
static void begin(struct lg_collect *c, const char *line, int version)
{
    if (c->in_report)
        c->cut++;
    c->in_report = 1;
    c->boots++;
    c->cur.n = 0;
    c->cur.crc = 0;
    c->cur.too_long = 0;
    c->cur.version = version;
    lines_add(&c->cur, line, strlen(line), 0);
}

/* The copy number an end marker claims (0 if unreadable or version 1). */
static uint32_t claimed_copy(const char *line)
{
    struct lg_end e;
    return lg_end_parse(line, &e) == 0 ? e.copy : 0;
}

/*
 * After a damaged copy (or a lost begin marker): an intact copy kept from
 * before stays the one to grade only if this was a copy sent on request
 * (copy= 2 or more) of the same report; copy 1 starts a new boot's report.
 */
static void damaged(struct lg_collect *c, const char *end_line)
{
    c->damaged++;
    c->last_intact = 0;
    if (claimed_copy(end_line) < 2)
        c->have_good = 0;
}

/* Close the current report at its end marker: it becomes the last complete copy. */
static void end(struct lg_collect *c, const char *line)
{
    struct lg_lines t = c->done;

    c->done = c->cur;
    c->cur = t;
    snprintf(c->done.end, sizeof(c->done.end), "%.*s", LG_REPORT_LINE, line);
    c->in_report = 0;
    c->complete++;
    c->finished = 1;
    c->stop_after_report = 0;
    c->repeats += claimed_copy(line) >= 2;
    if (lg_framing(&c->done, c->damage, sizeof(c->damage))) {
        lines_copy(&c->good, &c->done);
        c->have_good = 1;
        c->last_intact = 1;
    } else {
        damaged(c, line);
    }
}

/* An end marker outside a report: its begin marker was damaged. */
static void orphan_end(struct lg_collect *c, const char *line)
{
    c->orphan_ends++;
    c->finished = 1;
    snprintf(c->damage, sizeof(c->damage), "an end marker without its begin marker: \"%.100s\"",
             line);
    damaged(c, line);
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
    if (!strncmp(line, "stage2: ", 8) || !strncmp(line, "kernel: ", 8))
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
    if (kind)
        c->last_version = version;
    if (kind == 1)
        begin(c, line, version);
    else if (kind == 2 && c->in_report)
        end(c, line);
    else if (kind == 2)
        orphan_end(c, line);
    else if (c->in_report)
        lines_add(&c->cur, line, len, flags);
    /* A stop line inside a report is part of it (and breaks it), and still says why. */
    if (kind == 0 && (!c->in_report || lg_stop_kind(line)))
        console_line(c, line);
}
