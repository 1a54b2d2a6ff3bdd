/*
 * test_sha256.c - host unit tests of lib/sha256.c against the examples of
 * FIPS PUB 180-4 as NIST publishes them (csrc.nist.gov "Examples with
 * Intermediate Values": one block, two blocks, the 896-bit message) and the
 * long message of FIPS 180-2 appendix B.3 (one million 'a'), plus the empty
 * message. tests/restatements/test_sha256.py compares it with Python's
 * hashlib on many more lengths.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "lib/sha256.h"

static void expect_hex(const void *msg, size_t n, const char *want)
{
    uint8_t d[SHA256_BYTES];
    char hex[2 * SHA256_BYTES + 1];
    sha256(msg, n, d);
    sha256_hex(d, hex);
    assert_string_equal(hex, want);
}

static void test_nist_examples(void **state)
{
    (void)state;
    expect_hex("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect_hex("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
               "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    expect_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklm"
               "nopqrlmnopqrsmnopqrstnopqrstu",
               112, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

/* One million 'a', fed in pieces of 7 bytes so that updates straddle blocks. */
static void test_million_a(void **state)
{
    (void)state;
    static const char a[7] = "aaaaaaa";
    struct sha256 s;
    uint8_t d[SHA256_BYTES];
    char hex[2 * SHA256_BYTES + 1];
    size_t left = 1000000;

    sha256_init(&s);
    while (left) {
        size_t n = left < sizeof(a) ? left : sizeof(a);
        sha256_update(&s, a, n);
        left -= n;
    }
    sha256_final(&s, d);
    sha256_hex(d, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Lengths around the padding boundary (55, 56, 63, 64 bytes): split and whole agree. */
static void test_split_equals_whole(void **state)
{
    (void)state;
    uint8_t msg[200], whole[SHA256_BYTES], split[SHA256_BYTES];
    for (size_t i = 0; i < sizeof(msg); i++)
        msg[i] = (uint8_t)(i * 37 + 11);
    for (size_t n = 0; n <= sizeof(msg); n++) {
        struct sha256 s;
        sha256(msg, n, whole);
        sha256_init(&s);
        sha256_update(&s, msg, n / 3);
        sha256_update(&s, msg + n / 3, n - n / 3);
        sha256_final(&s, split);
        assert_memory_equal(whole, split, SHA256_BYTES);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nist_examples),
        cmocka_unit_test(test_million_a),
        cmocka_unit_test(test_split_equals_whole),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
