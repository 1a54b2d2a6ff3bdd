/*
 * hosttool.h - what the host tools that build boot images share (mkdisk,
 * mkpxe, mkreplay): error exits, reading a whole file, little-endian fields,
 * and the stage-two header with its seal. Host only (uses libc).
 */
#ifndef BOOTLAB_BOOT_HOSTTOOL_H
#define BOOTLAB_BOOT_HOSTTOOL_H

#include <stddef.h>
#include <stdint.h>

/* ht_tool - the name error messages start with ("mkdisk", ...). Set it first. */
extern const char *ht_tool;

/* ht_die - print "<tool>: what[: arg]" on stderr and exit 1. arg may be NULL. */
void ht_die(const char *what, const char *arg) __attribute__((noreturn));

/*
 * ht_slurp - the whole file at path in a new buffer of at least min bytes
 * (zero-filled past the file's end), always followed by one NUL so text
 * files can be read as strings. Its length in *len. Dies if it cannot.
 */
uint8_t *ht_slurp(const char *path, size_t min, size_t *len);

/* ht_write - write n bytes to a new file at path; dies if it cannot. */
void ht_write(const char *path, const void *buf, size_t n);

/* Little-endian fields, whatever the host's byte order. */
void ht_put16(uint8_t *p, uint16_t v);
void ht_put32(uint8_t *p, uint32_t v);
uint16_t ht_get16(const uint8_t *p);
uint32_t ht_get32(const uint8_t *p);

/*
 * s2_fill - write the stage-two header of boot/layout.h into the stage-two
 * image s2 (sectors * 512 bytes) and seal it: the checksum word makes the
 * 16-bit sum of all its words 0, which stage one and the PXE stub check
 * before they jump. cmdline must be shorter than S2H_CMDLINE_LEN.
 */
void s2_fill(uint8_t *s2, uint32_t sectors, uint32_t kernel_lba, uint32_t kernel_size,
             uint32_t flags, const char *cmdline);

#endif
