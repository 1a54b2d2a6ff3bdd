/*
 * test_lg_report.c - the grader end to end in memory (hw-tests/lg_collect.c,
 * lg_parse.c, lg_check.c, lg_pc.c) on logs recorded from real QEMU boots
 * (tests/hw-tests/logs, see record_logs.py; version 1 logs in logs/v1) and
 * on hand-made variants of them: truncated, damaged, noise, two boots,
 * copies, a forged self-check, reordered lines, wrong values. Every edit
 * that keeps the CRC right recomputes it, so the edit itself is what must
 * be caught.
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

static const char *const good_logs[] = {"m16.log",
                                        "m64.log",
                                        "m128.log",
                                        "m512.log",
                                        "m3584.log",
                                        "nographic-m256.log",
                                        "cmdline-marker-m128.log",
                                        "multiboot-net-m128.log"};
static const char *const v1_logs[] = {"m16.log",           "m64.log",   "m128.log",
                                      "m512.log",          "m3584.log", "minicom-m256.log",
                                      "nographic-m256.log"};

/* Grade text and assert the verdict; returns the PC (free with lgt_free). */
static struct lg_pc *grade_expect(const char *text, enum lg_verdict want)
{
    struct lg_pc *pc = lgt_grade(text, strlen(text));
    if (pc->verdict != want)
        print_error("verdict %s (%s), want %s\n", lg_verdict_name(pc->verdict), pc->reason,
                    lg_verdict_name(want));
    assert_int_equal(pc->verdict, want);
    return pc;
}

/* A recorded log with one report line replaced (CRC recomputed); must FAIL on check. */
static void expect_edit_fails(const char *log, const char *prefix, const char *with,
                              const char *check)
{
    char *text = lgt_read(log, NULL), *bad = lgt_edit(text, prefix, with, 1);
    struct lg_pc *pc = grade_expect(bad, LG_FAIL);
    if (!lgt_failed(pc, check))
        print_error("check '%s' did not fail; reason: %s\n", check, pc->reason);
    assert_true(lgt_failed(pc, check));
    assert_false(lgt_failed(pc, "crc32"));
    lgt_free(pc);
    free(bad);
    free(text);
}

static void test_recorded_logs_pass(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(good_logs) / sizeof(good_logs[0]); i++) {
        char path[256];
        snprintf(path, sizeof(path), LOGS "%s", good_logs[i]);
        char *text = lgt_read(path, NULL);
        struct lg_pc *pc = grade_expect(text, LG_PASS);
        assert_int_equal(pc->checks->nfail, 0);
        assert_true(pc->checks->n >= 60);
        assert_int_equal(pc->rep->version, 4);
        assert_int_equal(pc->rep->end.copy, 1);
        assert_int_equal(pc->col.boots, 1);
        assert_int_equal(pc->col.complete, 1);
        assert_non_null(lgt_check(pc, "kalloc free"));
        assert_non_null(lgt_check(pc, "khash sha256"));
        assert_non_null(lgt_check(pc, "kernel build"));
        assert_int_equal(pc->nnotes, 0);
        lgt_free(pc);
        free(text);
    }
}

/* Genuine version 1 logs, graded as version 1 against the kernel they came from. */
static void test_v1_logs_pass(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(v1_logs) / sizeof(v1_logs[0]); i++) {
        struct lg_pc *pc = lgt_pass_log(LOGS_V1, v1_logs[i], KERNEL_V1);
        assert_int_equal(pc->rep->version, 1);
        assert_int_equal(pc->rep->end.copy, 0);
        assert_null(lgt_check(pc, "khash sha256")); /* version 1 has no khash line */
        assert_null(lgt_check(pc, "kernel build")); /* and its kernel no build_tag */
        assert_true(pc->checks->n >= 55);
        lgt_free(pc);
    }
}

