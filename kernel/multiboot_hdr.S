/*
 * multiboot_hdr.S - the Multiboot 1 header (Multiboot Specification 0.6.96,
 * 3.1.2), so that GRUB, iPXE's "kernel"/"boot" and "qemu-system-i386 -kernel"
 * load build/kernel.elf directly. kernel.ld puts section .multiboot first in
 * .text, i.e. at the start of the first loadable segment (file offset 0x1000,
 * inside the first 8 KiB that 3.1.1 requires; tests/netboot checks it).
 *
 * The kernel is an ELF file, so flag bit 16 (the a.out address fields) stays
 * clear: the loader takes the segments and the entry point (_start, a
 * physical address) from the ELF headers. kernel/main.c tells a Multiboot
 * entry (EAX = 0x2BADB002) from a bootlab one (EAX = BOOTINFO_MAGIC).
 */
#include "include/multiboot.h"

    .section .multiboot, "a"
    .p2align 2
    .globl multiboot_header
multiboot_header:
    .long MULTIBOOT_HEADER_MAGIC
    .long MULTIBOOT_HEADER_FLAGS
    .long -(MULTIBOOT_HEADER_MAGIC + MULTIBOOT_HEADER_FLAGS)  /* the three words sum to 0 */

    .section .note.GNU-stack, "", @progbits
