/*
 * sha256.h - SHA-256 (FIPS PUB 180-4, sections 5.1.1, 5.3.3, 6.2). Pure C
 * without libc: built into the kernel (which hashes its own text and
 * read-only data), the grader (which hashes the same bytes from the kernel
 * ELF) and the host tests.
 *
 * sha256("abc") = ba7816bf 8f01cfea 414140de 5dae2223 b00361a3 96177a9c
 * b410ff61 f20015ad (FIPS 180-4 example, NIST "SHA256.pdf").
 */
#ifndef BOOTLAB_LIB_SHA256_H
#define BOOTLAB_LIB_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_BYTES 32 /* digest size */
#define SHA256_BLOCK 64 /* message block size */

/* A hash in progress: the state H, the bytes of an unfinished block, the length so far. */
struct sha256 {
    uint32_t h[8];
    uint8_t block[SHA256_BLOCK];
    uint32_t fill;  /* bytes in block[] */
    uint64_t total; /* message bytes hashed so far */
};

/* sha256_init - start a hash (H(0) of 5.3.3). */
void sha256_init(struct sha256 *s);

/* sha256_update - hash n more bytes of the message. */
void sha256_update(struct sha256 *s, const void *data, size_t n);

/* sha256_final - pad (5.1.1), finish, and write the 32-byte digest, big-endian words. */
void sha256_final(struct sha256 *s, uint8_t digest[SHA256_BYTES]);

/* sha256 - the digest of data[0..n) in one call. */
void sha256(const void *data, size_t n, uint8_t digest[SHA256_BYTES]);

/* sha256_hex - the digest as 64 lowercase hex digits and a NUL (out holds 65 bytes). */
void sha256_hex(const uint8_t digest[SHA256_BYTES], char out[2 * SHA256_BYTES + 1]);

#endif
