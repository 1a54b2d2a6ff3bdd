/*
 * identity.c - the CPU and the SMBIOS System Information (see identity.h).
 */
#include "kernel/identity.h"
#include "kernel/physwin.h"
#include "lib/console.h"
#include "lib/string.h"
#include "lib/x86.h"
#include "mm/memlayout.h"

static void cpuid_insn(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    cpuid(leaf, sub, r);
}

/* The entry point: where the loader says, else the first one in the BIOS area. */
static const char *find_entry(const struct bootinfo *bi, struct smbios_entry *ep)
{
    const char *why = 0;
    if (bi->smbios) {
        const uint8_t *p = physwin_map(bi->smbios, SMBIOS_EP_MAX);
        why = p ? smbios_entry_check(p, SMBIOS_EP_MAX, ep) : "entry point above 4 GiB";
        physwin_unmap();
        return why;
    }
    /* [0xF0000, 0x100000) lies below ENTRYMAP: entrypgdir maps it at KERNBASE. */
    if (smbios_find(P2V(SMBIOS_AREA), SMBIOS_AREA_LEN, ep) < 0)
        return "no entry point in 0xF0000-0xFFFFF";
    return 0;
}

static const char *read_smbios(const struct bootinfo *bi, struct machine_id *id)
{
    struct smbios_entry ep;
    const char *why = find_entry(bi, &ep);
    if (why)
        return why;
    uint32_t len = ep.len < SMBIOS_TABLE_MAX ? ep.len : SMBIOS_TABLE_MAX;
    const uint8_t *t = physwin_map(ep.table, len);
    if (!t)
        return "table above 4 GiB";
    why = smbios_system(t, len, &ep, &id->sys);
    physwin_unmap();
    id->major = ep.major;
    id->minor = ep.minor;
    return why;
}

void identify(const struct bootinfo *bi, struct machine_id *id)
{
    memset(id, 0, sizeof(*id));
    if (cpu_has_cpuid())
        cpu_read(cpuid_insn, &id->cpu);
    const char *why = read_smbios(bi, id);
    id->smbios = why == 0;
    if (why)
        cprintf("kernel: smbios: %s\n", why);
}
