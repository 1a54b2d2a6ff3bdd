/*
 * efiutil.c - small helpers over UEFI boot services (see efi.h).
 */
#include "boot/clock.h"
#include "boot/uefi/efi.h"
#include "lib/printf.h"
#include "lib/string.h"

EFI_HANDLE efi_image;
EFI_SYSTEM_TABLE *efi_st;
EFI_BOOT_SERVICES *efi_bs;

EFI_GUID efi_guid_loaded_image = EFI_LOADED_IMAGE_PROTOCOL_GUID;   /* UEFI 2.10, 9.1 */
EFI_GUID efi_guid_device_path = EFI_DEVICE_PATH_PROTOCOL_GUID;     /* 10.2 */
EFI_GUID efi_guid_sfs = EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_GUID;      /* 13.4 */
EFI_GUID efi_guid_file_info = EFI_FILE_INFO_ID;                    /* 13.5.16 */
EFI_GUID efi_guid_fs_info = EFI_FILE_SYSTEM_INFO_ID;               /* 13.5.17 */
EFI_GUID efi_guid_pxe_bc = EFI_PXE_BASE_CODE_PROTOCOL_GUID;        /* 24.3 */
EFI_GUID efi_guid_gop = EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID;         /* 12.9 */
EFI_GUID efi_guid_text_out = EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL_GUID; /* 12.4 */
EFI_GUID efi_guid_global_var = EFI_GLOBAL_VARIABLE;                /* 3.3 */
EFI_GUID efi_guid_smbios = SMBIOS_TABLE_GUID;                      /* 4.6: SMBIOS 2 "_SM_" */
EFI_GUID efi_guid_smbios3 = SMBIOS3_TABLE_GUID;                    /* 4.6: SMBIOS 3 "_SM3_" */

/* UEFI 2.10, appendix D: status codes; errors have the top bit set. 29 and 30 are unused. */
const char *efi_status_name(EFI_STATUS s)
{
    static const char *const errs[] = {
        "EFI_SUCCESS",          "EFI_LOAD_ERROR",           "EFI_INVALID_PARAMETER",
        "EFI_UNSUPPORTED",      "EFI_BAD_BUFFER_SIZE",      "EFI_BUFFER_TOO_SMALL",
        "EFI_NOT_READY",        "EFI_DEVICE_ERROR",         "EFI_WRITE_PROTECTED",
        "EFI_OUT_OF_RESOURCES", "EFI_VOLUME_CORRUPTED",     "EFI_VOLUME_FULL",
        "EFI_NO_MEDIA",         "EFI_MEDIA_CHANGED",        "EFI_NOT_FOUND",
        "EFI_ACCESS_DENIED",    "EFI_NO_RESPONSE",          "EFI_NO_MAPPING",
        "EFI_TIMEOUT",          "EFI_NOT_STARTED",          "EFI_ALREADY_STARTED",
        "EFI_ABORTED",          "EFI_ICMP_ERROR",           "EFI_TFTP_ERROR",
        "EFI_PROTOCOL_ERROR",   "EFI_INCOMPATIBLE_VERSION", "EFI_SECURITY_VIOLATION",
        "EFI_CRC_ERROR",        "EFI_END_OF_MEDIA",         "EFI status 29",
        "EFI status 30",        "EFI_END_OF_FILE",          "EFI_INVALID_LANGUAGE",
        "EFI_COMPROMISED_DATA", "EFI_IP_ADDRESS_CONFLICT",  "EFI_HTTP_ERROR",
    };
    /* The network errors, numbered from 100 (ICMP destination unreachable, TCP). */
    static const char *const net[] = {
        "EFI_NETWORK_UNREACHABLE", "EFI_HOST_UNREACHABLE", "EFI_PROTOCOL_UNREACHABLE",
        "EFI_PORT_UNREACHABLE",    "EFI_CONNECTION_FIN",   "EFI_CONNECTION_RESET",
        "EFI_CONNECTION_REFUSED",
    };
    static char other[40];
    UINTN code = s & ~EFI_ERROR_MASK;
    if (s == 0 || (EFI_ERROR(s) && code < sizeof(errs) / sizeof(errs[0])))
        return errs[code];
    if (EFI_ERROR(s) && code >= 100 && code < 100 + sizeof(net) / sizeof(net[0]))
        return net[code - 100];
    ksnprintf(other, sizeof(other), "EFI status 0x%llx", (unsigned long long)s);
    return other;
}

uint32_t efi_seconds(void)
{
    EFI_TIME t;
    if (EFI_ERROR(efi_st->RuntimeServices->GetTime(&t, 0)) || t.Hour > 23 || t.Minute > 59 ||
        t.Second > 59)
        return CLOCK_NONE;
    return (uint32_t)t.Hour * 3600 + (uint32_t)t.Minute * 60 + t.Second;
}

void *efi_protocol(EFI_HANDLE handle, EFI_GUID *guid)
{
    void *iface = 0;
    if (!handle || EFI_ERROR(efi_bs->HandleProtocol(handle, guid, &iface)))
        return 0;
    return iface;
}

void *efi_pool(UINTN n)
{
    void *p = 0;
    if (EFI_ERROR(efi_bs->AllocatePool(EfiLoaderData, n, &p)))
        return 0;
    return p;
}

void efi_pool_free(void *p)
{
    if (p)
        efi_bs->FreePool(p);
}

void *efi_config_table(EFI_GUID *guid)
{
    for (UINTN i = 0; i < efi_st->NumberOfTableEntries; i++)
        if (!memcmp(&efi_st->ConfigurationTable[i].VendorGuid, guid, sizeof(*guid)))
            return efi_st->ConfigurationTable[i].VendorTable;
    return 0;
}

/* UEFI 2.10, 10.3.1: every node starts with Type, SubType and a 16-bit Length (>= 4). */
int efi_path_has_uart(const void *p, UINTN len)
{
    const UINT8 *n = p;
    UINTN off = 0;
    while (len - off >= 4) {
        UINT16 nlen = (UINT16)(n[off + 2] | n[off + 3] << 8);
        if (nlen < 4 || nlen > len - off)
            return 0; /* malformed: say no rather than read past it */
        if (n[off] == MESSAGING_DEVICE_PATH && n[off + 1] == MSG_UART_DP)
            return 1;
        if (n[off] == END_DEVICE_PATH_TYPE && n[off + 1] == END_ENTIRE_DEVICE_PATH_SUBTYPE)
            return 0;
        off += nlen; /* an end-of-instance node (0x7F/0x01) just continues */
    }
    return 0;
}
