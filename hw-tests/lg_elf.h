/*
 * lg_elf.h - what the grader needs from a kernel ELF: KERNBASE, KERNLINK
 * and the link addresses of the symbols 'data' and 'end'.
 */
#ifndef BOOTLAB_HW_TESTS_LG_ELF_H
#define BOOTLAB_HW_TESTS_LG_ELF_H

#include <stddef.h>
#include <stdint.h>

#define LG_TAG 40 /* a build tag, as the report's boot line carries it (at most 39 bytes) */

struct lg_kernel {
    uint32_t kernbase, kernlink, data, end;
    int base_from_symbols; /* KERNBASE/KERNLINK were symbols, not derived from PT_LOAD */
    char tag[LG_TAG];      /* the string at symbol 'build_tag' ("" when the ELF has none) */
};

/*
 * lg_elf_parse - read buf[0..n), a 32-bit little-endian i386 ELF (System V
 * ABI, "ELF Header", "Section Header", "Symbol Table", "Program Header").
 * 'data' and 'end' come from the symbol table (SHT_SYMTAB). KERNBASE and
 * KERNLINK come from symbols of those names when the kernel defines them,
 * else from the loadable segment with the lowest virtual address: KERNLINK
 * = its p_vaddr, KERNBASE = p_vaddr - p_paddr (the kernel is linked at
 * KERNLINK and loaded at KERNLINK - KERNBASE). The build tag is the
 * NUL-terminated string at symbol 'build_tag' (kernel/main.c), read from the
 * loadable segment that holds it; an ELF without one gets an empty tag.
 * Every offset is bounds-checked.
 * Returns 0, or -1 with a reason in err[0..errlen).
 */
int lg_elf_parse(const uint8_t *buf, size_t n, struct lg_kernel *k, char *err, size_t errlen);

/* lg_elf_load - lg_elf_parse on the file at path (at most 64 MiB). 0 or -1 with err. */
int lg_elf_load(const char *path, struct lg_kernel *k, char *err, size_t errlen);

#endif