/*
 * Genuine logs of an older version (2 or 3), graded as that version against
 * the kernel they came from: the lines of version 3 (cpu, pt mode) are asked
 * for exactly from version 3 on.
 */
static void older_logs_pass(const char *dir, const char *kernel, int version)
{
    for (size_t i = 0; i < sizeof(good_logs) / sizeof(good_logs[0]); i++) {
        struct lg_pc *pc = lgt_pass_log(dir, good_logs[i], kernel);
        assert_int_equal(pc->rep->version, version);
        assert_int_equal(pc->rep->end.copy, 1);
        assert_non_null(lgt_check(pc, "khash sha256"));
        assert_int_equal(lgt_check(pc, "when cpu") != NULL, version >= 3);
        assert_int_equal(lgt_check(pc, "pt mode") != NULL, version >= 3);
        assert_true(pc->checks->n >= 60);
        lgt_free(pc);
    }
}

static void test_v2_logs_pass(void **state)
{
    (void)state;
    older_logs_pass(LOGS_V2, KERNEL_V2, 2);
}

static void test_v3_logs_pass(void **state)
{
    (void)state;
    older_logs_pass(LOGS_V3, KERNEL_V3, 3);
}

/* A version 2 report graded against a version 1 kernel, and the other way round: FAIL. */
static void test_versions_do_not_mix(void **state)
{
    (void)state;
    char *v2 = lgt_read(LOGS "m128.log", NULL), *v1 = lgt_read(LOGS_V1 "m128.log", NULL);
    struct lg_pc *pc = lgt_grade_as(v2, strlen(v2), "pc", KERNEL_V1, NULL);
    assert_int_equal(pc->verdict, LG_FAIL);
    assert_true(lgt_failed(pc, "khash sha256"));
    assert_non_null(strstr(lgt_check(pc, "khash sha256")->expected, "no erodata symbol"));
    lgt_free(pc);
    pc = lgt_grade_as(v1, strlen(v1), "pc", KERNEL, NULL);
    assert_int_equal(pc->verdict, LG_FAIL);
    assert_true(lgt_failed(pc, "kernel data"));
    lgt_free(pc);
    free(v1);
    free(v2);
}

/* The -m 128 report gives exactly the documented example's values (docs/report-format.md). */
static void test_m128_values(void **state)
{
    (void)state;
    char *text = lgt_read(LOGS "m128.log", NULL);
    struct lg_pc *pc = grade_expect(text, LG_PASS);
    assert_int_equal(pc->exp->ml.limit, 0x07fe0000);
    assert_int_equal(pc->exp->nsane, 6);
    assert_int_equal(pc->exp->pt_pages, 41);
    assert_int_equal(pc->exp->mapped, 40928);
    assert_int_equal(pc->exp->ppm, 1001);
    assert_int_equal(pc->exp->free, 32420);
    assert_string_equal(pc->exp->rows[1].perm, "r-");
    lgt_free(pc);
    free(text);
}

static void test_too_small_stops(void **state)
{
    (void)state;
    char *text = lgt_read(LOGS "m2-too-small.log", NULL);
    struct lg_pc *pc = grade_expect(text, LG_STOPPED);
    assert_non_null(strstr(pc->reason, "too little memory"));
    lgt_free(pc);
    free(text);
}

static void test_truncated_is_incomplete(void **state)
{
    (void)state;
    char *text = lgt_read(LOGS "m128.log", NULL), *cut = strstr(text, "kmap data");
    assert_non_null(cut);
    cut[0] = 0; /* the capture ends right after the text row */
    struct lg_pc *pc = grade_expect(text, LG_INCOMPLETE);
    assert_non_null(strstr(pc->reason, "last line: kmap text"));
    lgt_free(pc);
    free(text);
}

/*
 * A CRC that does not match: the bytes were damaged on the way, so the
 * verdict is "damaged", not FAIL, and a log file says it cannot be asked.
 */
