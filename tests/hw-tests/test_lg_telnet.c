/*
 * test_lg_telnet.c - TELNET filtering and negotiation (hw-tests/lg_telnet.c),
 * against the byte values of RFC 854/855/856/857/858.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>
#include "hw-tests/lg_telnet.h"

#define IAC  255
#define DONT 254
#define DO   253
#define WONT 252
#define WILL 251
#define SB   250
#define SE   240

static size_t run(struct lg_telnet *t, const uint8_t *in, size_t n, uint8_t *out)
{
    memcpy(out, in, n);
    return lg_telnet_filter(t, out, n);
}

static void test_data_and_iac_iac(void **state)
{
    (void)state;
    struct lg_telnet t;
    uint8_t out[32];
    static const uint8_t in[] = {'a', IAC, IAC, 'b', IAC, 241 /* NOP */, 'c', '\r', 0, '\n'};
    lg_telnet_init(&t);
    size_t n = run(&t, in, sizeof(in), out);
    assert_int_equal(n, 6);
    assert_memory_equal(out,
                        "a\xff"
                        "bc\r\n",
                        6);
    assert_int_equal(t.nreply, 0);
}

/* ser2net's opening: WILL ECHO, WILL SGA, DO SGA? accept; COM-PORT (44) refused. */
static void test_negotiation(void **state)
{
    (void)state;
    struct lg_telnet t;
    uint8_t out[64];
    static const uint8_t in[] = {IAC,  WILL, 1,   IAC, WILL, 3,   IAC, DO, 3,  IAC,
                                 WILL, 44,   IAC, DO,  44,   IAC, DO,  24, 'x'};
    static const uint8_t want[] = {IAC, DO,   1,  IAC, DO,   3,  IAC, WILL, 3,
                                   IAC, DONT, 44, IAC, WONT, 44, IAC, WONT, 24};
    lg_telnet_init(&t);
    assert_int_equal(run(&t, in, sizeof(in), out), 1);
    assert_int_equal(t.nreply, sizeof(want));
    assert_memory_equal(t.reply, want, sizeof(want));
    /* The same requests again change nothing: no answer (RFC 854: no loops). */
    t.nreply = 0;
    static const uint8_t again[] = {IAC, WILL, 1, IAC, DO, 3};
    run(&t, again, sizeof(again), out);
    assert_int_equal(t.nreply, 0);
    /* WONT for an enabled option is acknowledged once with DONT. */
    static const uint8_t wont[] = {IAC, WONT, 1, IAC, WONT, 1};
    run(&t, wont, sizeof(wont), out);
    assert_int_equal(t.nreply, 3);
    assert_int_equal(t.reply[1], DONT);
}

/* Subnegotiation bodies are not data, even with IAC IAC inside; commands may split across reads. */
static void test_subnegotiation_and_split(void **state)
{
    (void)state;
    struct lg_telnet t;
    uint8_t out[32];
    static const uint8_t in[] = {'a', IAC, SB, 44, 1, IAC, IAC, 'z', IAC, SE, 'b', IAC};
    static const uint8_t rest[] = {WILL, 0, 'c'};
    lg_telnet_init(&t);
    assert_int_equal(run(&t, in, sizeof(in), out), 2);
    assert_memory_equal(out, "ab", 2);
    assert_int_equal(run(&t, rest, sizeof(rest), out), 1);
    assert_int_equal(out[0], 'c');
    assert_int_equal(t.nreply, 3);
    assert_int_equal(t.reply[1], DO);
    assert_int_equal(t.reply[2], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_data_and_iac_iac),
        cmocka_unit_test(test_negotiation),
        cmocka_unit_test(test_subnegotiation_and_split),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
