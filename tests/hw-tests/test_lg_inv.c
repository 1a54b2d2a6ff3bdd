/*
 * test_lg_inv.c - the lab inventory (hw-tests/lg_inv.c): record, reload,
 * compare (raw map and MAC), and reject malformed files with file:line
 * errors, among them an inventory keyed by MAC.
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
#include "tests/hw-tests/lgtest.h"

static char path[] = "/tmp/lginv-XXXXXX";

static void write_file(const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Record the -m 128 boot; it matches itself and a -m 64 boot under the same key is flagged. */
static void test_round_trip(void **state)
{
    (void)state;
    char *a = lgt_read(LOGS "m128.log", NULL), *b = lgt_read(LOGS "m64.log", NULL);
    struct lg_pc *pa = lgt_grade(a, strlen(a)), *pb = lgt_grade(b, strlen(b));
    struct lg_inv inv = {0}, back;
    struct lg_checks cs = {0};

    assert_int_equal(lg_inv_put(&inv, "name:pc07", pa->rep), 0);
    assert_int_equal(lg_inv_save(&inv, path), 0);
    assert_int_equal(lg_inv_load(path, &back, 0), 0);
    assert_int_equal(back.n, 1);
    assert_int_equal(lg_inv_check(&back, "name:pc07", pa->rep, &cs), 1);
    assert_int_equal(cs.nfail, 0);
    assert_string_equal(cs.c[0].name, "inventory mac");
    assert_string_equal(cs.c[1].name, "inventory");
    assert_int_equal(lg_inv_check(&back, "name:pc07", pb->rep, &cs), 1);
    assert_int_equal(cs.nfail, 1);
    assert_string_equal(cs.c[3].name, "inventory raw 3");
    assert_int_equal(lg_inv_check(&back, "name:other", pb->rep, &cs), 0);
    /* Same entries but one fewer recorded: the count differs, so it is flagged too. */
    back.pc[0].n--;
    assert_int_equal(lg_inv_check(&back, "name:pc07", pa->rep, &cs), 1);
    assert_int_equal(cs.nfail, 2);
    assert_string_equal(cs.c[5].name, "inventory raw 5");
    assert_string_equal(cs.c[5].expected, "method=e820 entries=5");
    lg_inv_free(&inv);
    lg_inv_free(&back);
    lgt_free(pa);
    lgt_free(pb);
    free(a);
    free(b);
}

/*
 * A network seat records its MAC: a boot of that seat with another MAC (another PC on
 * the seat's cable, or a forged net line), or without a net line, is flagged.
 */
static void test_mac_pinned(void **state)
{
    (void)state;
    char *text = lgt_read(LOGS "multiboot-net-m128.log", NULL),
         *disk = lgt_read(LOGS "m128.log", NULL);
    char *other =
        lgt_edit(text, "net ", "net mac=52:54:00:12:34:57 ip=10.0.2.15 server=10.0.2.2 file=-", 1);
    struct lg_pc *ref = lgt_grade(text, strlen(text)), *pc;
    struct lg_inv inv = {0}, back;
    struct lg_checks cs = {0};

    assert_int_equal(lg_inv_put(&inv, "name:pc01", ref->rep), 0);
    assert_string_equal(inv.pc[0].mac, "52:54:00:12:34:56");
    assert_int_equal(lg_inv_save(&inv, path), 0);
    assert_int_equal(lg_inv_load(path, &back, 0), 0);
    assert_string_equal(back.pc[0].mac, "52:54:00:12:34:56");
    pc = lgt_grade(other, strlen(other));
    lg_inv_check(&back, "name:pc01", pc->rep, &cs);
    assert_int_equal(cs.nfail, 1);
    assert_string_equal(cs.c[0].name, "inventory mac");
    assert_string_equal(cs.c[0].reported, "52:54:00:12:34:57");
    lgt_free(pc);
    pc = lgt_grade(disk, strlen(disk));
    lg_inv_check(&back, "name:pc01", pc->rep, &cs);
    assert_string_equal(cs.c[2].name, "inventory mac");
    assert_false(cs.c[2].ok);
    assert_string_equal(cs.c[2].reported, "(no net line)");
    lgt_free(pc);
    lgt_free(ref);
    lg_inv_free(&inv);
    lg_inv_free(&back);
    free(other);
    free(disk);
    free(text);
}

static void test_malformed(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "not an inventory\n",
        "bootlab-inventory v1\npc name:x method=e820 entries=2\nraw 0x0 0x1000 1 0x1\n",
        "bootlab-inventory v1\nraw 0x0 0x1000 1 0x1\n",
        "bootlab-inventory v1\npc name:x method=e820 entries=1\nraw 0x0 zz 1 0x1\n",
        "bootlab-inventory v1\npc name:x method=e820 entries=0\npc name:x method=e820 entries=0\n",
        "bootlab-inventory v1\npc name:x method=e820 entries=999\n",
        "bootlab-inventory v1\npc name:x method=e820 entries=0 mac=52:54\n",
        /* keyed by the MAC the PC printed: refused, to be recorded again by seat */
        "bootlab-inventory v1\npc 52:54:00:12:34:56 method=e820 entries=0\n",
    };
    struct lg_inv inv;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        write_file(bad[i]);
        if (lg_inv_load(path, &inv, 0) != -1)
            print_error("accepted case %zu\n", i);
        assert_int_equal(lg_inv_load(path, &inv, 0), -1);
    }
    unlink(path);
    assert_int_equal(lg_inv_load(path, &inv, 1), 0); /* missing is fine when recording */
    assert_int_equal(inv.n, 0);
    assert_int_equal(lg_inv_load(path, &inv, 0), -1);
}

static int setup(void **state)
{
    (void)state;
    int fd = mkstemp(path);
    if (fd >= 0)
        close(fd);
    return fd < 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_mac_pinned),
        cmocka_unit_test(test_malformed),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
