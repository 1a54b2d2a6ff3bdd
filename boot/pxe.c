/*
 * pxe.c - the PXE API from stage two (see pxe.h). Calls go through
 * bios_farcall (boot/bios.c): real mode, the parameter block below 1 MiB.
 * References: PXE 2.1 specification, 3.3 (API conventions),
 * 3.2.4/PXENV_GET_CACHED_INFO (cached DHCP packets). The kernel over TFTP:
 * boot/pxe_tftp.c.
 */
#include "boot/bios.h"
#include "boot/layout.h"
#include "boot/lerr.h"
#include "boot/pxe.h"
#include "boot/pxeinfo.h"
#include "lib/console.h"
#include "lib/printf.h"
#include "lib/string.h"

#define CACHED_MAX 1500
#define NAREAS     8

struct segoff {
    uint16_t off, seg;
} __attribute__((packed));

/* PXE 2.1 parameter blocks (each begins with the Status word the call fills). */
static struct {
    uint16_t status, type, size;
    struct segoff buf;
    uint16_t limit;
} __attribute__((packed)) p_cached;

static struct pxe_api api;
static uint8_t ack[CACHED_MAX], reply[CACHED_MAX];

uint16_t pxe_call(uint16_t opcode, void *param)
{
    struct rmregs r = {0};
    const uint16_t args[3] = {opcode, RM_OFF(param), RM_SEG(param)};
    if (!api.stack_args) { /* PXENV+ RMEntry: BX = opcode, ES:DI = parameter block */
        r.ebx = opcode;
        r.es = RM_SEG(param);
        r.edi = RM_OFF(param);
    }
    uint16_t ax = bios_farcall(api.seg, api.off, args, &r);
    uint16_t status = *(volatile uint16_t *)param;
    if (ax == 0)
        return 0;
    return status ? status : 0xFFFF;
}

/* A real-mode seg:off as a flat pointer (paging is off, so physical = linear). */
static const uint8_t *rm_ptr(uint16_t seg, uint16_t off)
{
    return (const uint8_t *)(((uint32_t)seg << 4) + off);
}

/* How many bytes from seg:off up to 1 MiB, the most a real-mode structure can span. */
static uint32_t rm_avail(uint16_t seg, uint16_t off)
{
    return 0x100000 - (((uint32_t)seg << 4) + off);
}

/* The structure the API was found in: !PXE (PXE 2.1) or the older PXENV+. */
struct pxe_found {
    const uint8_t *at;
    int is_bangpxe;
};

/* !PXE at seg:off, if it is valid: fills api and *found. Returns 0 or the reason. */
static const char *try_bangpxe(uint16_t seg, uint16_t off, struct pxe_found *found)
{
    const char *e = pxe_check_bangpxe(rm_ptr(seg, off), rm_avail(seg, off), &api);
    if (!e)
        *found = (struct pxe_found){rm_ptr(seg, off), 1};
    return e;
}

/*
 * PXE 2.1, 4.4.5: the NBP gets !PXE from SS:SP+4 and PXENV+ in ES:BX. Use
 * !PXE when valid; else PXENV+'s PXEPtr (2.1 stacks); else PXENV+ itself.
 * Fills *found (its memory areas are checked next) and returns 0, or returns
 * the reason the !PXE pointer was refused when nothing is usable.
 */
static const char *find_api(struct pxe_found *found)
{
    const char *e1 = try_bangpxe((uint16_t)(s2_bangpxe >> 16), (uint16_t)s2_bangpxe, found);
    if (!e1)
        return 0;
    const uint8_t *pv = rm_ptr(s2_pxenv_seg, s2_pxenv_off);
    uint32_t pvlen = rm_avail(s2_pxenv_seg, s2_pxenv_off);
    const char *e2 = pxe_check_pxenv(pv, pvlen, &api);
    if (e2) {
        cprintf("stage2: pxe: %s; %s\n", e1, e2);
        return e1;
    }
    uint16_t poff = (uint16_t)(pv[PXENV_PXEPTR] | pv[PXENV_PXEPTR + 1] << 8);
    uint16_t pseg = (uint16_t)(pv[PXENV_PXEPTR + 2] | pv[PXENV_PXEPTR + 3] << 8);
    if (pv[PXENV_LENGTH] >= PXENV_LENGTH_2_1 && (pseg || poff) && !try_bangpxe(pseg, poff, found))
        return 0;
    pxe_check_pxenv(pv, pvlen, &api); /* try_bangpxe's failed check may have changed api */
    *found = (struct pxe_found){pv, 0};
    return 0;
}

