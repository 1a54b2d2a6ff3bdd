/*
 * lg_rules.c - the consistency rules, as tables (see lg_rules.h). Each rule
 * is a function of the parsed report: 1 when it holds, 0 when it does not,
 * -1 when it does not apply; it writes what it expected and what the report
 * says.
 */
#include "hw-tests/lg_rules.h"

#include <stdio.h>
#include <string.h>
#include "mm/efimap.h"
#include "mm/memlayout.h"

#define VALL     LG_VALL
#define V2UP     LG_V2UP
#define V3UP     LG_V3UP
#define T        LG_CHECK_TEXT
#define HAS(b)   ((r->have & (b)) == (b))
#define SAY(...) snprintf(exp, T, __VA_ARGS__)
#define GOT(...) snprintf(got, T, __VA_ARGS__)

/* ---- the tables the rules reason about ---- */

static const struct lg_boot_source sources[] = {
    {"disk", VALL, LG_BY_STAGE2, LG_NET_NO},
    {"pxe", VALL, LG_BY_STAGE2, LG_NET_YES},
    {"multiboot", VALL, LG_BY_MULTIBOOT, LG_NET_IF_CMDLINE},
    {"uefi-disk", V2UP, LG_BY_UEFI, LG_NET_NO},
    {"uefi-net", V2UP, LG_BY_UEFI, LG_NET_YES},
};

/*
 * A memory-map method: who uses it, its entry sizes, the raw header flags it
 * may set, and whether it only runs after E820 failed.
 */
struct map_method {
    const char *name;
    unsigned versions;
    enum lg_loader by;
    uint32_t size_a, size_b; /* the allowed entry_size values, or (size_b 0) size_a and above */
    uint32_t flags;          /* the flags it may set: E820's four, none for UEFI */
    int fallback;
};

/* uefi: entry_size is the firmware's DescriptorSize, at least 40 (UEFI 2.10, 7.2.3; OVMF: 48). */
static const struct map_method methods[] = {
    {"e820", VALL, LG_BY_STAGE2, 20, 24, 0x0F, 0},
    {"e801", VALL, LG_BY_STAGE2, 0, 0, 0x0F, 1},
    {"88", VALL, LG_BY_STAGE2, 0, 0, 0x0F, 1},
    {"none", VALL, LG_BY_STAGE2, 0, 0, 0x0F, 1},
    {"multiboot", VALL, LG_BY_MULTIBOOT, 0, 0, 0x0F, 0},
    {"uefi", V2UP, LG_BY_UEFI, EFIMAP_DESC_SIZE_MIN, 0, 0x00, 0},
};

/* What each loader is called in the rules' texts, and the methods it uses. */
static const char *const loader_text[] = {
    [LG_BY_STAGE2] = "stage two: e820, e801, 88, none",
    [LG_BY_MULTIBOOT] = "Multiboot loader: multiboot",
    [LG_BY_UEFI] = "UEFI loader: uefi",
};

const struct lg_boot_source *lg_boot_source(const char *name, unsigned vbit)
{
    for (size_t i = 0; i < sizeof(sources) / sizeof(sources[0]); i++)
        if ((sources[i].versions & vbit) && !strcmp(sources[i].name, name))
            return &sources[i];
    return NULL;
}

static const struct map_method *method_of(const struct lg_report *r)
{
    for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
        if ((methods[i].versions & r->vbit) && !strcmp(methods[i].name, r->method))
            return &methods[i];
    return NULL;
}

int lg_uefi_boot(const struct lg_report *r)
{
    const struct lg_boot_source *s = lg_boot_source(r->source, r->vbit);
    return s && s->by == LG_BY_UEFI;
}

/* ---- the Multiboot command line, read as kernel/multiboot.c reads it ---- */

/* The value of the word "key=..." (words are separated by spaces) into out; 1 if found. */
static int cmdline_word(const char *cmdline, const char *key, char *out, size_t cap)
{
    size_t k = strlen(key), n;
    for (const char *c = cmdline; *c; c++) {
        if ((c != cmdline && c[-1] != ' ') || strncmp(c, key, k) || c[k] != '=')
            continue;
        n = strcspn(c + k + 1, " ");
        snprintf(out, cap, "%.*s", (int)(n < cap ? n : cap - 1), c + k + 1);
        return n < cap;
    }
    return 0;
}

