/*
 * stop.c - stop for a condition the machine caused (see stop.h).
 */
#include <stdarg.h>
#include "kernel/stop.h"
#include "lib/console.h"
#include "lib/printf.h"
#include "lib/x86.h"

void stop(const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    kvsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    cprintf("kernel: error: %s\n", msg);
    cprintf("kernel: halted\n");
    halt_forever();
}
