/*
 * test_smbios.c - host unit tests of kernel/smbios.c: entry points, the
 * System Information structure, and the UUID's text.
 *
 * tests/unit/smbios/qemu-*.bin are real SMBIOS data: the bytes from the
 * entry point to the end of the structure table, as SeaBIOS 1.16.2 laid them
 * out in 0xF0000-0xFFFFF under QEMU 7.2 (the file name says where the entry
 * point was; the table follows it directly). Captured with QEMU's monitor
 * ("pmemsave 0xf0000 65536 FILE") from
 *   qemu-2.8:     -smbios type=1,manufacturer=Acme Labs,product=LabPC 3000,
 *                 version=1.2,serial=SN-00042,uuid=12345678-9abc-def0-1122-334455667788,
 *                 sku=SKU7,family=Lab
 *   qemu-3.0:     -machine pc,smbios-entry-point-type=64 -smbios type=1,
 *                 manufacturer=Acme Labs,product=LabPC 3000,serial=SN-00043,
 *                 uuid=12345678-9abc-def0-1122-334455667789
 *   qemu-default: no -smbios at all
 * The other tables are built here, structure by structure, from DSP0134.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/smbios.h"

#define AREA_BASE 0xF0000u

static uint8_t area[SMBIOS_AREA_LEN]; /* the BIOS area, 0xF0000-0xFFFFF */

/* Load a captured file into the area at the entry point's address; returns its length. */
static uint32_t load(const char *name, uint32_t ep_addr)
{
    char path[128];
    snprintf(path, sizeof(path), "tests/unit/smbios/%s", name);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s (run from the repository root)", path);
    memset(area, 0, sizeof(area));
    size_t n = fread(area + (ep_addr - AREA_BASE), 1, sizeof(area) - (ep_addr - AREA_BASE), f);
    fclose(f);
    assert_true(n > 0x20);
    return (uint32_t)n;
}

/* The structure table an entry point names, inside the area. */
static const uint8_t *table_of(const struct smbios_entry *ep)
{
    assert_true(ep->table >= AREA_BASE && ep->table + ep->len <= AREA_BASE + SMBIOS_AREA_LEN);
    return area + (ep->table - AREA_BASE);
}

/* ---- the captured tables ---- */

static void test_qemu_28(void **state)
{
    struct smbios_entry ep;
    struct smbios_system sys;
    char uuid[37];
    (void)state;
    load("qemu-2.8-f5a00.bin", 0xF5A00);
    assert_int_equal(smbios_find(area, sizeof(area), &ep), 0x5A00);
    assert_int_equal(ep.v3, 0);
    assert_int_equal(ep.major, 2);
    assert_int_equal(ep.minor, 8);
    assert_int_equal(ep.table, 0xF5A20);
    assert_int_equal(ep.len, 378);
    assert_int_equal(ep.count, 9);
    assert_null(smbios_system(table_of(&ep), ep.len, &ep, &sys));
    assert_string_equal(sys.manufacturer, "Acme Labs");
    assert_string_equal(sys.product, "LabPC 3000");
    assert_string_equal(sys.serial, "SN-00042");
    assert_int_equal(sys.has_uuid, 1);
    smbios_uuid_text(sys.uuid, 1, uuid);
    assert_string_equal(uuid, "12345678-9abc-def0-1122-334455667788");
}

static void test_qemu_30(void **state)
{
    struct smbios_entry ep;
    struct smbios_system sys;
    char uuid[37];
    (void)state;
    load("qemu-3.0-f59f0.bin", 0xF59F0);
    assert_int_equal(smbios_find(area, sizeof(area), &ep), 0x59F0);
    assert_int_equal(ep.v3, 1);
    assert_int_equal(ep.major, 3);
    assert_int_equal(ep.table, 0xF5A10);
    assert_int_equal(ep.len, 385);
    assert_int_equal(ep.count, 0); /* 3.x: walk to the end-of-table structure */
    assert_null(smbios_system(table_of(&ep), ep.len, &ep, &sys));
    assert_string_equal(sys.serial, "SN-00043");
    smbios_uuid_text(sys.uuid, 1, uuid);
    assert_string_equal(uuid, "12345678-9abc-def0-1122-334455667789");
}

