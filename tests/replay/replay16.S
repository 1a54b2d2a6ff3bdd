/*
 * replay16.S - TEST BUILDS ONLY (make replay): a real-mode INT 15h handler
 * that plays a firmware. It answers E820h, E801h and 88h from the table in
 * replay_blob (tests/replay/replay.h, filled by boot/mkreplay from a table file),
 * with that table's quirks, and chains every other INT 15h function to the
 * vector it replaced. tests/replay/replay.c hooks it into the IVT before stage two
 * does anything else.
 *
 * Calling conventions reproduced (ACPI 6.4, 15.1 "INT 15H, E820H"; Ralf
 * Brown's Interrupt List for E801h and 88h):
 *   E820h  in: EAX=E820h, EBX=continuation, ECX=buffer size, EDX='SMAP',
 *              ES:DI=buffer; out: CF clear, EAX='SMAP', EBX=next continuation
 *              (0 after the last entry), ECX=bytes written; CF set on error.
 *   E801h  out: AX/CX = KiB in [1 MiB, 16 MiB), BX/DX = 64 KiB blocks above.
 *   88h    out: AX = KiB above 1 MiB.
 * Unsupported: CF set, AH=86h.
 *
 * The continuation value is simply the index of the next entry. The answer
 * leaves through IRET with CF (and, for the clobber quirk, DF) edited in the
 * FLAGS image on the stack, so the caller sees exactly the flags chosen here.
 */
#include "tests/replay/replay.h"

#define SMAP 0x534D4150

/* The frame: pushal, then DS, then ES, under the IRET frame (IP, CS, FLAGS). */
#define F_ES    0
#define F_DS    2
#define F_EDI   4
#define F_ESI   8
#define F_EBP   12
#define F_EBX   20
#define F_EDX   24
#define F_ECX   28
#define F_EAX   32
#define F_AH    33
#define F_FLAGS 40

#define FL_CF 0x0001
#define FL_DF 0x0400

#define FN_E820 0
#define FN_E801 1
#define FN_88   2

/* A blob field, addressed through DS = 0 (the blob lies below 64 KiB). */
#define BLOB(off) replay_blob + (off)

    .section .text16, "ax"
    .code16
    .globl replay_int15
replay_int15:
    cmpl $0xE820, %eax
    je 1f
    cmpw $0xE801, %ax
    je 1f
    cmpb $0x88, %ah
    je 1f
    cmpw $0x2401, %ax           /* "enable A20": refused under no-a20-bios */
    jne chain
    testw $REPLAY_F_NO_A20_BIOS, %cs:BLOB(REPLAY_OFF_FLAGS)
    jnz 1f
chain:
    ljmp *%cs:replay_old15      /* not ours: the BIOS's own handler IRETs to the caller */
1:  pushal
    push %ds
    push %es
    mov %sp, %bp                /* BP addresses the frame, through SS */
    xor %ax, %ax
    mov %ax, %ds
    cmpl $0xE820, F_EAX(%bp)
    je e820
    cmpw $0xE801, F_EAX(%bp)
    je e801
    cmpw $0x2401, F_EAX(%bp)
    je fail

/* 88h: AX = KiB of contiguous memory from 1 MiB. */
    movb $FN_88, replay_fn
    cmpb $REPLAY_UNSUPPORTED, BLOB(REPLAY_OFF_88)
    je fail
    mov BLOB(REPLAY_OFF_88_KIB), %ax
    mov %ax, F_EAX(%bp)
    jmp ok

/* E801h: AX/BX, copied to CX/DX; or only in CX/DX (Phoenix BIOS 4.0 style). */
e801:
    movb $FN_E801, replay_fn
    mov BLOB(REPLAY_OFF_E801), %al
    cmp $REPLAY_UNSUPPORTED, %al
    je fail
    mov BLOB(REPLAY_OFF_E801_AX), %cx
    mov BLOB(REPLAY_OFF_E801_BX), %dx
    mov %cx, F_ECX(%bp)
    mov %dx, F_EDX(%bp)
    cmp $REPLAY_CXDX, %al
    jne 2f
    xor %cx, %cx
    xor %dx, %dx
2:  mov %cx, F_EAX(%bp)
    mov %dx, F_EBX(%bp)
    jmp ok