/* "aa:bb:cc:dd:ee:ff", exactly 17 characters, into lowercase out. */
static int mac_ok(const char *s, char out[18])
{
    if (strlen(s) != 17)
        return 0;
    for (int i = 0; i < 17; i++) {
        int colon = i % 3 == 2;
        if (colon ? s[i] != ':' : !strchr("0123456789abcdefABCDEF", s[i]))
            return 0;
        out[i] = (char)(s[i] >= 'A' && s[i] <= 'F' ? s[i] - 'A' + 'a' : s[i]);
    }
    out[17] = 0;
    return 1;
}

/* A dotted quad: four numbers of 1-3 digits, each at most 255. */
static int ip_ok(const char *s)
{
    for (int part = 0; part < 4; part++) {
        int v = 0, digits = 0;
        for (; *s >= '0' && *s <= '9' && digits < 3; s++, digits++)
            v = v * 10 + (*s - '0');
        if (digits == 0 || v > 255 || (part < 3 && *s++ != '.'))
            return 0;
    }
    return *s == 0;
}

int lg_cmdline_net(const char *cmdline, char mac[18], char ip[16], char server[16])
{
    char m[24];

    if (!cmdline_word(cmdline, "mac", m, sizeof(m)) || !mac_ok(m, mac) ||
        !cmdline_word(cmdline, "ip", ip, 16) || !ip_ok(ip))
        return 0;
    if (!cmdline_word(cmdline, "server", server, 16) || !ip_ok(server))
        memcpy(server, "0.0.0.0", 8);
    return 1;
}

/* ---- when each line appears ---- */

/* The lines every report has. */
static int always(const struct lg_report *r, unsigned bit, char *exp, char *got)
{
    SAY("present (every report has it)");
    GOT(HAS(bit) ? "present" : "(missing)");
    return HAS(bit);
}

/* net: exactly on network boots (pxe; multiboot with mac= and ip= on its command line). */
static int when_net(const struct lg_report *r, unsigned arg, char *exp, char *got)
{
    const struct lg_boot_source *s = lg_boot_source(r->source, r->vbit);
    char mac[18], ip[16], server[16];
    int want;

    (void)arg;
    if (!HAS(LG_HAVE_BOOT) || !s)
        return -1;
    want = s->network == LG_NET_YES ||
           (s->network == LG_NET_IF_CMDLINE && lg_cmdline_net(r->cmdline, mac, ip, server));
    if (s->network == LG_NET_IF_CMDLINE)
        SAY("%s (source=%s, %s mac= and ip= on its cmdline)", want ? "present" : "absent",
            r->source, want ? "with" : "without");
    else
        SAY("%s (source=%s is %sa network boot)", want ? "present" : "absent", r->source,
            want ? "" : "not ");
    if (HAS(LG_HAVE_NET))
        GOT("present, mac=%s", r->mac);
    else
        GOT("absent");
    return want == HAS(LG_HAVE_NET);
}

/* secureboot: exactly on UEFI boots (uefi-disk, uefi-net). */
static int when_sb(const struct lg_report *r, unsigned arg, char *exp, char *got)
{
    int want = lg_uefi_boot(r);
    (void)arg;
    if (!HAS(LG_HAVE_BOOT) || !lg_boot_source(r->source, r->vbit))
        return -1;
    SAY("%s (source=%s is %sa UEFI boot)", want ? "present" : "absent", r->source,
        want ? "" : "not ");
    if (HAS(LG_HAVE_SB))
        GOT("present, state=%s kernel=%s", r->sb_state, r->sb_kernel);
    else
        GOT("absent");
    return want == HAS(LG_HAVE_SB);
}

/*
 * kmap fb: only on a UEFI boot, for a framebuffer outside the dev row (one
 * inside it is mapped already). Whether the PC has a framebuffer at all only
 * the PC knows; where it may lie is the check "kmap fb place".
 */
static int when_kmap_fb(const struct lg_report *r, unsigned arg, char *exp, char *got)
{
    const struct lg_kmaprow *fb = &r->kmap[LG_KMAP_FB];
    int uefi = lg_uefi_boot(r);
    (void)arg;
    if (!HAS(LG_HAVE_BOOT) || !lg_boot_source(r->source, r->vbit))
        return -1;
    if (uefi)
        SAY("absent, or a framebuffer below the dev row (source=%s)", r->source);
    else
        SAY("absent (source=%s is not a UEFI boot)", r->source);
    if (!HAS(LG_HAVE_KMAP_FB)) {
        GOT("absent");
        return 1;
    }
    GOT("present, pa=0x%08x-0x%08llx", fb->pa0, (unsigned long long)fb->pa1);
    return uefi && fb->pa0 < DEVSPACE;
}

