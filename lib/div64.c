/*
 * div64.c - 64-bit unsigned division without libgcc (see div64.h).
 */
#include "lib/div64.h"

uint64_t udiv64(uint64_t n, uint64_t d, uint64_t *rem)
{
    uint64_t q = 0, r = 0;
    if (d == 0) {
        r = n;
        q = ~0ull;
    } else if (d >> 63) { /* r << 1 below would lose a bit: the quotient is 0 or 1 */
        q = n >= d;
        r = q ? n - d : n;
    } else {
        /* Long division, one bit of the quotient per step, highest first. */
        for (int bit = 63; bit >= 0; bit--) {
            r = r << 1 | (n >> bit & 1);
            if (r >= d) {
                r -= d;
                q |= 1ull << bit;
            }
        }
    }
    if (rem)
        *rem = r;
    return q;
}
