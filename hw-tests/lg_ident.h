/*
 * lg_ident.h - did the PC boot the kernel it is graded against?
 *
 * A seat is graded against its own ELF (the manifest's kernel column, or
 * kernel= on the command line). A PC that booted another build (a seat file
 * dnsmasq did not serve, a wrong file name, a stale build) must not pass on
 * the strength of a report that happens to agree. Today the identity is the
 * build tag: the string at the ELF's symbol 'build_tag' against the report's
 * "build=" (plus the ELF's 'data' and 'end', which lg_verify compares). A
 * digest of the kernel's text in the report is the exact identity; its
 * comparison belongs here too.
 */
#ifndef BOOTLAB_HW_TESTS_LG_IDENT_H
#define BOOTLAB_HW_TESTS_LG_IDENT_H

#include "hw-tests/lg_check.h"

/*
 * lg_identity - append the identity checks of rep against kernel k to out:
 * "kernel build" (expected the ELF's tag, reported the report's), when the
 * ELF carries a tag. Allocates nothing.
 */
void lg_identity(const struct lg_report *rep, const struct lg_kernel *k, struct lg_checks *out);

#endif
