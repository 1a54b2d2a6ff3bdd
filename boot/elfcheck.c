/*
 * elfcheck.c - validate a kernel ELF image before loading it (see elfcheck.h).
 *
 * Every rule is checked with 64-bit arithmetic so a hostile header cannot wrap
 * a sum around 4 GiB and slip past a bound.
 */
#include "boot/elf.h"
#include "boot/elfcheck.h"
#include "lib/printf.h"

static enum elf_err fail(struct elf_fault *f, enum elf_err e, int seg, uint32_t a, uint32_t b)
{
    f->seg = seg;
    f->a = a;
    f->b = b;
    return e;
}

/* The ELF header alone: identity, machine, type. */
static enum elf_err check_header(const struct elfhdr *eh, struct elf_fault *f)
{
    if (eh->magic != ELF_MAGIC)
        return fail(f, ELF_E_MAGIC, -1, eh->magic, 0);
    if (eh->class != ELFCLASS32)
        return fail(f, ELF_E_CLASS, -1, eh->class, 0);
    if (eh->data != ELFDATA2LSB)
        return fail(f, ELF_E_DATA, -1, eh->data, 0);
    if (eh->machine != EM_386)
        return fail(f, ELF_E_MACHINE, -1, eh->machine, 0);
    if (eh->type != ET_EXEC)
        return fail(f, ELF_E_TYPE, -1, eh->type, 0);
    return ELF_OK;
}

/* One PT_LOAD segment against the image, the loader, the window and RAM. */
static enum elf_err check_segment(const struct proghdr *ph, int i, const struct elf_limits *lim,
                                  struct elf_fault *f)
{
    uint64_t start = ph->paddr, end = (uint64_t)ph->paddr + ph->memsz;
    if (ph->filesz > ph->memsz)
        return fail(f, ELF_E_FILESZ, i, ph->filesz, ph->memsz);
    if ((uint64_t)ph->off + ph->filesz > lim->image_size)
        return fail(f, ELF_E_PASTEND, i, ph->off, ph->off + ph->filesz);
    if (start < lim->loader_end && end > lim->loader_start)
        return fail(f, ELF_E_LOADER, i, ph->paddr, (uint32_t)end);
    if (start < lim->window_start)
        return fail(f, ELF_E_LOW, i, ph->paddr, (uint32_t)end);
    if (end > lim->window_end)
        return fail(f, ELF_E_WINDOW, i, ph->paddr, (uint32_t)end);
    if (!e820_is_usable(lim->map, lim->nmap, start, end))
        return fail(f, ELF_E_NOTRAM, i, ph->paddr, (uint32_t)end);
    return ELF_OK;
}

static int overlaps(const struct elf_seg *a, const struct elf_seg *b)
{
    return (uint64_t)a->paddr < (uint64_t)b->paddr + b->memsz &&
           (uint64_t)b->paddr < (uint64_t)a->paddr + a->memsz;
}

/* Add a checked segment to the plan, refusing one that overlaps an earlier one. */
static enum elf_err plan_add(struct elf_plan *plan, const struct proghdr *ph, int i,
                             struct elf_fault *f)
{
    struct elf_seg s = {ph->off, ph->filesz, ph->paddr, ph->memsz};
    if (plan->nseg == ELF_MAX_SEGS)
        return fail(f, ELF_E_TOOMANY, i, ELF_MAX_SEGS, 0);
    for (int k = 0; k < plan->nseg; k++)
        if (overlaps(&plan->seg[k], &s))
            return fail(f, ELF_E_OVERLAP, i, s.paddr, plan->seg[k].paddr);
    plan->seg[plan->nseg++] = s;
    return ELF_OK;
}

static int entry_in_plan(const struct elf_plan *plan, uint32_t entry)
{
    for (int k = 0; k < plan->nseg; k++)
        if (entry >= plan->seg[k].paddr &&
            (uint64_t)entry < (uint64_t)plan->seg[k].paddr + plan->seg[k].filesz)
            return 1;
    return 0;
}

enum elf_err elf_check(const void *buf, uint32_t len, const struct elf_limits *lim,
                       struct elf_plan *plan, struct elf_fault *f)
{
    const struct elfhdr *eh = buf;
    enum elf_err e;
    plan->nseg = 0;
    fail(f, ELF_OK, -1, 0, 0);
    if (len < sizeof(*eh) || lim->image_size < sizeof(*eh))
        return fail(f, ELF_E_SMALL, -1, len < lim->image_size ? len : lim->image_size, sizeof(*eh));
    if (lim->image_size > lim->window_end - lim->window_start)
        return fail(f, ELF_E_BIG, -1, lim->image_size, lim->window_end - lim->window_start);
    if ((e = check_header(eh, f)) != ELF_OK)
        return e;
    if (eh->phnum == 0)
        return fail(f, ELF_E_NOLOAD, -1, 0, 0);
    if (eh->phentsize != sizeof(struct proghdr) ||
        (uint64_t)eh->phoff + (uint64_t)eh->phnum * sizeof(struct proghdr) > len)
        return fail(f, ELF_E_PHDRS, -1, eh->phoff, eh->phnum);
    for (int i = 0; i < eh->phnum; i++) {
        struct proghdr ph;
        const uint8_t *p = (const uint8_t *)buf + eh->phoff + i * sizeof(ph);
        for (unsigned k = 0; k < sizeof(ph); k++) /* the table need not be aligned */
            ((uint8_t *)&ph)[k] = p[k];
        if (ph.type != PT_LOAD || ph.memsz == 0)
            continue;
        if ((e = check_segment(&ph, i, lim, f)) != ELF_OK || (e = plan_add(plan, &ph, i, f)))
            return e;
    }
    if (plan->nseg == 0)
        return fail(f, ELF_E_NOLOAD, -1, 0, 0);
    if (!entry_in_plan(plan, eh->entry))
        return fail(f, ELF_E_ENTRY, -1, eh->entry, 0);
    plan->entry = eh->entry;
    return ELF_OK;
}

