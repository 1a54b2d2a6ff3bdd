/*
 * lg_html.c - the HTML report: a summary table with the failures first, each
 * row a link to its PC; then each PC, failures first, with its failed checks
 * (the first in a red banner), a picture of its physical memory map and kmap
 * rows with the failing ones drawn in red and labelled, and for a PC that
 * stopped or gave no complete report, the last lines of its console.
 *
 * Scale: addresses span 0 to 4 GiB but the interesting parts (the first
 * MiB, a 16 KiB text row) are tiny, so the x axis is logarithmic:
 * x = log2(1 + a / 64 KiB) / 16 of the width. 64 KiB, 1 MiB, 16 MiB,
 * 256 MiB and 4 GiB fall near 1/16, 1/4, 1/2, 3/4 and the full width;
 * the virtual lane measures a - KERNBASE the same way (0 to 2 GiB). Every
 * shape carries a <title> with its exact range. No script, no external file.
 *
 * Labels never overlap: lane names sit left of the plot; a row's name only
 * inside its own rectangle; the limit's label left of its line and
 * PHYSTOP's right of its own (the limit is never above PHYSTOP), one label
 * when they coincide; failure labels each on a band of their own above the
 * lanes. tests/grader/test_labgrade_html.py measures every label in Chromium.
 */
#include "hw-tests/lg_out.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "mm/memlayout.h"

#define SVG_W   960
#define LEFT    150 /* room for lane labels */
#define PLOT_W  (SVG_W - LEFT - 20)
#define LANE_H  22
#define UNIT    65536.0
#define BAND    16 /* height of one failure label band */
#define MARKS_Y 12 /* baseline of the limit and PHYSTOP labels */
#define RED     "#d50000"

/* x of a physical address (log scale, see the top of the file). */
static double xp(uint64_t a)
{
    return LEFT + PLOT_W * log2(1.0 + (double)a / UNIT) / log2(1.0 + 4294967296.0 / UNIT);
}

/* x of a virtual address in the kernel half: a - KERNBASE on the same kind of scale. */
static double xv(uint64_t va, uint32_t kernbase)
{
    double off = va > kernbase ? (double)(va - kernbase) : 0.0;
    return LEFT + PLOT_W * log2(1.0 + off / UNIT) / log2(1.0 + (4294967296.0 - kernbase) / UNIT);
}

/* "0x07fe0000 (127.9 MiB)": an address in hex with its size in MiB beside it. */
static const char *hex_mib(uint64_t a, char *buf, size_t cap)
{
    snprintf(buf, cap, "0x%08llx (%.1f MiB)", (unsigned long long)a, (double)a / 1048576.0);
    return buf;
}

/* Fill color of a sanitized range by E820 type (ACPI 6.x table 15-374 numbering). */
static const char *type_color(uint32_t type)
{
    static const char *const c[] = {"#bbb",    "#4caf50", "#9e9e9e", "#2196f3",
                                    "#9c27b0", "#f44336", "#795548", "#009688"};
    return type < 8 ? c[type] : "#ff9800";
}

/*
 * One rectangle [x0, x1) in lane y with a fill and a tooltip; bad: drawn as a
 * failure (a thick red outline over red hatching). Ranges narrower than minw
 * pixels are widened to minw (leftwards at the right edge) so that a 16 KiB
 * text row stays visible and clickable. Returns the x of its middle.
 */
static double rect(FILE *f, double x0, double x1, int y, double minw, const char *fill, int bad,
                   const char *tip)
{
    if (x1 - x0 < minw && x0 + minw > LEFT + PLOT_W)
        x0 = x1 - minw;
    else if (x1 - x0 < minw)
        x1 = x0 + minw;
    fprintf(f,
            "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" stroke=\"%s\" "
            "stroke-width=\"%d\"><title>",
            x0, y, x1 - x0, LANE_H - 4, fill, bad ? RED : "#333", bad ? 4 : 1);
    lg_xml_text(f, tip);
    fprintf(f, "</title></rect>\n");
    if (bad)
        fprintf(f,
                "<rect class=\"failed\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
                "fill=\"url(#hatch)\"/>\n",
                x0, y, x1 - x0, LANE_H - 4);
    return (x0 + x1) / 2;
}

