/*
 * printf.c - a small vsnprintf (see printf.h).
 */
#include <stdint.h>
#include "lib/printf.h"

struct out {
    char *buf;
    size_t size;
    size_t len; /* bytes the output would have: may exceed size */
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

/* Digits of v in base 16 or 10, most significant first, into d; returns count. */
static int digits(uint64_t v, int base, int upper, char *d)
{
    static const uint64_t pow10[] = {10000000000000000000ull,
                                     1000000000000000000ull,
                                     100000000000000000ull,
                                     10000000000000000ull,
                                     1000000000000000ull,
                                     100000000000000ull,
                                     10000000000000ull,
                                     1000000000000ull,
                                     100000000000ull,
                                     10000000000ull,
                                     1000000000ull,
                                     100000000ull,
                                     10000000ull,
                                     1000000ull,
                                     100000ull,
                                     10000ull,
                                     1000ull,
                                     100ull,
                                     10ull,
                                     1ull};
    const char *hex = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    int n = 0;
    if (base == 16) {
        for (int shift = 60; shift >= 0; shift -= 4)
            if (n || (v >> shift) & 0xF || shift == 0)
                d[n++] = hex[(v >> shift) & 0xF];
        return n;
    }
    /* Decimal by subtraction: no 64-bit division (no libgcc in the kernel). */
    for (unsigned i = 0; i < sizeof(pow10) / sizeof(pow10[0]); i++) {
        int k = 0;
        while (v >= pow10[i]) {
            v -= pow10[i];
            k++;
        }
        if (n || k || i == sizeof(pow10) / sizeof(pow10[0]) - 1)
            d[n++] = (char)('0' + k);
    }
    return n;
}

static void pad(struct out *o, char c, int n)
{
    while (n-- > 0)
        put(o, c);
}

struct spec {
    int left, zero, width;
};

static void emit(struct out *o, const struct spec *sp, const char *s, int n, int neg)
{
    int fill = sp->width - n - neg;
    if (!sp->left && !sp->zero)
        pad(o, ' ', fill);
    if (neg)
        put(o, '-');
    if (!sp->left && sp->zero)
        pad(o, '0', fill);
    for (int i = 0; i < n; i++)
        put(o, s[i]);
    if (sp->left)
        pad(o, ' ', fill);
}

static void number(struct out *o, const struct spec *sp, char conv, int is64, va_list *ap)
{
    char d[24];
    uint64_t v;
    int neg = 0;
    if (conv == 'd') {
        int64_t s = is64 ? va_arg(*ap, int64_t) : va_arg(*ap, int);
        neg = s < 0;
        v = neg ? (uint64_t)0 - (uint64_t)s : (uint64_t)s;
    } else {
        v = is64 ? va_arg(*ap, uint64_t) : va_arg(*ap, unsigned int);
    }
    int base = (conv == 'x' || conv == 'X') ? 16 : 10;
    emit(o, sp, d, digits(v, base, conv == 'X', d), neg);
}

static const char *parse_spec(const char *f, struct spec *sp, int *is64)
{
    sp->left = sp->zero = sp->width = 0;
    for (;; f++) {
        if (*f == '-')
            sp->left = 1;
        else if (*f == '0')
            sp->zero = 1;
        else
            break;
    }
    while (*f >= '0' && *f <= '9')
        sp->width = sp->width * 10 + (*f++ - '0');
    *is64 = 0;
    if (f[0] == 'l' && f[1] == 'l') {
        *is64 = 1;
        f += 2;
    } else if (*f == 'l' || *f == 'z') { /* long, size_t: 64 bits in the x86-64 UEFI loader only */
        *is64 = *f == 'l' ? sizeof(long) == 8 : sizeof(size_t) == 8;
        f++;
    }
    return f;
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = {buf, size, 0};
    va_list aq;
    va_copy(aq, ap);
    for (const char *f = fmt; *f; f++) {
        if (*f != '%') {
            put(&o, *f);
            continue;
        }
        struct spec sp;
        int is64;
        f = parse_spec(f + 1, &sp, &is64);
        switch (*f) {
        case 'c': {
            char c = (char)va_arg(aq, int);
            emit(&o, &sp, &c, 1, 0);
            break;
        }
        case 's': {
            const char *s = va_arg(aq, const char *);
            int n = 0;
            if (!s)
                s = "(null)";
            while (s[n])
                n++;
            emit(&o, &sp, s, n, 0);
            break;
        }
        case 'p':
            put(&o, '0');
            put(&o, 'x');
            number(&o, &sp, 'x', sizeof(void *) == 8, &aq);
            break;
        case 'd':
        case 'u':
        case 'x':
        case 'X':
            number(&o, &sp, *f, is64, &aq);
            break;
        case '%':
            put(&o, '%');
            break;
        case 0:
            f--; /* a lone '%' at the end */
            break;
        default:
            put(&o, '%');
            put(&o, *f);
        }
    }
    va_end(aq);
    if (size)
        buf[o.len < size ? o.len : size - 1] = 0;
    return (int)o.len;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
