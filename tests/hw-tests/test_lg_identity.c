/*
 * test_lg_identity.c - the grader on what version 3 added to the report
 * (hw-tests/lg_identity.c, and its rows in lg_parse.c's kinds[] and
 * lg_rules.c's rules[]; lg_check.c, lg_inv.c, lg_pc.c, lg_out.c): the cpu,
 * smbios, tsc and milestone lines, the page mode, and seats pinned to an
 * SMBIOS identity. The logs are real QEMU boots (tests/hw-tests/logs/v4,
 * tests/grader/record_logs.py); every edit recomputes the CRC, so the edit
 * itself is what must be caught.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "hw-tests/lg_out.h"
#include "tests/hw-tests/lgtest.h"

static const char *const v3_logs[] = {"m16.log",           "m64.log",           "m512.log",
                                      "m3584.log",         "m128-identity.log", "m128-swapped.log",
                                      "m512-bigpages.log", "m64-multiboot.log", "m64-notsc.log"};

static char *read_log(const char *name)
{
    char path[256];
    snprintf(path, sizeof(path), LOGS "%s", name);
    return lgt_read(path, NULL);
}

static struct lg_pc *grade3(const char *text, enum lg_verdict want, const struct lg_inv *inv)
{
    struct lg_pc *pc = lgt_grade_as(text, strlen(text), "test", KERNEL, inv);
    if (pc->verdict != want)
        print_error("verdict %s (%s), want %s\n", lg_verdict_name(pc->verdict), pc->reason,
                    lg_verdict_name(want));
    assert_int_equal(pc->verdict, want);
    return pc;
}

/* A v3 log with one report line replaced (CRC recomputed): FAIL, on a check named check... */
static void expect_fail(const char *log, const char *prefix, const char *with, const char *check)
{
    char *text = read_log(log), *bad = lgt_edit(text, prefix, with, 1);
    struct lg_pc *pc = grade3(bad, LG_FAIL, NULL);
    int found = 0;
    for (int i = 0; i < pc->checks->n; i++)
        found |= !pc->checks->c[i].ok && !strncmp(pc->checks->c[i].name, check, strlen(check));
    if (!found)
        print_error("no failed check '%s'; reason: %s\n", check, pc->reason);
    assert_true(found);
    assert_false(lgt_failed(pc, "crc32"));
    lgt_free(pc);
    free(bad);
    free(text);
}

/* Every log of dir passes against its kernel, as the given version, with version 3's lines. */
static void logs_pass(const char *dir, const char *kernel, int version)
{
    for (size_t i = 0; i < sizeof(v3_logs) / sizeof(v3_logs[0]); i++) {
        struct lg_pc *pc = lgt_pass_log(dir, v3_logs[i], kernel);
        assert_int_equal(pc->rep->version, version);
        assert_non_null(lgt_check(pc, "pt mode"));
        assert_true(lgt_check(pc, "when cpu")->ok);
        assert_true(lgt_check(pc, "when milestone")->ok);
        lgt_free(pc);
    }
}

/* The genuine version 3 logs, against their kernel; and the current (version 4) kernel's. */
static void test_v3_logs_pass(void **state)
{
    (void)state;
    logs_pass(LOGS_V3, KERNEL_V3, 3);
    logs_pass(LOGS, KERNEL, 4);
}

