/*
 * bios.h - calling the BIOS from stage two's 32-bit C code.
 *
 * Every BIOS service goes through bios_int() or bios_farcall(), which drop to
 * real mode (boot/stage2_entry.S, rm_thunk), load the registers from a struct
 * rmregs, run the call and store the registers the BIOS returned. Buffers the
 * BIOS reads or writes must lie below 1 MiB; RM_SEG/RM_OFF split an address
 * into the segment:offset a real-mode call takes.
 */
#ifndef BOOTLAB_BOOT_BIOS_H
#define BOOTLAB_BOOT_BIOS_H

#include <stdint.h>

struct rmregs {
    uint32_t eax, ebx, ecx, edx, esi, edi, ebp;
    uint32_t eflags;
    uint16_t ds, es;
};

#define EFLAGS_CF 0x0001

#define RM_SEG(p) ((uint16_t)((uint32_t)(p) >> 4))
#define RM_OFF(p) ((uint16_t)((uint32_t)(p)&0xF))

/*
 * bios_int - execute "int intno" in real mode with the registers in *r.
 * CF is set before the call, so a BIOS that does not implement the function
 * and returns without touching the flags reports failure. Overwrites *r with
 * what the BIOS returned (EFLAGS included). Returns 1 if CF came back clear.
 */
int bios_int(uint8_t intno, struct rmregs *r);

/*
 * bios_farcall - far call seg:off in real mode with args[0..2] pushed so that
 * args[0] is on top of the stack (the PXE API: opcode, offset, segment).
 * Overwrites *r with the returned registers. Returns AX as the callee left it.
 */
uint16_t bios_farcall(uint16_t seg, uint16_t off, const uint16_t args[3], struct rmregs *r);

/* How stage two was entered (boot/stage2_entry.S). */
extern uint8_t s2_boot_from, s2_boot_drive;
extern uint16_t s2_pxenv_off, s2_pxenv_seg;
extern uint32_t s2_bangpxe;

#endif
