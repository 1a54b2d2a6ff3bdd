/*
 * test_lg_uefi.c - the grader on UEFI PCs' reports (version 2, recorded
 * under OVMF: tests/hw-tests/logs/uefi, see record_logs.py) and on edited
 * copies of them: the raw lines are the firmware's descriptors, which the
 * grader converts itself (mm/efimap.c) before it sanitizes and clamps; the
 * fb row must sit where a framebuffer may; the secureboot line, the fb row,
 * the UEFI sources and method belong to UEFI boots only (the rules "when
 * secureboot", "when kmap fb", "raw source"), and to version 2 only: in a
 * version 1 report they are unknown lines. Every edit recomputes the CRC,
 * so the edit is what is caught.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests/hw-tests/lgtest.h"

/* Grade text against a kernel ELF; the verdict must be want. */
static struct lg_pc *grade_with(const char *text, const char *kernel, enum lg_verdict want)
{
    struct lg_pc *pc = lgt_grade_as(text, strlen(text), "test", kernel, NULL);
    if (pc->verdict != want)
        print_error("verdict %s (%s), want %s\n", lg_verdict_name(pc->verdict), pc->reason,
                    lg_verdict_name(want));
    assert_int_equal(pc->verdict, want);
    return pc;
}

/* Grade text against the (version 2) UEFI logs' kernel. */
static struct lg_pc *grade(const char *text, enum lg_verdict want)
{
    return grade_with(text, UEFI_KERNEL, want);
}

/* 1 when some check whose name starts with prefix failed. */
static int failed_like(const struct lg_pc *pc, const char *prefix)
{
    for (int i = 0; i < pc->checks->n; i++)
        if (!pc->checks->c[i].ok && !strncmp(pc->checks->c[i].name, prefix, strlen(prefix)))
            return 1;
    return 0;
}

/* text with the report lines starting with prefix replaced, graded against kernel: check fails. */
static void edit_fails(const char *text, const char *kernel, const char *prefix, const char *with,
                       const char *check)
{
    char *bad = lgt_edit(text, prefix, with, 1);
    struct lg_pc *pc = grade_with(bad, kernel, LG_FAIL);
    if (!failed_like(pc, check))
        print_error("no failed check '%s'; reason: %s\n", check, pc->reason);
    assert_true(failed_like(pc, check));
    assert_false(lgt_failed(pc, "crc32"));
    lgt_free(pc);
    free(bad);
}

/* The version 2 UEFI log with the report lines starting with prefix replaced; check must fail. */
static void expect_edit_fails(const char *prefix, const char *with, const char *check)
{
    char *text = lgt_read(UEFI_LOGS "m128.log", NULL);
    edit_fails(text, UEFI_KERNEL, prefix, with, check);
    free(text);
}

static void test_recorded_uefi_logs_pass(void **state)
{
    static const char *const logs[] = {UEFI_LOGS "m128.log", UEFI_LOGS "m3583.log"};
    (void)state;
    for (size_t i = 0; i < sizeof(logs) / sizeof(logs[0]); i++) {
        char *text = lgt_read(logs[i], NULL);
        struct lg_pc *pc = grade(text, LG_PASS);
        assert_int_equal(pc->rep->version, 2);
        assert_int_equal(pc->rep->end.copy, 1);
        assert_non_null(lgt_check(pc, "khash sha256"));
        assert_non_null(lgt_check(pc, "when secureboot"));
        assert_non_null(lgt_check(pc, "when kmap fb"));
        assert_string_equal(pc->rep->method, "uefi");
        assert_int_equal(pc->rep->nefi, (int)pc->rep->raw_entries);
        assert_true(pc->rep->nefi > 100); /* OVMF: about 120 descriptors */
        assert_int_equal(pc->exp->nrows, LG_NKMAP + 1);
        assert_true(pc->exp->fb_ok);
        assert_non_null(lgt_check(pc, "kmap fb pa"));
        assert_non_null(lgt_check(pc, "kmap fb place"));
        assert_string_equal(pc->rep->sb_state, "off");
        assert_string_equal(pc->rep->sb_kernel, "unverified");
        lgt_free(pc);
        free(text);
    }
}

/* -m 128: the descriptors give OVMF's 16 ranges, limit and free pages as the kernel found. */
static void test_m128_values(void **state)
{
    (void)state;
    char *text = lgt_read(UEFI_LOGS "m128.log", NULL);
    struct lg_pc *pc = grade(text, LG_PASS);
    assert_int_equal(pc->exp->nsane, 16);
    assert_int_equal(pc->exp->ml.limit, 0x07f58000);
    assert_int_equal(pc->exp->rows[LG_KMAP_FB].va0, 0xf0000000);
    assert_int_equal(pc->exp->rows[LG_KMAP_FB].pages, 1000);
    lgt_free(pc);
    free(text);
}