/* The parsed identity and clock of a disk boot with -smbios type=1,... */
static void test_identity_fields(void **state)
{
    (void)state;
    char *text = read_log("m128-identity.log"), buf[512];
    struct lg_pc *pc = grade3(text, LG_PASS, NULL);
    const struct lg_identity *id = &pc->rep->id;
    assert_string_equal(id->vendor, "GenuineIntel");
    assert_int_equal(id->family, 6);
    assert_string_equal(id->brand, "QEMU_Virtual_CPU_version_2.5+");
    assert_string_equal(id->manufacturer, "Lab_Vendor");
    assert_string_equal(id->serial, "LAB-0007");
    assert_string_equal(id->uuid, "5e1f0007-2c4b-4d6a-9b1e-000000000007");
    assert_true(id->tsc_usable);
    assert_string_equal(id->calib, "pit");
    assert_int_equal(id->ms_have, 0x7F); /* all seven milestones */
    assert_non_null(lgt_check(pc, "milestone kvmalloc us"));
    assert_true(lgt_check(pc, "milestone report us")->ok);
    lg_id_summary(pc->rep, buf, sizeof(buf));
    assert_non_null(strstr(buf, "GenuineIntel family 6 model 6 stepping 3"));
    assert_non_null(strstr(buf, "serial LAB-0007 uuid 5e1f0007-2c4b-4d6a-9b1e-000000000007"));
    lg_id_times(pc->rep, buf, sizeof(buf));
    assert_true(!strncmp(buf, "reset ", 6));
    assert_non_null(strstr(buf, " loader +0.0"));
    assert_non_null(strstr(buf, "GHz, pit)"));
    assert_true(lg_id_boot_us(pc->rep) > 0);
    lgt_free(pc);
    free(text);
}

/* Multiboot: no loader milestones; no TSC: no milestones and no checks of them. */
static void test_multiboot_and_no_tsc(void **state)
{
    (void)state;
    char *text = read_log("m64-multiboot.log"), buf[256];
    struct lg_pc *pc = grade3(text, LG_PASS, NULL);
    assert_int_equal(pc->rep->id.ms_have, 0x78); /* entry, kinit1, kvmalloc, report */
    assert_string_equal(pc->rep->source, "multiboot");
    lgt_free(pc);
    free(text);
    text = read_log("m64-notsc.log");
    pc = grade3(text, LG_PASS, NULL);
    assert_false(pc->rep->id.tsc_usable);
    assert_string_equal(pc->rep->id.why, "no-tsc");
    assert_null(lgt_check(pc, "tsc hz"));
    lg_id_times(pc->rep, buf, sizeof(buf));
    assert_string_equal(buf, "TSC unusable: no-tsc");
    assert_int_equal(lg_id_boot_us(pc->rep), -1);
    lgt_free(pc);
    free(text);
}

/* A kernel that lies about its clock: each lie has its own failed check. */
static void test_clock_lies(void **state)
{
    (void)state;
    char *text = read_log("m64.log"), line[160];
    const char *kv = strstr(text, "milestone kvmalloc");
    unsigned long long tsc, us;
    assert_int_equal(sscanf(kv, "milestone kvmalloc tsc=0x%llx us=%llu", &tsc, &us), 2);
    snprintf(line, sizeof(line), "milestone kvmalloc tsc=0x%016llx us=%llu", tsc, us + 1);
    expect_fail("m64.log", "milestone kvmalloc", line, "milestone kvmalloc us");
    snprintf(line, sizeof(line), "milestone kvmalloc tsc=0x%016llx us=%llu", tsc / 2, us);
    expect_fail("m64.log", "milestone kvmalloc", line, "milestone order");
    expect_fail("m64.log", "milestone reset", "milestone reset us=1", "milestone reset us");
    expect_fail("m64.log", "tsc hz", "tsc hz=999 calib=pit", "tsc hz");
    free(text);
}

