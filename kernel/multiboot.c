/*
 * multiboot.c - a Multiboot 1 hand-off turned into a boot-info block
 * (see multiboot.h). Pure: the host tests run it on a simulated physical
 * memory; kernel/handoff.c gives it the kernel's view of low memory.
 */
#include "kernel/multiboot.h"
#include "lib/cmdline.h"
#include "lib/string.h"
#include "mm/e820.h"

#define DEFAULT_LOADER "multiboot"

/* Little-endian loads from a byte buffer with no alignment. */
static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const uint8_t *p)
{
    return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

/*
 * Copy the NUL-terminated string at physical pa into dst[size], one byte at a
 * time through map() (a string may end right below the readable limit).
 * Truncates to size - 1 bytes. Returns 0, or -1 if a byte is unreadable
 * (dst then holds the empty string).
 */
static int copy_string(mb_map_fn map, void *ctx, uint32_t pa, char *dst, uint32_t size)
{
    uint32_t i = 0;
    for (; i + 1 < size; i++) {
        const char *c = pa + i < pa ? 0 : map(ctx, pa + i, 1);
        if (!c) {
            dst[0] = 0;
            return -1;
        }
        if ((dst[i] = *c) == 0)
            return 0;
    }
    dst[i] = 0;
    return 0;
}

/* Append one raw entry (attr "enabled"), or flag the map as cut when it is full. */
static void add_range(struct bootinfo *bi, uint64_t base, uint64_t len, uint32_t type)
{
    if (bi->mmap_count == BOOTINFO_MMAP_MAX) {
        bi->flags |= BI_E820_TRUNCATED;
        return;
    }
    struct e820_entry *e = &bi->mmap[bi->mmap_count++];
    e->base = base;
    e->length = len;
    e->type = type;
    e->attr = E820_ATTR_ENABLED;
}

/*
 * 3.3 mmap: walk the entries by their own size field. Stops at the first
 * entry that is shorter than 20 bytes or runs past mmap_length. Returns the
 * number of entries taken, or -1 if the buffer is unreadable.
 */
static int convert_mmap(const struct mb_info *mbi, mb_map_fn map, void *ctx, struct bootinfo *bi)
{
    uint32_t len = mbi->mmap_length;
    if (len == 0)
        return 0;
    const uint8_t *buf = map(ctx, mbi->mmap_addr, len);
    if (!buf)
        return -1;
    uint32_t off = 0;
    while (len - off >= 4) {
        uint32_t size = rd32(buf + off);
        if (size < MB_MMAP_MIN_SIZE || size > len - off - 4)
            break;
        add_range(bi, rd64(buf + off + 4), rd64(buf + off + 12), rd32(buf + off + 20));
        off += size + 4;
    }
    return (int)bi->mmap_count;
}

/* 3.3 mem_lower/mem_upper: [0, lower KiB) and [1 MiB, 1 MiB + upper KiB), both RAM. */
static void convert_mem(const struct mb_info *mbi, struct bootinfo *bi)
{
    if (mbi->mem_lower)
        add_range(bi, 0, (uint64_t)mbi->mem_lower * 1024, E820_RAM);
    if (mbi->mem_upper)
        add_range(bi, 0x100000, (uint64_t)mbi->mem_upper * 1024, E820_RAM);
}

/* The loader's name, or "multiboot"; spaces and control bytes become '-'. */
static void convert_name(const struct mb_info *mbi, mb_map_fn map, void *ctx, struct bootinfo *bi)
{
    if (!(mbi->flags & MB_INFO_LOADER_NAME) ||
        copy_string(map, ctx, mbi->boot_loader_name, bi->loader, sizeof(bi->loader)) < 0 ||
        bi->loader[0] == 0)
        strlcpy(bi->loader, DEFAULT_LOADER, sizeof(bi->loader));
    for (char *c = bi->loader; *c; c++)
        if (*c <= ' ' || *c > '~')
            *c = '-';
}

/* One hexadecimal digit's value, or -1. */
static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* "aa:bb:cc:dd:ee:ff" (exactly 17 characters) into mac[6]. Returns 0 or -1. */
static int parse_mac(const char *s, uint32_t len, uint8_t *mac)
{
    if (len != 17)
        return -1;
    for (int i = 0; i < 6; i++) {
        int hi = hexval(s[3 * i]), lo = hexval(s[3 * i + 1]);
        if (hi < 0 || lo < 0 || (i < 5 && s[3 * i + 2] != ':'))
            return -1;
        mac[i] = (uint8_t)(hi << 4 | lo);
    }
    return 0;
}

/* Dotted-quad IPv4 "a.b.c.d" into network byte order. Returns 0 or -1. */
static int parse_ip(const char *s, uint32_t len, uint32_t *ip)
{
    uint8_t b[4];
    uint32_t i = 0;
    for (int part = 0; part < 4; part++) {
        uint32_t v = 0, digits = 0;
        for (; i < len && s[i] >= '0' && s[i] <= '9' && digits < 3; i++, digits++)
            v = v * 10 + (uint32_t)(s[i] - '0');
        if (digits == 0 || v > 255 || (part < 3 && (i >= len || s[i++] != '.')))
            return -1;
        b[part] = (uint8_t)v;
    }
    if (i != len)
        return -1;
    memcpy(ip, b, 4);
    return 0;
}

/*
 * A network-booted PC's identity from the command line: "mac=aa:bb:cc:dd:ee:ff
 * ip=a.b.c.d" (both needed) and optionally "server=a.b.c.d", as
 * netboot/boot.ipxe passes them. Sets BI_NET_VALID when they parse.
 */
static void cmdline_net(struct bootinfo *bi)
{
    uint32_t lm = 0, li = 0, ls = 0, ip = 0, server = 0;
    uint8_t mac[6];
    const char *m = cmdline_value(bi->cmdline, "mac", &lm),
               *i = cmdline_value(bi->cmdline, "ip", &li);
    const char *sv = cmdline_value(bi->cmdline, "server", &ls);
    if (!m || !i || parse_mac(m, lm, mac) < 0 || parse_ip(i, li, &ip) < 0)
        return;
    if (sv && parse_ip(sv, ls, &server) < 0)
        server = 0;
    memcpy(bi->net.mac, mac, 6);
    bi->net.client_ip = ip;
    bi->net.server_ip = server;
    bi->flags |= BI_NET_VALID;
}

/* A zeroed block with the header fields, source, drive and lower memory set. */
static void start_block(const struct mb_info *mbi, struct bootinfo *bi)
{
    memset(bi, 0, sizeof(*bi));
    bi->magic = BOOTINFO_MAGIC;
    bi->version = BOOTINFO_VERSION;
    bi->size = sizeof(*bi);
    bi->source = BOOT_MULTIBOOT;
    if (mbi->flags & MB_INFO_BOOTDEV)
        bi->drive = (uint8_t)(mbi->boot_device >> 24); /* 3.3: BIOS drive number */
    if (mbi->flags & MB_INFO_MEM)
        bi->lower_kib = (uint16_t)(mbi->mem_lower > 0xFFFF ? 0xFFFF : mbi->mem_lower);
}

const char *multiboot_convert(uint32_t mbi_pa, mb_map_fn map, void *ctx, struct bootinfo *out)
{
    struct mb_info mbi;
    const void *p = map(ctx, mbi_pa, sizeof(mbi));
    if (!p)
        return "information structure not readable below 4 MiB";
    memcpy(&mbi, p, sizeof(mbi));
    start_block(&mbi, out);
    if (mbi.flags & MB_INFO_MMAP) {
        if (convert_mmap(&mbi, map, ctx, out) < 0)
            return "memory map buffer not readable below 4 MiB";
    }
    if (out->mmap_count == 0 && (mbi.flags & MB_INFO_MEM))
        convert_mem(&mbi, out);
    if (out->mmap_count == 0)
        return "the loader gave no memory map and no mem_lower/mem_upper";
    out->mem_method = MEM_MULTIBOOT;
    /* The Multiboot loader gave a raw map: sanitizing it is this converter's job, as stage two's.
     */
    out->sane_count =
        (uint32_t)e820_sanitize(out->mmap, (int)out->mmap_count, out->sane, BOOTINFO_SANE_MAX);
    if ((mbi.flags & MB_INFO_CMDLINE) &&
        copy_string(map, ctx, mbi.cmdline, out->cmdline, sizeof(out->cmdline)) < 0)
        return "command line not readable below 4 MiB";
    if (out->cmdline[0])
        out->flags |= BI_CMDLINE;
    cmdline_net(out);
    convert_name(&mbi, map, ctx, out);
    return 0;
}
