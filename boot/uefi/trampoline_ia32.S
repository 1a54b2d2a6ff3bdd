/*
 * trampoline_ia32.S - from the 32-bit UEFI loader (OVMF ia32) to the
 * kernel's entry state (boot/bootinfo.h). No long mode to leave: IA-32 UEFI
 * already runs in 32-bit protected mode with flat segments, identity-mapped
 * memory and paging off or on (UEFI 2.10, 2.3.2 "IA-32 Platforms").
 *
 * handoff.c copies [tramp_start, tramp_end) to a page below 1 MiB and calls
 * the copy after ExitBootServices as
 *     void tramp(uint32_t entry, uint32_t bootinfo, uint32_t stack_top)
 * (cdecl: the arguments on the stack). Position-independent: it finds its
 * own address with call/pop. It loads its own GDT (the firmware's may be in
 * memory the kernel reuses), turns paging off, and clears what firmware
 * leaves on that the kernel does not expect: CR0.CD/NW (ia32 OVMF leaves the
 * caches off), CR4, and IA32_EFER when the CPU has one.
 */
#define CR0_PE       0x00000001
#define CR0_ET       0x00000010
#define CR0_PG       0x80000000
#define MSR_EFER     0xC0000080 /* SDM vol. 4, table 2-2 */
#define CPUID_EXT    0x80000000
#define CPUID_EXT_1  0x80000001 /* EDX bit 20 NX, bit 29 LM: either means IA32_EFER exists */
#define EFER_CPUID_BITS 0x20100000
#define SEG_CODE32   0x08
#define SEG_DATA32   0x10
#define BOOTINFO_MAGIC 0x49424c42

    .text
    .globl _tramp_start
    .globl _tramp_end
    .code32
_tramp_start:
    cli
    cld
    movl 4(%esp), %esi          /* kernel entry */
    movl 8(%esp), %edi          /* boot-info block */
    movl 12(%esp), %ebp         /* stack top, below 1 MiB */
    call 1f
1:  popl %ebx                   /* EBX = the address of 1b in the copy */
    leal (tramp_gdt - 1b)(%ebx), %eax
    subl $8, %esp
    movw $(tramp_gdt_end - tramp_gdt - 1), (%esp)
    movl %eax, 2(%esp)
    lgdt (%esp)
    leal (flat - 1b)(%ebx), %eax
    pushl $SEG_CODE32
    pushl %eax
    lret                        /* CS = our flat code segment */
flat:
    movl $SEG_DATA32, %eax
    movl %eax, %ds
    movl %eax, %es
    movl %eax, %fs
    movl %eax, %gs
    movl %eax, %ss
    movl %ebp, %esp
    movl %cr0, %eax
    andl $~CR0_PG, %eax
    movl %eax, %cr0             /* paging off (memory is identity-mapped: nothing moves) */
    xorl %eax, %eax
    movl %eax, %cr3
    movl $CPUID_EXT, %eax
    cpuid
    cmpl $CPUID_EXT_1, %eax
    jb 2f
    movl $CPUID_EXT_1, %eax
    cpuid
    testl $EFER_CPUID_BITS, %edx
    jz 2f
    movl $MSR_EFER, %ecx
    xorl %eax, %eax
    xorl %edx, %edx
    wrmsr                       /* EFER = 0: NXE off */
2:  xorl %eax, %eax
    movl %eax, %cr4             /* PAE, PSE, PGE, OSFXSR ... off */
    movl $(CR0_PE | CR0_ET), %eax
    movl %eax, %cr0             /* CD, NW off: caches on */
    pushl $2
    popfl
    movl $BOOTINFO_MAGIC, %eax
    movl %edi, %ebx
    jmp *%esi

    .p2align 3
tramp_gdt:
    .quad 0
    .quad 0x00CF9A000000FFFF    /* SEG_CODE32 */
    .quad 0x00CF92000000FFFF    /* SEG_DATA32 */
tramp_gdt_end:
_tramp_end:
