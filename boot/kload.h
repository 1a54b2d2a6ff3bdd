/*
 * kload.h - the one path that loads the kernel ELF, whatever it is read from.
 *
 * A source (the boot disk: boot/ksrc_disk.c; the file a PXE boot fetched
 * over TFTP and staged in low memory: boot/pxe_tftp.c) hands out the kernel
 * file front to back. kload reads the first
 * page, runs elf_check (boot/elfcheck.c) on it, then reads each checked
 * segment's file bytes straight to its physical address, in file order, and
 * zero-fills its BSS.
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

/*
 * kload - read, check and load the kernel from src. The segments must obey
 * elf_check's rules against the sanitized map sane[0..nsane) (usable RAM,
 * the kernel window, clear of the loader). Prints one progress line per
 * segment. On success fills *plan (plan->entry is the entry point) and
 * returns 0. On failure writes "kernel: <what is wrong>" to why[size] and
 * returns a negative enum lerr (boot/lerr.h): LERR_ELF for an image that
 * breaks a rule, else the source's read error with the source's message;
 * memory may then hold part of the kernel.
 */
int kload(struct ksource *src, const struct e820_range *sane, int nsane, struct elf_plan *plan,
          char *why, uint32_t size);

#endif
