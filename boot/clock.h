/*
 * clock.h - wall-clock seconds for stage two's waits and time limits, read
 * from the PC's real-time clock through the BIOS. One-second resolution:
 * enough to space out retries and to bound how long they go on.
 */
#ifndef BOOTLAB_BOOT_CLOCK_H
#define BOOTLAB_BOOT_CLOCK_H

#include <stdint.h>

#define CLOCK_NONE 0xFFFFFFFFu /* no usable real-time clock */

/*
 * clock_seconds - the time of day in seconds (0..86399; boot/tftp_retry.c
 * counts across midnight) from INT 1Ah AH=02h,
 * or CLOCK_NONE if the BIOS has no such service or returns a time that is
 * not one (a clock that is not running).
 */
uint32_t clock_seconds(void);

/*
 * clock_wait - wait until secs ticks of the seconds counter have passed:
 * between secs - 1 and secs seconds. Without a clock it returns at once.
 */
void clock_wait(uint32_t secs);

#endif
