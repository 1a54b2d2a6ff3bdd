/*
 * lg_manifest.c - reading the lab manifest (see lg_manifest.h).
 */
#include "hw-tests/lg_manifest.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "drivers/serial/uart.h"
#include "hw-tests/lg_input.h"

#define MAXFIELDS 16
#define COLUMNS   5 /* SEAT MAC CONSOLE STUDENT KERNEL */
#define WHY       300

/* A row being read: its fields and where its relative paths start. */
struct row {
    char *f[MAXFIELDS];
    int n;
    const char *dir;    /* the manifest's directory */
    const char *labdir; /* where trees are built */
    char why[WHY];      /* what is wrong with it */
};

/* Record what is wrong with the row; returns -1. */
static int wrong(struct row *r, const char *fmt, const char *arg)
{
    snprintf(r->why, sizeof(r->why), fmt, arg);
    return -1;
}

/* A seat or student name: 1 to LG_NAME-1 of [A-Za-z0-9._-], so it is a file name too. */
static int name_ok(const char *s)
{
    size_t n = strlen(s);
    return n > 0 && n < LG_NAME &&
           strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                     "0123456789._-") == n &&
           s[0] != '.' && s[0] != '-';
}

/* "aa:bb:cc:dd:ee:ff" (or with '-') into out, lowercase with colons. 0 or -1. */
static int mac_parse(const char *s, char *out)
{
    static const char hex[] = "0123456789abcdefABCDEF";
    if (strlen(s) != 17)
        return -1;
    for (int i = 0; i < 17; i++) {
        int sep = i % 3 == 2;
        if ((sep && s[i] != ':' && s[i] != '-') || (!sep && !strchr(hex, s[i])))
            return -1;
        out[i] = sep ? ':' : (char)(s[i] >= 'A' && s[i] <= 'F' ? s[i] - 'A' + 'a' : s[i]);
    }
    out[17] = 0;
    return 0;
}

/* path made absolute against dir, into out. 0, or -1 when it does not fit. */
static int absolute(const char *dir, const char *path, char *out, size_t cap)
{
    int n =
        path[0] == '/' ? snprintf(out, cap, "%s", path) : snprintf(out, cap, "%s/%s", dir, path);
    return n < 0 || (size_t)n >= cap ? -1 : 0;
}

/* The CONSOLE column with a relative file or device path made absolute. */
static int resolve_console(struct row *r, const char *c, char *out, size_t cap)
{
    static const char *const prefixes[] = {"file:", "serial:"};
    char path[LG_PATH];
    const char *p = c, *prefix = "";

    if (!strcmp(c, "-") || !strncmp(c, "tcp:", 4) || !strncmp(c, "telnet:", 7))
        return snprintf(out, cap, "%s", c) < (int)cap ? 0 : wrong(r, "console '%s' too long", c);
    for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
        if (!strncmp(c, prefixes[i], strlen(prefixes[i]))) {
            prefix = prefixes[i];
            p = c + strlen(prefixes[i]);
        }
    }
    if (absolute(r->dir, p, path, sizeof(path)) < 0 ||
        snprintf(out, cap, "%s%s", prefix, path) >= (int)cap)
        return wrong(r, "console '%s': path too long", c);
    return 0;
}

/* Append " key=value" to an option string. 0, or -1 when it does not fit. */
static int append(char *opts, size_t cap, const char *sep, const char *kv)
{
    size_t len = strlen(opts);
    int n = snprintf(opts + len, cap - len, "%s%s", len ? sep : "", kv);
    return n < 0 || (size_t)n >= cap - len ? -1 : 0;
}

/* One OPTION=VALUE after the five columns. */
static int seat_option(struct row *r, struct lg_seat *s, const char *o)
{
    uint16_t port = UART_PORT;
    uint32_t baud = UART_BAUD;
    const char *why;

    if (!strcmp(o, "loader=pxe") || !strcmp(o, "loader=multiboot")) {
        snprintf(s->loader, sizeof(s->loader), "%s", o + 7);
        return 0;
    }
    if (!strncmp(o, "com=", 4) || !strncmp(o, "baud=", 5)) {
        if ((why = uart_options(o, &port, &baud)))
            return wrong(r, "%s", why);
        if (append(s->boot_options, sizeof(s->boot_options), " ", o) < 0)
            return wrong(r, "option '%s' too long", o);
        if (o[0] == 'b' && append(s->input_options, sizeof(s->input_options), ",", o) < 0)
            return wrong(r, "option '%s' too long", o);
        return 0;
    }
    if (!strncmp(o, "timeout=", 8) || !strncmp(o, "wait=", 5) || !strncmp(o, "mode=", 5))
        return append(s->input_options, sizeof(s->input_options), ",", o) < 0
                   ? wrong(r, "option '%s' too long", o)
                   : 0;
    return wrong(r,
                 "unknown option '%s' (loader=pxe|multiboot, com=, baud=, timeout=, wait=, "
                 "mode=)",
                 o);
}

