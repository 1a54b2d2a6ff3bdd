/*
 * efi.h - the UEFI loader's view of the firmware.
 *
 * Types and protocol layouts come from gnu-efi's headers (Debian package
 * gnu-efi, /usr/include/efi), used as headers only: no libefi, no crt0. The
 * loader is built for the x86_64-unknown-windows target (clang + lld-link),
 * whose default calling convention is the one UEFI requires for x64 (UEFI
 * 2.10, 2.3.4.2: Microsoft x64); for IA-32 it is cdecl (2.3.2).
 *
 * The globals are set once by efi_main. After ExitBootServices only
 * efi_st->RuntimeServices remains callable, and the loader calls none
 * (before it, GetTime times the TFTP retries: efi_seconds).
 */
#ifndef BOOTLAB_BOOT_UEFI_EFI_H
#define BOOTLAB_BOOT_UEFI_EFI_H

#include <efi.h>

extern EFI_HANDLE efi_image;     /* this loader's image handle */
extern EFI_SYSTEM_TABLE *efi_st; /* UEFI 2.10, 4.3 */
extern EFI_BOOT_SERVICES *efi_bs;

/* Protocol and table GUIDs (UEFI 2.10 chapter numbers in efiutil.c). */
extern EFI_GUID efi_guid_loaded_image, efi_guid_device_path, efi_guid_sfs, efi_guid_file_info,
    efi_guid_fs_info, efi_guid_pxe_bc, efi_guid_gop, efi_guid_text_out, efi_guid_global_var,
    efi_guid_smbios, efi_guid_smbios3;

/* efi_status_name - "EFI_NOT_FOUND" etc., or "EFI status 0x..." in a static buffer. */
const char *efi_status_name(EFI_STATUS s);

/*
 * efi_seconds - the time of day in seconds (0..86399) from the real-time
 * clock (GetTime, UEFI 2.10, 8.3.1), or CLOCK_NONE (boot/clock.h) when the
 * firmware has no clock to give.
 */
uint32_t efi_seconds(void);

/* efi_protocol - the interface guid on handle, or 0 (HandleProtocol, UEFI 2.10, 7.3.7). */
void *efi_protocol(EFI_HANDLE handle, EFI_GUID *guid);

/* efi_pool - AllocatePool(EfiLoaderData, n) (UEFI 2.10, 7.2.4), or 0. */
void *efi_pool(UINTN n);
void efi_pool_free(void *p);

/* efi_config_table - the system table's configuration table guid (UEFI 2.10, 4.6), or 0. */
void *efi_config_table(EFI_GUID *guid);

/*
 * efi_path_has_uart - 1 when the device path at p (at most len bytes, all
 * instances) holds a UART node (UEFI 2.10, 10.3.4.13: messaging type 3,
 * subtype 14). Stops at a malformed node.
 */
int efi_path_has_uart(const void *p, UINTN len);

#endif
