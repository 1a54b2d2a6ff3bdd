/*
 * test_lg_elf.c - kernel symbols, build tag and self-hash from an ELF
 * (hw-tests/lg_elf.c): the recorded kernels (version 2 and version 1), and
 * damaged copies of them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hw-tests/lg_elf.h"
#include "tests/hw-tests/lgtest.h"

/* The khash line of the log recorded with KERNEL (logs/m128.log), as the kernel printed it. */
static void logged_khash(char *hex, uint32_t *end)
{
    char *text = lgt_read(LOGS "m128.log", NULL), *p = strstr(text, "khash sha256=");
    assert_non_null(p);
    assert_int_equal(sscanf(p, "khash sha256=%64s range=0x80100000-0x%x", hex, end), 2);
    free(text);
}

static void test_recorded_kernel(void **state)
{
    (void)state;
    struct lg_kernel k;
    char err[128], hex[65], mine[65];
    uint32_t end;
    assert_int_equal(lg_elf_load(KERNEL, &k, err, sizeof(err)), 0);
    assert_int_equal(k.kernbase, 0x80000000);
    assert_int_equal(k.kernlink, 0x80100000);
    assert_int_equal(k.data, 0x80108000); /* nm logs/v4/kernel.elf */
    assert_int_equal(k.end, 0x801123e8);
    assert_false(k.base_from_symbols);
    assert_true(k.has_tag);
    assert_string_equal(k.tag, "default");
    assert_true(k.has_khash);
    logged_khash(hex, &end);
    sha256_hex(k.sha256, mine);
    assert_string_equal(mine, hex); /* the ELF's bytes are what the kernel hashed in memory */
    assert_int_equal(k.erodata, end);
}

/* A version 1 kernel has no build_tag and no erodata: the parse still succeeds. */
static void test_v1_kernel(void **state)
{
    (void)state;
    struct lg_kernel k;
    char err[128];
    assert_int_equal(lg_elf_load(KERNEL_V1, &k, err, sizeof(err)), 0);
    assert_int_equal(k.data, 0x80104000); /* nm logs/v1/kernel.elf */
    assert_int_equal(k.end, 0x80109648);
    assert_false(k.has_tag);
    assert_false(k.has_khash);
    assert_non_null(strstr(k.tag_err, "no build_tag"));
    assert_non_null(strstr(k.khash_err, "no erodata"));
}

/* The text segment cut short in the file: the hash cannot be made, and says why. */
static void test_segment_outside_file(void **state)
{
    (void)state;
    size_t n;
    uint8_t *elf = (uint8_t *)lgt_read(KERNEL, &n);
    struct lg_kernel k;
    char err[128];
    uint32_t phoff = elf[28] | elf[29] << 8 | elf[30] << 16 | (uint32_t)elf[31] << 24;

    elf[phoff + 4] = 0xf0; /* the first segment's p_offset near the end of a 16 MiB file */
    elf[phoff + 5] = 0xff;
    elf[phoff + 6] = 0xff;
    elf[phoff + 7] = 0x00;
    assert_int_equal(lg_elf_parse(elf, n, &k, err, sizeof(err)), 0);
    assert_false(k.has_khash);
    assert_non_null(strstr(k.khash_err, "past the end of the file"));
    free(elf);
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
            assert_true(k.data == 0x80105000 && k.end == 0x8010a75c);
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

/* A stripped copy (what make netboot serves) has no symbols: the error says which file to give. */
static void test_stripped(void **state)
{
    (void)state;
    size_t n;
    uint8_t *elf = (uint8_t *)lgt_read(KERNEL, &n);
    struct lg_kernel k;
    char err[200];
    uint32_t shoff = elf[32] | elf[33] << 8 | elf[34] << 16 | (uint32_t)elf[35] << 24;
    uint32_t shnum = elf[48] | elf[49] << 8;

    for (uint32_t i = 0; i < shnum; i++)
        if (elf[shoff + i * 40 + 4] == 2) /* SHT_SYMTAB becomes SHT_NULL */
            elf[shoff + i * 40 + 4] = 0;
    assert_int_equal(lg_elf_parse(elf, n, &k, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "no symbol table in the kernel ELF (a stripped copy"));
    assert_non_null(strstr(err, "give the grader build/kernel.elf"));
    free(elf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_recorded_kernel),
        cmocka_unit_test(test_v1_kernel),
        cmocka_unit_test(test_segment_outside_file),
        cmocka_unit_test(test_damaged),
        cmocka_unit_test(test_stripped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
