/*
 * test_lg_rules.c - the report's consistency rules (hw-tests/lg_rules.c):
 * each line's "when" rule and each header field against its lines, one
 * test per rule. Every case edits a genuine log recorded from a real QEMU
 * boot (report version 2, and for the rules version 1 has too, the version
 * 1 log as well) and recomputes the end marker's line count and CRC, so
 * that the broken rule is the only fault: the grader must FAIL it on that
 * rule, by name. Where a rule allows something, a passing edit shows it.
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

#define NET_LINE  "net mac=52:54:00:12:34:56 ip=10.0.2.15 server=10.0.2.2 file=-"
#define DISK_BOOT "boot source=disk loader=bootlab-stage2/1 drive=0x80 build=default"
#define MB        LOGS "multiboot-net-m128.log" /* a genuine Multiboot boot with a net line */

/* A genuine log and the kernel it came from. */
struct genuine {
    const char *log, *kernel;
};
static const struct genuine m128[] = {{LOGS "m128.log", KERNEL}, {LOGS_V1 "m128.log", KERNEL_V1}};

/* Grade log edited (prefix -> with, CRC recomputed) against kernel. */
static struct lg_pc *edited(const char *log, const char *kernel, const char *prefix,
                            const char *with)
{
    char *text = lgt_read(log, NULL), *ed = lgt_edit(text, prefix, with, 1);
    struct lg_pc *pc = lgt_grade_as(ed, strlen(ed), "pc", kernel, NULL);
    free(ed);
    free(text);
    return pc;
}

/* The edit must FAIL, on check, and the CRC must hold (the edit is the only fault). */
static void fails_on(const char *log, const char *kernel, const char *prefix, const char *with,
                     const char *check)
{
    struct lg_pc *pc = edited(log, kernel, prefix, with);
    if (pc->verdict != LG_FAIL || !lgt_failed(pc, check))
        print_error("%s '%s' -> '%s': verdict %s (%s); check '%s' did not fail\n", log, prefix,
                    with ? with : "(deleted)", lg_verdict_name(pc->verdict), pc->reason, check);
    assert_int_equal(pc->verdict, LG_FAIL);
    assert_true(lgt_failed(pc, check));
    assert_false(lgt_failed(pc, "crc32"));
    lgt_free(pc);
}

/* The edit is allowed: the PC passes, and the rule was checked. */
static void passes(const char *log, const char *kernel, const char *prefix, const char *with,
                   const char *check)
{
    struct lg_pc *pc = edited(log, kernel, prefix, with);
    if (pc->verdict != LG_PASS)
        print_error("%s '%s' -> '%s': verdict %s (%s), want pass\n", log, prefix, with,
                    lg_verdict_name(pc->verdict), pc->reason);
    assert_int_equal(pc->verdict, LG_PASS);
    assert_non_null(lgt_check(pc, check));
    lgt_free(pc);
}

/* Both m128 logs (versions 2 and 1): the edit fails on check. */
static void both_fail(const char *prefix, const char *with, const char *check)
{
    for (size_t i = 0; i < sizeof(m128) / sizeof(m128[0]); i++)
        fails_on(m128[i].log, m128[i].kernel, prefix, with, check);
}

/* ---- when each line appears ---- */

/* A net line inserted into a disk boot's report: the format allows net only on network boots. */
static void test_when_net_disk(void **state)
{
    (void)state;
    both_fail("boot ", DISK_BOOT "\n" NET_LINE, "when net");
}

/* A PXE boot always has its net line; with one it passes. */
static void test_when_net_pxe(void **state)
{
    (void)state;
    const char *pxe = "boot source=pxe loader=bootlab-stage2/1 drive=0x00 build=default";
    both_fail("boot ", pxe, "when net");
    passes(LOGS "m128.log", KERNEL, "boot ",
           "boot source=pxe loader=x drive=0x00 build=default\n" NET_LINE, "when net");
}

