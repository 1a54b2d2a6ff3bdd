/*
 * test_lg_status.c - hw-tests/lg_status.c and lg_verdict.c: a PC's status
 * line in each state, the terminal's redraw in place (ANSI) and the plain
 * lines on a change, and the verdict table every output reads.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hw-tests/lg_out.h"
#include "hw-tests/lg_status.h"

/* A PC reading a pty-like live input, named pc01 for student alice. */
static void live_pc(struct lg_pc *pc)
{
    struct lg_source src = {.kind = LG_SRC_SERIAL, .timeout = 10};
    assert_int_equal(lg_pc_init(pc, "pc01", &src), 0);
    snprintf(pc->student, sizeof(pc->student), "alice");
    pc->open = 1;
}

static void feed(struct lg_pc *pc, const char *text)
{
    pc->t_first = pc->t_first < 0 ? 1 : pc->t_first;
    lg_pc_feed(pc, text, strlen(text));
}

static void test_states(void **state)
{
    struct lg_pc pc;
    char line[600];
    (void)state;
    live_pc(&pc);
    lg_status_text(&pc, 12.4, line, sizeof(line));
    assert_string_equal(line, "pc01 (alice)             waiting    12 s, no byte yet");
    feed(&pc, "SeaBIOS\nstage2: memory map: e820, 6 entries\n");
    lg_status_text(&pc, 13, line, sizeof(line));
    assert_string_equal(line,
                        "pc01 (alice)             booting    stage2: memory map: e820, 6 entries");
    feed(&pc, "bootlab-report v1 begin\nboot source=disk\nraw method=e820\n");
    lg_status_text(&pc, 14, line, sizeof(line));
    assert_string_equal(line, "pc01 (alice)             report     3 lines received");
    pc.open = 0;
    pc.t_end = 15;
    assert_int_equal(lg_pc_state(&pc), LG_ST_READ);
    lg_pc_grade(&pc, NULL);
    lg_status_text(&pc, 15, line, sizeof(line));
    assert_int_equal(lg_pc_state(&pc), LG_ST_GRADED);
    assert_non_null(strstr(line, "pc01 (alice)             incomplete report cut off"));
    lg_pc_free(&pc);
}

/* Everything lg_status_update writes for pcs, as one string (malloc'd). */
static char *updates(int tty, struct lg_pc *pcs, int n, int rounds)
{
    char *out;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    struct lg_status s;
    assert_int_equal(lg_status_init(&s, f, tty, n), 0);
    for (int r = 0; r < rounds; r++) {
        if (r == 1)
            feed(&pcs[1], "stage2: A20 on\n");
        lg_status_update(&s, pcs, n);
    }
    lg_status_free(&s);
    fclose(f);
    return out;
}

static void test_redraw_in_place_and_plain_changes(void **state)
{
    struct lg_pc pcs[2];
    char *out;
    (void)state;
    live_pc(&pcs[0]);
    live_pc(&pcs[1]);
    snprintf(pcs[1].name, sizeof(pcs[1].name), "pc02");
    pcs[1].student[0] = 0;
    out = updates(1, pcs, 2, 3);
    /* the first drawing, then twice: two lines up, each line erased and drawn again */
    assert_non_null(strstr(out, "\r\033[2Kpc01 (alice)"));
    assert_int_equal(strstr(out, "\033[2A") != NULL, 1);
    assert_null(strstr(strstr(strstr(out, "\033[2A") + 1, "\033[2A") + 1, "\033[2A"));
    assert_non_null(strstr(out, "pc02                     booting    stage2: A20 on"));
    free(out);
    pcs[1].t_first = -1;
    lg_collect_reset(&pcs[1].col);
    out = updates(0, pcs, 2, 3);
    assert_null(strchr(out, '\033'));
    assert_string_equal(out, "labgrade: pc02                     booting    stage2: A20 on\n");
    free(out);
    lg_pc_free(&pcs[0]);
    lg_pc_free(&pcs[1]);
}

static void test_verdict_table(void **state)
{
    struct lg_pc pcs[LG_NVERDICTS];
    char *out;
    size_t len = 0;
    FILE *f;
    (void)state;
    memset(pcs, 0, sizeof(pcs));
    for (int v = 0; v < LG_NVERDICTS; v++) {
        const struct lg_verdict_info *i = lg_verdict_info((enum lg_verdict)v);
        assert_non_null(i->name);
        assert_non_null(i->todo);
        assert_int_equal(i->junit == NULL, v == LG_PASS);
        pcs[v].verdict = (enum lg_verdict)v;
    }
    assert_string_equal(lg_verdict_name(LG_NVERDICTS), "?");
    assert_true(lg_verdict_info(LG_FAIL)->rank < lg_verdict_info(LG_PASS)->rank);
    f = open_memstream(&out, &len);
    lg_out_counts(f, pcs, LG_NVERDICTS);
    fclose(f);
    assert_string_equal(out, "8 PCs: 1 pass, 1 FAIL, 1 damaged, 1 incomplete, 1 stopped, 1 "
                             "no-report, 1 error, 1 wrong-pc\n");
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_states),
        cmocka_unit_test(test_redraw_in_place_and_plain_changes),
        cmocka_unit_test(test_verdict_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
