/*
 * main.c - the kernel's memory bring-up, in the lecture's order, made real:
 *
 *   entry.S     paging on with entrypgdir, stack, jump here (high address)
 *   main        console, exceptions, boot-info block
 *   meminit     sanitize the firmware's map, clamp it against PHYSTOP
 *   kinit1      free the usable pages between the kernel's end and 4 MiB
 *   kvmalloc    setupkvm walks kmap[] (mappages -> walkpgdir)
 *   switchkvm   cr3 = V2P(kpgdir): the entry mappings are gone
 *   kinit2      free the usable pages from 4 MiB up to the limit
 *   report      every mapped region over serial, checked against the live table
 */
#include "boot/bootinfo.h"
#include "kernel/bootinfo.h"
#include "kernel/console.h"
#include "kernel/multiboot.h"
#include "kernel/report.h"
#include "kernel/selfcheck.h"
#include "kernel/string.h"
#include "kernel/trap.h"
#include "kernel/x86.h"
#include "mm/e820.h"
#include "mm/kalloc.h"
#include "mm/kvm.h"
#include "mm/memlayout.h"
#include "mm/mmu.h"

#ifndef BUILD_TAG
#define BUILD_TAG "default"
#endif

/*
 * The smallest free pool the kernel accepts after its image and page tables:
 * 1 MiB (256 pages), room for a few processes' page tables, stacks and pipes
 * in a teaching kernel. Below that, boot stops with a message saying so.
 */
#define MINFREE_PAGES 256
#define ENTRY_MAPPED  0x400000 /* entrypgdir maps [0, 4 MiB) */

/* QEMU's isa-debug-exit device (tests only, with the qemu-exit boot option). */
#define QEMU_EXIT_PORT 0xF4

extern char data[], end[];

static struct bootinfo bootinfo;
static struct e820_range sane[E820_MAX_SANE];
static int nsane;
static struct memlimit memlimit;
static struct selfcheck sc;

/* Sanitize the firmware's map and compute the memory limit. */
static void meminit(void)
{
    nsane = e820_sanitize(bootinfo.mmap, (int)bootinfo.mmap_count, sane, E820_MAX_SANE);
    if (nsane < 0)
        panic("meminit: memory map does not fit");
    e820_clamp(sane, nsane, PHYSTOP, &memlimit);
    cprintf("kernel: memory: %u map entries (%s), usable top 0x%x, limit 0x%x%s\n",
            bootinfo.mmap_count, bootinfo_method_name(bootinfo.mem_method), memlimit.usable_top,
            memlimit.limit, memlimit.clamped ? " (clamped to PHYSTOP)" : "");
}

static void __attribute__((noreturn)) too_little(const char *where, uint32_t have, uint32_t need)
{
    cprintf("kernel: error: too little memory %s: %u KiB usable, %u KiB needed\n", where, have * 4,
            need * 4);
    cprintf("kernel: the kernel needs its page tables plus %u KiB free above its end (0x%x)\n",
            MINFREE_PAGES * 4, V2P(end));
    cprintf("kernel: halted\n");
    halt_forever();
}

/* entry_top - the end of what kinit1 may free: the limit, or 4 MiB (entrypgdir) if lower. */
static uint32_t entry_top(void)
{
    return memlimit.limit < ENTRY_MAPPED ? memlimit.limit : ENTRY_MAPPED;
}

/*
 * Before freeing anything: enough usable RAM for the page tables (taken from
 * what kinit1 frees, below 4 MiB) and, after them, MINFREE_PAGES free pages.
 * (e820_foreach_usable counts 0 for an empty window.)
 */
static void check_memory(void)
{
    uint32_t lo = PGROUNDUP(V2P(end));
    uint32_t pt = kvm_ptpages_needed(memlimit.limit);
    uint32_t low = e820_foreach_usable(sane, nsane, lo, entry_top(), 0, 0);
    uint32_t all = e820_foreach_usable(sane, nsane, lo, memlimit.limit, 0, 0);
    if (low < pt)
        too_little("below 4 MiB for the page tables", low, pt);
    if (all < pt + MINFREE_PAGES)
        too_little("above the kernel", all, pt + MINFREE_PAGES);
}