/* Lines in the wrong place, missing, malformed, or where the rules forbid them. */
static void test_line_rules(void **state)
{
    (void)state;
    expect_fail("m64.log", "milestone kinit1", NULL, "when milestone"); /* a kernel one missing */
    expect_fail("m64.log", "milestone map", NULL, "when milestone loader"); /* all or none */
    expect_fail("m64.log", "milestone reset", NULL, "when milestone");
    expect_fail("m64.log", "cpu ", NULL, "when cpu");
    expect_fail("m64.log", "smbios ", NULL, "when smbios");
    expect_fail("m64.log", "tsc ", NULL, "when tsc");
    expect_fail("m64.log", "tsc ", "tsc unusable why=no-tsc", "when milestone"); /* they remain */
    expect_fail("m64-notsc.log", "tsc ", "tsc unusable why=bored", "format");
    expect_fail("m64.log", "cpu ", "cpu vendor=GenuineIntel family=six model=6 stepping=3 brand=x",
                "format");
    expect_fail("m64.log", "cpu ", "cpu vendor=GenuineIntel family=6 model=6 stepping=16 brand=x",
                "format");
    expect_fail("m64.log", "smbios ",
                "smbios manufacturer=a product=b serial=1234567890123456789012345 uuid=-",
                "format"); /* a serial longer than the kernel's 24 bytes */
    expect_fail(
        "m64.log", "smbios ",
        "smbios manufacturer=a product=b serial=c uuid=5E1F0007-2C4B-4D6A-9B1E-000000000007",
        "format"); /* uppercase: not what the kernel prints */
    expect_fail("m64.log", "milestone entry",
                "milestone entry tsc=0x1 us=0\nmilestone entry tsc=0x1 us=0", "format");
    /* Loader milestones in a Multiboot boot. */
    char *mb = read_log("m64-multiboot.log"), *bad;
    const char *reset = strstr(mb, "milestone reset");
    char line[64];
    snprintf(line, sizeof(line), "%.*s", (int)strcspn(reset, "\r\n"), reset);
    strcat(line, "\nmilestone loader tsc=0x0000000000000001 us=0");
    bad = lgt_edit(mb, "milestone reset", line, 1);
    struct lg_pc *pc = grade3(bad, LG_FAIL, NULL);
    assert_true(lgt_failed(pc, "when milestone loader"));
    lgt_free(pc);
    free(bad);
    free(mb);
}

/* The cpu line in a version 1 or 2 report is no line of that version; nor is bigpages read. */
static void test_older_versions_reject_v3_lines(void **state)
{
    (void)state;
    static const struct {
        const char *log, *kernel, *why;
    } old[] = {{LOGS_V1 "m64.log", KERNEL_V1, "unknown line in a version 1 report"},
               {LOGS_V2 "m64.log", KERNEL_V2, "unknown line in a version 2 report"}};
    for (size_t i = 0; i < sizeof(old) / sizeof(old[0]); i++) {
        char *text = lgt_read(old[i].log, NULL);
        char *bad = lgt_edit(text, "boot ",
                             "boot source=disk loader=bootlab-stage2/1 drive=0x80 build=default\n"
                             "cpu none",
                             1);
        struct lg_pc *pc = lgt_grade_as(bad, strlen(bad), "old", old[i].kernel, NULL);
        assert_int_equal(pc->verdict, LG_FAIL);
        assert_non_null(strstr(pc->reason, old[i].why));
        assert_null(lgt_check(pc, "pt mode"));
        assert_null(lgt_check(pc, "when cpu"));
        lgt_free(pc);
        free(bad);
        free(text);
    }
}

/* The page mode: recomputed from the cmdline line, counted against pt large=. */
static void test_page_mode(void **state)
{
    (void)state;
    char *text = read_log("m512-bigpages.log");
    struct lg_pc *pc = grade3(text, LG_PASS, NULL);
    assert_int_equal(pc->exp->big, 1);
    assert_int_equal(pc->exp->large, 55);
    assert_int_equal(pc->exp->pt_pages, 10);
    assert_int_equal(pc->rep->pt_large, 55);
    lgt_free(pc);
    free(text);
    /* 4 MiB pages reported, but the options do not ask for them. */
    expect_fail("m512-bigpages.log", "cmdline", NULL, "pt mode");
    /* One 4 MiB page fewer, its region in a table instead: pages and large both off. */
    expect_fail("m512-bigpages.log", "pt ",
                "pt pages=11 mapped=65536 overhead=0.0167% overhead_ppm=167 large=54 mode=4m",
                "pt large");
    /* A 4 KiB boot that says 4m. */
    expect_fail("m512.log", "pt ",
                "pt pages=65 mapped=65536 overhead=0.0991% overhead_ppm=991 large=0 mode=4m",
                "pt mode");
    /* Asked for bigpages (cmdline), but mapped with 4 KiB pages: every total is off. */
    char *four = read_log("m512.log"), *bad;
    bad = lgt_edit(four, "boot ",
                   "boot source=disk loader=bootlab-stage2/1 drive=0x80 build=default\n"
                   "cmdline bigpages",
                   1);
    pc = grade3(bad, LG_FAIL, NULL);
    assert_true(lgt_failed(pc, "pt pages"));
    assert_true(lgt_failed(pc, "pt large"));
    assert_true(lgt_failed(pc, "kalloc free"));
    lgt_free(pc);
    free(bad);
    free(four);
}

