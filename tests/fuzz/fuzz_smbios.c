/*
 * fuzz_smbios.c - libFuzzer target for kernel/smbios.c: the entry-point
 * search, the structure walk and the UUID's text, and the report's smbios
 * line made from what they accept (kernel/report.c).
 *
 * The input is a piece of the BIOS area, [BASE, BASE + size) with BASE =
 * 0xF5000 (where SeaBIOS puts its tables, so the captured seeds stay small):
 * the scan looks for an entry point on its 16-byte boundaries, as the kernel
 * does in 0xF0000-0xFFFFF; a table it names must lie inside the piece to be
 * read (the kernel maps any address; here the rest of memory is absent).
 * Every buffer is an exactly-sized heap copy, so AddressSanitizer reports
 * any read past what was given. Properties:
 *   - smbios_find returns -1 or a 16-byte-aligned offset whose bytes
 *     smbios_entry_check accepts with the same result;
 *   - smbios_system accepts or gives a reason, and its strings are
 *     NUL-terminated within SMBIOS_STR_LEN;
 *   - the UUID's text is "-" or 36 characters of the 8-4-4-4-12 shape;
 *   - the smbios line is at most REPORT_LINE bytes of printable ASCII.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kernel/report.h"
#include "kernel/smbios.h"
#include "tests/fuzz/fuzz_report.h"

#define BASE 0xF5000u

static void check_uuid(const uint8_t uuid[16])
{
    char text[37];
    for (int le = 0; le < 2; le++) {
        smbios_uuid_text(uuid, le, text);
        if (strcmp(text, "-") == 0)
            continue;
        CHECK(strlen(text) == 36);
        CHECK(text[8] == '-' && text[13] == '-' && text[18] == '-' && text[23] == '-');
    }
}

/* The report's lines, smbios line included, for an accepted System Information. */
static void report(const struct smbios_entry *ep, const struct smbios_system *sys)
{
    static struct bootinfo bi;
    static struct machine_id id;
    static const struct memlimit ml = {0, 0xE000000, 0, 0};
    static struct selfcheck sc;
    static const struct milestones ms = {.why = "no-tsc"};
    memset(&id, 0, sizeof(id));
    id.smbios = 1;
    id.major = ep->major;
    id.minor = ep->minor;
    id.sys = *sys;
    struct report_input in = {
        .build = "fuzz", .bi = &bi, .ml = &ml, .sc = &sc, .id = &id, .ms = &ms};
    report_write(&in, check_line, NULL);
}

static void system_info(const uint8_t *area, size_t size, const struct smbios_entry *ep)
{
    struct smbios_system sys;
    if (ep->table < BASE || ep->table - BASE >= size)
        return;
    size_t off = (size_t)(ep->table - BASE), len = size - off;
    if (ep->len < len)
        len = ep->len;
    uint8_t *t = malloc(len ? len : 1);
    memcpy(t, area + off, len);
    const char *why = smbios_system(t, (uint32_t)len, ep, &sys);
    if (why) {
        CHECK(*why);
    } else {
        CHECK(memchr(sys.manufacturer, 0, SMBIOS_STR_LEN) &&
              memchr(sys.product, 0, SMBIOS_STR_LEN) && memchr(sys.serial, 0, SMBIOS_STR_LEN));
        check_uuid(sys.uuid);
        report(ep, &sys);
    }
    free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct smbios_entry ep, again;
    uint8_t *area = malloc(size ? size : 1);
    memcpy(area, data, size);
    int at = smbios_find(area, (uint32_t)size, &ep);
    if (at >= 0) {
        CHECK(at % 16 == 0 && (size_t)at < size);
        CHECK(smbios_entry_check(area + at, (uint32_t)(size - (size_t)at), &again) == NULL);
        CHECK(ep.v3 == again.v3 && ep.major == again.major && ep.minor == again.minor &&
              ep.table == again.table && ep.len == again.len && ep.count == again.count);
        system_info(area, size, &ep);
    }
    /* The walk on the whole input as a 3.x table (count 0) and as a 2.x table of 3. */
    const struct smbios_entry v3 = {1, 3, 0, BASE, (uint32_t)size, 0},
                              v2 = {0, 2, 8, BASE, (uint32_t)size, 3};
    system_info(area, size, &v3);
    system_info(area, size, &v2);
    free(area);
    return 0;
}
