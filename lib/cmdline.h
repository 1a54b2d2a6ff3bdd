/*
 * cmdline.h - boot options: words separated by single spaces, some of them
 * "key=value" (docs/boot-info.md, "Boot options"). One reader for the
 * loaders and the kernel. Pure: no allocation, no hardware.
 */
#ifndef BOOTLAB_LIB_CMDLINE_H
#define BOOTLAB_LIB_CMDLINE_H

#include <stdint.h>

/*
 * cmdline_value - the value of the first word "key=value" in cmdline, or 0
 * when there is none; *len gets the value's length (up to the next space or
 * the end). The value is not NUL-terminated where it stands.
 */
const char *cmdline_value(const char *cmdline, const char *key, uint32_t *len);

/* cmdline_has - 1 if cmdline holds the word 'word' exactly (not as a prefix), else 0. */
int cmdline_has(const char *cmdline, const char *word);

/*
 * cmdline_number - a value as a number: decimal, or hexadecimal after "0x".
 * Returns 0 and *out, or -1 for an empty value, another character, or a
 * number above 0xFFFFFFFF.
 */
int cmdline_number(const char *value, uint32_t len, uint32_t *out);

#endif