static char inv_path[] = "/tmp/lgid-XXXXXX";

/* Record the identity log's seat, then grade the swapped PC in that seat. */
static void test_pinned_seat(void **state)
{
    (void)state;
    char *a = read_log("m128-identity.log"), *b = read_log("m128-swapped.log");
    char *v1 = lgt_read(LOGS_V1 "m128.log", NULL), text[4096];
    struct lg_inv inv = {0}, back;
    struct lg_pc *pa = grade3(a, LG_PASS, NULL), *pc;

    assert_int_equal(lg_inv_put(&inv, "name:test", pa->rep), 0);
    assert_string_equal(inv.pc[0].serial, "LAB-0007");
    assert_string_equal(inv.pc[0].uuid, "5e1f0007-2c4b-4d6a-9b1e-000000000007");
    assert_int_equal(lg_inv_save(&inv, inv_path), 0);
    FILE *f = fopen(inv_path, "r");
    assert_non_null(f);
    text[fread(text, 1, sizeof(text) - 1, f)] = 0;
    fclose(f);
    assert_true(!strncmp(text, "bootlab-inventory v1\n", 21));
    assert_non_null(strstr(text, "\npc name:test method=e820 entries=6 serial=LAB-0007 "
                                 "uuid=5e1f0007-2c4b-4d6a-9b1e-000000000007\n"));
    assert_int_equal(lg_inv_load(inv_path, &back, 0), 0);
    assert_string_equal(back.pc[0].serial, "LAB-0007");

    pc = grade3(a, LG_PASS, &back); /* the same PC: pass, with the identity check */
    assert_true(lgt_check(pc, "inventory identity")->ok);
    lgt_free(pc);
    pc = grade3(b, LG_WRONGPC, &back); /* same map, other serial and UUID */
    assert_non_null(strstr(pc->reason, "another PC in seat name:test"));
    assert_non_null(strstr(pc->reason, "reported serial=LAB-0011"));
    assert_true(lgt_failed(pc, "inventory identity"));
    assert_false(lgt_failed(pc, "inventory")); /* the raw map is the same */
    lgt_free(pc);
    pc = lgt_grade_as(v1, strlen(v1), "test", KERNEL_V1, &back); /* no identity at all */
    assert_int_equal(pc->verdict, LG_WRONGPC);
    assert_string_equal(lgt_check(pc, "inventory identity")->reported, "(no smbios line)");
    lgt_free(pc);
    /* Pinned to the UUID only: another serial is fine. */
    back.pc[0].serial[0] = 0;
    pc = grade3(a, LG_PASS, &back);
    lgt_free(pc);
    lg_inv_free(&inv);
    lg_inv_free(&back);
    lgt_free(pa);
    free(a);
    free(b);
    free(v1);
}

/* A PC without an SMBIOS serial or UUID pins nothing: its pc line has no serial= or uuid=. */
static void test_nothing_to_pin(void **state)
{
    (void)state;
    char *a = read_log("m64.log"), text[2048];
    struct lg_inv inv = {0};
    struct lg_pc *pa = grade3(a, LG_PASS, NULL);
    assert_int_equal(lg_inv_put(&inv, "name:test", pa->rep), 0);
    assert_int_equal(lg_inv_save(&inv, inv_path), 0);
    FILE *f = fopen(inv_path, "r");
    text[fread(text, 1, sizeof(text) - 1, f)] = 0;
    fclose(f);
    assert_true(!strncmp(text, "bootlab-inventory v1\n", 21));
    assert_null(strstr(text, "serial="));
    assert_null(strstr(text, "uuid="));
    lg_inv_free(&inv);
    lgt_free(pa);
    free(a);
}

