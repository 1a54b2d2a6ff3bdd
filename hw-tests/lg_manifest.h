/*
 * lg_manifest.h - the lab manifest: one file, one row a seat, that ties a
 * seat to its PC's MAC, its console, its student and its kernel
 * (docs/grading.md, "The lab manifest"). labgrade --manifest grades from it;
 * "labgrade manifest FILE" prints it checked and resolved, one tab-separated
 * row a seat, for make lab-build and make netboot (netboot/lab.py), so the
 * format has exactly one reader.
 *
 *   # comment
 *   SEAT  MAC  CONSOLE  STUDENT  KERNEL  [OPTION=VALUE ...]
 *
 * Fields are separated by spaces or tabs. KERNEL is a kernel ELF, or a
 * directory: a student's source tree, built by make lab-build into
 * <labdir>/<STUDENT>/kernel.elf. Relative paths (KERNEL, a CONSOLE file or
 * device) are relative to the manifest's directory.
 */
#ifndef BOOTLAB_HW_TESTS_LG_MANIFEST_H
#define BOOTLAB_HW_TESTS_LG_MANIFEST_H

#include <stdio.h>
#include "hw-tests/lg_pc.h"

#define LG_MAC_TEXT 18 /* "aa:bb:cc:dd:ee:ff" */

/* One seat, as checked and resolved. */
struct lg_seat {
    int line;                /* in the manifest, 1-based */
    char seat[LG_NAME];      /* "pc07" */
    char mac[LG_MAC_TEXT];   /* lowercase, colons */
    char console[LG_PATH];   /* an INPUT source (labgrade --help), paths made absolute */
    char student[LG_NAME];   /* "" for the manifest's "-" */
    char kernel[LG_PATH];    /* the KERNEL column, made absolute */
    int tree;                /* KERNEL is a directory: a student's source tree */
    char elf[LG_PATH];       /* the ELF to grade against: KERNEL, or the tree's build */
    char loader[12];         /* "pxe" (bootlab.pxe, the default) or "multiboot" */
    char boot_options[96];   /* com= and baud= for the PC, "" for none */
    char input_options[128]; /* baud=, mode=, timeout=, wait= for labgrade's INPUT */
};

struct lg_manifest {
    struct lg_seat *seat;
    int n;
};

/*
 * lg_manifest_load - read and check the manifest at path; a tree's ELF goes
 * in labdir/<student>/kernel.elf. Every problem is printed to err as
 * "path:line: what is wrong, and what is right". Allocates m->seat (free
 * with lg_manifest_free). Returns 0, or -1 when the file cannot be read or
 * any row is wrong.
 */
int lg_manifest_load(const char *path, const char *labdir, struct lg_manifest *m, FILE *err);

/* lg_manifest_free - release what lg_manifest_load allocated. */
void lg_manifest_free(struct lg_manifest *m);

/* lg_manifest_print - the resolved rows as tab-separated text with a header line. */
void lg_manifest_print(FILE *f, const struct lg_manifest *m);

/*
 * lg_seat_input - the seat as a labgrade INPUT argument ("pc07=SOURCE,kernel=ELF,...")
 * into buf. Returns 0, or -1 when it does not fit.
 */
int lg_seat_input(const struct lg_seat *s, char *buf, size_t cap);

#endif
