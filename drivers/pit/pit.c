/*
 * pit.c - 8254 channel 2 as a one-shot stopwatch (see pit.h).
 * Ports: 0x42 channel 2 counter, 0x43 mode/command, 0x61 system control.
 */
#include "drivers/pit/pit.h"
#include "lib/x86.h"

#define PIT_CH2    0x42
#define PIT_CMD    0x43
#define SYSCTL     0x61
#define GATE2      0x01 /* port 0x61: channel 2 gate */
#define SPEAKER    0x02 /* port 0x61: channel 2 output to the speaker */
#define OUT2       0x20 /* port 0x61 (read): channel 2 OUT */
#define CMD_MODE0  0xB0 /* channel 2, low then high byte, mode 0, binary */
#define CMD_LATCH2 0x80 /* channel 2, counter latch */

void pit2_start(void)
{
    outb(SYSCTL, (uint8_t)((inb(SYSCTL) & ~SPEAKER) | GATE2));
    outb(PIT_CMD, CMD_MODE0);
    outb(PIT_CH2, PIT2_START & 0xFF);
    outb(PIT_CH2, PIT2_START >> 8);
}

int32_t pit2_elapsed(void)
{
    outb(PIT_CMD, CMD_LATCH2);
    uint32_t count = inb(PIT_CH2);
    count |= (uint32_t)inb(PIT_CH2) << 8;
    if (inb(SYSCTL) & OUT2)
        return -1;
    return (int32_t)(PIT2_START - count);
}
