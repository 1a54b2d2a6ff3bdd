/*
 * fuzz_labgrade.c - libFuzzer target for the lab grader's console parsing:
 * bytes -> (telnet filter) -> lines -> reports -> fields -> checks ->
 * inventory (raw map and SMBIOS pin) -> text, JUnit, CSV and HTML outputs, with the recorded
 * kernel's symbols. The first input byte picks options: bit 0 runs the
 * telnet filter first; bits 1-2 both set also write every output (slow, so
 * only a quarter of the inputs do; the choice depends on the input alone,
 * so a crash replays).
 *
 * Build and run: make fuzz-labgrade (FUZZ_LABGRADE_TIME seconds). Every
 * crash it finds is kept in tests/fuzz/regress_labgrade/ and replayed first.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hw-tests/lg_out.h"
#include "hw-tests/lg_table.h"

/* Outputs to a throwaway stream: they must not crash on any parsed report. */
static void outputs(struct lg_pc *pc)
{
    static FILE *f;
    if (!f && !(f = fopen("/dev/null", "w")))
        return;
    lg_out_details(f, pc, 1);
    lg_out_table(f, pc, 1);
    lg_out_junit(f, pc, 1);
    lg_out_csv(f, pc, 1);
    lg_out_html(f, pc, 1);
}

/* Also parse each report line as an E820 table line (another parser, same bytes). */
static void table_lines(const struct lg_pc *pc)
{
    struct e820_entry e;
    const char *why;
    uint32_t n = pc->col.done.n < LG_REPORT_MAX_LINES ? pc->col.done.n : LG_REPORT_MAX_LINES;
    for (uint32_t i = 0; i < n; i++)
        (void)lg_table_line(pc->col.done.line[i], &e, &why);
}

/* Feed the input to a reused PC (telnet-filtered first when asked). */
static void feed(struct lg_pc *pc, const uint8_t *data, size_t size, int telnet)
{
    uint8_t *buf = malloc(size + 1);
    struct lg_telnet t;

    if (!buf)
        return;
    memcpy(buf, data, size);
    if (telnet) {
        lg_telnet_init(&t);
        size = lg_telnet_filter(&t, buf, size);
    }
    lg_collect_reset(&pc->col);
    lg_line_init(&pc->lb, lg_collect_line, &pc->col);
    lg_pc_feed(pc, buf, size);
    lg_line_flush(&pc->lb);
    free(buf);
}

/* Drop what lg_pc_grade allocated, so the PC can be reused. */
static void ungrade(struct lg_pc *pc)
{
    free(pc->rep);
    free(pc->exp);
    free(pc->checks);
    pc->rep = NULL;
    pc->exp = NULL;
    pc->checks = NULL;
    pc->nnotes = 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct lg_pc pc;
    static int ready;
    struct lg_source src = {.kind = LG_SRC_FILE, .timeout = 1, .kernel = "recorded"};
    struct lg_inv inv = {0};
    int telnet = size > 0 && (data[0] & 1), write_out = size > 0 && (data[0] & 6) == 6;

    if (!ready && lg_pc_init(&pc, "fuzz", &src) < 0)
        return 0;
    ready = 1;
    pc.kernel = (struct lg_kernel){0x80000000, 0x80100000, 0x80104000, 0x80109648, 0};
    pc.kernel_ready = 1;
    feed(&pc, data, size, telnet);
    if (lg_pc_grade(&pc, NULL) <= LG_FAIL && pc.rep) {
        lg_inv_put(&inv, pc.key, pc.rep);
        lg_inv_check(&inv, pc.key, pc.rep, pc.checks);
        lg_inv_pin(&inv, pc.key, pc.rep, pc.checks);
        table_lines(&pc);
    }
    if (write_out)
        outputs(&pc);
    lg_inv_free(&inv);
    ungrade(&pc);
    return 0;
}