static void test_bad_crc_is_damaged(void **state)
{
    (void)state;
    char *text = lgt_read(LOGS "m64.log", NULL),
         *bad = lgt_edit(text, "kalloc", "kalloc free=1", 0);
    struct lg_pc *pc = grade_expect(bad, LG_DAMAGED);
    assert_true(lgt_failed(pc, "crc32"));
    assert_non_null(strstr(pc->reason, "crc32: 0x"));
    assert_non_null(strstr(pc->reason, "a log file cannot be asked for another copy"));
    lgt_free(pc);
    free(bad);
    /* One flipped character, nothing else. */
    char *flip = strstr(text, "build=default");
    flip[6] = 'D';
    pc = grade_expect(text, LG_DAMAGED);
    assert_true(lgt_failed(pc, "crc32"));
    lgt_free(pc);
    free(text);
}

/* One byte lost in each framing element: the count, the end marker, the begin marker. */
static void test_framing_damage(void **state)
{
    (void)state;
    char *text = lgt_read(LOGS "m128.log", NULL), *copy = strdup(text), *p;
    struct lg_pc *pc;

    /* A whole line lost (line count): */
    free(copy);
    copy = lgt_edit(text, "sane 2 ", NULL, 0);
    pc = grade_expect(copy, LG_DAMAGED);
    assert_non_null(strstr(pc->reason, "lines: 36 received, the end marker says 37"));
    lgt_free(pc);
    free(copy);
    /* A byte of the end marker lost: "crc32=" becomes "crc3=". */
    copy = strdup(text);
    p = strstr(copy, "crc32=0x");
    memmove(p + 3, p + 4, strlen(p + 4) + 1);
    pc = grade_expect(copy, LG_DAMAGED);
    assert_non_null(strstr(pc->reason, "end marker unreadable"));
    lgt_free(pc);
    free(copy);
    /* A byte of the begin marker lost: the end marker has no report. */
    copy = strdup(text);
    p = strstr(copy, "v4 begin");
    memmove(p + 3, p + 4, strlen(p + 4) + 1);
    pc = grade_expect(copy, LG_DAMAGED);
    assert_non_null(strstr(pc->reason, "an end marker without its begin marker"));
    assert_int_equal(pc->col.orphan_ends, 1);
    lgt_free(pc);
    free(copy);
    free(text);
}

/*
 * Copies: a damaged copy 1 and an intact copy 2 (asked for on a live
 * console, here all in one capture) grade as the intact one; an intact copy 1
 * followed by a damaged copy 2 too. A damaged copy 1 of a later boot does not
 * fall back on the earlier boot's report.
 */
static void test_copies(void **state)
{
    (void)state;
    char *one = lgt_read(LOGS "m64.log", NULL), *bad1 = lgt_edit(one, "kalloc", "kalloc free=1", 0);
    char *two = lgt_edit(one, "zzz", NULL, 1), *p = strstr(two, "copy=1");
    char *buf = malloc(3 * strlen(one) + 3);
    struct lg_pc *pc;

    p[5] = '2'; /* the same report as copy 2 */
    strcat(strcpy(buf, bad1), two);
    pc = grade_expect(buf, LG_PASS);
    assert_int_equal(pc->col.complete, 2);
    assert_int_equal(pc->col.damaged, 1);
    assert_int_equal(pc->rep->end.copy, 2);
    assert_non_null(strstr(pc->notes[0], "1 damaged copy ignored"));
    lgt_free(pc);
    strcat(strcpy(buf, one), bad1 + (strstr(bad1, "bootlab-report") - bad1));
    p = strstr(strstr(buf, "copy=1") + 1, "copy=1");
    p[5] = '2'; /* damaged copy 2 after an intact copy 1 */
    pc = grade_expect(buf, LG_PASS);
    assert_int_equal(pc->rep->end.copy, 1);
    lgt_free(pc);
    strcat(strcpy(buf, one), bad1); /* a second boot, damaged */
    pc = grade_expect(buf, LG_DAMAGED);
    lgt_free(pc);
    free(buf);
    free(two);
    free(bad1);
    free(one);
}

