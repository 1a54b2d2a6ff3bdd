/*
 * test_cpu.c - host unit tests of kernel/cpu.c: CPUID signatures, vendor and
 * brand strings, and which leaves a CPU is asked for.
 *
 * Each CPU is a table of the answers it gives (the EAX, EBX, ECX, EDX of a
 * leaf), taken from the processors' documented signatures (Intel SDM Vol. 2A
 * CPUID; the family/model tables of Intel's and AMD's revision guides) and
 * their brand strings. A leaf missing from a table fails the test: cpu_read
 * must not ask for leaves the CPU says it does not have.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/cpu.h"

struct answer {
    uint32_t leaf, r[4];
};

static const struct answer *answers;
static int nanswers;
static char brand[49];

/* The answer of the CPU under test; the brand leaves come from 'brand'. */
static void fake_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    (void)sub;
    if (leaf >= 0x80000002u && leaf <= 0x80000004u) {
        memcpy(r, brand + 16 * (leaf - 0x80000002u), 16);
        return;
    }
    for (int i = 0; i < nanswers; i++)
        if (answers[i].leaf == leaf) {
            memcpy(r, answers[i].r, 16);
            return;
        }
    fail_msg("CPUID leaf 0x%x asked for, which this CPU does not have", leaf);
}

static void use(const struct answer *a, int n, const char *b)
{
    answers = a;
    nanswers = n;
    memset(brand, 0, sizeof(brand));
    strncpy(brand, b, 48);
}

/* "GenuineIntel" and "AuthenticAMD" as leaf 0 returns them: EBX, EDX, ECX. */
#define INTEL 0x756e6547, 0x6c65746e, 0x49656e69
#define AMD   0x68747541, 0x444d4163, 0x69746e65

static void test_signature_rules(void **state)
{
    uint32_t f, m, s;
    (void)state;
    cpu_signature(0x000906EA, &f, &m, &s); /* Core i7-8700: 06_9EH stepping 10 */
    assert_int_equal(f, 6);
    assert_int_equal(m, 158);
    assert_int_equal(s, 10);
    cpu_signature(0x00800F11, &f, &m, &s); /* Ryzen 7 1700: family 17h model 1 */
    assert_int_equal(f, 0x17);
    assert_int_equal(m, 1);
    assert_int_equal(s, 1);
    cpu_signature(0x00A20F10, &f, &m, &s); /* Ryzen 5000: family 19h model 21h */
    assert_int_equal(f, 0x19);
    assert_int_equal(m, 0x21);
    cpu_signature(0x00000F27, &f, &m, &s); /* Pentium 4 Northwood: 0F_02H stepping 7 */
    assert_int_equal(f, 15);
    assert_int_equal(m, 2);
    assert_int_equal(s, 7);
    /* The extended model counts only for families 6 and 0xF; extended family only for 0xF. */
    cpu_signature(0x0FF50543, &f, &m, &s); /* family 5 (Pentium) with junk in the extended fields */
    assert_int_equal(f, 5);
    assert_int_equal(m, 4);
    assert_int_equal(s, 3);
    cpu_signature(0x0FFF0F00, &f, &m, &s); /* the largest: 0xF + 0xFF, 0xF0 + 0 */
    assert_int_equal(f, 0x10E);
    assert_int_equal(m, 0xF0);
}

static void test_coffee_lake(void **state)
{
    static const struct answer i7_8700[] = {
        {0, {0x16, INTEL}},
        {1, {0x000906EA, 0x00100800, 0x7FFAFBBF, 0xBFEBFBFF}},
        {0x15, {2, 300, 0, 0}}, /* no crystal frequency on client parts: ECX 0 */
        {0x16, {3200, 4600, 100, 0}},
        {0x80000000, {0x80000008, 0, 0, 0}},
        {0x80000007, {0, 0, 0, 0x100}},
    };
    struct cpu_info ci;
    (void)state;
    use(i7_8700, 6, "Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz");
    cpu_read(fake_cpuid, &ci);
    assert_int_equal(ci.has_cpuid, 1);
    assert_string_equal(ci.vendor, "GenuineIntel");
    assert_int_equal(ci.family, 6);
    assert_int_equal(ci.model, 158);
    assert_int_equal(ci.stepping, 10);
    assert_string_equal(ci.brand, "Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz");
    assert_int_equal(ci.tsc, 1);
    assert_int_equal(ci.tsc_invariant, 1);
    assert_int_equal(ci.leaf15[0], 2);
    assert_int_equal(ci.leaf15[1], 300);
    assert_int_equal(ci.leaf15[2], 0);
    assert_int_equal(ci.leaf16, 3200);
}

