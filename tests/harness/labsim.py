"""labsim.py - the simulated lab: a room of N QEMU PCs driven by a lab
manifest, from the students' source trees to graded results per student.

make lab-sim N=8 runs it (python3 -m tests.labsim -n 8); docs/grading.md,
"Simulated lab".

The room is written as a manifest (docs/grading.md, "The lab manifest"),
and every step is the one a lab admin runs:
  1. two students' source trees (copies of the course's kernel/ and mm/):
     alice's as it is, bob's with the lecture's classic mistake, the text row
     of kmap[] mapped writable; make lab-build's program builds both;
  2. make netboot MANIFEST='s program writes every seat's kernel, seat file
     and own bootlab.pxe into a copy of the netboot root, served by one
     dnsmasq in a private namespace (tests/harness/netlab.py, names starting
     "bl4"). BIOS and UEFI PCs share the room: of every four PCs the
     third is a UEFI PC whose firmware's own PXE gets bootlab.efi (which
     reads its seat file's kernel itself), the fourth a UEFI PC with iPXE's
     EFI ROM, which goes through boot.ipxe (UEFI PCs get at least 128 MiB:
     OVMF itself needs about 44 MiB); the BIOS PCs boot bootlab's own loader;
  3. one seat's PC then boots another kernel than its row says: its seat
     file is replaced by a copy of alice's, a seat file copied to the wrong
     MAC, so the PC boots alice's build while its row names the course kernel;
  4. build/labgrade --manifest grades every seat against its own ELF, from
     the consoles the manifest names: stable names in the run's consoles/
     directory, links to each QEMU's pty (the role /dev/serial/by-path/
     plays in a lab). Every QEMU starts stopped (-S), labgrade opens every
     console, then every PC is continued, so no byte is lost.
  5. one passing seat's cable loses a character of its report's first copy
     (tests/harness/lossy.py, a USB-serial adapter without flow control):
     labgrade must ask that PC for another copy (ENQ) and grade the second.

Seats, for N = 4 (make test): pc01 ada (BIOS), the course kernel; pc02
alice (BIOS), her tree, on the lossy cable; pc03 bob (UEFI, firmware PXE),
his broken tree; pc04 carol (UEFI, iPXE), the course kernel, whose PC boots
alice's. Seats from pc05 on boot the course kernel
(the last of them on the lossy cable); memory sizes cycle from 16 MiB to
3 GiB. Exit status 0 only for the expected outcome: exactly bob's and
carol's seats FAIL, bob's with exactly its one check ("kmap text perm:
expected r-, reported rw"), carol's first on "kernel build: expected
default, reported alice", named with their students in labgrade's CSV;
every other seat passes, the lossy one after exactly one request for
another copy; 1 otherwise, 2 on bad usage. Everything started here (QEMUs,
the lossy line, the grader, dnsmasq) is ended by its PID or closed and the
namespace deleted, also on an error, Ctrl-C or SIGTERM.
"""

import argparse
import csv
import os
import signal
import statistics
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from tests.harness import lossy, netlab, ovmf
from tests.harness.paths import BUILD, KERNEL, LABGRADE, NETBOOT_ROOT, ROOT
from tests.harness.ptypc import PtyPC, has_open

MEMS = (16, 64, 128, 256, 512, 1024, 3072)  # MiB, cycled: N = 7 covers them all
PREFIX = "bl4"
TREES = os.path.join(BUILD, "lab-sim", "trees")  # kept between runs: make rebuilds only changes
TEXT_ROW = '{"text", (void *)KERNLINK, V2P(KERNLINK), V2P(data), 0, 0},'
BROKEN_REASON = "kmap text perm: expected r-, reported rw"
# Another build: its tag differs, and so does its self-hash (khash sha256), so more checks fail.
WRONG_REASON = "kernel build: expected default, reported alice (and more, see checks)"

# The first seats' roles: (student, kernel: "course" or a tree's student, what the PC boots).
ROLES = [("ada", "course", "default"), ("alice", "alice", "alice"), ("bob", "bob", "bob"),
         ("carol", "course", "alice")]