/* An 11 px SVG text at (x, y), escaped; cls: a class for the tests ("" for none). */
static void label(FILE *f, double x, int y, const char *anchor, const char *cls, const char *text)
{
    fprintf(f, "<text class=\"%s\" x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"%s\">", cls,
            x, y, anchor);
    lg_xml_text(f, text);
    fprintf(f, "</text>\n");
}

/* The first failed check whose name starts with prefix, or NULL. */
static const struct lg_check *first_failed(const struct lg_checks *cs, const char *prefix)
{
    for (int i = 0; cs && i < cs->n; i++)
        if (!cs->c[i].ok && !strncmp(cs->c[i].name, prefix, strlen(prefix)))
            return &cs->c[i];
    return NULL;
}

/* "name: expected X, reported Y" of a check, into buf. */
static const char *check_text(const struct lg_check *c, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s: expected %s, reported %s", c->name, c->expected, c->reported);
    return buf;
}

/* A failure drawn in the picture: a red label on a band of its own, a line down to the shape. */
struct callout {
    double x;
    int lane; /* lane index the line goes down to */
    char text[LG_CHECK_TEXT * 3];
};

#define MAXCALLOUTS (LG_NKMAP + 2)

/* The picture's geometry: the failure bands first, then the marker band, then the lanes. */
struct layout {
    int nbands;
    int top; /* y of lane 0 */
};

static int lane_y(const struct layout *l, int lane)
{
    return l->top + lane * LANE_H;
}

/* x of the middle of a kmap row as drawn in the physical lane (widened like rect()). */
static double row_mid(const struct lg_kmaprow *r)
{
    double x0 = xp(r->pa0), x1 = xp(r->pa1);
    return x1 - x0 < 10 ? x0 + 5 : (x0 + x1) / 2;
}

/* The failures the picture shows: a kmap row with a failed check, a wrong limit, a wrong map. */
static int callouts(const struct lg_pc *pc, struct callout *out)
{
    static const char *const mem[] = {"mem limit", "mem usable_top", "mem clamped"};
    const struct lg_check *c;
    int n = 0;

    for (int i = 0; i < LG_NKMAP; i++) {
        char prefix[32];
        snprintf(prefix, sizeof(prefix), "kmap %s ", lg_kmap_names[i]);
        if (!(c = first_failed(pc->checks, prefix)))
            continue;
        out[n] = (struct callout){
            row_mid(pc->rep->kmap[i].seen ? &pc->rep->kmap[i] : &pc->exp->rows[i]), 2, ""};
        check_text(c, out[n++].text, sizeof(out[0].text));
    }
    for (size_t i = 0; i < sizeof(mem) / sizeof(mem[0]) && n < MAXCALLOUTS; i++)
        if ((c = first_failed(pc->checks, mem[i]))) {
            out[n] = (struct callout){xp(pc->exp->ml.limit), 0, ""};
            check_text(c, out[n++].text, sizeof(out[0].text));
            break;
        }
    if (n < MAXCALLOUTS && (c = first_failed(pc->checks, "sane "))) {
        out[n] = (struct callout){LEFT + 2, 0, ""};
        check_text(c, out[n++].text, sizeof(out[0].text));
    }
    return n;
}

/* One callout on band b: its label (left of the line near the right edge) and the line. */
static void draw_callout(FILE *f, const struct layout *l, const struct callout *c, int b)
{
    int y = b * BAND + 12, right = c->x > SVG_W / 2;

    fprintf(f,
            "<line class=\"failed\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"" RED
            "\" stroke-width=\"2\"/>\n",
            c->x, y + 2, c->x, lane_y(l, c->lane));
    fprintf(f,
            "<text class=\"callout\" x=\"%.1f\" y=\"%d\" font-size=\"11\" "
            "font-weight=\"bold\" fill=\"" RED "\" text-anchor=\"%s\">",
            right ? c->x - 4 : c->x + 4, y, right ? "end" : "start");
    lg_xml_text(f, c->text);
    fprintf(f, "</text>\n");
}

