/*
 * lg_pc.c - one PC: feeding its console, grading it (see lg_pc.h).
 */
#include "hw-tests/lg_pc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    lg_line_init(&pc->lb, lg_pc_line, pc);
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

/* 1 for a byte that text has: printable ASCII, CR, LF, tab, and ESC (terminal escapes). */
static int text_byte(uint8_t c)
{
    return (c >= 0x20 && c < 0x7F) || c == '\r' || c == '\n' || c == '\t' || c == 0x1B;
}

void lg_pc_feed(struct lg_pc *pc, const void *buf, size_t n)
{
    const uint8_t *b = buf;
    pc->bytes += n;
    for (size_t i = 0; i < n; i++)
        pc->unprintable += !text_byte(b[i]);
    lg_line_feed(&pc->lb, buf, n);
}

void lg_pc_line(const char *line, size_t len, int flags, void *arg)
{
    struct lg_pc *pc = arg;

    if (len > 0) {
        lg_safe(line, pc->tail[pc->tail_next], sizeof(pc->tail[0]));
        pc->tail_next = (pc->tail_next + 1) % LG_TAIL;
        pc->ntail += pc->ntail < LG_TAIL;
    }
    lg_collect_line(line, len, flags, &pc->col);
}

const char *lg_pc_tail(const struct lg_pc *pc, int i)
{
    return pc->tail[(pc->tail_next - pc->ntail + i + 2 * LG_TAIL) % LG_TAIL];
}

const char *lg_pc_label(const struct lg_pc *pc, char *buf, size_t cap)
{
    if (pc->student[0])
        snprintf(buf, cap, "%s (%s)", pc->name, pc->student);
    else
        snprintf(buf, cap, "%s", pc->name);
    return buf;
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
    if (pc->timed_out && pc->src.wait > 0 && pc->t_first < 0)
        snprintf(buf, cap, "silent for %.0f s: is the PC on?", pc->src.wait);
    else if (pc->timed_out && pc->src.wait > 0)
        snprintf(buf, cap, "timed out %.0f s after its first byte", pc->src.timeout);
    else if (pc->timed_out)
        snprintf(buf, cap, "timed out after %.0f s", pc->src.timeout);
    else
        snprintf(buf, cap, "input ended");
    return buf;
}

int lg_pc_can_ask(const struct lg_pc *pc, char *why, size_t cap)
{
    enum lg_kind k = pc->src.kind;

    if (k == LG_SRC_FILE)
        snprintf(why, cap, "a log file cannot be asked for another copy");
    else if (k == LG_SRC_STDIN)
        snprintf(why, cap, "standard input cannot be asked for another copy");
    else if (pc->src.resend <= 0)
        snprintf(why, cap, "asking for another copy is off (resend=0)");
    else if (pc->col.last_version < 2)
        snprintf(why, cap, "a version %d kernel cannot send another copy", pc->col.last_version);
    else
        return 1;
    return 0;
}

int lg_pc_should_ask(const struct lg_pc *pc)
{
    char why[128];
    return !pc->col.last_intact && !pc->col.have_good && pc->requests < pc->src.resend &&
           lg_pc_can_ask(pc, why, sizeof(why));
}

