/*
 * stage2.c - stage two, in 32-bit protected mode (boot/stage2_entry.S got us
 * here). In order, each step announced on the console so a PC that stops
 * says where:
 *   1. console (COM1 + screen)
 *   2. memory map (INT 15h E820h / E801h / 88h, through the real-mode thunk),
 *      sanitized once, here, for the ELF checks and for the kernel
 *   3. A20
 *   4. the kernel, from the disk or (PXE boot: boot/pxe.c) over TFTP: read
 *      its ELF header, check it, load its segments, zero BSS (boot/kload.c)
 *   5. hand-off: boot-info block in EBX, jump to the ELF entry
 * It reads the time-stamp counter at its start, once the map is in, and right
 * before the jump (the block's tsc[], docs/boot-info.md "TSC stamps").
 */
#include "boot/a20.h"
#include "boot/bios.h"
#include "boot/kload.h"
#include "boot/ksrc_disk.h"
#include "boot/layout.h"
#include "boot/memdetect.h"
#include "boot/pxe.h"
#include "boot/stamp.h"
#include "drivers/serial/uart.h"
#include "drivers/vga/vgatext.h"
#include "include/bootinfo.h"
#include "lib/console.h"
#include "lib/string.h"
#include "lib/x86.h"
#include "mm/e820.h"

#define LOADER_NAME "bootlab-stage2/1"

void stage2_main(void); /* called by stage2_entry.S in protected mode */
void enter_kernel(uint32_t entry, struct bootinfo *bi) __attribute__((noreturn));
extern uint8_t s2hdr[STAGE2_HDR_SIZE];

static struct bootinfo bi;

/* Every failure of the loader ends here: the message, then a halt with interrupts off. */
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

/*
 * The console: the UART and the VGA text screen (physical addresses: paging
 * is off). The UART is COM1 at the build's speed unless the boot options in
 * this image's header say com= or baud= (a PC whose serial port is a PCIe
 * card, a console server at another speed).
 */
static void step_console(void)
{
    char opts[S2H_CMDLINE_LEN];
    uint16_t port = UART_PORT;
    uint32_t baud = UART_BAUD;

    memcpy(opts, s2hdr + S2H_CMDLINE, sizeof(opts));
    opts[sizeof(opts) - 1] = 0;
    const char *why = uart_options(opts, &port, &baud);
    uart_init(port, baud);
    console_attach(&uart_console);
    vgatext_init((volatile uint16_t *)VGA_TEXT_PHYS);
    console_attach(&vgatext_console);
    if (why)
        cprintf("stage2: boot options: %s; the console stays at port 0x%x, %u baud\n", why, port,
                baud);
    else if (port != UART_PORT || baud != UART_BAUD)
        cprintf("stage2: console at I/O port 0x%x, %u baud (boot options)\n", port, baud);
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

/* The firmware's map into the block, and its sanitized form beside it. */
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
    int nsane = e820_sanitize(bi.mmap, (int)bi.mmap_count, bi.sane, BOOTINFO_SANE_MAX);
    if (nsane <= 0)
        stop("the memory map holds no usable entries");
    bi.sane_count = (uint32_t)nsane;
}

static void step_a20(void)
{
    int how = a20_enable();
    if (how < 0)
        stop("A20 cannot be enabled (tried BIOS 2401h, port 92h, keyboard controller)");
    cprintf("stage2: A20 on (%s)\n", a20_name(how));
}

/* A PXE boot: the PXE API and this PC's DHCP identity (boot/pxe.c). */
static void step_pxe(void)
{
    char why[200];
    if (s2_boot_from == S2_FROM_PXE && pxe_start(&bi, why, sizeof(why)) < 0)
        stop(why);
}

/* Open the kernel file on the disk or, for a PXE boot, on the TFTP server; load it. */
static uint32_t step_kernel(void)
{
    struct ksource src;
    struct elf_plan plan;
    char why[200];
    int err = s2_boot_from == S2_FROM_PXE
                  ? pxe_open_kernel(&src, &bi, why, sizeof(why))
                  : ksrc_disk_open(&src, bi.drive, hdr32(S2H_KERNEL_LBA), hdr32(S2H_KERNEL_SIZE),
                                   hdr32(S2H_FLAGS) & S2F_FORCE_CHS, why, sizeof(why));
    if (err == 0)
        err = kload(&src, bi.sane, (int)bi.sane_count, 0, &plan, why, sizeof(why));
    if (err < 0)
        stop(why);
    return plan.entry;
}

void stage2_main(void)
{
    loader_stamp(&bi, BI_TSC_LOADER);
    step_console();
    cprintf("stage2: %s, booted from %s, drive 0x%x\n", LOADER_NAME,
            s2_boot_from == S2_FROM_PXE ? "pxe" : "disk", s2_boot_drive);
    start_bootinfo();
    step_pxe();
    step_memory();
    loader_stamp(&bi, BI_TSC_MAP);
    step_a20();
    uint32_t entry = step_kernel();
    cprintf("stage2: entering kernel at 0x%x, boot-info at 0x%x\n", entry, (uint32_t)&bi);
    loader_stamp(&bi, BI_TSC_LOADED);
    enter_kernel(entry, &bi);
}