/* Multiboot: a net line exactly when the command line has valid mac= and ip= words. */
static void test_when_net_multiboot(void **state)
{
    (void)state;
    fails_on(MB, KERNEL, "net ", NULL, "when net");
    fails_on(MB, KERNEL, "cmdline ", "cmdline kernel.elf mac=52:54:00:12:34:56 ip=10.0.2",
             "when net");
    fails_on(MB, KERNEL, "cmdline ", "cmdline kernel.elf ip=10.0.2.15 mac=52:54:00:12:34",
             "when net");
    fails_on(MB, KERNEL, "cmdline ", NULL, "when net");
    /* The words in another order: still a net boot. */
    passes(MB, KERNEL, "cmdline ",
           "cmdline server=10.0.2.2 ip=10.0.2.15 kernel.elf mac=52:54:00:12:34:56", "when net");
}

/* Lines every report has: each one deleted fails its own rule. */
static void test_when_always(void **state)
{
    (void)state;
    static const char *const lines[][2] = {
        {"boot ", "when boot"},         {"raw method=", "when raw"},
        {"sane entries=", "when sane"}, {"mem ", "when mem"},
        {"kernel ", "when kernel"},     {"pt ", "when pt"},
        {"kalloc ", "when kalloc"},     {"selfcheck ok", "when selfcheck"},
    };
    for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
        both_fail(lines[i][0], NULL, lines[i][1]);
    fails_on(LOGS "m128.log", KERNEL, "khash ", NULL, "when khash");
}

/* The four kmap rows. */
static void test_when_kmap(void **state)
{
    (void)state;
    both_fail("kmap dev ", NULL, "when kmap");
}

/* selfcheck-error lines: only after a failed self-check, min(errors, 8) of them. */
static void test_when_selfcheck_error(void **state)
{
    (void)state;
    char ok[200], *text = lgt_read(LOGS "m128.log", NULL), *p = strstr(text, "selfcheck ok");
    snprintf(ok, sizeof(ok),
             "selfcheck-error wrong va=0x80100000 want=0x00100001 got=0x00100003\n%.*s",
             (int)strcspn(p, "\r\n"), p);
    fails_on(LOGS "m128.log", KERNEL, "selfcheck ok", ok, "when selfcheck-error");
    fails_on(LOGS "m128.log", KERNEL, "selfcheck ok",
             "selfcheck-error wrong va=0x80100000 want=0x00100001 got=0x00100003\n"
             "selfcheck FAIL errors=2 checked=40928 cr3=0x003ff000",
             "when selfcheck-error");
    free(text);
}

/* ---- headers and their lines ---- */

/* A Multiboot kernel's net line says what its command line says. */
static void test_net_cmdline(void **state)
{
    (void)state;
    fails_on(MB, KERNEL, "net ", "net mac=52:54:00:12:34:56 ip=10.0.2.16 server=10.0.2.2 file=-",
             "net cmdline");
    fails_on(MB, KERNEL, "net ", "net mac=52:54:00:12:34:56 ip=10.0.2.15 server=10.0.2.2 file=x",
             "net cmdline");
    fails_on(MB, KERNEL, "cmdline ", "cmdline kernel.elf mac=52:54:00:12:34:56 ip=10.0.2.15",
             "net cmdline"); /* no server= on the command line: server=0.0.0.0 */
    fails_on(MB, KERNEL, "cmdline ",
             "cmdline kernel.elf mac=52:54:00:12:34:56 ip=10.0.2.15 server=10.0.2",
             "net cmdline"); /* a bad server= counts as none */
}

static void test_raw_entries(void **state)
{
    (void)state;
    both_fail("raw method=", "raw method=e820 entries=5 entry_size=20 flags=0x00", "raw entries");
}

/* A known method with its entry size. */
static void test_raw_method(void **state)
{
    (void)state;
    both_fail("raw method=", "raw method=e820 entries=6 entry_size=0 flags=0x00", "raw method");
    both_fail("raw method=", "raw method=e821 entries=6 entry_size=20 flags=0x00", "raw method");
    fails_on(MB, KERNEL, "raw method=", "raw method=multiboot entries=6 entry_size=20 flags=0x00",
             "raw method");
}

