/*
 * stage2_entry.S - stage two's header, its real-mode entry, the switch to
 * 32-bit protected mode, the real-mode call thunk, and the jump to the kernel.
 *
 * Entry (from stage one or the PXE stub) at 0000:STAGE2_ENTRY in real mode:
 *   DS = 0, AL = S2_FROM_DISK or S2_FROM_PXE, DL = BIOS boot drive;
 *   for PXE also ES:BX -> PXENV+ and EDI = !PXE as segment << 16 | offset.
 */
#include "boot/layout.h"
#include "include/bootinfo.h"
#include "mm/mmu.h"

/* Offsets into struct rmregs (boot/bios.h). */
#define R_EAX 0
#define R_EBX 4
#define R_ECX 8
#define R_EDX 12
#define R_ESI 16
#define R_EDI 20
#define R_EBP 24
#define R_EFLAGS 28
#define R_DS 32
#define R_ES 34

/* ---------------------------------------------------------------------------
 * The header: mkdisk fills it (boot/layout.h, S2H_*).
 */
    .section .header, "a"
    .globl s2hdr
s2hdr:
    .long STAGE2_MAGIC
    .word 0                     /* S2H_SECTORS */
    .word 0                     /* S2H_CSUM */
    .long 0                     /* S2H_KERNEL_LBA */
    .long 0                     /* S2H_KERNEL_SIZE */
    .long 0                     /* S2H_FLAGS */
    .org S2H_CMDLINE
    .fill S2H_CMDLINE_LEN, 1, 0
    .org STAGE2_HDR_SIZE

/* ---------------------------------------------------------------------------
 * Real-mode entry: record how we were booted, then enter protected mode.
 */
    .section .text16, "ax"
    .code16
    .globl s2_entry16
s2_entry16:
    cli
    cld
    movb %al, s2_boot_from
    movb %dl, s2_boot_drive
    movw %bx, s2_pxenv_off
    movw %es, s2_pxenv_seg
    movl %edi, s2_bangpxe
    xor %ax, %ax
    mov %ax, %es
    mov %ax, %ss
    mov $STACK_TOP, %sp
    ljmp $0, $1f
1:
    lgdtl gdtdesc
    mov %cr0, %eax
    or $CR0_PE, %eax
    mov %eax, %cr0
    ljmpl $SEG_CODE32, $pm_entry

    .code32
pm_entry:
    mov $SEG_DATA32, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %fs
    mov %ax, %gs
    mov %ax, %ss
    mov $STACK_TOP, %esp
    mov $__bss_start, %edi      /* zero stage two's bss */
    mov $__bss_end, %ecx
    sub %edi, %ecx
    xor %eax, %eax
    rep stosb
    call stage2_main
2:  cli
    hlt
    jmp 2b

/* ---------------------------------------------------------------------------
 * rm_thunk: run one BIOS interrupt or far call in real mode and come back.
 *
 * In: rm_frame holds the registers to load; rm_action is 0 for "int rm_intno"
 * (CF preset, so a BIOS that ignores the function reports failure) or 1 for a
 * far call to rm_target with the three words rm_args pushed first (the PXE
 * API's calling convention). Out: rm_frame holds the registers and EFLAGS the
 * BIOS returned. Uses the caller's stack, which lies below 64 KiB. Runs the
 * BIOS with interrupts on (disk BIOSes wait for IRQs), returns with them off.
 */
    .globl rm_thunk
rm_thunk:
    pushal
    mov %esp, rm_saved_esp
    ljmp $SEG_CODE16, $1f
    .code16
1:  mov $SEG_DATA16, %ax        /* 64 KiB limits, as real mode expects */
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %fs
    mov %ax, %gs
    mov %ax, %ss
    mov %cr0, %eax
    and $~CR0_PE, %eax
    mov %eax, %cr0
    ljmp $0, $2f
2:  xor %ax, %ax
    mov %ax, %ss
    mov %ax, %ds
    mov %ax, %fs
    mov %ax, %gs
    lidtl rm_idtr               /* the real-mode interrupt vector table at 0 */
    mov rm_frame+R_ES, %ax
    mov %ax, %es
    pushw rm_frame+R_DS
    mov rm_frame+R_EAX, %eax
    mov rm_frame+R_EBX, %ebx
    mov rm_frame+R_ECX, %ecx
    mov rm_frame+R_EDX, %edx
    mov rm_frame+R_ESI, %esi
    mov rm_frame+R_EDI, %edi
    mov rm_frame+R_EBP, %ebp
    pop %ds
    sti
    cmpb $0, %cs:rm_action
    jne 3f
    stc
    .byte 0xCD                  /* int imm8 */
    .globl rm_intno
