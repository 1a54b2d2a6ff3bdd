/*
 * stage2.c - stage two, in 32-bit protected mode (boot/stage2_entry.S got us
 * here). In order, each step announced on the console so a PC that stops
 * says where:
 *   1. console (COM1 + screen)
 *   2. memory map (INT 15h E820h / E801h / 88h, through the real-mode thunk)
 *   3. A20
 *   4. the kernel: read its ELF header, check it, load its segments, zero BSS
 *   5. hand-off: boot-info block in EBX, jump to the ELF entry
 */
#include "boot/a20.h"
#include "boot/bios.h"
#include "boot/bootinfo.h"
#include "boot/disk.h"
#include "boot/elfcheck.h"
#include "boot/layout.h"
#include "boot/memdetect.h"
#include "boot/replay_hooks.h"
#include "kernel/console.h"
#include "kernel/string.h"
#include "kernel/x86.h"

#define LOADER_NAME "bootlab-stage2/1"

/* The kernel ELF header and program headers are read into the first page. */
#define ELF_HDR_BYTES 4096

void enter_kernel(uint32_t entry, struct bootinfo *bi) __attribute__((noreturn));
extern uint8_t s2hdr[STAGE2_HDR_SIZE];

static struct bootinfo bi;
static struct e820_range sane[E820_MAX_SANE];
static int nsane;

static void __attribute__((noreturn)) stop(const char *what)
{
    cprintf("stage2: error: %s\n", what);
    cprintf("stage2: halted\n");
    halt_forever();
}

static uint32_t hdr32(int off)
{
    uint32_t v;
    memcpy(&v, s2hdr + off, sizeof(v));
    return v;
}

static void start_bootinfo(void)
{
    bi.magic = BOOTINFO_MAGIC;
    bi.version = BOOTINFO_VERSION;
    bi.size = sizeof(bi);
    bi.source = s2_boot_from == S2_FROM_PXE ? BOOT_PXE : BOOT_DISK;
    bi.drive = s2_boot_drive;
    strlcpy(bi.loader, LOADER_NAME, sizeof(bi.loader));
    memcpy(bi.cmdline, s2hdr + S2H_CMDLINE, S2H_CMDLINE_LEN);
    bi.cmdline[S2H_CMDLINE_LEN - 1] = 0;
    if (bi.cmdline[0])
        bi.flags |= BI_CMDLINE;
}

static void step_memory(void)
{
    if (memdetect(&bi) < 0)
        stop("no memory map: INT 15h E820h, E801h and 88h all failed");
    cprintf("stage2: memory map: %s, %u entries", bootinfo_method_name(bi.mem_method),
            bi.mmap_count);
    if (bi.flags & BI_E820_TRUNCATED)
        cprintf(" (truncated at %u)", BOOTINFO_MMAP_MAX);
    if (bi.flags & BI_E820_LOOPED)
        cprintf(" (BIOS repeated a continuation value)");
    if (bi.flags & BI_E820_DISCARDED)
        cprintf(" (E820 lost its signature mid-list: table discarded)");
    cprintf("\n");
    nsane = e820_sanitize(bi.mmap, (int)bi.mmap_count, sane, E820_MAX_SANE);
    if (nsane <= 0)
        stop("the memory map holds no usable entries");
}

static void step_a20(void)
{
    int how = a20_enable();
    if (how == A20_FAILED)
        stop("A20 cannot be enabled (tried BIOS 2401h, port 92h, keyboard controller)");
    cprintf("stage2: A20 on (%s)\n", a20_name(how));
}

/* Read the kernel's headers, check them against the rules; returns the plan. */
static void check_kernel(uint32_t lba, uint32_t size, struct elf_plan *plan)
{
    static uint8_t hdr[ELF_HDR_BYTES];
    uint32_t len = size < ELF_HDR_BYTES ? size : ELF_HDR_BYTES;
    struct elf_limits lim = {size,       KWINDOW_START, KWINDOW_END, LOADER_START,
                             LOADER_END, sane,          nsane};
    struct elf_fault fault;
    char why[160];
    if (disk_read_bytes((uint64_t)lba * SECTOR_SIZE, hdr, len) < 0)
        stop("kernel: disk read error");
    enum elf_err err = elf_check(hdr, len, &lim, plan, &fault);
    if (err != ELF_OK) {
        char msg[200];
        elf_describe(err, &fault, &lim, why, sizeof(why));
        memcpy(msg, "kernel: ", 8);
        strlcpy(msg + 8, why, sizeof(msg) - 8);
        stop(msg);
    }
}

static uint32_t step_kernel(void)
{
    uint32_t lba = hdr32(S2H_KERNEL_LBA), size = hdr32(S2H_KERNEL_SIZE);
    struct elf_plan plan;
    if (!disk_init(bi.drive, hdr32(S2H_FLAGS) & S2F_FORCE_CHS))
        stop("kernel: boot drive cannot be read (no EDD, no CHS geometry)");
    cprintf("stage2: kernel: %u bytes at LBA %u, drive 0x%x, %s reads\n", size, lba, bi.drive,
            disk_uses_edd() ? "EDD" : "CHS");
    check_kernel(lba, size, &plan);
    for (int i = 0; i < plan.nseg; i++) {
        const struct elf_seg *s = &plan.seg[i];
        cprintf("stage2: kernel: load [0x%x, 0x%x) file 0x%x bytes\n", s->paddr,
                s->paddr + s->memsz, s->filesz);
        uint64_t at = (uint64_t)lba * SECTOR_SIZE + s->off;
        if (disk_read_bytes(at, (void *)s->paddr, s->filesz) < 0)
            stop("kernel: disk read error");
        memset((uint8_t *)s->paddr + s->filesz, 0, s->memsz - s->filesz); /* BSS */
    }
    return plan.entry;
}

void stage2_main(void)
{
    replay_install(); /* test builds only (make replay): a fake memory-map BIOS */
    console_init((volatile uint16_t *)CGA_PHYS);
    cprintf("stage2: %s, booted from %s, drive 0x%x\n", LOADER_NAME,
            s2_boot_from == S2_FROM_PXE ? "pxe" : "disk", s2_boot_drive);
    replay_announce();
    start_bootinfo();
    step_memory();
    step_a20();
    uint32_t entry = step_kernel();
    cprintf("stage2: entering kernel at 0x%x, boot-info at 0x%x\n", entry, (uint32_t)&bi);
    enter_kernel(entry, replay_handoff(&bi));
}
