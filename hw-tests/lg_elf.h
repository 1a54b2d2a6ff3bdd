/*
 * lg_elf.h - what the grader needs from a kernel ELF: KERNBASE, KERNLINK
 * and the link addresses of the symbols 'data' and 'end'; and which build it
 * is: the string of its symbol 'build_tag', and the SHA-256 of
 * [KERNLINK, erodata) as its loadable segments put those bytes in memory
 * (the kernel hashes the same range when it runs: the report's khash line).
 */
#ifndef BOOTLAB_HW_TESTS_LG_ELF_H
#define BOOTLAB_HW_TESTS_LG_ELF_H

#include <stddef.h>
#include <stdint.h>
#include "lib/sha256.h"

#define LG_TAG_MAX 64

struct lg_kernel {
    uint32_t kernbase, kernlink, data, end;
    int base_from_symbols; /* KERNBASE/KERNLINK were symbols, not derived from PT_LOAD */
    int has_tag;           /* build_tag was read into tag */
    char tag[LG_TAG_MAX];  /* up to its first NUL (at most LG_TAG_MAX - 1 bytes kept) */
    int has_khash;         /* erodata was found and [kernlink, erodata) hashed */
    uint32_t erodata;
    uint8_t sha256[SHA256_BYTES];
    char tag_err[96], khash_err[96]; /* why the tag or the hash is missing */
};

/*
 * lg_elf_parse - read buf[0..n), a 32-bit little-endian i386 ELF (System V
 * ABI, "ELF Header", "Section Header", "Symbol Table", "Program Header").
 * 'data' and 'end' come from the symbol table (SHT_SYMTAB). KERNBASE and
 * KERNLINK come from symbols of those names when the kernel defines them,
 * else from the loadable segment with the lowest virtual address: KERNLINK
 * = its p_vaddr, KERNBASE = p_vaddr - p_paddr (the kernel is linked at
 * KERNLINK and loaded at KERNLINK - KERNBASE). The build tag and the hash
 * are read when the ELF has 'build_tag' and 'erodata' (a kernel of report
 * version 1 has neither): bytes come from the PT_LOAD segments, file bytes
 * up to p_filesz and zeros up to p_memsz; has_tag and has_khash say whether
 * that worked, tag_err and khash_err why not. Every offset is bounds-checked.
 * Returns 0, or -1 with a reason in err[0..errlen).
 */
int lg_elf_parse(const uint8_t *buf, size_t n, struct lg_kernel *k, char *err, size_t errlen);

/* lg_elf_load - lg_elf_parse on the file at path (at most 64 MiB). 0 or -1 with err. */
int lg_elf_load(const char *path, struct lg_kernel *k, char *err, size_t errlen);

#endif
