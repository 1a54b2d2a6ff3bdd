"""oracle.py - what the kernel should report, computed independently.

A second implementation, in Python, of the rules the kernel follows (the
sanitizer in mm/e820.c, the kernel's kmap[] table in mm/vm.c, kernel/main.c),
written from the specification in docs/report-format.md and
docs/architecture.md rather than from the C code, so that a bug in the kernel
does not hide in its own test. It reads no C; tests/restatements/ checks that its kmap rows still say
what the kernel's table says.
"""

PG = 4096
KERNBASE = 0x80000000
EXTMEM = 0x100000
KERNLINK = KERNBASE + EXTMEM
DEVSPACE = 0xFE000000
FBSPACE = 0xF0000000  # where a UEFI PC's framebuffer is mapped (its own kmap row, "fb")
PHYSTOP = 0xE000000
FOUR_G = 1 << 32
TOP_PAGE_END = FOUR_G - PG  # the last page below 4 GiB never counts (32-bit ends)
ENTRY_MAPPED = 0x400000     # entrypgdir maps [0, 4 MiB): page tables come from there
MINFREE_PAGES = 256
LARGE = 0x400000            # a 4 MiB page (PDE with PS), the bigpages boot option
LARGE_ROWS = ("data",)      # the rows the bigpages option maps with 4 MiB pages


def sanitize(raw):
    """raw: [(base, length, type, attr)] -> sorted, disjoint, merged [(start, end, type)].
    Drops empty, wrapping (end >= 2^64) and attr-bit-0-clear entries; on overlap the
    highest type wins, but usable (1) loses to every other type."""
    ents = [(b, b + l, t) for b, l, t, a in raw if l > 0 and b + l < (1 << 64) and a & 1]
    points = sorted({p for b, e, _ in ents for p in (b, e)})
    out = []
    for lo, hi in zip(points, points[1:]):
        cover = [t for b, e, t in ents if b <= lo and hi <= e]
        if not cover:
            continue
        others = [t for t in cover if t != 1]
        typ = max(others) if others else 1
        if out and out[-1][1] == lo and out[-1][2] == typ:
            out[-1] = (out[-1][0], hi, typ)
        else:
            out.append((lo, hi, typ))
    return out


# docs/boot-info.md, "UEFI memory types": the E820 type of each UEFI memory type
# for a kernel that runs after ExitBootServices; every other type is reserved (2).
EFI_E820 = {
    7: 1,   # EfiConventionalMemory
    1: 1,   # EfiLoaderCode
    2: 1,   # EfiLoaderData
    3: 1,   # EfiBootServicesCode
    4: 1,   # EfiBootServicesData
    9: 3,   # EfiACPIReclaimMemory
    10: 4,  # EfiACPIMemoryNVS
    8: 5,   # EfiUnusableMemory
    14: 7,  # EfiPersistentMemory
}


def efimap_to_e820(descs):
    """UEFI descriptors [(type, start, pages, attr)] -> E820 entries
    [(base, length, type, attr=1)]: drop empty descriptors and those whose end
    does not fit in 64 bits; type by EFI_E820; sort by start (ties: map order);
    merge an entry into the one before when it has its type and touches or
    overlaps it. Overlaps of different types are left to the sanitizer."""
    ents = sorted((s, p * PG, EFI_E820.get(t, 2), i) for i, (t, s, p, _) in enumerate(descs)
                  if p and s + p * PG < (1 << 64))
    out = []
    for s, n, t, _ in ents:
        if out and out[-1][2] == t and s <= out[-1][0] + out[-1][1]:
            b = out[-1][0]
            out[-1] = (b, max(b + out[-1][1], s + n) - b, t)
        else:
            out.append((s, n, t))
    return [(b, n, t, 1) for b, n, t in out]


