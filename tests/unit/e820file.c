/*
 * e820file.c - read E820 tables from text files (host tests only).
 * The format and the contracts are in e820file.h.
 */
#define _GNU_SOURCE /* getline() */
#include "tests/unit/e820file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One line being parsed: p walks toward end (the comment or the line's end). */
struct cursor {
    const char *p;
    const char *end;
};

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static void skip_space(struct cursor *c)
{
    while (c->p < c->end && is_space(*c->p))
        c->p++;
}

/* 1 when the cursor is at the end of a field: the end of the line or a space. */
static int at_field_end(const struct cursor *c)
{
    return c->p == c->end || is_space(*c->p);
}

/* The value of hex digit ch, or -1. */
static int hex_digit(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/*
 * parse_hex - read "0x<hex digits>" ending at a space or the line's end.
 * Returns 0, or -1 with *why set (no 0x prefix, no digits, a bad digit, a
 * value above 2^64 - 1).
 */
static int parse_hex(struct cursor *c, uint64_t *v, const char **why)
{
    int d, ndigits = 0;

    *v = 0;
    if (c->end - c->p < 2 || c->p[0] != '0' || (c->p[1] != 'x' && c->p[1] != 'X')) {
        *why = "expected a 0x-prefixed hex number";
        return -1;
    }
    for (c->p += 2; !at_field_end(c); c->p++, ndigits++) {
        if ((d = hex_digit(*c->p)) < 0) {
            *why = "bad hex digit";
            return -1;
        }
        if (*v > (UINT64_MAX >> 4)) {
            *why = "hex number does not fit in 64 bits";
            return -1;
        }
        *v = (*v << 4) | (uint64_t)d;
    }
    if (ndigits == 0)
        *why = "0x without hex digits";
    return ndigits ? 0 : -1;
}

/*
 * parse_type - read a decimal type ending at a space or the line's end.
 * Returns 0, or -1 with *why set (not a number, above 2^32 - 1).
 */
static int parse_type(struct cursor *c, uint32_t *v, const char **why)
{
    uint64_t x = 0;
    int ndigits = 0;

    for (; !at_field_end(c); c->p++, ndigits++) {
        if (*c->p < '0' || *c->p > '9') {
            *why = "expected a decimal type";
            return -1;
        }
        x = x * 10 + (uint64_t)(*c->p - '0');
        if (x > UINT32_MAX) {
            *why = "type does not fit in 32 bits";
            return -1;
        }
    }
    *v = (uint32_t)x;
    if (ndigits == 0)
        *why = "missing type";
    return ndigits ? 0 : -1;
}

/* Read the three fields of a non-blank line into start, end, type. */
static int parse_fields(struct cursor *c, uint64_t *start, uint64_t *end, uint32_t *type,
                        const char **why)
{
    if (parse_hex(c, start, why) < 0)
        return -1;
    skip_space(c);
    if (parse_hex(c, end, why) < 0)
        return -1;
    skip_space(c);
    if (c->p == c->end) {
        *why = "missing type";
        return -1;
    }
    if (parse_type(c, type, why) < 0)
        return -1;
    skip_space(c);
    if (c->p != c->end) {
        *why = "unexpected text after the type";
        return -1;
    }
    return 0;
}

int e820file_parse_line(const char *line, struct e820_entry *e, const char **why)
{
    const char *hash = strchr(line, '#');
    struct cursor c = {line, hash ? hash : line + strlen(line)};
    uint64_t start, end;
    uint32_t type;

    skip_space(&c);
    if (c.p == c.end)
        return 0;
    if (parse_fields(&c, &start, &end, &type, why) < 0)
        return -1;
    if (end < start) {
        *why = "end below start";
        return -1;
    }
    e->base = start;
    e->length = end - start;
    e->type = type;
    e->attr = E820_ATTR_ENABLED;
    return 1;
}

/* Parse one line read by getline(): len bytes, which must hold no NUL byte. */
static int load_line(const char *line, size_t len, struct e820_entry *e, const char **why)
{
    if (memchr(line, '\0', len)) {
        *why = "NUL byte in line";
        return -1;
    }
    return e820file_parse_line(line, e, why);
}

/* Read every line of f into out; on error report path:lineno and return -1. */
static int load_stream(FILE *f, const char *path, struct e820_entry *out, int cap)
{
    char *line = NULL;
    size_t size = 0;
    ssize_t len;
    int n = 0, lineno = 0, r = 0;
    const char *why = NULL;
    struct e820_entry e;

    while (r >= 0 && (len = getline(&line, &size, f)) >= 0) {
        lineno++;
        r = load_line(line, (size_t)len, &e, &why);
        if (r > 0 && n >= cap) {
            why = "more entries than the caller has room for";
            r = -1;
        }
        if (r > 0)
            out[n++] = e;
    }
    free(line);
    if (r >= 0 && ferror(f)) {
        why = "read error";
        r = -1;
    }
    if (r < 0)
        fprintf(stderr, "%s:%d: %s\n", path, lineno, why);
    return r < 0 ? -1 : n;
}

int e820file_load(const char *path, struct e820_entry *out, int cap)
{
    FILE *f = fopen(path, "r");
    int n;

    if (!f) {
        perror(path);
        return -1;
    }
    n = load_stream(f, path, out, cap);
    fclose(f);
    return n;
}
