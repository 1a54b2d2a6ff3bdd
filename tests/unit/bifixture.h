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
 * + 16 (uefi_flags, efi_desc_size, efi_desc_version, efi_count) + 48 (fb: 2*8 + 8*4)
 * + 512 * 28 (efi: 4 + 3*8) + 3 * 8 (tsc) + 8 (smbios) = 22964.
 */
#define BI_SIZE 22964u

/*
 * bifixture_m128 - *bi as stage two builds it after a QEMU -m 128 disk boot:
 * SeaBIOS's six E820 entries and their sanitized map (written out here, not
 * computed), boot option "qemu-exit".
 */
void bifixture_m128(struct bootinfo *bi);

/*
 * bifixture_uefi - *bi as the UEFI loader builds it: four UEFI descriptors
 * (DescriptorSize 48), their sanitized E820 view, a 1280x800 BGRX GOP
 * framebuffer at 0x80000000, Secure Boot off, source uefi-disk.
 */
void bifixture_uefi(struct bootinfo *bi);

#endif
