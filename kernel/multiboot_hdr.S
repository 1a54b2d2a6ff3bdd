/*
 * multiboot_hdr.S - the Multiboot 1 header (Multiboot Specification 0.6.96,
 * 3.1.2), so that GRUB 2 ("multiboot"), iPXE ("kernel"/"boot") and
 * "qemu-system-i386 -kernel" load build/kernel.elf directly. kernel.ld puts
 * section .multiboot first in .text, i.e. at the start of the first loadable
 * segment (file offset 0x1000, inside the first 8 KiB that 3.1.1 requires).
 *
 * Flag bit 16 is set and the address fields are filled (3.1.3): physical
 * addresses of the header, of the load image, of its end in the file
 * (edata), of the end of bss (end), and the entry point _start. Why: the
 * ELF's e_entry is _start, a physical address, because stage two and the
 * other bootlab loaders jump to it with paging off. GRUB 2 reads an ELF's
 * e_entry as a virtual address and refuses one that lies in no segment's
 * [p_vaddr, p_vaddr + p_memsz) ("entry point isn't in a segment"); with bit
 * 16 it takes these fields instead and never looks at e_entry. QEMU's
 * -kernel also takes these fields; iPXE loads the ELF segments (same bytes,
 * same addresses) and jumps to e_entry, the same _start.
 *
 * The fields describe the file as ld lays it out: the load image is the
 * bytes from this header to edata, contiguous in the file (the data
 * segment's file offset is its distance from KERNLINK plus the header's
 * offset, because kernel.ld starts data on a page and ld keeps file offsets
 * congruent to addresses modulo the page size). tests/qemu/test_multiboot.py
 * checks that against the program headers, and boots the kernel from GRUB.
 * kernel/main.c tells a Multiboot entry (EAX = 0x2BADB002) from a bootlab
 * one (EAX = BOOTINFO_MAGIC).
 */
#include "include/multiboot.h"
#include "mm/memlayout.h"

    .section .multiboot, "a"
    .p2align 2
    .globl multiboot_header
multiboot_header:
    .long MULTIBOOT_HEADER_MAGIC
    .long MULTIBOOT_HEADER_FLAGS
    .long -(MULTIBOOT_HEADER_MAGIC + MULTIBOOT_HEADER_FLAGS)  /* the three words sum to 0 */
    .long V2P_WO(multiboot_header)  /* header_addr: where this header is loaded */
    .long V2P_WO(multiboot_header)  /* load_addr: the load image starts with the header */
    .long V2P_WO(edata)             /* load_end_addr: text, rodata and data, from the file */
    .long V2P_WO(end)               /* bss_end_addr: the loader zeroes [edata, end) */
    .long _start                    /* entry_addr: physical, like e_entry */

    .section .note.GNU-stack, "", @progbits
