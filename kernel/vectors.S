/*
 * vectors.S - entry points for the 32 processor exceptions (SDM Vol. 3A,
 * 6.15) and the 16 IRQ lines of the interrupt controllers (vectors 32-47,
 * where kernel/resend.c puts them). Each pushes an error code if the CPU did
 * not (so every frame has one), then its vector number, and joins alltraps,
 * which calls trap(). trap() returns only from an interrupt; alltraps then
 * restores the registers and returns to the interrupted code (the halt loop).
 */
    .macro vec n, cpu_pushes_error
    .globl vector\n
vector\n:
    .if \cpu_pushes_error == 0
    pushl $0
    .endif
    pushl $\n
    jmp alltraps
    .endm

    .text
    /* Vectors 8, 10-14, 17, 21, 29, 30 come with an error code (SDM table 6-1). */
    vec 0,0;  vec 1,0;  vec 2,0;  vec 3,0;  vec 4,0;  vec 5,0;  vec 6,0;  vec 7,0
    vec 8,1;  vec 9,0;  vec 10,1; vec 11,1; vec 12,1; vec 13,1; vec 14,1; vec 15,0
    vec 16,0; vec 17,1; vec 18,0; vec 19,0; vec 20,0; vec 21,1; vec 22,0; vec 23,0
    vec 24,0; vec 25,0; vec 26,0; vec 27,0; vec 28,0; vec 29,1; vec 30,1; vec 31,0
    /* IRQs 0-15: no error code. */
    vec 32,0; vec 33,0; vec 34,0; vec 35,0; vec 36,0; vec 37,0; vec 38,0; vec 39,0
    vec 40,0; vec 41,0; vec 42,0; vec 43,0; vec 44,0; vec 45,0; vec 46,0; vec 47,0

alltraps:
    pushal
    push %esp                   /* struct trapframe * */
    call trap                   /* returns only from an interrupt */
    addl $4, %esp
    popal
    addl $8, %esp               /* vector number and error code */
    iret

    .section .rodata
    .p2align 2
    .globl vectors
vectors:
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    .long vector\n
    .endr
    .irp n, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
    .long vector\n
    .endr

    .section .note.GNU-stack, "", @progbits
