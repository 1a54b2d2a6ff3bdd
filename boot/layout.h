/*
 * layout.h - where the boot stages live, on disk and in memory.
 * Shared by stage one (assembly), stage two (C and assembly) and mkdisk (host).
 *
 * Disk image (512-byte sectors):
 *   LBA 0                 stage one: boot code, config words, partition table, 0x55AA
 *   LBA 1 .. S            stage two (S = STAGE2 sectors, at most STAGE2_MAX_SECTORS)
 *   LBA S+1 ..            the kernel ELF file, as built (build/kernel.elf)
 *   up to DISK_MIN_BYTES  zero padding (QEMU's q35 refuses images of 256 KiB or less)
 *
 * Low memory while the loader runs (all below 640 KiB; the BIOS data area at
 * 0x400-0x4FF and the EBDA below 0xA0000 are left alone):
 *   0x00500 .. 0x07000    loader stack (grows down from 0x7000)
 *   0x07000 .. 0x07C00    unused: keeps the stack off the page of the code below
 *   0x07C00 .. 0x07E00    stage one (BIOS loads it here)
 *   0x07E00 .. 0x0FE00    stage two image (at most 32 KiB: one real-mode segment)
 *   0x0FE00 .. 0x20000    stage two data and bss (boot-info block, E820 buffer)
 *   0x20000 .. 0x30000    disk bounce buffer (64 KiB, 64 KiB-aligned: no DMA crossing)
 *   0x30000 .. INT 12h    PXE boots: the kernel file, staged by TFTP_READ_FILE (boot/pxe_tftp.c)
 *                         for kload; real-mode memory, so every PXE stack can write it
 */
#ifndef BOOTLAB_BOOT_LAYOUT_H
#define BOOTLAB_BOOT_LAYOUT_H

#include "mm/memlayout.h"

#define SECTOR_SIZE 512

/*
 * The stack ends a page below stage one, so that no stack write lands in the
 * 4 KiB page holding stage one and the start of stage two. Emulators that
 * translate code (QEMU's TCG) check every write to a page holding translated
 * code for self-modifying code: with the stack in that page, every push paid
 * that check (measured under QEMU 7.2 TCG: stage two's console output took
 * 7x as long, and each BIOS call a third longer). Real PCs do not care.
 */
#define STACK_TOP    0x7000
#define LOADER_START 0x0500 /* lowest byte the loader uses (bottom of its stack) */

/* Stage one's build-time config words, patched by mkdisk. */
#define S1_CFG_OFF        0x1B8 /* offset in sector 0 (where MBRs keep a disk signature) */
#define S1_CFG_S2_SECTORS (S1_CFG_OFF + 0) /* u16: stage-two sector count */
#define S1_CFG_MAGIC      (S1_CFG_OFF + 2) /* u16: S1_MAGIC, so mkdisk finds the right spot */
#define S1_CFG_FLAGS      (S1_CFG_OFF + 4) /* u8: bit 0 = never use EDD (tests) */
#define S1_MAGIC          0xB007
#define S1_PART_TABLE_OFF 0x1BE
#define S1_SIGNATURE_OFF  0x1FE

#define STAGE2_ADDR        0x7E00
#define STAGE2_MAX_SECTORS 64         /* 32 KiB: stage two must fit below 0x10000 */
#define STAGE2_MAGIC       0x32534c42 /* "BLS2" */
#define STAGE2_HDR_SIZE    0x80
#define STAGE2_ENTRY       (STAGE2_ADDR + STAGE2_HDR_SIZE)
#define STAGE2_DATA_END    0x20000 /* stage two's data and bss must end here */

/*
 * Stage-two header: the first STAGE2_HDR_SIZE bytes of stage two. mkdisk
 * fills it; stage one checks magic and checksum before jumping to
 * STAGE2_ENTRY; stage two reads the kernel's place from it.
 */
#define S2H_MAGIC       0x00 /* u32 STAGE2_MAGIC */
#define S2H_SECTORS     0x04 /* u16 sectors of stage two, header included */
#define S2H_CSUM        0x06 /* u16 chosen so the 16-bit word sum of all sectors is 0 */
#define S2H_KERNEL_LBA  0x08 /* u32 first sector of the kernel ELF */
#define S2H_KERNEL_SIZE 0x0C /* u32 bytes of the kernel ELF */
#define S2H_FLAGS       0x10 /* u32 S2F_* */
#define S2H_CMDLINE     0x20 /* char[96] boot options, NUL-terminated */
#define S2H_CMDLINE_LEN 96

#define S2F_FORCE_CHS 0x1 /* read with CHS even when EDD exists (tests of the CHS path) */

#define BOUNCE_ADDR    0x20000
#define BOUNCE_BYTES   0x10000
#define LOADER_END     (BOUNCE_ADDR + BOUNCE_BYTES) /* the kernel may not load below this */
#define PXE_STAGE_ADDR LOADER_END                   /* the staged kernel file (PXE boots) */

/*
 * The kernel window: every loadable segment must lie in [EXTMEM, 16 MiB),
 * where the kernel is linked to be loaded and stage two can copy to.
 */
#define KWINDOW_START EXTMEM
#define KWINDOW_END   0x1000000

#define DISK_MIN_BYTES (512 * 1024)

/*
 * The PXE network bootstrap program (build/netboot/bootlab.pxe, made by
 * mkpxe): the stub sector (boot/pxe_stub.S), loaded by the PXE ROM at
 * 0x7C00, then stage two at 0x7E00. PXE_NBP_MAX keeps the file inside the
 * 32 KiB that old PXE guidance promises an NBP.
 */
#define PXE_STUB_MAGIC     0x42505845 /* "EXPB", the stub's last word before 0x1BE */
#define PXE_STUB_MAGIC_OFF (S1_PART_TABLE_OFF - 4)
#define PXE_NBP_MAX        (32 * 1024)

/* Boot source codes stage one / the PXE stub pass to stage two in AL. */
#define S2_FROM_DISK 1
#define S2_FROM_PXE  2

/* Protected-mode segment selectors of the loader's GDT (boot/stage2_entry.S). */
#define SEG_CODE32 0x08
#define SEG_DATA32 0x10
#define SEG_CODE16 0x18
#define SEG_DATA16 0x20

#endif
