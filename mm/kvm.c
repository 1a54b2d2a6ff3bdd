/*
 * kvm.c - the kernel's address space, described once as data (kmap[]) and
 * built by setupkvm (mm/vm.c). The lecture's table, with PHYSTOP replaced by
 * the limit computed from the firmware's memory map.
 */
#include "lib/console.h"
#include "lib/x86.h"
#include "mm/kalloc.h"
#include "mm/kvm.h"
#include "mm/memlayout.h"

extern char data[]; /* first byte of the kernel's writable data (kernel.ld) */

/*
 * The lecture's kmap[]. The data row is written with PHYSTOP, as in xv6; at
 * boot kvmalloc() replaces that end with the limit computed from the memory
 * map (min(PHYSTOP, top of usable RAM)), so a 64 MiB PC is not given page
 * tables for memory it does not have.
 */
static struct kmap kmap[NKMAP] = {
    /* I/O space: BIOS data, VGA text at 0xB8000, the boot-info block. */
    {"io", KERNBASE, 0, EXTMEM, PTE_W},
#ifdef BOOTLAB_BROKEN_KMAP
    /*
     * make broken-kernel only (docs/grading.md, "Simulated lab"): the text
     * row made writable, the deliberate bug the grader must catch. The report
     * prints it as it is (perm=rw); main.c forges the self-check's "ok".
     */
    {"text", KERNLINK, V2P_WO(KERNLINK), V2P(data), PTE_W},
#else
    /* Kernel text and read-only data: CR0.WP makes these read-only to the kernel too. */
    {"text", KERNLINK, V2P_WO(KERNLINK), V2P(data), 0},
#endif
    /* Kernel data, bss, and the free memory kalloc hands out. */
    {"data", (uint32_t)data, V2P(data), PHYSTOP, PTE_W},
    /* Memory-mapped devices (I/O APIC, local APIC, ...), identity-mapped up to 4 GiB. */
    {"dev", DEVSPACE, DEVSPACE, 0, PTE_W},
};
#define KMAP_DATA 2

static pde_t *kpgdir;
static struct kvmstats kstats;

/* End the data row at the memory limit instead of PHYSTOP. */
static void kmap_fixup(uint32_t limit)
{
    kmap[KMAP_DATA].phys_end = limit;
}

const struct kmap *kmap_rows(void)
{
    return kmap;
}

uint32_t kvm_ptpages_needed(uint32_t limit)
{
    uint32_t pdes[NPDENTRIES / 32] = {0};
    uint32_t n = 1; /* the directory */
    kmap_fixup(limit);
    for (int i = 0; i < NKMAP; i++) {
        uint64_t bytes = kmap_bytes(&kmap[i]);
        if (bytes == 0)
            continue;
        for (uint32_t d = PDX(kmap[i].virt); d <= PDX(kmap[i].virt + bytes - 1); d++) {
            if (!(pdes[d / 32] & (1u << (d % 32))))
                n++;
            pdes[d / 32] |= 1u << (d % 32);
        }
    }
    return n;
}

void kvmalloc(uint32_t limit)
{
    kmap_fixup(limit);
    kpgdir = setupkvm(kmap, NKMAP, kalloc, &kstats);
    if (kpgdir == 0)
        panic("kvmalloc: out of memory for page tables");
}

void switchkvm(void)
{
    lcr3(V2P(kpgdir));
}

const struct kvmstats *kvm_stats(void)
{
    return &kstats;
}
