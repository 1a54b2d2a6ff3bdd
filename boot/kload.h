/*
 * kload.h - the one path that loads the kernel ELF, whatever it is read from.
 *
 * A source (the boot disk: boot/ksrc_disk.c; the file a PXE boot fetched
 * over TFTP and staged in low memory: boot/pxe_tftp.c; the file the UEFI
 * loader read whole first: boot/uefi/kfile.c) hands out the kernel file
 * front to back. kload reads the first page, runs elf_check
 * (boot/elfcheck.c) on it, lets the loader claim each segment's memory
 * (kload_ops.prepare), then reads each checked segment's file bytes straight
 * to its physical address, in file order, and zero-fills its BSS. Stage two
 * (disk, PXE) and the UEFI loader share it.
 */
#ifndef BOOTLAB_BOOT_KLOAD_H
#define BOOTLAB_BOOT_KLOAD_H

#include <stdint.h>
#include "boot/elfcheck.h"
#include "mm/e820.h"

/* The kernel ELF header and program headers are read from the first page. */
#define KLOAD_HDR_BYTES 4096

struct ksource {
    uint32_t size; /* bytes in the kernel file */
    /*
     * read - copy the file's bytes [off, off + len) to dst (any physical
     * address). kload asks for the file in order: each call's off is where
     * the previous call ended (sources that are streams rely on this).
     * Returns 0, or LERR_READ (or LERR_TFTP: the source's own kind of
     * failure) on a read error or a file that ends early, with
     * "kernel: <what failed>" in why[n].
     */
    int (*read)(struct ksource *src, uint32_t off, void *dst, uint32_t len, char *why, uint32_t n);
    void (*close)(struct ksource *src); /* may be 0; called once kload is done */
};

/* What a loader adds to kload; stage two needs neither (kload_ops pointer 0). */
struct kload_ops {
    const char *who; /* the progress lines' prefix: "uefi" (stage two: "stage2") */
    /*
     * prepare - may be 0. Called for every checked segment i of plan, in
     * program header order, before any is loaded: a loader that must claim
     * memory before it writes there (the UEFI loader: AllocatePages at the
     * segment's own address) does it here. Returns 0, or a negative enum
     * lerr with "kernel: <why>" in why[n]; kload then loads nothing.
     */
    int (*prepare)(const struct elf_plan *plan, int i, char *why, uint32_t n);
};

/*
 * ksource_memory - set up *src to read a file held whole in memory,
 * data[0..size): a PXE boot's staged kernel (boot/pxe_tftp.c), the UEFI
 * loader's kernel file (boot/uefi/kplace.c). A read past its end fails with
 * LERR_READ, the range named. One such source at a time: kload reads one.
 */
void ksource_memory(struct ksource *src, const void *data, uint32_t size);

/*
 * kload - read, check and load the kernel from src. The segments must obey
 * elf_check's rules against the sanitized map sane[0..nsane) (usable RAM,
 * the kernel window, clear of the loader); ops (may be 0) may claim their
 * memory first. Prints one progress line per segment. On success fills *plan
 * (plan->entry is the entry point) and returns 0. On failure writes
 * "kernel: <what is wrong>" to why[size] and returns a negative enum lerr
 * (boot/lerr.h): LERR_ELF for an image that breaks a rule, else the source's
 * read error with the source's message; memory may then hold part of the
 * kernel.
 */
int kload(struct ksource *src, const struct e820_range *sane, int nsane,
          const struct kload_ops *ops, struct elf_plan *plan, char *why, uint32_t size);

#endif
