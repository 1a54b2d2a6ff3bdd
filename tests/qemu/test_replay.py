"""test_replay.py - every E820 table, real and synthetic, replayed through the
real loader and kernel at -m 256 (docs/e820-replay.md).

For each table in tests/e820/real/ and tests/e820/synthetic/:
  * build a replay disk (build/mkreplay writes the table into the replay stage
    two, build/mkdisk makes the disk) and boot it in QEMU at -m 256;
  * predict the outcome from the table alone (tests/harness/e820table.py: the
    firmware's answers and the loader's rules; tests/harness/oracle.py:
    sanitizer, clamp, kmap, free pages) and require exactly that: either a
    report whose raw lines equal the map the loader should have read given
    the table's quirks and whose every derived field equals the oracle's -
    and the C sanitizer run on the host agrees, and build/labgrade passes the
    log (its rules on the raw header, flags 0x01 to 0x08 included, hold for
    what the loader really reports) - or the stop message the loader or
    kernel must print, then a halt with interrupts off (after a report, the
    kernel halts listening for requests: interrupts on);
  * a table's "# expect:" lines must appear in the log too, so a table cannot
    silently stop testing what its author meant.
The boot-info block damage directives (bootinfo=...) run the same way on a
generated copy of the SeaBIOS -m 256 map.

RAM the table claims but QEMU lacks: the kernel writes only to the pages it
frees - usable pages between its end and the limit, and the limit is at most
PHYSTOP (224 MiB) - and to its own segments. QEMU -m 256 has RAM at
[1 MiB, 256 MiB - 128 KiB) (SeaBIOS's map, tests/qemu/seabios-e820/m256.txt).
Each booting table is checked against that before its result is trusted, and
the header of the highest run of free pages (mm/kalloc.c: at the start of the
highest usable stretch kinit2 freed, the next run and the run's length) is
read back through the monitor (QEMU returns nothing written to memory it
lacks).
Usable RAM a table claims elsewhere (above the limit, above 4 GiB, in
[640 KiB, 1 MiB)) is mapped at most, never touched.

The boots run a few at a time in setUpClass; each test method checks one.
"""

import concurrent.futures
import glob
import os
import shutil
import struct
import subprocess
import tempfile
import unittest

from tests.harness import checks, e820table, oracle, seabios
from tests.harness.disk import make_disk
from tests.harness.elf import kernel_symbols, program_headers
from tests.harness.paths import BUILD, DISK, E820_TABLES, KERNEL, LABGRADE, ROOT
from tests.harness.qemu import Qemu
from tests.harness.report import parse_report

REAL = sorted(glob.glob(os.path.join(E820_TABLES, "real", "*.e820")))
SYNTH = sorted(glob.glob(os.path.join(E820_TABLES, "synthetic", "*.e820")))
MEM = 256
WORKERS = int(os.environ.get("BOOTLAB_REPLAY_JOBS", "3"))
MKREPLAY = os.path.join(BUILD, "mkreplay")
STAGE2_REPLAY = os.path.join(BUILD, "stage2-replay.bin")
E820SANE = os.path.join(BUILD, "tests", "e820sane")
STOPPED = (r"bootlab-report v4 end.*\n|stage2: halted|kernel: halted|panic: .*\n"
           r"|stage1: .*\n")
DAMAGE = {
    "magic": "refused: bad magic",
    "version": "refused: unsupported version (this kernel reads version 2)",
    "size": "refused: size field does not match struct bootinfo",
    "count": "refused: memory map count larger than the block holds",
    "method": "refused: memory map method and count disagree",
    "source": "refused: unknown boot source",
    "string": "refused: string field without a terminating NUL",
    "sane": "refused: sanitized map not sorted, disjoint and non-empty ranges",
    "far": "kernel: error: bootinfo: block at 0x500000 is outside the first 4 MiB",
    # Odd string content is not refused (docs/boot-info.md): the kernel boots and
    # the report prints the control byte in the loader name as '_'.
    "control": None,
}
CONTROL_LOADER = "boo_lab-stage2/1"


def qemu_ram():
    """Type-1 ranges of SeaBIOS's map at -m MEM: RAM the guest really has."""
    return [(s, e) for s, e, t in seabios.kept_map(MEM) if t == 1]


