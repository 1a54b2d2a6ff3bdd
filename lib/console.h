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
