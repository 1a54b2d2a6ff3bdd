/*
 * tftp_retry.c - the retry policy of the network loaders (see tftp_retry.h).
 */
#include "boot/pxeinfo.h"
#include "boot/tftp_retry.h"

#define SECS_PER_DAY 86400

const char *tftp_retry_start(struct tftp_retry *r, const char *cmdline, uint32_t now)
{
    r->retries = 0;
    r->start = now;
    r->budget = TFTP_RETRY_SECS;
    return tftp_budget_option(cmdline, &r->budget);
}

uint32_t tftp_retry_elapsed(const struct tftp_retry *r, uint32_t now)
{
    if (r->start == CLOCK_NONE || now == CLOCK_NONE)
        return 0;
    return (now + SECS_PER_DAY - r->start) % SECS_PER_DAY;
}

int tftp_retry_next(struct tftp_retry *r, uint32_t now)
{
    if (r->retries >= TFTP_RETRIES || tftp_retry_elapsed(r, now) >= r->budget)
        return -1;
    int pause = r->retries < 3 ? 1 << r->retries : TFTP_PAUSE_MAX;
    r->retries++;
    return pause;
}
