/*
 * lg_parse.c - parse a report into fields (see lg_parse.h). Every line kind
 * and field follows docs/report-format.md, "Lines, in order".
 */
#include "hw-tests/lg_parse.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "hw-tests/lg_num.h"

#define MAXTOK 16

const char *const lg_kmap_names[LG_NKMAP] = {"io", "text", "data", "dev"};

/* Line kinds in report order: a report's ranks never go down. */
enum rank {
    R_BEGIN,
    R_BOOT,
    R_NET,
    R_CMDLINE,
    R_CPU,
    R_SMBIOS,
    R_TSC,
    R_MILESTONE,
    R_RAWHDR,
    R_RAW,
    R_SANEHDR,
    R_SANE,
    R_MEM,
    R_KERNEL,
    R_KMAP,
    R_PT,
    R_KALLOC,
    R_SCERR,
    R_SC,
    R_NONE
};

/* One line being parsed: its tokens (split at single spaces) and where it is. */
struct pline {
    struct lg_report *rep;
    int lineno;                    /* 1-based */
    char buf[LG_REPORT_LINE + 1];  /* split into tokens */
    char text[LG_REPORT_LINE + 1]; /* the line as it came, for messages */
    char *tok[MAXTOK];
    int ntok;
};

void lg_problem_add(struct lg_report *rep, int line, const char *fmt, ...)
{
    va_list ap;

    if (rep->nproblems >= LG_MAX_PROBLEMS) {
        rep->more_problems++;
        return;
    }
    rep->problem[rep->nproblems].line = line;
    va_start(ap, fmt);
    vsnprintf(rep->problem[rep->nproblems].text, LG_PROBLEM_TEXT, fmt, ap);
    va_end(ap);
    rep->nproblems++;
}

/* Split text into pl->tok at single spaces. Returns -1 on an empty field or too many. */
static int tokenize(struct pline *pl, const char *text, int keep_rest)
{
    char *p;

    snprintf(pl->buf, sizeof(pl->buf), "%s", text);
    snprintf(pl->text, sizeof(pl->text), "%s", text);
    pl->ntok = 0;
    for (p = pl->buf; pl->ntok < MAXTOK;) {
        pl->tok[pl->ntok++] = p;
        if (keep_rest && pl->ntok == 2)
            return 0; /* "cmdline TEXT": the rest is one field */
        p = strchr(p, ' ');
        if (!p)
            break;
        *p++ = 0;
    }
    if (p && pl->ntok == MAXTOK)
        return -1;
    for (int i = 0; i < pl->ntok; i++)
        if (pl->tok[i][0] == 0)
            return -1;
    return 0;
}

/* A problem on the current line, naming the line's text. */
static int bad(struct pline *pl, const char *what)
{
    lg_problem_add(pl->rep, pl->lineno, "%s: \"%.100s\"", what, pl->text);
    return -1;
}

/* The value of token i when it is "key=value", else NULL. */
static const char *kv(struct pline *pl, int i, const char *key)
{
    size_t n = strlen(key);
    if (i >= pl->ntok || strncmp(pl->tok[i], key, n) != 0 || pl->tok[i][n] != '=')
        return NULL;
    return pl->tok[i] + n + 1;
}

/* Field i as "key=<hex32>" (see lg_hex32). 0 or -1 (problem recorded). */
static int kv_hex32(struct pline *pl, int i, const char *key, uint32_t *v)
{
    const char *s = kv(pl, i, key);
    uint64_t x;
    if (!s || lg_hex32(s, 0, &x) < 0)
        return bad(pl, key);
    *v = (uint32_t)x;
    return 0;
}

/* Field i as "key=<decimal>" below 2^32. */
static int kv_dec(struct pline *pl, int i, const char *key, uint32_t *v)
{
    const char *s = kv(pl, i, key);
    uint64_t x;
    if (!s || lg_dec(s, UINT32_MAX, &x) < 0)
        return bad(pl, key);
    *v = (uint32_t)x;
    return 0;
}

/* Field i as "key=<string>" copied into out (at most cap-1 bytes). */
static int kv_str(struct pline *pl, int i, const char *key, char *out, size_t cap)
{
    const char *s = kv(pl, i, key);
    if (!s || !*s || strlen(s) >= cap)
        return bad(pl, key);
    memcpy(out, s, strlen(s) + 1);
    return 0;
}

