/*
 * pit.h - channel 2 of the 8254 programmable interval timer, as a stopwatch
 * for calibrating the TSC. Channel 2 is the one software may gate: port 0x61
 * bit 0 is its GATE, bit 1 sends its output to the speaker (kept off) and
 * bit 5 reads its OUT pin (IBM PC/AT Technical Reference, system board I/O;
 * Intel 8254 data sheet, mode 0).
 */
#ifndef BOOTLAB_DRIVERS_PIT_PIT_H
#define BOOTLAB_DRIVERS_PIT_PIT_H

#include <stdint.h>

#define PIT2_START 0xFFFF /* the count pit2_start loads: 65535 ticks, 54.9 ms */

/*
 * pit2_start - load channel 2 with PIT2_START in mode 0 (count down once;
 * OUT goes high at 0) and open its gate, speaker off. It counts from the
 * next input clock edge.
 */
void pit2_start(void);

/*
 * pit2_elapsed - ticks since pit2_start: PIT2_START minus the latched count.
 * Returns -1 once OUT is high (the count reached 0: more than PIT2_START
 * ticks went by, and the counter has wrapped since).
 */
int32_t pit2_elapsed(void);

#endif
