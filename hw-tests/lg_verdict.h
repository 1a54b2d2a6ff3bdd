/*
 * lg_verdict.h - the grader's verdicts, and everything the outputs say about
 * each one, as one table: a new verdict is a new enum value and a new row
 * (docs/grading.md, "Verdicts").
 */
#ifndef BOOTLAB_HW_TESTS_LG_VERDICT_H
#define BOOTLAB_HW_TESTS_LG_VERDICT_H

/*
 * LG_DAMAGED: the report arrived with its framing broken (count, CRC, a
 * marker) and no intact copy came, so what the kernel said is unknown:
 * distinct from LG_FAIL, where it is known and wrong.
 */
enum lg_verdict {
    LG_PASS,
    LG_FAIL,
    LG_DAMAGED,
    LG_INCOMPLETE,
    LG_STOPPED,
    LG_NOREPORT,
    LG_ERROR,
    LG_WRONGPC, /* a complete report from another PC than the one the inventory pins the seat to */
    LG_NVERDICTS
};

struct lg_verdict_info {
    const char *name;  /* as printed: "pass", "FAIL", ... */
    const char *css;   /* HTML class: its color */
    const char *junit; /* JUnit element for a PC with this verdict, NULL for a pass */
    int rank;          /* HTML order: lower first (failures first, passes last) */
    int console_tail;  /* the HTML shows the console's last lines */
    int graded;       /* an intact report was graded: its values (limit, free, picture) are shown */
    const char *todo; /* what to do about it, one sentence */
};

/* lg_verdict_info - the row of v (a row of "?" for a value outside the enum). */
const struct lg_verdict_info *lg_verdict_info(enum lg_verdict v);

/* lg_verdict_name - "pass", "FAIL", "damaged", ..., "error", "wrong-pc": the row's name. */
const char *lg_verdict_name(enum lg_verdict v);

#endif
