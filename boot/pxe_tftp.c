/*
 * pxe_tftp.c - the kernel over TFTP through the PXE API (see pxe.h,
 * pxe_open_kernel). References: PXE 2.1 specification, 3.4 (TFTP_GET_FSIZE,
 * TFTP_READ_FILE); RFC 1350 (TFTP).
 *
 * The whole file comes in one TFTP_READ_FILE into the staging area
 * (boot/layout.h: below 640 KiB, where every PXE stack can write), and kload
 * reads it from there. Not TFTP_OPEN and a TFTP_READ per packet: iPXE's
 * TFTP_READ fails for good (status 0x06, out of resources) when the server
 * sends again a packet the loader has already taken, which it does whenever
 * the client's ACK is lost and its own resend comes too late. With one in
 * eight packets lost each way that happens to about one packet in twenty,
 * and two transfers in three of a 21-packet kernel fail (measured with
 * iPXE and dnsmasq: docs/lab-setup.md, section 10). Inside TFTP_READ_FILE
 * the stack's own TFTP takes a packet twice in its stride. The price: the
 * call has no packet size, and iPXE asks for 512-byte packets.
 *
 * What still fails (the stack's TFTP gives up after several losses in a
 * row, or the server does) is retried by the network loaders' one policy
 * (boot/tftp_retry.h: pauses of 1, 2, 4, 4, ... s, at most TFTP_RETRIES,
 * none after the budget, TFTP_RETRY_SECS or tftp-budget=S), timed by the
 * BIOS RTC (boot/clock.c). The PXE API has no seek, so a retry fetches the
 * whole file again (it is small: make netboot serves it stripped). A file
 * the server says is missing or forbidden is not retried.
 */
#include "boot/a20.h"
#include "boot/clock.h"
#include "boot/layout.h"
#include "boot/lerr.h"
#include "boot/pxe.h"
#include "boot/pxeinfo.h"
#include "boot/tftp_retry.h"
#include "lib/console.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/e820.h"

/* PXE 2.1 parameter blocks (each begins with the Status word the call fills). */
static struct {
    uint16_t status;
    uint32_t server, gateway;
    char file[128];
    uint32_t size; /* TFTP_GET_FSIZE */
} __attribute__((packed)) p_fsize;

static struct {
    uint16_t status;
    char file[128];
    uint32_t buffer_size; /* in: the buffer's size; out: the file's */
    uint32_t buffer;      /* physical address */
    uint32_t server, gateway, mcast_ip;
    uint16_t client_port, server_port, open_timeout, reopen_delay; /* MTFTP only */
} __attribute__((packed)) p_readfile;

/* How an attempt ended: the retry loop's one question is whether to try again. */
enum tftp_end {
    TFTP_OK,      /* the file is in the staging area */
    TFTP_LOST,    /* failed the way lost packets make it fail: worth a retry */
    TFTP_REFUSED, /* the server said no, or the file cannot be staged: stop */
};

static struct {
    uint32_t server;          /* the boot server, in network byte order */
    char name[128];           /* the kernel's TFTP file name */
    uint32_t size;            /* from TFTP_GET_FSIZE (0 until it answered) */
    uint32_t room;            /* bytes the staging area may take on this PC */
    struct tftp_retry policy; /* retries so far, the first request's time, the budget */
    char fault[112];          /* why the last attempt failed */
} tftp;

/* Names of the status codes a TFTP transfer fails with most (PXE 2.1, status codes). */
static const struct {
    uint16_t status;
    const char *name;
} status_names[] = {
    {PXENV_STATUS_UNSUPPORTED, "unsupported"},
    {PXENV_STATUS_OUT_OF_RESOURCES, "out of resources"},
    {PXENV_STATUS_TFTP_OPEN_TIMEOUT, "open timeout"},
    {PXENV_STATUS_TFTP_READ_TIMEOUT, "read timeout"},
    {PXENV_STATUS_TFTP_FILE_NOT_FOUND, "file not found"},
    {PXENV_STATUS_TFTP_ACCESS_VIOLATION, "access violation"},
};

