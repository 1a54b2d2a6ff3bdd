/*
 * replaytab.c - read an E820 replay table file (see replaytab.h and
 * docs/e820-replay.md). Host code: libc, no allocation.
 */
#include "tests/replay/replaytab.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIB16 0x1000000ull
#define MIB1  0x100000ull

/* The line being parsed (a NUL-terminated copy), its number, and which entries had attr=. */
struct line {
    char text[512];
    int no;
    uint8_t own_attr[REPLAY_MAX];
};

/* Report "line N: why[: what]" in err; returns -1 for the caller to pass on. */
static int bad(char *err, size_t errlen, int no, const char *why, const char *what)
{
    snprintf(err, errlen, "line %d: %s%s%s", no, why, what ? ": " : "", what ? what : "");
    return -1;
}

/* A whole-field unsigned number (base 0: 0x hex or decimal) into *v; 0 on success. */
static int number(const char *s, int base, uint64_t *v)
{
    char *end;
    if (!*s || *s == '-' || *s == '+')
        return -1;
    errno = 0;
    unsigned long long x = strtoull(s, &end, base);
    if (errno || *end)
        return -1;
    *v = x;
    return 0;
}

/* "0x..." with at least one digit: addresses are always written in hex. */
static int hex_field(const char *s, uint64_t *v)
{
    if (strncmp(s, "0x", 2) && strncmp(s, "0X", 2))
        return -1;
    return number(s, 16, v);
}

/* The SeaBIOS-like defaults every directive changes from. */
static void table_defaults(struct replay_table *t)
{
    memset(t, 0, sizeof(*t));
    t->esize = 20;
    t->attr = E820_ATTR_ENABLED;
    t->end = REPLAY_END_ZERO;
    t->nosmap = REPLAY_NOSMAP_NEVER;
    t->e801_ax = t->e801_bx = t->ext88_kib = REPLAYTAB_AUTO;
}

/* One word of a name=value list: index of name in names[] (NULL-terminated), or -1. */
static int lookup(const char *v, const char *const *names)
{
    for (int i = 0; names[i]; i++)
        if (!strcmp(v, names[i]))
            return i;
    return -1;
}

static const char *const END_NAMES[] = {"zero", "cf", "repeat", "wrap", "endless", NULL};
static const char *const BI_NAMES[] = {"none",   "magic",  "version", "size",    "count", "method",
                                       "source", "string", "far",     "control", "sane",  NULL};

/* e801=auto|unsupported|cxdx|AX:BX (hex or decimal) */
static int set_e801(struct replay_table *t, const char *v)
{
    uint64_t ax, bx;
    char a[32], b[32];
    if (!strcmp(v, "auto") || !strcmp(v, "unsupported") || !strcmp(v, "cxdx")) {
        t->e801 = !strcmp(v, "unsupported") ? REPLAY_UNSUPPORTED
                  : !strcmp(v, "cxdx")      ? REPLAY_CXDX
                                            : REPLAY_ANSWER;
        return 0;
    }
    if (sscanf(v, "%31[^:]:%31s", a, b) != 2 || number(a, 0, &ax) || number(b, 0, &bx) ||
        ax > 0xFFFF || bx > 0xFFFF)
        return -1;
    t->e801_ax = (long)ax;
    t->e801_bx = (long)bx;
    return 0;
}

/* 88=auto|unsupported|KIB */
static int set_88(struct replay_table *t, const char *v)
{
    uint64_t kib;
    if (!strcmp(v, "auto") || !strcmp(v, "unsupported")) {
        t->ext88 = !strcmp(v, "unsupported") ? REPLAY_UNSUPPORTED : REPLAY_ANSWER;
        return 0;
    }
    if (number(v, 0, &kib) || kib > 0xFFFF)
        return -1;
    t->ext88_kib = (long)kib;
    return 0;
}

/* The quirks that take no value. Returns 0, or -1 if name is not one of them. */
static int set_flag(struct replay_table *t, const char *name)
{
    if (!strcmp(name, "ignore-ecx"))
        t->flags |= REPLAY_F_IGNORE_ECX;
    else if (!strcmp(name, "clobber"))
        t->flags |= REPLAY_F_CLOBBER;
    else if (!strcmp(name, "a20-off"))
        t->flags |= REPLAY_F_A20_OFF;
    else if (!strcmp(name, "no-a20-bios"))
        t->flags |= REPLAY_F_NO_A20_BIOS;
    else
        return -1;
    return 0;
}

/* smap-missing=first|N: the E820h call (from 0) answered without 'SMAP'. */
static int set_nosmap(struct replay_table *t, const char *v)
{
    uint64_t n;
    if (!strcmp(v, "first")) {
        t->nosmap = 0;
        return 0;
    }
    if (number(v, 10, &n) || n >= REPLAY_NOSMAP_NEVER)
        return -1;
    t->nosmap = (int)n;
    return 0;
}

