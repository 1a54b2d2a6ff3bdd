/*
 * elf.h - the parts of the ELF32 format a loader needs.
 * System V ABI, "Object Files", ELF header and program header.
 */
#ifndef BOOTLAB_BOOT_ELF_H
#define BOOTLAB_BOOT_ELF_H

#include <stdint.h>

#define ELF_MAGIC   0x464C457Fu /* "\x7FELF" read as a little-endian word */
#define ELFCLASS32  1
#define ELFDATA2LSB 1
#define ET_EXEC     2
#define EM_386      3
#define EV_CURRENT  1
#define PT_LOAD     1

struct elfhdr {
    uint32_t magic;
    uint8_t class, data, version, osabi;
    uint8_t pad[8];
    uint16_t type;
    uint16_t machine;
    uint32_t version2;
    uint32_t entry;
    uint32_t phoff;
    uint32_t shoff;
    uint32_t flags;
    uint16_t ehsize;
    uint16_t phentsize;
    uint16_t phnum;
    uint16_t shentsize;
    uint16_t shnum;
    uint16_t shstrndx;
};

struct proghdr {
    uint32_t type;
    uint32_t off;
    uint32_t vaddr;
    uint32_t paddr;
    uint32_t filesz;
    uint32_t memsz;
    uint32_t flags;
    uint32_t align;
};

#endif
