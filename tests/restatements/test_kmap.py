"""test_kmap.py - the kernel's kmap[] table against every restatement of it.

The QEMU tests' oracle and the lab grader each restate the kernel's kmap[]
instead of sharing it, so that a bug in the table cannot pass its own check.
This test reads the table and each restatement and fails when they disagree
on the rows' names and order, virtual start, physical start and end, or
permission. Values are compared as what they compute, in terms of the
kernel's data symbol and the memory limit: V2P(data) and
k->data - k->kernbase are the same value, however they are spelled or laid
out; data - KERNBASE + 4096 is not.

  the kernel  kmap[] in mm/vm.c as the default build compiles
              it, with the macros it includes (mm/memlayout.h, mm/mmu.h), the
              rule of struct kmap that an end of 0 means 4 GiB (mm/vm.h), and
              the boot-time assignment of the limit to one row's end; then
              the optional fifth row a UEFI PC's framebuffer adds, as
              kmap_setfb(pa, end) assigns it;
  the oracle  tests/harness/oracle.py: kmap_rows() called with the symbols
              as its arguments (fb: the framebuffer's pages), and its copies
              of the memlayout.h constants;
  the grader  hw-tests/lg_check.c: its set_row() calls, as the grader is
              compiled (the fb row's pages are the ones the report names),
              and the row names of lg_kmap_names and lg_kmap_fb_name.
It also compares which rows the bigpages option maps with 4 MiB pages: the
kernel's 'large' member, the oracle's LARGE_ROWS, the grader's lg_kmap_large.
"""

import collections
import glob
import inspect
import os
import re
import unittest

from tests.harness import csource, oracle
from tests.harness.csource import Linear, SourceError
from tests.harness.paths import ROOT

KERNEL_TABLE_FILES = ("mm/vm.c",)  # where kmap[] is
GRADER_FILES = "hw-tests/*.c"
GRADER_DEFINES = ()  # the Makefile's HCFLAGS define nothing
LAYOUT_CONSTANTS = ("KERNBASE", "EXTMEM", "KERNLINK", "DEVSPACE", "PHYSTOP")  # mm/memlayout.h
FOUR_G = 1 << 32
DATA = Linear.symbol("data")    # the kernel's data symbol: the first writable byte
LIMIT = Linear.symbol("limit")  # min(PHYSTOP, top of usable RAM), computed at boot
FBPA = Linear.symbol("fb_pa")   # a UEFI PC's framebuffer: its first page
FBEND = Linear.symbol("fb_end")  # and the end of its last
LAYOUT_CONSTANTS += ("FBSPACE",)

Row = collections.namedtuple("Row", "name virt phys_start phys_end writable")


def kernel_table():
    """(the Unit holding kmap[], its rows as Rows) for the default build."""
    for name in KERNEL_TABLE_FILES:
        path = os.path.join(ROOT, name)
        if not os.path.exists(path):
            continue
        unit = csource.Unit(path)
        fields = struct_kmap_fields()
        rows = csource.array_initializer(unit.text, "kmap", fields)
        if rows is not None:
            return unit, kernel_rows(unit, rows) + fb_row(unit, fields, len(rows))
    raise SourceError("no kmap[] initializer in %s" % " or ".join(KERNEL_TABLE_FILES))


def struct_kmap_fields():
    """The members of struct kmap, in order, from the header under mm/ that defines it."""
    for path in sorted(glob.glob(os.path.join(ROOT, "mm", "*.h"))):
        with open(path) as f:
            fields = csource.struct_fields(csource.strip_comments(f.read()), "kmap")
        if fields:
            return fields
    raise SourceError("no struct kmap in mm/*.h")


def kernel_names(chain):
    return {"data": DATA, "limit": LIMIT}.get(chain)


def kernel_rows(unit, rows):
    """The rows as the kernel maps them: an end of 0 is 4 GiB (struct kmap),
    and the row whose end is assigned the limit at boot ends at the limit."""
    limit_row = limit_assignment(unit)
    pte_w = unit.evaluate("PTE_W").const
    out = []
    for i, r in enumerate(rows):
        perm = unit.evaluate(r["perm"]).const
        if perm not in (0, pte_w):
            raise SourceError("%s: kmap row %d perm 0x%x: neither 0 nor PTE_W, which no "
                              "restatement can say" % (unit.name, i, perm))
        end = unit.evaluate(r["phys_end"], kernel_names)
        if end == 0:
            end = Linear(FOUR_G)
        if i == limit_row:
            end = LIMIT
        out.append(Row(csource.string_literal(r["name"]), unit.evaluate(r["virt"], kernel_names),
                       unit.evaluate(r["phys_start"], kernel_names), end, perm == pte_w))
    return out