/* The method is one the boot source's loader uses. */
static void test_raw_source(void **state)
{
    (void)state;
    both_fail("raw method=", "raw method=multiboot entries=6 entry_size=0 flags=0x00",
              "raw source");
    fails_on(MB, KERNEL, "raw method=", "raw method=e801 entries=6 entry_size=0 flags=0x00",
             "raw source");
}

/* No entries exactly with method none. */
static void test_raw_none(void **state)
{
    (void)state;
    both_fail("raw method=", "raw method=none entries=6 entry_size=0 flags=0x00", "raw none");
}

/* 20-byte E820 answers carry attribute 1. */
static void test_raw_attr(void **state)
{
    (void)state;
    both_fail("raw 2 ", "raw 2 base=0x00000000000f0000 len=0x0000000000010000 type=2 attr=0x3",
              "raw attr");
}

static void test_raw_flags_known(void **state)
{
    (void)state;
    both_fail("raw method=", "raw method=e820 entries=6 entry_size=20 flags=0x10", "raw flags");
}

/* flags=0x01 says the table was cut at 128 entries: not on a 6-entry table. */
static void test_raw_flag_truncated(void **state)
{
    (void)state;
    both_fail("raw method=", "raw method=e820 entries=6 entry_size=20 flags=0x01",
              "raw flags 0x01");
}

/* flags=0x02 says the E820 table was discarded: then a fallback (e801, 88, none) ran. */
static void test_raw_flag_discarded(void **state)
{
    (void)state;
    both_fail("raw method=", "raw method=e820 entries=6 entry_size=20 flags=0x02",
              "raw flags 0x02");
}

/* flags=0x04, a repeated continuation value, is E820's: allowed there, not for Multiboot. */
static void test_raw_flag_looped(void **state)
{
    (void)state;
    fails_on(MB, KERNEL, "raw method=", "raw method=multiboot entries=6 entry_size=0 flags=0x04",
             "raw flags 0x04");
    passes(LOGS "m128.log", KERNEL,
           "raw method=", "raw method=e820 entries=6 entry_size=20 flags=0x04", "raw flags 0x04");
}

/* flags=0x08, attributes: exactly with 24-byte E820 answers; never for Multiboot. */
static void test_raw_flag_attributes(void **state)
{
    (void)state;
    both_fail("raw method=", "raw method=e820 entries=6 entry_size=20 flags=0x08",
              "raw flags 0x08");
    both_fail("raw method=", "raw method=e820 entries=6 entry_size=24 flags=0x00",
              "raw flags 0x08");
    fails_on(MB, KERNEL, "raw method=", "raw method=multiboot entries=6 entry_size=0 flags=0x08",
             "raw flags 0x08");
}

static void test_sane_lines(void **state)
{
    (void)state;
    both_fail("sane entries=", "sane entries=5", "sane lines");
}

/* A failed self-check counts its errors. */
static void test_selfcheck_errors(void **state)
{
    (void)state;
    fails_on(LOGS "m128.log", KERNEL, "selfcheck ok",
             "selfcheck FAIL errors=0 checked=40928 cr3=0x003ff000", "selfcheck errors");
}

/*
 * A line no version of the format has, however well formed (in a version 4
 * report), a line of version 3 in a version 2 report and one of version 2 in a version 1
 * report: "unknown line" (a problem of the format).
 */