/* kmap: the lecture's four rows, io, text, data, dev. */
static int when_kmap(const struct lg_report *r, unsigned arg, char *exp, char *got)
{
    (void)arg;
    SAY("%d rows: io, text, data, dev", LG_NKMAP);
    GOT("%d rows", r->nkmap);
    return r->nkmap == LG_NKMAP;
}

/* selfcheck-error: only after a failed self-check, one per error up to 8. */
static int when_scerr(const struct lg_report *r, unsigned arg, char *exp, char *got)
{
    uint32_t want = r->sc_ok ? 0 : (r->sc_errors < 8 ? r->sc_errors : 8);
    (void)arg;
    if (!HAS(LG_HAVE_SC))
        return -1;
    SAY("%u lines (selfcheck %s)", want, r->sc_ok ? "ok" : "FAIL: one per error, at most 8");
    GOT("%d lines", r->sc_error_lines);
    return (uint32_t)r->sc_error_lines == want;
}

/* The milestones a report has: bit m for milestone m. */
#define MS_BIT(m)  (1u << (m))
#define MS_LOADERS (MS_BIT(LG_MS_LOADER) | MS_BIT(LG_MS_MAP) | MS_BIT(LG_MS_LOADED))
#define MS_KERNEL                                                                                  \
    (MS_BIT(LG_MS_ENTRY) | MS_BIT(LG_MS_KINIT1) | MS_BIT(LG_MS_KVMALLOC) | MS_BIT(LG_MS_REPORT))

/* milestone: reset and the kernel's four (entry, kinit1, kvmalloc, report) exactly with a usable
 * TSC. */
static int when_milestone(const struct lg_report *r, unsigned arg, char *exp, char *got)
{
    const struct lg_identity *id = &r->id;
    unsigned kern = id->ms_have & MS_KERNEL;
    (void)arg;
    if (!HAS(LG_HAVE_TSC))
        return -1;
    if (id->tsc_usable)
        SAY("reset, entry, kinit1, kvmalloc, report (tsc usable)");
    else
        SAY("none (tsc unusable why=%s)", id->why);
    GOT("reset %s, %d of entry, kinit1, kvmalloc, report", id->reset_line ? "present" : "absent",
        __builtin_popcount(kern));
    if (!id->tsc_usable)
        return !id->reset_line && !id->ms_have;
    return id->reset_line && kern == MS_KERNEL;
}

/* The loader's milestones (loader, map, loaded): all three or none, and none from a Multiboot
 * loader. */
static int when_ms_loader(const struct lg_report *r, unsigned arg, char *exp, char *got)
{
    const struct lg_boot_source *s = lg_boot_source(r->source, r->vbit);
    unsigned have = r->id.ms_have & MS_LOADERS;
    int multiboot = s && s->by == LG_BY_MULTIBOOT;
    (void)arg;
    if (!HAS(LG_HAVE_TSC | LG_HAVE_BOOT) || !s || !r->id.tsc_usable)
        return -1;
    if (multiboot)
        SAY("none (source=%s: the Multiboot loader takes no stamps)", r->source);
    else
        SAY("loader, map, loaded together or none (source=%s)", r->source);
    GOT("%d of loader, map, loaded", __builtin_popcount(have));
    return multiboot ? have == 0 : have == 0 || have == MS_LOADERS;
}

/* ---- headers and their lines ---- */

/* A Multiboot kernel's net line is what its command line says. */
static int net_cmdline(const struct lg_report *r, unsigned arg, char *exp, char *got)
{
    const struct lg_boot_source *s = lg_boot_source(r->source, r->vbit);
    char mac[18], ip[16], server[16];

    (void)arg;
    if (!s || s->network != LG_NET_IF_CMDLINE || !HAS(LG_HAVE_NET) ||
        !lg_cmdline_net(r->cmdline, mac, ip, server))
        return -1;
    SAY("mac=%s ip=%s server=%s file=-", mac, ip, server);
    GOT("mac=%.17s ip=%.15s server=%.15s file=%.20s", r->mac, r->ip, r->server, r->file);
    return !strcmp(mac, r->mac) && !strcmp(ip, r->ip) && !strcmp(server, r->server) &&
           !strcmp(r->file, "-");
}

