/*
 * pxeinfo.h - the PXE and DHCP structures stage two reads, and pure checks
 * on them (no BIOS calls: the host tests run them on any bytes).
 *
 * References: Intel "Preboot Execution Environment (PXE) Specification",
 * version 2.1 (1999): 3.2 (!PXE and PXENV+), 4.4.5 (the NBP's entry state),
 * 3.3 (API call conventions); RFC 2131 section 2 (BOOTP/DHCP packet layout);
 * RFC 2132 (options 3, 54, 67).
 */
#ifndef BOOTLAB_BOOT_PXEINFO_H
#define BOOTLAB_BOOT_PXEINFO_H

#include <stdint.h>
#include "include/bootinfo.h"

/* PXE 2.1, 3.2.1: "PXENV+", the pre-2.1 installation check structure. */
#define PXENV_SIG_LEN    6
#define PXENV_VERSION    6  /* u16 BCD-ish: 0x0201 for PXE 2.1 */
#define PXENV_LENGTH     8  /* u8: bytes covered by the checksum (0x2C) */
#define PXENV_RMENTRY    10 /* SEGOFF16: real-mode API entry (BX = opcode, ES:DI = params) */
#define PXENV_STACKSEG   20 /* then StackSize, BC_CodeSeg/Size, BC_DataSeg/Size, */
#define PXENV_NSEGS      5  /* UNDIDataSeg/Size, UNDICodeSeg/Size: five (seg, size) pairs */
#define PXENV_PXEPTR     40 /* SEGOFF16 of !PXE (version 2.1 and later) */
#define PXENV_MIN_LENGTH 0x28
#define PXENV_LENGTH_2_1 0x2C

/* PXE 2.1, 3.2.2: "!PXE", the 2.1 structure. */
#define BANGPXE_LENGTH     4  /* u8 StructLength (0x58), covered by the checksum */
#define BANGPXE_ENTRY_SP   16 /* SEGOFF16: 16-bit entry, parameters on the stack */
#define BANGPXE_SEGCNT     29 /* u8: SegDesc entries that are valid */
#define BANGPXE_SEGDESC    32 /* SegDesc[7]: u16 segment, u32 physical address, u16 size */
#define BANGPXE_NSEGDESC   7
#define BANGPXE_MIN_LENGTH 0x58

/* API opcodes (PXE 2.1, 3.3 onwards). */
#define PXENV_TFTP_READ_FILE  0x0023
#define PXENV_TFTP_GET_FSIZE  0x0025
#define PXENV_GET_CACHED_INFO 0x0071
#define PXENV_PACKET_DHCP_ACK 2 /* GET_CACHED_INFO PacketType: the DHCPACK */
#define PXENV_PACKET_CACHED   3 /* the boot server's (or proxy DHCP's) reply */

/* Status codes that matter to messages (PXE 2.1, appendix: status codes). */
#define PXENV_STATUS_UNSUPPORTED           0x03 /* iPXE: also a TFTP error it does not know */
#define PXENV_STATUS_OUT_OF_RESOURCES      0x06 /* iPXE: a TFTP packet came twice */
#define PXENV_STATUS_TFTP_OPEN_TIMEOUT     0x32
#define PXENV_STATUS_TFTP_READ_TIMEOUT     0x35
#define PXENV_STATUS_TFTP_FILE_NOT_FOUND   0x3B /* the server's TFTP error 1 */
#define PXENV_STATUS_TFTP_ACCESS_VIOLATION 0x3C /* the server's TFTP error 2 */

/* Where the PXE API is entered and how. */
struct pxe_api {
    uint16_t seg, off;
    int stack_args; /* 1: !PXE EntryPointSP (opcode, offset, segment pushed); 0: PXENV+ RMEntry */
};

/* A piece of memory the PXE stack says it occupies: [start, end). */
struct pxe_area {
    uint32_t start, end;
};

/*
 * pxe_check_bangpxe / pxe_check_pxenv - is the structure at p (avail bytes
 * readable) a valid !PXE / PXENV+: signature, a length that is large enough
 * and readable, a byte sum of 0 over that length? Returns 0 and fills *api,
 * or a static message naming the first thing wrong. For PXENV+ the entry is
 * RMEntry (register convention); its PXEPtr is the caller's business.
 */
