/*
 * test_fbcon.c - host unit tests of the framebuffer console
 * (drivers/fb/fbcon.c) and the built-in font (drivers/fb/font8x16.c).
 *
 * The framebuffer is a host array with a pitch wider than the visible width
 * (as GOP modes often have), guarded on both sides.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "drivers/fb/fbcon.h"
#include "drivers/fb/font8x16.h"

#define W     40 /* 5 text columns */
#define H     48 /* 3 text rows */
#define PITCH 48
#define FG    0x00AAAAAAu
#define BG    0x00000000u
#define GUARD 0x5A5A5A5Au

static uint32_t mem[PITCH * H + 2 * PITCH];
static uint32_t *pix = mem + PITCH; /* a guard line before and after */
static struct fbtext t;

static void setup_fb(void)
{
    struct fbcon_mode fb = {pix, sizeof(uint32_t) * PITCH * H, W, H, PITCH, FG, BG};
    for (size_t i = 0; i < sizeof(mem) / sizeof(mem[0]); i++)
        mem[i] = GUARD;
    assert_int_equal(fbtext_init(&t, &fb), 0);
}

/* 1 when text cell (col, row) of the pixels fb (pitch pixels a line) shows glyph c exactly. */
static int cell_on(const uint32_t *fb, uint32_t pitch, uint32_t col, uint32_t row, int c)
{
    const uint8_t *g = font8x16[c - FONT_FIRST];
    for (int y = 0; y < FONT_H; y++)
        for (int x = 0; x < FONT_W; x++) {
            uint32_t want = g[y] & (0x80 >> x) ? FG : BG;
            if (fb[(row * FONT_H + y) * pitch + col * FONT_W + x] != want)
                return 0;
        }
    return 1;
}

/* 1 when text cell (col, row) of the tests' screen shows glyph c exactly. */
static int cell_is(uint32_t col, uint32_t row, int c)
{
    return cell_on(pix, PITCH, col, row, c);
}

static void puts_fb(const char *s)
{
    while (*s)
        fbtext_putc(&t, *s++);
}

static void test_init_clears_inside_pitch_only(void **state)
{
    (void)state;
    setup_fb();
    assert_int_equal(t.cols, 5);
    assert_int_equal(t.rows, 3);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < PITCH; x++)
            assert_int_equal(pix[y * PITCH + x], x < W ? BG : GUARD);
    assert_int_equal(mem[0], GUARD);
    assert_int_equal(mem[PITCH * H + PITCH], GUARD);
}

static void test_text_and_newline(void **state)
{
    (void)state;
    setup_fb();
    puts_fb("Ab\r\ng");
    assert_true(cell_is(0, 0, 'A'));
    assert_true(cell_is(1, 0, 'b'));
    assert_true(cell_is(2, 0, ' '));
    assert_true(cell_is(0, 1, 'g'));
}

static void test_wrap_and_scroll(void **state)
{
    (void)state;
    setup_fb();
    puts_fb("01234567\nxy\nz");
    /* "01234" filled row 0, "567" wrapped to row 1, then rows 2 and 3: one scroll. */
    assert_true(cell_is(0, 0, '5'));
    assert_true(cell_is(2, 0, '7'));
    assert_true(cell_is(0, 1, 'x'));
    assert_true(cell_is(0, 2, 'z'));
    assert_true(cell_is(1, 2, ' '));
    for (int y = 0; y < H; y++) /* scrolling stays inside the visible width */
        for (int x = W; x < PITCH; x++)
            assert_int_equal(pix[y * PITCH + x], GUARD);
}

/* Six text rows: the seventh line moves the text up by three (half a screen) at once. */
static void test_scroll_half_screen(void **state)
{
    static uint32_t tall[W * 96];
    struct fbcon_mode m = {tall, sizeof(tall), W, 96, W, FG, BG};
    struct fbtext t6;
    (void)state;
    assert_int_equal(fbtext_init(&t6, &m), 0);
    assert_int_equal(t6.rows, 6);
    for (const char *s = "a\nb\nc\nd\ne\nf\ng"; *s; s++)
        fbtext_putc(&t6, *s);
    assert_int_equal(t6.row, 3);
    const char want[] = "defg  ";
    for (uint32_t row = 0; row < 6; row++)
        assert_true(cell_on(tall, W, 0, row, want[row]));
}

/*
 * Scrolling redraws the text it keeps; it never reads pixels back (a real
 * framebuffer is slow to read). Pixels spoiled behind the console's back in
 * a cell that moves up come back as the glyph, not as the spoiled pixels,
 * and a longer row that a shorter one replaces leaves no trace.
 */
