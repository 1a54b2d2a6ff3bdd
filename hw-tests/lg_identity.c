/*
 * lg_identity.c - the cpu, smbios, tsc and milestone lines (see
 * lg_identity.h, docs/report-format.md).
 */
#include "hw-tests/lg_identity.h"

#include <stdio.h>
#include <string.h>
#include "hw-tests/lg_check.h"
#include "hw-tests/lg_num.h"
#include "hw-tests/lg_parse.h"

#define HZ_MIN 1000000ull      /* the kernel's TSC_HZ_MIN (kernel/tsc.h) */
#define HZ_MAX 100000000000ull /* and TSC_HZ_MAX */

const char *lg_ms_name(int m)
{
    static const char *const names[LG_MS_N] = {"loader", "map",      "loaded", "entry",
                                               "kinit1", "kvmalloc", "report"};
    return m >= 0 && m < LG_MS_N ? names[m] : "?";
}

/* One problem on line lineno, naming the line. Returns -1. */
static int bad(struct lg_report *rep, int lineno, const char *what, const char *text)
{
    lg_problem_add(rep, lineno, "%s: \"%.100s\"", what, text);
    return -1;
}

/* The value of "key=value" in tok, or NULL. */
static const char *val(const char *tok, const char *key)
{
    size_t n = strlen(key);
    return strncmp(tok, key, n) == 0 && tok[n] == '=' ? tok + n + 1 : NULL;
}

/* 1 to 20 decimal digits, no overflow, into *v. 0 or -1. */
static int dec64(const char *s, uint64_t *v)
{
    uint64_t x = 0;
    if (!s || !*s || strlen(s) > 20)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || x > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
            return -1;
        x = x * 10 + (uint64_t)(*s - '0');
    }
    *v = x;
    return 0;
}

/* A string value: at most max bytes of printable ASCII, no spaces (the tokenizer split those). */
static int str_val(const char *s, size_t max, char *out, size_t cap)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > max || n >= cap)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (s[i] <= ' ' || s[i] >= 0x7F)
            return -1;
    memcpy(out, s, n + 1);
    return 0;
}

/* "-" or 8-4-4-4-12 lowercase hex digits. */
static int uuid_ok(const char *s)
{
    if (strcmp(s, "-") == 0)
        return 1;
    if (strlen(s) != 36)
        return 0;
    for (int i = 0; i < 36; i++) {
        int dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    }
    return 1;
}

/* "cpu vendor=V family=F model=M stepping=S brand=B" or "cpu none". */
static int parse_cpu(struct lg_report *rep, int lineno, char *const *tok, int ntok,
                     const char *text)
{
    struct lg_identity *id = &rep->id;
    uint64_t f, m, s;
    id->cpu_line = lineno;
    if (ntok == 2 && strcmp(tok[1], "none") == 0) {
        id->cpu_none = 1;
        return 0;
    }
    if (ntok != 6 || str_val(val(tok[1], "vendor"), 12, id->vendor, sizeof(id->vendor)) ||
        !val(tok[2], "family") || lg_dec(val(tok[2], "family"), 0x10E, &f) ||
        !val(tok[3], "model") || lg_dec(val(tok[3], "model"), 255, &m) ||
        !val(tok[4], "stepping") || lg_dec(val(tok[4], "stepping"), 15, &s) ||
        str_val(val(tok[5], "brand"), 48, id->brand, sizeof(id->brand)))
        return bad(rep, lineno, "cpu line needs vendor= family= model= stepping= brand=", text);
    id->family = (uint32_t)f;
    id->model = (uint32_t)m;
    id->stepping = (uint32_t)s;
    return 0;
}

/* "smbios manufacturer=.. product=.. serial=.. uuid=.." or "smbios none". */
static int parse_smbios(struct lg_report *rep, int lineno, char *const *tok, int ntok,
                        const char *text)
{
    struct lg_identity *id = &rep->id;
    const char *u = ntok == 5 ? val(tok[4], "uuid") : NULL;
    id->smbios_line = lineno;
    if (ntok == 2 && strcmp(tok[1], "none") == 0) {
        id->smbios_none = 1;
        return 0;
    }
    if (ntok != 5 ||
        str_val(val(tok[1], "manufacturer"), LG_SMBIOS_MF, id->manufacturer,
                sizeof(id->manufacturer)) ||
        str_val(val(tok[2], "product"), LG_SMBIOS_PRODUCT, id->product, sizeof(id->product)) ||
        str_val(val(tok[3], "serial"), LG_SMBIOS_SERIAL, id->serial, sizeof(id->serial)) || !u ||
        !uuid_ok(u))
        return bad(rep, lineno, "smbios line needs manufacturer= product= serial= uuid=", text);
    memcpy(id->uuid, u, strlen(u) + 1);
    return 0;
}

