/*
 * multiboot.h - the Multiboot hand-off (specification version 0.6.96,
 * "Multiboot 1"), as far as this kernel uses it: the header a loader finds in
 * the kernel image and the information structure it hands over.
 *
 * Spec references are to the Multiboot Specification 0.6.96:
 *   3.1.1 OS image format: a header of three 32-bit words (magic, flags,
 *         checksum), 4-byte aligned, inside the first 8192 bytes of the file.
 *   3.2   Machine state: EAX = MULTIBOOT_LOADER_MAGIC, EBX = physical address
 *         of the Multiboot information structure; 32-bit protected mode,
 *         paging off, A20 on, flat CS/DS/ES/SS, interrupts off.
 *   3.3   Boot information format: struct mb_info below, with its fields
 *         valid only when their bit in 'flags' is set.
 */
#ifndef BOOTLAB_INCLUDE_MULTIBOOT_H
#define BOOTLAB_INCLUDE_MULTIBOOT_H

#define MULTIBOOT_HEADER_MAGIC 0x1BADB002 /* 3.1.2: in the OS image */
#define MULTIBOOT_LOADER_MAGIC 0x2BADB002 /* 3.2: in EAX at entry */

/* Header flags (3.1.2): bits 0-15 are requirements the loader must meet. */
#define MULTIBOOT_HF_PAGE_ALIGN 0x00000001 /* modules on 4 KiB boundaries */
#define MULTIBOOT_HF_MEMINFO    0x00000002 /* mem_* fields (and mmap if possible) */
/* Bit 16 (3.1.3): the header's address fields say where to load and enter. */
#define MULTIBOOT_HF_ADDRESSES 0x00010000
#define MULTIBOOT_HEADER_FLAGS                                                                     \
    (MULTIBOOT_HF_PAGE_ALIGN | MULTIBOOT_HF_MEMINFO | MULTIBOOT_HF_ADDRESSES)

#ifndef __ASSEMBLER__
#include <stdint.h>

/* Info flags (3.3): which fields of struct mb_info are valid. */
#define MB_INFO_MEM         0x001 /* mem_lower, mem_upper */
#define MB_INFO_BOOTDEV     0x002 /* boot_device */
#define MB_INFO_CMDLINE     0x004 /* cmdline */
#define MB_INFO_MMAP        0x040 /* mmap_length, mmap_addr */
#define MB_INFO_LOADER_NAME 0x200 /* boot_loader_name */

/* 3.3: the Multiboot information structure (only the part up to apm_table). */
struct mb_info {
    uint32_t flags;
    uint32_t mem_lower;   /* KiB of memory from 0 (at most 640) */
    uint32_t mem_upper;   /* KiB of memory from 1 MiB up to the first hole */
    uint32_t boot_device; /* BIOS drive in the top byte, partitions below */
    uint32_t cmdline;     /* physical address of a NUL-terminated string */
    uint32_t mods_count, mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length; /* bytes of the memory map buffer */
    uint32_t mmap_addr;   /* physical address of the memory map buffer */
    uint32_t drives_length, drives_addr;
    uint32_t config_table;
    uint32_t boot_loader_name; /* physical address of a NUL-terminated string */
    uint32_t apm_table;
} __attribute__((packed));

/*
 * 3.3 mmap: a sequence of entries, each "size" (u32, the bytes that follow
 * it, at least 20) then base_addr (u64), length (u64), type (u32: 1 = RAM
 * available, other values as in the BIOS E820 map).
 */
#define MB_MMAP_MIN_SIZE 20

#endif /* __ASSEMBLER__ */

#endif