static void test_pin_lines_malformed(void **state)
{
    (void)state;
#define PC  "bootlab-inventory v1\npc name:x method=e820 entries=0"
#define UID "uuid=5e1f0007-2c4b-4d6a-9b1e-000000000007"
    static const char *const bad[] = {
        PC "\npin serial=a uuid=-\n",
        PC " serial=\n",
        PC " uuid=5e1f0007\n",
        PC " " UID " serial=a\n",
        PC " serial=a serial=b\n",
        PC " serial=a extra\n",
        PC " serial=a mac=52:54:00:12:34:56\n",
        PC " pin=a\n",
        "bootlab-inventory v2\npc name:x method=e820 entries=0\n",
    };
    struct lg_inv inv;
    FILE *g = fopen(inv_path, "w");
    fputs(PC " mac=52:54:00:12:34:56 serial=LAB-0007 " UID "\n", g);
    fclose(g);
    assert_int_equal(lg_inv_load(inv_path, &inv, 0), 0);
    assert_string_equal(inv.pc[0].mac, "52:54:00:12:34:56");
    assert_string_equal(inv.pc[0].serial, "LAB-0007");
    assert_string_equal(inv.pc[0].uuid, "5e1f0007-2c4b-4d6a-9b1e-000000000007");
    lg_inv_free(&inv);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        FILE *f = fopen(inv_path, "w");
        fputs(bad[i], f);
        fclose(f);
        if (lg_inv_load(inv_path, &inv, 0) != -1)
            print_error("accepted case %zu\n", i);
        assert_int_equal(lg_inv_load(inv_path, &inv, 0), -1);
    }
}

/* The CSV carries the machine's columns, in the documented order; a v1 report leaves them empty. */
static void test_csv_columns(void **state)
{
    (void)state;
    char *a = read_log("m128-identity.log"), *v1 = lgt_read(LOGS_V1 "m64.log", NULL), out[8192];
    struct lg_pc pcs[2], *pa = grade3(a, LG_PASS, NULL),
                         *pb = lgt_grade_as(v1, strlen(v1), "v1", KERNEL_V1, NULL);
    FILE *f = tmpfile();
    pcs[0] = *pa;
    pcs[1] = *pb;
    assert_int_equal(lg_out_csv(f, pcs, 2), 0);
    rewind(f);
    out[fread(out, 1, sizeof(out) - 1, f)] = 0;
    fclose(f);
    assert_true(
        !strncmp(out,
                 "pc,student,verdict,checks_failed,checks,limit,free_pages,boots,reports,"
                 "key,mac,source,seconds,reason,cpu,system,serial,uuid,reset_us,boot_us\r\n",
                 strlen("pc,student,verdict,checks_failed,checks,limit,free_pages,boots,"
                        "reports,key,mac,source,seconds,reason,cpu,system,serial,uuid,"
                        "reset_us,boot_us\r\n")));
    assert_non_null(strstr(out, "\"GenuineIntel 6/6/3 QEMU_Virtual_CPU_version_2.5+\","
                                "\"Lab_Vendor LabPC_7\",\"LAB-0007\","
                                "\"5e1f0007-2c4b-4d6a-9b1e-000000000007\",\""));
    assert_int_equal(pb->verdict, LG_PASS);
    assert_non_null(strstr(out, " checks passed\",\"\",\"\",\"\",\"\",\"\",\"\"\r\n"));
    lgt_free(pa);
    lgt_free(pb);
    free(a);
    free(v1);
}

static int setup(void **state)
{
    (void)state;
    int fd = mkstemp(inv_path);
    if (fd >= 0)
        close(fd);
    return fd < 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(inv_path);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_v3_logs_pass),
        cmocka_unit_test(test_identity_fields),
        cmocka_unit_test(test_multiboot_and_no_tsc),
        cmocka_unit_test(test_clock_lies),
        cmocka_unit_test(test_line_rules),
        cmocka_unit_test(test_older_versions_reject_v3_lines),
        cmocka_unit_test(test_page_mode),
        cmocka_unit_test(test_pinned_seat),
        cmocka_unit_test(test_nothing_to_pin),
        cmocka_unit_test(test_pin_lines_malformed),
        cmocka_unit_test(test_csv_columns),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
