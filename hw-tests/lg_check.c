/*
 * lg_check.c - expected values and the comparison (see lg_check.h).
 */
#include "hw-tests/lg_check.h"

#include <stdio.h>
#include <string.h>
#include "hw-tests/lg_rules.h"
#include "include/bootinfo.h"
#include "lib/cmdline.h"
#include "mm/efimap.h"
#include "mm/memlayout.h"

#define PG       4096u
#define FOUR_G   0x100000000ull
#define SHOW_MAP 8 /* mismatching sanitized entries listed one by one */

/* x rounded up to a page, computed in 64 bits so 0xFFFFF001 does not wrap to 0. */
static uint32_t page_up32(uint32_t x)
{
    return (uint32_t)(((uint64_t)x + PG - 1) & ~(uint64_t)(PG - 1));
}

void lg_check_add(struct lg_checks *cs, const char *name, int ok, const char *expected,
                  const char *reported)
{
    struct lg_check *c;

    if (!ok)
        cs->nfail++;
    if (cs->n >= LG_MAX_CHECKS) {
        cs->dropped += !ok;
        return;
    }
    c = &cs->c[cs->n++];
    snprintf(c->name, sizeof(c->name), "%s", name);
    snprintf(c->expected, sizeof(c->expected), "%s", expected);
    snprintf(c->reported, sizeof(c->reported), "%s", reported);
    c->ok = ok;
}

/* A check of two numbers, both printed with fmt. */
static void check_num(struct lg_checks *cs, const char *name, const char *fmt, uint64_t want,
                      uint64_t got, int have)
{
    char e[32], r[32];
    snprintf(e, sizeof(e), fmt, (unsigned long long)want);
    if (have)
        snprintf(r, sizeof(r), fmt, (unsigned long long)got);
    else
        snprintf(r, sizeof(r), "(missing)");
    lg_check_add(cs, name, have && want == got, e, r);
}

#define HEX32 "0x%08llx"
#define DEC   "%llu"

const int lg_kmap_large[LG_NKMAP] = {0, 0, 1, 0};

/* One kmap row: the lecture's table with PHYSTOP replaced by limit. */
static void set_row(struct lg_kmaprow *r, uint32_t va, uint32_t pa0, uint64_t pa1, int rw)
{
    r->seen = 1;
    r->va0 = va;
    r->pa0 = pa0;
    r->pa1 = pa1;
    r->va1 = va + (pa1 > pa0 ? pa1 - pa0 : 0);
    r->pages = pa1 > pa0 ? (uint32_t)((pa1 - pa0) / PG) : 0;
    memcpy(r->perm, rw ? "rw" : "r-", 3);
}

/*
 * 1 when 4 MiB region d of row r is one 4 MiB page with 4 MiB pages on (big):
 * the row may take them, the region lies wholly inside it, and its virtual
 * and physical addresses are equally aligned.
 */
static int large_region(const struct lg_kmaprow *r, int i, uint64_t d, int big)
{
    uint64_t lo = d * LG_LARGE_PAGE;
    return big && i < LG_NKMAP && lg_kmap_large[i] && lo >= r->va0 &&
           lo + LG_LARGE_PAGE <= r->va1 && (r->va0 - r->pa0) % LG_LARGE_PAGE == 0;
}

/*
 * Page-table pages: the directory plus one table per 4 MiB region a row
 * touches with a 4 KiB page. *large counts the regions that are 4 MiB pages.
 */
static uint32_t pt_pages(const struct lg_kmaprow *rows, int nrows, int big, uint32_t *large)
{
    uint8_t used[1024] = {0};
    uint32_t n = 1;

    *large = 0;
    for (int i = 0; i < nrows; i++) {
        if (rows[i].pages == 0)
            continue;
        for (uint64_t d = rows[i].va0 >> 22; d <= (rows[i].va1 - 1) >> 22 && d < 1024; d++) {
            if (large_region(&rows[i], i, d, big)) {
                (*large)++;
                continue;
            }
            n += !used[d];
            used[d] = 1;
        }
    }
    return n;
}