/* Notes about boots and copies beyond the graded one. */
static void boot_notes(struct lg_pc *pc)
{
    const struct lg_collect *c = &pc->col;
    int boots = c->boots - c->repeats;

    if (boots > 1 || c->complete - c->repeats > 1)
        lg_pc_note(pc, "%d reports begun, %d complete; graded the last intact one", c->boots,
                   c->complete);
    if (pc->requests)
        lg_pc_note(pc, "asked for another copy %d time%s: %d cop%s damaged, %d cut off",
                   pc->requests, pc->requests > 1 ? "s" : "", c->damaged,
                   c->damaged == 1 ? "y" : "ies", c->cut);
    else if (c->damaged && c->have_good)
        lg_pc_note(pc, "%d damaged cop%s ignored: graded an intact one", c->damaged,
                   c->damaged > 1 ? "ies" : "y");
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

/* Parse and check report r (allocating the report, expectations and checks). 0 or -1. */
static int check_report(struct lg_pc *pc, const struct lg_lines *r, const struct lg_inv *inv)
{
    pc->rep = calloc(1, sizeof(*pc->rep));
    pc->exp = calloc(1, sizeof(*pc->exp));
    pc->checks = calloc(1, sizeof(*pc->checks));
    if (!pc->rep || !pc->exp || !pc->checks)
        return -1;
    lg_parse(r, pc->rep);
    lg_expect_report(pc->rep, &pc->kernel, pc->exp);
    lg_verify(pc->rep, &pc->kernel, pc->exp, pc->checks);
    if (inv && !lg_inv_check(inv, pc->key, pc->rep, pc->checks))
        lg_pc_note(pc, "%s is not in the inventory", pc->key);
    return 0;
}

/* Grade the last intact copy. */
static enum lg_verdict grade_report(struct lg_pc *pc, const struct lg_inv *inv)
{
    if (check_report(pc, &pc->col.good, inv) < 0)
        return set_verdict(pc, LG_ERROR, "out of memory");
    boot_notes(pc);
    if (inv && lg_inv_pin(inv, pc->key, pc->rep, pc->checks))
        return wrong_pc(pc);
    if (pc->checks->nfail == 0)
        return set_verdict(pc, LG_PASS, "all %d checks passed", pc->checks->n);
    fail_reason(pc);
    return LG_FAIL;
}

/*
 * Why a console with no report said nothing readable: most of its bytes are
 * no text (more than a quarter, of at least 64). That is what a serial line
 * at another speed than the PC's delivers.
 */
static int garbled(const struct lg_pc *pc)
{
    return pc->bytes >= 64 && pc->unprintable * 4 > pc->bytes;
}

/* The verdict of a console without a report, intact or damaged. */
static enum lg_verdict grade_no_report(struct lg_pc *pc)
{
    const struct lg_collect *c = &pc->col;
    char how[64];

    how_ended(pc, how, sizeof(how));
    if (pc->requests)
        lg_pc_note(pc, "asked for another copy %d time%s; none came", pc->requests,
                   pc->requests > 1 ? "s" : "");
    if (c->in_report)
        return set_verdict(pc, LG_INCOMPLETE, "report cut off after %u lines (%s); last line: %s",
                           c->cur.n, how, c->last);
    if (c->stop[0])
        return set_verdict(pc, LG_STOPPED, "boot stopped: %s", c->stop);
    if (garbled(pc))
        return set_verdict(pc, LG_NOREPORT,
                           "no report (%s); %llu of %llu bytes were not text: is the line at "
                           "another speed? This input reads %u baud %s; the PC sends at its "
                           "baud= boot option (default 115200)",
                           how, (unsigned long long)pc->unprintable, (unsigned long long)pc->bytes,
                           pc->src.baud, pc->src.mode);
    if (c->nlines == 0)
        return set_verdict(pc, LG_NOREPORT, "no output (%s)", how);
    return set_verdict(pc, LG_NOREPORT, "no report (%s); last line: %s", how,
                       c->last[0] ? c->last : "(empty)");
}

/*
 * No intact copy: the report's bytes were damaged on the way, so what the
 * kernel said is unknown. Only the framing checks of the last complete copy
 * are listed; its values are not graded.
 */
static enum lg_verdict grade_damaged(struct lg_pc *pc)
{
    const struct lg_collect *c = &pc->col;
    char why[128];

    if (c->complete > 0) {
        pc->rep = calloc(1, sizeof(*pc->rep));
        pc->checks = calloc(1, sizeof(*pc->checks));
        if (!pc->rep || !pc->checks)
            return set_verdict(pc, LG_ERROR, "out of memory");
        lg_parse(&c->done, pc->rep);
        lg_verify_framing(pc->rep, pc->checks);
    }
    boot_notes(pc);
    if (lg_pc_can_ask(pc, why, sizeof(why)))
        snprintf(why, sizeof(why), "asked %d time%s, no intact copy came", pc->requests,
                 pc->requests == 1 ? "" : "s");
    return set_verdict(pc, LG_DAMAGED, "report damaged on the way: %s; %s", c->damage, why);
}

enum lg_verdict lg_pc_grade(struct lg_pc *pc, const struct lg_inv *inv)
{
    const struct lg_collect *c = &pc->col;
    char err[256];

    pc->graded = 1;
    lg_inv_key(pc->name, pc->key, sizeof(pc->key));
    if (pc->kernel_error[0])
        return set_verdict(pc, LG_ERROR, "%s", pc->kernel_error);
    if (pc->input_error[0] && c->nlines == 0)
        return set_verdict(pc, LG_ERROR, "%s", pc->input_error);
    if (pc->input_error[0])
        lg_pc_note(pc, "input: %s", pc->input_error);
    if (c->complete > 0 && !pc->kernel_ready &&
        lg_elf_load(pc->src.kernel, &pc->kernel, err, sizeof(err)) < 0)
        return set_verdict(pc, LG_ERROR, "kernel ELF %s: %s", pc->src.kernel, err);
    if (c->have_good)
        return grade_report(pc, inv);
    if (c->complete > 0 || c->orphan_ends > 0)
        return grade_damaged(pc);
    return grade_no_report(pc);
}
