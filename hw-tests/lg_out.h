/*
 * lg_out.h - the grader's outputs: verdicts and a summary table on the
 * terminal, JUnit XML for CI dashboards, CSV for gradebooks, and an HTML
 * page with each PC's memory map drawn to scale (lg_html.c).
 */
#ifndef BOOTLAB_HW_TESTS_LG_OUT_H
#define BOOTLAB_HW_TESTS_LG_OUT_H

#include <stdio.h>
#include "hw-tests/lg_pc.h"

/* lg_out_details - each PC's verdict line, its failed checks (expected/reported) and notes. */
void lg_out_details(FILE *f, const struct lg_pc *pcs, int n);

/* lg_out_table - the summary table (with a STUDENT column when any PC has one) and the counts. */
void lg_out_table(FILE *f, const struct lg_pc *pcs, int n);

/* lg_out_counts - "N PCs: 7 pass, 1 FAIL, ..." with every verdict, and a newline. */
void lg_out_counts(FILE *f, const struct lg_pc *pcs, int n);

/* lg_out_junit - JUnit XML: one testcase per PC. Returns 0, or -1 on a write error. */
int lg_out_junit(FILE *f, const struct lg_pc *pcs, int n);

/* lg_out_csv - CSV (RFC 4180): a header line and one line per PC. 0 or -1. */
int lg_out_csv(FILE *f, const struct lg_pc *pcs, int n);

/* lg_out_html - a self-contained HTML page with inline SVG, no script. 0 or -1. */
int lg_out_html(FILE *f, const struct lg_pc *pcs, int n);

/* lg_xml_text - write s to f with &, <, >, " and ' escaped and non-ASCII bytes as '?'. */
void lg_xml_text(FILE *f, const char *s);

#endif
