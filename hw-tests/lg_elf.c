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
static int find_in_symtab(struct elf *e, const uint8_t *sh, const char *name, uint32_t *value,
                          uint32_t *symsize)
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
            *symsize = rd32(e->b + off + i + 8);
            return 1;
        }
    }
    return 0;
}

/* A symbol with its size (st_size), from the first SHT_SYMTAB that has it. 1, 0, -1. */
static int find_sized(struct elf *e, const char *name, uint32_t *value, uint32_t *size)
{
    uint32_t shoff = rd32(e->b + 32), shnum = rd16(e->b + 48);

    if (!inside(e, shoff, (uint64_t)shnum * SHDR_SIZE))
        return fail(e, "section headers outside the file");
    for (uint32_t i = 0; i < shnum; i++) {
        const uint8_t *sh = e->b + shoff + (uint64_t)i * SHDR_SIZE;
        int r;
        if (rd32(sh + 4) == SHT_SYMTAB && (r = find_in_symtab(e, sh, name, value, size)) != 0)
            return r;
    }
    return 0;
}

/* 1 when the ELF has a symbol table at all (a stripped copy has none). */
static int has_symtab(struct elf *e)
{
    uint32_t shoff = rd32(e->b + 32), shnum = rd16(e->b + 48);

    for (uint32_t i = 0; inside(e, shoff, (uint64_t)shnum * SHDR_SIZE) && i < shnum; i++)
        if (rd32(e->b + shoff + (uint64_t)i * SHDR_SIZE + 4) == SHT_SYMTAB)
            return 1;
    return 0;
}

/* Look name up in every SHT_SYMTAB section. 1 found, 0 not, -1 bad image. */
static int find_symbol(struct elf *e, const char *name, uint32_t *value)
{
    uint32_t size;
    return find_sized(e, name, value, &size);
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

/* A symbol the grader cannot do without. */
static int need_symbol(struct elf *e, const char *name, uint32_t *value)
{
    int r = find_symbol(e, name, value);
    if (r == 0 && !has_symtab(e))
        snprintf(e->err, e->errlen,
                 "no symbol table in the kernel ELF (a stripped copy, such as "
                 "build/netboot/kernel.elf?): give the grader build/kernel.elf");
    else if (r == 0)
        snprintf(e->err, e->errlen, "no symbol '%s' in the kernel ELF", name);
    return r == 1 ? 0 : -1;
}

/* The loadable segment that puts a byte at virtual address va, or NULL. */
static const uint8_t *segment_at(struct elf *e, uint32_t va)
{
    uint32_t phoff = rd32(e->b + 28), phnum = rd16(e->b + 44);

    if (!inside(e, phoff, (uint64_t)phnum * PHDR_SIZE))
        return NULL;
    for (uint32_t i = 0; i < phnum; i++) {
        const uint8_t *ph = e->b + phoff + (uint64_t)i * PHDR_SIZE;
        uint32_t vaddr = rd32(ph + 8), memsz = rd32(ph + 20);
        if (rd32(ph) == PT_LOAD && va >= vaddr && va - vaddr < memsz)
            return ph;
    }
    return NULL;
}

/* Where memory's bytes go: fn(arg, bytes, n), in address order. */
struct sink {
    void (*fn)(void *arg, const uint8_t *p, size_t n);
    void *arg;
};

/*
 * The bytes of segment ph from va up to end (or the segment's end): file
 * bytes while va is below p_filesz, else zeros; at least one byte is fed.
 * Returns the count fed, or 0 when the file bytes lie outside the file.
 */
static uint32_t segment_chunk(struct elf *e, const uint8_t *ph, uint32_t va, uint32_t end,
                              const struct sink *out)
{
    static const uint8_t zeros[256];
    uint32_t vaddr = rd32(ph + 8), off = rd32(ph + 4), filesz = rd32(ph + 16);
    uint32_t memend = vaddr + rd32(ph + 20); /* may wrap to 0 at 4 GiB */
    uint32_t stop = memend - 1 < end - 1 ? memend : end, n;

    if (va - vaddr >= filesz) {
        n = stop - va < sizeof(zeros) ? stop - va : (uint32_t)sizeof(zeros);
        out->fn(out->arg, zeros, n);
        return n;
    }
    n = stop - va < filesz - (va - vaddr) ? stop - va : filesz - (va - vaddr);
    if (!inside(e, (uint64_t)off + (va - vaddr), n))
        return 0;
    out->fn(out->arg, e->b + off + (va - vaddr), n);
    return n;
}

/* Feed the bytes [va, end) of memory as the loadable segments fill it to out. 0, or -1 with why. */
static int memory_bytes(struct elf *e, uint32_t va, uint32_t end, const struct sink *out, char *why,
                        size_t cap)
{
    while (va < end) {
        const uint8_t *ph = segment_at(e, va);
        uint32_t n;
        if (!ph) {
            snprintf(why, cap, "0x%08x is in no loadable segment", va);
            return -1;
        }
        if ((n = segment_chunk(e, ph, va, end, out)) == 0) {
            snprintf(why, cap, "segment at 0x%08x runs past the end of the file", rd32(ph + 8));
            return -1;
        }
        va += n;
    }
    return 0;
}

static void hash_bytes(void *arg, const uint8_t *p, size_t n)
{
    sha256_update(arg, p, n);
}

/* Collects a string of at most LG_TAG_MAX - 1 bytes, up to its first NUL. */
struct tagbuf {
    struct lg_kernel *k;
    size_t len;
    int ended;
};

static void tag_bytes(void *arg, const uint8_t *p, size_t n)
{
    struct tagbuf *t = arg;
    for (size_t i = 0; i < n && !t->ended; i++) {
        t->ended = p[i] == 0;
        if (!t->ended && t->len < LG_TAG_MAX - 1)
            t->k->tag[t->len++] = (char)p[i];
    }
    t->k->tag[t->len] = 0;
}

/* The build tag: the bytes of symbol build_tag (st_size of them), up to its NUL. */
static void read_tag(struct elf *e, struct lg_kernel *k)
{
    struct tagbuf t = {k, 0, 0};
    struct sink out = {tag_bytes, &t};
    uint32_t va, size;
    int r = find_sized(e, "build_tag", &va, &size);

    if (r <= 0 || size == 0 || va + size < va) {
        snprintf(k->tag_err, sizeof(k->tag_err), "the kernel ELF has no build_tag symbol");
        return;
    }
    k->has_tag = memory_bytes(e, va, va + size, &out, k->tag_err, sizeof(k->tag_err)) == 0;
}

/* SHA-256 of [kernlink, erodata) as the segments load it. */
static void read_khash(struct elf *e, struct lg_kernel *k)
{
    struct sha256 s;
    struct sink out = {hash_bytes, &s};
    int r = find_symbol(e, "erodata", &k->erodata);

    if (r <= 0 || k->erodata < k->kernlink) {
        snprintf(k->khash_err, sizeof(k->khash_err),
                 r <= 0 ? "the kernel ELF has no erodata symbol" : "erodata below KERNLINK");
        return;
    }
    sha256_init(&s);
    if (memory_bytes(e, k->kernlink, k->erodata, &out, k->khash_err, sizeof(k->khash_err)) < 0)
        return;
    sha256_final(&s, k->sha256);
    k->has_khash = 1;
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
    if (!k->base_from_symbols && base_from_segments(&e, k) < 0)
        return -1;
    read_tag(&e, k);
    read_khash(&e, k);
    return 0;
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