/* Without -smbios QEMU still writes type 1: manufacturer "QEMU", no serial, no UUID. */
static void test_qemu_default(void **state)
{
    struct smbios_entry ep;
    struct smbios_system sys;
    char uuid[37];
    (void)state;
    load("qemu-default-f59f0.bin", 0xF59F0);
    assert_int_equal(smbios_find(area, sizeof(area), &ep), 0x59F0);
    assert_null(smbios_system(table_of(&ep), ep.len, &ep, &sys));
    assert_string_equal(sys.manufacturer, "QEMU");
    assert_string_equal(sys.product, "Standard PC (i440FX + PIIX, 1996)");
    assert_string_equal(sys.serial, "");
    smbios_uuid_text(sys.uuid, 1, uuid);
    assert_string_equal(uuid, "-");
}

/* ---- entry points ---- */

static void test_entry_checksums(void **state)
{
    struct smbios_entry ep;
    (void)state;
    load("qemu-2.8-f5a00.bin", 0xF5A00);
    uint8_t *p = area + 0x5A00;
    assert_null(smbios_entry_check(p, 0x20, &ep));
    p[0x18] ^= 1; /* the table address: both checksums now fail */
    assert_string_equal(smbios_entry_check(p, 0x20, &ep), "_SM_ entry point checksum");
    assert_int_equal(smbios_find(area, sizeof(area), &ep), -1);
    p[0x18] ^= 1;
    p[0x04] ^= 0x55; /* the outer checksum byte alone */
    assert_string_equal(smbios_entry_check(p, 0x20, &ep), "_SM_ entry point checksum");
    p[0x04] ^= 0x55;
    p[0x15] = (uint8_t)(p[0x15] + 1); /* the intermediate checksum wrong, */
    p[0x04] = (uint8_t)(p[0x04] - 1); /* the outer sum balanced again */
    assert_string_equal(smbios_entry_check(p, 0x20, &ep),
                        "_SM_ entry point without a valid _DMI_ part");
    p[0x15] = (uint8_t)(p[0x15] - 1);
    p[0x04] = (uint8_t)(p[0x04] + 1);
    /* Too short to hold what its length says. */
    assert_null(smbios_entry_check(p, 0x20, &ep));
    assert_string_equal(smbios_entry_check(p, 0x1E, &ep), "_SM_ entry point length");
    assert_string_equal(smbios_entry_check(p, 3, &ep), "no _SM_ or _SM3_ anchor");
}

/* The SMBIOS 2.1 document's length of 0x1E, as some BIOSes of the time wrote it. */
static void test_entry_length_1e(void **state)
{
    struct smbios_entry ep;
    (void)state;
    load("qemu-2.8-f5a00.bin", 0xF5A00);
    uint8_t *p = area + 0x5A00;
    p[5] = 0x1E;
    p[4] = (uint8_t)(p[4] + 1 + p[0x1E]); /* the sum now leaves out byte 0x1E */
    assert_null(smbios_entry_check(p, 0x20, &ep));
    assert_int_equal(ep.count, 9);
    p[5] = 0x1D;
    assert_string_equal(smbios_entry_check(p, 0x20, &ep), "_SM_ entry point length");
}

static void test_entry_v3(void **state)
{
    struct smbios_entry ep;
    (void)state;
    load("qemu-3.0-f59f0.bin", 0xF59F0);
    uint8_t *p = area + 0x59F0;
    assert_null(smbios_entry_check(p, 0x18, &ep));
    assert_string_equal(smbios_entry_check(p, 0x17, &ep), "_SM3_ entry point length");
    p[0x14] = 1; /* a table above 4 GiB: read fine, mapped by nobody here */
    p[0x05] = (uint8_t)(p[0x05] - 1);
    assert_null(smbios_entry_check(p, 0x18, &ep));
    assert_int_equal(ep.table, 0x1000F5A10ull);
    p[0x05] = (uint8_t)(p[0x05] + 1);
    assert_string_equal(smbios_entry_check(p, 0x18, &ep), "_SM3_ entry point checksum");
}

/*
 * The scan: 16-byte boundaries only, the first valid _SM_ unless a _SM3_
 * exists anywhere, then that one; an anchor with a bad checksum is passed by.
 */
