/*
 * printf.h - formatted output into a buffer, for stage two, the kernel and
 * the host tests (the k prefix keeps it apart from the host's libc).
 *
 * Conversions: %c %s %d %u %x %X %p %%, with flags '-' and '0', a width, and
 * the length modifiers ll (64 bits), l (long) and z (size_t) for %d %u %x %X.
 * l and z are 32 bits in the 32-bit programs; in the x86-64 UEFI loader
 * (an LLP64 target) l stays 32 bits and z is 64. No floating point.
 */
#ifndef BOOTLAB_LIB_PRINTF_H
#define BOOTLAB_LIB_PRINTF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * kvsnprintf - format into buf (at most size bytes, always NUL-terminated
 * when size > 0). Returns the length the whole output would have had.
 */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