/* The grader converts the descriptors itself: one type changed and the kernel's sane map is wrong.
 */
static void test_descriptor_type(void **state)
{
    (void)state;
    expect_edit_fails("raw 5 type=10 ",
                      "raw 5 type=7 start=0x0000000000800000 pages=0x0000000000000008 "
                      "attr=0x000000000000000f",
                      "sane map");
}

static void test_descriptor_dropped(void **state)
{
    (void)state;
    expect_edit_fails("raw 119 ", NULL, "raw entries");
}

static void test_descriptor_size_below_40(void **state)
{
    (void)state;
    expect_edit_fails("raw method=uefi", "raw method=uefi entries=120 entry_size=32 flags=0x00",
                      "raw method");
}

/* The E820 flags mean nothing for a UEFI map: the loader sets none ("raw flags" itself fails). */
static void test_uefi_raw_flags(void **state)
{
    (void)state;
    char *text = lgt_read(UEFI_LOGS "m128.log", NULL);
    char *bad = lgt_edit(text, "raw method=uefi",
                         "raw method=uefi entries=120 entry_size=48 flags=0x01", 1);
    struct lg_pc *pc = grade(bad, LG_FAIL);
    assert_true(lgt_failed(pc, "raw flags"));
    lgt_free(pc);
    free(bad);
    free(text);
}

/* A UEFI descriptor line in E820's form (or the other way round) is not a line of method uefi. */
static void test_e820_line_in_a_uefi_map(void **state)
{
    (void)state;
    expect_edit_fails(
        "raw 3 ", "raw 3 base=0x0000000000100000 len=0x0000000000012000 type=1 attr=0x1", "format");
}

/* A framebuffer over usable RAM would map pages kalloc hands out a second time. */
static void test_fb_over_ram(void **state)
{
    (void)state;
    expect_edit_fails("kmap fb ",
                      "kmap fb va=0xf0000000-0xf03e8000 pa=0x00200000-0x005e8000 perm=rw "
                      "pages=1000",
                      "kmap fb place");
}

static void test_fb_pages(void **state)
{
    (void)state;
    expect_edit_fails("kmap fb ",
                      "kmap fb va=0xf0000000-0xf03e8000 pa=0x80000000-0x803e8000 perm=rw pages=999",
                      "kmap fb pages");
}

static void test_fb_virtual_address(void **state)
{
    (void)state;
    expect_edit_fails("kmap fb ",
                      "kmap fb va=0x80000000-0x803e8000 pa=0x80000000-0x803e8000 perm=rw "
                      "pages=1000",
                      "kmap fb va");
}

/* Leaving the row out does not hide it: its pages are in pt mapped and the walk's count. */
static void test_fb_row_dropped(void **state)
{
    (void)state;
    expect_edit_fails("kmap fb ", NULL, "pt mapped");
}

static void test_secureboot_line_required(void **state)
{
    (void)state;
    expect_edit_fails("secureboot ", NULL, "when secureboot");
    expect_edit_fails("secureboot ", "secureboot state=maybe kernel=verified", "format");
}

/* A UEFI network boot names its network identity: uefi-net needs the net line. */
static void test_uefi_net_needs_net_line(void **state)
{
    (void)state;
    expect_edit_fails(
        "boot ", "boot source=uefi-net loader=bootlab-uefi/1 drive=0x00 build=default", "when net");
}

/* A UEFI boot's lines in their places: secureboot after boot (and net), the fb row after dev. */
static void test_uefi_lines_in_order(void **state)
{
    (void)state;
    char *text = lgt_read(UEFI_LOGS "m128.log", NULL);
    char *moved = lgt_swap(text, "secureboot ", "boot ");
    struct lg_pc *pc = grade(moved, LG_FAIL);
    assert_true(failed_like(pc, "format"));
    lgt_free(pc);
    free(moved);
    moved = lgt_swap(text, "kmap fb ", "kmap dev ");
    pc = grade(moved, LG_FAIL);
    assert_true(failed_like(pc, "format"));
    lgt_free(pc);
    free(moved);
    free(text);
}

