/*
 * report.h - the memory report: the contract with the grader.
 * Format: docs/report-format.md (version REPORT_VERSION).
 */
#ifndef BOOTLAB_KERNEL_REPORT_H
#define BOOTLAB_KERNEL_REPORT_H

#include <stdint.h>
#include "include/bootinfo.h"
#include "kernel/clock.h"
#include "kernel/identity.h"
#include "kernel/selfcheck.h"
#include "lib/sha256.h"
#include "mm/e820.h"
#include "mm/vm.h"

#define REPORT_VERSION      4
#define REPORT_LINE         160 /* longest line, newline excluded */
#define REPORT_EFI_PER_LINE 8   /* UEFI descriptors on one raw line, at most */
/* The byte on the console that asks the halted kernel for another copy: ASCII ENQ, Ctrl-E. */
#define REPORT_REQUEST 0x05

/* The kernel's measurement of itself: SHA-256 of [start, end) as it sits in memory. */
struct report_khash {
    uint8_t sha256[SHA256_BYTES];
    uint32_t start, end; /* KERNLINK and erodata (kernel/kernel.ld.S) */
};

/* The most bytes of each SMBIOS string the smbios line prints: it stays within REPORT_LINE. */
#define REPORT_SMBIOS_MF      24
#define REPORT_SMBIOS_PRODUCT 32
#define REPORT_SMBIOS_SERIAL  24

/* Everything the report prints; the kernel fills it, host tests fake it. */
struct report_input {
    const char *build;         /* BUILD_TAG */
    const struct bootinfo *bi; /* source, net identity, the raw and the sanitized map */
    const struct memlimit *ml;
    uint32_t kernbase, kernlink, data, end; /* kernel symbols (virtual) */
    const struct kmap *kmap;
    int nkmap;
    uint32_t free_pages;
    const struct selfcheck *sc;       /* its walk also counts the page-table pages */
    const struct report_khash *khash; /* the khash line (omitted if NULL: not a valid report) */
    const struct machine_id *id;      /* the cpu and smbios lines */
    const struct milestones *ms;      /* the tsc and milestone lines */
    int bigpages;                     /* the bigpages option: pt mode=4m */
    uint32_t copy;                    /* 1 as first printed; 2, 3, ... when asked again */
};

/*
 * report_write - produce the report, one line at a time, through
 * out(line, arg): line has no newline and is at most REPORT_LINE bytes.
 * Computes the CRC-32 over "line\n" for every line from the begin marker up
 * to the end marker and puts it in the end marker, with in->copy. The lines
 * depend on in alone, so every copy of one boot's report has the same lines
 * and CRC. Returns that CRC.
 */
uint32_t report_write(const struct report_input *in, void (*out)(const char *line, void *arg),
                      void *arg);

/*
 * report_wire_ms - how long 'bytes' take on a serial line at 'baud' with 8N1
 * framing (a start bit, 8 data bits, a stop bit: 10 bit times a byte, no
 * gaps), in milliseconds rounded up: ceil(bytes * 10 * 1000 / baud). baud is
 * at most 400000 (a 16550 runs at 115200 at most); 0 gives 0.
 */
uint32_t report_wire_ms(uint32_t bytes, uint32_t baud);

#endif