/* "PXE status 0x3b, file not found" for a message; out[n], NUL-terminated. */
static void status_text(uint16_t st, char *out, uint32_t n)
{
    const char *name = 0;
    for (uint32_t i = 0; i < sizeof(status_names) / sizeof(status_names[0]); i++)
        if (status_names[i].status == st)
            name = status_names[i].name;
    ksnprintf(out, n, "PXE status 0x%x%s%s", st, name ? ", " : "", name ? name : "");
}

/*
 * Note why a PXE call failed with status st in tftp.fault, and say whether
 * to try again: the server's own answers that a file is missing or forbidden
 * (TFTP errors 1 and 2) are final; every other failure (the stack's
 * timeouts, iPXE's 0x06) can come from lost packets.
 */
static enum tftp_end failed_call(const char *what, uint16_t st)
{
    char text[48];
    status_text(st, text, sizeof(text));
    ksnprintf(tftp.fault, sizeof(tftp.fault), "%s (%s)", what, text);
    if (st == PXENV_STATUS_TFTP_FILE_NOT_FOUND || st == PXENV_STATUS_TFTP_ACCESS_VIOLATION)
        return TFTP_REFUSED;
    return TFTP_LOST;
}

/* TFTP_GET_FSIZE of the kernel into tftp.size, and a check that it fits the staging area. */
static enum tftp_end request_size(void)
{
    memset(&p_fsize, 0, sizeof(p_fsize));
    p_fsize.server = tftp.server;
    strlcpy(p_fsize.file, tftp.name, sizeof(p_fsize.file));
    uint16_t st = pxe_call(PXENV_TFTP_GET_FSIZE, &p_fsize);
    if (st != 0)
        return failed_call("no size", st);
    if (p_fsize.size == 0) {
        strlcpy(tftp.fault, "the file is empty", sizeof(tftp.fault));
        return TFTP_REFUSED;
    }
    if (p_fsize.size > tftp.room) {
        ksnprintf(tftp.fault, sizeof(tftp.fault),
                  "%u bytes, too large: a PXE boot stages the kernel at 0x%x, room for %u bytes",
                  p_fsize.size, PXE_STAGE_ADDR, tftp.room);
        return TFTP_REFUSED;
    }
    tftp.size = p_fsize.size;
    return TFTP_OK;
}

/* TFTP_READ_FILE of the whole kernel into the staging area (plain TFTP: no multicast address). */
static enum tftp_end request_file(void)
{
    memset(&p_readfile, 0, sizeof(p_readfile));
    strlcpy(p_readfile.file, tftp.name, sizeof(p_readfile.file));
    p_readfile.buffer_size = tftp.size;
    p_readfile.buffer = PXE_STAGE_ADDR;
    p_readfile.server = tftp.server;
    uint16_t st = pxe_call(PXENV_TFTP_READ_FILE, &p_readfile);
    /* The PXE stack may have switched A20 off for its own use: kload copies above 1 MiB. */
    if (a20_enable() < 0) {
        strlcpy(tftp.fault, "A20 is off after TFTP_READ_FILE and cannot be switched on",
                sizeof(tftp.fault));
        return TFTP_REFUSED;
    }
    if (st != 0)
        return failed_call("TFTP_READ_FILE failed", st);
    if (p_readfile.buffer_size != tftp.size) {
        ksnprintf(tftp.fault, sizeof(tftp.fault),
                  "TFTP_READ_FILE got %u bytes, TFTP_GET_FSIZE said %u", p_readfile.buffer_size,
                  tftp.size);
        tftp.size = 0; /* the file changed on the server: ask again */
        return TFTP_LOST;
    }
    return TFTP_OK;
}

