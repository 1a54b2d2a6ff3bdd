/*
 * labgrade.c - grade a room of lab PCs from their serial consoles.
 *
 *   labgrade [OPTIONS] INPUT...                 grade
 *   labgrade --manifest FILE [OPTIONS]          grade every seat of a lab manifest
 *   labgrade record -i FILE [OPTIONS] INPUT...  grade, record passing PCs' raw maps
 *   labgrade manifest FILE                      check a manifest, print it resolved
 *   labgrade e820 FILE                          run the shared sanitizer on a table
 *
 * Everything is documented in docs/grading.md and in usage() below.
 */
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "hw-tests/lg_input.h"
#include "hw-tests/lg_manifest.h"
#include "hw-tests/lg_out.h"
#include "hw-tests/lg_status.h"
#include "hw-tests/lg_table.h"
#include "mm/memlayout.h"

#define EXIT_USAGE 2
/* No PC failed, but some report could not be read: the wires, not a kernel. */
#define EXIT_DAMAGED 3

static const char usage_text[] =
    "usage: labgrade [OPTIONS] INPUT...\n"
    "       labgrade --manifest FILE [OPTIONS]\n"
    "       labgrade record --inventory FILE [OPTIONS] INPUT...\n"
    "       labgrade manifest [--lab-dir DIR] FILE\n"
    "       labgrade e820 FILE\n"
    "\n"
    "Grade each PC's memory report (docs/report-format.md) from its console,\n"
    "recomputing every value from the report's raw memory map and the kernel ELF.\n"
    "\n"
    "INPUT is [NAME=]SOURCE[,OPTION...]; SOURCE is one of\n"
    "  -                  standard input\n"
    "  PATH               a capture or log file, or a serial port / pty (character device)\n"
    "  file:PATH          a file, read to its end\n"
    "  serial:DEVICE      a serial port or pty, opened raw\n"
    "  tcp:HOST:PORT      a raw TCP console port (ser2net 'tcp' accepter)\n"
    "  telnet:HOST:PORT   a telnet console port (ser2net 'telnet' accepter)\n"
    "and OPTION is one of\n"
    "  timeout=SECONDS    this input's timeout (default: --timeout)\n"
    "  wait=SECONDS       start the timeout at the console's first byte, and wait at\n"
    "                     most this long for it (default: --wait, else from the start)\n"
    "  baud=N             serial speed (default: --baud)\n"
    "  mode=8N1           data bits 5-8, parity N/E/O, stop bits 1-2 (default 8N1)\n"
    "  kernel=ELF         this PC's kernel ELF (default: --kernel)\n"
    "  resend=N           requests for another copy of a damaged report (default: --resend)\n"
    "  until=end|eof      stop at the first end marker or halt line (default for live\n"
    "                     inputs), or read to the end (default for files)\n"
    "NAME defaults to the file or device name, or HOST:PORT.\n"
    "\n"
    "OPTIONS\n"
    "  -m, --manifest FILE    grade every seat of this lab manifest (docs/grading.md): its\n"
    "                         console, against its own kernel ELF, named with its student\n"
    "      --lab-dir DIR      where make lab-build put the students' builds (default: lab/\n"
    "                         beside this program, i.e. build/lab)\n"
    "  -k, --kernel ELF       the kernel ELF the PCs booted (symbols, build tag, self-hash)\n"
    "  -t, --timeout SECONDS  default timeout per input, from the start (default 300)\n"
    "  -w, --wait SECONDS     default wait= for every input (switch the room on after\n"
    "                         starting labgrade: each PC's timeout runs from its first byte)\n"
    "  -b, --baud N           default serial speed (default 115200)\n"
    "  -i, --inventory FILE   flag seats whose raw map or MAC differs from FILE, and PCs\n"
    "                         that are not the machine (SMBIOS serial, UUID) FILE pins\n"
    "                         their seat to (record: the FILE to create or update)\n"
    "  -r, --resend N         ask a live console for another copy of a damaged report up to\n"
    "                         N times (request byte ENQ, 0x05; default 3; 0: never)\n"
    "      --resend-wait S    seconds of silence before asking again (default 3)\n"
    "  -l, --live             print each PC's console lines as they arrive (on stderr)\n"
    "  -q, --quiet            no status lines, no verdict details and no table\n"
    "      --junit FILE       write JUnit XML\n"
    "      --csv FILE         write CSV\n"
    "      --html FILE        write an HTML report with a picture of each PC's memory\n"
    "  -h, --help             this text\n"
    "\n"
    "On a terminal, one status line per PC is kept up to date while the consoles are\n"
    "read (waiting, booting, report lines, verdict); otherwise a line on stderr each\n"
    "time a live console changes state.\n"
    "\n"
    "Verdicts: pass, FAIL (a check failed), wrong-pc (another PC than the inventory pins\n"
    "to the seat), damaged (the report's bytes were damaged on the way and no intact copy\n"
    "came), incomplete (report cut off), stopped (boot stopped with a reason), no-report,\n"
    "error (input or kernel ELF unusable).\n"
    "Exit status: 0 when every PC passed; 3 when the only PCs that did not pass are\n"
    "damaged; 1 when a PC did not pass for another reason; 2 on bad usage.\n";

