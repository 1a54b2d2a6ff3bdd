/*
 * lg_num.h - strict number parsing shared by the grader's parsers.
 */
#ifndef BOOTLAB_HW_TESTS_LG_NUM_H
#define BOOTLAB_HW_TESTS_LG_NUM_H

#include <stdint.h>

/*
 * lg_hex - parse "0x" and lowercase or uppercase hex digits, the whole
 * string. width 0 accepts 1 to 16 digits; width > 0 demands exactly that
 * many. Returns 0 with *v set, or -1.
 */
int lg_hex(const char *s, int width, uint64_t *v);

/*
 * lg_shorthex - parse a version 4 UEFI descriptor's number: 1 to 16
 * lowercase hex digits, no "0x", no leading zero ("0" alone for zero), the
 * whole string. 0 or -1.
 */
int lg_shorthex(const char *s, uint64_t *v);

/* lg_dec - parse 1 to 10 decimal digits, the whole string, value <= max. 0 or -1. */
int lg_dec(const char *s, uint64_t max, uint64_t *v);

/*
 * lg_hex32 - a 32-bit address as the report prints it: "0x" and exactly
 * 8 lowercase digits, or an end of exactly 4 GiB, "0x100000000", when
 * allow_4g is set. 0 or -1.
 */
int lg_hex32(const char *s, int allow_4g, uint64_t *v);

#endif
