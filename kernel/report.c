/*
 * report.c - format the memory report (see report.h, docs/report-format.md).
 * Pure: no hardware access, so the host tests check it byte for byte.
 */
#include <stdarg.h>
#include "lib/crc32.h"
#include "lib/printf.h"
#include "lib/sha256.h"
#include "lib/string.h"
#include "kernel/report.h"
#include "mm/mmu.h"

struct sink {
    void (*out)(const char *line, void *arg);
    void *arg;
    uint32_t crc;
    uint32_t lines;
};

static void line(struct sink *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void line(struct sink *s, const char *fmt, ...)
{
    char buf[REPORT_LINE + 2];
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, REPORT_LINE + 1, fmt, ap);
    va_end(ap);
    if (n > REPORT_LINE)
        n = REPORT_LINE;
    s->out(buf, s->arg);
    buf[n] = '\n';
    s->crc = crc32_update(s->crc, buf, (size_t)n + 1);
    s->lines++;
}

/*
 * Strings come from loaders and DHCP servers ("GRUB 2.06", a boot file name
 * with a space): copy src into dst (n bytes), replacing every byte that is not
 * printable ASCII, and spaces unless 'spaces' is set, by '_', so each value
 * stays one token of docs/report-format.md.
 */
static const char *printable(char *dst, size_t n, const char *src, int spaces)
{
    size_t i = 0;
    for (; src[i] && i + 1 < n; i++)
        dst[i] = (src[i] > ' ' && src[i] < 0x7F) || (spaces && src[i] == ' ') ? src[i] : '_';
    dst[i] = 0;
    return dst;
}

/*
 * A string from the firmware (CPUID, SMBIOS) as one token: leading and
 * trailing spaces dropped ("  Intel(R) Core..." pads to the left), then as
 * printable() with spaces replaced; "-" when nothing is left.
 */
static const char *token(char *dst, size_t n, const char *src)
{
    while (*src == ' ')
        src++;
    size_t len = strlen(src);
    while (len > 0 && src[len - 1] == ' ')
        len--;
    if (len == 0 || n < 2)
        return "-";
    if (len > n - 1)
        len = n - 1;
    for (size_t i = 0; i < len; i++)
        dst[i] = src[i] > ' ' && src[i] < 0x7F ? src[i] : '_';
    dst[len] = 0;
    return dst;
}

static void boot_lines(struct sink *s, const struct report_input *in)
{
    const struct bootinfo *bi = in->bi;
    char loader[BOOTINFO_LOADER_LEN], build[BOOTINFO_LOADER_LEN], text[BOOTINFO_CMDLINE_LEN];
    line(s, "boot source=%s loader=%s drive=0x%02x build=%s", bootinfo_source_name(bi->source),
         printable(loader, sizeof(loader), bi->loader, 0), bi->drive,
         printable(build, sizeof(build), in->build, 0));
    if (bi->flags & BI_NET_VALID) {
        const uint8_t *m = bi->net.mac, *ip = (const uint8_t *)&bi->net.client_ip,
                      *sv = (const uint8_t *)&bi->net.server_ip;
        line(s, "net mac=%02x:%02x:%02x:%02x:%02x:%02x ip=%u.%u.%u.%u server=%u.%u.%u.%u file=%s",
             m[0], m[1], m[2], m[3], m[4], m[5], ip[0], ip[1], ip[2], ip[3], sv[0], sv[1], sv[2],
             sv[3], bi->net.bootfile[0] ? printable(text, sizeof(text), bi->net.bootfile, 0) : "-");
    }
    if (bi->source == BOOT_UEFI_DISK || bi->source == BOOT_UEFI_NET)
        line(s, "secureboot state=%s kernel=%s", bi->uefi_flags & BI_UEFI_SECUREBOOT ? "on" : "off",
             bi->uefi_flags & BI_UEFI_VERIFIED ? "verified" : "unverified");
    if (bi->cmdline[0])
        line(s, "cmdline %s", printable(text, sizeof(text), bi->cmdline, 1));
}

/* "cpu vendor=V family=F model=M stepping=S brand=B", or "cpu none" without CPUID. */
static void cpu_line(struct sink *s, const struct cpu_info *ci)
{
    char vendor[CPU_VENDOR_LEN], brand[CPU_BRAND_LEN];
    if (!ci->has_cpuid) {
        line(s, "cpu none");
        return;
    }
    line(s, "cpu vendor=%s family=%u model=%u stepping=%u brand=%s",
         token(vendor, sizeof(vendor), ci->vendor), ci->family, ci->model, ci->stepping,
         token(brand, sizeof(brand), ci->brand));
}