/* What the command line asked for. */
struct opts {
    struct lg_source defaults;
    const char *inventory, *junit, *csv, *html, *manifest;
    char labdir[LG_PATH];
    int live, quiet, record;
};

/* Print "labgrade: <message>" and a hint to stderr; returns -1 for the caller to pass on. */
static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "labgrade: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'labgrade --help'.\n");
    return -1;
}

/* Parse a positive number for an option. */
static int positive(const char *s, double *v)
{
    char *end;
    *v = strtod(s, &end);
    return *end == 0 && *v > 0 ? 0 : -1;
}

/* Parse a whole number 0..max for an option. */
static int count(const char *s, long max, int *v)
{
    char *end;
    long x = strtol(s, &end, 10);
    if (!*s || *end || x < 0 || x > max)
        return -1;
    *v = (int)x;
    return 0;
}

/* One option from getopt_long: code c with argument arg. */
static int take_option(struct opts *o, int c, const char *arg)
{
    double v;
    switch (c) {
    case 'k':
        if (strlen(arg) >= sizeof(o->defaults.kernel))
            return usage_error("kernel path too long: %s", arg);
        snprintf(o->defaults.kernel, sizeof(o->defaults.kernel), "%s", arg);
        return 0;
    case 't':
        return positive(arg, &o->defaults.timeout) ? usage_error("bad timeout '%s'", arg) : 0;
    case 'w':
        return positive(arg, &o->defaults.wait) ? usage_error("bad wait '%s'", arg) : 0;
    case 'm':
        o->manifest = arg;
        return 0;
    case 'D':
        if (snprintf(o->labdir, sizeof(o->labdir), "%s", arg) >= (int)sizeof(o->labdir))
            return usage_error("lab directory path too long: %s", arg);
        return 0;
    case 'b':
        if (positive(arg, &v))
            return usage_error("bad baud rate '%s'", arg);
        o->defaults.baud = (uint32_t)v;
        return 0;
    case 'i':
        o->inventory = arg;
        return 0;
    case 'l':
        o->live = 1;
        return 0;
    case 'q':
        o->quiet = 1;
        return 0;
    case 'J':
        o->junit = arg;
        return 0;
    case 'C':
        o->csv = arg;
        return 0;
    case 'H':
        o->html = arg;
        return 0;
    case 'r':
        if (count(arg, 100, &o->defaults.resend) < 0)
            return usage_error("bad --resend '%s' (0 to 100)", arg);
        return 0;
    case 'W':
        return positive(arg, &o->defaults.resend_wait) ? usage_error("bad --resend-wait '%s'", arg)
                                                       : 0;
    default:
        return usage_error("%s", "bad option");
    }
}