/* The sanitized map (the grader's, from the raw map) as colored ranges; bad: it failed. */
static void lane_map(FILE *f, const struct lg_expect *x, int y, int bad)
{
    char tip[128];
    label(f, 4, y + 13, "start", "lane", "physical map");
    for (int i = 0; i < x->nsane; i++) {
        const struct e820_range *r = &x->sane[i];
        uint64_t end = r->end > 0x100000000ull ? 0x100000000ull : r->end;
        if (r->start >= 0x100000000ull)
            continue;
        snprintf(tip, sizeof(tip), "0x%llx-0x%llx %s", (unsigned long long)r->start,
                 (unsigned long long)r->end, e820_type_name(r->type));
        rect(f, xp(r->start), xp(end), y, 2, type_color(r->type), bad, tip);
    }
}

/* kmap rows in one lane: physical or virtual, expected or reported (the ones drawn failed). */
static void lane_rows(FILE *f, const struct lg_pc *pc, const struct lg_kmaprow *rows, int y,
                      int virt, int reported, const char *name)
{
    static const int order[LG_NKMAP] = {0, 2, 3, 1}; /* the narrow text row last, on top */
    char tip[160], prefix[32];
    label(f, 4, y + 13, "start", "lane", name);
    for (int o = 0; o < LG_NKMAP; o++) {
        int i = order[o];
        const struct lg_kmaprow *r = &rows[i];
        double x0 = virt ? xv(r->va0, pc->kernel.kernbase) : xp(r->pa0);
        double x1 = virt ? xv(r->va1, pc->kernel.kernbase) : xp(r->pa1);
        if (!r->seen)
            continue;
        snprintf(prefix, sizeof(prefix), "kmap %s ", lg_kmap_names[i]);
        snprintf(tip, sizeof(tip), "%s ", lg_kmap_names[i]);
        lg_kmaprow_text(r, tip + strlen(tip), sizeof(tip) - strlen(tip));
        rect(f, x0, x1, y, 10, strcmp(r->perm, "rw") ? "#64b5f6" : "#ffb74d",
             reported && first_failed(pc->checks, prefix), tip);
        if (x1 - x0 > 28)
            label(f, (x0 + x1) / 2, y + 13, "middle", "row", lg_kmap_names[i]);
    }
}

/* Axis ticks under a lane: physical (0 .. 4 GiB) or virtual (KERNBASE .. 4 GiB). */
static void axis(FILE *f, int y, int virt, uint32_t kernbase)
{
    static const uint64_t at[] = {0, 0x10000, 0x100000, 0x1000000, 0x10000000, 0x100000000ull};
    static const char *const names[] = {"0", "64K", "1M", "16M", "256M", "4G"};
    char text[32];
    for (int i = 0; i < 6; i++) {
        double x = virt ? xv(kernbase + (i < 5 ? at[i] : at[i] - kernbase), kernbase) : xp(at[i]);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#555\"/>\n", x, y, x,
                y + 5);
        snprintf(text, sizeof(text), virt && i < 5 ? "KB+%s" : "%s", names[i]);
        label(f, x, y + 16, "middle", "tick", text);
    }
}

/* A dashed vertical line over the physical lanes at address a. */
static void marker_line(FILE *f, uint64_t a, int y0, int y1, const char *color, int bold)
{
    fprintf(f,
            "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"%d\" "
            "stroke-dasharray=\"4 2\"/>\n",
            xp(a), y0, xp(a), y1, color, bold ? 3 : 1);
}

/*
 * The limit and PHYSTOP: a line each, the limit's label left of its line and
 * PHYSTOP's right of its own (limit <= PHYSTOP, so they never cross), one
 * label "limit = PHYSTOP" when they coincide. bad: a mem check failed.
 */
static void markers(FILE *f, const struct lg_pc *pc, const struct layout *l, int bad)
{
    uint32_t limit = pc->exp->ml.limit;
    int y = l->nbands * BAND + MARKS_Y, y1 = lane_y(l, 4);
    char text[64], mib[40];

    marker_line(f, limit, y + 2, y1, RED, bad);
    if (limit == PHYSTOP) {
        snprintf(text, sizeof(text), "limit = PHYSTOP %s", hex_mib(limit, mib, sizeof(mib)));
        label(f, xp(limit) - 3, y, "end", "mark", text);
        return;
    }
    marker_line(f, PHYSTOP, y + 2, y1, "#555", 0);
    snprintf(text, sizeof(text), "limit %s", hex_mib(limit, mib, sizeof(mib)));
    label(f, xp(limit) - 3, y, "end", "mark", text);
    snprintf(text, sizeof(text), "PHYSTOP %s", hex_mib(PHYSTOP, mib, sizeof(mib)));
    label(f, xp(PHYSTOP) + 3, y, "start", "mark", text);
}