/* The rows, totals and free pages once the limit is known. */
static void expect_layout(const struct lg_kernel *k, struct lg_expect *x)
{
    uint32_t kend = page_up32(k->end - k->kernbase), limit = x->ml.limit;
    uint32_t low_top = limit < LG_ENTRY_MAPPED ? limit : LG_ENTRY_MAPPED;

    set_row(&x->rows[0], k->kernbase, 0, EXTMEM, 1);
    set_row(&x->rows[1], k->kernlink, k->kernlink - k->kernbase, k->data - k->kernbase, 0);
    set_row(&x->rows[2], k->data, k->data - k->kernbase, limit, 1);
    set_row(&x->rows[3], DEVSPACE, DEVSPACE, FOUR_G, 1);
    x->pt_pages = pt_pages(x->rows, x->nrows, x->big, &x->large);
    x->mapped = 0;
    for (int i = 0; i < x->nrows; i++)
        x->mapped += x->rows[i].pages;
    x->ppm = x->mapped ? (uint32_t)((uint64_t)x->pt_pages * 1000000u / x->mapped) : 0;
    snprintf(x->overhead, sizeof(x->overhead), "%u.%04u%%", x->ppm / 10000, x->ppm % 10000);
    x->low_free = kend < low_top ? e820_foreach_usable(x->sane, x->nsane, kend, low_top, 0, 0) : 0;
    x->all_free = kend < limit ? e820_foreach_usable(x->sane, x->nsane, kend, limit, 0, 0) : 0;
    x->too_little = x->low_free < x->pt_pages || x->all_free < x->pt_pages + LG_MINFREE_PAGES;
    x->free = x->too_little ? 0 : x->all_free - x->pt_pages;
    x->cr3_lo = kend;
    x->cr3_hi = low_top;
}

/* The word as the kernel reads its boot options (lib/cmdline.c). */
int lg_wants_big(const struct lg_report *rep)
{
    return rep->version >= 3 && cmdline_has(rep->cmdline, "bigpages");
}

/* The sanitized map, the clamp, the rows and totals from a raw E820 map (x->rows[4] may be set). */
static void expect_map(const struct e820_entry *raw, int nraw, const struct lg_kernel *k,
                       struct lg_expect *x)
{
    x->nsane = e820_sanitize(raw, nraw, x->sane, E820_MAX_SANE);
    e820_clamp(x->sane, x->nsane < 0 ? 0 : x->nsane, PHYSTOP, &x->ml);
    if (x->nsane < 0)
        x->nsane = 0;
    expect_layout(k, x);
}

void lg_expect(const struct e820_entry *raw, int nraw, const struct lg_kernel *k, int big,
               struct lg_expect *x)
{
    memset(x, 0, sizeof(*x));
    x->nrows = LG_NKMAP;
    x->big = big;
    expect_map(raw, nraw, k, x);
}

int lg_report_e820(const struct lg_report *rep, struct e820_entry *out, int cap)
{
    static uint8_t map[LG_EFI_MAX * EFIMAP_DESC_SIZE_MIN];
    if (strcmp(rep->method, "uefi")) {
        int n = rep->nraw < cap ? rep->nraw : cap;
        memcpy(out, rep->raw, (size_t)n * sizeof(*out));
        return n;
    }
    /* The descriptors as the firmware lays them out (UEFI 2.10, 7.2.3), for the converter. */
    memset(map, 0, sizeof(map));
    for (int i = 0; i < rep->nefi; i++) {
        struct efimap_desc d = {rep->efi[i].type, 0, rep->efi[i].start, 0, rep->efi[i].pages,
                                rep->efi[i].attr};
        memcpy(map + (size_t)i * sizeof(d), &d, sizeof(d));
    }
    int n = efimap_convert(map, (uint64_t)rep->nefi * EFIMAP_DESC_SIZE_MIN, EFIMAP_DESC_SIZE_MIN,
                           out, cap);
    return n < 0 ? -1 : n;
}

