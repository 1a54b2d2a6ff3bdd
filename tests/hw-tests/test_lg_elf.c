/*
 * test_lg_elf.c - kernel symbols from an ELF (hw-tests/lg_elf.c): the
 * recorded kernel, and damaged copies of it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include "hw-tests/lg_elf.h"
#include "tests/hw-tests/lgtest.h"

static void test_recorded_kernel(void **state)
{
    (void)state;
    struct lg_kernel k;
    char err[128];
    assert_int_equal(lg_elf_load(KERNEL, &k, err, sizeof(err)), 0);
    assert_int_equal(k.kernbase, 0x80000000);
    assert_int_equal(k.kernlink, 0x80100000);
    assert_int_equal(k.data, 0x80104000); /* nm logs/kernel.elf */
    assert_int_equal(k.end, 0x80109648);
    assert_false(k.base_from_symbols);
}

/* Every truncation and a few corruptions: an error, never a crash or a wrong answer. */
static void test_damaged(void **state)
{
    (void)state;
    size_t n;
    uint8_t *elf = (uint8_t *)lgt_read(KERNEL, &n), *copy = malloc(n);
    struct lg_kernel k;
    char err[128];

    for (size_t cut = 0; cut < n; cut += cut < 64 ? 1 : 997)
        if (lg_elf_parse(elf, cut, &k, err, sizeof(err)) == 0)
            assert_true(k.data == 0x80104000 && k.end == 0x80109648);
    memcpy(copy, elf, n);
    copy[4] = 2; /* ELFCLASS64 */
    assert_int_equal(lg_elf_parse(copy, n, &k, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "32-bit"));
    memcpy(copy, elf, n);
    copy[18] = 62; /* EM_X86_64 */
    assert_int_equal(lg_elf_parse(copy, n, &k, err, sizeof(err)), -1);
    memcpy(copy, elf, n);
    memset(copy + 32, 0xff, 4); /* e_shoff far outside */
    assert_int_equal(lg_elf_parse(copy, n, &k, err, sizeof(err)), -1);
    assert_int_equal(lg_elf_parse((const uint8_t *)"not an elf", 10, &k, err, sizeof(err)), -1);
    assert_int_equal(lg_elf_load("/nonexistent", &k, err, sizeof(err)), -1);
    free(copy);
    free(elf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_recorded_kernel),
        cmocka_unit_test(test_damaged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
