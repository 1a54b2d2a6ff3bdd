/*
 * vectors.S - entry points for the 32 processor exceptions (SDM Vol. 3A,
 * 6.15). Each pushes an error code if the CPU did not (so every frame has
 * one), then its vector number, and joins alltraps, which calls trap().
 * The kernel runs with interrupts off, so nothing else arrives here.
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

alltraps:
    pushal
    push %esp                   /* struct trapframe * */
    call trap                   /* does not return */
1:  cli
    hlt
    jmp 1b

    .section .rodata
    .p2align 2
    .globl vectors
vectors:
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    .long vector\n
    .endr

    .section .note.GNU-stack, "", @progbits