/* 1 when s is one of the n words in list. */
static int one_of(const char *s, const char *const *list, int n)
{
    for (int i = 0; s && i < n; i++)
        if (strcmp(s, list[i]) == 0)
            return 1;
    return 0;
}

/* "tsc hz=H calib=pit|cpuid15|cpuid16" or "tsc unusable why=W". */
static int parse_tsc(struct lg_report *rep, int lineno, char *const *tok, int ntok,
                     const char *text)
{
    static const char *const calibs[] = {"pit", "cpuid15", "cpuid16"};
    static const char *const whys[] = {"no-cpuid", "no-tsc", "no-timer", "out-of-range"};
    struct lg_identity *id = &rep->id;
    id->tsc_line = lineno;
    if (ntok == 3 && strcmp(tok[1], "unusable") == 0) {
        if (!one_of(val(tok[2], "why"), whys, 4))
            return bad(rep, lineno, "tsc unusable: why= is not a known reason", text);
        snprintf(id->why, sizeof(id->why), "%s", val(tok[2], "why"));
        return 0;
    }
    if (ntok != 3 || !one_of(val(tok[2], "calib"), calibs, 3))
        return bad(rep, lineno,
                   "tsc line needs hz= calib=pit|cpuid15|cpuid16 or unusable why=", text);
    if (dec64(val(tok[1], "hz"), &id->hz) < 0)
        return bad(rep, lineno, "tsc hz is not a decimal number", text);
    snprintf(id->calib, sizeof(id->calib), "%s", val(tok[2], "calib"));
    id->tsc_usable = 1;
    return 0;
}

/* "milestone reset us=U", or "milestone NAME tsc=0x(16) us=U" in boot order, each once. */
static int parse_milestone(struct lg_report *rep, int lineno, char *const *tok, int ntok,
                           const char *text)
{
    struct lg_identity *id = &rep->id;
    uint64_t t, us;
    int m = -1;
    if (ntok == 3 && strcmp(tok[1], "reset") == 0) {
        if (id->reset_line || id->ms_have || dec64(val(tok[2], "us"), &us) < 0)
            return bad(rep, lineno, "milestone reset: once, first, with us=", text);
        id->reset_line = lineno;
        id->reset_us = us;
        return 0;
    }
    for (int i = 0; ntok == 4 && i < LG_MS_N; i++)
        if (strcmp(tok[1], lg_ms_name(i)) == 0)
            m = i;
    if (m < 0 || !val(tok[2], "tsc") || lg_hex(val(tok[2], "tsc"), 16, &t) ||
        dec64(val(tok[3], "us"), &us) < 0)
        return bad(rep, lineno, "milestone line needs a known NAME, tsc=0x(16) and us=", text);
    if (m < id->ms_next)
        return bad(rep, lineno, "milestone out of boot order or repeated", text);
    id->ms_next = m + 1;
    id->ms_have |= 1u << m;
    id->ms_line[m] = lineno;
    id->ms_tsc[m] = t;
    id->ms_us[m] = us;
    return 0;
}

int lg_id_parse(struct lg_report *rep, int lineno, char *const *tok, int ntok, const char *text)
{
    if (strcmp(tok[0], "cpu") == 0)
        return parse_cpu(rep, lineno, tok, ntok, text);
    if (strcmp(tok[0], "smbios") == 0)
        return parse_smbios(rep, lineno, tok, ntok, text);
    if (strcmp(tok[0], "tsc") == 0)
        return parse_tsc(rep, lineno, tok, ntok, text);
    return parse_milestone(rep, lineno, tok, ntok, text);
}

/* floor(cycles * 10^6 / hz), as the kernel's tsc_us. */
static uint64_t us_of(uint64_t cycles, uint64_t hz)
{
    return hz ? (uint64_t)((unsigned __int128)cycles * 1000000u / hz) : 0;
}

