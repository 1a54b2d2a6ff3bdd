/*
 * lg_identity.h - the lines of a version-3 report that say which machine
 * answered and where its time went: cpu, smbios, tsc and milestone
 * (docs/report-format.md). They are parsed here, checked against each other
 * (when each must appear is in lg_rules.c; the microseconds recomputed from the TSC readings
 * and the rate), and summarized for the grader's outputs. The inventory may
 * pin a seat to the SMBIOS serial and UUID (hw-tests/lg_inv.h).
 */
#ifndef BOOTLAB_HW_TESTS_LG_IDENTITY_H
#define BOOTLAB_HW_TESTS_LG_IDENTITY_H

#include <stddef.h>
#include <stdint.h>

struct lg_report;
struct lg_checks;

#define LG_ID_STR   48 /* room for any string value of these lines */
#define LG_UUID_LEN 37 /* 36 characters and a NUL */
#define LG_MAX_MS   8  /* reset and the seven milestones */

/* The SMBIOS strings' most bytes, as the kernel cuts them (kernel/report.h). */
#define LG_SMBIOS_MF      24
#define LG_SMBIOS_PRODUCT 32
#define LG_SMBIOS_SERIAL  24

/* The milestones in boot order (kernel/clock.h); "reset" comes before them all. */
enum lg_ms {
    LG_MS_LOADER,
    LG_MS_MAP,
    LG_MS_LOADED,
    LG_MS_ENTRY,
    LG_MS_KINIT1,
    LG_MS_KVMALLOC,
    LG_MS_REPORT,
    LG_MS_N
};

struct lg_identity {
    int cpu_line, smbios_line, tsc_line; /* where each was seen (report line), 0: not */
    int cpu_none;
    char vendor[LG_ID_STR], brand[LG_ID_STR + 4];
    uint32_t family, model, stepping;
    int smbios_none;
    char manufacturer[LG_ID_STR], product[LG_ID_STR], serial[LG_ID_STR], uuid[LG_UUID_LEN];
    int tsc_usable;
    uint64_t hz;
    char calib[16], why[16];
    int reset_line;
    uint64_t reset_us;
    unsigned ms_have;     /* bit m: milestone m was seen */
    int ms_line[LG_MS_N]; /* where */
    uint64_t ms_tsc[LG_MS_N], ms_us[LG_MS_N];
    int ms_next; /* the order rule: the lowest milestone allowed next */
};

/* lg_ms_name - "loader", "map", ..., "report". */
const char *lg_ms_name(int m);

/*
 * lg_id_parse - one cpu, smbios, tsc or milestone line (tok[0] says which),
 * split into ntok tokens, at report line lineno (the parser's kinds[] takes
 * them only in version 3). Problems go to rep's list. Returns 0 or -1.
 */
int lg_id_parse(struct lg_report *rep, int lineno, char *const *tok, int ntok, const char *text);

/*
 * lg_id_verify - checks of a version-3 report's clock lines against
 * themselves: the rate is plausible, the TSC readings rise in boot order,
 * and every us value is what the readings and the rate give. Appends the
 * checks to cs.
 */
void lg_id_verify(const struct lg_report *rep, struct lg_checks *cs);

/*
 * lg_id_summary - the machine in one line ("" before version 3):
 * "GenuineIntel family 6 model 158 stepping 10 Intel(R)_Core(TM)...;
 * Dell_Inc. OptiPlex_7050 serial 1A2B3C4 uuid ...".
 */
void lg_id_summary(const struct lg_report *rep, char *buf, size_t cap);

/*
 * lg_id_times - the milestones in one line ("" before version 3):
 * "reset 66.2 ms; loader +0.0, map +5.0, ... report +390.2 ms (2.294 GHz, pit)",
 * or "TSC unusable: no-tsc".
 */
void lg_id_times(const struct lg_report *rep, char *buf, size_t cap);

/* lg_id_boot_us - microseconds from the first milestone to "report"; -1 if unknown. */
int64_t lg_id_boot_us(const struct lg_report *rep);

#endif
