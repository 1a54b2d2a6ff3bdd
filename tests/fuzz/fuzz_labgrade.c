/*
 * fuzz_labgrade.c - libFuzzer target for the lab grader's console parsing:
 * bytes -> (telnet filter) -> lines -> reports and their copies (framing,
 * damage) -> fields -> the consistency rules -> checks (build tag and
 * self-hash included) -> inventory (raw map, MAC and SMBIOS pin) -> the
 * decision to ask for another copy -> text, JUnit, CSV and HTML outputs,
 * with a recorded kernel's symbols, tag and hash. The first input byte picks
 * options: bit 0 runs the telnet filter first; bits 1-2 both set also write
 * every output (slow, so only a quarter of the inputs do); bit 3 also reads
 * the rest of the input as a kernel ELF (symbols, build tag, the hash over
 * its segments). The choice depends on the input alone, so a crash replays.
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
    lg_line_init(&pc->lb, lg_pc_line, pc);
    lg_pc_feed(pc, buf, size);
    lg_line_flush(&pc->lb);
    free(buf);
}

/* The ELF reader on the same bytes: it must never read outside them. */
static void elf(const uint8_t *data, size_t size)
{
    struct lg_kernel k;
    char err[128];
    if (lg_elf_parse(data, size, &k, err, sizeof(err)) == 0)
        (void)(k.has_tag + k.has_khash);
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
    pc->ntail = pc->tail_next = 0;
    pc->bytes = pc->unprintable = 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct lg_pc pc;
    static int ready;
    struct lg_source src = {
        .kind = LG_SRC_SERIAL, .timeout = 1, .kernel = "recorded", .resend = 3, .resend_wait = 1};
    struct lg_inv inv = {0};
    int telnet = size > 0 && (data[0] & 1), write_out = size > 0 && (data[0] & 6) == 6;

    if (!ready && lg_pc_init(&pc, "fuzz", &src) < 0)
        return 0;
    ready = 1;
    /* tests/hw-tests/logs/kernel.elf: its symbols, tag and hash (nm, logs/m128.log). */
    pc.kernel = (struct lg_kernel){.kernbase = 0x80000000,
                                   .kernlink = 0x80100000,
                                   .data = 0x80105000,
                                   .end = 0x8010a75c,
                                   .has_tag = 1,
                                   .tag = "default",
                                   .has_khash = 1,
                                   .erodata = 0x80104da0,
                                   .sha256 = {0x3b, 0x32, 0x4e, 0xb2, 0x5b, 0xb0, 0xa1, 0x83,
                                              0xe1, 0xef, 0x2a, 0xfb, 0x80, 0x73, 0xed, 0xb1,
                                              0x25, 0xed, 0x80, 0x57, 0x14, 0x42, 0x90, 0x34,
                                              0x4e, 0x08, 0xed, 0xa0, 0x66, 0x0d, 0x75, 0xb9}};
    pc.kernel_ready = 1;
    pc.requests = size > 1 ? data[1] & 3 : 0;
    if (size > 0 && (data[0] & 8))
        elf(data + 1, size - 1);
    feed(&pc, data, size, telnet);
    (void)lg_pc_should_ask(&pc);
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