/*
 * Where a UEFI PC's framebuffer may be (docs/report-format.md, "kmap"): whole
 * pages below 4 GiB, not all inside the dev row (then there is no fb row),
 * no larger than FBSPACE..DEVSPACE, and never over usable RAM (the kernel
 * would map pages kalloc hands out a second time). 0, or what is wrong.
 */
static const char *fb_place(const struct lg_kmaprow *r, const struct lg_expect *x)
{
    if (r->pa1 <= r->pa0 || (r->pa0 | r->pa1) % PG)
        return "not a range of whole pages";
    if (r->pa0 >= DEVSPACE)
        return "inside the dev row, which maps it already";
    if (r->pa1 - r->pa0 > DEVSPACE - FBSPACE)
        return "larger than FBSPACE..DEVSPACE";
    for (int i = 0; i < x->nsane; i++)
        if (x->sane[i].type == E820_RAM && x->sane[i].start < r->pa1 && x->sane[i].end > r->pa0)
            return "over usable RAM";
    return 0;
}

void lg_expect_report(const struct lg_report *rep, const struct lg_kernel *k, struct lg_expect *x)
{
    static struct e820_entry raw[LG_EFI_MAX];
    const struct lg_kmaprow *fb = &rep->kmap[LG_KMAP_FB];
    int n = lg_report_e820(rep, raw, LG_EFI_MAX);
    memset(x, 0, sizeof(*x));
    x->nrows = LG_NKMAP;
    x->big = lg_wants_big(rep);
    if (fb->seen && lg_uefi_boot(rep)) {
        set_row(&x->rows[LG_KMAP_FB], FBSPACE, fb->pa0, fb->pa1, 1);
        x->nrows = LG_NKMAP + 1;
    }
    expect_map(raw, n < 0 ? 0 : n, k, x);
    const char *why = x->nrows > LG_NKMAP ? fb_place(fb, x) : 0;
    x->fb_ok = !why;
    snprintf(x->fb_why, sizeof(x->fb_why), "%s", why ? why : "");
}

void lg_kmaprow_text(const struct lg_kmaprow *r, char *buf, size_t cap)
{
    snprintf(buf, cap, "va=0x%08x-0x%08llx pa=0x%08x-0x%08llx perm=%s pages=%u", r->va0,
             (unsigned long long)r->va1, r->pa0, (unsigned long long)r->pa1, r->perm, r->pages);
}

/* Format problems, then the framing. */
static void check_framing(const struct lg_report *rep, struct lg_checks *cs)
{
    char name[40], e[LG_CHECK_TEXT];

    snprintf(e, sizeof(e), "a line as docs/report-format.md version %d says", rep->version);
    for (int i = 0; i < rep->nproblems; i++) {
        snprintf(name, sizeof(name), "format (line %d)", rep->problem[i].line);
        lg_check_add(cs, name, 0, e, rep->problem[i].text);
    }
    if (rep->more_problems) {
        snprintf(name, sizeof(name), "%d more format problems", rep->more_problems);
        lg_check_add(cs, "format (more)", 0, "none", name);
    }
    lg_verify_framing(rep, cs);
}

void lg_verify_framing(const struct lg_report *rep, struct lg_checks *cs)
{
    char name[40], e[LG_CHECK_TEXT];
    int have_end = (rep->have & LG_HAVE_END) != 0;

    snprintf(e, sizeof(e), "1 to %d", LG_VERSION_MAX);
    snprintf(name, sizeof(name), "%d", rep->version);
    lg_check_add(cs, "version", rep->version >= 1 && rep->version <= LG_VERSION_MAX, e,
                 rep->version > 0 ? name : "(missing)");
    check_num(cs, "version (end marker)", DEC, (uint64_t)rep->version, (uint64_t)rep->end.version,
              have_end);
    check_num(cs, "lines", DEC, rep->nlines, rep->end.lines, have_end);
    check_num(cs, "crc32", HEX32, rep->crc, rep->end.crc, have_end);
}

