/*
 * printf.h - formatted output into a buffer, for stage two, the kernel and
 * the host tests (the k prefix keeps it apart from the host's libc).
 *
 * Conversions: %c %s %d %u %x %X %p %%, with flags '-' and '0', a width, and
 * the length modifiers l (ignored: long is 32 bits here) and ll (64 bits,
 * for %d %u %x %X). No floating point.
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