FIRMWARE = ("bios", "bios", "uefi", "uefi-ipxe")  # by seat number, cycled
UEFI_MIN_MEM = 128


class Seat:
    """One simulated PC: its seat name, MAC, fixed address, firmware (bios,
    uefi: OVMF's own PXE, uefi-ipxe: iPXE's EFI ROM), memory, student,
    the kernel its manifest row names (tree: the student whose tree, or None
    for the course kernel), the build its PC really boots, and the verdict
    and reason it must get."""

    def __init__(self, i, lossy_line=False):
        self.name = "pc%02d" % (i + 1)
        self.lossy = lossy_line  # its console loses a character of the first report copy
        self.mac = "52:54:00:b4:00:%02x" % (i + 1)
        self.ip = "10.77.0.%d" % (101 + i)
        self.firmware = FIRMWARE[i % len(FIRMWARE)]
        self.mem = MEMS[i % len(MEMS)]
        if self.firmware != "bios":
            self.mem = max(self.mem, UEFI_MIN_MEM)
        student, kernel, boots = ROLES[i] if i < len(ROLES) else ("s%02d" % (i + 1), "course",
                                                                   "default")
        self.student = student
        self.tree = None if kernel == "course" else kernel
        self.tag = self.tree or "default"  # the build its row names
        self.boots = boots                 # the build its PC boots
        self.reason = (BROKEN_REASON if self.tree == "bob" else
                       WRONG_REASON if boots != self.tag else None)
        self.verdict_at = None  # seconds since the first QEMU start
        self.cont_at = None

    @property
    def fails(self):
        return self.reason is not None


def default_lossy(n):
    """The seat on the lossy cable unless told: the last one that must pass."""
    return max(i + 1 for i in range(n) if Seat(i).reason is None)


def plan(n, lossy_pc=None):
    """The seats of a room of n PCs (see ROLES); pc<lossy_pc> (default_lossy;
    0: none) has the console that loses bytes. Returns a list of Seat."""
    if lossy_pc is None:
        lossy_pc = default_lossy(n)
    return [Seat(i, i + 1 == lossy_pc) for i in range(n)]


def write_trees(seats):
    """The students' trees in TREES: the course's kernel/ and mm/, bob's
    with the text row writable. Files are rewritten only when they differ,
    so make lab-build rebuilds nothing a second time. Returns {student: dir}."""
    trees = {}
    for s in seats:
        if s.tree and s.tree not in trees:
            trees[s.tree] = os.path.join(TREES, s.tree)
            for sub in ("kernel", "mm"):
                sync_dir(os.path.join(ROOT, sub), os.path.join(trees[s.tree], sub))
    if "bob" in trees:
        vm = os.path.join(trees["bob"], "mm", "vm.c")
        with open(vm) as f:
            text = f.read()
        if TEXT_ROW not in text:
            raise RuntimeError("mm/vm.c has no line %r to break for bob's tree" % TEXT_ROW)
        write_if_changed(vm, text.replace(TEXT_ROW, TEXT_ROW.replace(", 0, 0},", ", PTE_W, 0},")))
    return trees


def sync_dir(src, dst):
    """dst holds a copy of every file of src, each written only when it differs."""
    os.makedirs(dst, exist_ok=True)
    for name in os.listdir(src):
        if os.path.isfile(os.path.join(src, name)):
            with open(os.path.join(src, name)) as f:
                write_if_changed(os.path.join(dst, name), f.read())


def write_if_changed(path, text):
    if os.path.exists(path):
        with open(path) as f:
            if f.read() == text:
                return
    with open(path, "w") as f:
        f.write(text)


def write_manifest(path, seats, trees, consoles):
    """The room's manifest: one row a seat, its console a stable name in consoles/."""
    with open(path, "w") as f:
        f.write("# make lab-sim: SEAT MAC CONSOLE STUDENT KERNEL\n")
        for s in seats:
            f.write("%s %s serial:%s %s %s\n" % (s.name, s.mac, os.path.join(consoles, s.name),
                                                 s.student, trees[s.tree] if s.tree else KERNEL))


