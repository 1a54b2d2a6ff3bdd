"""e820table.py - E820 replay tables and what the loader must make of them.

A table file (docs/e820-replay.md) is a firmware memory map plus quirk
directives. This module reads one (its own parser, not the C one in
tests/replay/replaytab.c) and predicts, from the documented rules alone:
  * what the replay handler answers to each INT 15h call (the firmware), and
  * what stage two's memory detection must record from those answers
    (E820h, then E801h, then 88h; docs/e820-replay.md), i.e. the raw map, method,
    entry size and flags the kernel's report must show, or the message the
    loader must stop with.
The report's derived fields are then checked with oracle.py.
"""

import re

from tests.harness import oracle

SMAP = 0x534D4150
MIB = 0x100000
FOUR_G = 1 << 32
LOWER_KIB = 0x27F   # INT 12h under SeaBIOS at every -m (the replay leaves INT 12h alone)
RAW_MAX = 128       # the boot-info block's room (include/bootinfo.h)
REPLAY_MAX = 192    # entries the replay handler holds (tests/replay/replay.h)
F_TRUNCATED, F_DISCARDED, F_LOOPED, F_EXT_ATTR = 0x01, 0x02, 0x04, 0x08

ENDS = ("zero", "cf", "repeat", "wrap", "endless")
BOOTINFO_DAMAGE = ("none", "magic", "version", "size", "count", "method", "source", "string",
                   "far", "control", "sane")


class TableError(ValueError):
    pass