static void test_scroll_redraws_from_text(void **state)
{
    static uint32_t tall[W * 96];
    struct fbcon_mode m = {tall, sizeof(tall), W, 96, W, FG, BG};
    static struct fbtext t6;
    (void)state;
    assert_int_equal(fbtext_init(&t6, &m), 0);
    for (const char *s = "abcd\nb\nc\nd\ne\nf"; *s; s++)
        fbtext_putc(&t6, *s);
    for (int y = 0; y < FONT_H; y++) /* spoil cell (0, 4), 'e', which moves to row 1 */
        for (int x = 0; x < FONT_W; x++)
            tall[(4 * FONT_H + y) * W + x] = 0x12345678;
    fbtext_putc(&t6, '\n');
    fbtext_putc(&t6, 'g');
    const char rows[6][6] = {"d    ", "e    ", "f    ", "g    ", "     ", "     "};
    for (uint32_t row = 0; row < 6; row++)
        for (uint32_t col = 0; col < 5; col++)
            assert_true(cell_on(tall, W, col, row, rows[row][col]));
}

/* The console device draws on the screen fbcon_init set up, and nothing before that. */
static void test_console_device(void **state)
{
    struct fbcon_mode fb = {pix, sizeof(uint32_t) * PITCH * H, W, H, PITCH, FG, BG};
    (void)state;
    setup_fb();
    fbcon_console.putc('Q'); /* before fbcon_init: dropped */
    assert_true(cell_is(0, 0, ' '));
    assert_int_equal(fbcon_init(&fb), 0);
    fbcon_console.putc('Q');
    assert_true(cell_is(0, 0, 'Q'));
    fb.pitch = W - 1;
    assert_int_equal(fbcon_init(&fb), -1);
    fbcon_console.putc('R'); /* refused mode: dropped */
    assert_true(cell_is(1, 0, ' '));
}

static void test_unprintable_is_question_mark(void **state)
{
    (void)state;
    setup_fb();
    fbtext_putc(&t, 0x01);
    fbtext_putc(&t, 0x7F);
    fbtext_putc(&t, 0xE9);
    assert_true(cell_is(0, 0, '?'));
    assert_true(cell_is(1, 0, '?'));
    assert_true(cell_is(2, 0, '?'));
}

static void test_init_refuses_bad_geometry(void **state)
{
    struct fbcon_mode tiny = {pix, sizeof(uint32_t) * PITCH * H, 7, 16, PITCH, FG, BG};
    struct fbcon_mode short_mem = {pix, 100, W, H, PITCH, FG, BG};
    struct fbcon_mode narrow_pitch = {pix, sizeof(mem), W, H, W - 1, FG, BG};
    (void)state;
    assert_int_equal(fbtext_init(&t, &tiny), -1);
    assert_int_equal(fbtext_init(&t, &short_mem), -1);
    assert_int_equal(fbtext_init(&t, &narrow_pitch), -1);
}

static void test_grey(void **state)
{
    (void)state;
    assert_int_equal(fbcon_grey(0, 0, 0, 0), 0x00AAAAAA);
    assert_int_equal(fbcon_grey(1, 0, 0, 0), 0x00AAAAAA);
    assert_int_equal(fbcon_grey(2, 0xFF0000, 0xFF00, 0xFF), 0x00AAAAAA);
    assert_int_equal(fbcon_grey(2, 0xF800, 0x07E0, 0x001F), 0xA800 | 0x0540 | 0x0015);
    assert_int_equal(fbcon_grey(2, 0x3FF00000, 0xFFC00, 0x3FF), 0x2A800000 | 0xAA000 | 0x2A8);
}

/* The font: every printable glyph has ink, no two are the same, spacing rows/columns are clear. */
static void test_font_shape(void **state)
{
    (void)state;
    for (int c = FONT_FIRST; c <= FONT_LAST; c++) {
        const uint8_t *g = font8x16[c - FONT_FIRST];
        int ink = 0;
        for (int y = 0; y < FONT_H; y++) {
            ink |= g[y];
            assert_int_equal(g[y] & 0x83, 0); /* columns 0, 6, 7: spacing */
            if (y < 3 || y > 13)
                assert_int_equal(g[y], 0); /* rows 0-2 and 14-15: line spacing */
        }
        assert_true(c == ' ' ? ink == 0 : ink != 0);
        for (int d = FONT_FIRST; d < c; d++)
            assert_true(memcmp(g, font8x16[d - FONT_FIRST], FONT_H) != 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_clears_inside_pitch_only),
        cmocka_unit_test(test_text_and_newline),
        cmocka_unit_test(test_wrap_and_scroll),
        cmocka_unit_test(test_scroll_half_screen),
        cmocka_unit_test(test_scroll_redraws_from_text),
        cmocka_unit_test(test_console_device),
        cmocka_unit_test(test_unprintable_is_question_mark),
        cmocka_unit_test(test_init_refuses_bad_geometry),
        cmocka_unit_test(test_grey),
        cmocka_unit_test(test_font_shape),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
