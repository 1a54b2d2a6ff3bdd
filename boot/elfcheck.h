/*
 * elfcheck.h - decide whether a kernel ELF image may be loaded, and where.
 *
 * Pure C (no BIOS, no libc): stage two runs it on the image's first bytes
 * before loading anything; the host tests and fuzzers run it on any bytes.
 */
#ifndef BOOTLAB_BOOT_ELFCHECK_H
#define BOOTLAB_BOOT_ELFCHECK_H

#include <stdint.h>
#include "mm/e820.h"

#define ELF_MAX_SEGS 16

/* What the loader may use: the rules the image must obey. */
struct elf_limits {
    uint32_t image_size;               /* bytes of the whole file */
    uint32_t window_start, window_end; /* every segment inside [start, end) */
    uint32_t loader_start, loader_end; /* no segment may touch the loader */
    const struct e820_range *map;      /* sanitized memory map: segments must be usable RAM */
    int nmap;
};

/* The result: segments to load, in file order, and the entry point. */
struct elf_plan {
    uint32_t entry;
    int nseg;
    struct elf_seg {
        uint32_t off, filesz, paddr, memsz;
    } seg[ELF_MAX_SEGS];
};

/* Why an image was refused (elf_check's result; ELF_OK is 0). */
enum elf_err {
    ELF_OK = 0,
    ELF_E_SMALL,   /* shorter than an ELF header */
    ELF_E_BIG,     /* larger than the kernel window */
    ELF_E_MAGIC,   /* no \x7FELF */
    ELF_E_CLASS,   /* not ELFCLASS32 */
    ELF_E_DATA,    /* not little-endian */
    ELF_E_MACHINE, /* not EM_386 */
    ELF_E_TYPE,    /* not ET_EXEC */
    ELF_E_PHDRS,   /* program header table malformed or outside the bytes given */
    ELF_E_NOLOAD,  /* no PT_LOAD segment */
    ELF_E_TOOMANY, /* more than ELF_MAX_SEGS PT_LOAD segments */
    ELF_E_FILESZ,  /* a segment's file size exceeds its memory size */
    ELF_E_PASTEND, /* a segment's file bytes run past the end of the image */
    ELF_E_LOADER,  /* a segment overlaps the loader */
    ELF_E_LOW,     /* a segment starts below the window (1 MiB) */
    ELF_E_WINDOW,  /* a segment ends beyond the window or wraps */
    ELF_E_NOTRAM,  /* a segment is not entirely usable RAM */
    ELF_E_OVERLAP, /* two segments overlap each other */
    ELF_E_ENTRY,   /* the entry point is in no segment's file bytes */
};

/* Details for the message: which segment and the numbers that broke the rule. */
struct elf_fault {
    int seg;       /* program header index, or -1 */
    uint32_t a, b; /* the offending range or value(s) */
};

/*
 * elf_check - validate an ELF image whose first 'len' bytes are at 'buf'.
 * The ELF header and the whole program header table must lie in those bytes.
 * Reads nothing outside [buf, buf+len). On ELF_OK fills *plan; otherwise
 * fills *fault and returns the reason. Allocates nothing.
 */
enum elf_err elf_check(const void *buf, uint32_t len, const struct elf_limits *lim,
                       struct elf_plan *plan, struct elf_fault *fault);

/* elf_describe - format "what is wrong" for err/fault into out (NUL-terminated). */
void elf_describe(enum elf_err err, const struct elf_fault *fault, const struct elf_limits *lim,
                  char *out, uint32_t size);

#endif