/* Noise around the report: NUL, ANSI, junk bytes, CR, a very long line. */
static void test_noise_outside(void **state)
{
    (void)state;
    static const char junk[] = "\0\0\x1b[2J\x1b[1;31mSeaBIOS\x1b[0m\r\n\xff\xfe\x01garbage\x1b]0;t"
                               "itle\x07\r\r\n\x1b(B\x1b[?25l";
    char *text = lgt_read(LOGS "m512.log", NULL);
    size_t n = strlen(text), big = 100000;
    char *buf = malloc(sizeof(junk) + big + n + sizeof(junk) + 4);
    memcpy(buf, junk, sizeof(junk) - 1);
    memset(buf + sizeof(junk) - 1, 'A', big); /* one 100 kB line */
    memcpy(buf + sizeof(junk) - 1 + big, "\n", 1);
    memcpy(buf + sizeof(junk) + big, text, n);
    memcpy(buf + sizeof(junk) + big + n, junk, sizeof(junk) - 1);
    struct lg_pc *pc = lgt_grade(buf, sizeof(junk) + big + n + sizeof(junk) - 1);
    assert_int_equal(pc->verdict, LG_PASS);
    lgt_free(pc);
    free(buf);
    free(text);
}

/* ANSI escapes and NUL bytes inside report lines are not part of the lines. */
static void test_noise_inside(void **state)
{
    (void)state;
    char *text = lgt_read(LOGS "m128.log", NULL);
    size_t n = strlen(text), k = 0;
    char *buf = malloc(n * 8);
    for (size_t i = 0; i < n; i++) {
        if (text[i] == '\n')
            k += (size_t)sprintf(buf + k, "\x1b[0m");
        buf[k++] = text[i];
        if (text[i] == ' ')
            buf[k++] = 0;
    }
    struct lg_pc *pc = lgt_grade(buf, k);
    assert_int_equal(pc->verdict, LG_PASS);
    lgt_free(pc);
    free(buf);
    free(text);
}

static void test_two_boots(void **state)
{
    (void)state;
    char *a = lgt_read(LOGS "m64.log", NULL), *b = lgt_read(LOGS "m3584.log", NULL);
    char *both = malloc(strlen(a) + strlen(b) + 1);
    strcat(strcpy(both, a), b);
    struct lg_pc *pc = grade_expect(both, LG_PASS);
    assert_int_equal(pc->col.boots, 2);
    assert_int_equal(pc->col.complete, 2);
    assert_int_equal(pc->exp->ml.limit, 0x0e000000); /* the last one: -m 3584 */
    assert_true(pc->nnotes >= 1);
    lgt_free(pc);
    /* The second boot's report is cut off: the first is graded, with a note. */
    strcpy(strstr(strcat(strcpy(both, a), b) + strlen(a), "pt pages"), "");
    pc = grade_expect(both, LG_PASS);
    assert_int_equal(pc->exp->ml.limit, 0x03fe0000);
    assert_non_null(strstr(pc->notes[1], "cut off"));
    lgt_free(pc);
    free(both);
    free(a);
    free(b);
}

/* A reboot in the middle of a report, then a whole report. */
static void test_reboot_mid_report(void **state)
{
    (void)state;
    char *a = lgt_read(LOGS "m16.log", NULL), *b = lgt_read(LOGS "m128.log", NULL);
    char *both = malloc(strlen(a) + strlen(b) + 1);
    strcpy(both, a);
    strcpy(strstr(both, "sane 2"), b);
    struct lg_pc *pc = grade_expect(both, LG_PASS);
    assert_int_equal(pc->col.boots, 2);
    assert_int_equal(pc->col.cut, 1);
    lgt_free(pc);
    free(both);
    free(a);
    free(b);
}

