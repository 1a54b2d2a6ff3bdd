/*
 * memdetect.c - ask the BIOS for the memory map: INT 15h E820h, else E801h,
 * else 88h. One function per method; the first that works fills the boot-info
 * block's raw map and records which method it was.
 *
 * References: ACPI 6.4, 15.1 "INT 15H, E820H - Query System Address Map";
 * Ralf Brown's Interrupt List for E801h, 88h and INT 12h.
 */
#include "boot/bios.h"
#include "boot/lerr.h"
#include "boot/memdetect.h"
#include "lib/string.h"

#define SMAP 0x534D4150 /* "SMAP": E820's signature, in EDX on entry and EAX on return */

/* The BIOS writes each E820 entry here: below 1 MiB, as a real-mode call needs. */
static struct e820_entry e820_buf;
static uint32_t seen_cont[BOOTINFO_MMAP_MAX]; /* continuation values already seen */

static void add_entry(struct bootinfo *bi, uint64_t base, uint64_t len, uint32_t type)
{
    struct e820_entry *e = &bi->mmap[bi->mmap_count++];
    e->base = base;
    e->length = len;
    e->type = type;
    e->attr = E820_ATTR_ENABLED;
}

/* A BIOS that loops forever hands out a continuation value it gave before. */
static int cont_seen(uint32_t cont, int n)
{
    for (int i = 0; i < n; i++)
        if (seen_cont[i] == cont)
            return 1;
    return 0;
}

/* One E820 call: entry number 'cont'. Returns the BIOS's answer in *r. */
static void e820_call(uint32_t cont, struct rmregs *r)
{
    memset(r, 0, sizeof(*r));
    memset(&e820_buf, 0, sizeof(e820_buf));
    /*
     * Preset the ACPI 3.0 attribute dword to "enabled": BIOSes that write only
     * 20 bytes, or that ignore ECX and say 24 while writing 20, leave it so.
     */
    e820_buf.attr = E820_ATTR_ENABLED;
    r->eax = 0xE820;
    r->edx = SMAP;
    r->ecx = sizeof(struct e820_entry); /* ask for 24 bytes */
    r->ebx = cont;
    r->es = RM_SEG(&e820_buf);
    r->edi = RM_OFF(&e820_buf);
    bios_int(0x15, r);
}

/*
 * E820h. Every register but EBX is reloaded for each call: some BIOSes clobber
 * them. Returns the entry count, or -1 when E820 is unsupported or its table
 * had to be thrown away (then the caller tries E801h).
 */
static int detect_e820(struct bootinfo *bi)
{
    uint32_t cont = 0;
    int n = 0;
    bi->mmap_count = 0;
    do {
        struct rmregs r;
        e820_call(cont, &r);
        /*
         * CF set: no entry in this answer; on the first call, no E820.
         * Checked before the signature: a BIOS may return a nonzero EBX with
         * its last entry and end the list with CF on the next call (Ralf
         * Brown's list allows it), and such BIOSes need not put 'SMAP' in EAX
         * on that failing call. The table read so far is then complete.
         * Replayed by tests/e820/synthetic/s15-cf-end.e820.
         */
        if (r.eflags & EFLAGS_CF)
            return n > 0 ? n : LERR_MEMMAP;
        if (r.eax != SMAP) {
            /* First call: no E820. Later: the BIOS lost track; trust nothing. */
            if (n > 0)
                bi->flags |= BI_E820_DISCARDED;
            bi->mmap_count = 0;
            bi->e820_entry_size = 0; /* the fallback's map has none (docs/boot-info.md) */
            return LERR_MEMMAP;
        }
        uint32_t size = r.ecx & 0xFF;
        if (size < 20) /* not even the 20-byte form: a bogus answer ends the list */
            return n > 0 ? n : LERR_MEMMAP;
        uint8_t form = size >= 24 ? 24 : 20;
        /*
         * ECX is the number of bytes the BIOS returned (ACPI 6.4, 15.1): in a
         * 20-byte answer the attribute dword is not part of the answer, even
         * if the BIOS wrote one (replayed by tests/e820/synthetic/s36).
         */
        if (form == 24)
            bi->flags |= BI_E820_EXT_ATTR;
        else
            e820_buf.attr = E820_ATTR_ENABLED;
        if (form > bi->e820_entry_size)
            bi->e820_entry_size = form;
        if (n == BOOTINFO_MMAP_MAX) {
            bi->flags |= BI_E820_TRUNCATED;
            return n;
        }
        bi->mmap[n++] = e820_buf;
        bi->mmap_count = n;
        seen_cont[n - 1] = cont;
        cont = r.ebx;
        if (cont != 0 && cont_seen(cont, n)) {
            bi->flags |= BI_E820_LOOPED;
            return n;
        }
    } while (cont != 0);
    return n;
}

