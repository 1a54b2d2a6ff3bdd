/*
 * kplace.h - the kernel file, already read whole, through stage two's loader
 * (boot/kload.c): the same ELF checks, the same messages, each segment at its
 * p_paddr. The UEFI part is claiming the memory first: each segment's pages
 * are allocated at exactly that address (AllocatePages(AllocateAddress),
 * UEFI 2.10, 7.2.1), so nothing the firmware still uses is overwritten.
 */
#ifndef BOOTLAB_BOOT_UEFI_KPLACE_H
#define BOOTLAB_BOOT_UEFI_KPLACE_H

#include "boot/elfcheck.h"
#include "boot/uefi/kfile.h"
#include "mm/e820.h"

/*
 * kplace - kload (boot/kload.c) on kf with stage two's limits (boot/layout.h:
 * the kernel window [1 MiB, 16 MiB), the loader's [0x500, 0x30000), usable
 * RAM of sane[0..nsane)), claiming each segment's pages before loading.
 * When the firmware owns a segment's memory, it prints the firmware's
 * descriptors there and fails with LERR_FIRMWARE, naming the range and the
 * memory type. Returns 0 (plan filled), or a negative enum lerr with
 * "kernel: ..." in why.
 */
int kplace(const struct kfile *kf, const struct e820_range *sane, int nsane, struct elf_plan *plan,
           char *why, uint32_t size);

#endif