def fb_row(unit, fields, nrows):
    """[the fb row] as kmap_setfb(pa, end) assigns it: kmap[i] = (struct kmap){...}
    with pa and end its parameters, right after the lecture's rows; [] if the
    kernel has none."""
    m = re.search(r"\bkmap\s*\[([^\]]+)\]\s*=\s*\(\s*struct\s+kmap\s*\)\s*\{", unit.text)
    if not m:
        return []
    if unit.evaluate(m.group(1)).const != nrows:
        raise SourceError("%s: the fb row is kmap[%s], not the row after the lecture's %d"
                          % (unit.name, m.group(1), nrows))
    values = dict(zip(fields, csource.split_top(csource.balanced(unit.text, m.end() - 1, "{",
                                                                  "}"))))
    params = {"pa": FBPA, "end": FBEND}
    perm = unit.evaluate(values["perm"]).const
    if unit.evaluate(values.get("large", "0")).const:
        raise SourceError("%s: the fb row takes 4 MiB pages, which no restatement says"
                          % unit.name)
    return [Row(csource.string_literal(values["name"]),
                unit.evaluate(values["virt"], params.get), unit.evaluate(values["phys_start"],
                                                                         params.get),
                unit.evaluate(values["phys_end"], params.get), perm == unit.evaluate("PTE_W").const)]


def limit_assignment(unit):
    """The index of the row whose phys_end the kernel sets to the limit at boot
    (kmap[KMAP_DATA].phys_end = limit), or None if it sets none."""
    found = re.finditer(r"\bkmap\s*\[([^\]]+)\]\s*\.\s*phys_end\s*=\s*limit\s*;", unit.text)
    indexes = {unit.evaluate(m.group(1)).const for m in found}
    if len(indexes) > 1:
        raise SourceError("%s: the limit is assigned to rows %s" % (unit.name, sorted(indexes)))
    return indexes.pop() if indexes else None


def oracle_rows():
    """oracle.kmap_rows() evaluated with the symbols for its arguments."""
    symbols = {"limit": LIMIT, "data": DATA, "end": Linear.symbol("end"), "fb": (FBPA, FBEND)}
    params = inspect.signature(oracle.kmap_rows).parameters
    unknown = set(params) - set(symbols)
    if unknown:
        raise SourceError("oracle.kmap_rows takes %s: not a value this test knows" % unknown)
    return [Row(name, Linear.of(va), Linear.of(ps), Linear.of(pe), w)
            for name, va, ps, pe, w in oracle.kmap_rows(**{p: symbols[p] for p in params})]


def grader_sources():
    """The grader's C files as it is compiled, as Units."""
    return [csource.Unit(path, GRADER_DEFINES)
            for path in sorted(glob.glob(os.path.join(ROOT, GRADER_FILES)))]


def grader_rows(units, kernel_unit):
    """The rows of the set_row(&x->rows[i], va, pa0, pa1, rw) calls, by i; the
    grader's kernbase, kernlink and data are the kernel's (read from its ELF)."""
    layout = {"kernbase": kernel_unit.evaluate("KERNBASE"),
              "kernlink": kernel_unit.evaluate("KERNLINK"), "data": DATA}

    def names(chain):
        if chain == "limit":
            return LIMIT
        if chain in ("fb->pa0", "fb->pa1"):  # the fb row's pages, as the report names them
            return FBPA if chain.endswith("0") else FBEND
        if "->" in chain:
            return layout.get(chain.rsplit("->", 1)[1])
        return None
    found = [(u, args) for u in units for args in csource.calls(u.text, "set_row")]
    if not found:
        raise SourceError("no set_row() calls in %s" % GRADER_FILES)
    rows = {}
    for unit, args in found:
        m = re.fullmatch(r"&\s*\w+\s*->\s*rows\s*\[\s*(\w+)\s*\]", args[0])
        if len(args) != 5 or not m:
            raise SourceError("%s: set_row(%s): not set_row(&x->rows[i], va, pa0, pa1, rw)"
                              % (unit.name, ", ".join(args)))
        i = unit.evaluate(m.group(1)).const
        if i in rows:
            raise SourceError("%s: rows[%d] set twice" % (unit.name, i))
        va, ps, pe, rw = (unit.evaluate(a, names) for a in args[1:])
        rows[i] = (va, ps, pe, rw.const != 0)
    if sorted(rows) != list(range(len(rows))):
        raise SourceError("set_row() sets rows %s, not 0 to %d" % (sorted(rows), len(rows) - 1))
    return [rows[i] for i in range(len(rows))]