/* The hatching that marks a failed shape (an SVG pattern, defined once per picture). */
static const char *const hatch_def =
    "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
    "patternTransform=\"rotate(45)\"><rect width=\"3\" height=\"6\" fill=\"" RED "\" "
    "fill-opacity=\"0.55\"/></pattern></defs>\n";

/* The SVG of one graded PC: failure bands, markers, the physical lanes, the virtual lanes. */
static void pc_svg(FILE *f, const struct lg_pc *pc)
{
    struct callout c[MAXCALLOUTS];
    int nc = callouts(pc, c);
    struct layout l = {nc, nc * BAND + 18};
    int h = lane_y(&l, 8) + 6;

    fprintf(f,
            "<svg class=\"memmap\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
            "height=\"%d\" viewBox=\"0 0 %d %d\">\n%s",
            SVG_W, h, SVG_W, h, hatch_def);
    markers(f, pc, &l, first_failed(pc->checks, "mem ") != NULL);
    lane_map(f, pc->exp, lane_y(&l, 0), first_failed(pc->checks, "sane ") != NULL);
    lane_rows(f, pc, pc->exp->rows, lane_y(&l, 1), 0, 0, "kmap pa (expected)");
    lane_rows(f, pc, pc->rep->kmap, lane_y(&l, 2), 0, 1, "kmap pa (reported)");
    axis(f, lane_y(&l, 3), 0, 0);
    lane_rows(f, pc, pc->exp->rows, lane_y(&l, 5), 1, 0, "kmap va (expected)");
    lane_rows(f, pc, pc->rep->kmap, lane_y(&l, 6), 1, 1, "kmap va (reported)");
    axis(f, lane_y(&l, 7), 1, pc->kernel.kernbase);
    for (int i = 0; i < nc; i++)
        draw_callout(f, &l, &c[i], i);
    fprintf(f, "</svg>\n");
}

/* CSS class of a verdict: its row of lg_verdict.c. */
static const char *verdict_class(enum lg_verdict v)
{
    return lg_verdict_info(v)->css;
}

/* The id of a PC's section: "pc-" and its name (a manifest seat name, or made safe here). */
static void anchor(FILE *f, const struct lg_pc *pc)
{
    fputs("pc-", f);
    for (const char *c = pc->name; *c; c++)
        fputc(strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", *c) ? *c
                                                                                             : '_',
              f);
}

/* The failed checks of one PC as a table. */
static void pc_checks(FILE *f, const struct lg_pc *pc)
{
    if (!pc->checks || pc->checks->nfail == 0)
        return;
    fprintf(f, "<table class=\"checks\"><tr><th>check</th><th>expected</th><th>reported</th>"
               "</tr>\n");
    for (int j = 0; j < pc->checks->n; j++) {
        const struct lg_check *c = &pc->checks->c[j];
        if (c->ok)
            continue;
        fprintf(f, "<tr><td>");
        lg_xml_text(f, c->name);
        fprintf(f, "</td><td>");
        lg_xml_text(f, c->expected);
        fprintf(f, "</td><td>");
        lg_xml_text(f, c->reported);
        fprintf(f, "</td></tr>\n");
    }
    fprintf(f, "</table>\n");
}

/* The last lines of the console, for a PC that stopped or gave no complete report. */
static void console_tail(FILE *f, const struct lg_pc *pc)
{
    if (!lg_verdict_info(pc->verdict)->console_tail)
        return;
    if (pc->ntail == 0) {
        fprintf(f, "<p class=\"note\">The console sent no line.</p>\n");
        return;
    }
    fprintf(f, "<p class=\"note\">The console's last %d lines:</p>\n<pre class=\"tail\">",
            pc->ntail);
    for (int i = 0; i < pc->ntail; i++) {
        lg_xml_text(f, lg_pc_tail(pc, i));
        fputc('\n', f);
    }
    fprintf(f, "</pre>\n");
}