/* "0x%016llx-0x%016llx type=T name" for a sanitized range. */
static void range_text(const struct e820_range *r, const char *name, char *buf, size_t cap)
{
    snprintf(buf, cap, "0x%016llx-0x%016llx type=%u %s", (unsigned long long)r->start,
             (unsigned long long)r->end, r->type, name);
}

/* The sanitized map, entry by entry. */
static void check_sane(const struct lg_report *rep, const struct lg_expect *x, struct lg_checks *cs)
{
    char name[40], e[LG_CHECK_TEXT], r[LG_CHECK_TEXT];
    int bad = 0, n = rep->nsane > x->nsane ? rep->nsane : x->nsane;

    check_num(cs, "sane entries", DEC, (uint64_t)x->nsane, rep->sane_entries,
              (rep->have & LG_HAVE_SANEHDR) != 0);
    for (int i = 0; i < n; i++) {
        const struct e820_range *w = &x->sane[i], *g = &rep->sane[i];
        int same = i < x->nsane && i < rep->nsane && w->start == g->start && w->end == g->end &&
                   w->type == g->type && !strcmp(rep->sane_name[i], e820_type_name(w->type));
        if (same || ++bad > SHOW_MAP)
            continue;
        snprintf(name, sizeof(name), "sane %d", i);
        i < x->nsane ? range_text(w, e820_type_name(w->type), e, sizeof(e))
                     : (void)snprintf(e, sizeof(e), "(none)");
        i < rep->nsane ? range_text(g, rep->sane_name[i], r, sizeof(r))
                       : (void)snprintf(r, sizeof(r), "(none)");
        lg_check_add(cs, name, 0, e, r);
    }
    snprintf(r, sizeof(r), bad ? "%d entries differ" : "all %d entries match", bad ? bad : n);
    lg_check_add(cs, "sane map", bad == 0, "the sanitizer's map (mm/e820.c)", r);
}

/* usable_top, phystop, limit, clamped. */
static void check_mem(const struct lg_report *rep, const struct lg_expect *x, struct lg_checks *cs)
{
    int have = (rep->have & LG_HAVE_MEM) != 0;
    check_num(cs, "mem usable_top", HEX32, x->ml.usable_top, rep->mem.usable_top, have);
    check_num(cs, "mem phystop", HEX32, x->ml.phystop, rep->mem.phystop, have);
    check_num(cs, "mem limit", HEX32, x->ml.limit, rep->mem.limit, have);
    lg_check_add(cs, "mem clamped", have && x->ml.clamped == rep->mem.clamped,
                 x->ml.clamped ? "yes" : "no",
                 have ? (rep->mem.clamped ? "yes" : "no") : "(missing)");
}

/* The kernel's constants and symbols against the ELF. */
static void check_kernel(const struct lg_report *rep, const struct lg_kernel *k,
                         struct lg_checks *cs)
{
    int have = (rep->have & LG_HAVE_KERNEL) != 0;
    check_num(cs, "kernel kernbase", HEX32, k->kernbase, rep->kernbase, have);
    check_num(cs, "kernel kernlink", HEX32, k->kernlink, rep->kernlink, have);
    check_num(cs, "kernel data", HEX32, k->data, rep->data, have);
    check_num(cs, "kernel end", HEX32, k->end, rep->end_sym, have);
}

/* The khash range= check: expected text e, the report's range. */
static void check_range(struct lg_checks *cs, const char *e, int ok, const struct lg_report *rep,
                        int have)
{
    char r[LG_CHECK_TEXT];
    snprintf(r, sizeof(r), "0x%08x-0x%08x", rep->khash_start, rep->khash_end);
    lg_check_add(cs, "khash range", ok, e, have ? r : "(missing)");
}

