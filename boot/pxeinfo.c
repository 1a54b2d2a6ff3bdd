/*
 * pxeinfo.c - checks and parsers for the PXE and DHCP structures (see
 * pxeinfo.h). Pure C: no BIOS, no globals.
 */
#include "boot/pxeinfo.h"
#include "lib/cmdline.h"
#include "lib/string.h"

/* A number defined by a macro, as text in a message. */
#define NUMBER_TEXT(n)  NUMBER_TEXT_(n)
#define NUMBER_TEXT_(n) #n

/* Little-endian loads: PXE structures are unaligned, x86 byte order. */
static uint16_t rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)rd16(p) | (uint32_t)rd16(p + 2) << 16;
}

/* PXE 2.1, 3.2: both structures are valid when their bytes sum to 0 (mod 256). */
static int byte_sum(const uint8_t *p, uint32_t n)
{
    uint8_t s = 0;
    for (uint32_t i = 0; i < n; i++)
        s = (uint8_t)(s + p[i]);
    return s;
}

const char *pxe_check_bangpxe(const uint8_t *p, uint32_t avail, struct pxe_api *api)
{
    if (avail < BANGPXE_MIN_LENGTH)
        return "!PXE: structure not readable";
    if (memcmp(p, "!PXE", 4) != 0)
        return "!PXE: bad signature";
    uint8_t len = p[BANGPXE_LENGTH];
    if (len < BANGPXE_MIN_LENGTH)
        return "!PXE: StructLength too small";
    if (byte_sum(p, len) != 0)
        return "!PXE: bad checksum";
    api->off = rd16(p + BANGPXE_ENTRY_SP);
    api->seg = rd16(p + BANGPXE_ENTRY_SP + 2);
    api->stack_args = 1;
    if (api->seg == 0 && api->off == 0)
        return "!PXE: no EntryPointSP";
    return 0;
}

const char *pxe_check_pxenv(const uint8_t *p, uint32_t avail, struct pxe_api *api)
{
    if (avail < PXENV_LENGTH_2_1)
        return "PXENV+: structure not readable";
    if (memcmp(p, "PXENV+", PXENV_SIG_LEN) != 0)
        return "PXENV+: bad signature";
    uint8_t len = p[PXENV_LENGTH];
    if (len < PXENV_MIN_LENGTH)
        return "PXENV+: Length too small";
    if (byte_sum(p, len) != 0)
        return "PXENV+: bad checksum";
    api->off = rd16(p + PXENV_RMENTRY);
    api->seg = rd16(p + PXENV_RMENTRY + 2);
    api->stack_args = 0;
    if (api->seg == 0 && api->off == 0)
        return "PXENV+: no RMEntry";
    return 0;
}

int pxe_areas(const uint8_t *p, int is_bangpxe, struct pxe_area *out, int max)
{
    int n = 0;
    if (is_bangpxe) {
        int cnt = p[BANGPXE_SEGCNT] < BANGPXE_NSEGDESC ? p[BANGPXE_SEGCNT] : BANGPXE_NSEGDESC;
        for (int i = 0; i < cnt && n < max; i++) {
            const uint8_t *d = p + BANGPXE_SEGDESC + 8 * i;
            uint32_t phys = rd32(d + 2), size = rd16(d + 6);
            if (size)
                out[n++] = (struct pxe_area){phys, phys + size};
        }
        return n;
    }
    for (int i = 0; i < PXENV_NSEGS && n < max; i++) {
        uint32_t seg = rd16(p + PXENV_STACKSEG + 4 * i),
                 size = rd16(p + PXENV_STACKSEG + 4 * i + 2);
        if (size)
            out[n++] = (struct pxe_area){seg << 4, (seg << 4) + size};
    }
    return n;
}

