/*
 * kfile.h - finding the kernel file and reading all of it into memory.
 *
 * In order, on the device this loader was loaded from
 * (LoadedImage->DeviceHandle):
 *   1. a file system (Simple File System, UEFI 2.10, 13.4): \bootlab\kernel.elf
 *      on the loader's own volume; when the volume is iPXE's (its label is
 *      "iPXE": iPXE chained this loader and exposes its downloaded images as
 *      files named by image name, no directories), the image kernel.elf;
 *   2. the PXE Base Code protocol (UEFI 2.10, 24.3) of a network boot: TFTP
 *      from the server in the cached DHCP answer, the file named as
 *      boot/pxeinfo.c's kernel_file_name() names it for BIOS PXE.
 * The file is read whole into pages outside the kernel window, so placing
 * the segments never collides with it.
 */
#ifndef BOOTLAB_BOOT_UEFI_KFILE_H
#define BOOTLAB_BOOT_UEFI_KFILE_H

#include <stdint.h>
#include "boot/uefi/efi.h"
#include "include/bootinfo.h"

#define KFILE_PATH   L"\\bootlab\\kernel.elf"  /* on the loader's own volume */
#define KFILE_IPXE   L"kernel.elf"             /* an iPXE image name (imgfetch --name) */
#define CMDLINE_PATH L"\\bootlab\\cmdline.txt" /* boot options for disk boots */

struct kfile {
    UINT8 *data;    /* the whole file */
    UINT32 size;    /* its bytes */
    char what[160]; /* where it came from, for the progress line */
    int ipxe;       /* 1: from iPXE's file system (iPXE chained the loader) */
    int net;        /* 1: read over the network, netinfo is this PC's identity */
    struct bootinfo_net netinfo;
    char args[BOOTINFO_CMDLINE_LEN]; /* the seat file's boot options ("set args"), or empty */
};

/*
 * kfile_find - the kernel from the device, by the methods above in order;
 * cmdline may name it (kernel=NAME, network boots). Returns 0, or a
 * negative enum lerr (boot/lerr.h) with why: LERR_NOKERNEL when no method
 * found a kernel (both reasons given), else the failing method's error
 * ("kernel: ..." for problems of the file itself).
 */
int kfile_find(EFI_HANDLE device, const char *cmdline, struct kfile *kf, char *why, UINTN size);

/*
 * kfile_sfs - method 1 alone; LERR_NOKERNEL when the device has no file
 * system or the file is not there. kfile_pxe - method 2 alone: LERR_NOKERNEL
 * without a PXE boot; a TFTP transfer that may have lost packets is tried
 * again as bootlab.pxe tries it (boot/tftp_retry.h), each retry announced on
 * the console. Without boot options of its own (cmdline empty: the
 * firmware's PXE passes none) it takes the seat file's "set args" line into
 * kf->args, for its own tftp-budget= and for the kernel (com=, baud=).
 */
int kfile_sfs(EFI_HANDLE device, struct kfile *kf, char *why, UINTN size);
int kfile_pxe(EFI_HANDLE device, const char *cmdline, struct kfile *kf, char *why, UINTN size);

/*
 * kfile_net_identity - this PC's MAC, IP, server and boot file from the PXE
 * Base Code's cached DHCP packets (iPXE installs one on its device too,
 * with packets it builds from its own settings). Returns 0, or LERR_NOKERNEL.
 */
int kfile_net_identity(EFI_HANDLE device, struct bootinfo_net *net, char *why, UINTN size);

/* kfile_sfs_cmdline - the first line of \bootlab\cmdline.txt into out[n]; 0, or -1 if none. */
int kfile_sfs_cmdline(EFI_HANDLE device, char *out, UINTN n);

/*
 * kfile_alloc - room for a kernel file of n bytes: kf->size and kf->data,
 * pages that do not touch the kernel window [KWINDOW_START, KWINDOW_END)
 * (boot/layout.h): the highest free stretch of the current map that fits.
 * Returns 0; LERR_ELF with stage two's message for a file larger than the
 * window; LERR_NOMEM when no stretch fits.
 */
int kfile_alloc(struct kfile *kf, UINT64 n, char *why, UINTN size);

/*
 * kfile_cmdline - boot options for bootinfo.cmdline: iPXE's command line
 * (LoadOptions, after the image name) or \bootlab\cmdline.txt on the
 * loader's volume (first line), else empty. Never fails.
 */
void kfile_cmdline(EFI_LOADED_IMAGE *li, char *out, UINTN n);

#endif
