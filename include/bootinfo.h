/*
 * bootinfo.h - the boot-info block: what a loader tells the kernel.
 *
 * The one definition shared by the loaders (stage two and the UEFI loader,
 * which fill it), the kernel (which checks and copies it) and the tools that
 * test them. Documented field by field in docs/boot-info.md; change both
 * together and bump the version.
 *
 * Hand-off (see docs/boot-info.md, "Machine state at entry"):
 *   32-bit protected mode, paging off, interrupts off, flat 4 GiB code and
 *   data segments, A20 on; EFER, CR4 and CR0.CD/NW clear;
 *   EAX = BOOTINFO_MAGIC, EBX = physical address of struct bootinfo.
 * The block lives below 640 KiB in memory the kernel never frees; the kernel
 * copies it before it allocates anything.
 */
#ifndef BOOTLAB_INCLUDE_BOOTINFO_H
#define BOOTLAB_INCLUDE_BOOTINFO_H

#define BOOTINFO_MAGIC   0x49424c42 /* "BLBI" in memory; also passed in EAX */
#define BOOTINFO_VERSION 2

#ifndef __ASSEMBLER__
#include <stdint.h>
#include "include/e820.h"

/* How the memory map was obtained (bootinfo.mem_method). */
#define MEM_NONE      0 /* no method worked: mmap_count is 0 */
#define MEM_E820      1 /* INT 15h EAX=E820h */
#define MEM_E801      2 /* INT 15h AX=E801h, map built from its two sizes */
#define MEM_88        3 /* INT 15h AH=88h, map built from one size */
#define MEM_MULTIBOOT 4 /* a Multiboot loader's mmap (or mem_lower/mem_upper) */
#define MEM_UEFI      5 /* UEFI GetMemoryMap: the descriptors are in efi[], mmap[] is empty */

/* Where the kernel came from (bootinfo.source). */
#define BOOT_DISK      1 /* BIOS disk: stage one, then stage two */
#define BOOT_PXE       2 /* PXE network bootstrap program, then stage two */
#define BOOT_MULTIBOOT 3 /* a Multiboot loader (iPXE, GRUB, QEMU -kernel) */
#define BOOT_UEFI_DISK 4 /* the UEFI loader, kernel from its own volume */
#define BOOT_UEFI_NET  5 /* the UEFI loader, kernel over the network (PXE Base Code or iPXE) */

/* bootinfo.flags */
#define BI_E820_TRUNCATED 0x01 /* the BIOS had more entries than BOOTINFO_MMAP_MAX */
#define BI_E820_DISCARDED 0x02 /* 'SMAP' vanished mid-list: E820 table thrown away */
#define BI_E820_LOOPED    0x04 /* the BIOS repeated a continuation value */
#define BI_E820_EXT_ATTR  0x08 /* at least one answer had 24 bytes (ACPI 3.0 attributes) */
#define BI_NET_VALID      0x10 /* net holds the PXE/DHCP identity of this PC */
#define BI_CMDLINE        0x20 /* cmdline holds boot options */
#define BI_TSC            0x40 /* tsc[] holds the loader's time-stamp counter readings */

/*
 * Where the fields appended last lie, and the block's size: the one place
 * these numbers are written (the static asserts below check them against the
 * struct; tests, fuzzers, tests/fuzz/mkseeds.py and the docs check take them
 * from here).
 */
#define BOOTINFO_UEFI_OFF   8532  /* uefi_flags: the UEFI group begins */
#define BOOTINFO_FB_OFF     8548  /* fb */
#define BOOTINFO_EFI_OFF    8596  /* efi[] */
#define BOOTINFO_TSC_OFF    22932 /* tsc[] */
#define BOOTINFO_SMBIOS_OFF 22956 /* smbios */
#define BOOTINFO_SIZE       22964 /* sizeof(struct bootinfo) */

