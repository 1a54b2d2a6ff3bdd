/*
 * lg_inv.c - the lab inventory (see lg_inv.h for the file format).
 */
#define _GNU_SOURCE /* getline() */
#include "hw-tests/lg_inv.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "hw-tests/lg_num.h"

#define HEADER "bootlab-inventory v1"

/* Parsing state of one file. */
struct invfile {
    const char *path;
    int lineno;
    int header;            /* the header line was seen */
    struct lg_inv_pc *cur; /* the block being filled */
    int want;              /* raw lines still expected in it */
};

void lg_inv_free(struct lg_inv *inv)
{
    free(inv->pc);
    memset(inv, 0, sizeof(*inv));
}

const struct lg_inv_pc *lg_inv_find(const struct lg_inv *inv, const char *key)
{
    for (int i = 0; i < inv->n; i++)
        if (!strcmp(inv->pc[i].key, key))
            return &inv->pc[i];
    return NULL;
}

/* A fresh entry at the end of inv. NULL when memory runs out. */
static struct lg_inv_pc *inv_new(struct lg_inv *inv)
{
    if (inv->n == inv->cap) {
        int cap = inv->cap ? inv->cap * 2 : 16;
        struct lg_inv_pc *p = realloc(inv->pc, (size_t)cap * sizeof(*p));
        if (!p)
            return NULL;
        inv->pc = p;
        inv->cap = cap;
    }
    memset(&inv->pc[inv->n], 0, sizeof(inv->pc[0]));
    return &inv->pc[inv->n++];
}

/* "path:line: why" on stderr; returns -1. */
static int inv_error(const struct invfile *f, const char *why)
{
    fprintf(stderr, "%s:%d: %s\n", f->path, f->lineno, why);
    return -1;
}

/* The optional fields of a pc line, in this order, each at most once, and where each goes. */
struct pc_opt {
    const char *key;
    size_t off, cap; /* in struct lg_inv_pc; cap includes the NUL */
    size_t exact;    /* the value's length, 0: any length below cap */
};

static const struct pc_opt pc_opts[] = {
    {"mac=", offsetof(struct lg_inv_pc, mac), sizeof(((struct lg_inv_pc *)0)->mac), 17},
    {"serial=", offsetof(struct lg_inv_pc, serial), LG_ID_STR, 0},
    {"uuid=", offsetof(struct lg_inv_pc, uuid), LG_UUID_LEN, LG_UUID_LEN - 1},
};

#define NOPTS (sizeof(pc_opts) / sizeof(pc_opts[0]))

/* The optional fields after "entries=N" (rest: "" or " k=v ..."), into p. 0 or -1. */
static int block_opts(struct lg_inv_pc *p, char *rest)
{
    size_t next = 0;
    for (char *tok = strtok(rest, " "); tok; tok = strtok(NULL, " ")) {
        while (next < NOPTS && strncmp(tok, pc_opts[next].key, strlen(pc_opts[next].key)))
            next++;
        if (next == NOPTS)
            return -1;
        const struct pc_opt *o = &pc_opts[next++];
        const char *v = tok + strlen(o->key);
        size_t n = strlen(v);
        if (n == 0 || n >= o->cap || (o->exact && n != o->exact))
            return -1;
        memcpy((char *)p + o->off, v, n + 1);
    }
    return 0;
}

/* "pc name:SEAT method=M entries=N [mac=aa:bb:cc:dd:ee:ff] [serial=S] [uuid=U]" */
static int block_start(struct lg_inv *inv, struct invfile *f, char *line)
{
    char key[LG_INV_KEY + 1], method[17];
    unsigned n;
    int used = 0;
    struct lg_inv_pc opts;

    memset(&opts, 0, sizeof(opts));
    if (sscanf(line, "pc %48s method=%16s entries=%u%n", key, method, &n, &used) != 3 ||
        strlen(key) >= LG_INV_KEY || strlen(method) >= 16 || (line[used] && line[used] != ' ') ||
        block_opts(&opts, line + used) < 0)
        return inv_error(f, "expected 'pc name:SEAT method=M entries=N [mac=MAC] [serial=S] "
                            "[uuid=U]'");
    if (strncmp(key, "name:", 5) != 0)
        return inv_error(f, "seats are keyed 'name:SEAT' (by where their logs come from, never "
                            "by MAC): record the inventory again");
    if (n > E820_MAX_RAW)
        return inv_error(f, "more than 128 entries");
    if (lg_inv_find(inv, key))
        return inv_error(f, "key listed twice");
    if (!(f->cur = inv_new(inv)))
        return inv_error(f, "out of memory");
    *f->cur = opts;
    memcpy(f->cur->key, key, strlen(key) + 1); /* lengths checked above */
    memcpy(f->cur->method, method, strlen(method) + 1);
    f->want = (int)n;
    return 0;
}