/* Where a PC's console came from: "serial:/dev/...", "file:...", "telnet:host:port", "stdin". */
static void console_text(FILE *f, const struct lg_source *src)
{
    static const char *const kinds[] = {[LG_SRC_FILE] = "file:",
                                        [LG_SRC_STDIN] = "stdin",
                                        [LG_SRC_SERIAL] = "serial:",
                                        [LG_SRC_TCP] = "tcp:",
                                        [LG_SRC_TELNET] = "telnet:"};
    fputs(kinds[src->kind], f);
    if (src->kind == LG_SRC_STDIN)
        return;
    lg_xml_text(f, src->path);
    if (src->kind == LG_SRC_TCP || src->kind == LG_SRC_TELNET) {
        fputc(':', f);
        lg_xml_text(f, src->port);
    }
}

/* The verdict's one line; for a PC that did not pass, in a banner with what to do. */
static void banner(FILE *f, const struct lg_pc *pc)
{
    const struct lg_verdict_info *v = lg_verdict_info(pc->verdict);

    fprintf(f, "<p class=\"%s\">", pc->verdict == LG_PASS ? "reason" : "banner");
    lg_xml_text(f, pc->reason);
    fprintf(f, "</p>\n");
    if (pc->verdict != LG_PASS) {
        fprintf(f, "<p class=\"todo\">What to do: ");
        lg_xml_text(f, v->todo);
        fprintf(f, ".</p>\n");
    }
}

/* The machine and its milestones (version 3 and later reports; lg_identity.c words them). */
static void pc_identity(FILE *f, const struct lg_report *rep)
{
    char text[512];
    lg_id_summary(rep, text, sizeof(text));
    if (!text[0])
        return;
    fprintf(f, "<p class=\"src\">machine: ");
    lg_xml_text(f, text);
    lg_id_times(rep, text, sizeof(text));
    fprintf(f, "<br>milestones: ");
    lg_xml_text(f, text);
    fprintf(f, "</p>\n");
}

/* One PC's section: its name, student and verdict, banner, machine, checks, notes, picture,
 * console. */
static void pc_section(FILE *f, const struct lg_pc *pc)
{
    fprintf(f, "<section class=\"pc\" id=\"");
    anchor(f, pc);
    fprintf(f, "\"><h2>");
    lg_xml_text(f, pc->name);
    if (pc->student[0]) {
        fprintf(f, " <span class=\"student\">");
        lg_xml_text(f, pc->student);
        fprintf(f, "</span>");
    }
    fprintf(f, " <span class=\"%s\">%s</span></h2>\n", verdict_class(pc->verdict),
            lg_verdict_name(pc->verdict));
    banner(f, pc);
    fprintf(f, "<p class=\"src\">console: ");
    console_text(f, &pc->src);
    fprintf(f, "; kernel: ");
    lg_xml_text(f, pc->src.kernel);
    fprintf(f, "; %d report(s) begun, %d complete</p>\n", pc->col.boots, pc->col.complete);
    if (pc->rep && lg_verdict_info(pc->verdict)->graded)
        pc_identity(f, pc->rep);
    pc_checks(f, pc);
    for (int j = 0; j < pc->nnotes; j++) {
        fprintf(f, "<p class=\"note\">note: ");
        lg_xml_text(f, pc->notes[j]);
        fprintf(f, "</p>\n");
    }
    if (pc->rep && pc->exp && lg_verdict_info(pc->verdict)->graded)
        pc_svg(f, pc);
    console_tail(f, pc);
    fprintf(f, "<p class=\"top\"><a href=\"#summary\">back to the summary</a></p></section>\n");
}