/* INT 12h: KiB of conventional memory below the EBDA. */
static void detect_int12(struct bootinfo *bi)
{
    struct rmregs r;
    memset(&r, 0, sizeof(r));
    bios_int(0x12, &r);
    bi->lower_kib = (uint16_t)r.eax;
    if (bi->lower_kib == 0 || bi->lower_kib > 640)
        bi->lower_kib = 640; /* nonsense answer: assume the classic 640 KiB */
}

/*
 * E801h: AX/BX = KiB in [1 MiB, 16 MiB) and 64 KiB blocks above 16 MiB.
 * Some BIOSes (Phoenix 4.0-era) return the "configured" sizes in CX/DX and
 * leave AX/BX zero; use whichever pair is filled.
 */
static int detect_e801(struct bootinfo *bi)
{
    struct rmregs r;
    memset(&r, 0, sizeof(r));
    r.eax = 0xE801;
    if (!bios_int(0x15, &r))
        return LERR_MEMMAP;
    uint16_t lo = (uint16_t)r.eax, hi = (uint16_t)r.ebx;
    if (lo == 0 && hi == 0) {
        lo = (uint16_t)r.ecx;
        hi = (uint16_t)r.edx;
    }
    if (lo == 0 || lo > 0x3C00) /* at most 15 MiB fits below 16 MiB */
        return LERR_MEMMAP;
    bi->e801_ax = lo;
    bi->e801_bx = hi;
    bi->mmap_count = 0;
    add_entry(bi, 0, (uint64_t)bi->lower_kib << 10, E820_RAM);
    add_entry(bi, 0x100000, (uint64_t)lo << 10, E820_RAM);
    if (hi)
        add_entry(bi, 0x1000000, (uint64_t)hi << 16, E820_RAM);
    return (int)bi->mmap_count;
}

/* 88h: AX = KiB above 1 MiB (at most 64 MiB can be expressed). */
static int detect_88(struct bootinfo *bi)
{
    struct rmregs r;
    memset(&r, 0, sizeof(r));
    r.eax = 0x8800;
    if (!bios_int(0x15, &r))
        return LERR_MEMMAP;
    uint16_t kib = (uint16_t)r.eax;
    if (kib == 0)
        return LERR_MEMMAP;
    bi->ext88_kib = kib;
    bi->mmap_count = 0;
    add_entry(bi, 0, (uint64_t)bi->lower_kib << 10, E820_RAM);
    add_entry(bi, 0x100000, (uint64_t)kib << 10, E820_RAM);
    return (int)bi->mmap_count;
}

int memdetect(struct bootinfo *bi)
{
    detect_int12(bi);
    if (detect_e820(bi) > 0) {
        bi->mem_method = MEM_E820;
    } else if (detect_e801(bi) > 0) {
        bi->mem_method = MEM_E801;
    } else if (detect_88(bi) > 0) {
        bi->mem_method = MEM_88;
    } else {
        bi->mem_method = MEM_NONE;
        bi->mmap_count = 0;
        return LERR_MEMMAP;
    }
    return (int)bi->mmap_count;
}
