/*
 * fbcon.c - text on a linear framebuffer (see fbcon.h).
 */
#include "drivers/fb/fbcon.h"
#include "drivers/fb/font8x16.h"

_Static_assert(FBCON_MAX_COLS <= 255, "fbtext.len holds a row's cells in a byte");

static volatile uint32_t *line_at(const struct fbtext *t, uint32_t y)
{
    return t->m.base + (uintptr_t)y * t->m.pitch;
}

/* Fill pixel lines [y0, y1) with the background colour. */
static void clear_lines(struct fbtext *t, uint32_t y0, uint32_t y1)
{
    for (uint32_t y = y0; y < y1; y++) {
        volatile uint32_t *p = line_at(t, y);
        for (uint32_t x = 0; x < t->m.width; x++)
            p[x] = t->m.bg;
    }
}

int fbtext_init(struct fbtext *t, const struct fbcon_mode *m)
{
    t->m = *m;
    t->cols = m->width / FONT_W < FBCON_MAX_COLS ? m->width / FONT_W : FBCON_MAX_COLS;
    t->rows = m->height / FONT_H < FBCON_MAX_ROWS ? m->height / FONT_H : FBCON_MAX_ROWS;
    t->col = t->row = 0;
    if (t->cols == 0 || t->rows == 0 || m->pitch < m->width ||
        (uint64_t)m->pitch * m->height * 4 > m->bytes)
        return -1;
    for (uint32_t r = 0; r < t->rows; r++)
        t->len[r] = 0;
    clear_lines(t, 0, m->height);
    return 0;
}

/* Draw glyph c (already printable) at text cell (col, row). */
static void draw(struct fbtext *t, int c, uint32_t col, uint32_t row)
{
    const uint8_t *g = font8x16[c - FONT_FIRST];
    for (uint32_t y = 0; y < FONT_H; y++) {
        volatile uint32_t *p = line_at(t, row * FONT_H + y) + col * FONT_W;
        for (uint32_t x = 0; x < FONT_W; x++)
            p[x] = g[y] & (0x80 >> x) ? t->m.fg : t->m.bg;
    }
}

/*
 * Move the text up by n lines: each kept row takes the text of the row n
 * below and is redrawn over as many cells as either had (beyond both, the
 * pixels are background already); the n rows that come free are cleared.
 */
static void scroll(struct fbtext *t, uint32_t n)
{
    uint32_t keep = t->rows - n;
    for (uint32_t r = 0; r < keep; r++) {
        uint32_t old = t->len[r], len = t->len[r + n];
        for (uint32_t c = 0; c < len; c++)
            t->text[r][c] = t->text[r + n][c];
        t->len[r] = (uint8_t)len;
        for (uint32_t c = 0; c < (len > old ? len : old); c++)
            draw(t, c < len ? t->text[r][c] : ' ', c, r);
    }
    for (uint32_t r = keep; r < t->rows; r++)
        t->len[r] = 0;
    clear_lines(t, keep * FONT_H, t->rows * FONT_H);
    t->row -= n;
}

static void newline(struct fbtext *t)
{
    t->col = 0;
    if (++t->row == t->rows)
        scroll(t, t->rows > 1 ? t->rows / 2 : 1);
}

void fbtext_putc(struct fbtext *t, int c)
{
    if (c == '\r')
        return;
    if (c == '\n') {
        newline(t);
        return;
    }
    if (c < FONT_FIRST || c > FONT_LAST)
        c = '?';
    if (t->col == t->cols)
        newline(t);
    t->text[t->row][t->col] = (char)c;
    if (t->len[t->row] <= t->col)
        t->len[t->row] = (uint8_t)(t->col + 1);
    draw(t, c, t->col++, t->row);
}

/*
 * The intensity 0xAA of 0xFF (2/3) in the channel a contiguous bit mask
 * selects: its top bits (0xAA's top bits for a channel narrower than 8 bits).
 * Shifts only: the 32-bit kernel links this file without libgcc.
 */
static uint32_t two_thirds(uint32_t mask)
{
    uint32_t shift = 0, width = 0;
    if (mask == 0)
        return 0;
    while (!(mask >> shift & 1))
        shift++;
    while (shift + width < 32 && (mask >> (shift + width) & 1))
        width++;
    uint32_t v = width >= 8 ? 0xAAu << (width - 8) : 0xAAu >> (8 - width);
    return v << shift & mask;
}

uint32_t fbcon_grey(uint32_t format, uint32_t rmask, uint32_t gmask, uint32_t bmask)
{
    if (format == FBCON_RGBX || format == FBCON_BGRX)
        return 0x00AAAAAA; /* the same bytes in either channel order */
    return two_thirds(rmask) | two_thirds(gmask) | two_thirds(bmask);
}

static struct fbtext screen;
static int ready;

int fbcon_init(const struct fbcon_mode *m)
{
    ready = fbtext_init(&screen, m) == 0;
    return ready ? 0 : -1;
}

static void fbcon_putc(int c)
{
    if (ready)
        fbtext_putc(&screen, c);
}

const struct console_dev fbcon_console = {"fb", fbcon_putc};
