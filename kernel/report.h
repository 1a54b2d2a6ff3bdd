/*
 * report.h - the memory report: the contract with the grader.
 * Format: docs/report-format.md (version REPORT_VERSION).
 */
#ifndef BOOTLAB_KERNEL_REPORT_H
#define BOOTLAB_KERNEL_REPORT_H

#include <stdint.h>
#include "include/bootinfo.h"
#include "kernel/selfcheck.h"
#include "mm/e820.h"
#include "mm/vm.h"

#define REPORT_VERSION 1
#define REPORT_LINE    160 /* longest line, newline excluded */

/* Everything the report prints; the kernel fills it, host tests fake it. */
struct report_input {
    const char *build;         /* BUILD_TAG */
    const struct bootinfo *bi; /* source, net identity, the raw and the sanitized map */
    const struct memlimit *ml;
    uint32_t kernbase, kernlink, data, end; /* kernel symbols (virtual) */
    const struct kmap *kmap;
    int nkmap;
    uint32_t free_pages;
    const struct selfcheck *sc; /* its walk also counts the page-table pages */
};

/*
 * report_write - produce the report, one line at a time, through
 * out(line, arg): line has no newline and is at most REPORT_LINE bytes.
 * Computes the CRC-32 over "line\n" for every line from the begin marker up
 * to the end marker and puts it in the end marker. Returns that CRC.
 */
uint32_t report_write(const struct report_input *in, void (*out)(const char *line, void *arg),
                      void *arg);

#endif