def fb_range(base, nbytes):
    """The physical pages of a framebuffer of nbytes at base: (start, end), or
    None when they lie in the dev row already (no fb row then)."""
    lo = base // PG * PG
    hi = -(-(base + nbytes) // PG) * PG
    return None if lo >= DEVSPACE else (lo, hi)


def usable_runs(sane, lo=0, hi=TOP_PAGE_END):
    """Page-aligned usable runs inside [lo, hi) (rounded inward), below 4 GiB."""
    lo = -(-lo // PG) * PG
    hi = min(hi, TOP_PAGE_END) // PG * PG
    runs = []
    for s, e, t in sane:
        if t != 1:
            continue
        s, e = max(-(-s // PG) * PG, lo), min(e // PG * PG, hi)
        if s < e:
            runs.append((s, e))
    return runs


def usable_pages(sane, lo, hi):
    return sum((e - s) // PG for s, e in usable_runs(sane, lo, hi))


def clamp(sane, phystop=PHYSTOP):
    """(usable_top, limit, clamped)."""
    runs = usable_runs(sane)
    top = max((e for _, e in runs), default=0)
    return top, min(top, phystop), top > phystop


def kmap_rows(limit, data, end, fb=None):
    """The lecture's kmap[] for this limit: [(name, va, pa_start, pa_end, writable)];
    with fb, a UEFI PC's framebuffer pages (fb_range), the fb row after them."""
    rows = [
        ("io", KERNBASE, 0, EXTMEM, True),
        ("text", KERNLINK, EXTMEM, data - KERNBASE, False),
        ("data", data, data - KERNBASE, limit, True),
        ("dev", DEVSPACE, DEVSPACE, FOUR_G, True),
    ]
    if fb is not None:
        rows.append(("fb", FBSPACE, fb[0], fb[1], True))
    return rows


def expected_pages(rows):
    """{virtual page: (physical page, writable)} for every page the rows map."""
    pages = {}
    for _, va, ps, pe, w in rows:
        for off in range(0, pe - ps, PG):
            pages[va + off] = (ps + off, w)
    return pages


def large_pages(rows, bigpages):
    """{virtual 4 MiB page: (physical, writable)}: with bigpages, every 4 MiB
    region wholly inside a row of LARGE_ROWS whose virtual and physical
    addresses are equally aligned (docs/report-format.md, "pt")."""
    out = {}
    for name, va, ps, pe, w in rows:
        if not bigpages or name not in LARGE_ROWS or (va - ps) % LARGE:
            continue
        for v in range(-(-va // LARGE) * LARGE, (va + pe - ps) // LARGE * LARGE, LARGE):
            out[v] = (ps + v - va, w)
    return out


def pt_pages(rows, bigpages=False):
    """Page-table pages: the directory plus one table per 4 MiB region touched
    by a 4 KiB page (a region that is one 4 MiB page needs none)."""
    large = large_pages(rows, bigpages)
    pdx = set()
    for _, va, ps, pe, _ in rows:
        if pe > ps:
            pdx.update(d for d in range(va >> 22, ((va + (pe - ps) - 1) >> 22) + 1)
                       if d << 22 not in large)
    return 1 + len(pdx)


class Expected:
    """Everything the report of one boot should say, from its raw map and the ELF;
    fb: a UEFI PC's framebuffer pages (fb_range), when the kernel maps them;
    bigpages: the boot option that maps LARGE_ROWS with 4 MiB pages."""

    def __init__(self, raw, syms, fb=None, bigpages=False):
        self.raw = raw
        self.bigpages = bigpages
        self.sane = sanitize(raw)
        self.usable_top, self.limit, self.clamped = clamp(self.sane)
        self.data, self.end = syms["data"], syms["end"]
        self.rows = kmap_rows(self.limit, self.data, self.end, fb)
        self.large = large_pages(self.rows, bigpages)
        self.ptpages = pt_pages(self.rows, bigpages)
        self.mapped = sum((pe - ps) // PG for _, _, ps, pe, _ in self.rows)
        kend = -(-(self.end - KERNBASE) // PG) * PG
        self.low_free = usable_pages(self.sane, kend, min(ENTRY_MAPPED, self.limit))
        self.all_free = usable_pages(self.sane, kend, self.limit)
        self.too_little = (self.low_free < self.ptpages or
                           self.all_free < self.ptpages + MINFREE_PAGES)
        self.free = self.all_free - self.ptpages

    def overhead_ppm(self):
        return self.ptpages * 1000000 // self.mapped


def tsc_us(cycles, hz):
    """Microseconds that cycles of the TSC last at hz, rounded down (kernel/tsc.h)."""
    return cycles * 1000000 // hz
