/*
 * lg_rules.h - the report's consistency rules (docs/report-format.md, "When
 * each line appears" and "Headers and their lines"), each written once, as
 * a row of a table: when each line must and must not appear, checked
 * against the lines it depends on, and what each header field says of its
 * lines. Each rule that applies to a report becomes one named check.
 *
 * The boot sources and memory-map methods the rules reason about are tables
 * too: a new source or method (a new report version) is a new row.
 */
#ifndef BOOTLAB_HW_TESTS_LG_RULES_H
#define BOOTLAB_HW_TESTS_LG_RULES_H

#include "hw-tests/lg_check.h"
#include "hw-tests/lg_parse.h"

/* Which loader filled the boot-info block: the map methods it can use follow from it. */
enum lg_loader { LG_BY_STAGE2, LG_BY_MULTIBOOT };

/* Whether a boot source is a network boot (and so has a net line). */
enum lg_network { LG_NET_NO, LG_NET_YES, LG_NET_IF_CMDLINE /* mac= and ip= in the cmdline */ };

struct lg_boot_source {
    const char *name; /* boot source= */
    unsigned versions;
    enum lg_loader by;
    enum lg_network network;
};

/* lg_boot_source - the row for boot source= name in a report of version bit vbit, or NULL. */
const struct lg_boot_source *lg_boot_source(const char *name, unsigned vbit);

/*
 * lg_cmdline_net - what a Multiboot kernel makes of its command line
 * (kernel/multiboot.c, docs/boot-info.md): 1 when the words mac= (six hex
 * pairs with colons) and ip= (a dotted quad) both parse, with mac lowercased
 * into mac[18], ip and server (server=, or 0.0.0.0 when absent or bad)
 * into ip[16] and server[16]; else 0.
 */
int lg_cmdline_net(const char *cmdline, char mac[18], char ip[16], char server[16]);

/*
 * lg_rules_check - every rule of the report's version that applies to it
 * (a rule about a line that is missing does not apply: the line's own
 * "when" rule fails instead), appended to cs as checks, passed or failed.
 */
void lg_rules_check(const struct lg_report *rep, struct lg_checks *cs);

#endif
