/*
 * lg_elf.c - ELF32 symbols and segments for the grader (see lg_elf.h).
 * Offsets are those of the System V ABI's Elf32_Ehdr, Elf32_Shdr,
 * Elf32_Sym and Elf32_Phdr; all fields are little-endian (EI_DATA = 1).
 */
#include "hw-tests/lg_elf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EHDR_SIZE  52
#define SHDR_SIZE  40
#define SYM_SIZE   16
#define PHDR_SIZE  32
#define SHT_SYMTAB 2
#define PT_LOAD    1
#define EM_386     3
#define MAX_FILE   (64u << 20)

/* The image and where errors go. */
struct elf {
    const uint8_t *b;
    size_t n;
    char *err;
    size_t errlen;
};

/* Little-endian 32- and 16-bit fields (ELFDATA2LSB); the caller checked the bounds. */
static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

/* Record why the image is refused; returns -1. */
static int fail(struct elf *e, const char *why)
{
    snprintf(e->err, e->errlen, "%s", why);
    return -1;
}

/* 1 when [off, off + len) lies inside the image. */
static int inside(const struct elf *e, uint64_t off, uint64_t len)
{
    return off <= e->n && len <= e->n - off;
}

/* Header checks: magic, ELFCLASS32, ELFDATA2LSB, EM_386, table entry sizes. */
static int check_header(struct elf *e)
{
    const uint8_t *b = e->b;
    if (e->n < EHDR_SIZE || memcmp(b, "\177ELF", 4) != 0)
        return fail(e, "not an ELF file");
    if (b[4] != 1 || b[5] != 1)
        return fail(e, "not a 32-bit little-endian ELF");
    if (rd16(b + 18) != EM_386)
        return fail(e, "not an i386 ELF (e_machine != 3)");
    if (rd16(b + 48) != 0 && rd16(b + 46) != SHDR_SIZE)
        return fail(e, "odd section header size");
    if (rd16(b + 44) != 0 && rd16(b + 42) != PHDR_SIZE)
        return fail(e, "odd program header size");
    return 0;
}

/* Look name up in the symbol table of section header sh. 1 found, 0 not, -1 bad. */
static int find_in_symtab(struct elf *e, const uint8_t *sh, const char *name, uint32_t *value)
{
    uint32_t off = rd32(sh + 16), size = rd32(sh + 20), link = rd32(sh + 24);
    uint32_t shoff = rd32(e->b + 32), shnum = rd16(e->b + 48);
    const uint8_t *str;
    uint32_t stroff, strsize;

    if (link >= shnum || !inside(e, off, size))
        return fail(e, "bad symbol table");
    str = e->b + shoff + (uint64_t)link * SHDR_SIZE;
    stroff = rd32(str + 16);
    strsize = rd32(str + 20);
    if (!inside(e, stroff, strsize) || strsize == 0 || e->b[stroff + strsize - 1] != 0)
        return fail(e, "bad string table");
    for (uint32_t i = 0; i + SYM_SIZE <= size; i += SYM_SIZE) {
        uint32_t nm = rd32(e->b + off + i);
        if (nm < strsize && !strcmp((const char *)e->b + stroff + nm, name)) {
            *value = rd32(e->b + off + i + 4);
            return 1;
        }
    }
    return 0;
}

/* Look name up in every SHT_SYMTAB section. 1 found, 0 not, -1 bad image. */
static int find_symbol(struct elf *e, const char *name, uint32_t *value)
{
    uint32_t shoff = rd32(e->b + 32), shnum = rd16(e->b + 48);
    int r;

    if (!inside(e, shoff, (uint64_t)shnum * SHDR_SIZE))
        return fail(e, "section headers outside the file");
    for (uint32_t i = 0; i < shnum; i++) {
        const uint8_t *sh = e->b + shoff + (uint64_t)i * SHDR_SIZE;
        if (rd32(sh + 4) != SHT_SYMTAB)
            continue;
        if ((r = find_in_symtab(e, sh, name, value)) != 0)
            return r;
    }
    return 0;
}