/* "boot source=S loader=L drive=0xDD build=T" */
static int parse_boot(struct pline *pl)
{
    struct lg_report *r = pl->rep;
    uint64_t d;
    if (pl->ntok != 5)
        return bad(pl, "boot line needs 4 fields");
    if (kv_str(pl, 1, "source", r->source, sizeof(r->source)) ||
        kv_str(pl, 2, "loader", r->loader, sizeof(r->loader)) ||
        kv_str(pl, 3, "drive", r->drive_text, sizeof(r->drive_text)) ||
        kv_str(pl, 4, "build", r->build, sizeof(r->build)))
        return -1;
    if (lg_hex(r->drive_text, 2, &d) < 0)
        return bad(pl, "drive is not 0x and 2 hex digits");
    r->drive = (uint32_t)d;
    if (strcmp(r->source, "disk") && strcmp(r->source, "pxe") && strcmp(r->source, "multiboot"))
        return bad(pl, "source is not disk, pxe or multiboot");
    r->have |= LG_HAVE_BOOT;
    return 0;
}

/* "net mac=aa:bb:cc:dd:ee:ff ip=A.B.C.D server=A.B.C.D file=F" */
static int parse_net(struct pline *pl)
{
    struct lg_report *r = pl->rep;
    unsigned m[6];
    char tail;
    if (pl->ntok != 5)
        return bad(pl, "net line needs 4 fields");
    if (kv_str(pl, 1, "mac", r->mac, sizeof(r->mac)) || kv_str(pl, 2, "ip", r->ip, sizeof(r->ip)) ||
        kv_str(pl, 3, "server", r->server, sizeof(r->server)) ||
        kv_str(pl, 4, "file", r->file, sizeof(r->file)))
        return -1;
    if (strlen(r->mac) != 17 || sscanf(r->mac, "%2x:%2x:%2x:%2x:%2x:%2x%c", &m[0], &m[1], &m[2],
                                       &m[3], &m[4], &m[5], &tail) != 6)
        return bad(pl, "mac is not six hex pairs");
    r->have |= LG_HAVE_NET;
    return 0;
}

/* "raw method=M entries=N entry_size=Z flags=0xFF" */
static int parse_rawhdr(struct pline *pl)
{
    struct lg_report *r = pl->rep;
    uint64_t f;
    const char *fs;
    if (pl->ntok != 5)
        return bad(pl, "raw header needs 4 fields");
    if (kv_str(pl, 1, "method", r->method, sizeof(r->method)) ||
        kv_dec(pl, 2, "entries", &r->raw_entries) || kv_dec(pl, 3, "entry_size", &r->entry_size))
        return -1;
    if (!(fs = kv(pl, 4, "flags")) || lg_hex(fs, 2, &f) < 0)
        return bad(pl, "flags");
    r->flags = (uint32_t)f;
    r->have |= LG_HAVE_RAWHDR;
    return 0;
}

/* "raw I base=0x(16) len=0x(16) type=T attr=0xA" */
static int parse_raw(struct pline *pl)
{
    struct lg_report *r = pl->rep;
    uint64_t idx, base, len, type, attr;
    const char *b = kv(pl, 2, "base"), *l = kv(pl, 3, "len"), *t = kv(pl, 4, "type"),
               *a = kv(pl, 5, "attr");
    if (pl->ntok != 6 || !b || !l || !t || !a)
        return bad(pl, "raw entry needs I base= len= type= attr=");
    if (lg_dec(pl->tok[1], 1000, &idx) || lg_hex(b, 16, &base) || lg_hex(l, 16, &len) ||
        lg_dec(t, UINT32_MAX, &type) || lg_hex(a, 0, &attr) || attr > UINT32_MAX)
        return bad(pl, "bad number in raw entry");
    if (idx != (uint64_t)r->nraw)
        return bad(pl, "raw entry out of order");
    if (r->nraw >= E820_MAX_RAW)
        return bad(pl, "more than 128 raw entries");
    r->raw[r->nraw++] = (struct e820_entry){base, len, (uint32_t)type, (uint32_t)attr};
    return 0;
}