static void test_find(void **state)
{
    struct smbios_entry ep;
    static uint8_t v3[0x20];
    (void)state;
    load("qemu-3.0-f59f0.bin", 0xF59F0);
    memcpy(v3, area + 0x59F0, sizeof(v3));
    load("qemu-2.8-f5a00.bin", 0xF5A00);
    memcpy(area + 0x8000, v3, sizeof(v3)); /* a _SM3_ after the _SM_ */
    assert_int_equal(smbios_find(area, sizeof(area), &ep), 0x8000);
    assert_int_equal(ep.v3, 1);
    memset(area + 0x8000, 0, sizeof(v3));
    memcpy(area + 0x8008, v3, sizeof(v3)); /* not on a 16-byte boundary */
    assert_int_equal(smbios_find(area, sizeof(area), &ep), 0x5A00);
    memcpy(area + 0x100, "_SM_", 4); /* an anchor without a valid entry point */
    assert_int_equal(smbios_find(area, sizeof(area), &ep), 0x5A00);
    assert_int_equal(smbios_find(area, 0x5A10, &ep), -1); /* too short to hold it */
    memset(area, 0, sizeof(area));
    assert_int_equal(smbios_find(area, sizeof(area), &ep), -1);
}

/* ---- structures built here ---- */

struct builder {
    uint8_t b[512];
    uint32_t n;
};

/* Append a structure: formatted area (type, flen, handle, then body) and its strings. */
static void add(struct builder *t, uint8_t type, const uint8_t *body, uint8_t flen,
                const char *const *strings, int nstrings)
{
    t->b[t->n] = type;
    t->b[t->n + 1] = flen;
    t->b[t->n + 2] = (uint8_t)t->n;
    t->b[t->n + 3] = 0;
    memcpy(t->b + t->n + 4, body, flen - 4u);
    t->n += flen;
    for (int i = 0; i < nstrings; i++) {
        size_t len = strlen(strings[i]) + 1;
        memcpy(t->b + t->n, strings[i], len);
        t->n += (uint32_t)len;
    }
    if (nstrings == 0)
        t->b[t->n++] = 0;
    t->b[t->n++] = 0;
}

/*
 * A desktop's table: BIOS (type 0: 0x18 formatted bytes, 29 of strings), System
 * (type 1, SMBIOS 3.x length 0x1B, at SYS_AT), end (127).
 */
#define SYS_AT (0x18 + 29)
static void desktop(struct builder *t)
{
    static const uint8_t bios[0x14] = {1, 2, 0, 0xE0, 3, 0xFF};
    static const char *const bios_s[] = {"Dell Inc.", "1.21.0", "07/08/2021"};
    uint8_t sys[0x1B] = {0};
    static const char *const sys_s[] = {"Dell Inc.", "OptiPlex 7050", "1A2B3C4",
                                        "  Default string  "};
    sys[0] = 1; /* offsets from 4: manufacturer 1, product 2, version 0, serial 3 */
    sys[1] = 2;
    sys[2] = 0;
    sys[3] = 3;
    for (int i = 0; i < 16; i++)
        sys[4 + i] = (uint8_t)(0x44 + i);
    sys[0x15] = 4; /* SKU: "  Default string  " */
    memset(t, 0, sizeof(*t));
    add(t, 0, bios, sizeof(bios) + 4, bios_s, 3);
    add(t, 1, sys, sizeof(sys) + 4, sys_s, 4);
    add(t, 127, (const uint8_t *)"", 4, 0, 0);
}

static void test_built_table(void **state)
{
    struct builder t;
    struct smbios_system sys;
    const struct smbios_entry v3 = {1, 3, 2, 0, 0, 0}, v2 = {0, 2, 4, 0, 0, 3};
    char uuid[37];
    (void)state;
    desktop(&t);
    assert_null(smbios_system(t.b, t.n, &v3, &sys));
    assert_string_equal(sys.manufacturer, "Dell Inc.");
    assert_string_equal(sys.product, "OptiPlex 7050");
    assert_string_equal(sys.serial, "1A2B3C4");
    smbios_uuid_text(sys.uuid, 1, uuid);
    assert_string_equal(uuid, "47464544-4948-4b4a-4c4d-4e4f50515253");
    /* SMBIOS 2.4 stored the UUID in its own order: printed as stored. */
    smbios_uuid_text(sys.uuid, 0, uuid);
    assert_string_equal(uuid, "44454647-4849-4a4b-4c4d-4e4f50515253");
    /* The same table with a 2.x count: type 1 is the second of three. */
    assert_null(smbios_system(t.b, t.n, &v2, &sys));
    assert_string_equal(sys.serial, "1A2B3C4");
}