def kernel_segments():
    """[(index, paddr, end)] of the kernel's PT_LOAD segments with memory."""
    with open(KERNEL, "rb") as f:
        data = f.read()
    _, phdrs = program_headers(data)
    return [(i, p[3], p[3] + p[5]) for i, p in enumerate(phdrs) if p[0] == 1 and p[5]]


def usable(sane, start, end):
    return any(t == 1 and s <= start and end <= e for s, e, t in sane)


def predict(table, syms):
    """dict(view=..., exp=Expected or None, stop=message or None)."""
    view = table.loader_view()
    if "stop" in view:
        return dict(view=view, exp=None, stop=view["stop"])
    sane = oracle.sanitize(view["raw"])
    out = dict(view=view, exp=None, stop=None)
    if not sane:
        out["stop"] = "stage2: error: the memory map holds no usable entries"
        return out
    for i, s, e in kernel_segments():
        if not usable(sane, s, e):
            out["stop"] = ("stage2: error: kernel: segment %d: [0x%x, 0x%x) is not usable RAM"
                           % (i, s, e))
            return out
    if table.bootinfo != "none" and DAMAGE[table.bootinfo]:
        out["stop"] = DAMAGE[table.bootinfo]
        return out
    if table.bootinfo == "control":
        out["loader"] = CONTROL_LOADER
    exp = oracle.Expected(view["raw"], syms)
    out["exp"] = exp
    if exp.too_little:
        out["stop"] = "kernel: error: too little memory"
    return out


