/*
 * kvm.h - the kernel's own address space: kmap[], kvmalloc, switchkvm.
 */
#ifndef BOOTLAB_MM_KVM_H
#define BOOTLAB_MM_KVM_H

#include <stdint.h>
#include "mm/vm.h"

#define NKMAP 4 /* rows of kmap[] */

/* kmap - the kernel's rows, with the data row ending at the memory limit. */
const struct kmap *kmap_rows(void);

/*
 * kvmalloc - build the kernel page table (kpgdir) from kmap[] for memory
 * limit 'limit' (page-aligned, at most PHYSTOP). Panics if memory runs out.
 */
void kvmalloc(uint32_t limit);

/* switchkvm - load cr3 with V2P(kpgdir): from here on only kmap[] is mapped. */
void switchkvm(void);

/* kvm_stats - page-table totals of the table kvmalloc built. */
const struct kvmstats *kvm_stats(void);

/* kvm_ptpages_needed - pages setupkvm will use for limit, computed from kmap[] alone. */
uint32_t kvm_ptpages_needed(uint32_t limit);

#endif