/* "raw 0x<base> 0x<len> <type> 0x<attr>" */
static int raw_line(struct invfile *f, char *line)
{
    char b[24], l[24], t[16], a[16], tail;
    uint64_t base, len, type, attr;

    if (!f->cur || f->want == 0)
        return inv_error(f, "raw line outside a pc block (or more than entries=)");
    if (sscanf(line, "raw %23s %23s %15s %15s %c", b, l, t, a, &tail) != 4 || lg_hex(b, 0, &base) ||
        lg_hex(l, 0, &len) || lg_dec(t, UINT32_MAX, &type) || lg_hex(a, 0, &attr) ||
        attr > UINT32_MAX)
        return inv_error(f, "expected 'raw 0xBASE 0xLEN TYPE 0xATTR'");
    f->cur->raw[f->cur->n++] = (struct e820_entry){base, len, (uint32_t)type, (uint32_t)attr};
    f->want--;
    return 0;
}

/* One line of the file, comment and newline already cut off. */
static int inv_line(struct lg_inv *inv, struct invfile *f, char *line)
{
    size_t n = strlen(line);
    while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t' || line[n - 1] == '\r'))
        line[--n] = 0;
    if (n == 0)
        return 0;
    if (!f->header) {
        f->header = 1;
        return strcmp(line, HEADER) ? inv_error(f, "not an inventory (want '" HEADER "')") : 0;
    }
    if (!strncmp(line, "pc ", 3)) {
        if (f->want)
            return inv_error(f, "previous pc block is short of raw lines");
        return block_start(inv, f, line);
    }
    if (!strncmp(line, "raw ", 4))
        return raw_line(f, line);
    return inv_error(f, "expected a 'pc' or 'raw' line");
}

/* Read every line of fp; -1 on the first error. */
static int inv_read(struct lg_inv *inv, struct invfile *f, FILE *fp)
{
    char *line = NULL, *hash;
    size_t size = 0;
    int r = 0;

    while (r == 0 && getline(&line, &size, fp) >= 0) {
        f->lineno++;
        if ((hash = strchr(line, '#')))
            *hash = 0;
        line[strcspn(line, "\n")] = 0;
        r = inv_line(inv, f, line);
    }
    free(line);
    if (r == 0 && f->want)
        r = inv_error(f, "last pc block is short of raw lines");
    return r;
}

int lg_inv_load(const char *path, struct lg_inv *inv, int missing_ok)
{
    struct invfile f = {path, 0, 0, NULL, 0};
    FILE *fp = fopen(path, "r");
    int r;

    memset(inv, 0, sizeof(*inv));
    if (!fp && errno == ENOENT && missing_ok)
        return 0;
    if (!fp) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return -1;
    }
    r = inv_read(inv, &f, fp);
    fclose(fp);
    if (r < 0)
        lg_inv_free(inv);
    return r;
}

/*
 * The map an inventory keeps of a report, into out[E820_MAX_RAW]: its E820
 * entries, or for a UEFI PC its descriptors converted to E820 (the
 * descriptors themselves change from boot to boot as the loader allocates).
 * Returns the count (0 when the conversion does not fit).
 */
static int report_map(const struct lg_report *rep, struct e820_entry *out)
{
    int n = lg_report_e820(rep, out, E820_MAX_RAW);
    return n < 0 ? 0 : n;
}

int lg_inv_put(struct lg_inv *inv, const char *key, const struct lg_report *rep)
{
    struct lg_inv_pc *p = (struct lg_inv_pc *)lg_inv_find(inv, key);

    if (!p && !(p = inv_new(inv)))
        return -1;
    snprintf(p->key, sizeof(p->key), "%s", key);
    snprintf(p->method, sizeof(p->method), "%s", rep->method[0] ? rep->method : "none");
    snprintf(p->mac, sizeof(p->mac), "%s", (rep->have & LG_HAVE_NET) ? rep->mac : "");
    p->serial[0] = p->uuid[0] = 0;
    if (rep->id.smbios_line && !rep->id.smbios_none) {
        /* Same sizes as the report's fields (lg_identity.h), NUL included. */
        if (strcmp(rep->id.serial, "-"))
            memcpy(p->serial, rep->id.serial, sizeof(p->serial));
        if (strcmp(rep->id.uuid, "-"))
            memcpy(p->uuid, rep->id.uuid, sizeof(p->uuid));
    }
    p->n = report_map(rep, p->raw);
    return 0;
}

/* 1 when the entry is pinned to a serial number or a UUID. */
static int pinned(const struct lg_inv_pc *p)
{
    return p->serial[0] || p->uuid[0];
}