/* The kernel prints "ok" but the text row is writable: the grader must not believe it. */
static void test_forged_selfcheck(void **state)
{
    (void)state;
    expect_edit_fails(LOGS "m128.log", "kmap text",
                      "kmap text va=0x80100000-0x80104000 pa=0x00100000-0x00104000 perm=rw pages=4",
                      "kmap text perm");
    /* A data row that maps past the limit, pages and totals adjusted to match. */
    expect_edit_fails(LOGS "m128.log", "kmap data",
                      "kmap data va=0x80104000-0x88000000 pa=0x00104000-0x08000000 perm=rw "
                      "pages=32508",
                      "kmap data pa");
}

static void test_reordered_lines(void **state)
{
    (void)state;
    char *text = lgt_read(LOGS "m128.log", NULL), *bad = lgt_swap(text, "mem ", "kernel ");
    struct lg_pc *pc = grade_expect(bad, LG_FAIL);
    assert_false(lgt_failed(pc, "crc32"));
    assert_non_null(strstr(pc->reason, "out of order"));
    lgt_free(pc);
    free(bad);
    bad = lgt_swap(text, "kmap io", "kmap dev");
    pc = grade_expect(bad, LG_FAIL);
    assert_non_null(strstr(pc->reason, "kmap row out of order"));
    lgt_free(pc);
    free(bad);
    free(text);
}

static void test_wrong_values(void **state)
{
    (void)state;
    expect_edit_fails(LOGS "m512.log", "mem ",
                      "mem usable_top=0x1ffe0000 phystop=0x0e000000 limit=0x0e000000 clamped=no",
                      "mem clamped");
    expect_edit_fails(LOGS "m64.log", "mem ",
                      "mem usable_top=0x03fe0000 phystop=0x0e000000 limit=0x03fff000 clamped=no",
                      "mem limit");
    expect_edit_fails(LOGS "m64.log", "kalloc", "kalloc free=16061", "kalloc free");
    expect_edit_fails(LOGS "m64.log", "sane 3",
                      "sane 3 0x0000000000100000-0x0000000003fe0000 type=2 reserved", "sane 3");
    expect_edit_fails(LOGS "m64.log", "pt ",
                      "pt pages=24 mapped=24544 overhead=0.0977% overhead_ppm=977 large=0 mode=4k",
                      "pt pages");
    expect_edit_fails(LOGS "m64.log", "kernel ",
                      "kernel kernbase=0x80000000 kernlink=0x80100000 data=0x80106000 "
                      "end=0x8010a75c",
                      "kernel data");
    expect_edit_fails(LOGS "m64.log", "selfcheck ok",
                      "selfcheck FAIL errors=1 checked=24544 cr3=0x003ff000", "selfcheck result");
    expect_edit_fails(LOGS "m64.log", "selfcheck ok", "selfcheck ok checked=24544 cr3=0x00100000",
                      "selfcheck cr3");
}

/* A raw map that differs: every value derived from it must then be wrong. */
static void test_raw_map_changed(void **state)
{
    (void)state;
    char *text = lgt_read(LOGS "m128.log", NULL);
    char *bad = lgt_edit(text, "raw 3 ",
                         "raw 3 base=0x0000000000100000 len=0x0000000003ee0000 "
                         "type=1 attr=0x1",
                         1);
    struct lg_pc *pc = grade_expect(bad, LG_FAIL);
    assert_true(lgt_failed(pc, "sane 3"));
    assert_true(lgt_failed(pc, "mem limit"));
    assert_true(lgt_failed(pc, "kmap data pa"));
    assert_true(lgt_failed(pc, "kalloc free"));
    lgt_free(pc);
    free(bad);
    free(text);
}