/* "sane I 0x(16)-0x(16) type=T NAME" */
static int parse_sane(struct pline *pl)
{
    struct lg_report *r = pl->rep;
    uint64_t idx, s, e, type;
    char *dash = pl->ntok == 5 ? strchr(pl->tok[2], '-') : NULL;
    const char *t = kv(pl, 3, "type");
    if (!dash || !t)
        return bad(pl, "sane entry needs I START-END type=T NAME");
    *dash = 0;
    if (lg_dec(pl->tok[1], 1000, &idx) || lg_hex(pl->tok[2], 16, &s) || lg_hex(dash + 1, 16, &e) ||
        lg_dec(t, UINT32_MAX, &type) || strlen(pl->tok[4]) >= sizeof(r->sane_name[0]))
        return bad(pl, "bad field in sane entry");
    if (idx != (uint64_t)r->nsane)
        return bad(pl, "sane entry out of order");
    if (r->nsane >= E820_MAX_SANE)
        return bad(pl, "more than 256 sane entries");
    r->sane[r->nsane] = (struct e820_range){s, e, (uint32_t)type};
    snprintf(r->sane_name[r->nsane++], sizeof(r->sane_name[0]), "%s", pl->tok[4]);
    return 0;
}

/* "mem usable_top=0x(8) phystop=0x(8) limit=0x(8) clamped=yes|no" */
static int parse_mem(struct pline *pl)
{
    struct lg_report *r = pl->rep;
    const char *c = kv(pl, 4, "clamped");
    if (pl->ntok != 5)
        return bad(pl, "mem line needs 4 fields");
    if (kv_hex32(pl, 1, "usable_top", &r->mem.usable_top) ||
        kv_hex32(pl, 2, "phystop", &r->mem.phystop) || kv_hex32(pl, 3, "limit", &r->mem.limit))
        return -1;
    if (!c || (strcmp(c, "yes") && strcmp(c, "no")))
        return bad(pl, "clamped is not yes or no");
    r->mem.clamped = strcmp(c, "yes") == 0;
    r->have |= LG_HAVE_MEM;
    return 0;
}

/* "kernel kernbase=0x(8) kernlink=0x(8) data=0x(8) end=0x(8)" */
static int parse_kernel(struct pline *pl)
{
    struct lg_report *r = pl->rep;
    if (pl->ntok != 5)
        return bad(pl, "kernel line needs 4 fields");
    if (kv_hex32(pl, 1, "kernbase", &r->kernbase) || kv_hex32(pl, 2, "kernlink", &r->kernlink) ||
        kv_hex32(pl, 3, "data", &r->data) || kv_hex32(pl, 4, "end", &r->end))
        return -1;
    r->have |= LG_HAVE_KERNEL;
    return 0;
}

/* "START-END" of 32-bit addresses, END possibly 0x100000000. */
static int range32(const char *s, uint32_t *lo, uint64_t *hi)
{
    char buf[32];
    char *dash;
    uint64_t a;
    if (!s || strlen(s) >= sizeof(buf))
        return -1;
    memcpy(buf, s, strlen(s) + 1);
    if (!(dash = strchr(buf, '-')))
        return -1;
    *dash = 0;
    if (lg_hex32(buf, 0, &a) || lg_hex32(dash + 1, 1, hi))
        return -1;
    *lo = (uint32_t)a;
    return 0;
}

/* "kmap NAME va=0x(8)-0x(8) pa=0x(8)-0x(8) perm=rw|r- pages=P", rows in lecture order. */
static int parse_kmap(struct pline *pl, int nth)
{
    struct lg_kmaprow k = {1, 0, 0, 0, 0, "", 0};
    const char *perm = kv(pl, 4, "perm");
    if (pl->ntok != 6)
        return bad(pl, "kmap line needs NAME and 4 fields");
    if (nth >= LG_NKMAP || strcmp(pl->tok[1], lg_kmap_names[nth]))
        return bad(pl, "kmap row out of order (want io, text, data, dev)");
    if (range32(kv(pl, 2, "va"), &k.va0, &k.va1) || range32(kv(pl, 3, "pa"), &k.pa0, &k.pa1))
        return bad(pl, "bad va= or pa= range");
    if (!perm || (strcmp(perm, "rw") && strcmp(perm, "r-")))
        return bad(pl, "perm is not rw or r-");
    memcpy(k.perm, perm, 3);
    if (kv_dec(pl, 5, "pages", &k.pages))
        return -1;
    pl->rep->kmap[nth] = k;
    return 0;
}

/* "pt pages=T mapped=M overhead=X.XXXX% overhead_ppm=PPM", and in version 2 " large=L mode=4k|4m"
 */