/* getopt_long over argv; returns the index of the first INPUT, or -1. */
static int parse_options(int argc, char **argv, struct opts *o)
{
    static const struct option longopts[] = {{"kernel", required_argument, 0, 'k'},
                                             {"manifest", required_argument, 0, 'm'},
                                             {"lab-dir", required_argument, 0, 'D'},
                                             {"wait", required_argument, 0, 'w'},
                                             {"timeout", required_argument, 0, 't'},
                                             {"baud", required_argument, 0, 'b'},
                                             {"inventory", required_argument, 0, 'i'},
                                             {"live", no_argument, 0, 'l'},
                                             {"quiet", no_argument, 0, 'q'},
                                             {"junit", required_argument, 0, 'J'},
                                             {"csv", required_argument, 0, 'C'},
                                             {"html", required_argument, 0, 'H'},
                                             {"resend", required_argument, 0, 'r'},
                                             {"resend-wait", required_argument, 0, 'W'},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    int c;

    while ((c = getopt_long(argc, argv, "k:m:w:t:b:i:r:lqh", longopts, NULL)) != -1) {
        if (c == 'h') {
            fputs(usage_text, stdout);
            exit(0);
        }
        if (c == '?' || take_option(o, c, optarg) < 0)
            return -1;
    }
    return optind;
}

/* ---- labgrade e820 FILE ---- */

/*
 * Sanitize and clamp a table file with mm/e820.c, exactly as the kernel
 * would (first E820_MAX_RAW entries, like the loaders), and print the
 * sanitized map and the limit. Exit 0, 1 on a bad file, 2 on bad usage.
 */
static int cmd_e820(int argc, char **argv)
{
    static struct e820_entry raw[E820_MAX_RAW];
    static struct e820_range map[E820_MAX_SANE];
    struct memlimit ml;
    int total, nraw, n;
    FILE *f;

    if (argc != 2) {
        usage_error("%s", "usage: labgrade e820 FILE");
        return EXIT_USAGE;
    }
    if (!(f = strcmp(argv[1], "-") ? fopen(argv[1], "r") : stdin)) {
        perror(argv[1]);
        return 1;
    }
    nraw = lg_table_read(f, argv[1], raw, E820_MAX_RAW, &total, stderr);
    if (f != stdin)
        fclose(f);
    if (nraw < 0)
        return 1;
    if (total > E820_MAX_RAW)
        fprintf(stderr, "labgrade: %s has %d entries; a loader keeps the first %d (flag 0x01)\n",
                argv[1], total, E820_MAX_RAW);
    n = e820_sanitize(raw, nraw, map, E820_MAX_SANE);
    e820_clamp(map, n, PHYSTOP, &ml);
    for (int i = 0; i < n; i++)
        printf("0x%llx 0x%llx %u\n", (unsigned long long)map[i].start,
               (unsigned long long)map[i].end, map[i].type);
    printf("limit 0x%x\n", ml.limit);
    return 0;
}

/* ---- grading ---- */

/* Give pc i a unique name: its own, or the default, with "-2", "-3", ... on clashes. */
static void unique_name(struct lg_pc *pcs, int i, const char *want, char *name, size_t cap)
{
    int clash = 1;
    snprintf(name, cap, "%s", want);
    for (int k = 2; clash; k++) {
        clash = 0;
        for (int j = 0; j < i; j++)
            clash |= !strcmp(pcs[j].name, name);
        if (clash)
            snprintf(name, cap, "%.*s-%d", (int)cap - 8, want, k % 100000);
    }
}

/* Set up PC i from one INPUT argument. 0, or -1 after a message. */
static int make_pc(struct lg_pc *pcs, int i, const char *input, const struct opts *o)
{
    char name[LG_NAME], want[LG_NAME], err[256];
    struct lg_source src;

    if (lg_source_parse(input, &o->defaults, &src, want, sizeof(want), err, sizeof(err)))
        return usage_error("%s", err);
    if (!src.kernel[0])
        return usage_error("no kernel ELF for input '%s' (use --kernel ELF)", input);
    if (!want[0])
        lg_default_name(&src, want, sizeof(want));
    unique_name(pcs, i, want, name, sizeof(name));
    if (lg_pc_init(&pcs[i], name, &src) < 0)
        return usage_error("%s", "out of memory");
    return 0;
}

/*
 * A seat's kernel ELF, loaded before its console is read, so that a seat
 * whose kernel is missing (its student's tree did not build) is an error
 * that says so, whatever its PC does.
 */
static void seat_kernel(struct lg_pc *pc, const struct lg_seat *s)
{
    char err[256], dir[LG_PATH];

    if (lg_elf_load(s->elf, &pc->kernel, err, sizeof(err)) == 0) {
        pc->kernel_ready = 1;
        return;
    }
    snprintf(dir, sizeof(dir), "%s", s->elf);
    if (s->tree)
        snprintf(pc->kernel_error, sizeof(pc->kernel_error),
                 "kernel ELF %.200s: %.60s: the build of %s's tree failed (log: "
                 "%.200s/build.log) or has not run (make lab-build MANIFEST=...)",
                 s->elf, err, s->student, dirname(dir));
    else
        snprintf(pc->kernel_error, sizeof(pc->kernel_error), "kernel ELF %.300s: %.100s", s->elf,
                 err);
}

/* Set up one PC per seat of the manifest, each with its student and its own ELF. */
static int seat_pcs(struct lg_pc *pcs, const struct lg_manifest *m, const struct opts *o)
{
    char input[LG_PATH * 2];

    for (int i = 0; i < m->n; i++) {
        if (lg_seat_input(&m->seat[i], input, sizeof(input)) < 0 || make_pc(pcs, i, input, o) < 0)
            return usage_error("seat %s: cannot make its input", m->seat[i].seat);
        snprintf(pcs[i].student, sizeof(pcs[i].student), "%s", m->seat[i].student);
        seat_kernel(&pcs[i], &m->seat[i]);
    }
    return 0;
}

/* Write one output file (path "-" is stdout) with writer fn. 0 or -1. */
static int write_output(const char *path, int (*fn)(FILE *, const struct lg_pc *, int),
                        const struct lg_pc *pcs, int n)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "w") : stdout;
    int r;
    if (!f) {
        perror(path);
        return -1;
    }
    r = fn(f, pcs, n);
    if (f != stdout && fclose(f) != 0)
        r = -1;
    if (r < 0)
        fprintf(stderr, "labgrade: could not write %s\n", path);
    return r;
}

