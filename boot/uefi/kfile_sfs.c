/*
 * kfile_sfs.c - the kernel from a file system on the loader's device
 * (see kfile.h): its own volume, or iPXE's image file system.
 *
 * UEFI 2.10, 13.4 (EFI_SIMPLE_FILE_SYSTEM_PROTOCOL.OpenVolume) and 13.5
 * (EFI_FILE_PROTOCOL: Open, GetInfo with EFI_FILE_INFO / EFI_FILE_SYSTEM_INFO,
 * Read, Close).
 */
#include "boot/layout.h"
#include "boot/lerr.h"
#include "boot/uefi/kfile.h"
#include "lib/printf.h"

#define INFO_BYTES 512 /* EFI_FILE_INFO / EFI_FILE_SYSTEM_INFO plus a name or label */

static EFI_FILE_HANDLE open_root(EFI_HANDLE device)
{
    EFI_FILE_IO_INTERFACE *sfs = efi_protocol(device, &efi_guid_sfs);
    EFI_FILE_HANDLE root = 0;
    if (!sfs || EFI_ERROR(sfs->OpenVolume(sfs, &root)))
        return 0;
    return root;
}

/* 1 when the volume's label is "iPXE" (iPXE's efi_file.c names its file system so). */
static int is_ipxe(EFI_FILE_HANDLE root)
{
    static const CHAR16 label[] = L"iPXE";
    UINT64 buf[INFO_BYTES / 8];
    UINTN n = sizeof(buf);
    EFI_FILE_SYSTEM_INFO *fsi = (EFI_FILE_SYSTEM_INFO *)buf;
    if (EFI_ERROR(root->GetInfo(root, &efi_guid_fs_info, &n, buf)) || n < sizeof(*fsi))
        return 0;
    for (UINTN i = 0; i < sizeof(label) / sizeof(label[0]); i++)
        if (fsi->VolumeLabel[i] != label[i])
            return 0;
    return 1;
}

/* The file's size from EFI_FILE_INFO, or -1. */
static INT64 file_size(EFI_FILE_HANDLE f)
{
    UINT64 buf[INFO_BYTES / 8];
    UINTN n = sizeof(buf);
    if (EFI_ERROR(f->GetInfo(f, &efi_guid_file_info, &n, buf)))
        return -1;
    return (INT64)((EFI_FILE_INFO *)buf)->FileSize;
}

/* Read n bytes: Read may return fewer than asked (13.5.7), so loop. */
static int read_all(EFI_FILE_HANDLE f, UINT8 *dst, UINT32 n)
{
    for (UINT32 done = 0; done < n;) {
        UINTN k = n - done;
        if (EFI_ERROR(f->Read(f, &k, dst + done)) || k == 0)
            return -1;
        done += (UINT32)k;
    }
    return 0;
}

/* Read the open file f whole into a kernel buffer. */
static int load(EFI_FILE_HANDLE f, struct kfile *kf, char *why, UINTN size)
{
    INT64 n = file_size(f);
    if (n < 0) {
        ksnprintf(why, size, "kernel: cannot read the file's size (%s)", kf->what);
        return LERR_READ;
    }
    int r = kfile_alloc(kf, (UINT64)n, why, size);
    if (r < 0)
        return r;
    if (read_all(f, kf->data, kf->size) < 0) {
        ksnprintf(why, size, "kernel: %s read error", kf->what);
        return LERR_READ;
    }
    return 0;
}

int kfile_sfs(EFI_HANDLE device, struct kfile *kf, char *why, UINTN size)
{
    EFI_FILE_HANDLE root = open_root(device), f = 0;
    if (!root) {
        ksnprintf(why, size, "no file system on the boot device");
        return LERR_NOKERNEL;
    }
    int ipxe = kf->ipxe = is_ipxe(root);
    CHAR16 *path = ipxe ? KFILE_IPXE : KFILE_PATH;
    ksnprintf(kf->what, sizeof(kf->what),
              ipxe ? "iPXE image kernel.elf" : "disk \\bootlab\\kernel.elf");
    EFI_STATUS s = root->Open(root, &f, path, EFI_FILE_MODE_READ, 0);
    int r = LERR_NOKERNEL;
    if (EFI_ERROR(s))
        ksnprintf(why, size, "no kernel: %s: %s", kf->what, efi_status_name(s));
    else
        r = load(f, kf, why, size);
    if (f)
        f->Close(f);
    root->Close(root);
    return r;
}

/* The first line of \bootlab\cmdline.txt, if the volume has one. */
int kfile_sfs_cmdline(EFI_HANDLE device, char *out, UINTN n)
{
    EFI_FILE_HANDLE root = open_root(device), f = 0;
    UINTN k = n - 1;
    int r = -1;
    if (root && !EFI_ERROR(root->Open(root, &f, CMDLINE_PATH, EFI_FILE_MODE_READ, 0)) &&
        !EFI_ERROR(f->Read(f, &k, out))) {
        out[k] = 0;
        for (UINTN i = 0; i < k; i++)
            if (out[i] == '\r' || out[i] == '\n')
                out[i] = 0;
        r = 0;
    }
    if (f)
        f->Close(f);
    if (root)
        root->Close(root);
    return r;
}
