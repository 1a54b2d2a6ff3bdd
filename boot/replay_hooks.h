/*
 * replay_hooks.h - where stage two calls the E820 replay test build.
 *
 * Built with -DE820_REPLAY (make replay), stage two installs a fake INT 15h
 * memory-map BIOS before anything else and may damage the boot-info block on
 * purpose before the jump (boot/replay.c, docs/e820-replay.md). In the normal
 * build these hooks are empty and compile to nothing.
 */
#ifndef BOOTLAB_BOOT_REPLAY_HOOKS_H
#define BOOTLAB_BOOT_REPLAY_HOOKS_H

#include "boot/bootinfo.h"

#ifdef E820_REPLAY
/* replay_install - hook IVT vector 0x15 to boot/replay16.S. Prints nothing. */
void replay_install(void);
/* replay_announce - say on the console what is being replayed; halts if no table. */
void replay_announce(void);
/* replay_handoff - the block address to hand the kernel, damaged if the table says so. */
struct bootinfo *replay_handoff(struct bootinfo *bi);
#else
static inline void replay_install(void)
{
}
static inline void replay_announce(void)
{
}
static inline struct bootinfo *replay_handoff(struct bootinfo *bi)
{
    return bi;
}
#endif

#endif
