/*
 * main.c - the kernel's memory bring-up, in the lecture's order, made real:
 *
 *   entry.S       paging on with entrypgdir, stack, jump here (high address)
 *   main          console, exceptions, the loader's hand-off
 *   identify      CPUID and SMBIOS: which machine this is
 *   meminit       the loader's sanitized map, clamped against PHYSTOP
 *   kmap_setlimit the data row of kmap[] ends at the limit, not PHYSTOP
 *   kinit1        free the usable pages between the kernel's end and ENTRYMAP
 *   kvmalloc      setupkvm walks kmap[] (mappages -> walkpgdir), switchkvm
 *   kinit2        free the usable pages from ENTRYMAP up to the limit
 *   report        every mapped region over serial, checked against the live table
 *   resend_serve  halt, sending the report again whenever the console asks
 * The TSC marks the milestones on the way (kernel/clock.h).
 */
#include "drivers/serial/uart.h"
#include "drivers/vga/vgatext.h"
#include "include/bootinfo.h"
#include "kernel/clock.h"
#include "kernel/handoff.h"
#include "kernel/identity.h"
#include "kernel/khash.h"
#include "kernel/report.h"
#include "kernel/resend.h"
#include "kernel/screen.h"
#include "kernel/selfcheck.h"
#include "kernel/stop.h"
#include "kernel/trap.h"
#include "lib/cmdline.h"
#include "lib/console.h"
#include "lib/string.h"
#include "lib/x86.h"
#include "mm/e820.h"
#include "mm/kalloc.h"
#include "mm/memlayout.h"
#include "mm/mmu.h"
#include "mm/vm.h"

#ifndef BUILD_TAG
#define BUILD_TAG "default"
#endif

/*
 * The smallest free pool the kernel accepts after its image and page tables:
 * 1 MiB (256 pages), room for a few processes' page tables, stacks and pipes
 * in a teaching kernel. Below that, boot stops with a message saying so.
 */
#define MINFREE_PAGES 256

/* QEMU's isa-debug-exit device (tests only, with the qemu-exit boot option). */
#define QEMU_EXIT_PORT 0xF4

_Static_assert(ENTRYMAP == 1u << PDXSHIFT, "entrypgdir maps ENTRYMAP with one 4 MiB page");

extern char data[], end[];

/*
 * The build's tag as a symbol of its own: the grader reads it from the ELF
 * and compares it with the report's build= (it lies in the hashed rodata).
 */
const char build_tag[] = BUILD_TAG;

static struct bootinfo bootinfo;
static struct machine_id machine;
static struct memlimit memlimit;
static struct selfcheck sc;
static struct report_khash khash;
static char early_log[4096]; /* the lines a framebuffer screen shows once it is mapped */
static struct milestones ms; /* the tsc and milestone lines: taken once, before the first copy */
static int bigpages;         /* the boot option: the data row in 4 MiB pages */
static uint32_t console_baud = UART_BAUD; /* the console's speed in use (console_options) */

/*
 * The console: the UART and the VGA text screen, both through KERNBASE from
 * here on. The lines are also kept, for a UEFI PC's framebuffer, which the
 * kernel can only draw on after switchkvm (kernel/screen.c).
 */
static void consoleinit(void)
{
    console_keep(early_log, sizeof(early_log));
    uart_init(UART_PORT, UART_BAUD);
    console_attach(&uart_console);
    vgatext_init((volatile uint16_t *)P2V(VGA_TEXT_PHYS));
    console_attach(&vgatext_console);
}

/*
 * The UART where the boot options put it (com=, baud=; the loader used the
 * same options). The lines before this went to the build's default port:
 * on a PC without COM1 only the screen showed them, so the first line is
 * said again on the new port.
 */
static void console_options(void)
{
    uint16_t port = UART_PORT;
    uint32_t baud = UART_BAUD;
    const char *why = uart_options(bootinfo.cmdline, &port, &baud);

    if (why) {
        cprintf("kernel: boot options: %s; the console stays at port 0x%x, %u baud\n", why, port,
                baud);
        return;
    }
    if (port == UART_PORT && baud == UART_BAUD)
        return;
    uart_init(port, baud);
    console_baud = baud;
    cprintf("kernel: console at I/O port 0x%x, %u baud (boot options)\n", port, baud);
    cprintf("kernel: bootlab kernel, build %s\n", build_tag);
}

/* Clamp the loader's sanitized map against PHYSTOP: the memory limit. */
static void meminit(void)
{
    e820_clamp(bootinfo.sane, (int)bootinfo.sane_count, PHYSTOP, &memlimit);
    cprintf("kernel: memory: %u map entries (%s), usable top 0x%x, limit 0x%x%s\n",
            bootinfo.mem_method == MEM_UEFI ? bootinfo.efi_count : bootinfo.mmap_count,
            bootinfo_method_name(bootinfo.mem_method), memlimit.usable_top, memlimit.limit,
            memlimit.clamped ? " (clamped to PHYSTOP)" : "");
}

/* The end of kinit1's range: the memory limit, or ENTRYMAP (all entrypgdir maps) if lower. */
static uint32_t kinit1_limit(void)
{
    return memlimit.limit < ENTRYMAP ? memlimit.limit : ENTRYMAP;
}