/* A BIOS boot (version 2) has no secureboot line, no fb row, no UEFI method: each is a rule. */
static void test_uefi_lines_in_a_bios_report(void **state)
{
    static const struct {
        const char *prefix, *with, *check;
    } edits[] = {
        {"boot ",
         "boot source=disk loader=bootlab-stage2/1 drive=0x80 build=default\n"
         "secureboot state=on kernel=verified",
         "when secureboot"},
        {"kmap dev ",
         "kmap dev va=0xfe000000-0x100000000 pa=0xfe000000-0x100000000 perm=rw "
         "pages=8192\nkmap fb va=0xf0000000-0xf03e8000 pa=0x80000000-0x803e8000 "
         "perm=rw pages=1000",
         "when kmap fb"},
        {"boot ", "boot source=uefi-disk loader=bootlab-stage2/1 drive=0x80 build=default",
         "raw source"},
        {"boot ", "boot source=uefi-disk loader=bootlab-stage2/1 drive=0x80 build=default",
         "when secureboot"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
        char *text = lgt_read(LOGS "m128.log", NULL);
        char *bad = lgt_edit(text, edits[i].prefix, edits[i].with, 1);
        struct lg_pc *pc = lgt_grade(bad, strlen(bad));
        assert_int_equal(pc->verdict, LG_FAIL);
        if (!failed_like(pc, edits[i].check))
            print_error("edit %zu: no failed check '%s'; reason: %s\n", i, edits[i].check,
                        pc->reason);
        assert_true(failed_like(pc, edits[i].check));
        assert_false(lgt_failed(pc, "crc32"));
        lgt_free(pc);
        free(bad);
        free(text);
    }
}

/* One framebuffer, one fb row: a second one is out of order. */
static void test_fb_row_twice(void **state)
{
    (void)state;
    expect_edit_fails(
        "kmap fb ",
        "kmap fb va=0xf0000000-0xf03e8000 pa=0x80000000-0x803e8000 perm=rw pages=1000\n"
        "kmap fb va=0xf0000000-0xf03e8000 pa=0x80000000-0x803e8000 perm=rw pages=1000",
        "format");
}

/* A UEFI PC's fb row inside the dev row: the dev row maps it already. */
static void test_fb_inside_dev_row(void **state)
{
    (void)state;
    expect_edit_fails("kmap fb ",
                      "kmap fb va=0xf0000000-0xf03e8000 pa=0xfe000000-0xfe3e8000 perm=rw "
                      "pages=1000",
                      "when kmap fb");
}

/*
 * The same report framed as version 1: UEFI's lines did not exist in version
 * 1. The source is unknown, the secureboot line is an unknown line, the
 * descriptors are not E820 entries, the method is not one of version 1's.
 */
static void test_uefi_lines_in_a_v1_report(void **state)
{
    static const char *const unknown[] = {"unknown boot source", "unknown line in a version 1",
                                          "raw entry needs I base="};
    char *text = lgt_read(UEFI_LOGS "m128.log", NULL);
    char *a = lgt_edit(text, "bootlab-report v2 begin", "bootlab-report v1 begin", 0);
    char *b = lgt_edit(a, "bootlab-report v2 end ", "bootlab-report v1 end lines=0 crc32=0x0", 0);
    char *v1 = lgt_edit(b, "\x01", NULL, 1); /* no line starts so: only the end marker is redone */
    struct lg_pc *pc = grade(v1, LG_FAIL);
    (void)state;
    assert_int_equal(pc->rep->version, 1);
    assert_false(lgt_failed(pc, "crc32"));
    assert_false(lgt_failed(pc, "lines"));
    for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
        int seen = 0;
        for (int p = 0; p < pc->rep->nproblems; p++)
            seen |= strstr(pc->rep->problem[p].text, unknown[i]) != NULL;
        if (!seen)
            print_error("no format problem naming '%s'\n", unknown[i]);
        assert_true(seen);
    }
    assert_true(lgt_failed(pc, "raw method"));
    lgt_free(pc);
    free(v1);
    free(b);
    free(a);
    free(text);
}

/* ---- version 4: the descriptors packed "raw I-J T:START:PAGES:ATTR ..." ---- */

static void test_v4_uefi_logs_pass(void **state)
{
    static const char *const logs[] = {"m128.log", "m3583.log"};
    (void)state;
    for (size_t i = 0; i < sizeof(logs) / sizeof(logs[0]); i++) {
        struct lg_pc *pc = lgt_pass_log(LOGS_UEFI, logs[i], KERNEL);
        assert_int_equal(pc->rep->version, 4);
        assert_string_equal(pc->rep->method, "uefi");
        assert_int_equal(pc->rep->nefi, (int)pc->rep->raw_entries);
        assert_true(pc->rep->nefi > 100);    /* OVMF: about 120 descriptors */
        assert_true(pc->rep->nlines <= 140); /* the report's budget (report-format.md) */
        assert_non_null(lgt_check(pc, "sane map"));
        assert_true(lgt_check(pc, "sane map")->ok);
        assert_non_null(lgt_check(pc, "kmap fb place"));
        lgt_free(pc);
    }
}

/*
 * The version 4 UEFI log with its line starting with prefix changed: the
 * text 'from' in it replaced by 'to' (or the whole line by 'to' when from
 * is NULL, or deleted when both are NULL). The check must fail.
 */