/*
 * "smbios manufacturer=.. product=.. serial=.. uuid=..", or "smbios none".
 * Each string is cut to REPORT_SMBIOS_* bytes, so the longest line is
 * 43 + 24 + 32 + 24 + 36 = 159 bytes.
 */
static void smbios_line(struct sink *s, const struct machine_id *id)
{
    char mf[REPORT_SMBIOS_MF + 1], pr[REPORT_SMBIOS_PRODUCT + 1], sn[REPORT_SMBIOS_SERIAL + 1];
    char uuid[37] = "-";
    if (!id->smbios) {
        line(s, "smbios none");
        return;
    }
    if (id->sys.has_uuid)
        smbios_uuid_text(id->sys.uuid, id->major > 2 || (id->major == 2 && id->minor >= 6), uuid);
    line(s, "smbios manufacturer=%s product=%s serial=%s uuid=%s",
         token(mf, sizeof(mf), id->sys.manufacturer), token(pr, sizeof(pr), id->sys.product),
         token(sn, sizeof(sn), id->sys.serial), uuid);
}

/* "tsc hz=H calib=C" and the milestones, or "tsc unusable why=W" and none. */
static void clock_lines(struct sink *s, const struct milestones *ms)
{
    int first = 1;
    if (ms->why) {
        line(s, "tsc unusable why=%s", ms->why);
        return;
    }
    line(s, "tsc hz=%llu calib=%s", (unsigned long long)ms->hz, ms->calib);
    for (int m = 0; m < MS_N; m++) {
        if (!(ms->have & 1u << m))
            continue;
        if (first)
            line(s, "milestone reset us=%llu", (unsigned long long)ms->reset_us);
        first = 0;
        line(s, "milestone %s tsc=0x%016llx us=%llu", milestone_name(m),
             (unsigned long long)ms->tsc[m], (unsigned long long)ms->us[m]);
    }
}

/*
 * The raw map of a UEFI boot: the firmware's own descriptors, in its order,
 * packed "raw I-J T:START:PAGES:ATTR ..." (short hex, no 0x): at most
 * REPORT_EFI_PER_LINE to a line and never over REPORT_LINE bytes. One
 * descriptor a line made OVMF's report 163 lines, over a second at 115200
 * baud (docs/report-format.md, "After the report").
 */
static void efi_lines(struct sink *s, const struct bootinfo *bi)
{
    line(s, "raw method=uefi entries=%u entry_size=%u flags=0x%02x", bi->efi_count,
         bi->efi_desc_size, bi->flags & 0x0F);
    for (uint32_t i = 0; i < bi->efi_count;) {
        char descs[REPORT_LINE + 1];
        uint32_t j = i, len = 0;
        /* "raw " + two indexes below 1000 + '-' + ' ' take at most 12 bytes. */
        while (j < bi->efi_count && j - i < REPORT_EFI_PER_LINE) {
            const struct bootinfo_efidesc *d = &bi->efi[j];
            uint32_t n =
                (uint32_t)ksnprintf(descs + len, sizeof(descs) - len, " %u:%llx:%llx:%llx", d->type,
                                    (unsigned long long)d->start, (unsigned long long)d->pages,
                                    (unsigned long long)d->attr);
            if (12 + len + n > REPORT_LINE)
                break; /* it goes first on the next line */
            len += n;
            j++;
        }
        descs[len] = 0;
        line(s, "raw %u-%u%s", i, j - 1, descs);
        i = j;
    }
}

/* The raw map of a BIOS or Multiboot boot: E820 entries as the firmware returned them. */
static void e820_lines(struct sink *s, const struct bootinfo *bi)
{
    line(s, "raw method=%s entries=%u entry_size=%u flags=0x%02x",
         bootinfo_method_name(bi->mem_method), bi->mmap_count, bi->e820_entry_size,
         bi->flags & 0x0F);
    for (uint32_t i = 0; i < bi->mmap_count; i++) {
        const struct e820_entry *e = &bi->mmap[i];
        line(s, "raw %u base=0x%016llx len=0x%016llx type=%u attr=0x%x", i,
             (unsigned long long)e->base, (unsigned long long)e->length, e->type, e->attr);
    }
}

