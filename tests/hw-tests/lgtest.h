/*
 * lgtest.h - helpers for the grader's unit tests: recorded logs, edited
 * reports (with the CRC recomputed, so only the edit is wrong), and the
 * whole pipeline (bytes -> lines -> report -> checks -> verdict) in memory.
 */
#ifndef BOOTLAB_TESTS_HW_TESTS_LGTEST_H
#define BOOTLAB_TESTS_HW_TESTS_LGTEST_H

#include <stddef.h>
#include "hw-tests/lg_pc.h"

#define LOGS_ROOT   "tests/hw-tests/logs/"
#define LOGS        LOGS_ROOT "v4/" /* report-version-4 logs and their kernel (record_logs.py) */
#define KERNEL      LOGS "kernel.elf"
#define LOGS_UEFI   LOGS "uefi/"    /* UEFI boots of that kernel (version 4) */
#define LOGS_V1     LOGS_ROOT "v1/" /* genuine report-version-1 logs and their kernel */
#define KERNEL_V1   LOGS_V1 "kernel.elf"
#define LOGS_V2     LOGS_ROOT "v2/" /* genuine report-version-2 logs and their kernel */
#define KERNEL_V2   LOGS_V2 "kernel.elf"
#define LOGS_V3     LOGS_ROOT "v3/" /* genuine report-version-3 logs and their kernel */
#define KERNEL_V3   LOGS_V3 "kernel.elf"
#define UEFI_LOGS   LOGS_ROOT "uefi/" /* UEFI boots (version 2), recorded with their own kernel */
#define UEFI_KERNEL UEFI_LOGS "kernel.elf"

/* lgt_read - the whole file at path, NUL-terminated (malloc'd; *n its length). Fails the test if
 * unreadable. */
char *lgt_read(const char *path, size_t *n);

/*
 * lgt_edit - a copy of log text (malloc'd) whose report lines starting with
 * 'prefix' are replaced by 'with' (NULL deletes them; "\n" in it adds
 * lines); if recrc, the end
 * marker's line count and CRC are recomputed so the edit is the only fault.
 */
char *lgt_edit(const char *text, const char *prefix, const char *with, int recrc);

/* lgt_swap - swap the report lines starting with a and b, and recompute the CRC. */
char *lgt_swap(const char *text, const char *a, const char *b);

/* lgt_grade - feed n bytes to a fresh PC (kernel ELF = KERNEL) and grade it. Free with lgt_free. */
struct lg_pc *lgt_grade(const void *text, size_t n);

/*
 * lgt_grade_as - feed n bytes to a fresh PC named name, whose kernel ELF is
 * kernel, and grade it against inv (NULL: no inventory). Free with lgt_free.
 */
struct lg_pc *lgt_grade_as(const void *text, size_t n, const char *name, const char *kernel,
                           const struct lg_inv *inv);

/*
 * lgt_pass_log - the recorded log dir/name (dir ends in '/') graded against
 * kernel; fails the test, naming the log, its verdict and reason, unless it
 * passes. Free with lgt_free.
 */
struct lg_pc *lgt_pass_log(const char *dir, const char *name, const char *kernel);

/* lgt_free - free a PC from lgt_grade. */
void lgt_free(struct lg_pc *pc);

/* lgt_failed - 1 when the PC has a failed check named name. */
int lgt_failed(const struct lg_pc *pc, const char *name);

/* lgt_check - the check named name, or NULL. */
const struct lg_check *lgt_check(const struct lg_pc *pc, const char *name);

#endif