static int parse_pt(struct pline *pl)
{
    struct lg_report *r = pl->rep;
    int v2 = r->version >= 2;
    const char *mode = v2 ? kv(pl, 6, "mode") : NULL;
    if (pl->ntok != (v2 ? 7 : 5))
        return bad(pl, v2 ? "pt line needs 6 fields" : "pt line needs 4 fields");
    if (kv_dec(pl, 1, "pages", &r->pt_pages) || kv_dec(pl, 2, "mapped", &r->pt_mapped) ||
        kv_str(pl, 3, "overhead", r->pt_overhead, sizeof(r->pt_overhead)) ||
        kv_dec(pl, 4, "overhead_ppm", &r->pt_ppm) || (v2 && kv_dec(pl, 5, "large", &r->pt_large)))
        return -1;
    if (v2 && (!mode || (strcmp(mode, "4k") && strcmp(mode, "4m"))))
        return bad(pl, "pt mode is not 4k or 4m");
    if (v2)
        memcpy(r->pt_mode, mode, 3);
    r->pt_v2 = v2;
    r->have |= LG_HAVE_PT;
    return 0;
}

/* "selfcheck ok checked=C cr3=0x(8)" or "selfcheck FAIL errors=E checked=C cr3=0x(8)" */
static int parse_sc(struct pline *pl)
{
    struct lg_report *r = pl->rep;
    int ok = pl->ntok == 4 && !strcmp(pl->tok[1], "ok");
    int i = ok ? 2 : 3;
    if (!ok && !(pl->ntok == 5 && !strcmp(pl->tok[1], "FAIL")))
        return bad(pl, "selfcheck is neither ok nor FAIL");
    if (!ok && kv_dec(pl, 2, "errors", &r->sc_errors))
        return -1;
    if (kv_dec(pl, i, "checked", &r->sc_checked) || kv_hex32(pl, i + 1, "cr3", &r->sc_cr3))
        return -1;
    r->sc_ok = ok;
    r->have |= LG_HAVE_SC;
    return 0;
}

/* The rank of a line from its first token (and, for raw/sane, its second). */
static enum rank rank_of(const struct pline *pl)
{
    static const struct {
        const char *key;
        enum rank r;
    } one[] = {{"boot", R_BOOT},
               {"net", R_NET},
               {"cmdline", R_CMDLINE},
               {"cpu", R_CPU},
               {"smbios", R_SMBIOS},
               {"tsc", R_TSC},
               {"milestone", R_MILESTONE},
               {"mem", R_MEM},
               {"kernel", R_KERNEL},
               {"kmap", R_KMAP},
               {"pt", R_PT},
               {"kalloc", R_KALLOC},
               {"selfcheck-error", R_SCERR},
               {"selfcheck", R_SC}};
    const char *k = pl->tok[0];
    int second_is_count = pl->ntok > 1 && !strncmp(pl->tok[1], "entries=", 8);

    if (!strcmp(k, "raw"))
        return pl->ntok > 1 && !strncmp(pl->tok[1], "method=", 7) ? R_RAWHDR : R_RAW;
    if (!strcmp(k, "sane"))
        return second_is_count ? R_SANEHDR : R_SANE;
    for (size_t i = 0; i < sizeof(one) / sizeof(one[0]); i++)
        if (!strcmp(k, one[i].key))
            return one[i].r;
    return R_NONE;
}

/* Ranks that may repeat on consecutive lines. */
static int repeats(enum rank r)
{
    return r == R_MILESTONE || r == R_RAW || r == R_SANE || r == R_KMAP || r == R_SCERR;
}

/* Parse a line whose rank is known. kmaps counts kmap rows so far. */
static int parse_ranked(struct pline *pl, enum rank r, int *kmaps)
{
    struct lg_report *rep = pl->rep;
    switch (r) {
    case R_BOOT:
        return parse_boot(pl);
    case R_NET:
        return parse_net(pl);
    case R_CMDLINE:
        rep->have |= LG_HAVE_CMDLINE;
        snprintf(rep->cmdline, sizeof(rep->cmdline), "%s", pl->ntok > 1 ? pl->tok[1] : "");
        return 0;
    case R_CPU:
    case R_SMBIOS:
    case R_TSC:
    case R_MILESTONE:
        return lg_id_parse(rep, pl->lineno, pl->tok, pl->ntok, pl->text);
    case R_RAWHDR:
        return parse_rawhdr(pl);
    case R_RAW:
        return parse_raw(pl);
    case R_SANEHDR:
        rep->have |= LG_HAVE_SANEHDR;
        return pl->ntok == 2 ? kv_dec(pl, 1, "entries", &rep->sane_entries) : bad(pl, "sane");
    case R_SANE:
        return parse_sane(pl);
    case R_MEM:
        return parse_mem(pl);
    case R_KERNEL:
        return parse_kernel(pl);
    case R_KMAP:
        return parse_kmap(pl, (*kmaps)++);
    case R_PT:
        return parse_pt(pl);
    case R_KALLOC:
        rep->have |= LG_HAVE_KALLOC;
        return pl->ntok == 2 ? kv_dec(pl, 1, "free", &rep->kalloc_free) : bad(pl, "kalloc");
    case R_SCERR:
        rep->sc_error_lines++;
        return pl->ntok == 5 ? 0 : bad(pl, "selfcheck-error needs KIND va= want= got=");
    default:
        return parse_sc(pl);
    }
}

