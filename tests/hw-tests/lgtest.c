/*
 * lgtest.c - helpers for the grader's unit tests (see lgtest.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib/crc32.h"
#include "tests/hw-tests/lgtest.h"

char *lgt_read(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long size;

    if (!f)
        print_error("cannot open %s (run from the repository root)\n", path);
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    rewind(f);
    buf = malloc((size_t)size + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
    buf[size] = 0;
    fclose(f);
    if (n)
        *n = (size_t)size;
    return buf;
}

/* Append s (len bytes) to the growing buffer *out. */
static void put(char **out, size_t *len, const char *s, size_t n)
{
    *out = realloc(*out, *len + n + 1);
    assert_non_null(*out);
    memcpy(*out + *len, s, n);
    *len += n;
    (*out)[*len] = 0;
}

/* 1 when line is exactly a begin marker, "bootlab-report vN begin". */
static int is_begin(const char *line)
{
    int at = 0;
    return sscanf(line, "bootlab-report v%*u begin%n", &at) == 0 && at > 0 && line[at] == 0;
}

/* 1 when line starts as an end marker, "bootlab-report vN end ..."; *version gets N. */
static int is_end(const char *line, unsigned *version)
{
    int at = 0;
    return sscanf(line, "bootlab-report v%u end %n", version, &at) == 1 && at > 0;
}

/* The end marker again, with the count and CRC of the lines as edited; copy= is kept. */
static void reseal(char *buf, size_t cap, const char *old, unsigned version, uint32_t count,
                   uint32_t crc)
{
    const char *copy = strstr(old, " copy=");
    snprintf(buf, cap, "bootlab-report v%u end lines=%u crc32=0x%08x%s", version, count, crc,
             copy ? copy : "");
}

/* Rewrite text line by line: edit() may replace a report line; the end marker is redone. */
static char *rewrite(const char *text, const char *(*edit)(const char *line, void *arg), void *arg,
                     int recrc)
{
    char *out = NULL, line[1024], end[160];
    size_t len = 0;
    int in = 0;
    unsigned version;
    uint32_t crc = 0, count = 0;

    put(&out, &len, "", 0);
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, "\n");
        const char *nl = p[n] ? "\n" : "";
        snprintf(line, sizeof(line), "%.*s", (int)(n && p[n - 1] == '\r' ? n - 1 : n), p);
        p += n + (p[n] != 0);
        if (is_begin(line))
            in = 1, crc = 0, count = 0;
        if (in && is_end(line, &version) && recrc) {
            reseal(end, sizeof(end), line, version, count, crc);
            put(&out, &len, end, strlen(end));
            put(&out, &len, "\r\n", 2);
            in = 0;
            continue;
        }
        const char *rep = in ? edit(line, arg) : line;
        if (!rep)
            continue;
        put(&out, &len, rep, strlen(rep));
        put(&out, &len, "\r", 1);
        put(&out, &len, nl, strlen(nl));
        crc = crc32_update(crc32_update(crc, rep, strlen(rep)), "\n", 1);
        count++;
        for (const char *q = rep; (q = strchr(q, '\n')); q++)
            count++; /* a replacement may add lines: "boot ...\nnet ..." */
        if (is_end(line, &version))
            in = 0;
    }
    return out;
}

struct edit_arg {
    const char *prefix, *with;
    const char *a, *b;
    char saved_a[256], saved_b[256];
};

static const char *replace_edit(const char *line, void *arg)
{
    struct edit_arg *e = arg;
    return strncmp(line, e->prefix, strlen(e->prefix)) ? line : e->with;
}

char *lgt_edit(const char *text, const char *prefix, const char *with, int recrc)
{
    struct edit_arg e = {.prefix = prefix, .with = with};
    return rewrite(text, replace_edit, &e, recrc);
}

/* Lines a and b trade places: a's slot gets b's saved text and the other way round. */
static const char *swap_edit(const char *line, void *arg)
{
    struct edit_arg *e = arg;
    if (!strncmp(line, e->a, strlen(e->a)))
        return e->saved_b;
    if (!strncmp(line, e->b, strlen(e->b)))
        return e->saved_a;
    return line;
}

/* Find the first line of text that starts with prefix, into buf. */
static void find_line(const char *text, const char *prefix, char *buf, size_t cap)
{
    const char *p = text;
    while (p && strncmp(p, prefix, strlen(prefix)) != 0)
        p = (p = strchr(p, '\n')) ? p + 1 : NULL;
    assert_non_null(p);
    snprintf(buf, cap, "%.*s", (int)strcspn(p, "\r\n"), p);
}

char *lgt_swap(const char *text, const char *a, const char *b)
{
    struct edit_arg e = {.a = a, .b = b};
    find_line(text, a, e.saved_a, sizeof(e.saved_a));
    find_line(text, b, e.saved_b, sizeof(e.saved_b));
    return rewrite(text, swap_edit, &e, 1);
}

struct lg_pc *lgt_grade_as(const void *text, size_t n, const char *name, const char *kernel,
                           const struct lg_inv *inv)
{
    struct lg_pc *pc = calloc(1, sizeof(*pc));
    struct lg_source src = {.kind = LG_SRC_FILE, .timeout = 1};

    assert_non_null(pc);
    snprintf(src.kernel, sizeof(src.kernel), "%s", kernel);
    assert_int_equal(lg_pc_init(pc, name, &src), 0);
    lg_pc_feed(pc, text, n);
    lg_line_flush(&pc->lb);
    lg_pc_grade(pc, inv);
    return pc;
}

struct lg_pc *lgt_grade(const void *text, size_t n)
{
    return lgt_grade_as(text, n, "test", KERNEL, NULL);
}

struct lg_pc *lgt_pass_log(const char *dir, const char *name, const char *kernel)
{
    char path[256];
    snprintf(path, sizeof(path), "%s%s", dir, name);
    char *text = lgt_read(path, NULL);
    struct lg_pc *pc = lgt_grade_as(text, strlen(text), name, kernel, NULL);
    free(text);
    if (pc->verdict != LG_PASS)
        print_error("%s: %s (%s)\n", path, lg_verdict_name(pc->verdict), pc->reason);
    assert_int_equal(pc->verdict, LG_PASS);
    return pc;
}

void lgt_free(struct lg_pc *pc)
{
    lg_pc_free(pc);
    free(pc);
}

const struct lg_check *lgt_check(const struct lg_pc *pc, const char *name)
{
    for (int i = 0; pc->checks && i < pc->checks->n; i++)
        if (!strcmp(pc->checks->c[i].name, name))
            return &pc->checks->c[i];
    return NULL;
}

int lgt_failed(const struct lg_pc *pc, const char *name)
{
    const struct lg_check *c = lgt_check(pc, name);
    return c && !c->ok;
}
