/*
 * bifixture.h - the boot-info block the unit tests start from.
 */
#ifndef BOOTLAB_TESTS_UNIT_BIFIXTURE_H
#define BOOTLAB_TESTS_UNIT_BIFIXTURE_H

#include "include/bootinfo.h"

/* sizeof(struct bootinfo): include/bootinfo.h states it once, and checks it against the struct. */
#define BI_SIZE ((uint32_t)BOOTINFO_SIZE)

/*
 * bifixture_m128 - *bi as stage two builds it after a QEMU -m 128 disk boot:
 * SeaBIOS's six E820 entries and their sanitized map (written out here, not
 * computed), boot option "qemu-exit".
 */
void bifixture_m128(struct bootinfo *bi);

#endif
