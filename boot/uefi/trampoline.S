/*
 * trampoline.S - from the UEFI loader's 64-bit long mode to the kernel's
 * entry state (boot/bootinfo.h): 32-bit protected mode, paging off,
 * interrupts off, flat 4 GiB segments, EAX = BOOTINFO_MAGIC, EBX = boot-info.
 *
 * handoff.c copies [tramp_start, tramp_end) to a page below 1 MiB and calls
 * the copy, after ExitBootServices, as
 *     void tramp(uint32_t entry, uint32_t bootinfo, uint32_t stack_top)
 * (Microsoft x64 convention, UEFI 2.10, 2.3.4.2: ECX, EDX, R8D). The page is
 * identity-mapped (UEFI 2.10, 2.3.4: firmware maps all memory 1:1), so the
 * code may turn paging off under itself. It is position-independent: every
 * address it needs is RIP-relative. After leaving 64-bit mode R8-R15 do not
 * exist, so the arguments move to ESI, EDI and EBP first.
 *
 * Leaving IA-32e mode: Intel SDM vol. 3A, 9.8.5.4 "Switching Out of IA-32e
 * Mode Operation": (1) switch to compatibility mode (a far return to a
 * 32-bit code segment), (2) clear CR0.PG (LMA drops), (3) CR3, (4) clear
 * EFER.LME, (5) do not re-enable paging.
 */
#define CR0_PE       0x00000001 /* protection enable */
#define CR0_ET       0x00000010 /* extension type (reads 1 on every CPU since the 486) */
#define CR0_PG       0x80000000 /* paging */
#define MSR_EFER     0xC0000080 /* SDM vol. 4, table 2-2: IA32_EFER (SCE, LME, LMA, NXE) */
#define SEG_CODE32   0x08
#define SEG_DATA32   0x10
#define BOOTINFO_MAGIC 0x49424c42

    .text
    .globl tramp_start
    .globl tramp_end
    .code64
tramp_start:
    cli                         /* no firmware interrupt handler may run from here on */
    cld
    movl %ecx, %esi             /* kernel entry */
    movl %edx, %edi             /* boot-info block */
    movl %r8d, %ebp             /* stack top, below 1 MiB */
    leaq tramp_gdt(%rip), %rax  /* lgdt takes a linear base: build the pointer on the stack */
    subq $16, %rsp
    movw $(tramp_gdt_end - tramp_gdt - 1), (%rsp)
    movq %rax, 2(%rsp)
    lgdt (%rsp)
    leaq compat(%rip), %rax
    pushq $SEG_CODE32           /* far return: CS = a 32-bit code segment (L=0, D=1) */
    pushq %rax
    lretq                       /* (1) compatibility mode, still paged */

    .code32
compat:
    movl $SEG_DATA32, %eax
    movl %eax, %ds
    movl %eax, %es
    movl %eax, %fs
    movl %eax, %gs
    movl %eax, %ss
    movl %ebp, %esp             /* a stack the kernel will not have freed: below 1 MiB */
    movl %cr0, %eax
    andl $~CR0_PG, %eax
    movl %eax, %cr0             /* (2) paging off: IA32_EFER.LMA clears */
    xorl %eax, %eax
    movl %eax, %cr3             /* (3) no page tables */
    movl $MSR_EFER, %ecx
    xorl %edx, %edx
    wrmsr                       /* (4) EFER = 0: LME off, and NXE and SCE too */
    xorl %eax, %eax
    movl %eax, %cr4             /* PAE, PGE, PSE, OSFXSR, OSXSAVE, SMEP, SMAP ... all off */
    movl $(CR0_PE | CR0_ET), %eax
    movl %eax, %cr0             /* CD, NW (caches on), WP, AM, NE, TS, EM, MP off */
    pushl $2
    popfl                       /* EFLAGS: only the reserved bit 1 (IF, DF, AC clear) */
    movl $BOOTINFO_MAGIC, %eax
    movl %edi, %ebx
    jmp *%esi

    .p2align 3
tramp_gdt:
    .quad 0                     /* null */
    .quad 0x00CF9A000000FFFF    /* SEG_CODE32: base 0, limit 4 GiB, 32-bit, execute/read */
    .quad 0x00CF92000000FFFF    /* SEG_DATA32: base 0, limit 4 GiB, read/write */
tramp_gdt_end:
tramp_end:
