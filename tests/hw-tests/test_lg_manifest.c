/*
 * test_lg_manifest.c - hw-tests/lg_manifest.c: the lab manifest's rows,
 * resolved (MACs normalized, paths made absolute, a tree's ELF in the lab
 * directory, options split between the PC and the grader), and every kind of
 * wrong row refused with its line number and what is right.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "hw-tests/lg_manifest.h"

static char dir[64];

/* A temporary directory with a tree "alice/" (kernel/ and mm/) and a file "k.elf". */
static int setup(void **state)
{
    char path[128];
    (void)state;
    snprintf(dir, sizeof(dir), "/tmp/lgmanifest-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/alice", dir);
    assert_int_equal(mkdir(path, 0755), 0);
    snprintf(path, sizeof(path), "%s/k.elf", dir);
    fclose(fopen(path, "w"));
    return 0;
}

static int teardown(void **state)
{
    char cmd[128];
    (void)state;
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    return system(cmd);
}

/* Load text as a manifest; the problems printed go to *errors (malloc'd). */
static int load(const char *text, struct lg_manifest *m, char **errors)
{
    char path[128];
    size_t n = 0;
    FILE *f, *err = open_memstream(errors, &n);
    int r;

    snprintf(path, sizeof(path), "%s/lab.txt", dir);
    f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    r = lg_manifest_load(path, "/srv/lab", m, err);
    fclose(err);
    return r;
}

static void test_rows_resolved(void **state)
{
    struct lg_manifest m;
    char *errors, want[256], input[2048];
    (void)state;
    assert_int_equal(load("# seat mac console student kernel\n"
                          "pc01\t52-54-00-B4-00-01  /dev/ttyS0  alice  alice   com=2 baud=57600\n"
                          "\n"
                          "pc02 52:54:00:b4:00:02 tcp:console1:3002 - k.elf loader=multiboot "
                          "timeout=90 wait=600 # the course kernel\n"
                          "pc03 52:54:00:b4:00:03 file:logs/pc03.log bob /abs/bob.elf\n",
                          &m, &errors),
                     0);
    assert_string_equal(errors, "");
    assert_int_equal(m.n, 3);
    assert_string_equal(m.seat[0].mac, "52:54:00:b4:00:01");
    assert_true(m.seat[0].tree);
    assert_string_equal(m.seat[0].elf, "/srv/lab/alice/kernel.elf");
    assert_string_equal(m.seat[0].loader, "pxe");
    assert_string_equal(m.seat[0].boot_options, "com=2 baud=57600");
    assert_string_equal(m.seat[0].input_options, "baud=57600");
    assert_string_equal(m.seat[1].student, "");
    assert_false(m.seat[1].tree);
    snprintf(want, sizeof(want), "%s/k.elf", dir);
    assert_string_equal(m.seat[1].elf, want);
    assert_string_equal(m.seat[1].loader, "multiboot");
    assert_string_equal(m.seat[1].console, "tcp:console1:3002");
    snprintf(want, sizeof(want), "file:%s/logs/pc03.log", dir);
    assert_string_equal(m.seat[2].console, want);
    assert_int_equal(lg_seat_input(&m.seat[1], input, sizeof(input)), 0);
    snprintf(want, sizeof(want), "pc02=tcp:console1:3002,kernel=%s/k.elf,timeout=90,wait=600", dir);
    assert_string_equal(input, want);
    free(errors);
    lg_manifest_free(&m);
}

static void test_wrong_rows_named(void **state)
{
    static const struct {
        const char *row, *why;
    } t[] = {
        {"pc01 52:54:00:b4:00 /dev/ttyS0 a k.elf\n", "lab.txt:1: MAC '52:54:00:b4:00' is not six"},
        {"pc01 52:54:00:b4:00:01 /dev/ttyS0 a\n", "want SEAT MAC CONSOLE STUDENT KERNEL"},
        {"pc/1 52:54:00:b4:00:01 /dev/ttyS0 a k.elf\n", "seat 'pc/1': use letters"},
        {"pc01 52:54:00:b4:00:01 /dev/ttyS0 a k.elf fast=1\n", "unknown option 'fast=1'"},
        {"pc01 52:54:00:b4:00:01 /dev/ttyS0 a k.elf com=9\n", "com= wants 1 to 4"},
        {"pc01 52:54:00:b4:00:01 /dev/ttyS0 a k.elf baud=56000\n", "baud= wants a speed"},
        {"pc01 52:54:00:b4:00:01 /dev/ttyS0 - alice\n", "is a source tree: it needs a student"},
        {"pc01 52:54:00:b4:00:01 tcp:nohost a k.elf\n", "console: 'nohost': want HOST:PORT"},
        {"pc01 52:54:00:b4:00:01 /dev/ttyS0 a k.elf\npc01 52:54:00:b4:00:02 /dev/ttyS1 b k.elf\n",
         "lab.txt:2: seat name repeated (first on line 1)"},
        {"pc01 52:54:00:b4:00:01 /dev/ttyS0 a k.elf\npc02 52-54-00-B4-00-01 /dev/ttyS1 b k.elf\n",
         "lab.txt:2: MAC repeated (first on line 1)"},
        {"pc01 52:54:00:b4:00:01 /dev/ttyS0 alice alice\npc02 52:54:00:b4:00:02 /dev/ttyS1 alice "
         "/\n",
         "lab.txt:2: this student has another source tree on line 1"},
        {"# nothing but comments\n", "no seats"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        struct lg_manifest m;
        char *errors;
        assert_int_equal(load(t[i].row, &m, &errors), -1);
        if (!strstr(errors, t[i].why))
            print_error("row %zu: '%s' not in '%s'\n", i, t[i].why, errors);
        assert_non_null(strstr(errors, t[i].why));
        free(errors);
        lg_manifest_free(&m);
    }
}

static void test_print_tab_separated(void **state)
{
    struct lg_manifest m;
    char *errors, *out;
    size_t n = 0;
    FILE *f;
    (void)state;
    assert_int_equal(
        load("pc01 52:54:00:b4:00:01 /dev/ttyS0 alice alice com=0xe030\n", &m, &errors), 0);
    f = open_memstream(&out, &n);
    lg_manifest_print(f, &m);
    fclose(f);
    assert_non_null(strstr(out, "seat\tmac\tconsole\tstudent\tkernel\tkind\telf\tloader\t"
                                "boot_options\n"));
    assert_non_null(strstr(out, "\tpxe\tcom=0xe030\n"));
    assert_non_null(strstr(out, "pc01\t52:54:00:b4:00:01\t/dev/ttyS0\talice\t"));
    assert_non_null(strstr(out, "\ttree\t/srv/lab/alice/kernel.elf\t"));
    free(out);
    free(errors);
    lg_manifest_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_resolved),
        cmocka_unit_test(test_wrong_rows_named),
        cmocka_unit_test(test_print_tab_separated),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
