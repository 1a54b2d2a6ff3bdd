/*
 * bios.c - the C side of the real-mode thunk (boot/stage2_entry.S).
 */
#include "boot/bios.h"

extern struct rmregs rm_frame;
extern uint8_t rm_action, rm_intno;
extern uint16_t rm_target[2];
extern uint16_t rm_args[3];
void rm_thunk(void);

int bios_int(uint8_t intno, struct rmregs *r)
{
    rm_frame = *r;
    rm_action = 0;
    rm_intno = intno; /* the immediate byte of the "int" instruction */
    rm_thunk();
    *r = rm_frame;
    return !(r->eflags & EFLAGS_CF);
}

uint16_t bios_farcall(uint16_t seg, uint16_t off, const uint16_t args[3], struct rmregs *r)
{
    rm_frame = *r;
    rm_action = 1;
    rm_target[0] = off;
    rm_target[1] = seg;
    for (int i = 0; i < 3; i++)
        rm_args[i] = args[i];
    rm_thunk();
    *r = rm_frame;
    return (uint16_t)r->eax;
}