def step(what, cmd):
    """Run one admin step (a module of netboot/); its output is shown. Raises when it fails."""
    print("lab-sim: %s: %s" % (what, " ".join(cmd)), flush=True)
    r = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sys.stdout.write("".join("lab-sim:   " + l + "\n" for l in r.stdout.strip().split("\n")))
    if r.returncode != 0:
        raise RuntimeError("%s failed (exit status %d)" % (what, r.returncode))


def prepare(lab, seats, manifest, consoles):
    """Steps 1 to 3: trees, manifest, lab-build, netboot seats, the wrong seat file.
    Returns the netboot root."""
    trees = write_trees(seats)
    os.makedirs(consoles, exist_ok=True)
    write_manifest(manifest, seats, trees, consoles)
    step("lab-build", ["python3", "-m", "netboot.labbuild", manifest, "--build-dir", BUILD])
    root = netlab.copy_root(os.path.join(lab.state, "root"))
    step("netboot", ["python3", "-m", "netboot.seats", "--root", root, "--build-dir", BUILD,
                     "--manifest", manifest])
    by_tag = {s.tag: s for s in seats}
    for s in seats:
        if s.boots != s.tag:  # a seat file copied to the wrong MAC
            shutil.copyfile(seat_file(root, by_tag[s.boots]), seat_file(root, s))
            print("lab-sim: %s's seat file is a copy of %s's: its PC boots build %s, its row "
                  "names %s" % (s.name, by_tag[s.boots].name, s.boots, s.tag), flush=True)
    return root


def seat_file(root, seat):
    return os.path.join(root, "seats", seat.mac.replace(":", "-") + ".ipxe")


def start_pcs(lab, seats, pcs, consoles):
    """One stopped QEMU per seat on the lab's taps, started in parallel, its
    console linked as consoles/<seat>: its pty, or for the lossy seat the
    lossy line in front of it. Each QEMU and line is appended to pcs as soon
    as it exists (so cleanup finds it). Returns (PCs, the consoles' real
    paths). Raises if a QEMU gives no pty."""
    def one(i):
        s = seats[i]
        if s.firmware == "bios":
            pc = PtyPC(mem=s.mem, disk=None, netns=lab.ns,
                       extra=netlab.qemu_net_args(lab.taps[i], s.mac))
        else:
            net = netlab.uefi_net_args(lab.taps[i], s.mac, ipxe=s.firmware == "uefi-ipxe")
            pc = PtyPC(mem=s.mem, disk=None, netns=lab.ns, binary="qemu-system-x86_64",
                       accel_name="tcg", extra=ovmf.firmware(lab.state) + net)
        pcs.append((i, pc))
        path = pc.pty
        if s.lossy:  # its cable loses one character of the first report copy
            line = lossy.LossyLine(pc.pty, lossy.in_line({1}))
            pcs.append((-2, line))
            path = line.path
        link = os.path.join(consoles, s.name)
        if os.path.lexists(link):
            os.remove(link)
        os.symlink(path, link)
        return pc, path
    with ThreadPoolExecutor(max_workers=len(seats)) as ex:
        started = list(ex.map(one, range(len(seats))))
    return [pc for pc, _ in started], [path for _, path in started]


