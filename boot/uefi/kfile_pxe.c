/*
 * kfile_pxe.c - the kernel over TFTP through the PXE Base Code protocol
 * that network-booted this loader (see kfile.h).
 *
 * UEFI 2.10, 24.3: EFI_PXE_BASE_CODE_PROTOCOL. Its Mode holds the DHCP
 * packets of the boot that brought this loader (DhcpAck; ProxyOffer with
 * proxy DHCP; PxeReply from a boot server), the same packets a BIOS PXE ROM
 * caches, so boot/pxeinfo.c reads them as it does for stage two.
 */
#include "boot/lerr.h"
#include "boot/pxeinfo.h"
#include "boot/tftp_retry.h"
#include "boot/uefi/kfile.h"
#include "lib/cmdline.h"
#include "lib/console.h"
#include "lib/printf.h"
#include "lib/string.h"

#define SEAT_FILE_MAX 4096 /* a seat file is a few lines */

/* The retries of this boot's transfers (seat file, size, kernel): one policy, one budget. */
static struct tftp_retry policy;

/* The PXE Base Code on the device, or on the nearest handle up its device path. */
static EFI_PXE_BASE_CODE *find_pxe(EFI_HANDLE device)
{
    EFI_PXE_BASE_CODE *pxe = efi_protocol(device, &efi_guid_pxe_bc);
    EFI_DEVICE_PATH *dp = efi_protocol(device, &efi_guid_device_path);
    EFI_HANDLE h = 0;
    if (!pxe && dp && !EFI_ERROR(efi_bs->LocateDevicePath(&efi_guid_pxe_bc, &dp, &h)))
        pxe = efi_protocol(h, &efi_guid_pxe_bc);
    return pxe;
}

/* This PC's identity and boot file from the cached packets (boot/pxeinfo.c). */
static int identity(EFI_PXE_BASE_CODE_MODE *m, struct bootinfo_net *net, char *why, UINTN size)
{
    const UINT8 *reply = 0;
    UINT32 rlen = 0;
    if (!m->Started || !m->DhcpAckReceived || m->UsingIpv6) {
        ksnprintf(why, size, "PXE: no IPv4 DHCP answer cached (not a PXE boot)");
        return LERR_NOKERNEL;
    }
    if (m->PxeReplyReceived)
        reply = m->PxeReply.Raw;
    else if (m->ProxyOfferReceived)
        reply = m->ProxyOffer.Raw;
    if (reply)
        rlen = sizeof(m->PxeReply.Raw); /* EFI_PXE_BASE_CODE_PACKET: every cached packet's size */
    const char *bad = dhcp_identity(m->DhcpAck.Raw, sizeof(m->DhcpAck.Raw), reply, rlen, net);
    if (bad) {
        ksnprintf(why, size, "PXE: %s", bad);
        return LERR_NOKERNEL;
    }
    return 0;
}

