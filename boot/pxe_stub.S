/*
 * pxe_stub.S - the first sector of build/netboot/bootlab.pxe, the PXE network
 * bootstrap program. Stage two (the same stage2.bin the disk boots) follows
 * it in the file, so the PXE ROM's download puts stage two at 0000:7E00,
 * where it is linked.
 *
 * Entry (PXE 2.1, 4.4.5): CS:IP = 0000:7C00, real mode; ES:BX -> PXENV+;
 * SS:SP -> the ROM's return address, SS:SP+4 -> a SEGOFF16 far pointer to
 * !PXE. The stub checks stage two (magic and the 16-bit word sum mkpxe made
 * 0), then jumps to STAGE2_ENTRY with DS = 0, AL = S2_FROM_PXE, ES:BX
 * unchanged and EDI = !PXE segment << 16 | offset (boot/stage2_entry.S saves
 * them). On a bad stage two it prints "pxe: stage2 corrupt" on the screen
 * and COM1 and halts.
 */
#include "boot/layout.h"

#define COM1 0x3F8

    .code16
    .text
    .globl start
start:
    cli
    cld
    mov %sp, %bp
    movw 6(%bp), %di        /* !PXE segment (BP addresses SS) */
    shl $16, %edi
    movw 4(%bp), %di        /* !PXE offset: EDI = segment << 16 | offset */
    xor %ax, %ax
    mov %ax, %ds            /* ES and BX still hold PXENV+ */

    cmpl $STAGE2_MAGIC, STAGE2_ADDR
    jne corrupt
    mov STAGE2_ADDR + S2H_SECTORS, %cx
    test %cx, %cx
    jz corrupt
    cmp $STAGE2_MAX_SECTORS, %cx
    ja corrupt
    shl $8, %cx             /* words = sectors * 256 */
    mov $STAGE2_ADDR, %si
    xor %dx, %dx
1:  lodsw
    add %ax, %dx
    loop 1b
    test %dx, %dx
    jnz corrupt
    mov $S2_FROM_PXE, %al
    xor %dl, %dl            /* no boot drive */
    ljmp $0, $STAGE2_ENTRY

corrupt:
    mov $msg, %si
2:  lodsb
    test %al, %al
    jz halt
    mov $0x0E, %ah          /* INT 10h AH=0Eh: teletype output */
    xor %bx, %bx
    pusha
    int $0x10
    popa
    mov %al, %bl
    mov $COM1+5, %dx        /* line status register */
    mov $0xFFFF, %cx        /* bounded wait: no UART, no hang */
3:  in %dx, %al
    test $0x20, %al         /* transmit holding register empty */
    loopz 3b
    mov %bl, %al
    mov $COM1, %dx
    out %al, %dx
    jmp 2b
halt:
    cli
    hlt
    jmp halt

msg: .asciz "pxe: stage2 corrupt\r\n"

    .org PXE_STUB_MAGIC_OFF
    .long PXE_STUB_MAGIC    /* mkpxe checks that this is the stub */
    .org SECTOR_SIZE

    .section .note.GNU-stack, "", @progbits
