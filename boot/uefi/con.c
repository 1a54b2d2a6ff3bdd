/*
 * con.c - the UEFI loader's console devices and policy (see con.h).
 */
#include "boot/uefi/con.h"
#include "boot/uefi/efi.h"
#include "drivers/serial/uart.h"
#include "lib/console.h"

#define LOG_BYTES  8192 /* the lines kept for the framebuffer after ExitBootServices */
#define LINE_CHARS 128  /* ConOut takes a line in pieces of at most this */

static int conout_serial; /* ConOut already reaches a UART: COM1 not written by us */
static int uart_on;       /* the UART is a console device */
static char log[LOG_BYTES];
static CHAR16 line[LINE_CHARS + 3]; /* a pending ConOut line, UCS-2 (UEFI 2.10, 12.4.3) */
static UINTN nline;

/* 1 when some text-output handle sits on a UART (UEFI 2.10, 12.4 and 10.3.4.13). */
static int conout_reaches_uart(void)
{
    EFI_HANDLE *h = 0;
    UINTN n = 0;
    int found = 0;
    if (EFI_ERROR(efi_bs->LocateHandleBuffer(ByProtocol, &efi_guid_text_out, 0, &n, &h)))
        return 0;
    for (UINTN i = 0; i < n && !found; i++) {
        EFI_DEVICE_PATH *dp = efi_protocol(h[i], &efi_guid_device_path);
        found = dp && efi_path_has_uart(dp, 4096);
    }
    efi_pool_free(h);
    return found;
}

static void conout_flush(void)
{
    line[nline] = 0;
    efi_st->ConOut->OutputString(efi_st->ConOut, line);
    nline = 0;
}

/* Bytes gather into a line, sent at its end (LF as CR LF): one firmware call per line. */
static void conout_putc(int c)
{
    if (c == '\n') {
        line[nline++] = L'\r';
        line[nline++] = L'\n';
        conout_flush();
        return;
    }
    line[nline++] = c >= 0x20 && c < 0x7F ? (CHAR16)c : L'?';
    if (nline >= LINE_CHARS)
        conout_flush();
}

static const struct console_dev conout_console = {"ConOut", conout_putc};

/* COM1 as a console device, if a 16550 answers there. */
static void attach_uart(void)
{
    if (!uart_on && uart_init(UART_PORT, UART_BAUD)) {
        console_attach(&uart_console);
        uart_on = 1;
    }
}

void con_init(void)
{
    console_keep(log, sizeof(log));
    conout_serial = conout_reaches_uart();
    console_attach(&conout_console);
    if (!conout_serial)
        attach_uart();
}

const char *con_policy(void)
{
    if (conout_serial)
        return "ConOut (it reaches a serial port: COM1 direct after ExitBootServices)";
    return uart_on ? "ConOut and COM1" : "ConOut (no UART answers at COM1)";
}

void con_own_devices(const struct fbcon_mode *m)
{
    static int done;
    if (done)
        return;
    done = 1;
    if (nline)
        conout_flush(); /* a line cut short still reaches the firmware's console */
    console_detach(&conout_console);
    attach_uart();
    if (m && fbcon_init(m) == 0) {
        console_attach(&fbcon_console);
        console_replay(&fbcon_console);
    }
}
