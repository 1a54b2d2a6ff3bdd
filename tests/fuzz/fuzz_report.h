/*
 * fuzz_report.h - the property every fuzz target that prints report lines
 * checks (fuzz_bootinfo.c, fuzz_multiboot.c through fuzz_kernel.h, and
 * fuzz_smbios.c): CHECK, which aborts naming the property, and check_line,
 * report_write's sink: a line is at most REPORT_LINE bytes of printable
 * ASCII (docs/report-format.md, "Framing"). Included once per target (it
 * defines a function).
 */
#ifndef BOOTLAB_TESTS_FUZZ_REPORT_H
#define BOOTLAB_TESTS_FUZZ_REPORT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kernel/report.h"

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz: property failed: %s (line %d)\n", #cond, __LINE__);             \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* A report line: at most REPORT_LINE bytes, printable ASCII only. */
static void check_line(const char *line, void *arg)
{
    size_t n = strlen(line);
    (void)arg;
    CHECK(n <= REPORT_LINE);
    for (size_t i = 0; i < n; i++)
        CHECK(line[i] >= 0x20 && line[i] < 0x7F);
}

#endif
