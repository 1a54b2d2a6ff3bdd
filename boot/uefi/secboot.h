/*
 * secboot.h - Secure Boot: is it on, and is this the kernel the loader was
 * built for?
 *
 * With Secure Boot on, the firmware has checked this loader's signature
 * before running it (UEFI 2.10, 32.5: image verification); the loader
 * extends that trust to the kernel by comparing the kernel file's SHA-256
 * with the digest built into it (make uefi-sign: KERNEL_SHA256, the digest's
 * 32 bytes as a C initializer list). With Secure Boot off any kernel that
 * passes the ELF checks boots, and the digest is only reported.
 */
#ifndef BOOTLAB_BOOT_UEFI_SECBOOT_H
#define BOOTLAB_BOOT_UEFI_SECBOOT_H

#include <stdint.h>
#include "lib/sha256.h"

#define SHA256_TEXT (2 * SHA256_BYTES + 1) /* hex digits and the NUL */

struct secboot {
    int on;                     /* the SecureBoot variable (UEFI 2.10, 3.3) is 1 */
    int setup;                  /* SetupMode is 1 (no platform key: nothing is enforced) */
    int built_in;               /* the loader carries a digest */
    int verified;               /* the kernel's digest equals the built-in one */
    char digest[SHA256_TEXT];   /* the kernel file's, in hex */
    char expected[SHA256_TEXT]; /* the built-in one, or "" */
};

/* secboot_state - read SecureBoot and SetupMode (boot services must be up). */
void secboot_state(struct secboot *sb);

/*
 * secboot_check - hash the kernel file, compare with the built-in digest.
 * Returns 0 to boot it, or LERR_SECURE (Secure Boot on and the digests
 * differ, or no digest built in) with why naming both digests.
 */
int secboot_check(struct secboot *sb, const uint8_t *file, uint32_t n, char *why, unsigned size);

#endif
