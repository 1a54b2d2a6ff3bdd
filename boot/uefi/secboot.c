/*
 * secboot.c - Secure Boot state and the kernel digest check (see secboot.h).
 */
#include "boot/lerr.h"
#include "boot/uefi/efi.h"
#include "boot/uefi/secboot.h"
#include "lib/printf.h"
#include "lib/string.h"

#ifdef KERNEL_SHA256
static const uint8_t built_in[] = {KERNEL_SHA256}; /* make uefi-sign: sha256 of kernel.elf */
_Static_assert(sizeof(built_in) == SHA256_BYTES, "KERNEL_SHA256 holds 32 bytes");
#define HAVE_DIGEST 1
#else
static const uint8_t built_in[SHA256_BYTES];
#define HAVE_DIGEST 0
#endif

/* A one-byte global variable (UEFI 2.10, 3.3: SecureBoot, SetupMode are UINT8) is 1. */
static int var_is_1(CHAR16 *name)
{
    UINT8 v = 0;
    UINTN n = sizeof(v);
    UINT32 attr = 0;
    if (EFI_ERROR(efi_st->RuntimeServices->GetVariable(name, &efi_guid_global_var, &attr, &n, &v)))
        return 0;
    return n == 1 && v == 1;
}

void secboot_state(struct secboot *sb)
{
    memset(sb, 0, sizeof(*sb));
    sb->on = var_is_1(L"SecureBoot");
    sb->setup = var_is_1(L"SetupMode");
}

int secboot_check(struct secboot *sb, const uint8_t *file, uint32_t n, char *why, unsigned size)
{
    uint8_t d[SHA256_BYTES];
    sha256(file, n, d);
    sha256_hex(d, sb->digest);
    sb->built_in = HAVE_DIGEST;
    if (sb->built_in)
        sha256_hex(built_in, sb->expected);
    sb->verified = sb->built_in && memcmp(d, built_in, SHA256_BYTES) == 0;
    if (!sb->on || sb->verified)
        return 0;
    if (!sb->built_in)
        ksnprintf(why, size,
                  "Secure Boot is on and this loader has no kernel digest built in: "
                  "kernel sha256 %s refused",
                  sb->digest);
    else
        ksnprintf(why, size,
                  "Secure Boot: kernel sha256 %s is not the one this loader was "
                  "signed for (%s)",
                  sb->digest, sb->expected);
    return LERR_SECURE;
}