static void ip_text(UINT32 ip, char *out, UINTN n)
{
    const UINT8 *b = (const UINT8 *)&ip;
    ksnprintf(out, n, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
}

/*
 * EFI_TFTP_ERROR means a TFTP error packet came (UEFI 2.10, appendix D): the
 * server's own answer (file not found, access violation, RFC 1350 section
 * 5), which asking again cannot change. A timeout, an ICMP error or a
 * transfer cut short may be lost packets.
 */
static int server_answered(EFI_STATUS s)
{
    return s == EFI_TFTP_ERROR;
}

/*
 * One Mtftp operation (UEFI 2.10, 24.3.9: GET_FILE_SIZE leaves the size in
 * *n, READ_FILE reads up to *n bytes into buf), tried again after a failure
 * that may be a lost packet, as the network loaders' policy says
 * (boot/tftp_retry.h), with a line on the console before each retry.
 * Returns the last status.
 */
static EFI_STATUS mtftp(EFI_PXE_BASE_CODE *pxe, EFI_PXE_BASE_CODE_TFTP_OPCODE op, UINT8 *buf,
                        UINT64 *n, EFI_IP_ADDRESS *srv, char *name, const char *what)
{
    EFI_STATUS s;
    int pause;
    for (;;) {
        UINT64 k = *n;
        s = pxe->Mtftp(pxe, op, buf, FALSE, &k, 0, srv, (UINT8 *)name, 0, FALSE);
        if (!EFI_ERROR(s)) {
            *n = k;
            return s;
        }
        if (server_answered(s) || s == EFI_BUFFER_TOO_SMALL ||
            (pause = tftp_retry_next(&policy, efi_seconds())) < 0)
            return s; /* the server's answer, a file larger than asked for, or the policy's end */
        cprintf("uefi: kernel: %s: %s failed (%s); retry %d of %d in %d s\n", what,
                op == EFI_PXE_BASE_CODE_TFTP_GET_FILE_SIZE ? "size" : "transfer",
                efi_status_name(s), policy.retries, TFTP_RETRIES, pause);
        efi_bs->Stall((UINTN)pause * 1000000);
    }
}

/* The message for a failed Mtftp: the server's own error text, or the status. */
static void tftp_failed(EFI_PXE_BASE_CODE *pxe, EFI_STATUS s, const struct kfile *kf,
                        const char *step, char *why, UINTN size)
{
    /* Not every firmware keeps the error packet (OVMF's READ_FILE does not). */
    if (server_answered(s) && pxe->Mode->TftpErrorReceived)
        ksnprintf(why, size, "kernel: %s: %s: TFTP error %u (%s)", kf->what, step,
                  pxe->Mode->TftpError.ErrorCode, (const char *)pxe->Mode->TftpError.ErrorString);
    else if (server_answered(s))
        ksnprintf(why, size, "kernel: %s: %s: the server refused (%s)", kf->what, step,
                  efi_status_name(s));
    else
        ksnprintf(why, size, "kernel: %s: %s: %s; gave up after %d retries in %u s", kf->what, step,
                  efi_status_name(s), policy.retries, tftp_retry_elapsed(&policy, efi_seconds()));
}

/* TFTP: the size first (GET_FILE_SIZE), then the whole file (READ_FILE). */
static int fetch(EFI_PXE_BASE_CODE *pxe, EFI_IP_ADDRESS *srv, char *name, struct kfile *kf,
                 char *why, UINTN size)
{
    UINT64 n = 0;
    EFI_STATUS s = mtftp(pxe, EFI_PXE_BASE_CODE_TFTP_GET_FILE_SIZE, 0, &n, srv, name, kf->what);
    if (EFI_ERROR(s)) {
        tftp_failed(pxe, s, kf, "no size", why, size);
        return LERR_TFTP;
    }
    int r = kfile_alloc(kf, n, why, size);
    if (r < 0)
        return r;
    s = mtftp(pxe, EFI_PXE_BASE_CODE_TFTP_READ_FILE, kf->data, &n, srv, name, kf->what);
    if (EFI_ERROR(s)) {
        tftp_failed(pxe, s, kf, "read", why, size);
        return LERR_TFTP;
    }
    if (n != kf->size) {
        ksnprintf(why, size, "kernel: %s: read %llu of %u bytes", kf->what, (unsigned long long)n,
                  kf->size);
        return LERR_READ;
    }
    return 0;
}

int kfile_net_identity(EFI_HANDLE device, struct bootinfo_net *net, char *why, UINTN size)
{
    EFI_PXE_BASE_CODE *pxe = find_pxe(device);
    if (!pxe) {
        ksnprintf(why, size, "no PXE Base Code on the boot device");
        return LERR_NOKERNEL;
    }
    return identity(pxe->Mode, net, why, size);
}

/*
 * This PC's seat file (seats/<mac>.ipxe, the per-PC choice boot.ipxe makes
 * for iPXE clients) from the server: its "set kernel PATH" into name[n].
 * Returns 1 when it names a kernel, 0 when there is no seat file or it names
 * none, or LERR_TFTP with why when the server cannot be read.
 */
static int seat_choice(EFI_PXE_BASE_CODE *pxe, EFI_IP_ADDRESS *srv, struct kfile *kf, char *name,
                       UINTN n, char *why, UINTN size)
{
    static UINT8 text[SEAT_FILE_MAX];
    char file[SEAT_FILE_LEN];
    UINT64 len = sizeof(text);
    seat_file_name(kf->netinfo.mac, file);
    EFI_STATUS s = mtftp(pxe, EFI_PXE_BASE_CODE_TFTP_READ_FILE, text, &len, srv, file, file);
    if (server_answered(s))
        return 0; /* no seat file (or not readable): the PC gets the default */
    if (EFI_ERROR(s)) {
        ksnprintf(why, size, "kernel: seat file %s: %s", file, efi_status_name(s));
        return LERR_TFTP;
    }
    int r = seat_kernel((const char *)text, (uint32_t)len, name, (uint32_t)n);
    if (r < 0 || seat_args((const char *)text, (uint32_t)len, kf->args, sizeof(kf->args)) < 0) {
        ksnprintf(why, size, "kernel: seat file %s: %s too long", file,
                  r < 0 ? "kernel name" : "args line");
        return LERR_TFTP;
    }
    cprintf("uefi: kernel: seat file %s: %s\n", file, r ? name : "names no kernel");
    return r;
}

/*
 * The kernel's TFTP name, as for stage two (boot/pxeinfo.c kernel_file_name):
 * a kernel= boot option, else the seat file's choice, else kernel.elf in the
 * boot file's directory. 0, or a negative enum lerr with why.
 */
static int kernel_name(EFI_PXE_BASE_CODE *pxe, EFI_IP_ADDRESS *srv, const char *cmdline,
                       struct kfile *kf, char *name, UINTN n, char *why, UINTN size)
{
    if (kernel_file_name(kf->netinfo.bootfile, cmdline, name, (uint32_t)n) < 0) {
        ksnprintf(why, size, "kernel: TFTP file name too long (boot file %s)",
                  kf->netinfo.bootfile);
        return LERR_NOKERNEL;
    }
    uint32_t len;
    if (cmdline_value(cmdline, "kernel", &len)) /* the boot options name it themselves */
        return 0;
    int r = seat_choice(pxe, srv, kf, name, n, why, size);
    return r < 0 ? r : 0;
}

/*
 * The retry policy from the first request on, its budget TFTP_RETRY_SECS or
 * the boot option tftp-budget=S; a value it refuses is named on the console
 * and the default stays.
 */
static void start_policy(const char *cmdline)
{
    const char *bad = tftp_retry_start(&policy, cmdline, efi_seconds());
    if (bad)
        cprintf("uefi: boot options: %s; the TFTP retries stop after %u s\n", bad, policy.budget);
    else if (policy.budget != TFTP_RETRY_SECS)
        cprintf("uefi: kernel: TFTP retries stop after %u s (boot options)\n", policy.budget);
}

int kfile_pxe(EFI_HANDLE device, const char *cmdline, struct kfile *kf, char *why, UINTN size)
{
    EFI_PXE_BASE_CODE *pxe = find_pxe(device);
    EFI_IP_ADDRESS srv;
    char name[BOOTINFO_FILE_LEN], ip[16];
    if (!pxe) {
        ksnprintf(why, size, "no PXE Base Code on the boot device");
        return LERR_NOKERNEL;
    }
    int r = identity(pxe->Mode, &kf->netinfo, why, size);
    if (r < 0)
        return r;
    memset(&srv, 0, sizeof(srv));
    memcpy(&srv, &kf->netinfo.server_ip, 4);
    start_policy(cmdline);
    if ((r = kernel_name(pxe, &srv, cmdline, kf, name, sizeof(name), why, size)) < 0)
        return r;
    if (!cmdline[0] && kf->args[0]) { /* the seat's boot options, from here on */
        cprintf("uefi: boot options from the seat file: %s\n", kf->args);
        start_policy(kf->args);
    }
    ip_text(kf->netinfo.server_ip, ip, sizeof(ip));
    ksnprintf(kf->what, sizeof(kf->what), "TFTP %s:%s", ip, name);
    kf->net = 1;
    return fetch(pxe, &srv, name, kf, why, size);
}