/* The end of the usable range of lim's map that holds address a, or 0 when none does. */
static uint64_t usable_end_at(const struct elf_limits *lim, uint32_t a)
{
    for (int i = 0; i < lim->nmap; i++)
        if (lim->map[i].type == E820_RAM && lim->map[i].start <= a && a < lim->map[i].end)
            return lim->map[i].end;
    return 0;
}

/*
 * "segment N: [a, b) is not usable RAM", and what the map says there: the
 * usable RAM ends inside the segment (a PC with too little memory), or there
 * is none at its start (too little memory, or a hole the firmware keeps).
 */
static void describe_notram(const struct elf_fault *f, const struct elf_limits *lim, char *out,
                            uint32_t size)
{
    uint64_t top = usable_end_at(lim, f->a);
    if (top)
        ksnprintf(out, size,
                  "segment %d: [0x%x, 0x%x) is not usable RAM: the usable RAM there ends at 0x%x "
                  "(too little memory for this kernel?)",
                  f->seg, f->a, f->b, (uint32_t)top);
    else
        ksnprintf(out, size,
                  "segment %d: [0x%x, 0x%x) is not usable RAM: the memory map has none at 0x%x "
                  "(too little memory, or a hole the firmware keeps)",
                  f->seg, f->a, f->b, f->a);
}

void elf_describe(enum elf_err err, const struct elf_fault *f, const struct elf_limits *lim,
                  char *out, uint32_t size)
{
    uint32_t a = f->a, b = f->b;
    int s = f->seg;
    switch (err) {
    case ELF_OK:
        ksnprintf(out, size, "ok");
        break;
    case ELF_E_SMALL:
        ksnprintf(out, size, "image is %u bytes, too small for an ELF header (%u)", a, b);
        break;
    case ELF_E_BIG:
        ksnprintf(out, size, "image is %u bytes, too big for the loader's window (%u)", a, b);
        break;
    case ELF_E_MAGIC:
        ksnprintf(out, size, "bad ELF magic 0x%08x (not an ELF file)", a);
        break;
    case ELF_E_CLASS:
        ksnprintf(out, size, "ELF class %u, not a 32-bit ELF (64-bit kernel?)", a);
        break;
    case ELF_E_DATA:
        ksnprintf(out, size, "ELF data encoding %u, not little-endian", a);
        break;
    case ELF_E_MACHINE:
        ksnprintf(out, size, "ELF machine %u, not i386 (3)", a);
        break;
    case ELF_E_TYPE:
        ksnprintf(out, size, "ELF type %u, not an executable (2)", a);
        break;
    case ELF_E_PHDRS:
        ksnprintf(out, size, "bad program header table (offset 0x%x, %u entries)", a, b);
        break;
    case ELF_E_NOLOAD:
        ksnprintf(out, size, "no loadable segments");
        break;
    case ELF_E_TOOMANY:
        ksnprintf(out, size, "more than %u loadable segments", a);
        break;
    case ELF_E_FILESZ:
        ksnprintf(out, size, "segment %d: file size 0x%x exceeds memory size 0x%x", s, a, b);
        break;
    case ELF_E_PASTEND:
        ksnprintf(out, size, "segment %d: file bytes [0x%x, 0x%x) run past the image end 0x%x", s,
                  a, b, lim->image_size);
        break;
    case ELF_E_LOADER:
        ksnprintf(out, size, "segment %d: [0x%x, 0x%x) overlaps the loader [0x%x, 0x%x)", s, a, b,
                  lim->loader_start, lim->loader_end);
        break;
    case ELF_E_LOW:
        ksnprintf(out, size, "segment %d: [0x%x, 0x%x) starts below 0x%x (1 MiB)", s, a, b,
                  lim->window_start);
        break;
    case ELF_E_WINDOW:
        ksnprintf(out, size, "segment %d: [0x%x, 0x%x) ends beyond the kernel window 0x%x", s, a, b,
                  lim->window_end);
        break;
    case ELF_E_NOTRAM:
        describe_notram(f, lim, out, size);
        break;
    case ELF_E_OVERLAP:
        ksnprintf(out, size, "segment %d at 0x%x overlaps the segment at 0x%x", s, a, b);
        break;
    case ELF_E_ENTRY:
        ksnprintf(out, size, "entry point 0x%x is outside every loaded segment", a);
        break;
    }
}
