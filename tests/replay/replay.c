/*
 * replay.c - the protected-mode side of the E820 replay, linked only into the
 * replay build of stage two (make replay, docs/e820-replay.md). The linker
 * routes two of stage two's calls through here (ld --wrap, mk/replay.mk):
 *
 *   memdetect     first hooks the real-mode handler of tests/replay/replay16.S
 *                 into the interrupt vector table, so INT 15h E820h/E801h/88h
 *                 answer from the table, and says so on the console;
 *   enter_kernel  damages the boot-info block when the table asks for it, so
 *                 the kernel's checks are tested on a real boot.
 *
 * Stage two's own files know nothing of this.
 */
#include "boot/memdetect.h"
#include "include/bootinfo.h"
#include "lib/console.h"
#include "lib/string.h"
#include "lib/x86.h"
#include "tests/replay/replay.h"

/* The real-mode IVT: vector n is offset:segment at physical 4n (Intel SDM 3A, 20.1.4). */
#define IVT_INT15 (0x15 * 4)
/* Where REPLAY_BI_FAR puts the block: usable RAM, beyond entrypgdir's 4 MiB. */
#define FAR_BLOCK 0x500000

extern uint8_t replay_blob[REPLAY_BLOB_SIZE];
extern uint16_t replay_old15[2];
void replay_int15(void);

/* A 16-bit blob field (the blob is little-endian, as is the CPU). */
static uint16_t blob16(int off)
{
    uint16_t v;
    memcpy(&v, replay_blob + off, sizeof(v));
    return v;
}

/* Hook IVT vector 0x15 to replay16.S. Prints nothing. */
static void replay_install(void)
{
    uint32_t at = IVT_INT15;
    __asm__("" : "+r"(at)); /* a real low address, not an offset from NULL */
    volatile uint16_t *vec = (volatile uint16_t *)at;
    replay_old15[0] = vec[0];
    replay_old15[1] = vec[1];
    vec[0] = (uint16_t)(uint32_t)replay_int15; /* below 64 KiB: segment 0 */
    vec[1] = 0;
    /*
     * a20-off: start from a gate the BIOS left closed (SeaBIOS opens it), so
     * stage two's A20 step has work to do. Port 92h bit 1 is the A20 gate;
     * bit 0 would reset the machine, so it is written as 0.
     */
    if (blob16(REPLAY_OFF_FLAGS) & REPLAY_F_A20_OFF)
        outb(0x92, inb(0x92) & ~0x03);
}

/* Say on the console what is being replayed; halt if no table was written in. */
static void replay_announce(void)
{
    if (!replay_blob[REPLAY_OFF_FILLED]) {
        cprintf("stage2: error: replay: no table in this stage two (make replay E820=FILE)\n");
        cprintf("stage2: halted\n");
        halt_forever();
    }
    cprintf("stage2: replay: INT 15h E820h/E801h/88h answered from a %u-entry table, "
            "%u-byte answers, quirks 0x%x end %u\n",
            blob16(REPLAY_OFF_COUNT), replay_blob[REPLAY_OFF_ESIZE], blob16(REPLAY_OFF_FLAGS),
            replay_blob[REPLAY_OFF_END]);
}

/* Apply one kind of damage (REPLAY_BI_*) to *bi; returns its name. */
static const char *damage(struct bootinfo *bi, int mode)
{
    switch (mode) {
    case REPLAY_BI_MAGIC:
        bi->magic ^= 0x20;
        return "magic";
    case REPLAY_BI_VERSION:
        bi->version = BOOTINFO_VERSION + 1;
        return "version from the future";
    case REPLAY_BI_SIZE:
        bi->size = 0xFFFF;
        return "size 0xffff";
    case REPLAY_BI_COUNT:
        bi->mmap_count = 1000;
        return "mmap_count 1000";
    case REPLAY_BI_METHOD:
        bi->mem_method = MEM_NONE;
        return "method none with a map";
    case REPLAY_BI_SOURCE:
        bi->source = 0;
        return "source 0";
    case REPLAY_BI_STRING:
        memset(bi->loader, 'x', sizeof(bi->loader));
        return "loader name without NUL";
    case REPLAY_BI_CONTROL:
        bi->loader[3] = 0x07;
        return "control byte in the loader name";
    case REPLAY_BI_SANE:
        if (bi->sane_count >= 2) {
            struct e820_range first = bi->sane[0];
            bi->sane[0] = bi->sane[1];
            bi->sane[1] = first;
        }
        return "sanitized map out of order";
    default:
        return 0;
    }
}

/* The block address to hand the kernel, damaged if the table says so. */
static struct bootinfo *replay_handoff(struct bootinfo *bi)
{
    int mode = replay_blob[REPLAY_OFF_BIMODE];
    const char *what;
    if (mode == REPLAY_BI_NONE)
        return bi;
    if (mode == REPLAY_BI_FAR) {
        struct bootinfo *far = (struct bootinfo *)FAR_BLOCK;
        memcpy(far, bi, sizeof(*far));
        cprintf("stage2: replay: boot-info block moved to 0x%x on purpose\n", FAR_BLOCK);
        return far;
    }
    what = damage(bi, mode);
    cprintf("stage2: replay: boot-info block damaged on purpose: %s\n", what ? what : "?");
    return bi;
}

int __real_memdetect(struct bootinfo *bi);
int __wrap_memdetect(struct bootinfo *bi);
void __real_enter_kernel(uint32_t entry, struct bootinfo *bi) __attribute__((noreturn));
void __wrap_enter_kernel(uint32_t entry, struct bootinfo *bi) __attribute__((noreturn));

int __wrap_memdetect(struct bootinfo *bi)
{
    replay_install();
    replay_announce();
    return __real_memdetect(bi);
}

void __wrap_enter_kernel(uint32_t entry, struct bootinfo *bi)
{
    __real_enter_kernel(entry, replay_handoff(bi));
}