/* RFC 2132: the value of option 'tag' in the packet's options, or 0; *len gets its length. */
static const uint8_t *dhcp_option(const uint8_t *pkt, uint32_t plen, uint8_t tag, uint8_t *len)
{
    static const uint8_t cookie[4] = {99, 130, 83, 99};
    if (plen < DHCP_MIN_LEN || memcmp(pkt + DHCP_OPTIONS, cookie, 4) != 0)
        return 0;
    for (uint32_t i = DHCP_MIN_LEN; i < plen;) {
        uint8_t t = pkt[i];
        if (t == 255)
            break;
        if (t == 0) {
            i++;
            continue;
        }
        if (i + 1 >= plen || i + 2 + pkt[i + 1] > plen)
            break;
        if (t == tag) {
            *len = pkt[i + 1];
            return pkt + i + 2;
        }
        i += 2 + pkt[i + 1];
    }
    return 0;
}

/* The boot file name of a packet: the file field, else option 67. Empty if neither. */
static void packet_file(const uint8_t *pkt, uint32_t plen, char *out, uint32_t n)
{
    uint8_t len = 0;
    const uint8_t *opt;
    out[0] = 0;
    if (plen >= DHCP_FILE + DHCP_FILELEN && pkt[DHCP_FILE]) {
        uint32_t k = strnlen((const char *)pkt + DHCP_FILE, DHCP_FILELEN);
        k = k < n - 1 ? k : n - 1;
        memcpy(out, pkt + DHCP_FILE, k);
        out[k] = 0;
    } else if ((opt = dhcp_option(pkt, plen, 67, &len)) != 0) {
        uint32_t k = strnlen((const char *)opt, len);
        k = k < n - 1 ? k : n - 1;
        memcpy(out, opt, k);
        out[k] = 0;
    }
}

/* siaddr, or option 54 (server identifier) when siaddr is 0. */
static uint32_t packet_server(const uint8_t *pkt, uint32_t plen)
{
    uint8_t len = 0;
    uint32_t ip;
    memcpy(&ip, pkt + DHCP_SIADDR, 4);
    const uint8_t *opt = dhcp_option(pkt, plen, 54, &len);
    if (ip == 0 && opt && len == 4)
        memcpy(&ip, opt, 4);
    return ip;
}

const char *dhcp_identity(const uint8_t *ack, uint32_t acklen, const uint8_t *reply, uint32_t rlen,
                          struct bootinfo_net *net)
{
    uint8_t len = 0;
    if (acklen < DHCP_MIN_LEN)
        return "DHCPACK: packet too short";
    if (ack[DHCP_OP] != 2 || ack[DHCP_HLEN] != 6)
        return "DHCPACK: not a BOOTREPLY for an Ethernet address";
    memset(net, 0, sizeof(*net));
    memcpy(net->mac, ack + DHCP_CHADDR, 6);
    memcpy(&net->client_ip, ack + DHCP_YIADDR, 4);
    if (net->client_ip == 0)
        return "DHCPACK: no client address (yiaddr is 0.0.0.0)";
    const uint8_t *router = dhcp_option(ack, acklen, 3, &len);
    if (router && len >= 4)
        memcpy(&net->gateway_ip, router, 4);
    else
        memcpy(&net->gateway_ip, ack + DHCP_GIADDR, 4);
    const uint8_t *src = ack;
    uint32_t slen = acklen;
    if (rlen >= DHCP_MIN_LEN && reply[DHCP_OP] == 2) {
        packet_file(reply, rlen, net->bootfile, sizeof(net->bootfile));
        if (net->bootfile[0]) {
            src = reply;
            slen = rlen;
        }
    }
    packet_file(src, slen, net->bootfile, sizeof(net->bootfile));
    net->server_ip = packet_server(src, slen);
    return 0;
}

/* Length of the "scheme://host/" prefix of a URL, or 0 for a plain path. */
static uint32_t url_prefix(const char *s)
{
    const char *p = s;
    while (*p && *p != '/' && *p != ':')
        p++;
    if (p[0] != ':' || p[1] != '/' || p[2] != '/')
        return 0;
    p += 3;
    while (*p && *p != '/')
        p++;
    return (uint32_t)(p - s) + (*p == '/');
}

