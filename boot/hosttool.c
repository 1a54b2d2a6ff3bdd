/*
 * hosttool.c - shared helpers of the image-building host tools (see hosttool.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "boot/hosttool.h"
#include "boot/layout.h"

const char *ht_tool = "bootlab";

void ht_die(const char *what, const char *arg)
{
    fprintf(stderr, "%s: %s%s%s\n", ht_tool, what, arg ? ": " : "", arg ? arg : "");
    exit(1);
}

/* ht_die with the C library's reason: "what: path: No such file or directory". */
static void die_errno(const char *what, const char *path)
{
    char msg[256];
    snprintf(msg, sizeof(msg), "%s: %s", path, strerror(errno));
    ht_die(what, msg);
}

uint8_t *ht_slurp(const char *path, size_t min, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        die_errno("cannot open", path);
    size_t cap = min > 65536 ? min : 65536, n = 0, r;
    uint8_t *buf = calloc(1, cap + 1);
    while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap && (buf = realloc(buf, cap * 2 + 1)) != NULL) {
            memset(buf + cap, 0, cap + 1);
            cap *= 2;
        }
    }
    if (!buf || ferror(f))
        die_errno("cannot read", path);
    fclose(f);
    buf[n] = 0;
    *len = n;
    return buf;
}

void ht_write(const char *path, const void *buf, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(buf, 1, n, f) != n || fclose(f) != 0)
        die_errno("cannot write", path);
}

void ht_put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

void ht_put32(uint8_t *p, uint32_t v)
{
    ht_put16(p, (uint16_t)v);
    ht_put16(p + 2, (uint16_t)(v >> 16));
}

uint16_t ht_get16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

uint32_t ht_get32(const uint8_t *p)
{
    return (uint32_t)ht_get16(p) | (uint32_t)ht_get16(p + 2) << 16;
}

void s2_fill(uint8_t *s2, uint32_t sectors, uint32_t kernel_lba, uint32_t kernel_size,
             uint32_t flags, const char *cmdline)
{
    uint16_t sum = 0;
    ht_put16(s2 + S2H_SECTORS, (uint16_t)sectors);
    ht_put32(s2 + S2H_KERNEL_LBA, kernel_lba);
    ht_put32(s2 + S2H_KERNEL_SIZE, kernel_size);
    ht_put32(s2 + S2H_FLAGS, flags);
    memset(s2 + S2H_CMDLINE, 0, S2H_CMDLINE_LEN);
    memcpy(s2 + S2H_CMDLINE, cmdline, strlen(cmdline));
    ht_put16(s2 + S2H_CSUM, 0);
    for (uint32_t i = 0; i < sectors * SECTOR_SIZE; i += 2)
        sum = (uint16_t)(sum + ht_get16(s2 + i));
    ht_put16(s2 + S2H_CSUM, (uint16_t)(0u - sum));
}
