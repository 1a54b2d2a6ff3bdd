/*
 * test_lg_input.c - INPUT arguments and the poll loop (hw-tests/lg_input.c)
 * on local files and FIFOs. Serial ports, ptys, TCP and telnet are tested
 * with real QEMU and ser2net in tests/hw-tests/test_labgrade_inputs.py.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "hw-tests/lg_input.h"
#include "tests/hw-tests/lgtest.h"

static const struct lg_source defaults = {.baud = 115200, .mode = "8N1", .timeout = 300};

static void test_parse_sources(void **state)
{
    (void)state;
    struct lg_source s;
    char name[LG_NAME], err[128];

    assert_int_equal(lg_source_parse("pc01=telnet:console1:3001,timeout=90", &defaults, &s, name,
                                     sizeof(name), err, sizeof(err)),
                     0);
    assert_string_equal(name, "pc01");
    assert_int_equal(s.kind, LG_SRC_TELNET);
    assert_string_equal(s.path, "console1");
    assert_string_equal(s.port, "3001");
    assert_true(s.timeout == 90);
    assert_int_equal(lg_source_parse("tcp:[::1]:2000,kernel=k.elf,until=eof", &defaults, &s, name,
                                     sizeof(name), err, sizeof(err)),
                     0);
    assert_string_equal(s.path, "::1");
    assert_string_equal(s.kernel, "k.elf");
    assert_int_equal(s.until_eof, 1);
    lg_default_name(&s, name, sizeof(name));
    assert_string_equal(name, "::1:2000");
    assert_int_equal(lg_source_parse("/dev/null,baud=9600,mode=7E2", &defaults, &s, name,
                                     sizeof(name), err, sizeof(err)),
                     0);
    assert_int_equal(s.kind, LG_SRC_SERIAL); /* a character device */
    assert_int_equal(s.baud, 9600);
    assert_string_equal(s.mode, "7E2");
    assert_int_equal(
        lg_source_parse("logs/pc3.log", &defaults, &s, name, sizeof(name), err, sizeof(err)), 0);
    assert_int_equal(s.kind, LG_SRC_FILE);
    lg_default_name(&s, name, sizeof(name));
    assert_string_equal(name, "pc3.log");
}

static void test_bad_sources(void **state)
{
    (void)state;
    static const char *const bad[] = {"tcp:host",       "telnet::23",      "x.log,timeout=0",
                                      "x.log,mode=9N1", "x.log,baud=fast", "x.log,color=red",
                                      "file:"};
    struct lg_source s;
    char name[LG_NAME], err[128];
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        err[0] = 0;
        assert_int_equal(
            lg_source_parse(bad[i], &defaults, &s, name, sizeof(name), err, sizeof(err)), -1);
        assert_true(err[0] != 0);
    }
}

/* A file read to its end, a FIFO nobody writes (times out), a missing file (error): together. */
static void test_run_mixed(void **state)
{
    (void)state;
    char fifo[] = "/tmp/lgfifo-XXXXXX", name[LG_NAME], err[128];
    struct lg_pc pcs[3];
    struct lg_source s, d = defaults;
    const char *args[3] = {LOGS "m64.log", fifo, "/nonexistent/x.log"};
    int keep;

    assert_non_null(mkdtemp(fifo));
    strcat(fifo, "/f");
    assert_int_equal(mkfifo(fifo, 0600), 0);
    keep = open(fifo, O_RDWR | O_NONBLOCK); /* a writer that never writes */
    d.timeout = 0.3;
    snprintf(d.kernel, sizeof(d.kernel), "%s", KERNEL);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(lg_source_parse(args[i], &d, &s, name, sizeof(name), err, sizeof(err)), 0);
        assert_int_equal(lg_pc_init(&pcs[i], args[i], &s), 0);
    }
    double t = lg_now();
    lg_run(pcs, 3, 0, NULL, NULL);
    assert_true(lg_now() - t < 2.0);
    assert_int_equal(lg_pc_grade(&pcs[0], NULL), LG_PASS);
    assert_int_equal(lg_pc_grade(&pcs[1], NULL), LG_NOREPORT);
    assert_true(pcs[1].timed_out);
    assert_int_equal(lg_pc_grade(&pcs[2], NULL), LG_ERROR);
    for (int i = 0; i < 3; i++)
        lg_pc_free(&pcs[i]);
    close(keep);
    unlink(fifo);
    *strrchr(fifo, '/') = 0;
    rmdir(fifo);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_sources),
        cmocka_unit_test(test_bad_sources),
        cmocka_unit_test(test_run_mixed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