static void test_missing_and_malformed(void **state)
{
    (void)state;
    expect_edit_fails(LOGS "m64.log", "pt ", NULL, "pt pages");
    expect_edit_fails(LOGS "m64.log", "raw 0 ",
                      "raw 0 base=0x0 len=0x000000000009fc00 type=1 "
                      "attr=0x1",
                      "format (line 15)");
    expect_edit_fails(LOGS "m64.log", "boot ", "boot  source=disk", "format (line 2)");
    expect_edit_fails(LOGS "m64.log", "kalloc", "kalloc free=12345678901", "format (line 36)");
    expect_edit_fails(LOGS "m64.log", "khash ", NULL, "when khash");
    expect_edit_fails(LOGS "m64.log", "khash ", "khash sha256=3b324eb2 range=0x80100000-0x80104da0",
                      "format (line 30)");
}

/* Lines saying why a PC stopped (docs/report-format.md, "Other lines a reader may meet"). */
static void test_stop_lines(void **state)
{
    (void)state;
    static const char *const logs[][2] = {
        {"SeaBIOS\r\nstage1: read error\r\n", "stage1: read error"},
        {"stage2: loading\r\nstage2: error: kernel: bad ELF magic\r\nstage2: halted\r\n",
         "stage2: error: kernel: bad ELF magic"},
        {"kernel: bootlab\r\npanic: kvmalloc: out of memory\r\n", "panic: kvmalloc"},
    };
    for (size_t i = 0; i < sizeof(logs) / sizeof(logs[0]); i++) {
        struct lg_pc *pc = grade_expect(logs[i][0], LG_STOPPED);
        assert_non_null(strstr(pc->reason, logs[i][1]));
        assert_true(pc->col.halted);
        lgt_free(pc);
    }
}

static void test_no_report(void **state)
{
    (void)state;
    struct lg_pc *pc =
        grade_expect("SeaBIOS (version 1.16)\r\nBooting from Hard Disk...", LG_NOREPORT);
    assert_non_null(strstr(pc->reason, "last line: Booting from Hard Disk..."));
    lgt_free(pc);
    pc = grade_expect("", LG_NOREPORT);
    assert_non_null(strstr(pc->reason, "no output"));
    lgt_free(pc);
}

/*
 * A report line longer than the format allows. Markers are whole lines: an
 * escape sequence in front of one is not part of the line (the line
 * assembler drops it), but other text is, and then the line is no marker.
 */
static void test_long_line_and_marker_noise(void **state)
{
    (void)state;
    char longer[300];
    memset(longer, 'x', sizeof(longer));
    memcpy(longer, "cmdline ", 8);
    longer[sizeof(longer) - 1] = 0;
    expect_edit_fails(LOGS "m64.log", "boot ", longer, "format (line 2)");
    char *text = lgt_read(LOGS "m64.log", NULL), *b = strstr(text, "bootlab-report v4 begin");
    size_t n = strlen(text);
    char *buf = malloc(n + 8);
    memcpy(buf, text, (size_t)(b - text));
    memcpy(buf + (b - text), "\x1b[0m", 4);
    strcpy(buf + (b - text) + 4, b);
    struct lg_pc *pc = grade_expect(buf, LG_PASS);
    lgt_free(pc);
    memcpy(buf + (b - text), "##", 2);
    strcpy(buf + (b - text) + 2, b);
    pc = grade_expect(buf, LG_DAMAGED);
    assert_int_equal(pc->col.boots, 0);
    lgt_free(pc);
    free(buf);
    free(text);
}