/* The KERNEL column: an ELF, or a student's tree (a directory) built into labdir/student. */
static int seat_kernel(struct row *r, struct lg_seat *s, const char *k)
{
    struct stat st;

    size_t len;

    if (absolute(r->dir, k, s->kernel, sizeof(s->kernel)) < 0)
        return wrong(r, "kernel '%s': path too long", k);
    for (len = strlen(s->kernel); len > 1 && s->kernel[len - 1] == '/'; len--)
        s->kernel[len - 1] = 0; /* "trees/ada/" names the tree "trees/ada" */
    s->tree = stat(s->kernel, &st) == 0 && S_ISDIR(st.st_mode);
    if (!s->tree) {
        memcpy(s->elf, s->kernel, sizeof(s->elf)); /* same size: it fits */
        return 0;
    }
    if (!s->student[0])
        return wrong(r,
                     "kernel '%s' is a source tree: it needs a student name (the build "
                     "goes to <labdir>/<student>/)",
                     k);
    if (snprintf(s->elf, sizeof(s->elf), "%s/%s/kernel.elf", r->labdir, s->student) >=
        (int)sizeof(s->elf))
        return wrong(r, "%s", "the tree's ELF path is too long");
    return 0;
}

/* Split line into r->f at spaces and tabs; a '#' starts a comment. Returns the field count. */
static int split(struct row *r, char *line)
{
    char *save = NULL, *hash = strchr(line, '#');

    if (hash)
        *hash = 0;
    r->n = 0;
    for (char *t = strtok_r(line, " \t\r\n", &save); t; t = strtok_r(NULL, " \t\r\n", &save)) {
        if (r->n == MAXFIELDS)
            return -1;
        r->f[r->n++] = t;
    }
    return r->n;
}

/* The five columns and the options of one row into *s. 0, or -1 with r->why. */
static int parse_row(struct row *r, struct lg_seat *s)
{
    char input[LG_PATH * 2], name[LG_NAME], err[256];
    struct lg_source src, defaults = {.baud = 115200, .mode = "8N1", .timeout = 300};

    if (r->n < COLUMNS)
        return wrong(r, "%s", "want SEAT MAC CONSOLE STUDENT KERNEL [OPTION=VALUE...]");
    if (!name_ok(r->f[0]))
        return wrong(r, "seat '%s': use letters, digits, '.', '_' and '-' (at most 31)", r->f[0]);
    snprintf(s->seat, sizeof(s->seat), "%s", r->f[0]);
    if (mac_parse(r->f[1], s->mac) < 0)
        return wrong(r, "MAC '%s' is not six hex pairs (aa:bb:cc:dd:ee:ff)", r->f[1]);
    if (strcmp(r->f[3], "-") && !name_ok(r->f[3]))
        return wrong(r, "student '%s': use letters, digits, '.', '_' and '-' (at most 31), or '-'",
                     r->f[3]);
    snprintf(s->student, sizeof(s->student), "%s", strcmp(r->f[3], "-") ? r->f[3] : "");
    snprintf(s->loader, sizeof(s->loader), "pxe");
    if (resolve_console(r, r->f[2], s->console, sizeof(s->console)) < 0 ||
        seat_kernel(r, s, r->f[4]) < 0)
        return -1;
    for (int i = COLUMNS; i < r->n; i++)
        if (seat_option(r, s, r->f[i]) < 0)
            return -1;
    if (lg_seat_input(s, input, sizeof(input)) < 0 ||
        lg_source_parse(input, &defaults, &src, name, sizeof(name), err, sizeof(err)) < 0)
        return wrong(r, "console: %s", err);
    return 0;
}