/* AMD pads its brand string with spaces on the right; leaf 0 stops at 0xD. */
static void test_ryzen(void **state)
{
    static const struct answer r7_1700[] = {
        {0, {0xD, AMD}},
        {1, {0x00800F11, 0x00100800, 0x7ED8320B, 0x178BFBFF}},
        {0x80000000, {0x8000001F, 0x68747541, 0x444d4163, 0x69746e65}},
        {0x80000007, {0, 0x1B, 0, 0x6799}},
    };
    struct cpu_info ci;
    (void)state;
    use(r7_1700, 4, "AMD Ryzen 7 1700 Eight-Core Processor          ");
    cpu_read(fake_cpuid, &ci);
    assert_string_equal(ci.vendor, "AuthenticAMD");
    assert_int_equal(ci.family, 0x17);
    assert_int_equal(ci.model, 1);
    assert_string_equal(ci.brand, "AMD Ryzen 7 1700 Eight-Core Processor          ");
    assert_int_equal(ci.tsc_invariant, 1);
    assert_int_equal(ci.leaf16, 0); /* leaf 0x16 is above this CPU's 0xD: not asked */
}

/* Intel right-justified the Pentium 4's brand string; no leaf 0x80000007, no invariant TSC. */
static void test_pentium4(void **state)
{
    static const struct answer p4[] = {
        {0, {2, INTEL}},
        {1, {0x00000F27, 0x00010809, 0x00004400, 0xBFEBFBFF}},
        {0x80000000, {0x80000004, 0, 0, 0}},
    };
    struct cpu_info ci;
    (void)state;
    use(p4, 3, "              Intel(R) Pentium(R) 4 CPU 2.40GHz");
    cpu_read(fake_cpuid, &ci);
    assert_int_equal(ci.family, 15);
    assert_int_equal(ci.model, 2);
    assert_int_equal(ci.stepping, 7);
    assert_string_equal(ci.brand, "              Intel(R) Pentium(R) 4 CPU 2.40GHz");
    assert_int_equal(ci.tsc, 1);
    assert_int_equal(ci.tsc_invariant, 0);
}

/*
 * A Pentium MMX: no extended leaves. Leaf 0x80000000 is above its maximum
 * and answers with the highest basic leaf's data, which is not 0x8000xxxx:
 * no brand string, and no further extended leaf is asked for.
 */
static void test_no_extended_leaves(void **state)
{
    static const struct answer p55c[] = {
        {0, {1, INTEL}},
        {1, {0x00000543, 0, 0, 0x008001BF}},
        {0x80000000, {0x00000543, 0, 0, 0x008001BF}},
    };
    struct cpu_info ci;
    (void)state;
    use(p55c, 3, "never read");
    cpu_read(fake_cpuid, &ci);
    assert_int_equal(ci.max_ext, 0);
    assert_string_equal(ci.brand, "");
    assert_int_equal(ci.family, 5);
    assert_int_equal(ci.model, 4);
    assert_int_equal(ci.tsc, 1);
}

/* QEMU's default CPU (qemu32), as the kernel read it under TCG. */
static void test_qemu32(void **state)
{
    static const struct answer qemu32[] = {
        {0, {4, INTEL}},
        {1, {0x00000663, 0x00000800, 0x80000001, 0x0781ABFD}},
        {0x80000000, {0x80000004, 0, 0, 0}},
    };
    struct cpu_info ci;
    (void)state;
    use(qemu32, 3, "QEMU Virtual CPU version 2.5+");
    cpu_read(fake_cpuid, &ci);
    assert_int_equal(ci.family, 6);
    assert_int_equal(ci.model, 6);
    assert_int_equal(ci.stepping, 3);
    assert_string_equal(ci.brand, "QEMU Virtual CPU version 2.5+");
    assert_int_equal(ci.tsc, 1);
}

/* A CPU whose leaf 1 says it has no TSC. */
static void test_no_tsc(void **state)
{
    static const struct answer old[] = {
        {0, {1, INTEL}},
        {1, {0x00000521, 0, 0, 0x000001AF}},
        {0x80000000, {0, 0, 0, 0}},
    };
    struct cpu_info ci;
    (void)state;
    use(old, 3, "");
    cpu_read(fake_cpuid, &ci);
    assert_int_equal(ci.tsc, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_signature_rules),
        cmocka_unit_test(test_coffee_lake),
        cmocka_unit_test(test_ryzen),
        cmocka_unit_test(test_pentium4),
        cmocka_unit_test(test_no_extended_leaves),
        cmocka_unit_test(test_qemu32),
        cmocka_unit_test(test_no_tsc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