class Grader:
    """build/labgrade --manifest in live mode; its stderr (the live lines) is
    echoed and timestamped on arrival, relative to t0."""

    def __init__(self, seats, manifest, outdir, timeout, t0):
        self.t0, self.seats = t0, {s.name: s for s in seats}
        self.builds = {}  # name -> build tag from "kernel: bootlab kernel, build X"
        self.asked = {}   # name -> requests for another copy labgrade said it sent
        for ext in ("csv", "xml", "html"):  # never judge a stale file of an earlier run
            if os.path.exists(self.out(outdir, ext)):
                os.remove(self.out(outdir, ext))
        rel = lambda path: os.path.relpath(path, ROOT)  # noqa: E731 (labgrade runs in ROOT)
        args = [rel(LABGRADE), "--manifest", manifest, "--live", "-t", "%g" % timeout, "--csv",
                rel(self.out(outdir, "csv")), "--junit", rel(self.out(outdir, "xml")),
                "--html", rel(self.out(outdir, "html"))]
        self.csv = self.out(outdir, "csv")
        print("lab-sim: " + " ".join(args), flush=True)
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, errors="replace", cwd=ROOT)
        self.stdout = []
        self.threads = [threading.Thread(target=self._live, daemon=True),
                        threading.Thread(target=self._out, daemon=True)]
        for t in self.threads:
            t.start()

    @staticmethod
    def out(outdir, ext):
        return os.path.join(outdir, "lab." + ext)

    def _live(self):
        """Echo each live line; note a PC's console closing (its verdict is
        then fixed) and the build its kernel names."""
        for line in self.proc.stderr:
            now = time.monotonic() - self.t0
            sys.stdout.write(line)
            sys.stdout.flush()
            parts = line.split("|", 1)
            name = parts[0].split()[-1] if len(parts) == 2 and parts[0].split() else None
            if name not in self.seats:
                continue
            text = parts[1].strip()
            if text.startswith("(console closed:"):
                self.seats[name].verdict_at = now
            elif text.startswith("kernel: bootlab kernel, build "):
                self.builds[name] = text.rsplit(" ", 1)[1]
            elif text.startswith("(asked for another copy"):
                self.asked[name] = self.asked.get(name, 0) + 1

    def _out(self):
        self.stdout = self.proc.stdout.readlines()

    def wait(self, timeout):
        """Wait for labgrade to end; returns (exit status, seconds since t0)."""
        status = self.proc.wait(timeout=timeout)
        at = time.monotonic() - self.t0
        for t in self.threads:
            t.join(timeout=5)
        return status, at

    def rows(self):
        """labgrade's CSV as {pc: row}; {} if it wrote none."""
        try:
            with open(self.csv, newline="") as f:
                return {r["pc"]: r for r in csv.DictReader(f)}
        except OSError:
            return {}

    def stop(self):
        if self.proc.poll() is None:
            netlab.kill_pid(self.proc.pid)
            self.proc.wait()


def judge(seats, rows, builds, status, asked):
    """What is wrong with a run, as a list of sentences ([] = the expected
    outcome). seats: the plan; rows: labgrade's CSV by seat; builds: the build
    tag each PC's kernel printed; status: labgrade's exit status; asked: the
    requests for another copy labgrade sent, by seat (one for the lossy
    seat, none for the others)."""
    bad = []
    for s in seats:
        r = rows.get(s.name)
        if r is None:
            bad.append("%s: no verdict from labgrade" % s.name)
            continue
        bad += judge_row(s, r, builds.get(s.name), asked.get(s.name, 0))
    fails = sum(1 for r in rows.values() if r["verdict"] != "pass")
    want_fails = sum(1 for s in seats if s.fails)
    if fails != want_fails:
        bad.append("%d PCs did not pass, expected exactly %d" % (fails, want_fails))
    if status != (1 if want_fails else 0):
        bad.append("labgrade exit status %s, expected %d" % (status, 1 if want_fails else 0))
    return bad


def judge_row(s, r, build, asked):
    """What is wrong with one seat's CSV row r; build: what its kernel printed."""
    bad = []
    if s.fails:
        want = ("FAIL", s.reason) if s.reason == WRONG_REASON else ("FAIL", "1", s.reason)
        got = (r["verdict"], r["reason"]) if len(want) == 2 else \
            (r["verdict"], r["checks_failed"], r["reason"])
    else:
        want, got = ("pass", "0"), (r["verdict"], r["checks_failed"])
    if got != want:
        bad.append("%s (%s): expected %s, got %s" % (s.name, s.student, want, got))
    if r["student"] != s.student:
        bad.append("%s: student %r, the manifest says %r" % (s.name, r["student"], s.student))
    if r["key"] != "name:" + s.name:
        bad.append("%s: graded as seat %r" % (s.name, r["key"]))
    if r["mac"] != s.mac:
        bad.append("%s: report from MAC %r, expected %s" % (s.name, r["mac"], s.mac))
    if build != s.boots:
        bad.append("%s: booted build %r, expected %r" % (s.name, build, s.boots))
    if asked != (1 if s.lossy else 0):
        bad.append("%s%s: asked for another copy %d times, expected %d" % (
            s.name, " (lossy console)" if s.lossy else "", asked, 1 if s.lossy else 0))
    return bad


