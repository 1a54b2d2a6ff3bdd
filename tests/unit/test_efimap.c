/*
 * test_efimap.c - host unit tests of mm/efimap.c (UEFI memory map -> E820).
 *
 * Maps are built as the firmware lays them out: descriptors DescriptorSize
 * bytes apart, in any order. Every case states its input and the exact
 * entries it expects, worked out by hand from the rules in mm/efimap.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "mm/e820.h"
#include "mm/efimap.h"

#define PG   4096ull
#define MIB  0x100000ull
#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* A descriptor: UEFI type, first byte, number of 4 KiB pages, attribute. */
struct d {
    uint32_t type;
    uint64_t start, pages, attr;
};
/* An expected E820 entry. */
struct x {
    uint64_t base, len;
    uint32_t type;
};

static uint8_t mapbuf[600 * 64 + 8];

/*
 * lay_out - write descs[0..n) into mapbuf + skew, desc_size bytes apart,
 * filling each descriptor's tail (beyond the 40 defined bytes) and the pad
 * word with 0xEE, as a firmware with a newer descriptor version might.
 * Returns the map's start.
 */
static uint8_t *lay_out(const struct d *descs, int n, uint64_t desc_size, int skew)
{
    uint8_t *map = mapbuf + skew;
    assert_true((uint64_t)n * desc_size + (uint64_t)skew <= sizeof(mapbuf));
    memset(mapbuf, 0xEE, sizeof(mapbuf));
    for (int i = 0; i < n; i++) {
        struct efimap_desc e = {descs[i].type, 0xEEEEEEEEu,    descs[i].start,
                                0x1234,        descs[i].pages, descs[i].attr};
        memcpy(map + (uint64_t)i * desc_size, &e, sizeof(e));
    }
    return map;
}

/* convert_ok - convert and assert the result is exactly want[0..nwant), nothing written past it. */
static void convert_ok(const struct d *descs, int n, uint64_t desc_size, const struct x *want,
                       int nwant)
{
    struct e820_entry out[E820_MAX_RAW + 1];
    uint8_t *map = lay_out(descs, n, desc_size, 0);
    memset(out, 0xA5, sizeof(out));
    int k = efimap_convert(map, (uint64_t)n * desc_size, desc_size, out, E820_MAX_RAW);
    assert_int_equal(k, nwant);
    for (int i = 0; i < nwant; i++) {
        assert_int_equal(out[i].base, want[i].base);
        assert_int_equal(out[i].length, want[i].len);
        assert_int_equal(out[i].type, want[i].type);
        assert_int_equal(out[i].attr, E820_ATTR_ENABLED);
    }
    assert_int_equal(out[nwant].base, 0xA5A5A5A5A5A5A5A5ull);
}

/* ---- one rule per type ---- */

static void test_every_type(void **state)
{
    static const uint32_t want[EFIMAP_NTYPES] = {
        2, /* EfiReservedMemoryType */
        1, /* EfiLoaderCode */
        1, /* EfiLoaderData */
        1, /* EfiBootServicesCode */
        1, /* EfiBootServicesData */
        2, /* EfiRuntimeServicesCode */
        2, /* EfiRuntimeServicesData */
        1, /* EfiConventionalMemory */
        5, /* EfiUnusableMemory */
        3, /* EfiACPIReclaimMemory */
        4, /* EfiACPIMemoryNVS */
        2, /* EfiMemoryMappedIO */
        2, /* EfiMemoryMappedIOPortSpace */
        2, /* EfiPalCode */
        7, /* EfiPersistentMemory */
        2, /* EfiUnacceptedMemoryType */
    };
    (void)state;
    for (uint32_t t = 0; t < EFIMAP_NTYPES; t++) {
        struct d one[] = {{t, 16 * MIB, 16, 0xF}};
        struct x x1[] = {{16 * MIB, 16 * PG, want[t]}};
        assert_int_equal(efimap_e820_type(t), want[t]);
        convert_ok(one, 1, 40, x1, 1);
    }
}

/* Type numbers the table does not know: OEM and OS ranges, and the end of the enum. */
static void test_unknown_types(void **state)
{
    static const uint32_t unknown[] = {16,         17,         0x6FFFFFFF, 0x70000000,
                                       0x7FFFFFFF, 0x80000000, 0xFFFFFFFF};
    (void)state;
    for (int i = 0; i < N(unknown); i++) {
        assert_int_equal(efimap_e820_type(unknown[i]), E820_RESERVED);
        assert_string_equal(efimap_type_name(unknown[i]), "unknown");
    }
}