/* Record mode: put every passing PC's raw map into the inventory and save it. */
static int record(struct lg_inv *inv, const char *path, const struct lg_pc *pcs, int n)
{
    for (int i = 0; i < n; i++) {
        if (pcs[i].verdict != LG_PASS) {
            fprintf(stderr, "labgrade: %s not recorded: %s\n", pcs[i].name,
                    lg_verdict_name(pcs[i].verdict));
            continue;
        }
        if (lg_inv_put(inv, pcs[i].key, pcs[i].rep) < 0)
            return -1;
        /* a UEFI PC's map is kept converted to E820 entries (lg_inv_put) */
        fprintf(stderr, "labgrade: recorded %s as %s (%d entries)\n", pcs[i].name, pcs[i].key,
                lg_inv_find(inv, pcs[i].key)->n);
    }
    return lg_inv_save(inv, path);
}

/* All outputs the options asked for. Returns -1 if one could not be written. */
static int outputs(const struct opts *o, const struct lg_pc *pcs, int n)
{
    int r = 0;
    if (!o->quiet) {
        lg_out_details(stdout, pcs, n);
        lg_out_table(stdout, pcs, n);
    }
    if (o->junit)
        r |= write_output(o->junit, lg_out_junit, pcs, n);
    if (o->csv)
        r |= write_output(o->csv, lg_out_csv, pcs, n);
    if (o->html)
        r |= write_output(o->html, lg_out_html, pcs, n);
    return r;
}

/* The exit status of a graded lab (usage(): "Exit status"). */
static int lab_status(const struct lg_pc *pcs, int n)
{
    int damaged = 0, other = 0;
    for (int i = 0; i < n; i++) {
        damaged += pcs[i].verdict == LG_DAMAGED;
        other += pcs[i].verdict != LG_DAMAGED && pcs[i].verdict != LG_PASS;
    }
    return other ? 1 : damaged ? EXIT_DAMAGED : 0;
}

/* While the consoles are read: grade each PC as its input ends, keep the status lines. */
struct watch {
    const struct lg_inv *inv; /* NULL: no inventory check */
    struct lg_status status;
    int show;
};

/* An lg_progress update (see lg_input.h). */
static void progress(struct lg_pc *pcs, int n, struct lg_pc *ended, void *arg)
{
    struct watch *w = arg;

    if (ended)
        lg_pc_grade(ended, w->inv);
    if (w->show)
        lg_status_update(&w->status, pcs, n);
}

/* Read every PC, grading each as it ends; the status lines unless quiet or live. */
static void read_and_grade(const struct opts *o, struct lg_pc *pcs, int n, const struct lg_inv *inv)
{
    struct watch w = {.inv = inv, .show = !o->quiet && !o->live};
    struct lg_progress prog = {progress, &w};
    int tty = isatty(STDOUT_FILENO);

    if (lg_status_init(&w.status, tty ? stdout : stderr, tty, n) < 0)
        w.show = 0;
    lg_run(pcs, n, o->live, stderr, &prog);
    for (int i = 0; i < n; i++)
        if (!pcs[i].graded)
            lg_pc_grade(&pcs[i], inv);
    lg_status_free(&w.status);
}