/* The stack's memory must not overlap the loader's [LOADER_START, LOADER_END). */
static int check_areas(const struct pxe_found *found, char *why, uint32_t n)
{
    struct pxe_area a[NAREAS];
    int k = pxe_areas(found->at, found->is_bangpxe, a, NAREAS);
    for (int i = 0; i < k; i++) {
        if (a[i].start < LOADER_END && a[i].end > LOADER_START) {
            ksnprintf(why, n, "pxe: the PXE stack uses [0x%x, 0x%x), inside the loader's memory",
                      a[i].start, a[i].end);
            return LERR_PXE;
        }
    }
    return 0;
}

/* PXENV_GET_CACHED_INFO of one packet type into buf. Returns its length, 0 if none. */
static uint32_t cached_packet(uint16_t type, uint8_t *buf)
{
    memset(&p_cached, 0, sizeof(p_cached));
    p_cached.type = type;
    p_cached.size = CACHED_MAX;
    p_cached.buf = (struct segoff){RM_OFF(buf), RM_SEG(buf)};
    p_cached.limit = CACHED_MAX;
    if (pxe_call(PXENV_GET_CACHED_INFO, &p_cached) != 0)
        return 0;
    return p_cached.size <= CACHED_MAX ? p_cached.size : CACHED_MAX;
}

/* One progress line with the PC's identity, as the report's net line gives it. */
static void print_identity(const struct bootinfo_net *net)
{
    const uint8_t *m = net->mac, *ip = (const uint8_t *)&net->client_ip,
                  *sv = (const uint8_t *)&net->server_ip;
    cprintf("stage2: pxe: mac %02x:%02x:%02x:%02x:%02x:%02x ip %u.%u.%u.%u server %u.%u.%u.%u "
            "file %s\n",
            m[0], m[1], m[2], m[3], m[4], m[5], ip[0], ip[1], ip[2], ip[3], sv[0], sv[1], sv[2],
            sv[3], net->bootfile[0] ? net->bootfile : "-");
}

int pxe_start(struct bootinfo *bi, char *why, uint32_t n)
{
    struct pxe_found found;
    const char *e = find_api(&found);
    if (e) {
        ksnprintf(why, n, "pxe: no valid !PXE or PXENV+ structure (%s)", e);
        return LERR_PXE;
    }
    cprintf("stage2: pxe: %s at 0x%x, API entry %04x:%04x\n", found.is_bangpxe ? "!PXE" : "PXENV+",
            (uint32_t)found.at, api.seg, api.off);
    int err = check_areas(&found, why, n);
    if (err < 0)
        return err;
    uint32_t alen = cached_packet(PXENV_PACKET_DHCP_ACK, ack);
    uint32_t rlen = cached_packet(PXENV_PACKET_CACHED, reply);
    if (alen == 0) {
        ksnprintf(why, n, "pxe: GET_CACHED_INFO gave no DHCPACK (status 0x%x)", p_cached.status);
        return LERR_PXE;
    }
    struct bootinfo_net net;
    if ((e = dhcp_identity(ack, alen, reply, rlen, &net))) {
        ksnprintf(why, n, "pxe: %s", e);
        return LERR_PXE;
    }
    memcpy(&bi->net, &net, sizeof(net));
    bi->flags |= BI_NET_VALID;
    print_identity(&net);
    return 0;
}
