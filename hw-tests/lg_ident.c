/*
 * lg_ident.c - the kernel's identity (see lg_ident.h).
 */
#include "hw-tests/lg_ident.h"

#include <string.h>

void lg_identity(const struct lg_report *rep, const struct lg_kernel *k, struct lg_checks *out)
{
    if (!k->tag[0])
        return; /* an ELF from before build tags were symbols: nothing to compare */
    lg_check_add(out, "kernel build", (rep->have & LG_HAVE_BOOT) && !strcmp(rep->build, k->tag),
                 k->tag, rep->have & LG_HAVE_BOOT ? rep->build : "(missing)");
}