static void test_type_names(void **state)
{
    (void)state;
    assert_string_equal(efimap_type_name(0), "EfiReservedMemoryType");
    assert_string_equal(efimap_type_name(4), "EfiBootServicesData");
    assert_string_equal(efimap_type_name(7), "EfiConventionalMemory");
    assert_string_equal(efimap_type_name(10), "EfiACPIMemoryNVS");
    assert_string_equal(efimap_type_name(14), "EfiPersistentMemory");
    assert_string_equal(efimap_type_name(15), "EfiUnacceptedMemoryType");
}

/* EFI_MEMORY_RUNTIME and cacheability bits do not change a type's rule. */
static void test_attributes_ignored(void **state)
{
    struct d m[] = {{EFIMAP_CONVENTIONAL, 0, 1, EFIMAP_ATTR_RUNTIME | 0xF},
                    {EFIMAP_RT_DATA, 2 * PG, 1, 0}};
    struct x want[] = {{0, PG, 1}, {2 * PG, PG, 2}};
    (void)state;
    convert_ok(m, N(m), 40, want, N(want));
}

/* ---- order ---- */

/* Firmware order is not address order (OVMF ia32 lists reserved regions last). */
static void test_unsorted(void **state)
{
    struct d m[] = {
        {EFIMAP_RESERVED, 0xFFC00000, 1024, 0}, {EFIMAP_CONVENTIONAL, MIB, 1792, 0xF},
        {EFIMAP_ACPI_NVS, 8 * MIB, 256, 0xF},   {EFIMAP_BS_DATA, 0, 159, 0xF},
        {EFIMAP_ACPI_RECLAIM, 9 * MIB, 1, 0xF},
    };
    struct x want[] = {
        {0, 159 * PG, 1}, {MIB, 1792 * PG, 1},      {8 * MIB, MIB, 4},
        {9 * MIB, PG, 3}, {0xFFC00000, 4 * MIB, 2},
    };
    (void)state;
    convert_ok(m, N(m), 40, want, N(want));
}

/* Equal starts keep map order (so the output does not depend on the sort's whims). */
static void test_equal_starts(void **state)
{
    struct d m[] = {{EFIMAP_ACPI_NVS, MIB, 1, 0}, {EFIMAP_CONVENTIONAL, MIB, 2, 0}};
    struct x want[] = {{MIB, PG, 4}, {MIB, 2 * PG, 1}};
    (void)state;
    convert_ok(m, N(m), 40, want, N(want));
}

/* ---- merging ---- */

/* Conventional, LoaderCode, BootServicesData back to back: one usable entry. */
static void test_merge_usable_kinds(void **state)
{
    struct d m[] = {{EFIMAP_LOADER_CODE, MIB + 4 * PG, 4, 0},
                    {EFIMAP_CONVENTIONAL, MIB, 4, 0},
                    {EFIMAP_BS_DATA, MIB + 8 * PG, 8, 0}};
    struct x want[] = {{MIB, 16 * PG, 1}};
    (void)state;
    convert_ok(m, N(m), 40, want, N(want));
}

/* Runtime code, MMIO and reserved touching: one reserved entry; ACPI reclaim next to NVS: two. */
static void test_merge_reserved_not_acpi(void **state)
{
    struct d m[] = {{EFIMAP_RT_CODE, 0x100 * PG, 1, 0},
                    {EFIMAP_MMIO, 0x101 * PG, 1, 0},
                    {EFIMAP_RESERVED, 0x102 * PG, 2, 0},
                    {EFIMAP_ACPI_RECLAIM, 0x104 * PG, 1, 0},
                    {EFIMAP_ACPI_NVS, 0x105 * PG, 1, 0}};
    struct x want[] = {{0x100 * PG, 4 * PG, 2}, {0x104 * PG, PG, 3}, {0x105 * PG, PG, 4}};
    (void)state;
    convert_ok(m, N(m), 40, want, N(want));
}

/* A one-page gap keeps two usable entries apart. */
static void test_gap_not_merged(void **state)
{
    struct d m[] = {{EFIMAP_CONVENTIONAL, 0, 1, 0}, {EFIMAP_CONVENTIONAL, 2 * PG, 1, 0}};
    struct x want[] = {{0, PG, 1}, {2 * PG, PG, 1}};
    (void)state;
    convert_ok(m, N(m), 40, want, N(want));
}

