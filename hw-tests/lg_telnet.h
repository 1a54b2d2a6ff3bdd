/*
 * lg_telnet.h - the receiving side of a TELNET connection (RFC 854), as
 * much as a console reader needs: strip commands and option negotiation out
 * of the data stream and answer negotiation correctly.
 *
 * ser2net's telnet ports (and conserver-style console servers) open with
 * option negotiation (WILL ECHO, WILL SGA, DO/WILL BINARY, RFC 2217 COM-PORT
 * option, ...). A reader that ignored it would see the command bytes as
 * console text; one that answered every request blindly could loop.
 */
#ifndef BOOTLAB_HW_TESTS_LG_TELNET_H
#define BOOTLAB_HW_TESTS_LG_TELNET_H

#include <stddef.h>
#include <stdint.h>

#define LG_TELNET_REPLY_MAX 3072 /* answers queued by one feed, at most 3 bytes per 3 input */

struct lg_telnet {
    int state;        /* parser state (lg_telnet.c) */
    uint8_t cmd;      /* WILL/WONT/DO/DONT being parsed */
    uint8_t him[256]; /* option enabled on the server's side (we sent DO) */
    uint8_t us[256];  /* option enabled on our side (we sent WILL) */
    uint8_t last_cr;  /* previous data byte was CR (CR NUL means CR, RFC 854) */
    uint8_t reply[LG_TELNET_REPLY_MAX];
    size_t nreply; /* bytes of reply[] to send to the server */
};

/* lg_telnet_init - a fresh connection: every option disabled on both sides. */
void lg_telnet_init(struct lg_telnet *t);

/*
 * lg_telnet_filter - remove TELNET commands from buf[0..n) in place and
 * return the number of data bytes left at the front of buf. Answers to
 * option requests are appended to t->reply (the caller sends them and
 * clears t->nreply). State carries over between calls, so a command split
 * across reads is handled.
 */
size_t lg_telnet_filter(struct lg_telnet *t, uint8_t *buf, size_t n);

#endif
