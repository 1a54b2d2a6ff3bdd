/*
 * lg_parse.c - parse a report into fields (see lg_parse.h). Every line kind
 * and field follows docs/report-format.md, "Lines, in order": kinds[] below
 * is that table, one row per kind of line.
 */
#include "hw-tests/lg_parse.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "hw-tests/lg_num.h"
#include "hw-tests/lg_rules.h"

#define MAXTOK 16

const char *const lg_kmap_names[LG_NKMAP] = {"io", "text", "data", "dev"};
const char lg_kmap_fb_name[] = "fb";

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
    if (!lg_boot_source(r->source, r->vbit))
        return bad(pl, "unknown boot source");
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
    return 0;
}

/* "secureboot state=on|off kernel=verified|unverified" (UEFI boots) */
static int parse_sb(struct pline *pl)
{
    struct lg_report *r = pl->rep;
    if (pl->ntok != 3 || kv_str(pl, 1, "state", r->sb_state, sizeof(r->sb_state)) ||
        kv_str(pl, 2, "kernel", r->sb_kernel, sizeof(r->sb_kernel)))
        return bad(pl, "secureboot line needs state= and kernel=");
    if ((strcmp(r->sb_state, "on") && strcmp(r->sb_state, "off")) ||
        (strcmp(r->sb_kernel, "verified") && strcmp(r->sb_kernel, "unverified")))
        return bad(pl, "secureboot state is not on or off, or kernel not verified or unverified");
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

/* "raw I type=T start=0x(16) pages=0x(16) attr=0x(16)": a UEFI descriptor (method uefi) */
static int parse_efi(struct pline *pl)
{
    struct lg_report *r = pl->rep;
    uint64_t idx, type, start, pages, attr;
    const char *t = kv(pl, 2, "type"), *s = kv(pl, 3, "start"), *p = kv(pl, 4, "pages"),
               *a = kv(pl, 5, "attr");
    if (pl->ntok != 6 || !t || !s || !p || !a)
        return bad(pl, "UEFI raw entry needs I type= start= pages= attr=");
    if (lg_dec(pl->tok[1], 1000, &idx) || lg_dec(t, UINT32_MAX, &type) || lg_hex(s, 16, &start) ||
        lg_hex(p, 16, &pages) || lg_hex(a, 16, &attr))
        return bad(pl, "bad number in UEFI raw entry");
    if (idx != (uint64_t)r->nefi)
        return bad(pl, "raw entry out of order");
    if (r->nefi >= LG_EFI_MAX)
        return bad(pl, "more than 512 UEFI descriptors");
    r->efi[r->nefi++] = (struct lg_efidesc){(uint32_t)type, start, pages, attr};
    return 0;
}

/*
 * Version 4: "raw I-J T:START:PAGES:ATTR ...", descriptors I to J of a UEFI
 * map packed on one line (method uefi), the numbers in short hex.
 */
static int parse_efi_packed(struct pline *pl)
{
    struct lg_report *r = pl->rep;
    uint64_t first, last;
    char *dash = pl->ntok >= 3 ? strchr(pl->tok[1], '-') : NULL;
    if (!dash)
        return bad(pl, "UEFI raw line needs I-J and descriptors");
    *dash = 0;
    if (lg_dec(pl->tok[1], 1000, &first) || lg_dec(dash + 1, 1000, &last) || last < first)
        return bad(pl, "bad descriptor range in UEFI raw line");
    if (first != (uint64_t)r->nefi)
        return bad(pl, "raw entry out of order");
    if (last - first + 1 != (uint64_t)(pl->ntok - 2))
        return bad(pl, "UEFI raw line: the range and the descriptors on it differ in number");
    for (int i = 2; i < pl->ntok; i++) {
        char *f[4] = {pl->tok[i]};
        int nf = 1;
        uint64_t type, start, pages, attr;
        for (char *c = f[0]; *c && nf <= 4; c++)
            if (*c == ':') {
                *c = 0;
                if (nf < 4)
                    f[nf] = c + 1;
                nf++; /* a fifth field makes nf 5 */
            }
        if (nf != 4 || lg_dec(f[0], UINT32_MAX, &type) || lg_shorthex(f[1], &start) ||
            lg_shorthex(f[2], &pages) || lg_shorthex(f[3], &attr))
            return bad(pl, "bad UEFI descriptor (T:START:PAGES:ATTR, short hex)");
        if (r->nefi >= LG_EFI_MAX)
            return bad(pl, "more than 512 UEFI descriptors");
        r->efi[r->nefi++] = (struct lg_efidesc){(uint32_t)type, start, pages, attr};
    }
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
    return 0;
}

/* "kernel kernbase=0x(8) kernlink=0x(8) data=0x(8) end=0x(8)" */
static int parse_kernel(struct pline *pl)
{
    struct lg_report *r = pl->rep;
    if (pl->ntok != 5)
        return bad(pl, "kernel line needs 4 fields");
    return kv_hex32(pl, 1, "kernbase", &r->kernbase) || kv_hex32(pl, 2, "kernlink", &r->kernlink) ||
                   kv_hex32(pl, 3, "data", &r->data) || kv_hex32(pl, 4, "end", &r->end_sym)
               ? -1
               : 0;
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

/* A kmap line's fields after NAME: "va=0x(8)-0x(8) pa=0x(8)-0x(8) perm=rw|r- pages=P" into *k. */
static int kmap_fields(struct pline *pl, struct lg_kmaprow *k)
{
    const char *perm = kv(pl, 4, "perm");
    *k = (struct lg_kmaprow){1, 0, 0, 0, 0, "", 0};
    if (range32(kv(pl, 2, "va"), &k->va0, &k->va1) || range32(kv(pl, 3, "pa"), &k->pa0, &k->pa1))
        return bad(pl, "bad va= or pa= range");
    if (!perm || (strcmp(perm, "rw") && strcmp(perm, "r-")))
        return bad(pl, "perm is not rw or r-");
    memcpy(k->perm, perm, 3);
    return kv_dec(pl, 5, "pages", &k->pages);
}

/* "kmap NAME va=.. pa=.. perm=.. pages=P": the lecture's rows in order, io, text, data, dev. */
static int parse_kmap(struct pline *pl)
{
    struct lg_kmaprow k;
    int nth = pl->rep->nkmap++;
    if (pl->ntok != 6)
        return bad(pl, "kmap line needs NAME and 4 fields");
    if (nth >= LG_NKMAP || strcmp(pl->tok[1], lg_kmap_names[nth]))
        return bad(pl, "kmap row out of order (want io, text, data, dev)");
    if (kmap_fields(pl, &k))
        return -1;
    pl->rep->kmap[nth] = k;
    return 0;
}

/* "kmap fb va=.. pa=.. perm=.. pages=P": a UEFI PC's framebuffer row, after dev. */
static int parse_kmap_fb(struct pline *pl)
{
    struct lg_kmaprow k;
    if (pl->ntok != 6 || strcmp(pl->tok[1], lg_kmap_fb_name))
        return bad(pl, "kmap fb line needs fb and 4 fields");
    if (kmap_fields(pl, &k))
        return -1;
    pl->rep->kmap[LG_KMAP_FB] = k;
    return 0;
}

/* "pt pages=T mapped=M overhead=X.XXXX% overhead_ppm=PPM", from version 3 " large=L mode=4k|4m" */
static int parse_pt(struct pline *pl)
{
    struct lg_report *r = pl->rep;
    int v3 = r->version >= 3;
    const char *mode = v3 ? kv(pl, 6, "mode") : NULL;
    if (pl->ntok != (v3 ? 7 : 5))
        return bad(pl, v3 ? "pt line needs 6 fields" : "pt line needs 4 fields");
    if (kv_dec(pl, 1, "pages", &r->pt_pages) || kv_dec(pl, 2, "mapped", &r->pt_mapped) ||
        kv_str(pl, 3, "overhead", r->pt_overhead, sizeof(r->pt_overhead)) ||
        kv_dec(pl, 4, "overhead_ppm", &r->pt_ppm) || (v3 && kv_dec(pl, 5, "large", &r->pt_large)))
        return -1;
    if (v3 && (!mode || (strcmp(mode, "4k") && strcmp(mode, "4m"))))
        return bad(pl, "pt mode is not 4k or 4m");
    if (v3)
        memcpy(r->pt_mode, mode, 3);
    r->pt_v3 = v3;
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
    return 0;
}

/* "khash sha256=<64 hex> range=0x(8)-0x(8)" */
static int parse_khash(struct pline *pl)
{
    struct lg_report *r = pl->rep;
    const char *h = kv(pl, 1, "sha256");
    uint64_t hi;
    if (pl->ntok != 3 || !h || strlen(h) != 64 || strspn(h, "0123456789abcdef") != 64)
        return bad(pl, "khash line needs sha256=<64 lowercase hex digits> range=");
    if (range32(kv(pl, 2, "range"), &r->khash_start, &hi) || hi > UINT32_MAX)
        return bad(pl, "bad range=");
    memcpy(r->khash, h, 65);
    r->khash_end = (uint32_t)hi;
    return 0;
}

/* "cmdline TEXT": the rest of the line, as it came. */
static int parse_cmdline(struct pline *pl)
{
    if (pl->ntok != 2 || !pl->tok[1][0])
        return bad(pl, "cmdline line without text");
    snprintf(pl->rep->cmdline, sizeof(pl->rep->cmdline), "%s", pl->tok[1]);
    return 0;
}

/* "sane entries=K" */
static int parse_sanehdr(struct pline *pl)
{
    return pl->ntok == 2 ? kv_dec(pl, 1, "entries", &pl->rep->sane_entries) : bad(pl, "sane");
}

/* "kalloc free=F" */
static int parse_kalloc(struct pline *pl)
{
    return pl->ntok == 2 ? kv_dec(pl, 1, "free", &pl->rep->kalloc_free) : bad(pl, "kalloc");
}

/* "cpu ...", "smbios ...", "tsc ..." and "milestone ...": the machine and its clock
 * (lg_identity.c). */
static int parse_identity(struct pline *pl)
{
    return lg_id_parse(pl->rep, pl->lineno, pl->tok, pl->ntok, pl->text);
}

/* "selfcheck-error KIND va= want= got=" (counted; the kernel's opinion only). */
static int parse_scerr(struct pline *pl)
{
    pl->rep->sc_error_lines++;
    return pl->ntok == 5 ? 0 : bad(pl, "selfcheck-error needs KIND va= want= got=");
}

/*
 * The kinds of report line, in report order (docs/report-format.md, "Lines,
 * in order"). rank is the line's place in that list (times 10, so lines of
 * later versions slot in between); a report's ranks never go down, and only
 * 'repeats' kinds appear on consecutive lines. second: the prefix the second
 * field must have when one key names two kinds (the raw and sane headers,
 * the fb row). method: the raw header's method= a row needs (the raw lines
 * of method uefi are descriptors), NULL for any. The first row that fits
 * is the line's kind. Version 3's lines (cpu, smbios, tsc, milestone) are
 * parsed by lg_identity.c.
 */
struct kind {
    const char *key, *second, *method;
    int rank;
    unsigned versions; /* LG_V1 | LG_V2 | LG_V3 | LG_V4 */
    int repeats;
    unsigned have; /* the LG_HAVE_* bit the line sets, 0 if none */
    int (*parse)(struct pline *pl);
};

#define VALL LG_VALL /* a line of every version */
#define V2UP LG_V2UP /* of version 2 and later */
#define V3UP LG_V3UP /* of version 3 and later */

static const struct kind kinds[] = {
    {"boot", NULL, NULL, 20, VALL, 0, LG_HAVE_BOOT, parse_boot},
    {"net", NULL, NULL, 30, VALL, 0, LG_HAVE_NET, parse_net},
    {"secureboot", NULL, NULL, 40, V2UP, 0, LG_HAVE_SB, parse_sb},
    {"cmdline", NULL, NULL, 50, VALL, 0, LG_HAVE_CMDLINE, parse_cmdline},
    {"cpu", NULL, NULL, 60, V3UP, 0, LG_HAVE_CPU, parse_identity},
    {"smbios", NULL, NULL, 70, V3UP, 0, LG_HAVE_SMBIOS, parse_identity},
    {"tsc", NULL, NULL, 80, V3UP, 0, LG_HAVE_TSC, parse_identity},
    {"milestone", NULL, NULL, 90, V3UP, 1, 0, parse_identity},
    {"raw", "method=", NULL, 100, VALL, 0, LG_HAVE_RAWHDR, parse_rawhdr},
    {"raw", NULL, "uefi", 110, LG_V4, 1, 0, parse_efi_packed},
    {"raw", NULL, "uefi", 110, LG_V2 | LG_V3, 1, 0, parse_efi},
    {"raw", NULL, NULL, 110, VALL, 1, 0, parse_raw},
    {"sane", "entries=", NULL, 120, VALL, 0, LG_HAVE_SANEHDR, parse_sanehdr},
    {"sane", NULL, NULL, 121, VALL, 1, 0, parse_sane},
    {"mem", NULL, NULL, 130, VALL, 0, LG_HAVE_MEM, parse_mem},
    {"kernel", NULL, NULL, 140, VALL, 0, LG_HAVE_KERNEL, parse_kernel},
    {"khash", NULL, NULL, 150, V2UP, 0, LG_HAVE_KHASH, parse_khash},
    {"kmap", "fb", NULL, 161, V2UP, 0, LG_HAVE_KMAP_FB, parse_kmap_fb},
    {"kmap", NULL, NULL, 160, VALL, 1, 0, parse_kmap},
    {"pt", NULL, NULL, 170, VALL, 0, LG_HAVE_PT, parse_pt},
    {"kalloc", NULL, NULL, 180, VALL, 0, LG_HAVE_KALLOC, parse_kalloc},
    {"selfcheck-error", NULL, NULL, 190, VALL, 1, 0, parse_scerr},
    {"selfcheck", NULL, NULL, 191, VALL, 0, LG_HAVE_SC, parse_sc},
};

/* The row for a line of this report's version, or NULL: "unknown line". */
static const struct kind *kind_of(const struct pline *pl)
{
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        const struct kind *k = &kinds[i];
        if (!(k->versions & pl->rep->vbit) || strcmp(pl->tok[0], k->key) != 0 ||
            (k->method && strcmp(pl->rep->method, k->method) != 0))
            continue;
        if (!k->second || (pl->ntok > 1 && !strncmp(pl->tok[1], k->second, strlen(k->second))))
            return k;
    }
    return NULL;
}

/* One report line (not the markers): kind, order, fields. *last is the previous kind. */
static void parse_line(struct lg_report *rep, int lineno, const char *text,
                       const struct kind **last)
{
    struct pline pl = {.rep = rep, .lineno = lineno};
    const struct kind *k;

    if (tokenize(&pl, text, !strncmp(text, "cmdline ", 8)) < 0) {
        bad(&pl, "empty field or too many fields (fields are separated by one space)");
        return;
    }
    if (!(k = kind_of(&pl))) {
        lg_problem_add(rep, lineno, "unknown line in a version %d report: \"%.100s\"", rep->version,
                       text);
        return;
    }
    if (*last && (k->rank < (*last)->rank || (k == *last && !k->repeats)))
        bad(&pl, "line out of order");
    *last = k;
    if (k->parse(&pl) == 0)
        rep->have |= k->have;
}

/* The end marker's fields (lg_end_parse); its framing is judged by lg_framing. */
static void parse_end(struct lg_report *rep, const char *text, int lineno)
{
    if (lg_end_parse(text, &rep->end) == 0)
        rep->have |= LG_HAVE_END;
    else
        lg_problem_add(rep, lineno, "bad end marker: \"%.100s\"", text);
}

/* The version bit whose rows apply: the report's own, or the newest for an unknown version. */
static unsigned version_bit(int version)
{
    return version == 1 ? LG_V1 : version == 2 ? LG_V2 : version == 3 ? LG_V3 : LG_V4;
}

void lg_parse(const struct lg_lines *r, struct lg_report *out)
{
    const struct kind *last = NULL;
    const char *at;
    uint32_t stored = r->n < LG_REPORT_MAX_LINES ? r->n : LG_REPORT_MAX_LINES;

    memset(out, 0, sizeof(*out));
    out->nlines = r->n;
    out->crc = r->crc;
    if (r->n == 0 || lg_marker(r->line[0], &at, &out->version) != 1)
        lg_problem_add(out, 1, "no begin marker");
    out->vbit = version_bit(out->version);
    if (r->too_long)
        lg_problem_add(out, r->first_long + 1, "line longer than %d bytes", LG_REPORT_LINE);
    if (r->n > LG_REPORT_MAX_LINES)
        lg_problem_add(out, LG_REPORT_MAX_LINES, "report longer than %d lines: the rest is ignored",
                       LG_REPORT_MAX_LINES);
    for (uint32_t i = 1; i < stored; i++)
        parse_line(out, (int)i + 1, r->line[i], &last);
    parse_end(out, r->end, (int)r->n + 1);
}
