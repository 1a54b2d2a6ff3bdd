/*
 * khash.c - the kernel's hash of its own text and read-only data (see khash.h).
 */
#include "kernel/khash.h"
#include "lib/sha256.h"
#include "mm/memlayout.h"

extern char erodata[]; /* kernel/kernel.ld.S: the end of .rodata */

void khash_measure(struct report_khash *out)
{
    const char *start = (const char *)KERNLINK;
    out->start = KERNLINK;
    out->end = (uint32_t)erodata;
    sha256(start, (size_t)(erodata - start), out->sha256);
}
