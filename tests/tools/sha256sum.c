/*
 * sha256sum.c - lib/sha256.c on the host: the digest of standard input as 64
 * hex digits and a newline. tests/restatements/test_sha256.py compares it
 * with Python's hashlib.
 */
#include <stdio.h>
#include "lib/sha256.h"

int main(void)
{
    struct sha256 s;
    uint8_t buf[4096], d[SHA256_BYTES];
    char hex[2 * SHA256_BYTES + 1];
    size_t n;

    sha256_init(&s);
    while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0)
        sha256_update(&s, buf, n);
    if (ferror(stdin)) {
        perror("sha256sum: stdin");
        return 1;
    }
    sha256_final(&s, d);
    sha256_hex(d, hex);
    printf("%s\n", hex);
    return 0;
}
