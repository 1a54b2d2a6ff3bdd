/*
 * lg_out.c - terminal, JUnit XML and CSV outputs (see lg_out.h).
 */
#include "hw-tests/lg_out.h"

#include <string.h>

/* Limit and free pages of a graded PC, as text ("-" without a readable report). */
static void mem_cols(const struct lg_pc *pc, char *limit, char *free_pages, size_t cap)
{
    if (pc->exp && lg_verdict_info(pc->verdict)->graded) {
        snprintf(limit, cap, "0x%08x", pc->exp->ml.limit);
        snprintf(free_pages, cap, "%u", pc->exp->free);
    } else {
        snprintf(limit, cap, "-");
        snprintf(free_pages, cap, "-");
    }
}

/* Seconds from opening a PC's input to its verdict being known. */
static double pc_time(const struct lg_pc *pc)
{
    return pc->t_end - pc->t_start;
}

/* "    machine: ..." and "    milestones: ..." for a version-3 report (lg_identity.c). */
static void identity_lines(FILE *f, const struct lg_pc *pc)
{
    char text[512], safe[512];
    if (!pc->rep || !lg_verdict_info(pc->verdict)->graded)
        return;
    lg_id_summary(pc->rep, text, sizeof(text));
    if (!text[0])
        return;
    lg_safe(text, safe, sizeof(safe));
    fprintf(f, "    machine: %s\n", safe);
    lg_id_times(pc->rep, text, sizeof(text));
    lg_safe(text, safe, sizeof(safe));
    fprintf(f, "    milestones: %s\n", safe);
}

void lg_out_details(FILE *f, const struct lg_pc *pcs, int n)
{
    char label[LG_NAME * 2 + 4];

    for (int i = 0; i < n; i++) {
        const struct lg_pc *pc = &pcs[i];
        fprintf(f, "%s: %s - %s\n", lg_pc_label(pc, label, sizeof(label)),
                lg_verdict_name(pc->verdict), pc->reason);
        identity_lines(f, pc);
        for (int j = 0; pc->checks && j < pc->checks->n; j++) {
            const struct lg_check *c = &pc->checks->c[j];
            char e[LG_CHECK_TEXT], r[LG_CHECK_TEXT];
            if (c->ok)
                continue;
            lg_safe(c->expected, e, sizeof(e));
            lg_safe(c->reported, r, sizeof(r));
            fprintf(f, "    FAIL %-22s expected %s\n         %-22s reported %s\n", c->name, e, "",
                    r);
        }
        if (pc->checks && pc->checks->dropped)
            fprintf(f, "    ... %d more failed checks not listed\n", pc->checks->dropped);
        for (int j = 0; j < pc->nnotes; j++)
            fprintf(f, "    note: %s\n", pc->notes[j]);
    }
}

/* The widest PC name and student name, at least the column headers' widths. */
static void name_widths(const struct lg_pc *pcs, int n, int *wpc, int *wstudent)
{
    *wpc = 4;
    *wstudent = 0;
    for (int i = 0; i < n; i++) {
        int a = (int)strlen(pcs[i].name), b = (int)strlen(pcs[i].student);
        *wpc = a > *wpc ? a : *wpc;
        *wstudent = b > *wstudent ? b : *wstudent;
    }
    if (*wstudent > 0 && *wstudent < 7)
        *wstudent = 7; /* "STUDENT"; no column at all when no PC has a student */
}

/* "N PCs: 7 pass, 1 FAIL, ..." with every verdict of the table. */
void lg_out_counts(FILE *f, const struct lg_pc *pcs, int n)
{
    int count[LG_NVERDICTS] = {0};

    for (int i = 0; i < n; i++)
        count[pcs[i].verdict < LG_NVERDICTS ? pcs[i].verdict : LG_ERROR]++;
    fprintf(f, "%d PCs:", n);
    for (int v = 0; v < LG_NVERDICTS; v++)
        fprintf(f, "%s %d %s", v ? "," : "", count[v], lg_verdict_name((enum lg_verdict)v));
    fputc('\n', f);
}