int lg_inv_write(const struct lg_inv *inv, FILE *f)
{
    fprintf(f, "%s\n# recorded by 'labgrade record'; one block per PC (docs/grading.md)\n", HEADER);
    for (int i = 0; i < inv->n; i++) {
        const struct lg_inv_pc *p = &inv->pc[i];
        fprintf(f, "pc %s method=%s entries=%d", p->key, p->method, p->n);
        for (size_t k = 0; k < NOPTS; k++)
            if (*((const char *)p + pc_opts[k].off))
                fprintf(f, " %s%s", pc_opts[k].key, (const char *)p + pc_opts[k].off);
        fputc('\n', f);
        for (int j = 0; j < p->n; j++)
            fprintf(f, "raw 0x%016llx 0x%016llx %u 0x%x\n", (unsigned long long)p->raw[j].base,
                    (unsigned long long)p->raw[j].length, p->raw[j].type, p->raw[j].attr);
    }
    return ferror(f) ? -1 : 0;
}

int lg_inv_save(const struct lg_inv *inv, const char *path)
{
    char tmp[4096];
    FILE *f;
    int r;

    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    if (!(f = fopen(tmp, "w"))) {
        fprintf(stderr, "%s: %s\n", tmp, strerror(errno));
        return -1;
    }
    r = lg_inv_write(inv, f);
    if (fclose(f) != 0 || r < 0 || rename(tmp, path) != 0) {
        fprintf(stderr, "%s: cannot write the inventory\n", path);
        return -1;
    }
    return 0;
}

/* Text of one raw entry for a check. */
static void entry_text(const struct e820_entry *e, char *buf, size_t cap)
{
    snprintf(buf, cap, "base=0x%llx len=0x%llx type=%u attr=0x%x", (unsigned long long)e->base,
             (unsigned long long)e->length, e->type, e->attr);
}

/* The first difference between the recorded map p and the report's (mine[nmine]); -1 if none. */
static int first_diff(const struct lg_inv_pc *p, const struct lg_report *rep,
                      const struct e820_entry *mine, int nmine)
{
    int n = p->n < nmine ? p->n : nmine;
    for (int i = 0; i < n; i++)
        if (memcmp(&p->raw[i], &mine[i], sizeof(p->raw[i])) != 0)
            return i;
    return p->n == nmine && !strcmp(p->method, rep->method) ? -1 : n;
}

/* The MAC the seat's report gives, against the recorded one (or its absence). */
static void check_mac(const struct lg_inv_pc *p, const struct lg_report *rep, struct lg_checks *cs)
{
    const char *mac = (rep->have & LG_HAVE_NET) ? rep->mac : "";
    char e[LG_CHECK_TEXT];

    snprintf(e, sizeof(e), p->mac[0] ? "%s" : "(no net line, as recorded)", p->mac);
    lg_check_add(cs, "inventory mac", !strcmp(p->mac, mac), e, mac[0] ? mac : "(no net line)");
}

int lg_inv_check(const struct lg_inv *inv, const char *key, const struct lg_report *rep,
                 struct lg_checks *cs)
{
    const struct lg_inv_pc *p = lg_inv_find(inv, key);
    char e[LG_CHECK_TEXT], r[LG_CHECK_TEXT], name[40];
    static struct e820_entry mine[E820_MAX_RAW];
    int d, nmine = report_map(rep, mine);

    if (!p)
        return 0;
    check_mac(p, rep, cs);
    if ((d = first_diff(p, rep, mine, nmine)) < 0) {
        snprintf(e, sizeof(e), "%s, %d entries as recorded", p->method, p->n);
        lg_check_add(cs, "inventory", 1, e, "same raw map");
        return 1;
    }
    snprintf(name, sizeof(name), "inventory raw %d", d);
    if (d < p->n && d < nmine) {
        entry_text(&p->raw[d], e, sizeof(e));
        entry_text(&mine[d], r, sizeof(r));
    } else {
        snprintf(e, sizeof(e), "method=%s entries=%d", p->method, p->n);
        snprintf(r, sizeof(r), "method=%s entries=%d", rep->method, nmine);
    }
    lg_check_add(cs, name, 0, e, r);
    return 1;
}

int lg_inv_pin(const struct lg_inv *inv, const char *key, const struct lg_report *rep,
               struct lg_checks *cs)
{
    const struct lg_inv_pc *p = lg_inv_find(inv, key);
    const struct lg_identity *id = &rep->id;
    char e[LG_CHECK_TEXT], r[LG_CHECK_TEXT];
    int has = id->smbios_line && !id->smbios_none, same;

    if (!p || !pinned(p))
        return 0;
    same = has && (!p->serial[0] || !strcmp(p->serial, id->serial)) &&
           (!p->uuid[0] || !strcmp(p->uuid, id->uuid));
    snprintf(e, sizeof(e), "serial=%.40s uuid=%.36s", p->serial[0] ? p->serial : "(any)",
             p->uuid[0] ? p->uuid : "(any)");
    if (has)
        snprintf(r, sizeof(r), "serial=%.40s uuid=%.36s", id->serial, id->uuid);
    else
        snprintf(r, sizeof(r), "%s", id->smbios_line ? "smbios none" : "(no smbios line)");
    lg_check_add(cs, "inventory identity", same, e, r);
    return !same;
}

void lg_inv_key(const char *name, char *key, size_t cap)
{
    snprintf(key, cap, "name:%s", name);
}
