/*
 * div64.h - 64-bit unsigned division for code that links no libgcc (the
 * kernel): on i386 the compiler turns a 64-bit '/' or '%' into a call to
 * libgcc's __udivdi3, so the kernel writes udiv64() instead.
 */
#ifndef BOOTLAB_LIB_DIV64_H
#define BOOTLAB_LIB_DIV64_H

#include <stdint.h>

/*
 * udiv64 - n / d, by shifting and subtracting (at most 64 steps). d must not
 * be 0 (a bug: the result is then ~0). When rem is not NULL, *rem = n % d.
 */
uint64_t udiv64(uint64_t n, uint64_t d, uint64_t *rem);

#endif
