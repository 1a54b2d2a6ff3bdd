/*
 * lg_verdict.c - the verdict table (see lg_verdict.h).
 */
#include "hw-tests/lg_verdict.h"

static const struct lg_verdict_info table[LG_NVERDICTS] = {
    [LG_PASS] = {"pass", "pass", 0, 5, 0, 1, "nothing"},
    [LG_FAIL] = {"FAIL", "fail", "failure", 0, 0, 1,
                 "read the failed checks: a kernel bug, a forged report, another kernel than "
                 "the seat's, or line noise (crc32)"},
    [LG_DAMAGED] = {"damaged", "damaged", "error", 1, 1, 0,
                    "the report came with its framing broken and no intact copy followed: line "
                    "noise or a cable fault; see the console's last lines, boot again"},
    [LG_INCOMPLETE] = {"incomplete", "other", "failure", 2, 1, 0,
                       "the PC hung or rebooted mid-report, or the cable dropped bytes: see the "
                       "console's last lines"},
    [LG_STOPPED] = {"stopped", "other", "failure", 1, 1, 0,
                    "fix what the stop line says (disk, kernel image, memory)"},
    [LG_NOREPORT] = {"no-report", "other", "failure", 3, 1, 0,
                     "check the cable, the serial speed and the PC's boot order"},
    [LG_ERROR] = {"error", "error", "error", 4, 1, 0,
                  "check the input's path, host or port, and the kernel ELF"},
    [LG_WRONGPC] = {"wrong-pc", "fail", "failure", 0, 0, 1,
                    "the SMBIOS serial or UUID is not the one the inventory pins to this seat: "
                    "find which PC is cabled to this console"},
};

static const struct lg_verdict_info unknown = {"?", "other", "error", 4, 1, 0, "?"};

const struct lg_verdict_info *lg_verdict_info(enum lg_verdict v)
{
    return v >= LG_PASS && v < LG_NVERDICTS && table[v].name ? &table[v] : &unknown;
}

const char *lg_verdict_name(enum lg_verdict v)
{
    return lg_verdict_info(v)->name;
}
