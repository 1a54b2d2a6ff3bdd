/*
 * cpu.c - decode CPUID (see cpu.h). Pure: the kernel passes the instruction,
 * the host tests pass recorded answers of real CPUs.
 */
#include "kernel/cpu.h"
#include "lib/string.h"

#define LEAF_EXT_BASE  0x80000000u
#define LEAF_BRAND     0x80000002u /* to 0x80000004 */
#define LEAF_POWER     0x80000007u
#define EDX_TSC        (1u << 4) /* leaf 1 */
#define EDX_INVARIANT  (1u << 8) /* leaf 0x80000007 */
#define FAMILY_EXTENDS 0xF

void cpu_signature(uint32_t eax, uint32_t *family, uint32_t *model, uint32_t *stepping)
{
    uint32_t base_family = eax >> 8 & 0xF, base_model = eax >> 4 & 0xF;
    *stepping = eax & 0xF;
    *family = base_family;
    if (base_family == FAMILY_EXTENDS)
        *family += eax >> 20 & 0xFF;
    *model = base_model;
    if (base_family == 0x6 || base_family == FAMILY_EXTENDS)
        *model |= (eax >> 16 & 0xF) << 4;
}

/* The 12-byte vendor string of leaf 0: EBX, EDX, ECX, in that order. */
static void vendor(const uint32_t r[4], char out[CPU_VENDOR_LEN])
{
    memcpy(out, &r[1], 4);
    memcpy(out + 4, &r[3], 4);
    memcpy(out + 8, &r[2], 4);
    out[12] = 0;
}

/*
 * The extended leaves, if any: leaf 0x80000000 answers with the highest one
 * (0x8000xxxx). CPUs without them answer with unrelated data, which the
 * range check turns away (Linux's check is the same).
 */
static void extended(cpuid_fn fn, struct cpu_info *ci)
{
    uint32_t r[4];
    fn(LEAF_EXT_BASE, 0, r);
    ci->max_ext = (r[0] & 0xFFFF0000u) == LEAF_EXT_BASE ? r[0] : 0;
    if (ci->max_ext >= LEAF_BRAND + 2) {
        for (uint32_t i = 0; i < 3; i++) {
            fn(LEAF_BRAND + i, 0, r);
            memcpy(ci->brand + 16 * i, r, 16);
        }
        ci->brand[48] = 0;
    }
    if (ci->max_ext >= LEAF_POWER) {
        fn(LEAF_POWER, 0, r);
        ci->tsc_invariant = (r[3] & EDX_INVARIANT) != 0;
    }
}

void cpu_read(cpuid_fn fn, struct cpu_info *ci)
{
    uint32_t r[4];
    memset(ci, 0, sizeof(*ci));
    ci->has_cpuid = 1;
    fn(0, 0, r);
    ci->max_leaf = r[0];
    vendor(r, ci->vendor);
    if (ci->max_leaf >= 1) {
        fn(1, 0, r);
        cpu_signature(r[0], &ci->family, &ci->model, &ci->stepping);
        ci->tsc = (r[3] & EDX_TSC) != 0;
    }
    if (ci->max_leaf >= 0x15) {
        fn(0x15, 0, r);
        memcpy(ci->leaf15, r, sizeof(ci->leaf15));
    }
    if (ci->max_leaf >= 0x16) {
        fn(0x16, 0, r);
        ci->leaf16 = r[0];
    }
    extended(fn, ci);
}
