/*
 * lg_html.c - the HTML report: a summary table, then each PC with its failed
 * checks and an inline SVG of its physical memory map and kmap rows.
 *
 * Scale: addresses span 0 to 4 GiB but the interesting parts (the first
 * MiB, a 16 KiB text row) are tiny, so the x axis is logarithmic:
 * x = log2(1 + a / 64 KiB) / 16 of the width. 64 KiB, 1 MiB, 16 MiB,
 * 256 MiB and 4 GiB fall near 1/16, 1/4, 1/2, 3/4 and the full width;
 * the virtual lane measures a - KERNBASE the same way (0 to 2 GiB). Every
 * shape carries a <title> with its exact range. No script, no external file.
 */
#include "hw-tests/lg_out.h"

#include <math.h>
#include <string.h>
#include "mm/memlayout.h"

#define SVG_W  960
#define LEFT   150 /* room for lane labels */
#define PLOT_W (SVG_W - LEFT - 20)
#define LANE_H 22
#define UNIT   65536.0

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

/* Fill color of a sanitized range by E820 type (ACPI 6.x table 15-374 numbering). */
static const char *type_color(uint32_t type)
{
    static const char *const c[] = {"#bbb",    "#4caf50", "#9e9e9e", "#2196f3",
                                    "#9c27b0", "#f44336", "#795548", "#009688"};
    return type < 8 ? c[type] : "#ff9800";
}

/*
 * One rectangle [x0, x1) in lane y with a fill, an optional red outline and a
 * tooltip. Ranges narrower than minw pixels are widened to minw (leftwards
 * at the right edge) so that a 16 KiB text row stays visible and clickable.
 */
static void rect(FILE *f, double x0, double x1, int y, double minw, const char *fill, int bad,
                 const char *tip)
{
    if (x1 - x0 < minw && x0 + minw > LEFT + PLOT_W)
        x0 = x1 - minw;
    else if (x1 - x0 < minw)
        x1 = x0 + minw;
    fprintf(f,
            "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" stroke=\"%s\" "
            "stroke-width=\"%d\"><title>",
            x0, y, x1 - x0, LANE_H - 4, fill, bad ? "#d50000" : "#333", bad ? 3 : 1);
    lg_xml_text(f, tip);
    fprintf(f, "</title></rect>\n");
}

/* An 11 px SVG text at (x, y), escaped. */
static void label(FILE *f, double x, int y, const char *anchor, const char *text)
{
    fprintf(f, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"%s\">", x, y, anchor);
    lg_xml_text(f, text);
    fprintf(f, "</text>\n");
}

/* The sanitized map (the grader's, from the raw map) as colored ranges. */
static void lane_map(FILE *f, const struct lg_expect *x, int y)
{
    char tip[128];
    label(f, 4, y + 13, "start", "physical map");
    for (int i = 0; i < x->nsane; i++) {
        const struct e820_range *r = &x->sane[i];
        uint64_t end = r->end > 0x100000000ull ? 0x100000000ull : r->end;
        if (r->start >= 0x100000000ull)
            continue;
        snprintf(tip, sizeof(tip), "0x%llx-0x%llx %s", (unsigned long long)r->start,
                 (unsigned long long)r->end, e820_type_name(r->type));
        rect(f, xp(r->start), xp(end), y, 2, type_color(r->type), 0, tip);
    }
}

/* 1 when any check whose name starts with prefix failed. */
static int failed(const struct lg_checks *cs, const char *prefix)
{
    for (int i = 0; i < cs->n; i++)
        if (!cs->c[i].ok && !strncmp(cs->c[i].name, prefix, strlen(prefix)))
            return 1;
    return 0;
}

/* kmap rows in one lane: physical or virtual, expected or reported. */
static void lane_rows(FILE *f, const struct lg_pc *pc, const struct lg_kmaprow *rows, int y,
                      int virt, const char *name)
{
    static const int order[LG_NKMAP] = {0, 2, 3, 1}; /* the narrow text row last, on top */
    char tip[160], prefix[32];
    label(f, 4, y + 13, "start", name);
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
             failed(pc->checks, prefix), tip);
        if (x1 - x0 > 28)
            label(f, (x0 + x1) / 2, y + 13, "middle", lg_kmap_names[i]);
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
        label(f, x, y + 16, "middle", text);
    }
}

/* A vertical marker over the physical lanes (limit, PHYSTOP). */
static void marker(FILE *f, uint64_t a, int y0, int y1, const char *color, const char *text)
{
    fprintf(f,
            "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" "
            "stroke-dasharray=\"4 2\"/>\n",
            xp(a), y0, xp(a), y1, color);
    label(f, xp(a) + 2, y0 + 9, "start", text);
}