/* entry-size=20|24, ecx=N, attr=N: the shape of each E820h answer. */
static int set_answer(struct replay_table *t, const char *name, const char *v)
{
    uint64_t x;
    if (!strcmp(name, "entry-size")) {
        if (strcmp(v, "20") && strcmp(v, "24"))
            return -1;
        t->esize = atoi(v);
    } else if (!strcmp(name, "ecx")) {
        if (number(v, 0, &x) || x == 0 || x > 255)
            return -1;
        t->ecx = (int)x;
    } else {
        if (number(v, 0, &x) || x > 0xFFFFFFFFu)
            return -1;
        t->attr = (uint32_t)x;
        t->attr_given = 1;
    }
    return 0;
}

/* One "name=value" directive word. Returns 0, or -1 when unknown or malformed. */
static int set_valued(struct replay_table *t, const char *name, const char *v)
{
    int i;
    if (!strcmp(name, "entry-size") || !strcmp(name, "ecx") || !strcmp(name, "attr"))
        return set_answer(t, name, v);
    if (!strcmp(name, "smap-missing"))
        return set_nosmap(t, v);
    if (!strcmp(name, "e801"))
        return set_e801(t, v);
    if (!strcmp(name, "88"))
        return set_88(t, v);
    if (!strcmp(name, "e820")) {
        if (strcmp(v, "unsupported"))
            return -1;
        t->flags |= REPLAY_F_NO_E820;
        return 0;
    }
    if (!strcmp(name, "end") && (i = lookup(v, END_NAMES)) >= 0) {
        t->end = i;
        return 0;
    }
    if (!strcmp(name, "bootinfo") && (i = lookup(v, BI_NAMES)) >= 0) {
        t->bimode = i;
        return 0;
    }
    return -1;
}

/* "# quirk: w1 w2 ...": every word must be a known directive. */
static int directive(struct replay_table *t, char *words, int no, char *err, size_t errlen)
{
    for (char *w = strtok(words, " \t\r\n"); w; w = strtok(NULL, " \t\r\n")) {
        char *eq = strchr(w, '=');
        int r;
        if (eq) {
            *eq = 0;
            r = set_valued(t, w, eq + 1);
            *eq = '=';
        } else {
            r = set_flag(t, w);
        }
        if (r < 0)
            return bad(err, errlen, no, "unknown or malformed quirk", w);
    }
    return 0;
}

/* The attribute in entry i's trailing comment ("attr=N"), if any. */
static int entry_attr(struct replay_table *t, int i, const char *comment, struct line *l, char *err,
                      size_t errlen)
{
    const char *a = strstr(comment, "attr=");
    char word[40];
    uint64_t x;
    if (!a)
        return 0;
    if (sscanf(a + 5, "%39s", word) != 1 || number(word, 0, &x) || x > 0xFFFFFFFFu)
        return bad(err, errlen, l->no, "bad attr= in the entry's comment", a);
    t->e[i].attr = (uint32_t)x;
    t->attr_given = 1;
    l->own_attr[i] = 1;
    return 0;
}

/* "START END TYPE" or "START +LEN TYPE" (comment already cut off). */
static int entry(struct replay_table *t, char *text, const char *comment, struct line *l, char *err,
                 size_t errlen)
{
    int no = l->no;
    char f[4][64];
    uint64_t start, end, type;
    int nf = sscanf(text, "%63s %63s %63s %63s", f[0], f[1], f[2], f[3]);
    if (nf != 3)
        return bad(err, errlen, no, "expected <start-hex> <end-hex|+len-hex> <type>", NULL);
    if (hex_field(f[0], &start) || hex_field(f[1] + (f[1][0] == '+'), &end) ||
        number(f[2], 10, &type) || type > 0xFFFFFFFFu)
        return bad(err, errlen, no, "bad number", NULL);
    if (f[1][0] != '+' && end < start)
        return bad(err, errlen, no, "end below start (write a wrapping entry as +length)", NULL);
    if (t->n == REPLAY_MAX)
        return bad(err, errlen, no, "too many entries for the replay handler", NULL);
    struct e820_entry *e = &t->e[t->n++];
    e->base = start;
    e->length = f[1][0] == '+' ? end : end - start;
    e->type = (uint32_t)type;
    return entry_attr(t, t->n - 1, comment, l, err, errlen);
}

/* One line: an entry, a directive, or something to skip. */
static int parse_line(struct replay_table *t, struct line *l, char *err, size_t errlen)
{
    char *hash = strchr(l->text, '#'), *p;
    const char *comment = "";
    if (hash) {
        *hash = 0;
        comment = hash + 1;
    }
    for (p = l->text; *p == ' ' || *p == '\t' || *p == '\r'; p++)
        ;
    if (*p)
        return entry(t, p, comment, l, err, errlen);
    while (*comment == ' ' || *comment == '\t')
        comment++;
    if (!strncmp(comment, "quirk:", 6))
        return directive(t, (char *)comment + 6, l->no, err, errlen);
    return 0;
}