/* KERNBASE and KERNLINK from the lowest loadable segment. 0 or -1. */
static int base_from_segments(struct elf *e, struct lg_kernel *k)
{
    uint32_t phoff = rd32(e->b + 28), phnum = rd16(e->b + 44), best = UINT32_MAX, pa = 0;

    if (!inside(e, phoff, (uint64_t)phnum * PHDR_SIZE))
        return fail(e, "program headers outside the file");
    for (uint32_t i = 0; i < phnum; i++) {
        const uint8_t *ph = e->b + phoff + (uint64_t)i * PHDR_SIZE;
        if (rd32(ph) == PT_LOAD && rd32(ph + 8) < best) {
            best = rd32(ph + 8);
            pa = rd32(ph + 12);
        }
    }
    if (best == UINT32_MAX)
        return fail(e, "no loadable segment");
    k->kernlink = best;
    k->kernbase = best - pa;
    return 0;
}

/* The file offset of virtual address va inside some segment's file bytes, or 0. */
static uint32_t file_offset(struct elf *e, uint32_t va)
{
    uint32_t phoff = rd32(e->b + 28), phnum = rd16(e->b + 44);

    if (!inside(e, phoff, (uint64_t)phnum * PHDR_SIZE))
        return 0;
    for (uint32_t i = 0; i < phnum; i++) {
        const uint8_t *ph = e->b + phoff + (uint64_t)i * PHDR_SIZE;
        uint32_t off = rd32(ph + 4), vaddr = rd32(ph + 8), filesz = rd32(ph + 16);
        if (rd32(ph) == PT_LOAD && va >= vaddr && va - vaddr < filesz &&
            inside(e, (uint64_t)off + (va - vaddr), 1))
            return off + (va - vaddr);
    }
    return 0;
}

/* The build tag at symbol 'build_tag', when there is one and it is a short printable string. */
static void read_tag(struct elf *e, struct lg_kernel *k)
{
    uint32_t va, off;
    size_t i;

    if (find_symbol(e, "build_tag", &va) != 1 || (off = file_offset(e, va)) == 0)
        return;
    for (i = 0; i + 1 < sizeof(k->tag) && off + i < e->n && e->b[off + i]; i++)
        k->tag[i] = (char)(e->b[off + i] > 0x20 && e->b[off + i] < 0x7F ? e->b[off + i] : '?');
    if (off + i < e->n && e->b[off + i] == 0)
        k->tag[i] = 0;
    else
        k->tag[0] = 0; /* longer than a tag can be: not one */
}

/* A symbol the grader cannot do without. */
static int need_symbol(struct elf *e, const char *name, uint32_t *value)
{
    int r = find_symbol(e, name, value);
    if (r == 0)
        snprintf(e->err, e->errlen, "no symbol '%s' in the kernel ELF", name);
    return r == 1 ? 0 : -1;
}

int lg_elf_parse(const uint8_t *buf, size_t n, struct lg_kernel *k, char *err, size_t errlen)
{
    struct elf e = {buf, n, err, errlen};
    int b1, b2;

    memset(k, 0, sizeof(*k));
    if (check_header(&e) < 0 || need_symbol(&e, "data", &k->data) < 0 ||
        need_symbol(&e, "end", &k->end) < 0)
        return -1;
    b1 = find_symbol(&e, "KERNBASE", &k->kernbase);
    b2 = find_symbol(&e, "KERNLINK", &k->kernlink);
    if (b1 < 0 || b2 < 0)
        return -1;
    k->base_from_symbols = b1 == 1 && b2 == 1;
    read_tag(&e, k);
    return k->base_from_symbols ? 0 : base_from_segments(&e, k);
}

int lg_elf_load(const char *path, struct lg_kernel *k, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    long size = -1;
    size_t n = 0;
    int r;

    if (!f) {
        snprintf(err, errlen, "%s", strerror(errno));
        return -1;
    }
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && size <= (long)MAX_FILE &&
        fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)size + 1)))
        n = fread(buf, 1, (size_t)size, f);
    fclose(f);
    if (!buf) {
        snprintf(err, errlen, size > (long)MAX_FILE ? "larger than 64 MiB" : "cannot read");
        return -1;
    }
    r = lg_elf_parse(buf, n, k, err, errlen);
    free(buf);
    return r;
}