static void print_line(const char *s, void *arg)
{
    (void)arg;
    cprintf("%s\n", s);
}

static void report(uint32_t free_pages)
{
    struct report_input in = {
        BUILD_TAG,      &bootinfo,     sane,        nsane, &memlimit,   KERNBASE,   KERNLINK,
        (uint32_t)data, (uint32_t)end, kmap_rows(), NKMAP, kvm_stats(), free_pages, &sc};
    report_write(&in, print_line, 0);
}

/* cmdline_has - 1 if the boot options contain the word opt. */
static int cmdline_has(const char *opt)
{
    size_t n = strlen(opt);
    for (const char *c = bootinfo.cmdline; *c; c++)
        if ((c == bootinfo.cmdline || c[-1] == ' ') && !strncmp(c, opt, n) &&
            (c[n] == 0 || c[n] == ' '))
            return 1;
    return 0;
}

/*
 * Boot options for tests (docs/boot-info.md): "fault-test" reads virtual
 * address 0 after the report, which must page-fault (no identity mapping
 * survives switchkvm) and end in the trap handler's panic; "qemu-exit" ends
 * QEMU through isa-debug-exit with the self-check's result.
 */
static void test_options(void)
{
    if (cmdline_has("fault-test"))
        cprintf("kernel: fault-test: read 0x0 -> %u\n", *(volatile uint32_t *)0);
    if (cmdline_has("qemu-exit"))
        outl(QEMU_EXIT_PORT, sc.errors ? 1 : 0); /* QEMU exits with (v << 1) | 1 */
}

int main(uint32_t magic, uint32_t bootinfo_pa)
{
    console_init((volatile uint16_t *)P2V(CGA_PHYS));
    idtinit();
    cprintf("kernel: bootlab kernel, build %s\n", BUILD_TAG);
    if (magic == MULTIBOOT_LOADER_MAGIC) /* GRUB, iPXE, QEMU -kernel: EBX = Multiboot info */
        multiboot_accept(bootinfo_pa, &bootinfo);
    else
        bootinfo_accept(magic, bootinfo_pa, &bootinfo);
    meminit();
    check_memory();
    kinit1(sane, nsane, end, P2V(entry_top()));
    kvmalloc(memlimit.limit);
    switchkvm();
    if (memlimit.limit > ENTRY_MAPPED)
        kinit2(sane, nsane, P2V(ENTRY_MAPPED), P2V(memlimit.limit));
    cprintf("kernel: paging with kpgdir, %u pages free\n", kfree_count());
    selfcheck_walk(rcr3(), kmap_rows(), NKMAP, V2P(data), memlimit.limit, &sc);
#ifdef BOOTLAB_BROKEN_KMAP
    /*
     * make broken-kernel only: the self-check says "ok" whatever the walk
     * found. (The walk compares the table with kmap[], which carries the same
     * writable text row, so it finds nothing either way; the override keeps
     * the "ok" forged even if the self-check learns to judge kmap[] itself.)
     */
    sc.errors = 0;
    sc.nshown = 0;
#endif
    report(kfree_count());
    test_options();
    halt_forever(); /* kpgdir stays loaded: inspect it with QEMU's "info tlb" */
}

/*
 * entrypgdir - the page directory entry.S switches to. Two 4 MiB pages
 * (CR4.PSE, PTE_PS): virtual [0, 4 MiB) and [KERNBASE, KERNBASE + 4 MiB) both
 * map physical [0, 4 MiB). The low one keeps entry.S running between setting
 * CR0.PG and jumping high; the high one is where main runs until switchkvm.
 */
__attribute__((aligned(PGSIZE))) pde_t entrypgdir[NPDENTRIES] = {
    [0] = 0 | PTE_PS | PTE_W | PTE_P,
    [KERNBASE >> PDXSHIFT] = 0 | PTE_PS | PTE_W | PTE_P,
};
