/*
 * clock.c - seconds from the real-time clock (see clock.h), through the
 * BIOS's time-of-day service rather than the CMOS ports, so the BIOS deals
 * with the clock's update cycle and its BCD or binary mode.
 */
#include "boot/bios.h"
#include "boot/clock.h"

#define UPDATE_TRIES 100 /* CF is set while the RTC updates, for under 2 ms each second */

/* A two-digit BCD byte as a number, or -1 if it is not BCD. */
static int from_bcd(uint8_t b)
{
    if ((b & 0x0F) > 9 || (b >> 4) > 9)
        return -1;
    return (b >> 4) * 10 + (b & 0x0F);
}

/*
 * INT 1Ah AH=02h (IBM PC/AT BIOS, "read real-time clock"): CH = hours,
 * CL = minutes, DH = seconds, in BCD; CF set while the clock is updating
 * or when it is not running.
 */
uint32_t clock_seconds(void)
{
    for (int i = 0; i < UPDATE_TRIES; i++) {
        struct rmregs r = {0};
        r.eax = 0x0200;
        if (!bios_int(0x1A, &r))
            continue;
        int h = from_bcd((uint8_t)(r.ecx >> 8)), m = from_bcd((uint8_t)r.ecx);
        int s = from_bcd((uint8_t)(r.edx >> 8));
        if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59)
            return CLOCK_NONE;
        return (uint32_t)(h * 3600 + m * 60 + s);
    }
    return CLOCK_NONE;
}

void clock_wait(uint32_t secs)
{
    uint32_t last = clock_seconds();
    while (secs > 0 && last != CLOCK_NONE) {
        uint32_t now = clock_seconds();
        if (now != last) {
            secs--;
            last = now;
        }
    }
}