/* The header counts the raw lines: E820 entries, or a UEFI report's descriptors. */
static int raw_entries(const struct lg_report *r, unsigned arg, char *exp, char *got)
{
    int n = r->nraw + r->nefi; /* one of them is 0: the parser fills one by the method */
    (void)arg;
    if (!HAS(LG_HAVE_RAWHDR))
        return -1;
    SAY("entries=%d (the raw lines)", n);
    GOT("entries=%u", r->raw_entries);
    return r->raw_entries == (uint32_t)n;
}

/* A known method, with its entry size. */
static int raw_method(const struct lg_report *r, unsigned arg, char *exp, char *got)
{
    const struct map_method *m = method_of(r);
    (void)arg;
    if (!HAS(LG_HAVE_RAWHDR))
        return -1;
    GOT("method=%s entry_size=%u", r->method, r->entry_size);
    if (!m) {
        SAY("method e820, e801, 88, multiboot, none%s", r->vbit & V2UP ? " or uefi" : "");
        return 0;
    }
    if (m->size_b == 0 && m->size_a != 0) {
        SAY("entry_size %u to %u (DescriptorSize) for method %s", m->size_a, EFIMAP_DESC_SIZE_MAX,
            m->name);
        return r->entry_size >= m->size_a && r->entry_size <= EFIMAP_DESC_SIZE_MAX;
    }
    if (m->size_a == m->size_b)
        SAY("entry_size=%u for method %s", m->size_a, m->name);
    else
        SAY("entry_size=%u or %u for method %s", m->size_a, m->size_b, m->name);
    return r->entry_size == m->size_a || r->entry_size == m->size_b;
}

/* The method belongs to the loader the boot source names. */
static int raw_source(const struct lg_report *r, unsigned arg, char *exp, char *got)
{
    const struct map_method *m = method_of(r);
    const struct lg_boot_source *s = lg_boot_source(r->source, r->vbit);
    (void)arg;
    if (!m || !s || !HAS(LG_HAVE_RAWHDR | LG_HAVE_BOOT))
        return -1;
    SAY("a method of the %s (source=%s)", loader_text[s->by], r->source);
    GOT("method=%s", r->method);
    return m->by == s->by;
}

/* No entries exactly when no method worked. */
static int raw_none(const struct lg_report *r, unsigned arg, char *exp, char *got)
{
    int none = !strcmp(r->method, "none");
    (void)arg;
    if (!HAS(LG_HAVE_RAWHDR))
        return -1;
    if (none)
        SAY("entries=0 (method none)");
    else
        SAY("entries>0 (method %s)", r->method);
    GOT("entries=%u", r->raw_entries);
    return none == (r->raw_entries == 0);
}

/* Every answer of 20 bytes carries attribute 1 (ACPI 3.0 attributes need 24). */
static int raw_attr(const struct lg_report *r, unsigned arg, char *exp, char *got)
{
    (void)arg;
    if (!HAS(LG_HAVE_RAWHDR) || strcmp(r->method, "e820") || r->entry_size != 20)
        return -1;
    for (int i = 0; i < r->nraw; i++)
        if (r->raw[i].attr != 1) {
            SAY("attr=0x1 on every 20-byte answer");
            GOT("raw %d attr=0x%x", i, r->raw[i].attr);
            return 0;
        }
    SAY("attr=0x1 on every 20-byte answer");
    GOT("all 0x1");
    return 1;
}

/* A flag's meaning checked against the header: 'arg' is the flag's bit. */
static int raw_flag(const struct lg_report *r, unsigned arg, char *exp, char *got)
{
    const struct map_method *m = method_of(r);
    int set = (r->flags & arg) != 0, e820 = m && !strcmp(m->name, "e820");
    int ok = 1;

    if (!HAS(LG_HAVE_RAWHDR) || !m)
        return -1;
    GOT("flags=0x%02x method=%s entries=%u entry_size=%u", r->flags, r->method, r->raw_entries,
        r->entry_size);
    if (arg == 0x01) {
        SAY("0x01 (cut at %d entries) only with entries=%d of e820 or multiboot", E820_MAX_RAW,
            E820_MAX_RAW);
        ok = !set || (r->raw_entries == E820_MAX_RAW && !m->fallback);
    } else if (arg == 0x02) {
        SAY("0x02 (E820 table discarded) only with a fallback method: e801, 88, none");
        ok = !set || m->fallback;
    } else if (arg == 0x04) {
        SAY("0x04 (repeated continuation) only with method e820");
        ok = !set || e820;
    } else if (e820) {
        SAY("0x08 (attributes) exactly with entry_size=24");
        ok = set == (r->entry_size == 24);
    } else {
        SAY("0x08 (attributes) only with e820, or with 0x02 after a discarded table");
        ok = !set || (r->flags & 0x02);
    }
    return ok;
}

