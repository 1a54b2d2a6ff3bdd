/*
 * lg_status.c - live status lines (see lg_status.h).
 */
#include "hw-tests/lg_status.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "hw-tests/lg_input.h"

/* ECMA-48: CSI n A moves the cursor n lines up; CSI 2 K erases the whole line. */
#define CSI_UP    "\033[%dA"
#define CSI_ERASE "\r\033[2K"

int lg_status_init(struct lg_status *s, FILE *f, int tty, int n)
{
    struct winsize ws;

    memset(s, 0, sizeof(*s));
    s->f = f;
    s->tty = tty;
    s->width = tty && ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40 ? ws.ws_col : 100;
    s->last = malloc(sizeof(*s->last) * (size_t)(n > 0 ? n : 1));
    for (int i = 0; s->last && i < n; i++)
        s->last[i] = LG_ST_WAITING;
    return s->last ? 0 : -1;
}

void lg_status_free(struct lg_status *s)
{
    free(s->last);
    s->last = NULL;
}

enum lg_state lg_pc_state(const struct lg_pc *pc)
{
    if (pc->graded)
        return LG_ST_GRADED;
    if (!pc->open && pc->t_end > 0)
        return LG_ST_READ;
    if (pc->col.in_report)
        return LG_ST_REPORT;
    return pc->t_first < 0 ? LG_ST_WAITING : LG_ST_BOOTING;
}

void lg_status_text(const struct lg_pc *pc, double now, char *buf, size_t cap)
{
    char label[LG_NAME * 2 + 4];
    const char *line = pc->col.progress[0] ? pc->col.progress : pc->col.last;

    lg_pc_label(pc, label, sizeof(label));
    switch (lg_pc_state(pc)) {
    case LG_ST_WAITING:
        snprintf(buf, cap, "%-24s waiting    %.0f s, no byte yet", label, now - pc->t_start);
        break;
    case LG_ST_BOOTING:
        snprintf(buf, cap, "%-24s booting    %s", label, line);
        break;
    case LG_ST_REPORT:
        snprintf(buf, cap, "%-24s report     %u lines received", label, pc->col.cur.n);
        break;
    case LG_ST_READ:
        snprintf(buf, cap, "%-24s read       grading", label);
        break;
    case LG_ST_GRADED:
        snprintf(buf, cap, "%-24s %-10s %s", label, lg_verdict_name(pc->verdict), pc->reason);
        break;
    }
}

/* The terminal: every PC's line again, in place of the last drawing. */
static void redraw(struct lg_status *s, const struct lg_pc *pcs, int n, double now)
{
    char text[LG_REASON + 64];

    if (s->drawn)
        fprintf(s->f, CSI_UP, s->drawn);
    for (int i = 0; i < n; i++) {
        lg_status_text(&pcs[i], now, text, sizeof(text));
        if ((int)strlen(text) >= s->width)
            text[s->width - 1] = 0; /* one screen line each, or the cursor arithmetic breaks */
        fprintf(s->f, CSI_ERASE "%s\n", text);
    }
    s->drawn = n;
    fflush(s->f);
}

/* Plain text: a line for each live PC whose state changed. */
static void changes(struct lg_status *s, const struct lg_pc *pcs, int n, double now)
{
    char text[LG_REASON + 64];

    for (int i = 0; i < n; i++) {
        enum lg_state st = lg_pc_state(&pcs[i]);
        if (st == s->last[i] || pcs[i].src.kind == LG_SRC_FILE)
            continue;
        s->last[i] = st;
        lg_status_text(&pcs[i], now, text, sizeof(text));
        fprintf(s->f, "labgrade: %s\n", text);
    }
    fflush(s->f);
}

void lg_status_update(struct lg_status *s, const struct lg_pc *pcs, int n)
{
    double now = n > 0 ? lg_now() - pcs[0].t0 : 0;

    if (s->tty)
        redraw(s, pcs, n, now);
    else
        changes(s, pcs, n, now);
}
