/*
 * lg_table.c - E820 table files (see lg_table.h).
 */
#define _GNU_SOURCE /* getline() */
#include "hw-tests/lg_table.h"

#include <stdlib.h>
#include <string.h>
#include "hw-tests/lg_num.h"

/* Split off the next blank-separated field of *p into buf; 0 if none. */
static int field(const char **p, char *buf, size_t cap)
{
    size_t n;
    *p += strspn(*p, " \t\r\n");
    n = strcspn(*p, " \t\r\n");
    if (n == 0)
        return 0;
    if (n >= cap) { /* too long: an empty field fails to parse */
        buf[0] = 0;
        return 1;
    }
    memcpy(buf, *p, n);
    buf[n] = 0;
    *p += n;
    return 1;
}

int lg_table_line(const char *line, struct e820_entry *e, const char **why)
{
    char text[256], f[4][24];
    const char *p = text;
    uint64_t start, end, type;
    int n = 0;

    if (strcspn(line, "#") >= sizeof(text)) {
        *why = "line too long";
        return -1;
    }
    snprintf(text, sizeof(text), "%.*s", (int)strcspn(line, "#"), line);
    while (n < 4 && field(&p, f[n], sizeof(f[n])))
        n++;
    if (n == 0)
        return 0;
    if (n != 3) {
        *why = n < 3 ? "want <start-hex> <end-exclusive-hex> <type>" : "text after the type";
        return -1;
    }
    if (lg_hex(f[0], 0, &start) || lg_hex(f[1], 0, &end)) {
        *why = "start and end must be 0x-prefixed hex numbers below 2^64";
        return -1;
    }
    if (lg_dec(f[2], UINT32_MAX, &type)) {
        *why = "type must be a decimal number below 2^32";
        return -1;
    }
    if (end < start) {
        *why = "end below start";
        return -1;
    }
    *e = (struct e820_entry){start, end - start, (uint32_t)type, E820_ATTR_ENABLED};
    return 1;
}

int lg_table_read(FILE *f, const char *name, struct e820_entry *out, int cap, int *total, FILE *err)
{
    char *line = NULL;
    size_t size = 0;
    ssize_t len;
    int lineno = 0, stored = 0, r = 0;
    const char *why = "";
    struct e820_entry e;

    *total = 0;
    while (r >= 0 && (len = getline(&line, &size, f)) >= 0) {
        lineno++;
        if (memchr(line, 0, (size_t)len)) {
            why = "NUL byte in line";
            r = -1;
        } else {
            r = lg_table_line(line, &e, &why);
        }
        if (r > 0 && (*total)++ < cap)
            out[stored++] = e;
    }
    free(line);
    if (r < 0)
        fprintf(err, "%s:%d: %s\n", name, lineno, why);
    return r < 0 ? -1 : stored;
}
