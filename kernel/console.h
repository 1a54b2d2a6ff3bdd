/*
 * console.h - the console: every byte goes to the serial port and to the VGA
 * text screen, for the grader on the wire and for the person at the PC.
 * Used by stage two (screen at its physical address) and the kernel (screen
 * through KERNBASE).
 */
#ifndef BOOTLAB_KERNEL_CONSOLE_H
#define BOOTLAB_KERNEL_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

#define CGA_PHYS 0xB8000 /* colour text mode buffer: 80x25 cells of char + attribute */

/*
 * console_init - start the console on the text screen at cga (NULL for no
 * screen); picks up the hardware cursor so output continues below the BIOS
 * text. Programs the UART. Returns 1 if a UART answered.
 */
int console_init(volatile uint16_t *cga);

void console_putc(int c);
void console_write(const char *s, size_t n);
int cprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* panic - print "panic: <message>" and halt with interrupts off. */
void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