static void __attribute__((noreturn)) too_little(const char *where, uint32_t have, uint32_t need)
{
    stop("too little memory %s: %u KiB usable, %u KiB needed (the page tables plus %u KiB free "
         "above the kernel's end, 0x%x)",
         where, have * 4, need * 4, MINFREE_PAGES * 4, V2P(end));
}

/*
 * Before freeing anything: enough usable RAM for the page tables (taken from
 * what kinit1 frees, below ENTRYMAP) and, after them, MINFREE_PAGES free pages.
 */
static void check_memory(void)
{
    const struct e820_range *sane = bootinfo.sane;
    int nsane = (int)bootinfo.sane_count;
    uint32_t lo = PGROUNDUP(V2P(end));
    uint32_t pt = kmap_ptpages();
    uint32_t low = e820_foreach_usable(sane, nsane, lo, kinit1_limit(), 0, 0);
    uint32_t all = e820_foreach_usable(sane, nsane, lo, memlimit.limit, 0, 0);
    if (low < pt)
        too_little("below 4 MiB for the page tables", low, pt);
    if (all < pt + MINFREE_PAGES)
        too_little("above the kernel", all, pt + MINFREE_PAGES);
}

/* One report line to the console; *arg counts the bytes on the wire, CR LF included. */
static void print_line(const char *s, void *arg)
{
    *(uint32_t *)arg += (uint32_t)strlen(s) + 2;
    cprintf("%s\n", s);
}

/*
 * One copy of the report (kernel/report.c), then how long it took on the
 * serial line at the console's speed: every byte from the begin marker to
 * the end marker's LF. Every copy has the same lines: nothing it prints is
 * measured here (the clock lines were taken before the first copy).
 */
static void report(uint32_t copy)
{
    uint32_t bytes = 0;
    struct report_input in = {
        .build = build_tag,
        .bi = &bootinfo,
        .ml = &memlimit,
        .kernbase = KERNBASE,
        .kernlink = KERNLINK,
        .data = (uint32_t)data,
        .end = (uint32_t)end,
        .kmap = kmap_rows(),
        .nkmap = kmap_count(),
        .free_pages = kfree_count(),
        .sc = &sc,
        .khash = &khash,
        .id = &machine,
        .ms = &ms,
        .bigpages = bigpages,
        .copy = copy,
    };
    report_write(&in, print_line, &bytes);
    cprintf("kernel: report %u bytes, %u ms at %u baud\n", bytes,
            report_wire_ms(bytes, console_baud), console_baud);
}

/*
 * Boot options for tests (docs/boot-info.md): "fault-test" reads virtual
 * address 0 after the report, which must page-fault (no identity mapping
 * survives switchkvm) and end in the trap handler's panic; "qemu-exit" ends
 * QEMU through isa-debug-exit with the self-check's result.
 */
static void test_options(void)
{
    if (cmdline_has(bootinfo.cmdline, "fault-test"))
        cprintf("kernel: fault-test: read 0x0 -> %u\n", *(volatile uint32_t *)0);
    if (cmdline_has(bootinfo.cmdline, "qemu-exit"))
        outl(QEMU_EXIT_PORT, sc.errors ? 1 : 0); /* QEMU exits with (v << 1) | 1 */
}

int main(uint32_t magic, uint32_t bootinfo_pa)
{
    clock_start();
    consoleinit();
    idtinit();
    cprintf("kernel: bootlab kernel, build %s\n", build_tag);
    handoff_accept(magic, bootinfo_pa, &bootinfo);
    screen_choose(&bootinfo);
    console_options();
    clock_loader(&bootinfo);
    identify(&bootinfo, &machine);
    meminit();
    kmap_setlimit(memlimit.limit);
    bigpages = cmdline_has(bootinfo.cmdline, "bigpages");
    kmap_setbig(bigpages);
    check_memory();
    kinit1(bootinfo.sane, (int)bootinfo.sane_count, end, P2V(kinit1_limit()));
    milestone(MS_KINIT1);
    kvmalloc();
    milestone(MS_KVMALLOC);
    screen_start();
    if (memlimit.limit > ENTRYMAP)
        kinit2(bootinfo.sane, (int)bootinfo.sane_count, P2V(ENTRYMAP), P2V(memlimit.limit));
    cprintf("kernel: paging with kpgdir%s, %u pages free\n", bigpages ? " (4 MiB pages)" : "",
            kfree_count());
    selfcheck_walk(rcr3(), kmap_rows(), kmap_count(), V2P(data), memlimit.limit, bigpages, &sc);
    khash_measure(&khash);
    milestone(MS_REPORT);
    clock_finish(&machine.cpu, &ms);
    report(1);
    test_options();
    resend_serve(report); /* kpgdir stays loaded: inspect it with QEMU's "info tlb" */
}

/*
 * entrypgdir - the page directory entry.S switches to. Two 4 MiB pages
 * (CR4.PSE, PTE_PS): virtual [0, ENTRYMAP) and [KERNBASE, KERNBASE +
 * ENTRYMAP) both map physical [0, ENTRYMAP). The low one keeps entry.S
 * running between setting CR0.PG and jumping high; the high one is where
 * main runs until switchkvm.
 */
__attribute__((aligned(PGSIZE))) pde_t entrypgdir[NPDENTRIES] = {
    [0] = 0 | PTE_PS | PTE_W | PTE_P,
    [KERNBASE >> PDXSHIFT] = 0 | PTE_PS | PTE_W | PTE_P,
};