/* The loader's milestones: indexes of bootinfo.tsc[] (docs/boot-info.md, "TSC stamps"). */
#define BI_TSC_LOADER 0 /* the loader's code started (stage two, or the UEFI loader) */
#define BI_TSC_MAP    1 /* the memory map obtained and sanitized */
#define BI_TSC_LOADED 2 /* the kernel loaded, right before the jump to it */
#define BI_TSC_N      3

#define BOOTINFO_MMAP_MAX    E820_MAX_RAW
#define BOOTINFO_SANE_MAX    E820_MAX_SANE
#define BOOTINFO_LOADER_LEN  32
#define BOOTINFO_CMDLINE_LEN 128
#define BOOTINFO_FILE_LEN    128
#define BOOTINFO_EFI_MAX     512 /* UEFI descriptors the block holds (OVMF: about 120) */

/* bootinfo.uefi_flags: what the UEFI loader found (0 from every other loader). */
#define BI_UEFI_SECUREBOOT 0x01 /* the firmware's SecureBoot variable was 1 */
#define BI_UEFI_VERIFIED   0x02 /* the kernel file's SHA-256 is the one built into the loader */
#define BI_UEFI_FB         0x04 /* fb describes the GOP framebuffer */

/* bootinfo_fb.format: GOP's EFI_GRAPHICS_PIXEL_FORMAT (UEFI 2.10, 12.9.1), 32-bit pixels only. */
#define BI_FB_RGBX    0 /* PixelRedGreenBlueReserved8BitPerColor: byte 0 red */
#define BI_FB_BGRX    1 /* PixelBlueGreenRedReserved8BitPerColor: byte 0 blue */
#define BI_FB_BITMASK 2 /* PixelBitMask: the channels are where rmask, gmask, bmask say */

/* Network identity of a network-booted PC (filled when BI_NET_VALID is set). */
struct bootinfo_net {
    uint8_t mac[6]; /* client hardware address */
    uint8_t pad[2];
    uint32_t client_ip; /* IPv4 addresses in network byte order, as in DHCP */
    uint32_t server_ip; /* the TFTP/boot server (siaddr) */
    uint32_t gateway_ip;
    char bootfile[BOOTINFO_FILE_LEN]; /* DHCP boot file name, NUL-terminated */
};

/* A linear framebuffer (the UEFI Graphics Output Protocol's current mode). */
struct bootinfo_fb {
    uint64_t base;                       /* physical address of the top left pixel */
    uint64_t size;                       /* bytes of framebuffer memory (GOP FrameBufferSize) */
    uint32_t width, height;              /* visible pixels */
    uint32_t pitch;                      /* pixels from one line to the next (PixelsPerScanLine) */
    uint32_t format;                     /* BI_FB_*; 32 bits per pixel */
    uint32_t rmask, gmask, bmask, xmask; /* channel bit masks (BI_FB_BITMASK only) */
} __attribute__((packed));

/* One UEFI memory descriptor (UEFI 2.10, 7.2.3) as the firmware gave it, unused fields left out. */
struct bootinfo_efidesc {
    uint32_t type;  /* EFI_MEMORY_TYPE */
    uint64_t start; /* PhysicalStart */
    uint64_t pages; /* NumberOfPages, 4 KiB each */
    uint64_t attr;  /* Attribute */
} __attribute__((packed));