int kernel_file_name(const char *bootfile, const char *cmdline, char *out, uint32_t n)
{
    uint32_t k;
    const char *name = cmdline_value(cmdline, "kernel", &k);
    if (name) {
        if (k == 0 || k >= n)
            return -1;
        memcpy(out, name, k);
        out[k] = 0;
        return 0;
    }
    const char *path = bootfile + url_prefix(bootfile);
    uint32_t dir = 0;
    for (uint32_t i = 0; path[i]; i++)
        if (path[i] == '/')
            dir = i + 1;
    if (dir + sizeof(KERNEL_FILE_DEFAULT) > n)
        return -1;
    memcpy(out, path, dir);
    memcpy(out + dir, KERNEL_FILE_DEFAULT, sizeof(KERNEL_FILE_DEFAULT));
    return 0;
}

/* 1 for the blanks between a seat file's words. */
static int blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* The word at text[*i..len) after blanks, as [*w, *w + return): its length, 0 at a line's end. */
static uint32_t word(const char *text, uint32_t len, uint32_t *i, uint32_t *w)
{
    while (*i < len && blank(text[*i]))
        (*i)++;
    *w = *i;
    while (*i < len && !blank(text[*i]) && text[*i] != '\n')
        (*i)++;
    return *i - *w;
}

/*
 * The value of the first line "set KEY VALUE" of a seat file's
 * text[0..len), as [*v, *v + return): with whole, the rest of the line
 * (trailing blanks dropped), else VALUE's first word. 0 when no line sets
 * KEY to anything.
 */
static uint32_t seat_setting(const char *text, uint32_t len, const char *key, int whole,
                             uint32_t *v)
{
    uint32_t klen = strlen(key);
    for (uint32_t i = 0; i < len;) {
        uint32_t w1, w2, k1 = word(text, len, &i, &w1), k2 = word(text, len, &i, &w2);
        uint32_t k3 = word(text, len, &i, v);
        if (k1 == 3 && !strncmp(text + w1, "set", 3) && k2 == klen &&
            !strncmp(text + w2, key, klen) && k3 > 0) {
            if (!whole)
                return k3;
            while (i < len && text[i] != '\n')
                i++;
            while (i > *v && blank(text[i - 1]))
                i--;
            return i - *v;
        }
        while (i < len && text[i] != '\n') /* the rest of the line: a comment, other words */
            i++;
        i++;
    }
    return 0;
}

/* text[0..k) into out[n]: 1, 0 when k is 0, -1 when it does not fit. */
static int setting_out(const char *text, uint32_t k, char *out, uint32_t n)
{
    if (k == 0)
        return 0;
    if (k >= n)
        return -1;
    memcpy(out, text, k);
    out[k] = 0;
    return 1;
}

int seat_kernel(const char *text, uint32_t len, char *out, uint32_t n)
{
    uint32_t v, k = seat_setting(text, len, "kernel", 0, &v);
    return setting_out(text + v, k, out, n);
}

int seat_args(const char *text, uint32_t len, char *out, uint32_t n)
{
    uint32_t v, k = seat_setting(text, len, "args", 1, &v);
    return setting_out(text + v, k, out, n);
}

void seat_file_name(const uint8_t mac[6], char out[SEAT_FILE_LEN])
{
    static const char hex[] = "0123456789abcdef";
    char *p = out;
    memcpy(p, "seats/", 6);
    p += 6;
    for (int i = 0; i < 6; i++) {
        *p++ = hex[mac[i] >> 4];
        *p++ = hex[mac[i] & 15];
        *p++ = i < 5 ? '-' : '.';
    }
    memcpy(p, "ipxe", 5);
}

const char *tftp_budget_option(const char *cmdline, uint32_t *secs)
{
    uint32_t len, v;
    const char *s = cmdline_value(cmdline, "tftp-budget", &len);
    if (!s)
        return 0;
    if (cmdline_number(s, len, &v) < 0 || v == 0 || v > TFTP_BUDGET_MAX)
        return "tftp-budget= wants seconds, 1 to " NUMBER_TEXT(TFTP_BUDGET_MAX);
    *secs = v;
    return 0;
}
