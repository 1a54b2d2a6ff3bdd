/*
 * test_lg_pc.c - what hw-tests/lg_pc.c says about a PC beyond its report's
 * values: another kernel than the seat's is a FAIL naming both builds (the
 * kernel build check, first to fail), a console at the wrong speed is a
 * no-report saying so, a seat whose ELF could not be loaded is an error, and
 * the console tail is kept for the HTML.
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

/* A PC graded against the recorded logs' ELF with build tag tag, fed text. */
static struct lg_pc *grade_tagged(const char *text, const char *tag)
{
    struct lg_pc *pc = calloc(1, sizeof(*pc));
    struct lg_source src = {.kind = LG_SRC_FILE, .timeout = 1, .baud = 115200, .mode = "8N1"};
    char err[256];

    assert_int_equal(lg_pc_init(pc, "pc07", &src), 0);
    assert_int_equal(lg_elf_load(KERNEL, &pc->kernel, err, sizeof(err)), 0);
    snprintf(pc->kernel.tag, sizeof(pc->kernel.tag), "%s", tag);
    pc->kernel.has_tag = 1;
    pc->kernel_ready = 1;
    lg_pc_feed(pc, text, strlen(text));
    lg_line_flush(&pc->lb);
    lg_pc_grade(pc, NULL);
    return pc;
}

static void test_other_build_fails_naming_both(void **state)
{
    char *text = lgt_read(LOGS "m128.log", NULL);
    struct lg_pc *pc = grade_tagged(text, "alice");
    (void)state;
    assert_int_equal(pc->verdict, LG_FAIL);
    assert_string_equal(pc->reason, "kernel build: expected alice, reported default");
    assert_int_equal(pc->checks->nfail, 1);
    lgt_free(pc);
    pc = grade_tagged(text, "default");
    assert_int_equal(pc->verdict, LG_PASS);
    assert_non_null(lgt_check(pc, "kernel build"));
    lgt_free(pc);
    free(text);
}

static void test_wrong_speed_says_so(void **state)
{
    uint8_t noise[600];
    struct lg_pc *pc;
    (void)state;
    for (size_t i = 0; i < sizeof(noise); i++)
        noise[i] = (uint8_t)(i * 151 + 17);
    pc = lgt_grade(noise, sizeof(noise));
    assert_int_equal(pc->verdict, LG_NOREPORT);
    assert_non_null(strstr(pc->reason, "bytes were not text: is the line at another speed?"));
    lgt_free(pc);
    pc = lgt_grade("stage2: bootlab-stage2/1\nsilence\n", 32);
    assert_null(strstr(pc->reason, "another speed"));
    lgt_free(pc);
}

static void test_kernel_error_wins(void **state)
{
    char *text = lgt_read(LOGS "m2-too-small.log", NULL);
    struct lg_pc *pc = calloc(1, sizeof(*pc));
    struct lg_source src = {.kind = LG_SRC_FILE, .timeout = 1};
    (void)state;
    assert_int_equal(lg_pc_init(pc, "pc09", &src), 0);
    snprintf(pc->kernel_error, sizeof(pc->kernel_error), "kernel ELF x: No such file");
    lg_pc_feed(pc, text, strlen(text));
    lg_line_flush(&pc->lb);
    assert_int_equal(lg_pc_grade(pc, NULL), LG_ERROR);
    assert_string_equal(pc->reason, "kernel ELF x: No such file");
    assert_true(pc->ntail > 5); /* the console was still kept, for the HTML */
    assert_string_equal(lg_pc_tail(pc, pc->ntail - 1), "kernel: halted");
    lgt_free(pc);
    free(text);
}

static void test_tail_keeps_the_last_lines(void **state)
{
    char text[4096] = "";
    struct lg_pc *pc;
    (void)state;
    for (int i = 0; i < 20; i++)
        snprintf(text + strlen(text), sizeof(text) - strlen(text), "line %d\n\n", i);
    pc = lgt_grade(text, strlen(text));
    assert_int_equal(pc->ntail, LG_TAIL);
    assert_string_equal(lg_pc_tail(pc, 0), "line 8");
    assert_string_equal(lg_pc_tail(pc, LG_TAIL - 1), "line 19");
    lgt_free(pc);
    pc = lgt_grade("one\ntwo\n", 8);
    assert_int_equal(pc->ntail, 2);
    assert_string_equal(lg_pc_tail(pc, 0), "one");
    assert_string_equal(lg_pc_tail(pc, 1), "two");
    lgt_free(pc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_other_build_fails_naming_both),
        cmocka_unit_test(test_wrong_speed_says_so),
        cmocka_unit_test(test_kernel_error_wins),
        cmocka_unit_test(test_tail_keeps_the_last_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