struct bootinfo {
    uint32_t magic;          /* BOOTINFO_MAGIC */
    uint16_t version;        /* BOOTINFO_VERSION */
    uint16_t size;           /* sizeof(struct bootinfo) as the loader built it */
    uint32_t flags;          /* BI_* */
    uint8_t source;          /* BOOT_* */
    uint8_t drive;           /* BIOS drive number (DL) when source is BOOT_DISK */
    uint8_t mem_method;      /* MEM_* */
    uint8_t e820_entry_size; /* largest ECX an E820 answer reported: 20 or 24; 0 otherwise */
    uint16_t lower_kib;      /* INT 12h conventional memory, KiB */
    uint16_t e801_ax;        /* raw E801h answer: KiB in [1 MiB, 16 MiB) */
    uint16_t e801_bx;        /* raw E801h answer: 64 KiB blocks above 16 MiB */
    uint16_t ext88_kib;      /* raw 88h answer: KiB above 1 MiB */
    char loader[BOOTINFO_LOADER_LEN];   /* loader name and version, NUL-terminated */
    char cmdline[BOOTINFO_CMDLINE_LEN]; /* boot options, NUL-terminated */
    struct bootinfo_net net;
    uint32_t mmap_count;                       /* entries used in mmap[] */
    struct e820_entry mmap[BOOTINFO_MMAP_MAX]; /* the raw map, in firmware order */
    uint32_t sane_count;                       /* entries used in sane[] */
    struct e820_range sane[BOOTINFO_SANE_MAX]; /* mmap[] sanitized (mm/e820.h) */
    /* UEFI boots only (the UEFI loader, boot/uefi/); zero from every other loader. */
    uint32_t uefi_flags;                           /* BI_UEFI_* */
    uint32_t efi_desc_size;                        /* the firmware's DescriptorSize */
    uint32_t efi_desc_version;                     /* its DescriptorVersion */
    uint32_t efi_count;                            /* descriptors in efi[] */
    struct bootinfo_fb fb;                         /* valid with BI_UEFI_FB */
    struct bootinfo_efidesc efi[BOOTINFO_EFI_MAX]; /* the final map, in firmware order */
    uint64_t tsc[BI_TSC_N];                        /* RDTSC at the loader's milestones, if BI_TSC */
    uint64_t smbios; /* physical address of the SMBIOS entry point; 0: the loader has none */
} __attribute__((packed));

/* docs/boot-info.md gives these offsets; keep them true. */
_Static_assert(sizeof(struct bootinfo_net) == 148, "bootinfo_net layout");
_Static_assert(__builtin_offsetof(struct bootinfo, net) == 184, "bootinfo layout");
_Static_assert(__builtin_offsetof(struct bootinfo, mmap) == 336, "bootinfo layout");
_Static_assert(__builtin_offsetof(struct bootinfo, sane_count) == 3408, "bootinfo layout");
_Static_assert(sizeof(struct e820_range) == 20, "e820_range layout");
_Static_assert(__builtin_offsetof(struct bootinfo, uefi_flags) == BOOTINFO_UEFI_OFF,
               "bootinfo layout");
_Static_assert(__builtin_offsetof(struct bootinfo, fb) == BOOTINFO_FB_OFF, "bootinfo layout");
_Static_assert(sizeof(struct bootinfo_fb) == 48, "bootinfo_fb layout");
_Static_assert(__builtin_offsetof(struct bootinfo, efi) == BOOTINFO_EFI_OFF, "bootinfo layout");
_Static_assert(sizeof(struct bootinfo_efidesc) == 28, "bootinfo_efidesc layout");
_Static_assert(__builtin_offsetof(struct bootinfo, tsc) == BOOTINFO_TSC_OFF, "bootinfo layout");
_Static_assert(__builtin_offsetof(struct bootinfo, smbios) == BOOTINFO_SMBIOS_OFF,
               "bootinfo layout");
_Static_assert(sizeof(struct bootinfo) == BOOTINFO_SIZE, "bootinfo layout");

/* bootinfo_method_name - "e820", "e801", "88", "multiboot", "uefi" or "none". */
static inline const char *bootinfo_method_name(unsigned method)
{
    static const char *const names[] = {"none", "e820", "e801", "88", "multiboot", "uefi"};
    return method < sizeof(names) / sizeof(names[0]) ? names[method] : "none";
}

/* bootinfo_source_name - "disk", "pxe", "multiboot", "uefi-disk", "uefi-net" or "unknown". */
static inline const char *bootinfo_source_name(unsigned source)
{
    static const char *const names[] = {"unknown",   "disk",      "pxe",
                                        "multiboot", "uefi-disk", "uefi-net"};
    return source < sizeof(names) / sizeof(names[0]) ? names[source] : "unknown";
}

#endif /* __ASSEMBLER__ */

#endif
