/*
 * test_sha256.c - host unit tests of lib/sha256.c.
 *
 * The digests of the NIST FIPS 180-4 example messages (the "SHA256.pdf"
 * examples of the NIST Cryptographic Standards and Guidelines pages), then
 * several hundred messages of every length around the block and padding
 * edges, checked against Python's hashlib, fed in one piece and in uneven
 * chunks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "lib/sha256.h"

#define HEX (2 * SHA256_BYTES + 1)

static void digest_of(const void *msg, size_t n, size_t chunk, char hex[HEX])
{
    struct sha256 s;
    uint8_t d[SHA256_BYTES];
    const uint8_t *p = msg;
    sha256_init(&s);
    for (size_t off = 0; off < n; off += chunk)
        sha256_update(&s, p + off, n - off < chunk ? n - off : chunk);
    sha256_final(&s, d);
    sha256_hex(d, hex);
}

static void test_fips_vectors(void **state)
{
    char hex[HEX];
    (void)state;
    digest_of("abc", 3, 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    digest_of("", 0, 1, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    digest_of(two, strlen(two), 7, hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* One million 'a' (FIPS 180-2 appendix B.3), in 1000-byte pieces. */
static void test_million_a(void **state)
{
    static char a[1000000];
    char hex[HEX];
    (void)state;
    memset(a, 'a', sizeof(a));
    digest_of(a, sizeof(a), 1000, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Message i of length n: a fixed byte pattern both sides can build. */
static void pattern(uint8_t *m, size_t n)
{
    for (size_t i = 0; i < n; i++)
        m[i] = (uint8_t)(i * 7 + n * 13 + (i >> 8));
}

/* Every length 0..300 and a few large ones, against hashlib, whole and in 1/13/64/65-byte pieces.
 */
static void test_against_hashlib(void **state)
{
    static uint8_t m[70000];
    static const size_t chunks[] = {1, 13, 64, 65, 70000};
    char line[100], hex[HEX];
    size_t lens[320], nl = 0;
    (void)state;
    for (size_t n = 0; n <= 300; n++)
        lens[nl++] = n;
    lens[nl++] = 4095;
    lens[nl++] = 4096;
    lens[nl++] = 65537;
    char out[] = "/tmp/bootlab-sha256-XXXXXX", cmd[200];
    int fd = mkstemp(out);
    assert_true(fd >= 0);
    close(fd);
    snprintf(cmd, sizeof(cmd),
             "python3 -c \"import hashlib,sys\n"
             "for l in sys.stdin:\n"
             " n=int(l); m=bytes((i*7+n*13+(i>>8))&255 for i in range(n))\n"
             " print(hashlib.sha256(m).hexdigest())\" > %s",
             out);
    FILE *py = popen(cmd, "w");
    assert_non_null(py);
    for (size_t i = 0; i < nl; i++)
        fprintf(py, "%zu\n", lens[i]);
    assert_int_equal(pclose(py), 0);
    FILE *f = fopen(out, "r");
    assert_non_null(f);
    unlink(out);
    for (size_t i = 0; i < nl; i++) {
        assert_non_null(fgets(line, sizeof(line), f));
        line[64] = 0;
        pattern(m, lens[i]);
        for (size_t c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++) {
            digest_of(m, lens[i], chunks[c], hex);
            assert_string_equal(hex, line);
        }
    }
    fclose(f);
}

/* The one-call form is the incremental one. */
static void test_one_call(void **state)
{
    uint8_t d[SHA256_BYTES];
    char hex[HEX];
    (void)state;
    sha256("abc", 3, d);
    sha256_hex(d, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    sha256("", 0, d);
    sha256_hex(d, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fips_vectors),
        cmocka_unit_test(test_million_a),
        cmocka_unit_test(test_against_hashlib),
        cmocka_unit_test(test_one_call),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
