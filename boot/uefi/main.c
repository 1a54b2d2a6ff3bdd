/*
 * main.c - the UEFI loader: an x86-64 (or IA-32) UEFI application that boots
 * the lecture's 32-bit kernel, the way stage two does (boot/stage2.c). In
 * order, each step announced on the console so a PC that stops says where:
 *   1. console (ConOut, COM1: con.c) and the screen (GOP: gop.c)
 *   2. memory map (GetMemoryMap: memmap.c), converted to E820 (mm/efimap.c)
 *      and sanitized (mm/e820.c) to check the kernel against it
 *   3. the kernel file: own volume, iPXE's files or PXE TFTP (kfile*.c)
 *   4. Secure Boot: with it on, the kernel's SHA-256 must be the built-in one
 *   5. the kernel through stage two's loader (boot/kload.c), each segment's
 *      pages allocated at its p_paddr first (kplace.c)
 *   6. ExitBootServices with the map's key, the final map into the boot-info
 *      block, and the jump to 32-bit protected mode (handoff.c, trampoline.S)
 * It also stamps the TSC at its start, once the map is in and before the jump
 * (the report's loader milestones), and passes the SMBIOS entry point on.
 * Only this file stops the loader: every step returns 0 or a negative enum
 * lerr (boot/lerr.h) with its message, which stop() prints.
 */
#include "boot/lerr.h"
#include "boot/stamp.h"
#include "boot/uefi/con.h"
#include "boot/uefi/efi.h"
#include "boot/uefi/gop.h"
#include "boot/uefi/handoff.h"
#include "boot/uefi/kfile.h"
#include "boot/uefi/kplace.h"
#include "boot/uefi/memmap.h"
#include "boot/uefi/secboot.h"
#include "include/bootinfo.h"
#include "lib/cmdline.h"
#include "lib/console.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "lib/x86.h"
#include "mm/e820.h"
#include "mm/efimap.h"

#define LOADER_NAME "bootlab-uefi/1"

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st);

static struct bootinfo bi;
static struct memmap map;
static struct fbcon_mode screen;
static int have_screen;
static char why[256];

/*
 * Every failure of the loader ends here: the message, then a halt with
 * interrupts off. The loader takes the screen over from the firmware first,
 * so the last lines read as they would after ExitBootServices.
 */
static void __attribute__((noreturn)) stop(const char *what)
{
    con_own_devices(have_screen ? &screen : 0);
    cprintf("uefi: error: %s\n", what);
    cprintf("uefi: halted\n");
    halt_forever();
}

static void start_bootinfo(EFI_LOADED_IMAGE *li)
{
    bi.magic = BOOTINFO_MAGIC;
    bi.version = BOOTINFO_VERSION;
    bi.size = sizeof(bi);
    bi.source = BOOT_UEFI_DISK;
    bi.mem_method = MEM_UEFI;
    strlcpy(bi.loader, LOADER_NAME, sizeof(bi.loader));
    kfile_cmdline(li, bi.cmdline, sizeof(bi.cmdline));
    if (bi.cmdline[0])
        bi.flags |= BI_CMDLINE;
}

static void step_screen(void)
{
    uint32_t mode, modes;
    if (gop_find(&bi.fb, &screen, &mode, &modes, why, sizeof(why)) < 0) {
        cprintf("uefi: screen: %s (after ExitBootServices: serial only)\n", why);
        return;
    }
    have_screen = 1;
    bi.uefi_flags |= BI_UEFI_FB;
    cprintf("uefi: screen: GOP mode %u of %u, %ux%u, %u pixels per line, %s, framebuffer "
            "0x%llx (%llu bytes)\n",
            mode, modes, bi.fb.width, bi.fb.height, bi.fb.pitch, gop_format_name(bi.fb.format),
            (unsigned long long)bi.fb.base, (unsigned long long)bi.fb.size);
}

/*
 * The map as the kernel will see it - the descriptors converted by the
 * written rules (mm/efimap.h), then sanitized - into sane[SANE_MAX]. Returns
 * the sanitized count, or -1 with why.
 */
static int map_to_sane(const struct memmap *m, struct e820_range *sane)
{
    static struct e820_entry e820[BOOTINFO_EFI_MAX];
    int n = efimap_convert(m->buf, m->size, m->dsize, e820, BOOTINFO_EFI_MAX), k = -1;
    if (n >= 0)
        k = e820_sanitize(e820, n, sane, BOOTINFO_SANE_MAX);
    if (k <= 0)
        ksnprintf(why, sizeof(why), "memory map: %u descriptors give %s", (unsigned)memmap_count(m),
                  n < 0 || k < 0 ? "more E820 ranges than the boot-info block holds"
                                 : "no usable RAM");
    return k > 0 ? k : -1;
}

static void step_memory(void)
{
    int n;
    if (memmap_read(&map, why, sizeof(why)) < 0 || (n = map_to_sane(&map, bi.sane)) < 0)
        stop(why);
    bi.sane_count = (uint32_t)n;
    cprintf("uefi: memory map: %u descriptors (DescriptorSize %u, version %u), %d E820 ranges\n",
            (unsigned)memmap_count(&map), (unsigned)map.dsize, map.dver, n);
}

