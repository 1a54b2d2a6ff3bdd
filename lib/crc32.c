/*
 * crc32.c - bitwise CRC-32 (see crc32.h). A report is a few KiB, so the
 * table-free form is fast enough and keeps the kernel small.
 */
#include "lib/crc32.h"

uint32_t crc32_update(uint32_t crc, const void *buf, size_t n)
{
    const uint8_t *p = buf;
    crc = ~crc;
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
    }
    return ~crc;
}
