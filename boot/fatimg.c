/*
 * fatimg.c - a FAT16 volume in memory (see fatimg.h). Section names are the
 * FAT specification's ("FAT: General Overview of On-Disk Format" 1.03).
 */
#include <string.h>
#include "boot/fatimg.h"
#include "boot/hosttool.h"

#define DIRENT     32
#define ATTR_LABEL 0x08
#define ATTR_DIR   0x10
#define ATTR_FILE  0x20   /* "archive": a file written and not yet backed up */
#define CASE_BASE  0x08   /* NT case bits (byte 12): the base name is lower case */
#define CASE_EXT   0x10   /* ... and the extension */
#define FAT_EOC    0xFFFF /* end of a cluster chain */
#define FIXED_DATE ((2026 - 1980) << 9 | 1 << 5 | 1) /* 2026-01-01: reproducible images */
#define VOLUME_ID  0xB0075AB1u
#define MAX_DIRS   (FAT_MAX_FILES + 1)

/* Where things are in the volume (section 3.5: the FAT16 layout, in sectors). */
struct geo {
    uint32_t sectors, spc, fatsz, rootsecs, data, clusters;
};

/* A directory being filled: its entries' room, and how many are used. */
struct dir {
    char name[11];
    int parent;
    uint8_t *ents; /* root: the fixed root area; else its cluster */
    int cap, used;
    uint16_t cluster; /* 0 for the root */
};

struct vol {
    uint8_t *img;
    struct geo g;
    uint16_t next; /* the next free cluster */
    struct dir dirs[MAX_DIRS];
    int ndirs;
};

/* Section 3.5: sectors per cluster doubled until the count fits FAT16 (at most 65524). */
static void geometry(uint32_t bytes, struct geo *g)
{
    g->sectors = bytes / FAT_SECTOR;
    g->rootsecs = FAT_ROOT_ENTRIES * DIRENT / FAT_SECTOR;
    for (g->spc = 1;; g->spc *= 2) {
        uint32_t upper = (g->sectors - 1 - g->rootsecs) / g->spc + 2; /* FAT entries, at most */
        g->fatsz = (upper * 2 + FAT_SECTOR - 1) / FAT_SECTOR;
        g->data = 1 + 2 * g->fatsz + g->rootsecs;
        g->clusters = (g->sectors - g->data) / g->spc;
        if (g->clusters <= 65524)
            return;
    }
}

uint32_t fat_bytes(const struct fat_file *files, int n)
{
    uint64_t need = 64 * 1024; /* directories and the FATs, generously */
    for (int i = 0; i < n; i++)
        need += (files[i].size + 4095) / 4096 * 4096;
    need += need / 4;
    uint64_t mib = (need + (1u << 20) - 1) >> 20 << 20;
    return mib < FAT_MIN_BYTES ? FAT_MIN_BYTES : (uint32_t)mib;
}

/* An 8.3 name (section 6.1) from one path component; 0, or -1 if it is not one. */
static int short_name(const char *s, size_t len, char out[11], uint8_t *case_bits)
{
    size_t dot = len, i;
    int lower[2] = {0, 0}, upper[2] = {0, 0};
    memset(out, ' ', 11);
    for (i = 0; i < len; i++)
        if (s[i] == '.')
            dot = i;
    if (dot == 0 || dot > 8 || (dot < len && len - dot - 1 > 3) || len == 0)
        return -1;
    for (i = 0; i < len; i++) {
        char c = s[i];
        int part = i > dot;
        if (i == dot)
            continue;
        if (c >= 'a' && c <= 'z') {
            lower[part] = 1;
            c = (char)(c - 'a' + 'A');
        } else if (c >= 'A' && c <= 'Z')
            upper[part] = 1;
        else if (!(c >= '0' && c <= '9') && c != '-' && c != '_')
            return -1;
        out[part ? 8 + (i - dot - 1) : i] = c;
    }
    *case_bits =
        (uint8_t)((lower[0] && !upper[0] ? CASE_BASE : 0) | (lower[1] && !upper[1] ? CASE_EXT : 0));
    return 0;
}

