/*
 * console.c - formatted output to the attached devices (see console.h).
 */
#include <stdarg.h>
#include "lib/console.h"
#include "lib/printf.h"
#include "lib/x86.h"

static const struct console_dev *devs[CONSOLE_MAXDEV];
static int ndevs;
static char *kept; /* console_keep's buffer, or 0 */
static size_t kept_len, kept_cap;

void console_attach(const struct console_dev *dev)
{
    if (ndevs < CONSOLE_MAXDEV)
        devs[ndevs++] = dev;
}

void console_detach(const struct console_dev *dev)
{
    int k = 0;
    for (int i = 0; i < ndevs; i++)
        if (devs[i] != dev)
            devs[k++] = devs[i];
    ndevs = k;
}

void console_keep(char *buf, size_t cap)
{
    kept = buf;
    kept_cap = cap;
    kept_len = 0;
}

void console_replay(const struct console_dev *dev)
{
    for (size_t i = 0; i < kept_len; i++)
        dev->putc(kept[i]);
}

void console_putc(int c)
{
    if (kept && kept_len < kept_cap)
        kept[kept_len++] = (char)c;
    for (int i = 0; i < ndevs; i++)
        devs[i]->putc(c);
}

void console_write(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        console_putc(s[i]);
}

static void vcprintf(const char *fmt, va_list ap)
{
    char buf[256];
    int n = kvsnprintf(buf, sizeof(buf), fmt, ap);
    console_write(buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

int cprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vcprintf(fmt, ap);
    va_end(ap);
    return 0;
}

void panic(const char *fmt, ...)
{
    va_list ap;
    cprintf("panic: ");
    va_start(ap, fmt);
    vcprintf(fmt, ap);
    va_end(ap);
    cprintf("\n");
    halt_forever();
}
