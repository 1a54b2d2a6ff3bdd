/*
 * stop.h - the kernel's one way to stop for a condition it did not cause.
 *
 * A broken invariant inside the kernel is a bug: panic() (lib/console.h).
 * A machine, firmware or loader the kernel cannot work with (a bad boot-info
 * block, a Multiboot loader without a memory map, too little memory) is not:
 * the kernel says what it found and what it needs, and stops here.
 */
#ifndef BOOTLAB_KERNEL_STOP_H
#define BOOTLAB_KERNEL_STOP_H

/*
 * stop - print "kernel: error: <message>" (one line: say what was found and
 * what would do) and "kernel: halted", then halt with interrupts off.
 */
void stop(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
