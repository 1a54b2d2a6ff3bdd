/*
 * stage1.S - the boot sector. The BIOS loads it at 0000:7C00 with DL = boot
 * drive and jumps to it in real mode.
 *
 * It loads stage two from LBA 1.. to 0000:7E00 (INT 13h AH=42h when the BIOS
 * has the EDD extensions, all sectors in one call; else AH=02h CHS reads one
 * sector at a time), checks
 * stage two's magic and checksum, and jumps to it with DL = boot drive and
 * AL = S2_FROM_DISK. On any failure it prints "stage1: <why>" on the screen
 * and on COM1 and halts.
 *
 * Layout of the sector: jmp; BIOS Parameter Block hole (0x03..0x3D); code;
 * config words at S1_CFG_OFF (patched by mkdisk); partition table at 0x1BE;
 * signature 0x55AA at 0x1FE.
 */
#include "boot/layout.h"

#define COM1 0x3F8

    .code16
    .text
    .globl start
start:
    jmp main
    nop
    /*
     * BIOSes that boot a USB stick in floppy emulation (USB-FDD) may write a
     * BIOS Parameter Block over bytes 0x03..0x3D of the sector they loaded;
     * keep code out of that range.
     */
    .org 0x3E
main:
    xor %ax, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss            /* a move to SS holds off interrupts for one instruction */
    mov $STACK_TOP, %sp
    sti
    /*
     * Some BIOSes enter at 07C0:0000 instead of 0000:7C00. Every jump and call
     * here is relative and data goes through DS = 0, so either works.
     */
    cld
    mov %dl, drive
    xor %bp, %bp            /* BP != 0: read with EDD (AH=42h), else CHS */

    /* COM1 at 115200 8N1 for the error messages: (register, value) pairs. */
    mov $uart_init, %si
    mov $4, %cx
2:  lodsw
    mov $COM1>>8, %dh
    mov %al, %dl
    mov %ah, %al
    out %al, %dx
    loop 2b

    testb $1, cfg_flags     /* mkdisk --force-chs: behave as if EDD were absent */
    jnz geometry
    /* INT 13h AH=41h: EDD installation check (Phoenix EDD 3.0, 7.1). */
    mov $0x41, %ah
    mov $0x55AA, %bx
    mov drive, %dl
    int $0x13
    jc geometry
    cmp $0xAA55, %bx
    jne geometry
    and $1, %cx             /* bit 0: fixed disk access subset (AH=42h) */
    mov %cx, %bp
    jnz read_all
    /* INT 13h AH=08h: CL[5:0] = sectors per track, DH = highest head. */
geometry:
    mov $0x08, %ah
    mov drive, %dl
    xor %di, %di            /* ES:DI = 0:0 guards against buggy BIOSes (RBIL) */
    int $0x13
    jc read_error
    and $0x3F, %cx
    jz read_error
    mov %cx, spt
    mov %dh, %cl
    inc %cx
    mov %cx, heads
    push %ds
    pop %es                 /* AH=08h points ES:DI at a floppy parameter table */

    /*
     * LBA 1..cfg_sectors to 0000:7E00... A damaged config word must not make
     * us read over the IVT or ourselves: only 1 to STAGE2_MAX_SECTORS sectors
     * fit below 0x10000. CX keeps the count (the loop below preserves it) for
     * the checksum. EDD reads them all in one call: at most 64 blocks (EDD
     * 3.0 allows 127 a call), inside one 64 KiB segment, so no transfer
     * crosses a DMA boundary; under QEMU one call instead of 32 took about
     * 14 ms off the boot. CHS reads one sector a call, so no read crosses a
     * track or head.
     */
read_all:
    mov cfg_sectors, %cx
    dec %cx                 /* 0 wraps to 0xFFFF: one unsigned test for both ends */
    cmp $STAGE2_MAX_SECTORS - 1, %cx
    ja corrupt
    inc %cx
    mov $1, %si             /* SI = LBA of the next sector */
    mov $STAGE2_ADDR, %bx   /* ES:BX = where it goes */
next:
    mov $3, %di             /* tries per sector */
try:
    pusha
    test %bp, %bp
    jz 3f
    mov %cx, dap_count      /* INT 13h AH=42h: extended read, DS:SI -> packet */
    mov $dap, %si
    mov $0x42, %ah
    jmp 4f