/* A 2.x count that stops before type 1, and a 3.x table without one. */
static void test_no_system(void **state)
{
    struct builder t;
    struct smbios_system sys;
    const struct smbios_entry one = {0, 2, 4, 0, 0, 1}, v3 = {1, 3, 0, 0, 0, 0};
    (void)state;
    desktop(&t);
    assert_string_equal(smbios_system(t.b, t.n, &one, &sys),
                        "no type 1 (System Information) structure");
    t.b[SYS_AT] = 9; /* type 1 becomes type 9 */
    assert_string_equal(smbios_system(t.b, t.n, &v3, &sys),
                        "no type 1 (System Information) structure");
    assert_string_equal(smbios_system(t.b, 3, &v3, &sys), "no type 1");
}

/* A table cut inside type 1's strings, or inside its formatted area. */
static void test_truncated(void **state)
{
    struct builder t;
    struct smbios_system sys;
    const struct smbios_entry v3 = {1, 3, 2, 0, 0, 0}, v2 = {0, 2, 8, 0, 0, 3};
    uint32_t sys_at = SYS_AT, strings_at = sys_at + 0x1F;
    (void)state;
    desktop(&t);
    assert_string_equal(smbios_system(t.b, strings_at + 12, &v3, &sys),
                        "strings run past the end of the table");
    assert_string_equal(smbios_system(t.b, sys_at + 0x10, &v3, &sys),
                        "structure runs past the end of the table");
    assert_string_equal(smbios_system(t.b, sys_at + 2, &v2, &sys),
                        "structure table shorter than its structure count");
    t.b[sys_at + 1] = 3; /* a formatted length below the 4-byte header */
    assert_string_equal(smbios_system(t.b, t.n, &v3, &sys),
                        "structure shorter than its 4-byte header");
}

/* String numbers past the set, and 0, give ""; a 2.0 structure has no UUID. */
static void test_strings_and_old_layout(void **state)
{
    struct builder t;
    struct smbios_system sys;
    const struct smbios_entry v20 = {0, 2, 0, 0, 0, 0};
    static const uint8_t body[4] = {1, 7, 0, 2};
    static const char *const s[] = {"IBM", "8187-11U"};
    (void)state;
    memset(&t, 0, sizeof(t));
    add(&t, 1, body, 8, s, 2); /* SMBIOS 2.0: length 8, manufacturer, product, version, serial */
    assert_null(smbios_system(t.b, t.n, &v20, &sys));
    assert_string_equal(sys.manufacturer, "IBM");
    assert_string_equal(sys.product, ""); /* string 7 of 2 */
    assert_string_equal(sys.serial, "8187-11U");
    assert_int_equal(sys.has_uuid, 0);
}

/* A string longer than SMBIOS_STR_LEN - 1 is cut there. */
static void test_long_string(void **state)
{
    struct builder t;
    struct smbios_system sys;
    const struct smbios_entry v3 = {1, 3, 0, 0, 0, 0};
    static const uint8_t body[4] = {1, 0, 0, 0};
    char longs[200];
    const char *s[1] = {longs};
    (void)state;
    memset(longs, 'L', sizeof(longs) - 1);
    longs[sizeof(longs) - 1] = 0;
    memset(&t, 0, sizeof(t));
    add(&t, 1, body, 8, s, 1);
    assert_null(smbios_system(t.b, t.n, &v3, &sys));
    assert_int_equal(strlen(sys.manufacturer), SMBIOS_STR_LEN - 1);
}

static void test_uuid_text(void **state)
{
    static const uint8_t zeros[16] = {0};
    uint8_t ones[16], mixed[16] = {0};
    char out[37];
    (void)state;
    memset(ones, 0xFF, sizeof(ones));
    smbios_uuid_text(zeros, 1, out);
    assert_string_equal(out, "-");
    smbios_uuid_text(ones, 0, out);
    assert_string_equal(out, "-");
    mixed[15] = 1;
    smbios_uuid_text(mixed, 1, out);
    assert_string_equal(out, "00000000-0000-0000-0000-000000000001");
    mixed[0] = 0xA0;
    smbios_uuid_text(mixed, 1, out);
    assert_string_equal(out, "000000a0-0000-0000-0000-000000000001");
    smbios_uuid_text(mixed, 0, out);
    assert_string_equal(out, "a0000000-0000-0000-0000-000000000001");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_qemu_28),
        cmocka_unit_test(test_qemu_30),
        cmocka_unit_test(test_qemu_default),
        cmocka_unit_test(test_entry_checksums),
        cmocka_unit_test(test_entry_length_1e),
        cmocka_unit_test(test_entry_v3),
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_built_table),
        cmocka_unit_test(test_no_system),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_strings_and_old_layout),
        cmocka_unit_test(test_long_string),
        cmocka_unit_test(test_uuid_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
