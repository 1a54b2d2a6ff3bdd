/*
 * handoff.h - the jump from the UEFI loader into the 32-bit kernel.
 *
 * handoff_prepare runs while boot services are up: it takes pages below
 * 640 KiB (AllocateMaxAddress, EfiLoaderCode: memory the firmware's page
 * tables must let run, UEFI 2.10, 7.2.1), copies the trampoline
 * (trampoline.S) into the first, with its stack above it, and keeps the
 * rest for the boot-info block, which must lie below 4 MiB for the kernel's
 * entrypgdir (docs/boot-info.md). handoff_jump runs after ExitBootServices.
 */
#ifndef BOOTLAB_BOOT_UEFI_HANDOFF_H
#define BOOTLAB_BOOT_UEFI_HANDOFF_H

#include <stdint.h>
#include "include/bootinfo.h"

#define HANDOFF_MAX_ADDR 0x9FFFF /* every page ends below 640 KiB */

/*
 * handoff_prepare - the pages above; returns the boot-info block's place
 * (below 640 KiB), or 0 if the firmware has no such pages (why says so).
 */
struct bootinfo *handoff_prepare(char *why, unsigned size);

/* handoff_jump - copy *bi into its place and enter the kernel at entry. */
void handoff_jump(const struct bootinfo *bi, uint32_t entry) __attribute__((noreturn));

#endif