/* A network boot's net line: parsed; the seat's inventory key is still its name. */
static void test_net_line(void **state)
{
    (void)state;
    char *text = lgt_read(LOGS "m64.log", NULL);
    char *net = lgt_edit(text, "boot ",
                         "boot source=pxe loader=bootlab-stage2/1 drive=0x00 build=default\n"
                         "net mac=52:54:00:77:00:04 ip=10.77.0.14 server=10.77.0.1 file=bootlab.0",
                         1);
    struct lg_pc *pc = grade_expect(net, LG_PASS);
    assert_string_equal(pc->key, "name:test");
    assert_string_equal(pc->rep->mac, "52:54:00:77:00:04");
    assert_string_equal(pc->rep->source, "pxe");
    lgt_free(pc);
    free(net);
    net = lgt_edit(text, "boot ",
                   "boot source=pxe loader=x drive=0x00 build=default\n"
                   "net mac=52:54:00:77:00 ip=10.77.0.14 server=10.77.0.1 file=-",
                   1);
    pc = grade_expect(net, LG_FAIL);
    assert_true(lgt_failed(pc, "format (line 3)"));
    assert_string_equal(pc->key, "name:test");
    lgt_free(pc);
    free(net);
    free(text);
}

/*
 * Boot options that contain the begin marker's text: a genuine report, whose
 * cmdline line must not restart it (markers are whole lines only).
 */
static void test_marker_text_in_cmdline(void **state)
{
    (void)state;
    char *text = lgt_read(LOGS_V1 "m128.log", NULL);
    char *edited = lgt_edit(text, "boot ",
                            "boot source=disk loader=bootlab-stage2/1 drive=0x80 build=default\n"
                            "cmdline bootlab-report v1 begin",
                            1);
    struct lg_pc *pc = lgt_grade_as(edited, strlen(edited), "pc", KERNEL_V1, NULL);
    if (pc->verdict != LG_PASS)
        print_error("%s (%s)\n", lg_verdict_name(pc->verdict), pc->reason);
    assert_int_equal(pc->verdict, LG_PASS);
    assert_int_equal(pc->col.boots, 1);
    assert_string_equal(pc->rep->cmdline, "bootlab-report v1 begin");
    assert_int_equal(pc->nnotes, 0);
    lgt_free(pc);
    free(edited);
    free(text);
}

static void test_kernel_elf_missing(void **state)
{
    (void)state;
    char *text = lgt_read(LOGS "m64.log", NULL);
    struct lg_pc pc;
    struct lg_source src = {.kind = LG_SRC_FILE, .kernel = "/nonexistent/kernel.elf"};
    assert_int_equal(lg_pc_init(&pc, "x", &src), 0);
    lg_pc_feed(&pc, text, strlen(text));
    assert_int_equal(lg_pc_grade(&pc, NULL), LG_ERROR);
    assert_non_null(strstr(pc.reason, "kernel ELF"));
    lg_pc_free(&pc);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_recorded_logs_pass),
        cmocka_unit_test(test_v1_logs_pass),
        cmocka_unit_test(test_v2_logs_pass),
        cmocka_unit_test(test_v3_logs_pass),
        cmocka_unit_test(test_versions_do_not_mix),
        cmocka_unit_test(test_m128_values),
        cmocka_unit_test(test_too_small_stops),
        cmocka_unit_test(test_truncated_is_incomplete),
        cmocka_unit_test(test_bad_crc_is_damaged),
        cmocka_unit_test(test_framing_damage),
        cmocka_unit_test(test_copies),
        cmocka_unit_test(test_noise_outside),
        cmocka_unit_test(test_noise_inside),
        cmocka_unit_test(test_two_boots),
        cmocka_unit_test(test_reboot_mid_report),
        cmocka_unit_test(test_forged_selfcheck),
        cmocka_unit_test(test_reordered_lines),
        cmocka_unit_test(test_wrong_values),
        cmocka_unit_test(test_raw_map_changed),
        cmocka_unit_test(test_missing_and_malformed),
        cmocka_unit_test(test_stop_lines),
        cmocka_unit_test(test_no_report),
        cmocka_unit_test(test_long_line_and_marker_noise),
        cmocka_unit_test(test_net_line),
        cmocka_unit_test(test_marker_text_in_cmdline),
        cmocka_unit_test(test_kernel_elf_missing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