def timings(verdicts, last):
    """The run's times, in seconds from the first QEMU start. verdicts: each
    PC's verdict time (None: never came); last: when labgrade had printed
    every verdict. Returns a dict: wall (= last); slowest (index of the PC
    whose verdict came last); slowest_wait (last minus the second-latest
    verdict: how long only the slowest PC was still awaited; None with fewer
    than two verdicts); median (the median verdict time) and tail (last
    minus median; None without verdicts)."""
    known = sorted(v for v in verdicts if v is not None)
    t = {"wall": last, "slowest": None, "slowest_wait": None, "median": None, "tail": None}
    if known:
        t["slowest"] = verdicts.index(known[-1])
        t["median"] = statistics.median(known)
        t["tail"] = last - t["median"]
    if len(known) >= 2:
        t["slowest_wait"] = last - known[-2]
    return t


def mem_text(mib):
    return "%d GiB" % (mib // 1024) if mib >= 1024 else "%d MiB" % mib


def summary(seats, t, status):
    """Print the per-PC table and the run's times (see timings)."""
    print("\nlab-sim: %-5s %-9s %-7s %-17s %-8s %-8s %-8s %-7s %-9s %s" % (
        "PC", "FIRMWARE", "MEM", "MAC", "STUDENT", "ROW", "BOOTED", "CONSOLE", "CONT AT",
        "VERDICT AT"))
    for s in seats:
        at = "%8.2fs" % s.verdict_at if s.verdict_at is not None else "   never"
        cont = "%8.2fs" % s.cont_at if s.cont_at is not None else "       -"
        print("lab-sim: %-5s %-9s %-7s %-17s %-8s %-8s %-8s %-7s %s %s" % (
            s.name, s.firmware, mem_text(s.mem), s.mac, s.student, s.tag, s.boots,
            "lossy" if s.lossy else "clean", cont, at))
    print("lab-sim: %d PC%s; wall time, first QEMU start to last verdict: %.2f s"
          % (len(seats), "s" if len(seats) > 1 else "", t["wall"]))
    if t["slowest_wait"] is not None:
        slow = seats[t["slowest"]]
        print("lab-sim: waiting for the slowest PC (%s, %s) alone, last verdict - second-latest "
              "verdict: %.2f s" % (slow.name, mem_text(slow.mem), t["slowest_wait"]))
    if t["tail"] is not None:
        print("lab-sim: tail after the median PC, last verdict - median verdict (%.2f s): %.2f s"
              % (t["median"], t["tail"]))
    print("lab-sim: labgrade exit status %d" % status)


def wait_open(grader, ptys):
    """Wait until labgrade has every pty open, so no output can be lost when
    the PCs continue. Raises RuntimeError if it does not (it exited early)."""
    for pty in ptys:
        if not has_open(grader.proc.pid, pty, timeout=20):
            grader.stop()
            raise RuntimeError("labgrade did not open %s (exit status %s)"
                               % (pty, grader.proc.returncode))


def cont_all(pcs, seats, t0):
    """Start every stopped PC (monitor "cont"), noting when each started."""
    for s, pc in zip(seats, pcs):
        pc.cont()
        s.cont_at = time.monotonic() - t0


def boot_and_grade(lab, seats, args, pcs):
    """Prepare the room, serve it, start the PCs stopped, attach the grader,
    continue them and wait for every verdict. Returns (grader, status, last
    verdict time); pcs collects the started PCs for the caller to stop."""
    manifest = os.path.join(args.out, "lab.txt")
    consoles = os.path.join(lab.state, "consoles")
    os.makedirs(args.out, exist_ok=True)
    root = prepare(lab, seats, manifest, consoles)
    lab.serve(root, extra=["dhcp-host=%s,%s" % (s.mac, s.ip) for s in seats])
    t0 = time.monotonic()  # the first QEMU starts now
    started, paths = start_pcs(lab, seats, pcs, consoles)
    print("lab-sim: %d PC%s started stopped (-S) in %.2f s; grading from the manifest's consoles"
          % (len(seats), "s" if len(seats) > 1 else "", time.monotonic() - t0), flush=True)
    grader = Grader(seats, os.path.relpath(manifest, ROOT), args.out, args.timeout, t0)
    pcs.append((-1, grader))
    wait_open(grader, paths)
    cont_all(started, seats, t0)
    status, last = grader.wait(args.timeout + 60)
    return grader, status, last


def run(args):
    """One simulated lab; everything it started is stopped by PID and the
    namespace removed however it ends. Returns the exit status."""
    seats = plan(args.n, args.lossy_pc)
    pcs = []  # (index, PtyPC or Grader), whatever exists, for cleanup
    with netlab.Lab(npcs=len(seats), prefix=PREFIX) as lab:
        try:
            grader, status, last = boot_and_grade(lab, seats, args, pcs)
            sys.stdout.write("".join(grader.stdout))
            summary(seats, timings([s.verdict_at for s in seats], last), status)
            bad = judge(seats, grader.rows(), grader.builds, status, grader.asked)
            if bad:
                print("lab-sim: dnsmasq log (tail):\n" + lab.log()[-3000:])
        finally:
            for _, p in reversed(pcs):
                p.stop()
    return verdict(seats, bad)


def verdict(seats, bad):
    """Print the outcome line; 0 for the expected outcome, 1 otherwise."""
    if bad:
        print("lab-sim: FAILED - the lab did not end as expected:")
        for b in bad:
            print("lab-sim:   " + b)
        return 1
    failed = [s for s in seats if s.fails]
    lossy_seats = [s.name for s in seats if s.lossy]
    after = " (%s after one request for another copy)" % lossy_seats[0] if lossy_seats else ""
    if not failed:
        print("lab-sim: OK - all %d passed%s" % (len(seats), after))
        return 0
    print("lab-sim: OK - %s; the other %d passed%s" % (
        "; ".join("%s (%s) failed: %s" % (s.name, s.student, s.reason) for s in failed),
        len(seats) - len(failed), after))
    return 0


def parse_args(argv):
    ap = argparse.ArgumentParser(prog="python3 -m tests.labsim",
                                 description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=4, help="number of PCs (1-32, default 4)")
    ap.add_argument("--lossy-pc", type=int, default=None,
                    help="the PC (1-N) whose console loses a character of its first report "
                         "copy (default: the last PC that must pass; 0: none)")
    ap.add_argument("--timeout", type=float, default=120, help="seconds per PC (default 120)")
    ap.add_argument("--out", default=os.path.join(BUILD, "lab-sim"),
                    help="the manifest and labgrade's CSV, JUnit and HTML (default build/lab-sim)")
    args = ap.parse_args(argv)
    if not 1 <= args.n <= 32:
        ap.error("N must be 1 to 32, not %d" % args.n)
    if args.lossy_pc is not None and not 0 <= args.lossy_pc <= args.n:
        ap.error("--lossy-pc must be 0 to %d" % args.n)
    return args


def preflight():
    """Root, and the built files; a message and False if something is missing."""
    if os.geteuid() != 0:
        print("lab-sim: network namespaces and taps need root: run it with sudo", file=sys.stderr)
        return False
    for path, how in ((KERNEL, "make"), (LABGRADE, "make labgrade"),
                      (NETBOOT_ROOT, "make netboot")):
        if not os.path.exists(path):
            print("lab-sim: %s is missing: run %s" % (path, how), file=sys.stderr)
            return False
    return True


def on_signal(signum, frame):
    """SIGINT, SIGTERM and SIGHUP end the run through the cleanup. SIGINT gets
    this handler too: a shell that starts lab-sim in the background leaves it
    SIGINT ignored, and Ctrl-C to its process group must still stop it."""
    raise KeyboardInterrupt("signal %d" % signum)


def main(argv):
    args = parse_args(argv)
    if not preflight():
        return 2
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    try:
        return run(args)
    except KeyboardInterrupt:
        print("lab-sim: interrupted; everything it started has been stopped", file=sys.stderr)
        return 130
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as e:
        print("lab-sim: error: %s" % e, file=sys.stderr)
        return 1