/* One report line (not the markers): rank, order, fields. *last is the previous rank. */
static void parse_line(struct lg_report *rep, int lineno, const char *text, enum rank *last,
                       int *kmaps)
{
    struct pline pl = {.rep = rep, .lineno = lineno};
    int cmd = !strncmp(text, "cmdline ", 8);
    enum rank r;

    if (tokenize(&pl, text, cmd) < 0) {
        bad(&pl, "empty field or too many fields (fields are separated by one space)");
        return;
    }
    r = rank_of(&pl);
    if (r == R_NONE) {
        bad(&pl, "not a report line");
        return;
    }
    if (r < *last || (r == *last && !repeats(r)))
        bad(&pl, "line out of order");
    *last = r;
    parse_ranked(&pl, r, kmaps);
}

/* "bootlab-report vN end lines=N crc32=0x(8)" */
static void parse_end(struct lg_report *rep, const char *text, int lineno)
{
    struct pline pl = {.rep = rep, .lineno = lineno};
    const char *at;
    uint64_t crc;

    if (lg_marker(text, &at, &rep->end_version) != 2 || tokenize(&pl, at, 0) < 0 || pl.ntok != 5 ||
        kv_dec(&pl, 3, "lines", &rep->end_lines))
        goto bad;
    if (!kv(&pl, 4, "crc32") || lg_hex(kv(&pl, 4, "crc32"), 8, &crc) < 0)
        goto bad;
    rep->end_crc = (uint32_t)crc;
    rep->have |= LG_HAVE_END;
    return;
bad:
    lg_problem_add(rep, lineno, "bad end marker: \"%.100s\"", text);
}

/* Lines every report has (docs/report-format.md: "always"). */
static void check_present(struct lg_report *rep, int kmaps, int lineno)
{
    static const struct {
        unsigned bit;
        const char *name;
    } need[] = {{LG_HAVE_BOOT, "boot"},           {LG_HAVE_RAWHDR, "raw header"},
                {LG_HAVE_SANEHDR, "sane header"}, {LG_HAVE_MEM, "mem"},
                {LG_HAVE_KERNEL, "kernel"},       {LG_HAVE_PT, "pt"},
                {LG_HAVE_KALLOC, "kalloc"},       {LG_HAVE_SC, "selfcheck"}};

    for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++)
        if (!(rep->have & need[i].bit))
            lg_problem_add(rep, lineno, "missing %s line", need[i].name);
    if (kmaps != LG_NKMAP)
        lg_problem_add(rep, lineno, "%d kmap rows, want 4 (io, text, data, dev)", kmaps);
}

void lg_parse(const struct lg_lines *r, struct lg_report *out)
{
    enum rank last = R_BEGIN;
    const char *at;
    int kmaps = 0;
    uint32_t stored = r->n < LG_REPORT_MAX_LINES ? r->n : LG_REPORT_MAX_LINES;

    memset(out, 0, sizeof(*out));
    out->nlines = r->n;
    out->crc = r->crc;
    if (r->n == 0 || lg_marker(r->line[0], &at, &out->version) != 1)
        lg_problem_add(out, 1, "no begin marker");
    if (r->too_long)
        lg_problem_add(out, r->first_long + 1, "line longer than %d bytes", LG_REPORT_LINE);
    if (r->n > LG_REPORT_MAX_LINES)
        lg_problem_add(out, LG_REPORT_MAX_LINES, "report longer than %d lines: the rest is ignored",
                       LG_REPORT_MAX_LINES);
    for (uint32_t i = 1; i < stored; i++)
        parse_line(out, (int)i + 1, r->line[i], &last, &kmaps);
    parse_end(out, r->end, (int)r->n + 1);
    check_present(out, kmaps, (int)r->n + 1);
    lg_id_finish(out, (int)r->n + 1);
}