def top_run(exp):
    """The highest stretch of usable pages kinit2 freed, (start, end) physical,
    or None when it freed none (the limit at or below 4 MiB)."""
    kend = -(-(exp.end - oracle.KERNBASE) // oracle.PG) * oracle.PG
    runs = oracle.usable_runs(exp.sane, max(kend, oracle.ENTRY_MAPPED), exp.limit)
    return runs[-1] if runs else None


def build_disk(table_path, workdir):
    s2 = os.path.join(workdir, "stage2.bin")
    r = subprocess.run([MKREPLAY, "-t", table_path, "-s", STAGE2_REPLAY, "-o", s2],
                       capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError("mkreplay failed: " + r.stderr)
    return make_disk(os.path.join(workdir, "disk.img"), stage2=s2)


def boot(table_path, run):
    """Boot one replay disk; return what happened, for the test method to judge."""
    workdir = tempfile.mkdtemp(prefix="bootlab-replay-")
    try:
        disk = build_disk(table_path, workdir)
        with Qemu(mem=MEM, disk=disk) as q:
            q.wait_for(STOPPED, timeout=90)
            regs = q.wait_halted()
            serial = q.serial()
            top = None
            if run and "bootlab-report v4 end" in serial:
                try:
                    top = struct.unpack("<II", q.read_phys(run[0], 8))
                except ValueError:  # "Cannot access memory": QEMU has no RAM there
                    top = "unreadable"
        return dict(serial=serial.replace("\r", ""), regs=regs, top=top)
    except Exception as e:  # reported by the test method, not lost in the pool
        return dict(error="%s: %s" % (type(e).__name__, e))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def c_sanitizer(raw):
    """sane ranges and (usable_top, limit, clamped) from mm/e820.c on the host."""
    text = "".join("%x %x %x %x\n" % e for e in raw)
    out = subprocess.run([E820SANE], input=text, capture_output=True, text=True,
                         check=True).stdout.split("\n")
    sane = [tuple(int(x, 16) for x in l.split()[1:]) for l in out if l.startswith("sane ")]
    mem = [l.split()[1:] for l in out if l.startswith("mem ")][0]
    return sane, (int(mem[0], 16), int(mem[1], 16), mem[2] == "1")


class ReplayTest(unittest.TestCase):
    maxDiff = None
    cases = {}      # test name -> table path
    results = {}

    @classmethod
    def setUpClass(cls):
        cls.syms = kernel_symbols()
        cls.tmp = tempfile.mkdtemp(prefix="bootlab-replay-tables-")
        for mode in DAMAGE:
            path = os.path.join(cls.tmp, "bootinfo-%s.e820" % mode)
            with open(path, "w") as f:
                f.write("# quirk: bootinfo=%s\n" % mode)
                for s, e in qemu_ram() + [(0xFFFC0000, 1 << 32)]:
                    f.write("0x%x 0x%x %d\n" % (s, e, 1 if s < 1 << 31 else 2))
            cls.cases["test_bootinfo_" + mode] = path
        cls.preds = {}
        jobs = {}
        with concurrent.futures.ThreadPoolExecutor(max_workers=WORKERS) as pool:
            for name, path in cls.cases.items():
                try:
                    pred = predict(e820table.Table(path), cls.syms)
                except e820table.TableError as e:
                    pred = dict(error=str(e))
                cls.preds[name] = pred
                run = top_run(pred["exp"]) if pred.get("exp") and not pred["stop"] else None
                jobs[name] = pool.submit(boot, path, run)
            cls.results = {name: job.result() for name, job in jobs.items()}

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def check_table(self, name):
        pred, res = self.preds[name], self.results[name]
        self.assertNotIn("error", pred, pred.get("error"))
        self.assertNotIn("error", res, res.get("error"))
        table = e820table.Table(self.cases[name])
        serial = res["serial"]
        for want in table.expect:
            self.assertIn(want, serial, "the table's '# expect:' line is not in the log")
        self.assertEqual(res["regs"]["HLT"], 1, "not halted")
        if pred["stop"]:
            self.assertEqual(res["regs"]["EFL"] & 0x200, 0, "halted with interrupts on")
            self.assertIn(pred["stop"], serial)
            self.assertNotIn("bootlab-report", serial)
            return
        self.assertEqual(res["regs"]["EFL"] & 0x200, 0x200, "not listening for requests")
        self.check_graded(name, serial)
        rep = parse_report(serial)
        self.assertEqual(rep.fields["boot_loader"], pred.get("loader", "bootlab-stage2/1"))
        self.check_raw(rep, pred["view"])
        self.check_derived(rep, pred["exp"], pred["view"]["method"])
        self.check_ram(pred["exp"], res["top"])

    def check_graded(self, name, serial):
        """build/labgrade passes the log: its rules hold for what the loader reported."""
        path = os.path.join(self.tmp, name + ".log")
        with open(path, "w") as f:
            f.write(serial)
        r = subprocess.run([LABGRADE, "-k", KERNEL, "pc=" + path], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stdout)

    def check_raw(self, rep, view):
        f = rep.fields
        self.assertEqual(f["raw_method"], view["method"])
        self.assertEqual(int(f["raw_entries"]), len(view["raw"]))
        self.assertEqual(int(f["raw_entry_size"]), view["entry_size"])
        self.assertEqual(int(f["raw_flags"], 16), view["flags"])
        self.assertEqual(rep.raw, view["raw"], "raw map != what the loader should have read")

    def check_derived(self, rep, exp, method):
        """The C sanitizer on the host must agree with the oracle; then every
        report field against the oracle (checks.check_report)."""
        c_sane, c_mem = c_sanitizer(exp.raw)
        self.assertEqual(c_sane, exp.sane, "C sanitizer on the host != oracle")
        self.assertEqual(c_mem, (exp.usable_top, exp.limit, exp.clamped))
        checks.check_report(self, rep, exp, self.syms, method)

    def check_ram(self, exp, top):
        """Every page the kernel wrote must be RAM QEMU has; the top free page proves it."""
        ram = qemu_ram()
        kend = -(-(exp.end - oracle.KERNBASE) // oracle.PG) * oracle.PG
        written = oracle.usable_runs(exp.sane, kend, exp.limit)
        written += [(s, e) for _, s, e in kernel_segments()]
        lacking = [(hex(s), hex(e)) for s, e in written
                   if not any(rs <= s and e <= re for rs, re in ram)]
        self.assertFalse(lacking, "the kernel wrote where QEMU -m %d has no RAM: %s"
                         % (MEM, lacking))
        run = top_run(exp)
        if run:
            s, e = run
            self.assertNotEqual(top, "unreadable", "no RAM at the top run's header 0x%x" % s)
            nxt, npages = top
            self.assertEqual(npages, (e - s) // oracle.PG,
                             "the top run's header at 0x%x does not hold its length" % s)
            self.assertTrue(nxt % oracle.PG == 0 and oracle.KERNBASE <= nxt < oracle.KERNBASE + s,
                            "the top run's next (0x%x) is not a run below it" % nxt)


def add_cases():
    for kind, paths in (("real", REAL), ("synthetic", SYNTH)):
        for path in paths:
            stem = os.path.basename(path)[:-len(".e820")].replace("-", "_")
            name = "test_%s_%s" % (kind, stem)
            ReplayTest.cases[name] = path
            setattr(ReplayTest, name, lambda self, n=name: self.check_table(n))
    for mode in DAMAGE:
        setattr(ReplayTest, "test_bootinfo_" + mode,
                lambda self, n="test_bootinfo_" + mode: self.check_table(n))


add_cases()


class ReplayToolTest(unittest.TestCase):
    """The replay build's contract and its table reader, without QEMU."""

    def test_two_parsers_agree(self):
        """mkreplay (C) and e820table.py read every table the same way."""
        for path in REAL + SYNTH:
            out = subprocess.run([MKREPLAY, "-t", path, "--show"], capture_output=True,
                                 text=True, check=True).stdout.split("\n")
            t = e820table.Table(path)
            entries = [l.split() for l in out if l.split()[1:2] == ["base"]]
            got = [(int(e[2], 16), int(e[4], 16), int(e[6]), int(e[8], 16)) for e in entries]
            self.assertEqual(got, t.entries, path)
            ax, bx, kib = t.sizes()
            self.assertIn("e801 mode %d ax 0x%x bx 0x%x" % (
                {"answer": 0, "unsupported": 1, "cxdx": 2}[t.e801], ax, bx), out, path)
            self.assertIn("88 mode %d kib 0x%x" % (t.ext88 == "unsupported", kib), out, path)
            self.assertIn("entry-size %d end %d" % (t.esize, e820table.ENDS.index(t.end)),
                          out[0], path)
            self.assertTrue(out[0].endswith(" ecx %d" % (t.ecx or 0)), path)

    def test_bad_tables_refused(self):
        tmp = tempfile.mkdtemp(prefix="bootlab-replay-bad-")
        try:
            cases = {"0x0 0x1000\n": "line 1: expected",
                     "# quirk: no-such-quirk\n": "line 1: unknown or malformed quirk",
                     "0x0 0x1000 1\n0x2000 0x1000 1\n": "line 2: end below start",
                     "0x0 0x1000 1 # attr=0\n": "attributes need entry-size=24",
                     "# quirk: end=sometimes\n": "unknown or malformed quirk: end=sometimes",
                     "".join("0x%x 0x%x 1\n" % (i, i + 1) for i in range(193)):
                         "line 193: too many entries"}
            for text, msg in cases.items():
                path = os.path.join(tmp, "bad.e820")
                with open(path, "w") as f:
                    f.write(text)
                r = subprocess.run([MKREPLAY, "-t", path, "--show"], capture_output=True,
                                   text=True)
                self.assertNotEqual(r.returncode, 0, text)
                self.assertIn(msg, r.stderr)
                with self.assertRaises(e820table.TableError):
                    e820table.Table(path)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def test_default_image_has_no_replay(self):
        """The handler and its blob exist only in the test build."""
        marker = struct.pack("<II", 0x314C5052, 0x5E4D4150)
        for path in (DISK, os.path.join(BUILD, "stage2.bin")):
            with open(path, "rb") as f:
                self.assertNotIn(marker, f.read(), path)
        with open(STAGE2_REPLAY, "rb") as f:
            self.assertEqual(f.read().count(marker), 1)

    def test_make_replay(self):
        """make replay E820=FILE -> build/replay-disk.img, which boots with the table."""
        table = os.path.join(E820_TABLES, "real", "14-cyrix-mii-32m.e820")
        subprocess.run(["make", "-s", "-C", ROOT, "replay", "E820=" + table],
                       check=True, capture_output=True)
        disk = os.path.join(BUILD, "replay-disk.img")
        with Qemu(mem=MEM, disk=disk) as q:
            q.wait_for(STOPPED, timeout=60)
            text = q.serial()
        self.assertIn("stage2: replay: INT 15h E820h/E801h/88h answered from a", text)
        rep = parse_report(text)
        self.assertEqual(rep.raw, e820table.Table(table).loader_view()["raw"])


if __name__ == "__main__":
    unittest.main()
