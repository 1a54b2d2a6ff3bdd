/*
 * pxe.h - stage two's network boot: the PXE API the ROM (or iPXE) left
 * resident, this PC's DHCP identity, and the kernel over TFTP.
 *
 * The PXE stack stays resident: stage two never unloads it. Its memory is
 * kept from the kernel by the memory map itself (iPXE and PXE ROMs take
 * theirs out of INT 12h and INT 15h E820h), and pxe_start refuses a stack
 * that says it sits in the loader's own memory.
 */
#ifndef BOOTLAB_BOOT_PXE_H
#define BOOTLAB_BOOT_PXE_H

#include <stdint.h>
#include "include/bootinfo.h"
#include "boot/kload.h"

/*
 * pxe_start - find and check the PXE API (!PXE from the NBP's stack, else
 * PXENV+ from ES:BX), make sure its memory is clear of the loader, and read
 * the cached DHCPACK and boot server reply (PXENV_GET_CACHED_INFO) into
 * bi->net, setting BI_NET_VALID. Prints what it found. Returns 0, or LERR_PXE
 * with "pxe: <why>" in why[n].
 */
int pxe_start(struct bootinfo *bi, char *why, uint32_t n);

/*
 * pxe_call - one call of the PXE API pxe_start found, with the parameter
 * block param (below 1 MiB; it begins with the Status word the call fills).
 * Returns 0 on PXENV_EXIT_SUCCESS, else the Status word (0xFFFF if it is 0).
 */
uint16_t pxe_call(uint16_t opcode, void *param);

/*
 * pxe_open_kernel (boot/pxe_tftp.c) - fetch the kernel over TFTP from the
 * boot server in bi->net into the staging area (PXENV_TFTP_GET_FSIZE, then
 * TFTP_READ_FILE to PXE_STAGE_ADDR, boot/layout.h) and set up *src to read
 * it from there. The file name comes from kernel_file_name (boot/pxeinfo.h).
 * An attempt that fails the way lost packets make it fail is retried, each
 * retry announced on the console (TFTP_RETRIES and TFTP_RETRY_SECS bound
 * them). Needs the memory map (bi->lower_kib, bi->sane). Returns 0, or
 * LERR_TFTP with "kernel: <why>" in why[n].
 */
int pxe_open_kernel(struct ksource *src, const struct bootinfo *bi, char *why, uint32_t n);

#endif