/* The SVG of one graded PC. */
static void pc_svg(FILE *f, const struct lg_pc *pc)
{
    const int h = 10 * LANE_H + 20;
    fprintf(f,
            "<svg class=\"memmap\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
            "height=\"%d\" viewBox=\"0 0 %d %d\">\n",
            SVG_W, h, SVG_W, h);
    marker(f, pc->exp->ml.limit, 2, 5 * LANE_H, "#d50000", "limit");
    marker(f, PHYSTOP, 2, 5 * LANE_H, "#555", "PHYSTOP");
    lane_map(f, pc->exp, LANE_H);
    lane_rows(f, pc, pc->exp->rows, 2 * LANE_H, 0, "kmap pa (expected)");
    lane_rows(f, pc, pc->rep->kmap, 3 * LANE_H, 0, "kmap pa (reported)");
    axis(f, 4 * LANE_H, 0, 0);
    lane_rows(f, pc, pc->exp->rows, 6 * LANE_H, 1, "kmap va (expected)");
    lane_rows(f, pc, pc->rep->kmap, 7 * LANE_H, 1, "kmap va (reported)");
    axis(f, 8 * LANE_H, 1, pc->kernel.kernbase);
    fprintf(f, "</svg>\n");
}

/* CSS class of a verdict: green pass, red FAIL, orange for the rest. */
static const char *verdict_class(enum lg_verdict v)
{
    return v == LG_PASS ? "pass" : v == LG_FAIL ? "fail" : "other";
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

/* The machine and its milestones (version 2 reports; lg_identity.c words them). */
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

/* One PC's section: verdict, reason, machine, failed checks, notes, picture. */
static void pc_section(FILE *f, const struct lg_pc *pc)
{
    fprintf(f, "<section class=\"pc\"><h2>");
    lg_xml_text(f, pc->name);
    fprintf(f, " <span class=\"%s\">%s</span></h2>\n<p>", verdict_class(pc->verdict),
            lg_verdict_name(pc->verdict));
    lg_xml_text(f, pc->reason);
    fprintf(f, "</p>\n<p class=\"src\">source: ");
    lg_xml_text(f, pc->src.spec);
    fprintf(f, "; %d report(s) begun, %d complete</p>\n", pc->col.boots, pc->col.complete);
    if (pc->rep)
        pc_identity(f, pc->rep);
    pc_checks(f, pc);
    for (int j = 0; j < pc->nnotes; j++) {
        fprintf(f, "<p class=\"note\">note: ");
        lg_xml_text(f, pc->notes[j]);
        fprintf(f, "</p>\n");
    }
    if (pc->rep && pc->exp)
        pc_svg(f, pc);
    fprintf(f, "</section>\n");
}

/* The table at the top: one row per PC. */
static void summary(FILE *f, const struct lg_pc *pcs, int n)
{
    fprintf(f, "<table class=\"summary\"><tr><th>PC</th><th>verdict</th><th>limit</th>"
               "<th>free pages</th><th>reason</th></tr>\n");
    for (int i = 0; i < n; i++) {
        fprintf(f, "<tr><td>");
        lg_xml_text(f, pcs[i].name);
        fprintf(f, "</td><td class=\"%s\">%s</td>", verdict_class(pcs[i].verdict),
                lg_verdict_name(pcs[i].verdict));
        if (pcs[i].exp)
            fprintf(f, "<td>0x%08x</td><td>%u</td><td>", pcs[i].exp->ml.limit, pcs[i].exp->free);
        else
            fprintf(f, "<td>-</td><td>-</td><td>");
        lg_xml_text(f, pcs[i].reason);
        fprintf(f, "</td></tr>\n");
    }
    fprintf(f, "</table>\n");
}

static const char *const css =
    "body{font-family:sans-serif;margin:1em 2em}table{border-collapse:collapse;margin:.5em 0}"
    "td,th{border:1px solid #ccc;padding:2px 6px;font-size:13px;text-align:left}"
    ".pass{color:#1b5e20;font-weight:bold}.fail{color:#d50000;font-weight:bold}"
    ".other{color:#e65100;font-weight:bold}.src,.note{color:#555;font-size:13px}"
    "section.pc{border-top:1px solid #999;margin-top:1em}";

static const char *const legend =
    "<p class=\"note\">Pictures: x axis is logarithmic, x = log2(1 + address / 64 KiB), so 1 MiB, "
    "16 MiB, 256 MiB and 4 GiB sit near 1/4, 1/2, 3/4 and the end (virtual lanes measure from "
    "KERNBASE, marked KB). Physical map colors: <span style=\"color:#4caf50\">usable</span>, "
    "<span style=\"color:#9e9e9e\">reserved</span>, <span style=\"color:#2196f3\">ACPI</span>, "
    "<span style=\"color:#9c27b0\">NVS</span>, <span style=\"color:#f44336\">unusable</span>. "
    "kmap rows: <span style=\"color:#ef6c00\">rw</span>, <span style=\"color:#1e88e5\">r-</span>; "
    "a row with a failed check is outlined in red. Hover a shape for its exact range.</p>\n";

int lg_out_html(FILE *f, const struct lg_pc *pcs, int n)
{
    fprintf(f,
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<title>bootlab lab grades</title><style>%s</style></head><body>\n"
            "<h1>bootlab lab grades</h1>\n",
            css);
    summary(f, pcs, n);
    fputs(legend, f);
    for (int i = 0; i < n; i++)
        pc_section(f, &pcs[i]);
    fprintf(f, "</body></html>\n");
    return ferror(f) ? -1 : 0;
}