/* The build tag as the report prints it (kernel/report.c): no spaces or controls, 31 bytes. */
static void tag_as_printed(const char *tag, char *out)
{
    size_t i = 0;
    for (; tag[i] && i + 1 < BOOTINFO_LOADER_LEN; i++)
        out[i] = tag[i] > ' ' && tag[i] < 0x7F ? tag[i] : '_';
    out[i] = 0;
}

/*
 * Which kernel ran: the build tag the ELF carries against build=, and (from
 * version 2) the ELF's hash of [KERNLINK, erodata) against the khash line.
 * An ELF without build_tag is an older kernel's: its tag is not checked in
 * a version 1 report.
 */
static void check_identity(const struct lg_report *rep, const struct lg_kernel *k,
                           struct lg_checks *cs)
{
    char e[LG_CHECK_TEXT], tag[BOOTINFO_LOADER_LEN];
    int v2 = rep->version >= 2, boot = (rep->have & LG_HAVE_BOOT) != 0;
    int kh = (rep->have & LG_HAVE_KHASH) != 0;

    if (k->has_tag || v2) {
        tag_as_printed(k->tag, tag);
        if (k->has_tag)
            snprintf(e, sizeof(e), "%s", tag);
        else
            snprintf(e, sizeof(e), "(%.90s)", k->tag_err);
        lg_check_add(cs, "kernel build", boot && k->has_tag && !strcmp(tag, rep->build), e,
                     boot ? rep->build : "(missing)");
    }
    if (!v2)
        return;
    if (k->has_khash)
        sha256_hex(k->sha256, e);
    else
        snprintf(e, sizeof(e), "(%.90s)", k->khash_err);
    lg_check_add(cs, "khash sha256", kh && k->has_khash && !strcmp(e, rep->khash), e,
                 kh ? rep->khash : "(missing)");
    if (k->has_khash)
        snprintf(e, sizeof(e), "0x%08x-0x%08x", k->kernlink, k->erodata);
    check_range(cs, e,
                kh && k->has_khash && rep->khash_start == k->kernlink &&
                    rep->khash_end == k->erodata,
                rep, kh);
}

/* One kmap row, field by field, so a failure names the field. */
static void check_row(const struct lg_kmaprow *w, const struct lg_kmaprow *g, const char *nm,
                      struct lg_checks *cs)
{
    char name[40], e[LG_CHECK_TEXT], r[LG_CHECK_TEXT];
    const char *miss = "(missing)";

    snprintf(name, sizeof(name), "kmap %s va", nm);
    snprintf(e, sizeof(e), "0x%08x-0x%08llx", w->va0, (unsigned long long)w->va1);
    snprintf(r, sizeof(r), "0x%08x-0x%08llx", g->va0, (unsigned long long)g->va1);
    lg_check_add(cs, name, g->seen && w->va0 == g->va0 && w->va1 == g->va1, e, g->seen ? r : miss);
    snprintf(name, sizeof(name), "kmap %s pa", nm);
    snprintf(e, sizeof(e), "0x%08x-0x%08llx", w->pa0, (unsigned long long)w->pa1);
    snprintf(r, sizeof(r), "0x%08x-0x%08llx", g->pa0, (unsigned long long)g->pa1);
    lg_check_add(cs, name, g->seen && w->pa0 == g->pa0 && w->pa1 == g->pa1, e, g->seen ? r : miss);
    snprintf(name, sizeof(name), "kmap %s perm", nm);
    lg_check_add(cs, name, g->seen && !strcmp(w->perm, g->perm), w->perm, g->seen ? g->perm : miss);
    snprintf(name, sizeof(name), "kmap %s pages", nm);
    check_num(cs, name, DEC, w->pages, g->pages, g->seen);
}

/* Page-table totals, free pages, and whether the kernel should have booted at all. */
static void check_totals(const struct lg_report *rep, const struct lg_expect *x,
                         struct lg_checks *cs)
{
    int pt = (rep->have & LG_HAVE_PT) != 0;
    char e[LG_CHECK_TEXT];