void lg_out_table(FILE *f, const struct lg_pc *pcs, int n)
{
    char limit[16], free_pages[16], reason[61];
    int w, ws;

    name_widths(pcs, n, &w, &ws);
    fprintf(f, "\n%-*s %-*s%s%-10s %-7s %-10s %-7s %-8s %s\n", w, "PC", ws, ws ? "STUDENT" : "",
            ws ? " " : "", "VERDICT", "CHECKS", "LIMIT", "FREE", "TIME", "REASON");
    for (int i = 0; i < n; i++) {
        const struct lg_pc *pc = &pcs[i];
        char checks[16] = "-";
        if (pc->checks)
            snprintf(checks, sizeof(checks), "%d/%d", pc->checks->n - pc->checks->nfail,
                     pc->checks->n);
        mem_cols(pc, limit, free_pages, sizeof(limit));
        snprintf(reason, sizeof(reason), "%s", pc->reason);
        fprintf(f, "%-*s %-*s%s%-10s %-7s %-10s %-7s %7.2fs %s\n", w, pc->name, ws,
                ws ? (pc->student[0] ? pc->student : "-") : "", ws ? " " : "",
                lg_verdict_name(pc->verdict), checks, limit, free_pages, pc_time(pc), reason);
    }
    fputs("labgrade: ", f);
    lg_out_counts(f, pcs, n);
}

void lg_xml_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '&')
            fputs("&amp;", f);
        else if (c == '<')
            fputs("&lt;", f);
        else if (c == '>')
            fputs("&gt;", f);
        else if (c == '"')
            fputs("&quot;", f);
        else if (c == '\'')
            fputs("&#39;", f);
        else
            fputc(c >= 0x20 && c < 0x7F ? c : (c == '\n' ? c : '?'), f);
    }
}

/* The body of a JUnit failure: every failed check and every note. */
static void junit_body(FILE *f, const struct lg_pc *pc)
{
    char line[LG_CHECK_TEXT * 3];
    for (int j = 0; pc->checks && j < pc->checks->n; j++) {
        const struct lg_check *c = &pc->checks->c[j];
        if (c->ok)
            continue;
        snprintf(line, sizeof(line), "%s: expected %s, reported %s\n", c->name, c->expected,
                 c->reported);
        lg_xml_text(f, line);
    }
    for (int j = 0; j < pc->nnotes; j++) {
        snprintf(line, sizeof(line), "note: %s\n", pc->notes[j]);
        lg_xml_text(f, line);
    }
}

/*
 * One <testcase>, named "seat (student)", with the student as a property:
 * nothing for a pass, else the verdict's element (lg_verdict.c: <failure> or
 * <error>).
 */
static void junit_case(FILE *f, const struct lg_pc *pc)
{
    const char *tag = lg_verdict_info(pc->verdict)->junit;
    char label[LG_NAME * 2 + 4];

    fprintf(f, "  <testcase classname=\"labgrade.lab\" name=\"");
    lg_xml_text(f, lg_pc_label(pc, label, sizeof(label)));
    fprintf(f, "\" time=\"%.3f\">\n", pc_time(pc));
    fprintf(f, "    <properties><property name=\"seat\" value=\"");
    lg_xml_text(f, pc->name);
    fprintf(f, "\"/><property name=\"student\" value=\"");
    lg_xml_text(f, pc->student);
    fprintf(f, "\"/></properties>\n");
    if (tag) {
        fprintf(f, "    <%s type=\"%s\" message=\"", tag, lg_verdict_name(pc->verdict));
        lg_xml_text(f, pc->reason);
        fprintf(f, "\">");
        junit_body(f, pc);
        fprintf(f, "</%s>\n", tag);
    }
    fprintf(f, "    <system-out>source: ");
    lg_xml_text(f, pc->src.spec);
    fprintf(f, "\nverdict: %s\n", lg_verdict_name(pc->verdict));
    lg_xml_text(f, pc->reason);
    fprintf(f, "</system-out>\n  </testcase>\n");
}

