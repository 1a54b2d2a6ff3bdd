/*
 * console.h - the console: formatted output to every attached device.
 *
 * The console knows no hardware. A program attaches the devices it has
 * (stage two and the kernel: the 16550 UART and the VGA text screen; the UEFI
 * loader: ConOut and the UART) and each byte goes to all of them, so the
 * grader on the wire and the person at the PC read the same lines.
 */
#ifndef BOOTLAB_LIB_CONSOLE_H
#define BOOTLAB_LIB_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

#define CONSOLE_MAXDEV 4

/* One output device: putc gets every byte, '\n' included (it adds a CR if it wants one). */
struct console_dev {
    const char *name;
    void (*putc)(int c);
};

/* console_attach - from now on every byte also goes to dev. Ignored past CONSOLE_MAXDEV. */
void console_attach(const struct console_dev *dev);

/* console_detach - dev gets no more bytes (a device that stops existing: UEFI's ConOut). */
void console_detach(const struct console_dev *dev);

/*
 * console_keep - from now on also copy every byte into buf[cap], as long as
 * it has room, so a device attached later can be shown what came before
 * (console_replay): a screen that only works once paging or ExitBootServices
 * is done. Allocates nothing; buf must stay valid.
 */
void console_keep(char *buf, size_t cap);

/* console_replay - send dev the bytes kept so far, in order (nothing without console_keep). */
void console_replay(const struct console_dev *dev);

void console_putc(int c);
void console_write(const char *s, size_t n);
int cprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * panic - a broken invariant (a bug): print "panic: <message>" and halt with
 * interrupts off. Conditions the machine or its firmware caused are not
 * panics: each program stops for those in one way of its own (stage two's
 * stop, the kernel's stop).
 */
void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
