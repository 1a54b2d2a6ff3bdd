/*
 * tftp_retry.h - when a network loader tries a failed TFTP transfer again:
 * the one retry policy of bootlab.pxe (boot/pxe_tftp.c) and the UEFI loader
 * (boot/uefi/kfile_pxe.c). Pure: the caller reads its own clock (the BIOS
 * RTC, UEFI GetTime), waits, and prints the retry lines.
 *
 * A transfer that failed the way lost packets make it fail is tried again
 * after a pause of 1, 2, 4, 4, ... seconds, at most TFTP_RETRIES times, and
 * no retry starts once the budget (TFTP_RETRY_SECS, or the boot option
 * tftp-budget=S) has passed since the first request. TFTP has no offset
 * option, so every retry fetches the whole file again.
 */
#ifndef BOOTLAB_BOOT_TFTP_RETRY_H
#define BOOTLAB_BOOT_TFTP_RETRY_H

#include <stdint.h>
#include "boot/clock.h"

#define TFTP_RETRIES    10  /* attempts after the first, at most */
#define TFTP_RETRY_SECS 180 /* no retry starts later than this after the first request */
#define TFTP_PAUSE_MAX  4   /* seconds before a retry: 1, 2, 4, 4, ... */

struct tftp_retry {
    int retries;     /* retries so far */
    uint32_t start;  /* the clock at the first request: seconds of the day, or CLOCK_NONE */
    uint32_t budget; /* seconds after start past which no retry starts */
};

/*
 * tftp_retry_start - a new transfer's policy state, its first request made
 * at now (seconds of the day, 0..86399, or CLOCK_NONE for a PC without a
 * clock: then only TFTP_RETRIES bounds it). The budget is TFTP_RETRY_SECS
 * or cmdline's tftp-budget=S. Returns 0, or what is wrong with the option
 * (the default budget is kept) for the caller to print.
 */
const char *tftp_retry_start(struct tftp_retry *r, const char *cmdline, uint32_t now);

/* tftp_retry_elapsed - seconds from the first request to now, across midnight; 0 without a clock.
 */
uint32_t tftp_retry_elapsed(const struct tftp_retry *r, uint32_t now);

/*
 * tftp_retry_next - after a failed attempt that may have lost packets, at
 * now: the pause in seconds before the next retry, which it counts; or -1
 * when TFTP_RETRIES retries have been made or the budget has passed.
 */
int tftp_retry_next(struct tftp_retry *r, uint32_t now);

#endif