class Table:
    """A parsed table: entries [(base, length, type, attr)] in firmware order,
    quirks, and the '# expect:' lines (substrings the serial log must show)."""

    def __init__(self, path):
        self.path = path
        self.entries = []
        self.expect = []
        self.esize = 20
        self.ecx = None
        self.attr = 1
        self.attr_given = False
        self.end = "zero"
        self.nosmap = None
        self.no_e820 = False
        self.ignore_ecx = False
        self.clobber = False
        self.e801 = "answer"
        self.e801_fixed = None
        self.ext88 = "answer"
        self.ext88_fixed = None
        self.bootinfo = "none"
        own = []
        with open(path) as f:
            for no, line in enumerate(f, 1):
                try:
                    self._line(line, own)
                except (ValueError, IndexError) as e:
                    raise TableError("%s:%d: %s" % (path, no, e))
        self.entries = [(b, l, t, a if a is not None else self.attr) for b, l, t, a in own]
        if self.attr_given and self.esize != 24:
            raise TableError("%s: attributes need entry-size=24" % path)

    def _line(self, line, own):
        body, _, comment = line.partition("#")
        comment = comment.strip()
        if body.strip():
            if len(own) == REPLAY_MAX:
                raise ValueError("too many entries for the replay handler")
            own.append(self._entry(body.split(), comment))
        elif comment.startswith("quirk:"):
            for word in comment[len("quirk:"):].split():
                self._quirk(word)
        elif comment.startswith("expect:"):
            self.expect.append(comment[len("expect:"):].strip())

    def _entry(self, f, comment):
        if len(f) != 3 or not f[0].lower().startswith("0x"):
            raise ValueError("expected <start-hex> <end-hex|+len-hex> <type>")
        base = int(f[0], 16)
        if f[1].startswith("+"):
            length = int(f[1][1:], 16)
        else:
            end = int(f[1], 16)
            if end < base:
                raise ValueError("end below start")
            length = end - base
        m = re.search(r"\battr=(\S+)", comment)
        attr = None
        if m:
            attr = int(m.group(1), 0)
            self.attr_given = True
        return (base, length, int(f[2], 10), attr)

    def _quirk(self, word):
        name, eq, value = word.partition("=")
        if not eq and name in ("ignore-ecx", "clobber"):
            setattr(self, name.replace("-", "_"), True)
        elif not eq and name in ("a20-off", "no-a20-bios"):
            pass  # A20 quirks: the memory map is unaffected; tables say what to expect
        elif name == "entry-size" and value in ("20", "24"):
            self.esize = int(value)
        elif name == "ecx" and 0 < int(value, 0) < 256:
            self.ecx = int(value, 0)
        elif name == "attr":
            self.attr = int(value, 0)
            self.attr_given = True
        elif name == "end" and value in ENDS:
            self.end = value
        elif name == "smap-missing":
            self.nosmap = 0 if value == "first" else int(value, 10)
        elif name == "e820" and value == "unsupported":
            self.no_e820 = True
        elif name == "e801" and value in ("auto", "unsupported", "cxdx"):
            self.e801 = "answer" if value == "auto" else value
        elif name == "e801" and ":" in value:
            self.e801_fixed = tuple(int(v, 0) for v in value.split(":"))
        elif name == "88" and value in ("auto", "unsupported"):
            self.ext88 = "answer" if value == "auto" else value
        elif name == "88":
            self.ext88_fixed = int(value, 0)
        elif name == "bootinfo" and value in BOOTINFO_DAMAGE:
            self.bootinfo = value
        else:
            raise ValueError("unknown quirk %r" % word)

    # ---- the firmware: what the replay handler answers ----

    def sizes(self):
        """(E801 AX, E801 BX, 88h KiB) as the handler answers them."""
        sane = oracle.sanitize([(b, l, t, 1) for b, l, t, _ in self.entries])

        def run_end(addr):
            for s, e, t in sane:
                if t == 1 and s <= addr < e:
                    return e
            return addr
        ax = (min(run_end(MIB), 16 * MIB) - MIB) >> 10
        bx = (min(run_end(16 * MIB), FOUR_G) - 16 * MIB) >> 16
        kib = min((run_end(MIB) - MIB) >> 10, 0xFFFF)
        if self.e801_fixed:
            ax, bx = self.e801_fixed
        if self.ext88_fixed is not None:
            kib = self.ext88_fixed
        return ax, bx, kib

    def e820_answer(self, call, cont):
        """Call number call (from 0) with EBX=cont, asking for 24 bytes:
        dict(cf, eax, ebx, ecx, entry) - entry is None when nothing was written."""
        fail = dict(cf=True, eax=0x8600, ebx=cont, ecx=24, entry=None)
        n = len(self.entries)
        if self.no_e820 or n == 0:
            return fail
        if call == self.nosmap:
            return dict(cf=False, eax=0xE820, ebx=cont, ecx=24, entry=None)
        if self.end == "endless":
            idx, nxt = min(cont, n - 1), cont + 1
        elif cont >= n:
            return fail
        else:
            idx = cont
            nxt = idx + 1 if idx + 1 < n else {"zero": 0, "cf": n, "repeat": idx,
                                               "wrap": 1}[self.end]
        b, l, t, a = self.entries[idx]
        written = (b, l, t, a if self.esize == 24 else 1)   # the loader presets attr to 1
        ecx = 24 if self.ignore_ecx else self.ecx or self.esize
        return dict(cf=False, eax=SMAP, ebx=nxt, ecx=ecx, entry=written)

    # ---- the loader: what stage two must record ----

    def loader_e820(self):
        """(entries, entry_size, flags), or (None, 0, flags) when E820 gave no map."""
        raw, seen, flags, size, cont, call = [], [], 0, 0, 0, 0
        while True:
            a = self.e820_answer(call, cont)
            call += 1
            if a["cf"]:                 # end of list (or unsupported when first)
                return (raw or None), (size if raw else 0), flags
            if a["eax"] != SMAP:        # first call: unsupported; later: discard
                return None, 0, flags | (F_DISCARDED if raw else 0)
            form = a["ecx"] & 0xFF
            if form < 20:
                return (raw or None), (size if raw else 0), flags
            form = 24 if form >= 24 else 20
            flags |= F_EXT_ATTR if form == 24 else 0
            size = max(size, form)
            if len(raw) == RAW_MAX:
                return raw, size, flags | F_TRUNCATED
            b, l, t, attr = a["entry"]
            raw.append((b, l, t, attr if form == 24 else 1))  # 20 bytes carry no attribute
            seen.append(cont)
            cont = a["ebx"]
            if cont == 0:
                return raw, size, flags
            if cont in seen:
                return raw, size, flags | F_LOOPED

    def loader_view(self):
        """What the report's raw section must say: dict(method, raw, entry_size, flags),
        or dict(stop=message) when every method fails."""
        raw, size, flags = self.loader_e820()
        if raw:
            return dict(method="e820", raw=raw, entry_size=size, flags=flags)
        low = (0, LOWER_KIB << 10, 1, 1)
        ax, bx, kib = self.sizes()
        if self.e801 != "unsupported":
            lo, hi = (0, 0) if self.e801 == "cxdx" else (ax, bx)
            if lo == 0 and hi == 0:
                lo, hi = ax, bx         # the loader falls back to CX/DX
            if 0 < lo <= 0x3C00:
                m = [low, (MIB, lo << 10, 1, 1)] + ([(16 * MIB, hi << 16, 1, 1)] if hi else [])
                return dict(method="e801", raw=m, entry_size=0, flags=flags)
        if self.ext88 != "unsupported" and kib:
            return dict(method="88", raw=[low, (MIB, kib << 10, 1, 1)], entry_size=0,
                        flags=flags)
        return dict(stop="stage2: error: no memory map: INT 15h E820h, E801h and 88h all failed")
