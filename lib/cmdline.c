/*
 * cmdline.c - reading boot options (see cmdline.h).
 */
#include "lib/cmdline.h"
#include "lib/string.h"

/* 1 if a word starts at c (the start of the line, or after a space). */
static int word_start(const char *line, const char *c)
{
    return c == line || c[-1] == ' ';
}

const char *cmdline_value(const char *cmdline, const char *key, uint32_t *len)
{
    uint32_t k = (uint32_t)strlen(key);
    for (const char *c = cmdline; *c; c++) {
        if (word_start(cmdline, c) && !strncmp(c, key, k) && c[k] == '=') {
            for (*len = 0; c[k + 1 + *len] && c[k + 1 + *len] != ' '; (*len)++)
                ;
            return c + k + 1;
        }
    }
    return 0;
}

int cmdline_has(const char *cmdline, const char *word)
{
    size_t n = strlen(word);
    for (const char *c = cmdline; *c; c++)
        if (word_start(cmdline, c) && !strncmp(c, word, n) && (c[n] == 0 || c[n] == ' '))
            return 1;
    return 0;
}

/* One digit's value in base 10 or 16, or -1. */
static int digit(char c, uint32_t base)
{
    int v = c >= '0' && c <= '9'   ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                   : -1;
    return v >= 0 && (uint32_t)v < base ? v : -1;
}

int cmdline_number(const char *value, uint32_t len, uint32_t *out)
{
    uint32_t base = 10, i = 0;
    uint64_t v = 0;
    if (len > 2 && value[0] == '0' && (value[1] == 'x' || value[1] == 'X')) {
        base = 16;
        i = 2;
    }
    if (i >= len)
        return -1;
    for (; i < len; i++) {
        int d = digit(value[i], base);
        if (d < 0 || (v = v * base + (uint32_t)d) > 0xFFFFFFFFu)
            return -1;
    }
    *out = (uint32_t)v;
    return 0;
}
