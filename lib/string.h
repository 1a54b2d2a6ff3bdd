/*
 * string.h - the handful of libc string functions the freestanding code uses.
 * gcc may emit calls to memcpy/memset/memmove itself, so these names are kept.
 */
#ifndef BOOTLAB_LIB_STRING_H
#define BOOTLAB_LIB_STRING_H

#include <stddef.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strncmp(const char *a, const char *b, size_t n);
/* strlcpy - copy at most size-1 bytes and always NUL-terminate (size > 0). */
size_t strlcpy(char *dst, const char *src, size_t size);

#endif
