/*
 * a20.c - enable and verify the A20 gate (see a20.h).
 * Runs in protected mode with paging off, so addresses are physical.
 */
#include <stdint.h>
#include "boot/a20.h"
#include "boot/bios.h"
#include "boot/lerr.h"
#include "lib/x86.h"

#define KBC_DATA         0x60
#define KBC_STATUS       0x64 /* read: status; write: command */
#define KBC_IBF          0x02 /* input buffer full: the controller has not taken the last byte */
#define KBC_WRITE_OUTPUT 0xD1 /* next data byte goes to the output port */
#define KBC_OUTPUT_A20   0xDF /* output port: A20 on, reset line high, keyboard clock/data */
#define PORT92           0x92 /* system control port A (PS/2 and every chipset since) */
#define PORT92_A20       0x02
#define PORT92_RESET     0x01 /* writing 1 resets the machine: always write 0 */

/*
 * The wrap-around test: a word in loader memory and its alias 1 MiB up. With
 * A20 off, writing one changes the other. Tried with two patterns so memory
 * that happens to hold the same value cannot fool it.
 */
static volatile uint32_t a20_probe;

static int a20_on(void)
{
    volatile uint32_t *lo = &a20_probe;
    volatile uint32_t *hi = (volatile uint32_t *)((uintptr_t)&a20_probe + 0x100000);
    static const uint32_t pattern[2] = {0x5AA55AA5, 0xA55AA55A};
    for (int i = 0; i < 2; i++) {
        *lo = pattern[i];
        *hi = ~pattern[i];
        if (*lo != pattern[i])
            return 0;
    }
    return 1;
}

/* Some controllers take milliseconds to flip the gate: poll the test a while. */
static int a20_settled(void)
{
    for (int i = 0; i < 100000; i++)
        if (a20_on())
            return 1;
    return 0;
}

static int kbc_wait(void)
{
    for (int i = 0; i < 100000; i++)
        if (!(inb(KBC_STATUS) & KBC_IBF))
            return 1;
    return 0; /* no controller, or a USB-legacy one that never answers */
}

static int a20_bios(void)
{
    struct rmregs r = {0};
    r.eax = 0x2401;
    return bios_int(0x15, &r) && a20_settled();
}

static int a20_fast(void)
{
    uint8_t v = inb(PORT92);
    if (v == 0xFF) /* nothing decodes the port */
        return 0;
    outb(PORT92, (uint8_t)((v | PORT92_A20) & ~PORT92_RESET));
    return a20_settled();
}

static int a20_kbc(void)
{
    if (!kbc_wait())
        return 0;
    outb(KBC_STATUS, KBC_WRITE_OUTPUT);
    if (!kbc_wait())
        return 0;
    outb(KBC_DATA, KBC_OUTPUT_A20);
    kbc_wait();
    return a20_settled();
}

int a20_enable(void)
{
    if (a20_on())
        return A20_ALREADY;
    if (a20_bios())
        return A20_BIOS;
    if (a20_fast())
        return A20_FAST;
    if (a20_kbc())
        return A20_KBC;
    return LERR_A20;
}

const char *a20_name(int how)
{
    static const char *const names[] = {"?", "already on", "BIOS 2401h", "port 92h",
                                        "keyboard controller"};
    return how >= A20_ALREADY && how <= A20_KBC ? names[how] : "?";
}
