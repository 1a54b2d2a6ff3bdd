/*
 * labgrade.c - grade a room of lab PCs from their serial consoles.
 *
 *   labgrade [OPTIONS] INPUT...                 grade
 *   labgrade record -i FILE [OPTIONS] INPUT...  grade, record passing PCs' raw maps
 *   labgrade e820 FILE                          run the shared sanitizer on a table
 *
 * Everything is documented in docs/grading.md and in usage() below.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hw-tests/lg_input.h"
#include "hw-tests/lg_out.h"
#include "hw-tests/lg_table.h"
#include "mm/memlayout.h"

#define EXIT_USAGE 2

static const char usage_text[] =
    "usage: labgrade [OPTIONS] INPUT...\n"
    "       labgrade record --inventory FILE [OPTIONS] INPUT...\n"
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
    "  baud=N             serial speed (default: --baud)\n"
    "  mode=8N1           data bits 5-8, parity N/E/O, stop bits 1-2 (default 8N1)\n"
    "  kernel=ELF         this PC's kernel ELF (default: --kernel)\n"
    "  until=end|eof      stop at the first end marker or halt line (default for live\n"
    "                     inputs), or read to the end (default for files)\n"
    "NAME defaults to the file or device name, or HOST:PORT.\n"
    "\n"
    "OPTIONS\n"
    "  -k, --kernel ELF       the kernel ELF the PCs booted (KERNBASE, KERNLINK, data, end)\n"
    "  -t, --timeout SECONDS  default timeout per input, from the start (default 300)\n"
    "  -b, --baud N           default serial speed (default 115200)\n"
    "  -i, --inventory FILE   flag PCs whose raw map differs from FILE, and PCs that are not\n"
    "                         the machine (SMBIOS) FILE pins their seat to (record: FILE to "
    "update)\n"
    "  -l, --live             print each PC's console lines as they arrive (on stderr)\n"
    "  -q, --quiet            no verdict details and no table on stdout\n"
    "      --junit FILE       write JUnit XML\n"
    "      --csv FILE         write CSV\n"
    "      --html FILE        write an HTML report with a picture of each PC's memory\n"
    "  -h, --help             this text\n"
    "\n"
    "Verdicts: pass, FAIL (a check failed), incomplete (report cut off), stopped (boot\n"
    "stopped with a reason), no-report, error (input or kernel ELF unusable),\n"
    "wrong-pc (another PC than the inventory pins to the seat).\n"
    "Exit status: 0 when every PC passed, 1 when one did not, 2 on bad usage.\n";

/* What the command line asked for. */
struct opts {
    struct lg_source defaults;
    const char *inventory, *junit, *csv, *html;
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
    default:
        return usage_error("%s", "bad option");
    }
}

/* getopt_long over argv; returns the index of the first INPUT, or -1. */
static int parse_options(int argc, char **argv, struct opts *o)
{
    static const struct option longopts[] = {{"kernel", required_argument, 0, 'k'},
                                             {"timeout", required_argument, 0, 't'},
                                             {"baud", required_argument, 0, 'b'},
                                             {"inventory", required_argument, 0, 'i'},
                                             {"live", no_argument, 0, 'l'},
                                             {"quiet", no_argument, 0, 'q'},
                                             {"junit", required_argument, 0, 'J'},
                                             {"csv", required_argument, 0, 'C'},
                                             {"html", required_argument, 0, 'H'},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    int c;

    while ((c = getopt_long(argc, argv, "k:t:b:i:lqh", longopts, NULL)) != -1) {
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

/* Set up every PC from the INPUT arguments. 0, or -1 after a message. */
static int make_pcs(struct lg_pc *pcs, char **inputs, int n, const struct opts *o)
{
    char name[LG_NAME], want[LG_NAME], err[256];
    struct lg_source src;

    for (int i = 0; i < n; i++) {
        if (lg_source_parse(inputs[i], &o->defaults, &src, want, sizeof(want), err, sizeof(err)))
            return usage_error("%s", err);
        if (!src.kernel[0])
            return usage_error("no kernel ELF for input '%s' (use --kernel ELF)", inputs[i]);
        if (!want[0])
            lg_default_name(&src, want, sizeof(want));
        unique_name(pcs, i, want, name, sizeof(name));
        if (lg_pc_init(&pcs[i], name, &src) < 0)
            return usage_error("%s", "out of memory");
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
        fprintf(stderr, "labgrade: recorded %s as %s (%d entries)\n", pcs[i].name, pcs[i].key,
                pcs[i].rep->nraw);
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

/* Read, grade, report. Returns the exit status. */
static int grade(struct opts *o, char **inputs, int n)
{
    struct lg_inv inv = {0};
    struct lg_pc *pcs = calloc((size_t)n, sizeof(*pcs));
    int status = 0;

    if (!pcs || (o->inventory && lg_inv_load(o->inventory, &inv, o->record) < 0) ||
        make_pcs(pcs, inputs, n, o) < 0) {
        free(pcs);
        return EXIT_USAGE;
    }
    lg_run(pcs, n, o->live, stderr);
    for (int i = 0; i < n; i++)
        status |= lg_pc_grade(&pcs[i], o->inventory && !o->record ? &inv : NULL) != LG_PASS;
    if (outputs(o, pcs, n) < 0 || (o->record && record(&inv, o->inventory, pcs, n) < 0))
        status = 1;
    for (int i = 0; i < n; i++)
        lg_pc_free(&pcs[i]);
    free(pcs);
    lg_inv_free(&inv);
    return status;
}

/* Dispatch: "e820", "record", or grading; see usage_text. Returns the exit status. */
int main(int argc, char **argv)
{
    struct opts o = {.defaults = {.baud = 115200, .mode = "8N1", .timeout = 300}};
    int first;

    if (argc >= 2 && !strcmp(argv[1], "e820"))
        return cmd_e820(argc - 1, argv + 1);
    if (argc >= 2 && !strcmp(argv[1], "record")) {
        o.record = 1;
        argc--;
        argv++;
    }
    if ((first = parse_options(argc, argv, &o)) < 0)
        return EXIT_USAGE;
    if (first >= argc) {
        usage_error("%s", "no INPUT given");
        return EXIT_USAGE;
    }
    if (o.record && !o.inventory) {
        usage_error("%s", "record needs --inventory FILE");
        return EXIT_USAGE;
    }
    return grade(&o, argv + first, argc - first);
}