/* Only the four E820 flags are defined, and a UEFI map sets none of them. */
static int raw_flags(const struct lg_report *r, unsigned arg, char *exp, char *got)
{
    const struct map_method *m = method_of(r);
    uint32_t allowed = m ? m->flags : 0x0Fu;
    (void)arg;
    if (!HAS(LG_HAVE_RAWHDR))
        return -1;
    if (allowed)
        SAY("flags within 0x%02x", allowed);
    else
        SAY("flags=0x00 (method %s)", r->method);
    GOT("flags=0x%02x", r->flags);
    return !(r->flags & ~allowed);
}

static int sane_lines(const struct lg_report *r, unsigned arg, char *exp, char *got)
{
    (void)arg;
    if (!HAS(LG_HAVE_SANEHDR))
        return -1;
    SAY("entries=%d (the sane lines)", r->nsane);
    GOT("entries=%u", r->sane_entries);
    return r->sane_entries == (uint32_t)r->nsane;
}

/* A failed self-check counts at least one error. */
static int sc_errors(const struct lg_report *r, unsigned arg, char *exp, char *got)
{
    (void)arg;
    if (!HAS(LG_HAVE_SC) || r->sc_ok)
        return -1;
    SAY("errors>=1 (selfcheck FAIL)");
    GOT("errors=%u", r->sc_errors);
    return r->sc_errors >= 1;
}

/* ---- the rules ---- */

struct rule {
    const char *name; /* the check's name */
    unsigned versions;
    int (*fn)(const struct lg_report *r, unsigned arg, char *exp, char *got);
    unsigned arg;
};

static const struct rule rules[] = {
    {"when boot", VALL, always, LG_HAVE_BOOT},
    {"when net", VALL, when_net, 0},
    {"when secureboot", V2UP, when_sb, 0},
    {"when raw", VALL, always, LG_HAVE_RAWHDR},
    {"when sane", VALL, always, LG_HAVE_SANEHDR},
    {"when mem", VALL, always, LG_HAVE_MEM},
    {"when kernel", VALL, always, LG_HAVE_KERNEL},
    {"when khash", V2UP, always, LG_HAVE_KHASH},
    {"when cpu", V3UP, always, LG_HAVE_CPU},
    {"when smbios", V3UP, always, LG_HAVE_SMBIOS},
    {"when tsc", V3UP, always, LG_HAVE_TSC},
    {"when milestone", V3UP, when_milestone, 0},
    {"when milestone loader", V3UP, when_ms_loader, 0},
    {"when kmap", VALL, when_kmap, 0},
    {"when kmap fb", V2UP, when_kmap_fb, 0},
    {"when pt", VALL, always, LG_HAVE_PT},
    {"when kalloc", VALL, always, LG_HAVE_KALLOC},
    {"when selfcheck", VALL, always, LG_HAVE_SC},
    {"when selfcheck-error", VALL, when_scerr, 0},
    {"net cmdline", VALL, net_cmdline, 0},
    {"raw entries", VALL, raw_entries, 0},
    {"raw method", VALL, raw_method, 0},
    {"raw source", VALL, raw_source, 0},
    {"raw none", VALL, raw_none, 0},
    {"raw attr", VALL, raw_attr, 0},
    {"raw flags", VALL, raw_flags, 0},
    {"raw flags 0x01", VALL, raw_flag, 0x01},
    {"raw flags 0x02", VALL, raw_flag, 0x02},
    {"raw flags 0x04", VALL, raw_flag, 0x04},
    {"raw flags 0x08", VALL, raw_flag, 0x08},
    {"sane lines", VALL, sane_lines, 0},
    {"selfcheck errors", VALL, sc_errors, 0},
};

void lg_rules_check(const struct lg_report *rep, struct lg_checks *cs)
{
    char exp[T], got[T];
    for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
        int ok;
        if (!(rules[i].versions & rep->vbit))
            continue;
        exp[0] = got[0] = 0;
        if ((ok = rules[i].fn(rep, rules[i].arg, exp, got)) >= 0)
            lg_check_add(cs, rules[i].name, ok, exp, got);
    }
}
