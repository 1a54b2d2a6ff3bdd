/*
 * lg_telnet.c - TELNET data filter and option negotiation (see lg_telnet.h).
 *
 * Facts used (RFC 854 "TELNET Protocol Specification", RFC 855 "TELNET
 * Option Specifications"):
 *   IAC = 255 introduces a command; IAC IAC is a data byte 255.
 *   WILL 251, WONT 252, DO 253, DONT 254 are followed by one option byte.
 *   SB 250 ... IAC SE 240 is a subnegotiation; its body is not data.
 *   Other commands (NOP 241, DM 242, BRK 243, IP 244, AO 245, AYT 246,
 *   EC 247, EL 248, GA 249) are one byte long.
 *   A party only acknowledges a request that changes an option's state
 *   (RFC 854, "General Considerations", rule 2); refusing with DONT/WONT is
 *   always allowed. This keeps negotiation from looping.
 *   CR NUL in the data stream stands for a bare CR.
 * Options accepted: BINARY 0 (RFC 856) and SUPPRESS-GO-AHEAD 3 (RFC 858) in
 * both directions, ECHO 1 (RFC 857) on the server's side only. Everything
 * else (RFC 2217 COM-PORT-OPTION 44, TERMINAL-TYPE, ...) is refused.
 */
#include "hw-tests/lg_telnet.h"

#include <string.h>

#define IAC  255
#define DONT 254
#define DO   253
#define WONT 252
#define WILL 251
#define SB   250
#define SE   240

#define OPT_BINARY 0
#define OPT_ECHO   1
#define OPT_SGA    3

enum { T_DATA, T_IAC, T_OPT, T_SB, T_SB_IAC };

void lg_telnet_init(struct lg_telnet *t)
{
    memset(t, 0, sizeof(*t));
}

static void reply(struct lg_telnet *t, uint8_t cmd, uint8_t opt)
{
    if (t->nreply + 3 > sizeof(t->reply))
        return; /* a flood of requests: the excess goes unanswered, nothing breaks */
    t->reply[t->nreply++] = IAC;
    t->reply[t->nreply++] = cmd;
    t->reply[t->nreply++] = opt;
}

/* Options we let the server enable on its side (it sends, we receive). */
static int accept_him(uint8_t opt)
{
    return opt == OPT_BINARY || opt == OPT_SGA || opt == OPT_ECHO;
}

/* Options we enable on our side when asked (we never send data anyway). */
static int accept_us(uint8_t opt)
{
    return opt == OPT_BINARY || opt == OPT_SGA;
}

/* WILL/WONT from the server: about its side of the option. */
static void negotiate_him(struct lg_telnet *t, uint8_t cmd, uint8_t opt)
{
    if (cmd == WILL && !t->him[opt]) {
        t->him[opt] = accept_him(opt);
        reply(t, t->him[opt] ? DO : DONT, opt);
    } else if (cmd == WONT && t->him[opt]) {
        t->him[opt] = 0;
        reply(t, DONT, opt);
    }
}

/* DO/DONT from the server: about our side of the option. */
static void negotiate_us(struct lg_telnet *t, uint8_t cmd, uint8_t opt)
{
    if (cmd == DO && !t->us[opt]) {
        t->us[opt] = accept_us(opt);
        reply(t, t->us[opt] ? WILL : WONT, opt);
    } else if (cmd == DONT && t->us[opt]) {
        t->us[opt] = 0;
        reply(t, WONT, opt);
    }
}

/* The byte after IAC; returns the next state. *data is set for IAC IAC. */
static int after_iac(struct lg_telnet *t, uint8_t c, int *data)
{
    if (c == IAC) {
        *data = 1;
        return T_DATA;
    }
    if (c >= WILL) {
        t->cmd = c;
        return T_OPT;
    }
    return c == SB ? T_SB : T_DATA; /* one-byte commands are dropped */
}

/* Keep data byte c unless it is the NUL of a CR NUL pair. */
static int keep_data(struct lg_telnet *t, uint8_t c)
{
    int keep = !(t->last_cr && c == 0);
    t->last_cr = c == '\r';
    return keep;
}

/* One byte in state t->state: returns 1 when c is a data byte. */
static int step(struct lg_telnet *t, uint8_t c)
{
    int data = 0;

    switch (t->state) {
    case T_DATA:
        if (c == IAC) {
            t->state = T_IAC;
            return 0;
        }
        return keep_data(t, c);
    case T_IAC:
        t->state = after_iac(t, c, &data);
        return data;
    case T_OPT:
        if (t->cmd == WILL || t->cmd == WONT)
            negotiate_him(t, t->cmd, c);
        else
            negotiate_us(t, t->cmd, c);
        t->state = T_DATA;
        return 0;
    case T_SB:
        t->state = c == IAC ? T_SB_IAC : T_SB;
        return 0;
    default: /* T_SB_IAC: IAC SE ends it, IAC IAC is data inside it */
        t->state = c == SE ? T_DATA : T_SB;
        return 0;
    }
}

size_t lg_telnet_filter(struct lg_telnet *t, uint8_t *buf, size_t n)
{
    size_t out = 0;

    for (size_t i = 0; i < n; i++) {
        uint8_t c = buf[i];
        if (step(t, c))
            buf[out++] = c;
    }
    return out;
}