static void put_fat(struct vol *v, uint32_t cluster, uint16_t value)
{
    ht_put16(v->img + FAT_SECTOR + 2 * cluster, value);
}

static uint8_t *cluster_at(struct vol *v, uint32_t cluster)
{
    return v->img + (v->g.data + (cluster - 2) * v->g.spc) * FAT_SECTOR;
}

/* A directory entry (section 6) in dir d; 0, or -1 when the directory is full. */
static int add_entry(struct vol *v, int d, const char name[11], uint8_t attr, uint8_t case_bits,
                     uint16_t cluster, uint32_t size)
{
    struct dir *dir = &v->dirs[d];
    if (dir->used == dir->cap)
        return -1;
    uint8_t *e = dir->ents + DIRENT * dir->used++;
    memcpy(e, name, 11);
    e[11] = attr;
    e[12] = case_bits;
    ht_put16(e + 16, FIXED_DATE); /* created */
    ht_put16(e + 18, FIXED_DATE); /* accessed */
    ht_put16(e + 24, FIXED_DATE); /* written */
    ht_put16(e + 26, cluster);
    ht_put32(e + 28, size);
    return 0;
}

/* n clusters chained from v->next (section 4); their first, or 0 when there is no room. */
static uint16_t take_clusters(struct vol *v, uint32_t n)
{
    uint16_t first = v->next;
    if (n == 0)
        return 0;
    if (v->next + n > v->g.clusters + 2)
        return 0;
    for (uint32_t i = 0; i < n; i++)
        put_fat(v, first + i, i + 1 < n ? (uint16_t)(first + i + 1) : FAT_EOC);
    v->next = (uint16_t)(v->next + n);
    return first;
}

/* The subdirectory name in directory parent, made if it is not there; its index, or -1. */
static int subdir(struct vol *v, int parent, const char name[11], uint8_t case_bits)
{
    static const char dot[11] = ".          ", dotdot[11] = "..         ";
    for (int i = 1; i < v->ndirs; i++)
        if (v->dirs[i].parent == parent && !memcmp(v->dirs[i].name, name, 11))
            return i;
    uint16_t c = take_clusters(v, 1);
    if (v->ndirs == MAX_DIRS || c == 0)
        return -1;
    struct dir *d = &v->dirs[v->ndirs];
    *d = (struct dir){{0}, parent, cluster_at(v, c), (int)(v->g.spc * FAT_SECTOR / DIRENT), 0, c};
    memcpy(d->name, name, 11);
    /* Section 6.1: "." is this directory, ".." its parent (cluster 0 for the root). */
    if (add_entry(v, v->ndirs, dot, ATTR_DIR, 0, c, 0) < 0 ||
        add_entry(v, v->ndirs, dotdot, ATTR_DIR, 0, v->dirs[parent].cluster, 0) < 0 ||
        add_entry(v, parent, name, ATTR_DIR, case_bits, c, 0) < 0)
        return -1;
    return v->ndirs++;
}

/* One file: its directories, its clusters, its entry. 0 or what is wrong. */
static const char *add_file(struct vol *v, const struct fat_file *f)
{
    int d = 0;
    const char *p = f->path;
    char name[11];
    uint8_t case_bits;
    for (const char *slash; (slash = strchr(p, '/')) != 0; p = slash + 1) {
        if (short_name(p, (size_t)(slash - p), name, &case_bits) < 0)
            return "a directory name is not an 8.3 name";
        if ((d = subdir(v, d, name, case_bits)) < 0)
            return "no room for a directory";
    }
    if (short_name(p, strlen(p), name, &case_bits) < 0)
        return "a file name is not an 8.3 name";
    uint32_t bytes = v->g.spc * FAT_SECTOR, n = (uint32_t)((f->size + bytes - 1) / bytes);
    uint16_t c = take_clusters(v, n);
    if (n && !c)
        return "the files do not fit in the volume";
    for (uint32_t i = 0; i < n; i++) {
        size_t off = (size_t)i * bytes, k = f->size - off < bytes ? f->size - off : bytes;
        memcpy(cluster_at(v, c + i), f->data + off, k);
    }
    if (add_entry(v, d, name, ATTR_FILE, case_bits, c, (uint32_t)f->size) < 0)
        return "a directory is full";
    return 0;
}