const char *pxe_check_bangpxe(const uint8_t *p, uint32_t avail, struct pxe_api *api);
const char *pxe_check_pxenv(const uint8_t *p, uint32_t avail, struct pxe_api *api);

/*
 * pxe_areas - the memory a valid !PXE (is_bangpxe != 0) or PXENV+ (0)
 * structure at p says the stack uses: each non-empty segment descriptor as
 * a physical range, into out[max]. Returns the number written.
 */
int pxe_areas(const uint8_t *p, int is_bangpxe, struct pxe_area *out, int max);

/* DHCP/BOOTP packet offsets (RFC 2131, section 2). */
#define DHCP_OP      0
#define DHCP_HLEN    2
#define DHCP_YIADDR  16
#define DHCP_SIADDR  20
#define DHCP_GIADDR  24
#define DHCP_CHADDR  28
#define DHCP_FILE    108
#define DHCP_FILELEN 128
#define DHCP_OPTIONS 236 /* the magic cookie 99.130.83.99, then the options */
#define DHCP_MIN_LEN 240

/*
 * dhcp_identity - this PC's network identity from the cached DHCPACK (ack,
 * acklen bytes) and the boot server's cached reply (reply, rlen; may be 0
 * bytes). MAC and IP come from the ACK (chaddr, yiaddr); the boot server and
 * file from the reply if it names a file (proxy DHCP puts them there), else
 * from the ACK: siaddr, or option 54 if siaddr is 0; the file field, or
 * option 67 if it is empty. The gateway is option 3 of the ACK, else giaddr.
 * Returns 0, or a static message if the ACK is not a usable BOOTREPLY.
 */
const char *dhcp_identity(const uint8_t *ack, uint32_t acklen, const uint8_t *reply, uint32_t rlen,
                          struct bootinfo_net *net);

/*
 * kernel_file_name - the TFTP name of the kernel for a PXE boot: the value
 * of a "kernel=NAME" word in cmdline if there is one, else the directory of
 * bootfile (after dropping a "scheme://host/" prefix) followed by
 * "kernel.elf". Writes out[n] (NUL-terminated). Returns 0, or -1 if the name
 * does not fit.
 */
#define KERNEL_FILE_DEFAULT "kernel.elf"
int kernel_file_name(const char *bootfile, const char *cmdline, char *out, uint32_t n);

/*
 * seat_kernel - the kernel a seat file names (netboot/seats/<mac>.ipxe, the
 * per-PC choice docs/lab-setup.md describes: an iPXE script whose line
 * "set kernel PATH" names the kernel, relative to the server's root), from
 * text[0..len), which need not end in a NUL. Other lines and comments are
 * ignored. Writes PATH to out[n]. Returns 1, 0 when no line sets the
 * kernel, or -1 when PATH does not fit.
 */
int seat_kernel(const char *text, uint32_t len, char *out, uint32_t n);

/*
 * seat_args - the rest of a seat file's line "set args OPTIONS" (boot
 * options: for the UEFI loader, which hands them to the kernel as boot.ipxe
 * hands them over on iPXE), trailing blanks dropped, into out[n]. Returns
 * 1, 0 when no line sets them, or -1 when they do not fit.
 */
int seat_args(const char *text, uint32_t len, char *out, uint32_t n);

/* seat_file_name - "seats/aa-bb-cc-dd-ee-ff.ipxe" for a MAC (iPXE's ${mac:hexhyp}), into out[n]. */
#define SEAT_FILE_LEN sizeof("seats/aa-bb-cc-dd-ee-ff.ipxe")
void seat_file_name(const uint8_t mac[6], char out[SEAT_FILE_LEN]);

/*
 * tftp_budget_option - the "tftp-budget=S" word of cmdline: how many seconds
 * after its first request bootlab.pxe may still start a retry of the kernel's
 * transfer (boot/pxe_tftp.c). Sets *secs when the word is there and S is 1 to
 * TFTP_BUDGET_MAX; leaves it (the default) when the word is absent. Returns 0,
 * or what is wrong with the value (then *secs is unchanged).
 */
#define TFTP_BUDGET_MAX 3600
const char *tftp_budget_option(const char *cmdline, uint32_t *secs);

#endif
