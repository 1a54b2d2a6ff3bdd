/*
 * fuzz_multiboot.c - libFuzzer target for the Multiboot hand-off conversion
 * (kernel/multiboot.c, multiboot_convert): what GRUB, iPXE or QEMU -kernel
 * leave in memory, turned into a boot-info block.
 *
 * The input is a piece of physical memory at MB_BASE, held in an
 * exactly-sized heap copy: the Multiboot information structure sits at its
 * start, and every pointer in it (mmap_addr, cmdline, boot_loader_name) is
 * whatever the input says. map() lends out only bytes inside the input, so
 * AddressSanitizer reports any read the conversion makes past what map()
 * allowed. Properties checked on every input:
 *   - a refusal comes with a reason;
 *   - an accepted block passes the kernel's own bootinfo_check, says it came
 *     from Multiboot, has a loader name without spaces and a map of at most
 *     BOOTINFO_MMAP_MAX entries;
 *   - the kernel's consumer copes with it (fuzz_kernel.h: sanitizer, clamp,
 *     report lines of printable ASCII).
 */
#include "kernel/multiboot.h"
#include "tests/fuzz/fuzz_kernel.h"

#define MB_BASE 0x10000u /* the physical address the input stands for */

/* glibc 2.36 has no strlcpy; kernel/multiboot.c uses the kernel's. */
size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t n = strlen(src), k = n < size - 1 ? n : size - 1;
    memcpy(dst, src, k);
    dst[k] = 0;
    return n;
}

struct window {
    const uint8_t *buf;
    size_t size;
};

/* Readable: [pa, pa+len) entirely inside the input, as the kernel's [0, 4 MiB) check. */
static const void *map(void *ctx, uint32_t pa, uint32_t len)
{
    const struct window *w = ctx;
    if (pa < MB_BASE || pa - MB_BASE > w->size || len > w->size - (pa - MB_BASE))
        return 0;
    return w->buf + (pa - MB_BASE);
}

static void check_block(const struct bootinfo *bi)
{
    CHECK(bootinfo_check(bi, sizeof(*bi)) == 0);
    CHECK(bi->source == BOOT_MULTIBOOT && bi->mem_method == MEM_MULTIBOOT);
    CHECK(bi->mmap_count >= 1 && bi->mmap_count <= BOOTINFO_MMAP_MAX);
    CHECK(strchr(bi->loader, ' ') == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct bootinfo bi;
    uint8_t *mem = malloc(size ? size : 1); /* exactly size bytes: ASan sees any overread */
    memcpy(mem, data, size);
    struct window w = {mem, size};
    const char *why = multiboot_convert(MB_BASE, map, &w, &bi);
    if (why) {
        CHECK(*why);
    } else {
        check_block(&bi);
        consume(&bi);
    }
    free(mem);
    return 0;
}
