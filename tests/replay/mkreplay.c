/*
 * mkreplay.c - put an E820 replay table into the replay build of stage two
 * (host tool; make replay E820=FILE runs it, then mkdisk).
 *
 *   mkreplay -t TABLE -s stage2-replay.bin -o OUT.bin    write the table into a copy
 *   mkreplay -t TABLE --show                             print what the handler serves
 *
 * The replay stage two carries an empty blob (tests/replay/replay16.S) that starts
 * with REPLAY_MAGIC, REPLAY_MAGIC2; exactly one such marker must exist. The
 * stage-two checksum is mkdisk's job, so OUT is not sealed here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "boot/hosttool.h"
#include "tests/replay/replay.h"
#include "tests/replay/replaytab.h"

static size_t find_blob(const uint8_t *img, size_t len, const char *path)
{
    const uint8_t marker[8] = {REPLAY_MAGIC & 0xFF,          (REPLAY_MAGIC >> 8) & 0xFF,
                               (REPLAY_MAGIC >> 16) & 0xFF,  REPLAY_MAGIC >> 24,
                               REPLAY_MAGIC2 & 0xFF,         (REPLAY_MAGIC2 >> 8) & 0xFF,
                               (REPLAY_MAGIC2 >> 16) & 0xFF, REPLAY_MAGIC2 >> 24};
    size_t at = 0, found = 0;
    for (size_t i = 0; i + REPLAY_BLOB_SIZE <= len; i++) {
        if (!memcmp(img + i, marker, sizeof(marker))) {
            at = i;
            found++;
        }
    }
    if (found != 1)
        ht_die("no single replay blob (is this build/stage2-replay.bin?)", path);
    return at;
}

/* Write a copy of stage two 'in' with the blob in place to 'out'; dies on failure. */
static void patch(const uint8_t *blob, const char *in, const char *out)
{
    size_t len;
    uint8_t *img = ht_slurp(in, 0, &len);
    memcpy(img + find_blob(img, len, in), blob, REPLAY_BLOB_SIZE);
    ht_write(out, img, len);
    free(img);
}

/* Print the handler's settings and entries (tests compare them with their own reading). */
static void show(const struct replay_table *t)
{
    uint16_t ax, bx, kib;
    replaytab_sizes(t, &ax, &bx, &kib);
    printf("entries %d entry-size %d end %d flags 0x%x smap-missing %d bootinfo %d ecx %d\n", t->n,
           t->esize, t->end, t->flags, t->nosmap == REPLAY_NOSMAP_NEVER ? -1 : t->nosmap, t->bimode,
           t->ecx);
    printf("e801 mode %d ax 0x%x bx 0x%x\n88 mode %d kib 0x%x\n", t->e801, ax, bx, t->ext88, kib);
    for (int i = 0; i < t->n; i++)
        printf("%d base 0x%016llx len 0x%016llx type %u attr 0x%x\n", i,
               (unsigned long long)t->e[i].base, (unsigned long long)t->e[i].length, t->e[i].type,
               t->e[i].attr);
}

int main(int argc, char **argv)
{
    const char *table = NULL, *in = NULL, *out = NULL;
    ht_tool = "mkreplay";
    int want_show = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--show"))
            want_show = 1;
        else if (i + 1 < argc && !strcmp(argv[i], "-t"))
            table = argv[++i];
        else if (i + 1 < argc && !strcmp(argv[i], "-s"))
            in = argv[++i];
        else if (i + 1 < argc && !strcmp(argv[i], "-o"))
            out = argv[++i];
        else
            ht_die("usage: mkreplay -t TABLE (-s STAGE2 -o OUT | --show)", NULL);
    }
    if (!table || (!want_show && (!in || !out)))
        ht_die("usage: mkreplay -t TABLE (-s STAGE2 -o OUT | --show)", NULL);
    static struct replay_table t;
    static uint8_t blob[REPLAY_BLOB_SIZE];
    char err[200], where[600];
    size_t len;
    char *text = (char *)ht_slurp(table, 0, &len);
    if (strlen(text) != len || replaytab_parse(text, &t, err, sizeof(err)) < 0) {
        snprintf(where, sizeof(where), "%s: %s", table, strlen(text) != len ? "NUL byte" : err);
        ht_die(where, NULL);
    }
    free(text);
    replaytab_blob(&t, blob);
    if (want_show)
        show(&t);
    if (in && out)
        patch(blob, in, out);
    return 0;
}