/* Entries without their own attribute take the table's attr= default. */
static void apply_default_attr(struct replay_table *t, const uint8_t *own)
{
    for (int i = 0; i < t->n; i++)
        if (!own[i])
            t->e[i].attr = t->attr;
}

int replaytab_parse(const char *text, struct replay_table *t, char *err, size_t errlen)
{
    struct line l;
    table_defaults(t);
    memset(&l, 0, sizeof(l));
    for (l.no = 1; *text; l.no++) {
        size_t n = strcspn(text, "\n");
        if (n >= sizeof(l.text))
            return bad(err, errlen, l.no, "line too long", NULL);
        memcpy(l.text, text, n);
        l.text[n] = 0;
        text += n + (text[n] == '\n');
        if (parse_line(t, &l, err, errlen) < 0)
            return -1;
    }
    apply_default_attr(t, l.own_attr);
    if (t->attr_given && t->esize != 24) {
        snprintf(err, errlen, "attributes need entry-size=24: 20-byte answers carry none");
        return -1;
    }
    return 0;
}

/* The end of the usable range holding addr in the sanitized map m, or addr if none does. */
static uint64_t usable_run_end(const struct e820_range *m, int n, uint64_t addr)
{
    for (int i = 0; i < n; i++)
        if (m[i].type == E820_RAM && m[i].start <= addr && addr < m[i].end)
            return m[i].end;
    return addr;
}

/* The smaller of a and b. */
static uint64_t min64(uint64_t a, uint64_t b)
{
    return a < b ? a : b;
}

void replaytab_sizes(const struct replay_table *t, uint16_t *ax, uint16_t *bx, uint16_t *kib88)
{
    struct e820_entry raw[REPLAY_MAX];
    struct e820_range sane[2 * REPLAY_MAX];
    for (int i = 0; i < t->n; i++) {
        raw[i] = t->e[i];
        raw[i].attr = E820_ATTR_ENABLED; /* the firmware sizes RAM, not answers */
    }
    int n = e820_sanitize(raw, t->n, sane, 2 * REPLAY_MAX);
    uint64_t from1m = usable_run_end(sane, n, MIB1);
    *ax = (uint16_t)((min64(from1m, MIB16) - MIB1) >> 10);
    *bx = (uint16_t)((min64(usable_run_end(sane, n, MIB16), E820_4G) - MIB16) >> 16);
    *kib88 = (uint16_t)min64((from1m - MIB1) >> 10, 0xFFFF);
    if (t->e801_ax != REPLAYTAB_AUTO) {
        *ax = (uint16_t)t->e801_ax;
        *bx = (uint16_t)t->e801_bx;
    }
    if (t->ext88_kib != REPLAYTAB_AUTO)
        *kib88 = (uint16_t)t->ext88_kib;
}

/* Little-endian stores into the blob (the handler reads it on x86). */
static void put16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, v);
    put16(p + 2, v >> 16);
}

/* Entry i in the handler's 24-byte little-endian form. */
static void put_entry(uint8_t *p, const struct e820_entry *e)
{
    put32(p, (uint32_t)e->base);
    put32(p + 4, (uint32_t)(e->base >> 32));
    put32(p + 8, (uint32_t)e->length);
    put32(p + 12, (uint32_t)(e->length >> 32));
    put32(p + 16, e->type);
    put32(p + 20, e->attr);
}

void replaytab_blob(const struct replay_table *t, uint8_t *blob)
{
    uint16_t ax, bx, kib;
    memset(blob, 0, REPLAY_BLOB_SIZE);
    put32(blob + REPLAY_OFF_MAGIC, REPLAY_MAGIC);
    put32(blob + REPLAY_OFF_MAGIC2, REPLAY_MAGIC2);
    blob[REPLAY_OFF_FILLED] = 1;
    blob[REPLAY_OFF_ESIZE] = (uint8_t)t->esize;
    blob[REPLAY_OFF_END] = (uint8_t)t->end;
    blob[REPLAY_OFF_BIMODE] = (uint8_t)t->bimode;
    put16(blob + REPLAY_OFF_COUNT, (uint32_t)t->n);
    put16(blob + REPLAY_OFF_FLAGS, (uint32_t)t->flags);
    put16(blob + REPLAY_OFF_NOSMAP, (uint32_t)t->nosmap);
    blob[REPLAY_OFF_E801] = (uint8_t)t->e801;
    blob[REPLAY_OFF_88] = (uint8_t)t->ext88;
    blob[REPLAY_OFF_ECX] = (uint8_t)t->ecx;
    replaytab_sizes(t, &ax, &bx, &kib);
    put16(blob + REPLAY_OFF_E801_AX, ax);
    put16(blob + REPLAY_OFF_E801_BX, bx);
    put16(blob + REPLAY_OFF_88_KIB, kib);
    for (int i = 0; i < t->n; i++)
        put_entry(blob + REPLAY_OFF_ENTRIES + i * REPLAY_ENTRY, &t->e[i]);
}
