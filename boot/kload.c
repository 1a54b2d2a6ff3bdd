/*
 * kload.c - check and load the kernel ELF from a source (see kload.h).
 */
#include "boot/kload.h"
#include "boot/layout.h"
#include "boot/lerr.h"
#include "lib/console.h"
#include "lib/printf.h"
#include "lib/string.h"

static uint8_t hdr[KLOAD_HDR_BYTES];
/*
 * File bytes between segments are read here and dropped. A page: the linker
 * pads segments to page boundaries, so one read skips a gap (one BIOS call
 * instead of eight of 512 bytes for the kernel's 3.6 KiB gap).
 */
static uint8_t scratch[4096];

static const uint8_t *mem_data; /* ksource_memory's file */

/* A ksource_memory source's reads: any range of the file. */
static int mem_read(struct ksource *src, uint32_t off, void *dst, uint32_t len, char *why,
                    uint32_t n)
{
    if (off > src->size || len > src->size - off) {
        ksnprintf(why, n, "kernel: read of [%u, %u) past the end of the %u-byte file", off,
                  off + len, src->size);
        return LERR_READ;
    }
    memcpy(dst, mem_data + off, len);
    return 0;
}

void ksource_memory(struct ksource *src, const void *data, uint32_t size)
{
    mem_data = data;
    *src = (struct ksource){size, mem_read, 0};
}

/* The index of the segment with the lowest file offset not yet loaded. */
static int next_segment(const struct elf_plan *plan, const uint8_t *done)
{
    int best = -1;
    for (int i = 0; i < plan->nseg; i++)
        if (!done[i] && (best < 0 || plan->seg[i].off < plan->seg[best].off))
            best = i;
    return best;
}

/* Read and drop the file bytes [*pos, to). Returns 0 or the source's error (its message in why). */
static int skip_to(struct ksource *src, uint32_t *pos, uint32_t to, char *why, uint32_t size)
{
    while (*pos < to) {
        uint32_t n = to - *pos < sizeof(scratch) ? to - *pos : sizeof(scratch);
        int err = src->read(src, *pos, scratch, n, why, size);
        if (err < 0)
            return err;
        *pos += n;
    }
    return 0;
}

/*
 * Put segment s in place: the part of its file bytes inside the first page
 * comes from hdr, the rest from the source; then zero its BSS. *pos is how
 * far the file has been read. Returns 0, the source's read error, or
 * LERR_ELF if the segment's file bytes start behind *pos past the first
 * page (two segments sharing file bytes: a stream cannot go back), with the
 * message in why[size].
 */
static int load_segment(struct ksource *src, const struct elf_seg *s, uint32_t *pos,
                        uint32_t hdrlen, char *why, uint32_t size)
{
    uint8_t *dst = (uint8_t *)(uintptr_t)s->paddr; /* paging off, or identity-mapped (UEFI) */
    uint32_t off = s->off, end = s->off + s->filesz;
    int err = 0;
    if (off < hdrlen) {
        uint32_t n = (end < hdrlen ? end : hdrlen) - off;
        memcpy(dst, hdr + off, n);
        off += n;
    }
    if (off < end && off < *pos) {
        ksnprintf(why, size, "kernel: segments share file bytes at 0x%x: cannot stream it", s->off);
        return LERR_ELF;
    }
    if (off < end && ((err = skip_to(src, pos, off, why, size)) < 0 ||
                      (err = src->read(src, off, dst + (off - s->off), end - off, why, size)) < 0))
        return err;
    if (end > *pos)
        *pos = end;
    memset(dst + s->filesz, 0, s->memsz - s->filesz); /* BSS */
    return 0;
}

/* Check the first page against the rules; on failure, say why. */
static int check(struct ksource *src, uint32_t hdrlen, const struct e820_range *sane, int nsane,
                 struct elf_plan *plan, char *why, uint32_t size)
{
    struct elf_limits lim = {src->size,  KWINDOW_START, KWINDOW_END, LOADER_START,
                             LOADER_END, sane,          nsane};
    struct elf_fault fault;
    enum elf_err err = elf_check(hdr, hdrlen, &lim, plan, &fault);
    if (err == ELF_OK)
        return 0;
    char msg[160];
    elf_describe(err, &fault, &lim, msg, sizeof(msg));
    ksnprintf(why, size, "kernel: %s", msg);
    return LERR_ELF;
}

/* The loader claims each segment's memory, if it must (ops->prepare). 0 or its error. */
static int prepare_all(const struct kload_ops *ops, const struct elf_plan *plan, char *why,
                       uint32_t size)
{
    int err = 0;
    for (int i = 0; ops && ops->prepare && err == 0 && i < plan->nseg; i++)
        err = ops->prepare(plan, i, why, size);
    return err;
}

/*
 * Every segment of the checked plan, in file order. Returns 0, or a negative
 * enum lerr with "kernel: ..." in why[size].
 */
static int load_all(struct ksource *src, const struct elf_plan *plan, uint32_t hdrlen,
                    const char *who, char *why, uint32_t size)
{
    uint8_t done[ELF_MAX_SEGS] = {0};
    uint32_t pos = hdrlen;
    for (int i; (i = next_segment(plan, done)) >= 0; done[i] = 1) {
        const struct elf_seg *s = &plan->seg[i];
        cprintf("%s: kernel: load [0x%x, 0x%x) file 0x%x bytes\n", who, s->paddr,
                s->paddr + s->memsz, s->filesz);
        int err = load_segment(src, s, &pos, hdrlen, why, size);
        if (err < 0)
            return err;
    }
    return 0;
}

int kload(struct ksource *src, const struct e820_range *sane, int nsane,
          const struct kload_ops *ops, struct elf_plan *plan, char *why, uint32_t size)
{
    const char *who = ops && ops->who ? ops->who : "stage2";
    uint32_t hdrlen = src->size < KLOAD_HDR_BYTES ? src->size : KLOAD_HDR_BYTES;
    int err = src->read(src, 0, hdr, hdrlen, why, size);
    if (err == 0 && (err = check(src, hdrlen, sane, nsane, plan, why, size)) == 0 &&
        (err = prepare_all(ops, plan, why, size)) == 0)
        err = load_all(src, plan, hdrlen, who, why, size);
    if (src->close)
        src->close(src);
    return err;
}