rm_intno:
    .byte 0
    jmp 4f
3:  mov %sp, %cs:rm_saved_sp
    pushw %cs:rm_args+4
    pushw %cs:rm_args+2
    pushw %cs:rm_args
    lcall *%cs:rm_target
    mov %cs:rm_saved_sp, %sp    /* the callee leaves its arguments to us */
4:  cli
    pushfl                      /* the flags as the BIOS left them, for rm_frame */
    /*
     * The C code's string instructions (memcpy, memset) assume DF = 0, as the
     * i386 System V ABI requires at every call. A BIOS that returns with
     * "retf 2" hands back its own flags, DF included: clear it here, once, for
     * every BIOS call. (Replayed by tests/e820/synthetic/s25-clobber.e820;
     * Linux's boot code does the same after each BIOS call.)
     */
    cld
    mov %eax, %cs:rm_frame+R_EAX
    mov %ebx, %cs:rm_frame+R_EBX
    mov %ecx, %cs:rm_frame+R_ECX
    mov %edx, %cs:rm_frame+R_EDX
    mov %esi, %cs:rm_frame+R_ESI
    mov %edi, %cs:rm_frame+R_EDI
    mov %ebp, %cs:rm_frame+R_EBP
    popl %cs:rm_frame+R_EFLAGS
    mov %ds, %cs:rm_frame+R_DS
    mov %es, %cs:rm_frame+R_ES
    xor %ax, %ax
    mov %ax, %ds
    /*
     * Reload GDTR: BIOS services that enter protected mode themselves (INT 15h
     * AH=87h, PXE/UNDI stacks such as iPXE) may leave their own GDT loaded.
     */
    lgdtl gdtdesc
    mov %cr0, %eax
    or $CR0_PE, %eax
    mov %eax, %cr0
    ljmpl $SEG_CODE32, $5f
    .code32
5:  mov $SEG_DATA32, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %fs
    mov %ax, %gs
    mov %ax, %ss
    mov rm_saved_esp, %esp
    popal
    ret

/* ---------------------------------------------------------------------------
 * enter_kernel(entry, bootinfo): the hand-off of docs/boot-info.md.
 * Protected mode, paging off, interrupts off, flat segments,
 * EAX = BOOTINFO_MAGIC, EBX = the boot-info block's physical address.
 */
    .globl enter_kernel
enter_kernel:
    cli
    mov 4(%esp), %ecx
    mov 8(%esp), %ebx
    mov $BOOTINFO_MAGIC, %eax
    jmp *%ecx

/* ---------------------------------------------------------------------------
 * Data that real-mode code touches: it must stay below 64 KiB (CS = DS = 0).
 */
    .data
    .p2align 3
gdt:
    .quad 0                     /* null */
    .quad 0x00CF9A000000FFFF    /* SEG_CODE32: base 0, 4 GiB, 32-bit, execute/read */
    .quad 0x00CF92000000FFFF    /* SEG_DATA32: base 0, 4 GiB, read/write */
    .quad 0x00009A000000FFFF    /* SEG_CODE16: base 0, 64 KiB, 16-bit */
    .quad 0x000092000000FFFF    /* SEG_DATA16: base 0, 64 KiB */
gdt_end:
gdtdesc:
    .word gdt_end - gdt - 1
    .long gdt
rm_idtr:
    .word 0x3FF                 /* 256 vectors of 4 bytes */
    .long 0

    .p2align 2
    .globl rm_frame, rm_action, rm_target, rm_args
    .globl s2_boot_from, s2_boot_drive, s2_pxenv_off, s2_pxenv_seg, s2_bangpxe
rm_frame:     .fill 36, 1, 0    /* struct rmregs */
rm_target:    .long 0           /* far call target: offset (low word), segment */
rm_args:      .word 0, 0, 0
rm_saved_esp: .long 0
rm_saved_sp:  .word 0
rm_action:    .byte 0
s2_boot_from: .byte 0
s2_boot_drive: .byte 0
    .p2align 1
s2_pxenv_off: .word 0
s2_pxenv_seg: .word 0
    .p2align 2
s2_bangpxe:   .long 0

    .section .note.GNU-stack, "", @progbits
