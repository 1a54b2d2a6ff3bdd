/*
 * bifixture.h - the boot-info block the unit tests start from.
 */
#ifndef BOOTLAB_TESTS_UNIT_BIFIXTURE_H
#define BOOTLAB_TESTS_UNIT_BIFIXTURE_H

#include "include/bootinfo.h"

/*
 * sizeof(struct bootinfo), added up by hand from include/bootinfo.h (packed):
 * 24 (fixed fields) + 32 (loader) + 128 (cmdline) + 148 (net: 8 + 3*4 + 128)
 * + 4 (mmap_count) + 128 * 24 (mmap) + 4 (sane_count) + 256 * 20 (sane)
 * + 3 * 8 (tsc) + 8 (smbios) = 8564.
 */
#define BI_SIZE 8564u

/*
 * bifixture_m128 - *bi as stage two builds it after a QEMU -m 128 disk boot:
 * SeaBIOS's six E820 entries and their sanitized map (written out here, not
 * computed), boot option "qemu-exit".
 */
void bifixture_m128(struct bootinfo *bi);

#endif
