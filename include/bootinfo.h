/*
 * bootinfo.h - the boot-info block: what a loader tells the kernel.
 *
 * The one definition shared by stage two (which fills it), the kernel (which
 * checks and copies it) and the tools that test both. Documented field by
 * field in docs/boot-info.md; change both together and bump the version.
 *
 * Hand-off (see docs/boot-info.md, "Machine state at entry"):
 *   32-bit protected mode, paging off, interrupts off, flat 4 GiB code and
 *   data segments, A20 on;
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

/* Where the kernel came from (bootinfo.source). */
#define BOOT_DISK      1 /* BIOS disk: stage one, then stage two */
#define BOOT_PXE       2 /* PXE network bootstrap program, then stage two */
#define BOOT_MULTIBOOT 3 /* a Multiboot loader (iPXE, GRUB, QEMU -kernel) */

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
#define BOOTINFO_TSC_OFF    8532 /* tsc[] */
#define BOOTINFO_SMBIOS_OFF 8556 /* smbios */
#define BOOTINFO_SIZE       8564 /* sizeof(struct bootinfo) */

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

/* Network identity of a network-booted PC (filled when BI_NET_VALID is set). */
struct bootinfo_net {
    uint8_t mac[6]; /* client hardware address */
    uint8_t pad[2];
    uint32_t client_ip; /* IPv4 addresses in network byte order, as in DHCP */
    uint32_t server_ip; /* the TFTP/boot server (siaddr) */
    uint32_t gateway_ip;
    char bootfile[BOOTINFO_FILE_LEN]; /* DHCP boot file name, NUL-terminated */
};

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
    uint64_t tsc[BI_TSC_N];                    /* RDTSC at the loader's milestones, if BI_TSC */
    uint64_t smbios; /* physical address of the SMBIOS entry point; 0: the loader has none */
} __attribute__((packed));

/* docs/boot-info.md gives these offsets; keep them true. */
_Static_assert(sizeof(struct bootinfo_net) == 148, "bootinfo_net layout");
_Static_assert(__builtin_offsetof(struct bootinfo, net) == 184, "bootinfo layout");
_Static_assert(__builtin_offsetof(struct bootinfo, mmap) == 336, "bootinfo layout");
_Static_assert(__builtin_offsetof(struct bootinfo, sane_count) == 3408, "bootinfo layout");
_Static_assert(sizeof(struct e820_range) == 20, "e820_range layout");
_Static_assert(__builtin_offsetof(struct bootinfo, tsc) == BOOTINFO_TSC_OFF, "bootinfo layout");
_Static_assert(__builtin_offsetof(struct bootinfo, smbios) == BOOTINFO_SMBIOS_OFF,
               "bootinfo layout");
_Static_assert(sizeof(struct bootinfo) == BOOTINFO_SIZE, "bootinfo layout");

/* bootinfo_method_name - "e820", "e801", "88", "multiboot" or "none". */
static inline const char *bootinfo_method_name(unsigned method)
{
    static const char *const names[] = {"none", "e820", "e801", "88", "multiboot"};
    return method < sizeof(names) / sizeof(names[0]) ? names[method] : "none";
}

/* bootinfo_source_name - "disk", "pxe", "multiboot" or "unknown". */
static inline const char *bootinfo_source_name(unsigned source)
{
    static const char *const names[] = {"unknown", "disk", "pxe", "multiboot"};
    return source < sizeof(names) / sizeof(names[0]) ? names[source] : "unknown";
}

#endif /* __ASSEMBLER__ */

#endif
