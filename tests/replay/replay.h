/*
 * replay.h - the E820 replay blob: a firmware memory map and its quirks, as
 * the test-only INT 15h handler (tests/replay/replay16.S) serves them.
 *
 * Shared by the handler (assembly: the REPLAY_OFF_* offsets), the stage-two
 * side of the test build (tests/replay/replay.c) and the host tool that fills the blob
 * from a table file (tests/replay/mkreplay.c). The replay build of stage two carries
 * an empty blob; mkreplay finds it by its two magic words and writes the
 * table into a copy of stage two. docs/e820-replay.md describes the table
 * directives that set each field.
 */
#ifndef BOOTLAB_TESTS_REPLAY_H
#define BOOTLAB_TESTS_REPLAY_H

#define REPLAY_MAGIC  0x314c5052 /* "RPL1" */
#define REPLAY_MAGIC2 0x5e4d4150 /* "PAM^": with the first word, a marker found nowhere else */
#define REPLAY_MAX    192        /* entries: more than a loader keeps (E820_MAX_RAW = 128) */
#define REPLAY_ENTRY  24         /* bytes per stored entry: the ACPI 3.0 descriptor */

/* Byte offsets in the blob (little-endian, packed). */
#define REPLAY_OFF_MAGIC   0  /* u32 REPLAY_MAGIC */
#define REPLAY_OFF_MAGIC2  4  /* u32 REPLAY_MAGIC2 */
#define REPLAY_OFF_FILLED  8  /* u8: 1 once mkreplay wrote a table */
#define REPLAY_OFF_ESIZE   9  /* u8: bytes written per E820 answer, 20 or 24 */
#define REPLAY_OFF_END     10 /* u8: REPLAY_END_*, what follows the last entry */
#define REPLAY_OFF_BIMODE  11 /* u8: REPLAY_BI_*, damage done to the boot-info block */
#define REPLAY_OFF_COUNT   12 /* u16: entries in the table */
#define REPLAY_OFF_FLAGS   14 /* u16: REPLAY_F_* */
#define REPLAY_OFF_NOSMAP  16 /* u16: E820 call number (0 = first) answered without 'SMAP' */
#define REPLAY_OFF_E801    18 /* u8: REPLAY_ANSWER, REPLAY_UNSUPPORTED or REPLAY_CXDX */
#define REPLAY_OFF_88      19 /* u8: REPLAY_ANSWER or REPLAY_UNSUPPORTED */
#define REPLAY_OFF_E801_AX 20 /* u16: E801h KiB in [1 MiB, 16 MiB) */
#define REPLAY_OFF_E801_BX 22 /* u16: E801h 64 KiB blocks above 16 MiB */
#define REPLAY_OFF_88_KIB  24 /* u16: 88h KiB above 1 MiB */
#define REPLAY_OFF_ECX     26 /* u8: ECX to return (0: the bytes written) */
#define REPLAY_OFF_ENTRIES 32 /* REPLAY_MAX entries of REPLAY_ENTRY bytes */
#define REPLAY_BLOB_SIZE   (REPLAY_OFF_ENTRIES + REPLAY_MAX * REPLAY_ENTRY)

#define REPLAY_NOSMAP_NEVER 0xFFFF

/* REPLAY_OFF_FLAGS bits. */
#define REPLAY_F_IGNORE_ECX  0x01 /* return ECX as the caller passed it, whatever was written */
#define REPLAY_F_CLOBBER     0x02 /* trash EDX ESI EDI EBP, DS ES FS GS, ESP[31:16]; return DF=1 */
#define REPLAY_F_NO_E820     0x04 /* every E820h call fails: CF set, AH=86h */
#define REPLAY_F_A20_OFF     0x08 /* stage two turns A20 off (port 92h) as it installs the handler */
#define REPLAY_F_NO_A20_BIOS 0x10 /* INT 15h AX=2401h fails: CF set, AH=86h */

/* REPLAY_OFF_END: after the last entry the BIOS ... */
#define REPLAY_END_ZERO    0 /* returns EBX = 0 (the specification) */
#define REPLAY_END_CF      1 /* returns EBX != 0, then sets CF on the next call */
#define REPLAY_END_REPEAT  2 /* returns the last entry's own EBX: it repeats forever */
#define REPLAY_END_WRAP    3 /* returns EBX = 1: the list starts over at entry 1 */
#define REPLAY_END_ENDLESS 4 /* returns ever new EBX values, each with the last entry again */

/* REPLAY_OFF_E801 / REPLAY_OFF_88 modes. */
#define REPLAY_ANSWER      0 /* answer AX/BX (E801h also copies them to CX/DX) */
#define REPLAY_UNSUPPORTED 1 /* CF set, AH=86h: "function not supported" */
#define REPLAY_CXDX        2 /* E801h: AX = BX = 0, the sizes only in CX/DX */

/* REPLAY_OFF_BIMODE: damage stage two does to the boot-info block before the jump. */
#define REPLAY_BI_NONE    0
#define REPLAY_BI_MAGIC   1  /* magic wrong */
#define REPLAY_BI_VERSION 2  /* a version this kernel does not read */
#define REPLAY_BI_SIZE    3  /* size 0xFFFF */
#define REPLAY_BI_COUNT   4  /* mmap_count 1000 */
#define REPLAY_BI_METHOD  5  /* a map but method "none" */
#define REPLAY_BI_SOURCE  6  /* source 0 */
#define REPLAY_BI_STRING  7  /* loader name without its NUL */
#define REPLAY_BI_FAR     8  /* the block copied to 5 MiB: outside what entrypgdir maps */
#define REPLAY_BI_CONTROL 9  /* a control byte (BEL) in the loader name */
#define REPLAY_BI_SANE    10 /* the first two sanitized ranges swapped */

#endif