3:  mov %si, %ax            /* INT 13h AH=02h: CHS read of one sector */
    xor %dx, %dx
    divw spt                /* AX = LBA / spt, DX = LBA % spt */
    mov %dl, %cl
    inc %cx                 /* CL = sector, counted from 1 */
    xor %dx, %dx
    divw heads              /* AX = cylinder, DX = head */
    mov %al, %ch            /* CH = cylinder bits 7..0 */
    shl $6, %ah
    or %ah, %cl             /* CL[7:6] = cylinder bits 9..8 */
    mov %dl, %dh
    mov $0x0201, %ax        /* AH=02h, AL=1 sector */
4:  mov drive, %dl
    int $0x13
    popa
    jnc 5f
    pusha
    xor %ah, %ah            /* AH=00h: reset the disk system, then retry */
    mov drive, %dl
    int $0x13
    popa
    dec %di
    jnz try
    jmp read_error
5:  test %bp, %bp          /* EDD: the one call read them all */
    jnz 7f
    add $SECTOR_SIZE, %bx
    inc %si
    cmp %cx, %si
    jbe next
7:

    /* Stage two present and intact: magic, then a 16-bit word sum of 0. */
    cmpl $STAGE2_MAGIC, STAGE2_ADDR
    jne missing
    shl $8, %cx             /* words = sectors * 256 */
    mov $STAGE2_ADDR, %si
    xor %bx, %bx
6:  lodsw
    add %ax, %bx            /* "loop" leaves the flags alone: ZF is this sum's */
    loop 6b
    jnz corrupt
    mov drive, %dl
    mov $S2_FROM_DISK, %al
    ljmp $0, $STAGE2_ENTRY

read_error:
    mov $msg_read, %si
    jmp fail
missing:
    mov $msg_missing, %si
    jmp fail
corrupt:
    mov $msg_corrupt, %si
fail:
    push %si
    mov $msg_prefix, %si
    call puts
    pop %si
    call puts
halt:
    cli
    hlt
    jmp halt

/* puts: print the NUL-terminated string at DS:SI on the screen and COM1. */
puts:
    lodsb
    test %al, %al
    jz 3f
    mov $0x0E, %ah          /* INT 10h AH=0Eh: teletype output, page 0 */
    xor %bx, %bx
    pusha
    int $0x10
    popa
    mov $COM1+5, %dx        /* line status register */
    xor %cx, %cx            /* bounded wait (65536 polls): a PC without COM1 does not hang */
    xchg %ax, %bx           /* BL = the character */
2:  in %dx, %al
    test $0x20, %al         /* transmit holding register empty */
    loopz 2b
    xchg %ax, %bx
    mov $COM1 & 0xFF, %dl   /* DH already holds COM1 >> 8 */
    out %al, %dx
    jmp puts
3:  ret

uart_init:                  /* 16550: LCR=DLAB, DLL=1 (115200), DLM=0, LCR=8N1 */
    .byte (COM1+3) & 0xFF, 0x80, COM1 & 0xFF, 1, (COM1+1) & 0xFF, 0, (COM1+3) & 0xFF, 3
msg_prefix:  .asciz "stage1: "
msg_read:    .asciz "read error\r\n"
msg_missing: .asciz "no stage2\r\n"
msg_corrupt: .asciz "stage2 corrupt\r\n"

dap:                        /* disk address packet (EDD 3.0, 7.1): all of stage two */
    .byte 16, 0
dap_count:
    .word 0                 /* sectors, set before the call */
    .word STAGE2_ADDR, 0    /* buffer offset, segment */
    .quad 1                 /* first LBA */

/* Scratch variables live below the stack's reach, outside the sector. */
drive = 0x600
spt   = 0x602
heads = 0x604

    .org S1_CFG_OFF
cfg_sectors: .word 1        /* S1_CFG_S2_SECTORS */
cfg_magic:   .word S1_MAGIC /* S1_CFG_MAGIC */
cfg_flags:   .byte 0        /* bit 0: never use EDD (tests of the CHS path) */

    .org S1_PART_TABLE_OFF
    .fill 64, 1, 0          /* partition table: written by mkdisk */
    .org S1_SIGNATURE_OFF
    .byte 0x55, 0xAA