/* The PCs: one per INPUT, or one per manifest seat. Returns n, or -1 after a message. */
static int make_pcs(struct lg_pc **pcs, const struct opts *o, char **inputs, int ninputs)
{
    struct lg_manifest m = {0};
    int n = ninputs, r = 0;

    if (o->manifest && lg_manifest_load(o->manifest, o->labdir, &m, stderr) < 0)
        return -1;
    if (o->manifest)
        n = m.n;
    if (!(*pcs = calloc((size_t)n, sizeof(**pcs))))
        r = usage_error("%s", "out of memory");
    for (int i = 0; r == 0 && !o->manifest && i < n; i++)
        r = make_pc(*pcs, i, inputs[i], o);
    if (r == 0 && o->manifest)
        r = seat_pcs(*pcs, &m, o);
    lg_manifest_free(&m);
    return r < 0 ? -1 : n;
}

/* Read, grade, report. Returns the exit status. */
static int grade(struct opts *o, char **inputs, int ninputs)
{
    struct lg_inv inv = {0};
    struct lg_pc *pcs = NULL;
    int status, n;

    if ((o->inventory && lg_inv_load(o->inventory, &inv, o->record) < 0) ||
        (n = make_pcs(&pcs, o, inputs, ninputs)) < 0) {
        free(pcs);
        lg_inv_free(&inv);
        return EXIT_USAGE;
    }
    read_and_grade(o, pcs, n, o->inventory && !o->record ? &inv : NULL);
    status = lab_status(pcs, n);
    if (outputs(o, pcs, n) < 0 || (o->record && record(&inv, o->inventory, pcs, n) < 0))
        status = 1;
    for (int i = 0; i < n; i++)
        lg_pc_free(&pcs[i]);
    free(pcs);
    lg_inv_free(&inv);
    return status;
}

/* lab/ beside this program (build/labgrade: build/lab), where make lab-build builds. */
static void default_labdir(char *dir, size_t cap)
{
    char *exe = realpath("/proc/self/exe", NULL);

    snprintf(dir, cap, "%s/lab", exe ? dirname(exe) : ".");
    free(exe);
}

/* ---- labgrade manifest [--lab-dir DIR] FILE ---- */

/* Check a manifest; print its seats resolved (tab-separated). Exit 0, 1 on a bad one, 2. */
static int cmd_manifest(int argc, char **argv)
{
    struct lg_manifest m;
    char labdir[LG_PATH];

    default_labdir(labdir, sizeof(labdir));
    if (argc == 4 && !strcmp(argv[1], "--lab-dir")) {
        snprintf(labdir, sizeof(labdir), "%s", argv[2]);
        argc -= 2;
        argv += 2;
    }
    if (argc != 2) {
        usage_error("%s", "usage: labgrade manifest [--lab-dir DIR] FILE");
        return EXIT_USAGE;
    }
    if (lg_manifest_load(argv[1], labdir, &m, stderr) < 0)
        return 1;
    lg_manifest_print(stdout, &m);
    lg_manifest_free(&m);
    return 0;
}

/* Dispatch: "e820", "record", or grading; see usage_text. Returns the exit status. */
int main(int argc, char **argv)
{
    struct opts o = {
        .defaults = {.baud = 115200, .mode = "8N1", .timeout = 300, .resend = 3, .resend_wait = 3}};
    int first;

    if (argc >= 2 && !strcmp(argv[1], "e820"))
        return cmd_e820(argc - 1, argv + 1);
    if (argc >= 2 && !strcmp(argv[1], "manifest"))
        return cmd_manifest(argc - 1, argv + 1);
    if (argc >= 2 && !strcmp(argv[1], "record")) {
        o.record = 1;
        argc--;
        argv++;
    }
    default_labdir(o.labdir, sizeof(o.labdir));
    if ((first = parse_options(argc, argv, &o)) < 0)
        return EXIT_USAGE;
    if (first >= argc && !o.manifest) {
        usage_error("%s", "no INPUT given (or --manifest FILE)");
        return EXIT_USAGE;
    }
    if (first < argc && o.manifest) {
        usage_error("INPUT '%s' beside --manifest: every seat's console is in the manifest",
                    argv[first]);
        return EXIT_USAGE;
    }
    if (o.record && !o.inventory) {
        usage_error("%s", "record needs --inventory FILE");
        return EXIT_USAGE;
    }
    return grade(&o, argv + first, argc - first);
}