def grader_row_names(units):
    """lg_kmap_names: the row names the grader expects, in order."""
    found = [names for u in units for names in [csource.string_list(u.text, "lg_kmap_names")]
             if names is not None]
    if len(found) != 1:
        raise SourceError("%d definitions of lg_kmap_names in %s" % (len(found), GRADER_FILES))
    fb = [m.group(1) for u in units
          for m in [re.search(r"\blg_kmap_fb_name\s*\[\s*\]\s*=\s*(\"[^\"]*\")", u.text)] if m]
    return found[0] + [csource.string_literal(n) for n in fb]


def kernel_large_rows():
    """The names of the kmap[] rows whose 'large' member is not 0."""
    for name in KERNEL_TABLE_FILES:
        unit = csource.Unit(os.path.join(ROOT, name))
        rows = csource.array_initializer(unit.text, "kmap", struct_kmap_fields())
        if rows is not None:
            return [csource.string_literal(r["name"]) for r in rows
                    if unit.evaluate(r.get("large", "0")).const]
    raise SourceError("no kmap[] initializer")


def grader_large_rows(units, names):
    """The names of the rows lg_kmap_large (hw-tests/) marks."""
    for u in units:
        m = re.search(r"\blg_kmap_large\s*\[[^\]]*\]\s*=\s*\{([^}]*)\}", u.text)
        if m:
            flags = [u.evaluate(v.strip()).const for v in m.group(1).split(",") if v.strip()]
            if len(flags) != len(names):
                raise SourceError("lg_kmap_large has %d values for %d rows" % (len(flags),
                                                                              len(names)))
            return [n for n, f in zip(names, flags) if f]
    raise SourceError("no lg_kmap_large in %s" % GRADER_FILES)


def differences(kernel, other, who):
    """Sentences naming each field where other's rows differ from the kernel's."""
    out = []
    if [r.name for r in kernel] != [r.name for r in other]:
        out.append("row names: kernel %s, %s %s" % ([r.name for r in kernel], who,
                                                     [r.name for r in other]))
    for k, o in zip(kernel, other):
        for field in Row._fields[1:]:
            if getattr(k, field) != getattr(o, field):
                out.append("row %s %s: kernel %r, %s %r" % (k.name, field, getattr(k, field), who,
                                                           getattr(o, field)))
    return out


class KmapRestatementTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.unit, cls.kernel = kernel_table()
        cls.grader = grader_sources()

    def test_kernel_table_read(self):
        """The reader found the table: named rows, each mapping something."""
        self.assertTrue(self.kernel, "kmap[] has no rows")
        for r in self.kernel:
            self.assertTrue(r.name, r)
            self.assertNotEqual(r.phys_start, r.phys_end, r)

    def test_oracle_rows(self):
        rows = oracle_rows()
        self.assertEqual(differences(self.kernel, rows, "oracle (tests/harness/oracle.py)"), [],
                         "the oracle's kmap_rows() disagrees with %s" % self.unit.name)

    def test_oracle_constants(self):
        """The oracle's copies of the layout constants are mm/memlayout.h's."""
        for name in LAYOUT_CONSTANTS:
            with self.subTest(name=name):
                self.assertEqual(Linear(getattr(oracle, name)), self.unit.evaluate(name))

    def test_grader_rows(self):
        expected = grader_rows(self.grader, self.unit)
        self.assertEqual(len(expected), len(self.kernel),
                         "the grader sets %d rows, %s has %d" % (len(expected), self.unit.name,
                                                                 len(self.kernel)))
        rows = [Row(k.name, *g) for k, g in zip(self.kernel, expected)]
        self.assertEqual(differences(self.kernel, rows, "grader (set_row in hw-tests/)"), [],
                         "the grader's expected rows disagree with %s" % self.unit.name)

    def test_large_rows(self):
        """The rows that take 4 MiB pages: the same in the kernel, the oracle, the grader."""
        kernel = kernel_large_rows()
        self.assertTrue(kernel, "no kmap[] row is marked large")
        self.assertEqual(list(oracle.LARGE_ROWS), kernel, "oracle.LARGE_ROWS")
        lecture = [r.name for r in self.kernel if r.name != "fb"]  # lg_kmap_large: LG_NKMAP rows
        self.assertEqual(grader_large_rows(self.grader, lecture), kernel,
                         "the grader's lg_kmap_large")

    def test_grader_row_names(self):
        self.assertEqual(grader_row_names(self.grader), [r.name for r in self.kernel],
                         "lg_kmap_names disagrees with %s" % self.unit.name)


if __name__ == "__main__":
    unittest.main()