/* The table at the top: one row per PC in the page's order, each linking to its section. */
static void summary(FILE *f, const struct lg_pc *pcs, const int *order, int n)
{
    char mib[40];

    fprintf(f, "<p class=\"counts\">");
    lg_out_counts(f, pcs, n); /* plain text: nothing in it needs escaping */
    fprintf(f, "</p>\n<table class=\"summary\" id=\"summary\"><tr><th>PC</th><th>student</th>"
               "<th>verdict</th><th>limit</th><th>free pages</th><th>reason</th></tr>\n");
    for (int k = 0; k < n; k++) {
        const struct lg_pc *pc = &pcs[order[k]];
        fprintf(f, "<tr><td><a href=\"#");
        anchor(f, pc);
        fprintf(f, "\">");
        lg_xml_text(f, pc->name);
        fprintf(f, "</a></td><td>");
        lg_xml_text(f, pc->student[0] ? pc->student : "-");
        fprintf(f, "</td><td class=\"%s\">%s</td>", verdict_class(pc->verdict),
                lg_verdict_name(pc->verdict));
        if (pc->exp)
            fprintf(f, "<td class=\"num\">%s</td><td>%u</td><td>",
                    hex_mib(pc->exp->ml.limit, mib, sizeof(mib)), pc->exp->free);
        else
            fprintf(f, "<td>-</td><td>-</td><td>");
        lg_xml_text(f, pc->reason);
        fprintf(f, "</td></tr>\n");
    }
    fprintf(f, "</table>\n");
}

/* Sorting the page: a verdict's rank (failures first), then the order the PCs were given. */
static const struct lg_pc *sort_pcs;

static int by_rank(const void *a, const void *b)
{
    int i = *(const int *)a, j = *(const int *)b;
    int ri = lg_verdict_info(sort_pcs[i].verdict)->rank;
    int rj = lg_verdict_info(sort_pcs[j].verdict)->rank;
    return ri != rj ? ri - rj : i - j;
}

static const char *const css =
    "body{font-family:sans-serif;margin:1em 2em}table{border-collapse:collapse;margin:.5em 0}"
    "td,th{border:1px solid #ccc;padding:2px 6px;font-size:13px;text-align:left}"
    ".pass{color:#1b5e20;font-weight:bold}.fail{color:#d50000;font-weight:bold}"
    ".other,.error{color:#e65100;font-weight:bold}.damaged{color:#6a1b9a;font-weight:bold}"
    ".src,.note,.todo{color:#555;font-size:13px}"
    ".student{color:#333;font-weight:normal}"
    ".banner{background:#ffebee;border-left:6px solid #d50000;padding:6px 10px;font-size:15px;"
    "font-weight:bold;color:#b71c1c}"
    "pre.tail{background:#f5f5f5;border:1px solid #ccc;padding:6px;font-size:12px;"
    "white-space:pre-wrap}"
    "section.pc{border-top:1px solid #999;margin-top:1em}.top{font-size:12px}"
    "td.num{white-space:nowrap}";

static const char *const legend =
    "<p class=\"note\">Pictures: x axis is logarithmic, x = log2(1 + address / 64 KiB), so 1 MiB, "
    "16 MiB, 256 MiB and 4 GiB sit near 1/4, 1/2, 3/4 and the end (virtual lanes measure from "
    "KERNBASE, marked KB). Physical map colors: <span style=\"color:#4caf50\">usable</span>, "
    "<span style=\"color:#9e9e9e\">reserved</span>, <span style=\"color:#2196f3\">ACPI</span>, "
    "<span style=\"color:#9c27b0\">NVS</span>, <span style=\"color:#f44336\">unusable</span>. "
    "kmap rows: <span style=\"color:#ef6c00\">rw</span>, <span style=\"color:#1e88e5\">r-</span>. "
    "A shape whose check failed is hatched and outlined in red, with the check above the "
    "picture. Hover a shape for its exact range.</p>\n";

int lg_out_html(FILE *f, const struct lg_pc *pcs, int n)
{
    int *order = malloc(sizeof(int) * (size_t)(n > 0 ? n : 1));

    if (!order)
        return -1;
    for (int i = 0; i < n; i++)
        order[i] = i;
    sort_pcs = pcs;
    qsort(order, (size_t)n, sizeof(int), by_rank);
    fprintf(f,
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<title>bootlab lab grades</title><style>%s</style></head><body>\n"
            "<h1>bootlab lab grades</h1>\n",
            css);
    summary(f, pcs, order, n);
    fputs(legend, f);
    for (int k = 0; k < n; k++)
        pc_section(f, &pcs[order[k]]);
    fprintf(f, "</body></html>\n");
    free(order);
    return ferror(f) ? -1 : 0;
}
