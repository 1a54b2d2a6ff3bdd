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

/* The report version of a begin or end marker in line ("bootlab-report vN begin|end"), or 0. */
static int marker(const char *line, const char *what)
{
    const char *m = strstr(line, "bootlab-report v");
    char tail[8];
    int v;
    if (!m || sscanf(m, "bootlab-report v%d %7s", &v, tail) != 2 || strcmp(tail, what))
        return 0;
    return v;
}

/* Rewrite text line by line: edit() may replace a report line; the end marker is redone. */
static char *rewrite(const char *text, const char *(*edit)(const char *line, void *arg), void *arg,
                     int recrc)
{
    char *out = NULL, line[1024], end[128];
    size_t len = 0;
    int in = 0, version = 0;
    uint32_t crc = 0, count = 0;

    put(&out, &len, "", 0);
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, "\n");
        const char *nl = p[n] ? "\n" : "";
        snprintf(line, sizeof(line), "%.*s", (int)(n && p[n - 1] == '\r' ? n - 1 : n), p);
        p += n + (p[n] != 0);
        if (marker(line, "begin"))
            in = 1, crc = 0, count = 0, version = marker(line, "begin");
        if (in && marker(line, "end") && recrc) {
            snprintf(end, sizeof(end), "bootlab-report v%d end lines=%u crc32=0x%08x", version,
                     count, crc);
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
        if (marker(line, "end"))
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

struct lg_pc *lgt_grade_with(const void *text, size_t n, const char *kernel,
                             const struct lg_inv *inv)
{
    struct lg_pc *pc = calloc(1, sizeof(*pc));
    struct lg_source src = {.kind = LG_SRC_FILE, .timeout = 1};

    assert_non_null(pc);
    snprintf(src.kernel, sizeof(src.kernel), "%s", kernel);
    assert_int_equal(lg_pc_init(pc, "test", &src), 0);
    lg_pc_feed(pc, text, n);
    lg_line_flush(&pc->lb);
    lg_pc_grade(pc, inv);
    return pc;
}

struct lg_pc *lgt_grade(const void *text, size_t n)
{
    return lgt_grade_with(text, n, KERNEL, NULL);
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
