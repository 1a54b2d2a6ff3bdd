/*
 * smbios.c - SMBIOS entry points and the System Information structure
 * (see smbios.h). Every read is checked against the length it was given.
 */
#include "kernel/smbios.h"
#include "lib/string.h"

#define TYPE_SYSTEM  1
#define TYPE_END     127
#define HDR_LEN      4    /* type, length, handle (6.1.2) */
#define SYS_UUID     0x08 /* offsets in the type 1 formatted area (7.2) */
#define SYS_UUID_END 0x18

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int sums_to_zero(const uint8_t *p, uint32_t n)
{
    uint8_t sum = 0;
    for (uint32_t i = 0; i < n; i++)
        sum = (uint8_t)(sum + p[i]);
    return sum == 0;
}

/* "_SM3_", 5.2.2: length at 6 (0x18), version at 7 and 8, table maximum at 0xC, address at 0x10. */
static const char *check_v3(const uint8_t *p, uint32_t avail, struct smbios_entry *ep)
{
    uint32_t len = avail > 6 ? p[6] : 0;
    if (len < 0x18 || len > avail)
        return "_SM3_ entry point length";
    if (!sums_to_zero(p, len))
        return "_SM3_ entry point checksum";
    *ep = (struct smbios_entry){
        1, p[7], p[8], (uint64_t)rd32(p + 0x14) << 32 | rd32(p + 0x10), rd32(p + 0xC), 0};
    return 0;
}

/*
 * "_SM_", 5.2.1: length at 5 (0x1F), version at 6 and 7, "_DMI_" at 0x10
 * with its own checksum over 15 bytes, table length at 0x16, address at
 * 0x18, structure count at 0x1C. The SMBIOS 2.1 document gave the length
 * as 0x1E by mistake and some BIOSes of that time say 0x1E (dmidecode
 * accepts them the same way): 0x1E is taken too.
 */
static const char *check_v2(const uint8_t *p, uint32_t avail, struct smbios_entry *ep)
{
    uint32_t len = avail > 5 ? p[5] : 0;
    if (len < 0x1E || len > avail || avail < 0x1E)
        return "_SM_ entry point length";
    if (!sums_to_zero(p, len))
        return "_SM_ entry point checksum";
    if (memcmp(p + 0x10, "_DMI_", 5) != 0 || !sums_to_zero(p + 0x10, 15))
        return "_SM_ entry point without a valid _DMI_ part";
    *ep = (struct smbios_entry){0,
                                p[6],
                                p[7],
                                rd32(p + 0x18),
                                (uint32_t)(p[0x16] | p[0x17] << 8),
                                (uint32_t)(p[0x1C] | p[0x1D] << 8)};
    return 0;
}

const char *smbios_entry_check(const uint8_t *p, uint32_t avail, struct smbios_entry *ep)
{
    if (avail >= 5 && memcmp(p, "_SM3_", 5) == 0)
        return check_v3(p, avail, ep);
    if (avail >= 4 && memcmp(p, "_SM_", 4) == 0)
        return check_v2(p, avail, ep);
    return "no _SM_ or _SM3_ anchor";
}

int smbios_find(const uint8_t *area, uint32_t len, struct smbios_entry *ep)
{
    struct smbios_entry e;
    int found = -1;
    for (uint32_t off = 0; off + 16 <= len; off += 16) {
        if (area[off] != '_' || smbios_entry_check(area + off, len - off, &e) != 0)
            continue; /* the first test alone turns away almost all of the 4096 places */
        if (found < 0 || (e.v3 && !ep->v3)) {
            *ep = e;
            found = (int)off;
        }
        if (e.v3)
            break;
    }
    return found;
}

/*
 * The end of the structure at t[at]: past its formatted area and its string
 * set, which ends with two NULs (6.1.3; a structure without strings has just
 * the two). Returns the offset of the next structure, or 0 if it runs past len.
 */
static uint32_t structure_end(const uint8_t *t, uint32_t len, uint32_t at)
{
    uint32_t s = at + t[at + 1];
    for (; s + 1 < len; s++)
        if (t[s] == 0 && t[s + 1] == 0)
            return s + 2;
    return 0;
}

/* String number n (1-based) of the set that starts at t[s] and ends before 'end'; "" for 0. */
static void string_n(const uint8_t *t, uint32_t s, uint32_t end, uint8_t n, char *out)
{
    out[0] = 0;
    for (uint8_t k = 1; n != 0 && s < end && t[s] != 0; k++) {
        uint32_t e = s;
        while (e < end && t[e] != 0)
            e++;
        if (k == n) {
            uint32_t cut = e - s < SMBIOS_STR_LEN - 1 ? e - s : SMBIOS_STR_LEN - 1;
            memcpy(out, t + s, cut);
            out[cut] = 0;
            return;
        }
        s = e + 1;
    }
}

/* Copy what a type 1 structure at t[at] (formatted length flen, ending at end) holds. */
static void take_system(const uint8_t *t, uint32_t at, uint32_t end, struct smbios_system *out)
{
    uint32_t flen = t[at + 1], strings = at + flen;
    memset(out, 0, sizeof(*out));
    string_n(t, strings, end, t[at + 4], out->manufacturer);
    string_n(t, strings, end, flen > 5 ? t[at + 5] : 0, out->product);
    string_n(t, strings, end, flen > 7 ? t[at + 7] : 0, out->serial);
    if (flen >= SYS_UUID_END) {
        out->has_uuid = 1;
        memcpy(out->uuid, t + at + SYS_UUID, 16);
    }
}

const char *smbios_system(const uint8_t *table, uint32_t len, const struct smbios_entry *ep,
                          struct smbios_system *out)
{
    uint32_t at = 0;
    for (uint32_t n = 0; ep->count == 0 || n < ep->count; n++) {
        if (at + HDR_LEN > len)
            return ep->count ? "structure table shorter than its structure count" : "no type 1";
        uint8_t type = table[at], flen = table[at + 1];
        if (flen < HDR_LEN)
            return "structure shorter than its 4-byte header";
        if (at + flen > len)
            return "structure runs past the end of the table";
        uint32_t next = structure_end(table, len, at);
        if (next == 0)
            return "strings run past the end of the table";
        if (type == TYPE_SYSTEM && flen >= 5) {
            take_system(table, at, next - 1, out);
            return 0;
        }
        if (type == TYPE_END)
            break;
        at = next;
    }
    return "no type 1 (System Information) structure";
}

void smbios_uuid_text(const uint8_t uuid[16], int le_fields, char out[37])
{
    static const char hex[] = "0123456789abcdef";
    /* Byte order per position: the first three fields reversed when stored little-endian. */
    static const uint8_t le[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
    int zeros = 1, ones = 1, o = 0;
    for (int i = 0; i < 16; i++) {
        zeros &= uuid[i] == 0x00;
        ones &= uuid[i] == 0xFF;
    }
    if (zeros || ones) {
        memcpy(out, "-", 2);
        return;
    }
    for (int i = 0; i < 16; i++) {
        uint8_t b = uuid[le_fields ? le[i] : i];
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = hex[b >> 4];
        out[o++] = hex[b & 0xF];
    }
    out[o] = 0;
}