/* One attempt: TFTP_GET_FSIZE if the size is not known yet, then TFTP_READ_FILE. */
static enum tftp_end attempt(void)
{
    enum tftp_end e = TFTP_OK;
    if (tftp.size == 0)
        e = request_size();
    if (e == TFTP_OK)
        e = request_file();
    return e;
}

/*
 * After a failed attempt: pause and try again (boot/tftp_retry.h), while
 * attempts fail the way lost packets make them fail and the policy allows.
 * One console line per retry. Returns how the last attempt ended.
 */
static enum tftp_end retry(enum tftp_end e)
{
    int pause;
    while (e == TFTP_LOST && (pause = tftp_retry_next(&tftp.policy, clock_seconds())) >= 0) {
        cprintf("stage2: pxe: retry %d of %d in %d s: %s\n", tftp.policy.retries, TFTP_RETRIES,
                pause, tftp.fault);
        clock_wait((uint32_t)pause);
        e = attempt();
    }
    return e;
}

/*
 * The bytes the staging area may take on this PC: from PXE_STAGE_ADDR up to
 * the top of conventional memory the BIOS reports (INT 12h, the size in the
 * BIOS data area at 40:13h, which a PXE stack that stays resident in base
 * memory lowers to keep its code and data above it; iPXE does), as far as
 * the sanitized map says it is usable RAM. 0 if it is not.
 */
static uint32_t stage_room(const struct bootinfo *bi)
{
    uint32_t top = (uint32_t)bi->lower_kib << 10;
    if (top <= PXE_STAGE_ADDR ||
        !e820_is_usable(bi->sane, (int)bi->sane_count, PXE_STAGE_ADDR, top))
        return 0;
    return top - PXE_STAGE_ADDR;
}

/*
 * The retry policy from now on, its budget TFTP_RETRY_SECS or the boot
 * option tftp-budget=S from the header (a lab whose PCs should give up
 * sooner or later). A value it refuses is named on the console, and the
 * default stays.
 */
static void start_policy(const char *cmdline)
{
    const char *bad = tftp_retry_start(&tftp.policy, cmdline, clock_seconds());
    if (bad)
        cprintf("stage2: boot options: %s; the TFTP retries stop after %u s\n", bad,
                tftp.policy.budget);
    else if (tftp.policy.budget != TFTP_RETRY_SECS)
        cprintf("stage2: pxe: TFTP retries stop after %u s (boot options)\n", tftp.policy.budget);
}

int pxe_open_kernel(struct ksource *src, const struct bootinfo *bi, char *why, uint32_t n)
{
    const uint8_t *sv = (const uint8_t *)&bi->net.server_ip;
    memset(&tftp, 0, sizeof(tftp));
    if (kernel_file_name(bi->net.bootfile, bi->cmdline, tftp.name, sizeof(tftp.name)) < 0) {
        ksnprintf(why, n, "kernel: TFTP file name too long (boot file %s)", bi->net.bootfile);
        return LERR_TFTP;
    }
    tftp.server = bi->net.server_ip;
    tftp.room = stage_room(bi);
    start_policy(bi->cmdline);
    enum tftp_end e = retry(attempt());
    if (e != TFTP_OK) {
        ksnprintf(why, n, "kernel: TFTP %u.%u.%u.%u:%s: %s", sv[0], sv[1], sv[2], sv[3], tftp.name,
                  tftp.fault);
        if (e == TFTP_LOST) {
            uint32_t len = strlen(why);
            ksnprintf(why + len, n - len, "; gave up after %d retries in %u s", tftp.policy.retries,
                      tftp_retry_elapsed(&tftp.policy, clock_seconds()));
        }
        return LERR_TFTP;
    }
    cprintf("stage2: kernel: %u bytes, TFTP %u.%u.%u.%u:%s, staged at 0x%x\n", tftp.size, sv[0],
            sv[1], sv[2], sv[3], tftp.name, PXE_STAGE_ADDR);
    ksource_memory(src, (const void *)PXE_STAGE_ADDR, tftp.size);
    return 0;
}