void lg_id_verify(const struct lg_report *rep, struct lg_checks *cs)
{
    const struct lg_identity *id = &rep->id;
    char name[40], e[LG_CHECK_TEXT], r[LG_CHECK_TEXT];
    int first = -1, prev = -1, rising = 1;
    if (rep->version < 3 || !id->tsc_usable)
        return;
    snprintf(e, sizeof(e), "%llu to %llu", (unsigned long long)HZ_MIN, (unsigned long long)HZ_MAX);
    snprintf(r, sizeof(r), "%llu (%s)", (unsigned long long)id->hz, id->calib);
    lg_check_add(cs, "tsc hz", id->hz >= HZ_MIN && id->hz <= HZ_MAX, e, r);
    for (int m = 0; m < LG_MS_N; m++) {
        if (!(id->ms_have & 1u << m))
            continue;
        if (first < 0)
            first = m;
        rising &= prev < 0 || id->ms_tsc[m] >= id->ms_tsc[prev];
        prev = m;
    }
    if (first < 0)
        return;
    lg_check_add(cs, "milestone order", rising, "TSC readings that rise in boot order",
                 rising ? "they rise" : "a reading below the one before it");
    snprintf(e, sizeof(e), "%llu", (unsigned long long)us_of(id->ms_tsc[first], id->hz));
    snprintf(r, sizeof(r), "%llu", (unsigned long long)id->reset_us);
    lg_check_add(cs, "milestone reset us", strcmp(e, r) == 0, e, r);
    for (int m = first; m < LG_MS_N && rising; m++) {
        if (!(id->ms_have & 1u << m))
            continue;
        snprintf(name, sizeof(name), "milestone %s us", lg_ms_name(m));
        snprintf(e, sizeof(e), "%llu",
                 (unsigned long long)us_of(id->ms_tsc[m] - id->ms_tsc[first], id->hz));
        snprintf(r, sizeof(r), "%llu", (unsigned long long)id->ms_us[m]);
        lg_check_add(cs, name, strcmp(e, r) == 0, e, r);
    }
}

void lg_id_summary(const struct lg_report *rep, char *buf, size_t cap)
{
    const struct lg_identity *id = &rep->id;
    char cpu[160], smb[200];
    buf[0] = 0;
    if (rep->version < 3)
        return;
    if (id->cpu_none || !id->cpu_line)
        snprintf(cpu, sizeof(cpu), "no CPUID");
    else
        snprintf(cpu, sizeof(cpu), "%s family %u model %u stepping %u %s", id->vendor, id->family,
                 id->model, id->stepping, id->brand);
    if (id->smbios_none || !id->smbios_line)
        snprintf(smb, sizeof(smb), "no SMBIOS");
    else
        snprintf(smb, sizeof(smb), "%s %s serial %s uuid %s", id->manufacturer, id->product,
                 id->serial, id->uuid);
    snprintf(buf, cap, "%s; %s", cpu, smb);
}

void lg_id_times(const struct lg_report *rep, char *buf, size_t cap)
{
    const struct lg_identity *id = &rep->id;
    size_t n;
    buf[0] = 0;
    if (rep->version < 3 || !id->tsc_line)
        return;
    if (!id->tsc_usable) {
        snprintf(buf, cap, "TSC unusable: %s", id->why);
        return;
    }
    n = (size_t)snprintf(buf, cap, "reset %.1f ms;", (double)id->reset_us / 1000);
    for (int m = 0; m < LG_MS_N && n < cap; m++)
        if (id->ms_have & 1u << m)
            n += (size_t)snprintf(buf + n, cap - n, " %s +%.1f", lg_ms_name(m),
                                  (double)id->ms_us[m] / 1000);
    if (n < cap)
        snprintf(buf + n, cap - n, " ms (%.3f GHz, %s)", (double)id->hz / 1e9, id->calib);
}

int64_t lg_id_boot_us(const struct lg_report *rep)
{
    const struct lg_identity *id = &rep->id;
    if (rep->version < 3 || !id->tsc_usable || !(id->ms_have & 1u << LG_MS_REPORT))
        return -1;
    return (int64_t)id->ms_us[LG_MS_REPORT];
}