/* A row that repeats a seat or a MAC, or gives a student two trees. 0, or -1 with r->why. */
static int clash(struct row *r, const struct lg_manifest *m, const struct lg_seat *s)
{
    for (int i = 0; i < m->n; i++) {
        const struct lg_seat *o = &m->seat[i];
        char at[32];
        snprintf(at, sizeof(at), "%d", o->line);
        if (!strcmp(o->seat, s->seat))
            return wrong(r, "seat name repeated (first on line %s)", at);
        if (!strcmp(o->mac, s->mac))
            return wrong(r, "MAC repeated (first on line %s)", at);
        if (s->tree && o->tree && !strcmp(o->student, s->student) && strcmp(o->kernel, s->kernel))
            return wrong(r,
                         "this student has another source tree on line %s: one tree a "
                         "student (the build goes to <labdir>/<student>/)",
                         at);
    }
    return 0;
}

/* Read f's rows into m; print each problem. Returns the number of bad rows. */
static int read_rows(FILE *f, const char *path, struct row *r, struct lg_manifest *m, FILE *err)
{
    char line[LG_PATH * 3];
    int lineno = 0, bad = 0, cap = 0;

    while (fgets(line, sizeof(line), f)) {
        lineno++;
        if (split(r, line) == 0)
            continue;
        if (m->n == cap) {
            struct lg_seat *more = realloc(m->seat, sizeof(*more) * (size_t)(cap = cap * 2 + 8));
            if (!more)
                return bad + 1;
            m->seat = more;
        }
        memset(&m->seat[m->n], 0, sizeof(m->seat[0]));
        m->seat[m->n].line = lineno;
        if (r->n < 0)
            wrong(r, "%s", "too many fields");
        if (r->n < 0 || parse_row(r, &m->seat[m->n]) < 0 || clash(r, m, &m->seat[m->n]) < 0) {
            fprintf(err, "%s:%d: %s\n", path, lineno, r->why);
            bad++;
            continue;
        }
        m->n++;
    }
    return bad;
}

/* The directory of the file at path, absolute, into dir. */
static void directory_of(const char *path, char *dir, size_t cap)
{
    char parent[LG_PATH], *slash, *abs;

    snprintf(parent, sizeof(parent), "%s", path);
    slash = strrchr(parent, '/');
    if (!slash)
        snprintf(parent, sizeof(parent), ".");
    else
        slash[slash == parent] = 0; /* "/lab.txt" -> "/" */
    abs = realpath(parent, NULL);
    snprintf(dir, cap, "%s", abs ? abs : parent);
    free(abs);
}

int lg_manifest_load(const char *path, const char *labdir, struct lg_manifest *m, FILE *err)
{
    char dir[LG_PATH];
    struct row r = {.dir = dir, .labdir = labdir};
    FILE *f = fopen(path, "r");
    int bad;

    memset(m, 0, sizeof(*m));
    if (!f) {
        fprintf(err, "labgrade: manifest %s: %s\n", path, strerror(errno));
        return -1;
    }
    directory_of(path, dir, sizeof(dir));
    bad = read_rows(f, path, &r, m, err);
    fclose(f);
    if (bad == 0 && m->n == 0)
        fprintf(err, "%s: no seats (one a line: SEAT MAC CONSOLE STUDENT KERNEL)\n", path);
    return bad || m->n == 0 ? -1 : 0;
}

void lg_manifest_free(struct lg_manifest *m)
{
    free(m->seat);
    m->seat = NULL;
    m->n = 0;
}

void lg_manifest_print(FILE *f, const struct lg_manifest *m)
{
    fprintf(f, "seat\tmac\tconsole\tstudent\tkernel\tkind\telf\tloader\tboot_options\n");
    for (int i = 0; i < m->n; i++) {
        const struct lg_seat *s = &m->seat[i];
        fprintf(f, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s->seat, s->mac, s->console,
                s->student[0] ? s->student : "-", s->kernel, s->tree ? "tree" : "elf", s->elf,
                s->loader, s->boot_options);
    }
}

int lg_seat_input(const struct lg_seat *s, char *buf, size_t cap)
{
    int n = snprintf(buf, cap, "%s=%s,kernel=%s%s%s", s->seat, s->console, s->elf,
                     s->input_options[0] ? "," : "", s->input_options);
    return n < 0 || (size_t)n >= cap ? -1 : 0;
}