int lg_out_junit(FILE *f, const struct lg_pc *pcs, int n)
{
    int fails = 0, errors = 0;
    double total = 0;

    for (int i = 0; i < n; i++) {
        const char *tag = lg_verdict_info(pcs[i].verdict)->junit;
        fails += tag && !strcmp(tag, "failure");
        errors += tag && !strcmp(tag, "error");
        total = pcs[i].t_end > total ? pcs[i].t_end : total;
    }
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    fprintf(f,
            "<testsuites name=\"labgrade\" tests=\"%d\" failures=\"%d\" errors=\"%d\" "
            "time=\"%.3f\">\n",
            n, fails, errors, total);
    fprintf(f,
            " <testsuite name=\"lab\" tests=\"%d\" failures=\"%d\" errors=\"%d\" "
            "time=\"%.3f\">\n",
            n, fails, errors, total);
    for (int i = 0; i < n; i++)
        junit_case(f, &pcs[i]);
    fprintf(f, " </testsuite>\n</testsuites>\n");
    return ferror(f) ? -1 : 0;
}

/* One CSV field, quoted (RFC 4180: double quotes doubled), non-ASCII as '?'. */
static void csv_field(FILE *f, const char *s, int last)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"')
            fputc('"', f);
        fputc(c >= 0x20 && c < 0x7F ? c : '?', f);
    }
    fputc('"', f);
    fputs(last ? "\r\n" : ",", f);
}

/*
 * The machine's columns (version 3 and later reports, else empty): CPU, system
 * (manufacturer and product), serial, UUID, microseconds from reset to the
 * first milestone and from it to the report.
 */
static void csv_identity(FILE *f, const struct lg_pc *pc)
{
    const struct lg_identity *id =
        pc->rep && lg_verdict_info(pc->verdict)->graded ? &pc->rep->id : NULL;
    int v3 = id && pc->rep->version >= 3;
    char cpu[128] = "", sys[128] = "", reset[24] = "", boot[24] = "";
    if (v3 && id->cpu_line && !id->cpu_none)
        snprintf(cpu, sizeof(cpu), "%s %u/%u/%u %s", id->vendor, id->family, id->model,
                 id->stepping, id->brand);
    if (v3 && id->smbios_line && !id->smbios_none)
        snprintf(sys, sizeof(sys), "%s %s", id->manufacturer, id->product);
    if (v3 && id->tsc_usable && id->reset_line)
        snprintf(reset, sizeof(reset), "%llu", (unsigned long long)id->reset_us);
    if (v3 && lg_id_boot_us(pc->rep) >= 0)
        snprintf(boot, sizeof(boot), "%lld", (long long)lg_id_boot_us(pc->rep));
    csv_field(f, cpu, 0);
    csv_field(f, sys, 0);
    csv_field(f, v3 && sys[0] ? id->serial : "", 0);
    csv_field(f, v3 && sys[0] ? id->uuid : "", 0);
    csv_field(f, reset, 0);
    csv_field(f, boot, 1);
}

int lg_out_csv(FILE *f, const struct lg_pc *pcs, int n)
{
    char buf[5][32];

    fputs("pc,student,verdict,checks_failed,checks,limit,free_pages,boots,reports,key,mac,source,"
          "seconds,reason,cpu,system,serial,uuid,reset_us,boot_us\r\n",
          f);
    for (int i = 0; i < n; i++) {
        const struct lg_pc *pc = &pcs[i];
        snprintf(buf[0], 32, "%d", pc->checks ? pc->checks->nfail : 0);
        snprintf(buf[1], 32, "%d", pc->checks ? pc->checks->n : 0);
        mem_cols(pc, buf[2], buf[3], 32);
        snprintf(buf[4], 32, "%.3f", pc_time(pc));
        csv_field(f, pc->name, 0);
        csv_field(f, pc->student, 0);
        csv_field(f, lg_verdict_name(pc->verdict), 0);
        csv_field(f, buf[0], 0);
        csv_field(f, buf[1], 0);
        csv_field(f, buf[2], 0);
        csv_field(f, buf[3], 0);
        fprintf(f, "\"%d\",\"%d\",", pc->col.boots, pc->col.complete);
        csv_field(f, pc->key, 0);
        csv_field(f, pc->rep && (pc->rep->have & LG_HAVE_NET) ? pc->rep->mac : "", 0);
        csv_field(f, pc->src.spec, 0);
        csv_field(f, buf[4], 0);
        csv_field(f, pc->reason, 0);
        csv_identity(f, pc);
    }
    return ferror(f) ? -1 : 0;
}