    check_num(cs, "pt pages", DEC, x->pt_pages, rep->pt_pages, pt);
    check_num(cs, "pt mapped", DEC, x->mapped, rep->pt_mapped, pt);
    check_num(cs, "pt overhead_ppm", DEC, x->ppm, rep->pt_ppm, pt);
    lg_check_add(cs, "pt overhead", pt && !strcmp(x->overhead, rep->pt_overhead), x->overhead,
                 pt ? rep->pt_overhead : "(missing)");
    if (rep->version >= 3) {
        check_num(cs, "pt large", DEC, x->large, rep->pt_large, pt && rep->pt_v3);
        lg_check_add(cs, "pt mode", pt && rep->pt_v3 && !strcmp(rep->pt_mode, x->big ? "4m" : "4k"),
                     x->big ? "4m (bigpages in the boot options)" : "4k",
                     pt && rep->pt_v3 ? rep->pt_mode : "(missing)");
    }
    check_num(cs, "kalloc free", DEC, x->free, rep->kalloc_free, (rep->have & LG_HAVE_KALLOC) != 0);
    snprintf(e, sizeof(e), "%s (%u usable pages above the kernel, %u below 4 MiB)",
             x->too_little ? "stop: too little memory" : "enough memory", x->all_free, x->low_free);
    lg_check_add(cs, "memory enough", !x->too_little, e, "a report (the kernel did not stop)");
}

/* The kernel's own self-check: one more value to compare, never the verdict. */
static void check_selfcheck(const struct lg_report *rep, const struct lg_expect *x,
                            struct lg_checks *cs)
{
    int have = (rep->have & LG_HAVE_SC) != 0;
    uint32_t cr3 = rep->sc_cr3 & ~0xFFFu;
    char e[LG_CHECK_TEXT], r[LG_CHECK_TEXT];
    int cr3_ok;

    snprintf(r, sizeof(r), have ? (rep->sc_ok ? "ok" : "FAIL errors=%u") : "(missing)",
             rep->sc_errors);
    lg_check_add(cs, "selfcheck result", have && rep->sc_ok, "ok", r);
    if (rep->sc_ok)
        check_num(cs, "selfcheck checked", DEC, x->mapped, rep->sc_checked, have);
    cr3_ok = have && !(rep->sc_cr3 & 0xFFF) && cr3 >= x->cr3_lo && cr3 < x->cr3_hi &&
             e820_is_usable(x->sane, x->nsane, cr3, (uint64_t)cr3 + PG);
    snprintf(e, sizeof(e), "a usable page in [0x%08x, 0x%08x)", x->cr3_lo, x->cr3_hi);
    snprintf(r, sizeof(r), "0x%08x", rep->sc_cr3);
    lg_check_add(cs, "selfcheck cr3", cr3_ok, e, have ? r : "(missing)");
}

void lg_verify(const struct lg_report *rep, const struct lg_kernel *k, const struct lg_expect *x,
               struct lg_checks *out)
{
    check_framing(rep, out);
    lg_rules_check(rep, out);
    check_sane(rep, x, out);
    check_mem(rep, x, out);
    check_kernel(rep, k, out);
    check_identity(rep, k, out);
    for (int i = 0; i < LG_NKMAP; i++)
        check_row(&x->rows[i], &rep->kmap[i], lg_kmap_names[i], out);
    if (x->nrows > LG_NKMAP) {
        check_row(&x->rows[LG_KMAP_FB], &rep->kmap[LG_KMAP_FB], lg_kmap_fb_name, out);
        lg_check_add(out, "kmap fb place", x->fb_ok,
                     "a framebuffer: whole pages below 4 GiB, outside the dev row and RAM",
                     x->fb_ok ? "so it is" : x->fb_why);
    }
    check_totals(rep, x, out);
    check_selfcheck(rep, x, out);
    lg_id_verify(rep, out);
}