static void map_lines(struct sink *s, const struct report_input *in)
{
    const struct bootinfo *bi = in->bi;
    if (bi->mem_method == MEM_UEFI)
        efi_lines(s, bi);
    else
        e820_lines(s, bi);
    line(s, "sane entries=%u", bi->sane_count);
    for (uint32_t i = 0; i < bi->sane_count; i++) {
        const struct e820_range *r = &bi->sane[i];
        line(s, "sane %u 0x%016llx-0x%016llx type=%u %s", i, (unsigned long long)r->start,
             (unsigned long long)r->end, r->type, e820_type_name(r->type));
    }
    line(s, "mem usable_top=0x%08x phystop=0x%08x limit=0x%08x clamped=%s", in->ml->usable_top,
         in->ml->phystop, in->ml->limit, in->ml->clamped ? "yes" : "no");
}

static void kernel_lines(struct sink *s, const struct report_input *in)
{
    char hex[2 * SHA256_BYTES + 1];
    line(s, "kernel kernbase=0x%08x kernlink=0x%08x data=0x%08x end=0x%08x", in->kernbase,
         in->kernlink, in->data, in->end);
    if (!in->khash)
        return;
    sha256_hex(in->khash->sha256, hex);
    line(s, "khash sha256=%s range=0x%08x-0x%08x", hex, in->khash->start, in->khash->end);
}

static void kmap_lines(struct sink *s, const struct report_input *in)
{
    for (int i = 0; i < in->nkmap; i++) {
        const struct kmap *k = &in->kmap[i];
        uint32_t va = (uint32_t)(uintptr_t)k->virt, bytes = kmap_bytes(k);
        line(s, "kmap %s va=0x%08x-0x%08llx pa=0x%08x-0x%08llx perm=%s pages=%u", k->name, va,
             (unsigned long long)va + bytes, k->phys_start,
             (unsigned long long)k->phys_start + bytes, (k->perm & PTE_W) ? "rw" : "r-",
             bytes >> PGSHIFT);
    }
    /* The page-table pages the self-check's walk found: the directory and its tables. */
    uint32_t ptpages = 1 + in->sc->tables, mapped = in->sc->checked;
    uint32_t ppm = mapped ? ptpages * 1000000u / mapped : 0;
    line(s, "pt pages=%u mapped=%u overhead=%u.%04u%% overhead_ppm=%u large=%u mode=%s", ptpages,
         mapped, ppm / 10000, ppm % 10000, ppm, in->sc->large, in->bigpages ? "4m" : "4k");
    line(s, "kalloc free=%u", in->free_pages);
}

static void check_lines(struct sink *s, const struct report_input *in)
{
    const struct selfcheck *sc = in->sc;
    for (int i = 0; i < sc->nshown; i++)
        line(s, "selfcheck-error %s", sc->shown[i]);
    if (sc->errors == 0)
        line(s, "selfcheck ok checked=%u cr3=0x%08x", sc->checked, sc->cr3);
    else
        line(s, "selfcheck FAIL errors=%u checked=%u cr3=0x%08x", sc->errors, sc->checked, sc->cr3);
}

uint32_t report_write(const struct report_input *in, void (*out)(const char *line, void *arg),
                      void *arg)
{
    struct sink s = {out, arg, 0, 0};
    char end[80];
    line(&s, "bootlab-report v%d begin", REPORT_VERSION);
    boot_lines(&s, in);
    cpu_line(&s, &in->id->cpu);
    smbios_line(&s, in->id);
    clock_lines(&s, in->ms);
    map_lines(&s, in);
    kernel_lines(&s, in);
    kmap_lines(&s, in);
    check_lines(&s, in);
    ksnprintf(end, sizeof(end), "bootlab-report v%d end lines=%u crc32=0x%08x copy=%u",
              REPORT_VERSION, s.lines, s.crc, in->copy);
    out(end, arg);
    return s.crc;
}

uint32_t report_wire_ms(uint32_t bytes, uint32_t baud)
{
    if (baud == 0)
        return 0;
    /* bytes * 10000 / baud in 32 bits: the remainder part stays below 115200 * 10000 < 2^32 */
    uint32_t whole = bytes / baud, rest = bytes % baud;
    return whole * 10000 + (rest * 10000 + baud - 1) / baud;
}
