/*
 * lg_pc.c - one PC: feeding its console, grading it (see lg_pc.h).
 */
#include "hw-tests/lg_pc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *lg_verdict_name(enum lg_verdict v)
{
    static const char *const names[LG_NVERDICT] = {"pass",      "FAIL",  "incomplete", "stopped",
                                                   "no-report", "error", "wrong-pc"};
    return v < LG_NVERDICT ? names[v] : "?";
}

void lg_safe(const char *s, char *buf, size_t cap)
{
    size_t i = 0;
    if (cap == 0)
        return;
    for (; s[i] && i + 1 < cap; i++)
        buf[i] = (s[i] >= 0x20 && s[i] < 0x7F) ? s[i] : '?';
    buf[i] = 0;
}

int lg_pc_init(struct lg_pc *pc, const char *name, const struct lg_source *src)
{
    memset(pc, 0, sizeof(*pc));
    snprintf(pc->name, sizeof(pc->name), "%s", name);
    pc->src = *src;
    pc->fd = -1;
    pc->t_first = -1;
    if (lg_collect_init(&pc->col) < 0)
        return -1;
    lg_line_init(&pc->lb, lg_collect_line, &pc->col);
    return 0;
}

void lg_pc_free(struct lg_pc *pc)
{
    lg_collect_free(&pc->col);
    free(pc->telnet);
    free(pc->rep);
    free(pc->exp);
    free(pc->checks);
    pc->telnet = NULL;
    pc->rep = NULL;
    pc->exp = NULL;
    pc->checks = NULL;
}

void lg_pc_feed(struct lg_pc *pc, const void *buf, size_t n)
{
    pc->bytes += n;
    lg_line_feed(&pc->lb, buf, n);
}

void lg_pc_note(struct lg_pc *pc, const char *fmt, ...)
{
    va_list ap;
    char tmp[LG_REASON];

    if (pc->nnotes >= LG_MAXNOTES)
        return;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    lg_safe(tmp, pc->notes[pc->nnotes++], LG_REASON);
}

/* Set the verdict and its one-line reason (made printable). */
static enum lg_verdict set_verdict(struct lg_pc *pc, enum lg_verdict v, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static enum lg_verdict set_verdict(struct lg_pc *pc, enum lg_verdict v, const char *fmt, ...)
{
    va_list ap;
    char tmp[LG_REASON];

    va_start(ap, fmt);
    vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    lg_safe(tmp, pc->reason, sizeof(pc->reason));
    pc->verdict = v;
    return v;
}

/* How the input ended, for reasons: "timed out after 300 s" or "input ended". */
static const char *how_ended(const struct lg_pc *pc, char *buf, size_t cap)
{
    if (pc->timed_out)
        snprintf(buf, cap, "timed out after %.0f s", pc->src.timeout);
    else
        snprintf(buf, cap, "input ended");
    return buf;
}

/* Notes about boots beyond the graded one. */
static void boot_notes(struct lg_pc *pc)
{
    const struct lg_collect *c = &pc->col;

    if (c->boots > 1 || c->complete > 1)
        lg_pc_note(pc, "%d reports begun, %d complete; graded the last complete one", c->boots,
                   c->complete);
    if (c->in_report)
        lg_pc_note(pc, "a later report was cut off; last line: %s", c->last);
    if (c->stop_after_report)
        lg_pc_note(pc, "a later boot stopped: %s", c->stop);
}

/* The checks' first failure, as "name: expected X, reported Y (and N more)". */
static void fail_reason(struct lg_pc *pc)
{
    const struct lg_checks *cs = pc->checks;
    for (int i = 0; i < cs->n; i++) {
        if (cs->c[i].ok)
            continue;
        set_verdict(pc, LG_FAIL, "%s: expected %s, reported %s%s", cs->c[i].name, cs->c[i].expected,
                    cs->c[i].reported, cs->nfail > 1 ? " (and more, see checks)" : "");
        return;
    }
}

/*
 * The seat is pinned to another machine (docs/grading.md, "The inventory"):
 * whatever the checks say, this report is not the seat's. The other failed
 * checks stay listed.
 */
static enum lg_verdict wrong_pc(struct lg_pc *pc)
{
    const struct lg_check *c = NULL;
    for (int i = 0; i < pc->checks->n; i++)
        if (!strcmp(pc->checks->c[i].name, "inventory identity"))
            c = &pc->checks->c[i];
    return set_verdict(pc, LG_WRONGPC, "another PC in seat %s: expected %s, reported %s", pc->key,
                       c ? c->expected : "?", c ? c->reported : "?");
}

/* Grade the last complete report. */
static enum lg_verdict grade_report(struct lg_pc *pc, const struct lg_inv *inv)
{
    pc->rep = calloc(1, sizeof(*pc->rep));
    pc->exp = calloc(1, sizeof(*pc->exp));
    pc->checks = calloc(1, sizeof(*pc->checks));
    if (!pc->rep || !pc->exp || !pc->checks)
        return set_verdict(pc, LG_ERROR, "out of memory");
    lg_parse(&pc->col.done, pc->rep);
    lg_expect(pc->rep->raw, pc->rep->nraw, &pc->kernel, lg_wants_big(pc->rep), pc->exp);
    lg_verify(pc->rep, &pc->kernel, pc->exp, pc->checks);
    lg_inv_key(pc->rep, pc->name, pc->key, sizeof(pc->key));
    if (inv && !lg_inv_check(inv, pc->key, pc->rep, pc->checks))
        lg_pc_note(pc, "%s is not in the inventory", pc->key);
    boot_notes(pc);
    if (inv && lg_inv_pin(inv, pc->key, pc->rep, pc->checks))
        return wrong_pc(pc);
    if (pc->checks->nfail == 0)
        return set_verdict(pc, LG_PASS, "all %d checks passed", pc->checks->n);
    fail_reason(pc);
    return LG_FAIL;
}

enum lg_verdict lg_pc_grade(struct lg_pc *pc, const struct lg_inv *inv)
{
    const struct lg_collect *c = &pc->col;
    char how[64], err[256];

    if (pc->input_error[0] && c->nlines == 0)
        return set_verdict(pc, LG_ERROR, "%s", pc->input_error);
    if (pc->input_error[0])
        lg_pc_note(pc, "input: %s", pc->input_error);
    if (c->complete > 0) {
        if (!pc->kernel_ready && lg_elf_load(pc->src.kernel, &pc->kernel, err, sizeof(err)) < 0)
            return set_verdict(pc, LG_ERROR, "kernel ELF %s: %s", pc->src.kernel, err);
        return grade_report(pc, inv);
    }
    how_ended(pc, how, sizeof(how));
    if (c->in_report)
        return set_verdict(pc, LG_INCOMPLETE, "report cut off after %u lines (%s); last line: %s",
                           c->cur.n, how, c->last);
    if (c->stop[0])
        return set_verdict(pc, LG_STOPPED, "boot stopped: %s", c->stop);
    if (c->nlines == 0)
        return set_verdict(pc, LG_NOREPORT, "no output (%s)", how);
    return set_verdict(pc, LG_NOREPORT, "no report (%s); last line: %s", how,
                       c->last[0] ? c->last : "(empty)");
}
