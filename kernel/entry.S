/*
 * entry.S - the kernel's first instructions.
 *
 * A loader jumps to _start (the physical address of 'entry') in 32-bit
 * protected mode with paging off; the boot-info hand-off (docs/boot-info.md)
 * puts a magic number in EAX and a physical address in EBX. The kernel is
 * linked at KERNLINK but loaded at EXTMEM, so until paging is on, only
 * position-independent code and V2P_WO() addresses may be used.
 *
 *   1. CR4.PSE, CR3 = V2P(entrypgdir) (4 MiB pages: [0, 4 MiB) identity and
 *      KERNBASE + [0, 4 MiB)), CR0.PG|WP;
 *   2. a stack in the kernel's bss, at its high address;
 *   3. the kernel's own GDT, so nothing depends on loader memory any more;
 *   4. main(magic, boot-info physical address) at its high address.
 */
#include "mm/memlayout.h"
#include "mm/mmu.h"

#define KSTACKSIZE 8192

    .text
    .globl _start
_start = V2P_WO(entry)

    .globl entry
entry:
    mov %eax, %esi              /* keep the loader's magic and pointer */
    mov %ebx, %edi
    mov %cr4, %eax
    or $CR4_PSE, %eax
    mov %eax, %cr4
    mov $V2P_WO(entrypgdir), %eax
    mov %eax, %cr3
    mov %cr0, %eax
    or $(CR0_PG | CR0_WP), %eax
    mov %eax, %cr0
    mov $(kstack + KSTACKSIZE), %esp
    mov $high, %eax             /* an absolute jump: from here on, high addresses */
    jmp *%eax
high:
    lgdt kgdtdesc
    ljmp $SEG_KCODE, $1f
1:  mov $SEG_KDATA, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    xor %ax, %ax
    mov %ax, %fs
    mov %ax, %gs
    push %edi
    push %esi
    call main
2:  cli                         /* main does not return */
    hlt
    jmp 2b

    .section .rodata
    .p2align 3
    /*
     * Both descriptors have their accessed bit (type bit 0) preset: the CPU
     * sets it on a descriptor's first load (SDM Vol. 3A, 3.4.5.1), and this
     * table is read-only data the kernel hashes for its report (khash).
     */
kgdt:
    .quad 0                     /* null */
    .quad 0x00CF9B000000FFFF    /* SEG_KCODE: base 0, 4 GiB, 32-bit, execute/read, ring 0 */
    .quad 0x00CF93000000FFFF    /* SEG_KDATA: base 0, 4 GiB, read/write, ring 0 */
kgdt_end:
    .p2align 2
    .word 0                     /* padding: keeps the base field 4-byte aligned */
kgdtdesc:
    .word kgdt_end - kgdt - 1
    .long kgdt

    .bss
    .p2align 4
    .globl kstack
kstack:
    .space KSTACKSIZE

    .section .note.GNU-stack, "", @progbits