static void test_unknown_lines(void **state)
{
    (void)state;
    char line[300];
    struct lg_pc *pc = edited(LOGS "m128.log", KERNEL, "kalloc ",
                              "kalloc free=32420\nuefi system-table=0x7f9ee018");
    assert_int_equal(pc->verdict, LG_FAIL);
    assert_non_null(strstr(pc->reason, "unknown line in a version 4 report"));
    lgt_free(pc);
    pc = edited(LOGS_V2 "m128.log", KERNEL_V2, "kalloc ",
                "kalloc free=32428\ncpu vendor=GenuineIntel family=6 model=85");
    assert_int_equal(pc->verdict, LG_FAIL);
    assert_non_null(strstr(pc->reason, "unknown line in a version 2 report"));
    lgt_free(pc);
    char *v2 = lgt_read(LOGS "m128.log", NULL), *k = strstr(v2, "khash ");
    snprintf(line, sizeof(line),
             "kernel kernbase=0x80000000 kernlink=0x80100000 data=0x80104000 "
             "end=0x80109648\n%.*s",
             (int)strcspn(k, "\r\n"), k);
    pc = edited(LOGS_V1 "m128.log", KERNEL_V1, "kernel ", line);
    assert_int_equal(pc->verdict, LG_FAIL);
    assert_non_null(strstr(pc->reason, "unknown line in a version 1 report"));
    lgt_free(pc);
    free(v2);
}

/*
 * The inventory pins a seat by where its log came from: the -m 64 log
 * presented as seat pc07, recorded from pc07's genuine -m 128 log, is a map
 * forgery the inventory catches; a net line inserted into it must not move
 * the seat to another key (the MAC) and so escape the comparison.
 */
static void test_inventory_pins_seat(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(m128) / sizeof(m128[0]); i++) {
        char m64[256];
        snprintf(m64, sizeof(m64), "%.*sm64.log", (int)(strlen(m128[i].log) - 8), m128[i].log);
        char *good = lgt_read(m128[i].log, NULL), *other = lgt_read(m64, NULL);
        char *forged = lgt_edit(other, "boot ", DISK_BOOT "\n" NET_LINE, 1);
        struct lg_pc *ref = lgt_grade_as(good, strlen(good), "pc07", m128[i].kernel, NULL), *pc;
        struct lg_inv inv = {0};

        assert_int_equal(ref->verdict, LG_PASS);
        assert_int_equal(lg_inv_put(&inv, ref->key, ref->rep), 0);
        pc = lgt_grade_as(other, strlen(other), "pc07", m128[i].kernel, &inv);
        assert_int_equal(pc->verdict, LG_FAIL);
        assert_true(lgt_failed(pc, "inventory raw 3"));
        lgt_free(pc);
        pc = lgt_grade_as(forged, strlen(forged), "pc07", m128[i].kernel, &inv);
        if (pc->verdict != LG_FAIL)
            print_error("forged pc07: %s (%s), key %s\n", lg_verdict_name(pc->verdict), pc->reason,
                        pc->key);
        assert_int_equal(pc->verdict, LG_FAIL);
        assert_true(lgt_failed(pc, "inventory raw 3"));
        assert_true(lgt_failed(pc, "inventory mac"));
        assert_string_equal(pc->key, "name:pc07");
        lgt_free(pc);
        lgt_free(ref);
        lg_inv_free(&inv);
        free(forged);
        free(other);
        free(good);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_when_net_disk),
        cmocka_unit_test(test_when_net_pxe),
        cmocka_unit_test(test_when_net_multiboot),
        cmocka_unit_test(test_when_always),
        cmocka_unit_test(test_when_kmap),
        cmocka_unit_test(test_when_selfcheck_error),
        cmocka_unit_test(test_net_cmdline),
        cmocka_unit_test(test_raw_entries),
        cmocka_unit_test(test_raw_method),
        cmocka_unit_test(test_raw_source),
        cmocka_unit_test(test_raw_none),
        cmocka_unit_test(test_raw_attr),
        cmocka_unit_test(test_raw_flags_known),
        cmocka_unit_test(test_raw_flag_truncated),
        cmocka_unit_test(test_raw_flag_discarded),
        cmocka_unit_test(test_raw_flag_looped),
        cmocka_unit_test(test_raw_flag_attributes),
        cmocka_unit_test(test_sane_lines),
        cmocka_unit_test(test_selfcheck_errors),
        cmocka_unit_test(test_unknown_lines),
        cmocka_unit_test(test_inventory_pins_seat),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