/* Section 3.1-3.3: the boot sector with the BPB and the FAT16 extended BPB. */
static void boot_sector(struct vol *v, uint32_t hidden, const char label[11])
{
    uint8_t *b = v->img;
    static const uint8_t halt[] = {0xFA, 0xF4, 0xEB, 0xFD}; /* cli; hlt; jmp $-1: not bootable */
    static const uint8_t jump[] = {0xEB, 0x3C, 0x90}; /* jmp to the code after the extended BPB */
    memcpy(b, jump, sizeof(jump));
    memcpy(b + 3, "BOOTLAB ", 8);
    ht_put16(b + 11, FAT_SECTOR);
    b[13] = (uint8_t)v->g.spc;
    ht_put16(b + 14, 1); /* reserved sectors: the boot sector */
    b[16] = 2;           /* FATs */
    ht_put16(b + 17, FAT_ROOT_ENTRIES);
    ht_put16(b + 19, v->g.sectors < 0x10000 ? (uint16_t)v->g.sectors : 0);
    b[21] = 0xF8; /* media: fixed disk */
    ht_put16(b + 22, (uint16_t)v->g.fatsz);
    ht_put16(b + 24, 63);  /* sectors per track */
    ht_put16(b + 26, 255); /* heads */
    ht_put32(b + 28, hidden);
    ht_put32(b + 32, v->g.sectors < 0x10000 ? 0 : v->g.sectors);
    b[36] = 0x80; /* drive number */
    b[38] = 0x29; /* the next three fields are valid */
    ht_put32(b + 39, VOLUME_ID);
    memcpy(b + 43, label, 11);
    memcpy(b + 54, "FAT16   ", 8);
    memcpy(b + 62, halt, sizeof(halt));
    b[510] = 0x55;
    b[511] = 0xAA;
}

const char *fat_build(uint8_t *img, uint32_t bytes, uint32_t hidden, const char *label,
                      const struct fat_file *files, int n)
{
    static struct vol v;
    char lab[11];
    const char *why;
    if (n > FAT_MAX_FILES)
        return "too many files";
    if (strlen(label) > 11)
        return "volume label longer than 11 characters";
    memset(lab, ' ', 11);
    memcpy(lab, label, strlen(label));
    memset(&v, 0, sizeof(v));
    v.img = img;
    geometry(bytes, &v.g);
    if (v.g.clusters < 4085)
        return "volume too small for FAT16";
    v.next = 2;
    v.dirs[0] =
        (struct dir){{0}, -1, img + (1 + 2 * v.g.fatsz) * FAT_SECTOR, FAT_ROOT_ENTRIES, 0, 0};
    v.ndirs = 1;
    boot_sector(&v, hidden, lab);
    put_fat(&v, 0, 0xFF00 | 0xF8); /* media byte */
    put_fat(&v, 1, FAT_EOC);       /* clean shutdown, no errors */
    if (add_entry(&v, 0, lab, ATTR_LABEL, 0, 0, 0) < 0)
        return "root directory full";
    for (int i = 0; i < n; i++)
        if ((why = add_file(&v, &files[i])) != 0)
            return why;
    memcpy(img + (1 + v.g.fatsz) * FAT_SECTOR, img + FAT_SECTOR, v.g.fatsz * FAT_SECTOR);
    return 0;
}
