/*
 * lg_num.c - strict number parsing (see lg_num.h).
 */
#include "hw-tests/lg_num.h"

#include <string.h>

/* The value of hex digit c, or -1. */
static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The whole of s as 1 to 16 hex digits (lowercase only if lower). 0 with *v set, or -1. */
static int hexdigits(const char *s, int lower, uint64_t *v)
{
    size_t n = strlen(s);
    uint64_t x = 0;

    if (n == 0 || n > 16)
        return -1;
    for (; *s; s++) {
        int d = hexval(*s);
        if (d < 0 || (lower && *s >= 'A' && *s <= 'F'))
            return -1;
        x = (x << 4) | (uint64_t)d;
    }
    *v = x;
    return 0;
}

int lg_hex(const char *s, int width, uint64_t *v)
{
    if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
        return -1;
    s += 2;
    if (width > 0 && strlen(s) != (size_t)width)
        return -1;
    return hexdigits(s, 0, v);
}

int lg_shorthex(const char *s, uint64_t *v)
{
    if (s[0] == '0' && s[1] != 0)
        return -1; /* a leading zero */
    return hexdigits(s, 1, v);
}

int lg_dec(const char *s, uint64_t max, uint64_t *v)
{
    uint64_t x = 0;
    size_t n = strlen(s);

    if (n == 0 || n > 10)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        x = x * 10 + (uint64_t)(*s - '0');
    }
    if (x > max)
        return -1;
    *v = x;
    return 0;
}

int lg_hex32(const char *s, int allow_4g, uint64_t *v)
{
    if (allow_4g && strcmp(s, "0x100000000") == 0) {
        *v = 0x100000000ull;
        return 0;
    }
    for (const char *p = s + 2; *p && p - s < 12; p++)
        if (*p >= 'A' && *p <= 'F')
            return -1; /* the kernel prints lowercase */
    return lg_hex(s, 8, v);
}