/* Overlaps (broken firmware): same type folds, different types stay for e820_sanitize. */
static void test_overlaps(void **state)
{
    struct d m[] = {{EFIMAP_CONVENTIONAL, 0, 4, 0},
                    {EFIMAP_BS_CODE, 2 * PG, 1, 0},
                    {EFIMAP_ACPI_NVS, 3 * PG, 2, 0}};
    struct x want[] = {{0, 4 * PG, 1}, {3 * PG, 2 * PG, 4}};
    (void)state;
    convert_ok(m, N(m), 40, want, N(want));
}

/* ---- DescriptorSize ---- */

/* OVMF's 48, a future 64 and an odd 44: only the first 40 bytes of each count. */
static void test_desc_size_larger(void **state)
{
    struct d m[] = {{EFIMAP_CONVENTIONAL, 0, 159, 0xF},
                    {EFIMAP_ACPI_NVS, 8 * MIB, 256, 0xF},
                    {EFIMAP_BS_CODE, MIB, 1792, 0xF}};
    struct x want[] = {{0, 159 * PG, 1}, {MIB, 1792 * PG, 1}, {8 * MIB, MIB, 4}};
    static const uint64_t sizes[] = {40, 44, 48, 64, 4096};
    (void)state;
    for (int i = 0; i < N(sizes); i++)
        convert_ok(m, N(m), sizes[i], want, N(want));
}

/* sizeof is not the stride: reading 48-byte descriptors 40 bytes apart must not happen. */
static void test_desc_size_is_the_stride(void **state)
{
    struct d m[] = {{EFIMAP_ACPI_NVS, 0, 1, 0}, {EFIMAP_ACPI_NVS, 4 * PG, 1, 0}};
    struct e820_entry out[4];
    uint8_t *map = lay_out(m, N(m), 48, 0);
    (void)state;
    /* Told 48, it finds both; the garbage tails at 40..47 are not descriptors. */
    assert_int_equal(efimap_convert(map, 96, 48, out, 4), 2);
    assert_int_equal(out[1].base, 4 * PG);
}

static void test_desc_size_bad(void **state)
{
    struct e820_entry out[4];
    (void)state;
    assert_int_equal(efimap_convert(mapbuf, 400, 0, out, 4), EFIMAP_E_DESC_SIZE);
    assert_int_equal(efimap_convert(mapbuf, 400, 39, out, 4), EFIMAP_E_DESC_SIZE);
    assert_int_equal(efimap_convert(mapbuf, 400, 4097, out, 4), EFIMAP_E_DESC_SIZE);
    assert_int_equal(efimap_convert(mapbuf, 400, 40, out, -1), EFIMAP_E_ARGS);
}

/* Unaligned map start and a partial descriptor at the end (ignored). */
static void test_unaligned_and_partial(void **state)
{
    struct d m[] = {{EFIMAP_CONVENTIONAL, MIB, 1, 0}, {EFIMAP_ACPI_NVS, 2 * MIB, 1, 0}};
    struct e820_entry out[4];
    uint8_t *map = lay_out(m, N(m), 48, 3);
    (void)state;
    assert_int_equal(efimap_convert(map, 48 + 47, 48, out, 4), 1);
    assert_int_equal(out[0].base, MIB);
    assert_int_equal(efimap_convert(map, 96, 48, out, 4), 2);
    assert_int_equal(efimap_convert(map, 0, 48, out, 4), 0);
    assert_int_equal(efimap_convert(map, 47, 48, out, 0), 0);
}

/* ---- dropped descriptors ---- */

static void test_drop_empty_and_wrapping(void **state)
{
    struct d m[] = {
        {EFIMAP_RESERVED, 0x1000, 0, 0},                /* no pages */
        {EFIMAP_RESERVED, 0xFFFFFFFFFFFFF000ull, 1, 0}, /* ends exactly at 2^64 */
        {EFIMAP_RESERVED, 0xFFFFFFFFFFFFE000ull, 4, 0}, /* wraps */
        {EFIMAP_RESERVED, 0x1000, 1ull << 52, 0},       /* page count overflows */
        {EFIMAP_MMIO, 0xFFFFFFFFFFFFE000ull, 1, 0},     /* kept: ends at 2^64 - 4 KiB */
        {EFIMAP_CONVENTIONAL, 0, 0x100, 0},             /* kept */
    };
    struct x want[] = {{0, 0x100 * PG, 1}, {0xFFFFFFFFFFFFE000ull, PG, 2}};
    (void)state;
    convert_ok(m, N(m), 40, want, N(want));
}

/* ---- maps larger than the output buffer ---- */