static void expect_v4_edit_fails(const char *prefix, const char *from, const char *to,
                                 const char *check)
{
    char *text = lgt_read(LOGS_UEFI "m128.log", NULL), line[512];
    const char *with = to;
    if (from) {
        const char *p = strstr(text, prefix), *eol = p ? strpbrk(p, "\r\n") : NULL;
        const char *at = p ? strstr(p, from) : NULL;
        assert_non_null(eol);
        assert_true(at && at < eol);
        snprintf(line, sizeof(line), "%.*s%s%.*s", (int)(at - p), p, to,
                 (int)(eol - at - strlen(from)), at + strlen(from));
        with = line;
    }
    edit_fails(text, KERNEL, prefix, with, check);
    free(text);
}

/* The grader converts the packed descriptors itself: one type changed and the sane map is wrong. */
static void test_v4_descriptor_type(void **state)
{
    (void)state;
    expect_v4_edit_fails("raw 0-7 ", " 10:800000:8:f", " 7:800000:8:f", "sane map");
}

/* The last line dropped: fewer descriptors than entries=. A middle line dropped: out of order. */
static void test_v4_line_dropped(void **state)
{
    (void)state;
    expect_v4_edit_fails("raw 119-", NULL, NULL, "raw entries");
    expect_v4_edit_fails("raw 8-15 ", NULL, NULL, "format");
}

/* Malformed packed lines are format problems, each caught by the parser. */
static void test_v4_malformed(void **state)
{
    (void)state;
    expect_v4_edit_fails("raw 0-7 ", "raw 0-7 ", "raw 0-8 ", "format");   /* 9 promised, 8 given */
    expect_v4_edit_fails("raw 0-7 ", "raw 0-7 ", "raw 7-0 ", "format");   /* backwards */
    expect_v4_edit_fails("raw 0-7 ", " 7:1000:", " 7:01000:", "format");  /* a leading zero */
    expect_v4_edit_fails("raw 0-7 ", " 7:1000:", " 7:0x1000:", "format"); /* 0x */
    expect_v4_edit_fails("raw 0-7 ", " 7:1000:98:f", " 7:1000:98", "format");     /* 3 fields */
    expect_v4_edit_fails("raw 0-7 ", " 7:1000:98:f", " 7:1000:98:f:0", "format"); /* 5 fields */
    expect_v4_edit_fails("raw 0-7 ", " 7:1000:98:f", " 7:1000:98:F", "format");   /* uppercase */
    expect_v4_edit_fails("raw 0-7 ", " 7:1000:98:f", " 7:1000:98:10000000000000000",
                         "format"); /* 17 digits */
}

/* Each version has its own descriptor line: version 3's form in a version 4 report is wrong. */
static void test_v4_rejects_v3_descriptor_line(void **state)
{
    (void)state;
    expect_v4_edit_fails("raw 119-", NULL,
                         "raw 119 type=10 start=0x0000000007f78000 pages=0x0000000000000088 "
                         "attr=0x000000000000000f",
                         "format");
}

/* ... and the packed form in a version 2 report (the recorded UEFI logs) is wrong too. */
static void test_v2_rejects_packed_line(void **state)
{
    (void)state;
    expect_edit_fails("raw 119 ", "raw 119-119 10:7f78000:88:f", "format");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_v4_uefi_logs_pass),
        cmocka_unit_test(test_v4_descriptor_type),
        cmocka_unit_test(test_v4_line_dropped),
        cmocka_unit_test(test_v4_malformed),
        cmocka_unit_test(test_v4_rejects_v3_descriptor_line),
        cmocka_unit_test(test_v2_rejects_packed_line),
        cmocka_unit_test(test_recorded_uefi_logs_pass),
        cmocka_unit_test(test_m128_values),
        cmocka_unit_test(test_descriptor_type),
        cmocka_unit_test(test_descriptor_dropped),
        cmocka_unit_test(test_descriptor_size_below_40),
        cmocka_unit_test(test_uefi_raw_flags),
        cmocka_unit_test(test_e820_line_in_a_uefi_map),
        cmocka_unit_test(test_fb_over_ram),
        cmocka_unit_test(test_fb_pages),
        cmocka_unit_test(test_fb_virtual_address),
        cmocka_unit_test(test_fb_row_dropped),
        cmocka_unit_test(test_secureboot_line_required),
        cmocka_unit_test(test_uefi_net_needs_net_line),
        cmocka_unit_test(test_uefi_lines_in_order),
        cmocka_unit_test(test_uefi_lines_in_a_bios_report),
        cmocka_unit_test(test_fb_row_twice),
        cmocka_unit_test(test_fb_inside_dev_row),
        cmocka_unit_test(test_uefi_lines_in_a_v1_report),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