/* E820h: one entry per call, with the table's quirks. */
e820:
    movb $FN_E820, replay_fn
    mov replay_calls, %ax       /* AX = number of this call, from 0 */
    incw replay_calls
    testw $REPLAY_F_NO_E820, BLOB(REPLAY_OFF_FLAGS)
    jnz fail
    cmp BLOB(REPLAY_OFF_NOSMAP), %ax
    je ok                       /* 'SMAP' missing: EAX, EBX, ECX left as they came, CF clear */
    movzwl BLOB(REPLAY_OFF_COUNT), %ecx
    movl F_EBX(%bp), %esi       /* ESI = index asked for */
    call pick_entry             /* ESI = index to answer, EBX = next continuation */
    jc fail
    imul $REPLAY_ENTRY, %si, %si
    add $BLOB(REPLAY_OFF_ENTRIES), %si
    mov F_ES(%bp), %es
    mov F_EDI(%bp), %di
    movzbw BLOB(REPLAY_OFF_ESIZE), %cx
    cld
    rep movsb                   /* DS:SI (the table) -> ES:DI (the caller's buffer) */
    movl $SMAP, F_EAX(%bp)
    movl %ebx, F_EBX(%bp)
    testw $REPLAY_F_IGNORE_ECX, BLOB(REPLAY_OFF_FLAGS)
    jnz ok                      /* ECX stays what the caller asked for */
    movzbl BLOB(REPLAY_OFF_ECX), %ecx
    jecxz 2f
    movl %ecx, F_ECX(%bp)       /* a fixed ECX, whatever was written */
    jmp ok
2:  movzbl BLOB(REPLAY_OFF_ESIZE), %ecx
    movl %ecx, F_ECX(%bp)

ok: andw $~FL_CF, F_FLAGS(%bp)
    jmp out
fail:
    movb $0x86, F_AH(%bp)       /* "function not supported" */
    orw $FL_CF, F_FLAGS(%bp)
out:
    testw $REPLAY_F_CLOBBER, BLOB(REPLAY_OFF_FLAGS)
    jz 3f
    call clobber
3:  pop %es
    pop %ds
    popal
    testw $REPLAY_F_CLOBBER, %cs:BLOB(REPLAY_OFF_FLAGS)
    jz 4f
    addl $0x5A5A0000, %esp      /* ESP[31:16] garbage; real mode pops through SP only */
4:  iret

/*
 * pick_entry - in: ESI = continuation the caller passed, ECX = entries in the
 * table. Out: CF clear, ESI = entry to answer, EBX = continuation to return;
 * or CF set when there is nothing to answer. The end mode decides what follows
 * the last entry.
 */
pick_entry:
    jecxz 9f
    cmpb $REPLAY_END_ENDLESS, BLOB(REPLAY_OFF_END)
    jne 5f
    lea 1(%esi), %ebx           /* endless: always a new EBX, never 0 */
    cmp %ecx, %esi
    jb 8f
    lea -1(%ecx), %esi          /* past the end: the last entry again */
    jmp 8f
5:  cmp %ecx, %esi
    jae 9f
6:  lea 1(%esi), %ebx
    cmp %ecx, %ebx
    jb 8f                       /* not the last entry: the next index (clears CF) */
    movzbw BLOB(REPLAY_OFF_END), %ax
    cmp $REPLAY_END_CF, %al
    je 8f                       /* EBX = count: the next call finds nothing, CF */
    mov %esi, %ebx
    cmp $REPLAY_END_REPEAT, %al
    je 8f
    mov $1, %ebx
    cmp $REPLAY_END_WRAP, %al
    je 8f
    xor %ebx, %ebx              /* REPLAY_END_ZERO */
8:  clc
    ret
9:  stc
    ret

/*
 * clobber - what a careless BIOS leaves behind: every register that is not
 * one of the function's outputs trashed, junk segment registers and the
 * direction flag set on return (an IRET restores the FLAGS image edited
 * here, as a "retf 2" return would leave DF as the BIOS had it).
 */
clobber:
    movl $0x0BAD0E51, F_ESI(%bp)
    movl $0x0BAD0ED1, F_EDI(%bp)
    movl $0x0BAD0EB9, F_EBP(%bp)
    movw $0x1234, F_DS(%bp)
    movw $0x5678, F_ES(%bp)
    orw $FL_DF, F_FLAGS(%bp)
    mov $0x9ABC, %ax
    mov %ax, %fs
    mov %ax, %gs
    cmpb $FN_E801, replay_fn
    je 7f
    movl $0x0BAD0ED7, F_EDX(%bp) /* DX is an E801h output; not for E820h or 88h */
    cmpb $FN_E820, replay_fn
    jne 7f
    movw $0xC10B, F_ECX+2(%bp)  /* ECX[31:16]: only CL carries the size */
7:  ret

/* ---------------------------------------------------------------------------
 * Data the handler reads in real mode: below 64 KiB, inside stage two's image.
 */
    .data
    .p2align 2
    .globl replay_blob, replay_old15
replay_old15: .word 0, 0        /* the vector replaced: offset, segment */
replay_calls: .word 0           /* E820h calls answered so far */
replay_fn:    .byte 0
    .p2align 2
replay_blob:
    .long REPLAY_MAGIC
    .long REPLAY_MAGIC2
    .fill REPLAY_BLOB_SIZE - 8, 1, 0

    .section .note.GNU-stack, "", @progbits