/* 500 descriptors that merge into 3 fit a 3-entry buffer. */
static void test_large_map_merges_into_small_buffer(void **state)
{
    static struct d m[500];
    struct e820_entry out[3];
    (void)state;
    for (int i = 0; i < 500; i++) { /* reversed, alternating usable kinds */
        uint32_t t = i % 2 ? EFIMAP_BS_DATA : EFIMAP_CONVENTIONAL;
        m[i] = (struct d){t, (uint64_t)(499 - i) * PG, 1, 0};
    }
    m[100].type = EFIMAP_ACPI_NVS; /* page 399 */
    uint8_t *map = lay_out(m, 500, 48, 0);
    assert_int_equal(efimap_convert(map, 500 * 48, 48, out, 3), 3);
    assert_int_equal(out[0].base, 0);
    assert_int_equal(out[0].length, 399 * PG);
    assert_int_equal(out[1].type, E820_NVS);
    assert_int_equal(out[2].base, 400 * PG);
    assert_int_equal(out[2].length, 100 * PG);
    assert_int_equal(efimap_convert(map, 500 * 48, 48, out, 2), EFIMAP_E_FULL);
}

/* Alternating types that cannot merge: cap entries fit, cap + 1 do not. */
static void test_full(void **state)
{
    static struct d m[E820_MAX_RAW + 1];
    static struct e820_entry out[E820_MAX_RAW];
    (void)state;
    for (int i = 0; i <= E820_MAX_RAW; i++)
        m[i] = (struct d){i % 2 ? EFIMAP_ACPI_NVS : EFIMAP_CONVENTIONAL, (uint64_t)i * PG, 1, 0};
    uint8_t *map = lay_out(m, E820_MAX_RAW + 1, 40, 0);
    assert_int_equal(efimap_convert(map, E820_MAX_RAW * 40, 40, out, E820_MAX_RAW), E820_MAX_RAW);
    assert_int_equal(efimap_convert(map, (E820_MAX_RAW + 1) * 40, 40, out, E820_MAX_RAW),
                     EFIMAP_E_FULL);
}

/* ---- with the sanitizer: what the kernel will see ---- */

/* An OVMF-like low map: the result sanitizes to the ranges the kernel maps. */
static void test_then_sanitize(void **state)
{
    struct d m[] = {
        {EFIMAP_BS_CODE, 0, 1, 0xF},
        {EFIMAP_CONVENTIONAL, PG, 0x9E, 0xF},
        {EFIMAP_BS_DATA, 0x9F * PG, 1, 0xF},
        {EFIMAP_CONVENTIONAL, MIB, 0x700, 0xF},
        {EFIMAP_ACPI_NVS, 8 * MIB, 0x100, 0xF},
        {EFIMAP_LOADER_DATA, 9 * MIB, 0x10, 0xF},
        {EFIMAP_RT_DATA, 0x7F00000, 0x100, 0x800000000000000Full},
    };
    struct e820_entry out[E820_MAX_RAW];
    struct e820_range sane[E820_MAX_SANE];
    uint8_t *map = lay_out(m, N(m), 48, 0);
    (void)state;
    int k = efimap_convert(map, N(m) * 48, 48, out, E820_MAX_RAW);
    assert_int_equal(k, 5);
    int s = e820_sanitize(out, k, sane, E820_MAX_SANE);
    assert_int_equal(s, 5);
    assert_int_equal(sane[0].end, 0xA0000);
    assert_int_equal(sane[1].start, MIB);
    assert_int_equal(sane[1].end, 8 * MIB);
    assert_int_equal(sane[2].type, E820_NVS);
    assert_int_equal(sane[3].end, 9 * MIB + 0x10 * PG);
    assert_int_equal(sane[4].type, E820_RESERVED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_type),
        cmocka_unit_test(test_unknown_types),
        cmocka_unit_test(test_type_names),
        cmocka_unit_test(test_attributes_ignored),
        cmocka_unit_test(test_unsorted),
        cmocka_unit_test(test_equal_starts),
        cmocka_unit_test(test_merge_usable_kinds),
        cmocka_unit_test(test_merge_reserved_not_acpi),
        cmocka_unit_test(test_gap_not_merged),
        cmocka_unit_test(test_overlaps),
        cmocka_unit_test(test_desc_size_larger),
        cmocka_unit_test(test_desc_size_is_the_stride),
        cmocka_unit_test(test_desc_size_bad),
        cmocka_unit_test(test_unaligned_and_partial),
        cmocka_unit_test(test_drop_empty_and_wrapping),
        cmocka_unit_test(test_large_map_merges_into_small_buffer),
        cmocka_unit_test(test_full),
        cmocka_unit_test(test_then_sanitize),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