static void step_kernel(EFI_LOADED_IMAGE *li, struct kfile *kf)
{
    if (kfile_find(li->DeviceHandle, bi.cmdline, kf, why, sizeof(why)) < 0)
        stop(why);
    cprintf("uefi: kernel: %u bytes from %s\n", kf->size, kf->what);
    if (kf->net) {
        bi.source = BOOT_UEFI_NET;
        bi.net = kf->netinfo;
        bi.flags |= BI_NET_VALID;
    }
    if (!bi.cmdline[0] && kf->args[0]) { /* the seat file's options go to the kernel */
        strlcpy(bi.cmdline, kf->args, sizeof(bi.cmdline));
        bi.flags |= BI_CMDLINE;
    }
}

static void step_secure(const struct kfile *kf)
{
    struct secboot sb;
    secboot_state(&sb);
    int r = secboot_check(&sb, kf->data, kf->size, why, sizeof(why));
    cprintf("uefi: secure boot: %s%s, kernel sha256 %s (%s)\n", sb.on ? "on" : "off",
            sb.setup ? " (setup mode)" : "", sb.digest,
            sb.verified   ? "verified"
            : sb.built_in ? "differs from the built-in one"
                          : "not checked: no digest built in");
    if (r < 0)
        stop(why);
    bi.uefi_flags |= (sb.on ? BI_UEFI_SECUREBOOT : 0) | (sb.verified ? BI_UEFI_VERIFIED : 0);
}

/*
 * Where the firmware's SMBIOS entry point is (UEFI 2.10, 4.6): no fixed
 * address holds it on a UEFI PC, so the kernel takes it from the block
 * (docs/boot-info.md, "SMBIOS"). The 64-bit _SM3_ one first, as the kernel
 * prefers it too.
 */
static void step_smbios(void)
{
    void *t3 = efi_config_table(&efi_guid_smbios3), *t2 = efi_config_table(&efi_guid_smbios);
    bi.smbios = (uint64_t)(UINTN)(t3 ? t3 : t2);
    if (t3 || t2)
        cprintf("uefi: smbios: %s entry point at 0x%llx\n",
                t3 ? "SMBIOS 3 (_SM3_)" : "SMBIOS 2 (_SM_)", (unsigned long long)bi.smbios);
    else
        cprintf("uefi: smbios: none in the configuration table\n");
}

/* The final map's descriptors into the block, as the firmware gave them, and its sanitized view. */
static void fill_map(void)
{
    struct efimap_desc d;
    UINTN n = memmap_count(&map);
    int k;
    if (n > BOOTINFO_EFI_MAX) {
        ksnprintf(why, sizeof(why), "memory map: %u descriptors, the boot-info block holds %u",
                  (unsigned)n, BOOTINFO_EFI_MAX);
        stop(why);
    }
    for (UINTN i = 0; i < n; i++) {
        efimap_desc_at(map.buf, map.dsize, i, &d);
        bi.efi[i] = (struct bootinfo_efidesc){d.type, d.phys_start, d.pages, d.attr};
    }
    bi.efi_count = (uint32_t)n;
    bi.efi_desc_size = (uint32_t)map.dsize;
    bi.efi_desc_version = map.dver;
    if ((k = map_to_sane(&map, bi.sane)) < 0)
        stop(why);
    bi.sane_count = (uint32_t)k;
}

/* Leave boot services; from here on the console is COM1 and the framebuffer. */
static void step_exit(void)
{
    cprintf("uefi: exiting boot services\n"); /* before the map: ConOut output may change it */
    if (memmap_read(&map, why, sizeof(why)) < 0)
        stop(why);
    if (memmap_exit(&map, cmdline_has(bi.cmdline, "uefi-stale-key"), why, sizeof(why)) < 0)
        stop(why); /* boot services may be half gone: COM1 and the framebuffer need none */
    con_own_devices(have_screen ? &screen : 0);
    fill_map();
    cprintf("uefi: boot services exited (ExitBootServices call %d), final map %u descriptors, "
            "%u E820 ranges\n",
            map.exit_tries, bi.efi_count, bi.sane_count);
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
    struct kfile kf;
    struct elf_plan plan;
    loader_stamp(&bi, BI_TSC_LOADER);
    efi_image = image;
    efi_st = st;
    efi_bs = st->BootServices;
    efi_bs->SetWatchdogTimer(0, 0, 0, 0); /* UEFI 2.10, 3.1.2: off, or the boot manager resets */
    con_init();
    EFI_LOADED_IMAGE *li = efi_protocol(image, &efi_guid_loaded_image);
    if (!li)
        stop("no EFI_LOADED_IMAGE_PROTOCOL on the loader's own handle");
    start_bootinfo(li);
    cprintf("uefi: %s, image at 0x%llx, options \"%s\"\n", LOADER_NAME,
            (unsigned long long)(UINTN)li->ImageBase, bi.cmdline);
    cprintf("uefi: console: %s\n", con_policy());
    step_screen();
    step_memory();
    loader_stamp(&bi, BI_TSC_MAP);
    step_kernel(li, &kf);
    step_secure(&kf);
    if (kplace(&kf, bi.sane, (int)bi.sane_count, &plan, why, sizeof(why)) < 0)
        stop(why);
    struct bootinfo *place = handoff_prepare(why, sizeof(why));
    if (!place)
        stop(why);
    step_smbios();
    step_exit();
    cprintf("uefi: entering kernel at 0x%x, boot-info at 0x%x\n", plan.entry,
            (uint32_t)(UINTN)place);
    loader_stamp(&bi, BI_TSC_LOADED);
    handoff_jump(&bi, plan.entry);
}
