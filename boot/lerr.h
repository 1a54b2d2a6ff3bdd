/*
 * lerr.h - how the loaders' functions fail (docs/architecture.md, "Errors").
 *
 * A loader function returns 0 (or, where it says so, a count or a choice,
 * never negative) on success, and on failure one of the negative codes
 * below, after writing into the caller's buffer a message that says what
 * failed ("kernel: TFTP 10.0.0.1:kernel.elf: no size (PXE status 0x3b, file
 * not found)"). The loader's main line prints the message and stops; the
 * code says which kind of failure it was, for callers that retry some kinds.
 *
 * Pure checks shared with host tools (boot/elfcheck.c, boot/pxeinfo.c,
 * mm/e820.c) touch no hardware and return the reason itself instead.
 */
#ifndef BOOTLAB_BOOT_LERR_H
#define BOOTLAB_BOOT_LERR_H

enum lerr {
    LERR_OK = 0,
    LERR_MEMMAP = -1, /* no memory map, or one without usable RAM */
    LERR_A20 = -2,    /* A20 cannot be switched on */
    LERR_DISK = -3,   /* the boot drive cannot be read at all */
    LERR_READ = -4,   /* reading the kernel file failed or it ended early */
    LERR_ELF = -5,    /* the kernel image breaks a rule of docs/boot-info.md */
    LERR_PXE = -6,    /* no usable PXE API or DHCP identity */
    LERR_TFTP = -7,   /* the TFTP server refused or lost the kernel file */
    /* The UEFI loader's own kinds (boot/uefi/). */
    LERR_NOKERNEL = -8,  /* no kernel file by this method: the next method may have one */
    LERR_NOMEM = -9,     /* the firmware gave no memory for a buffer */
    LERR_FIRMWARE = -10, /* the firmware owns a segment's memory, or refused a boot service */
    LERR_SECURE = -11,   /* Secure Boot on, and the kernel is not the one the loader trusts */
};

#endif
