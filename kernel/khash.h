/*
 * khash.h - the kernel measures itself for the report's khash line
 * (docs/report-format.md): SHA-256 of its text and read-only data.
 */
#ifndef BOOTLAB_KERNEL_KHASH_H
#define BOOTLAB_KERNEL_KHASH_H

#include "kernel/report.h"

/*
 * khash_measure - hash [KERNLINK, erodata) as it sits in memory now: the
 * code and constants that ran, whatever the loader was given. The grader
 * hashes the same addresses from the ELF's loadable segments, so a report
 * printed by another build does not match the ELF it is graded against.
 */
void khash_measure(struct report_khash *out);

#endif
