"""labsim.py - the simulated lab: N QEMU PCs netboot at once and labgrade grades them.

make lab-sim N=8 runs it (python3 -m tests.labsim -n 8); docs/grading.md,
"Simulated lab".

N QEMU PCs (TCG) with memory sizes cycled from 16 MiB to 3 GiB and MACs of
their own boot at the same time from one dnsmasq in a private network
namespace (tests/harness/netlab.py, names starting "bl4"), through the lab's own
netboot configuration: boot.ipxe and one seat file per MAC. BIOS and UEFI PCs
share the room: of every four PCs the third is a UEFI PC whose firmware's own
PXE gets bootlab.efi, the fourth a UEFI PC with iPXE's EFI ROM, which goes
through boot.ipxe (UEFI PCs get at least 128 MiB: OVMF itself needs about 44
MiB). For N >= 2 one seat file points at the deliberately broken kernel (make
broken-kernel). The
serial consoles are ptys: every QEMU starts stopped (-S), build/labgrade opens
all the ptys, then every PC is continued, so no byte is lost. labgrade grades
them concurrently in live mode, each against the kernel ELF its seat boots.
One PC's console loses bytes (tests/harness/lossy.py, a cable without flow
control): a character of its report's first copy never arrives, so labgrade
must ask that PC for another copy and grade the second one.

Exit status 0 only for the expected outcome: with N >= 2, exactly one FAIL,
the broken PC, failing only "kmap text perm: expected r-, reported rw", and
every other PC "pass", the lossy one after exactly one request; with N = 1 (a
good PC, the lossy one) that PC passes after one request. 1 otherwise, 2 on
bad usage. Everything started here (QEMUs, the lossy line, the grader,
dnsmasq) is ended by its PID or closed, and the namespace deleted, also on
an error, Ctrl-C or SIGTERM.
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
from tests.harness.paths import BROKEN_KERNEL, BUILD, KERNEL, LABGRADE, NETBOOT_ROOT, ROOT
from tests.harness.ptypc import PtyPC, has_open

MEMS = (16, 64, 128, 256, 512, 1024, 3072)  # MiB, cycled: N = 7 covers them all
PREFIX = "bl4"
GOOD_ELF = KERNEL
BROKEN_ELF = BROKEN_KERNEL
BROKEN_SERVED = "builds/broken/kernel.elf"  # under the netboot root
REASON = "kmap text perm: expected r-, reported rw"
FIRMWARE = ("bios", "bios", "uefi", "uefi-ipxe")  # by seat number, cycled
UEFI_MIN_MEM = 128


class Seat:
    """One simulated PC: its name, MAC, fixed address, firmware (bios, uefi:
    OVMF's own PXE, uefi-ipxe: iPXE's EFI ROM), memory, and the kernel its
    seat file names (served path, host ELF for the grader, build tag)."""

    def __init__(self, i, broken, lossy_line=False):
        self.name = "pc%02d" % (i + 1)
        self.lossy = lossy_line  # its console loses a character of the first report copy
        self.mac = "52:54:00:b4:00:%02x" % (i + 1)
        self.ip = "10.77.0.%d" % (101 + i)
        self.firmware = FIRMWARE[i % len(FIRMWARE)]
        self.mem = MEMS[i % len(MEMS)]
        if self.firmware != "bios":
            self.mem = max(self.mem, UEFI_MIN_MEM)
        self.broken = broken
        self.served = BROKEN_SERVED if broken else "kernel.elf"
        self.elf = BROKEN_ELF if broken else GOOD_ELF
        self.tag = "broken" if broken else "default"
        self.verdict_at = None  # seconds since the first QEMU start
        self.cont_at = None


def default_lossy(n, broken_pc):
    """The PC whose console loses bytes unless told: the last one that boots a good kernel."""
    return n if n == 1 or n != broken_pc else n - 1


def plan(n, broken_pc, lossy_pc=None):
    """The seats for n PCs; pc<broken_pc> boots the broken kernel when n >= 2
    (a single PC is a good one); pc<lossy_pc> (default_lossy; 0: none) has the
    console that loses bytes. Returns a list of Seat."""
    if lossy_pc is None:
        lossy_pc = default_lossy(n, broken_pc)
    return [Seat(i, n >= 2 and i + 1 == broken_pc, i + 1 == lossy_pc) for i in range(n)]


def write_seats(root, seats):
    """Put the broken ELF under root and write seats/<mac>.ipxe for every PC
    (boot.ipxe's per-seat choice, docs/lab-setup.md section 7)."""
    os.makedirs(os.path.join(root, os.path.dirname(BROKEN_SERVED)), exist_ok=True)
    shutil.copyfile(BROKEN_ELF, os.path.join(root, BROKEN_SERVED))
    for s in seats:
        with open(os.path.join(root, "seats", s.mac.replace(":", "-") + ".ipxe"), "w") as f:
            f.write("#!ipxe\n# %s, %d MiB (make lab-sim)\nset kernel %s\n"
                    % (s.name, s.mem, s.served))
    subprocess.run(["chmod", "-R", "a+rX", root], check=True)


def start_pcs(lab, seats, pcs):
    """One stopped QEMU per seat on the lab's taps, started in parallel;
    each is appended to pcs as soon as it exists (so cleanup finds it).
    Raises if a QEMU gives no pty."""
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
        return pc
    with ThreadPoolExecutor(max_workers=len(seats)) as ex:
        return list(ex.map(one, range(len(seats))))


class Grader:
    """build/labgrade in live mode on every PC's pty; its stderr (the live
    lines) is echoed and timestamped on arrival, relative to t0."""

    def __init__(self, seats, ptys, outdir, timeout, t0):
        self.t0, self.seats = t0, {s.name: s for s in seats}
        self.builds = {}  # name -> build tag from "kernel: bootlab kernel, build X"
        self.asked = {}   # name -> requests for another copy labgrade said it sent
        for ext in ("csv", "xml", "html"):  # never judge a stale file of an earlier run
            if os.path.exists(self.out(outdir, ext)):
                os.remove(self.out(outdir, ext))
        rel = lambda path: os.path.relpath(path, ROOT)  # noqa: E731 (labgrade runs in ROOT)
        args = [rel(LABGRADE), "--live", "-t", "%g" % timeout, "--csv",
                rel(self.out(outdir, "csv")), "--junit", rel(self.out(outdir, "xml")),
                "--html", rel(self.out(outdir, "html"))]
        args += ["%s=%s,kernel=%s" % (s.name, pty, rel(s.elf)) for s, pty in zip(seats, ptys)]
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
    outcome). seats: the plan; rows: labgrade's CSV by PC; builds: the build
    tag each PC's kernel printed; status: labgrade's exit status; asked: the
    requests for another copy labgrade sent, by PC (one for the lossy PC,
    none for the others)."""
    bad = []
    for s in seats:
        r = rows.get(s.name)
        if r is None:
            bad.append("%s: no verdict from labgrade" % s.name)
            continue
        want = ("FAIL", "1", REASON) if s.broken else ("pass", "0")
        got = (r["verdict"], r["checks_failed"], r["reason"])[:len(want)]
        if got != want:
            bad.append("%s (%s kernel): expected %s, got %s" % (s.name, s.tag, want, got))
        if r["key"] != "name:" + s.name:
            bad.append("%s: graded as seat %r" % (s.name, r["key"]))
        if r["mac"] != s.mac:
            bad.append("%s: report from MAC %r, expected %s" % (s.name, r["mac"], s.mac))
        if builds.get(s.name) != s.tag:
            bad.append("%s: booted build %r, its seat file names %r" % (s.name, builds.get(s.name),
                                                                     s.tag))
        if asked.get(s.name, 0) != (1 if s.lossy else 0):
            bad.append("%s%s: asked for another copy %d times, expected %d" % (
                s.name, " (lossy console)" if s.lossy else "", asked.get(s.name, 0),
                1 if s.lossy else 0))
    fails = sum(1 for r in rows.values() if r["verdict"] != "pass")
    want_fails = sum(1 for s in seats if s.broken)
    if fails != want_fails:
        bad.append("%d PCs did not pass, expected exactly %d" % (fails, want_fails))
    if status != (1 if want_fails else 0):
        bad.append("labgrade exit status %s, expected %d" % (status, 1 if want_fails else 0))
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
    print("\nlab-sim: %-5s %-9s %-7s %-17s %-8s %-7s %-9s %s" % (
        "PC", "FIRMWARE", "MEM", "MAC", "KERNEL", "CONSOLE", "CONT AT", "VERDICT AT"))
    for s in seats:
        at = "%8.2fs" % s.verdict_at if s.verdict_at is not None else "   never"
        cont = "%8.2fs" % s.cont_at if s.cont_at is not None else "       -"
        print("lab-sim: %-5s %-9s %-7s %-17s %-8s %-7s %s %s" % (
            s.name, s.firmware, mem_text(s.mem), s.mac, s.tag, "lossy" if s.lossy else "clean",
            cont, at))
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
    """Serve the lab, start the PCs stopped, attach the grader, continue them
    and wait for every verdict. Returns (grader, status, last verdict time);
    pcs collects the started PCs for the caller to stop."""
    root = netlab.copy_root(os.path.join(lab.state, "root"))
    write_seats(root, seats)
    lab.serve(root, extra=["dhcp-host=%s,%s" % (s.mac, s.ip) for s in seats])
    os.makedirs(args.out, exist_ok=True)
    t0 = time.monotonic()  # the first QEMU starts now
    started = start_pcs(lab, seats, pcs)
    print("lab-sim: %d PC%s started stopped (-S) in %.2f s; grading from their ptys"
          % (len(seats), "s" if len(seats) > 1 else "", time.monotonic() - t0), flush=True)
    ptys = []
    for s, pc in zip(seats, started):
        if s.lossy:  # its cable loses one character of the first report copy
            line = lossy.LossyLine(pc.pty, lossy.in_line({1}))
            pcs.append((-2, line))
            ptys.append(line.path)
        else:
            ptys.append(pc.pty)
    grader = Grader(seats, ptys, args.out, args.timeout, t0)
    pcs.append((-1, grader))
    wait_open(grader, ptys)
    cont_all(started, seats, t0)
    status, last = grader.wait(args.timeout + 60)
    return grader, status, last


def run(args):
    """One simulated lab; everything it started is stopped by PID and the
    namespace removed however it ends. Returns the exit status."""
    seats = plan(args.n, args.broken_pc, args.lossy_pc)
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
    broken = [s for s in seats if s.broken]
    lossy_seats = [s.name for s in seats if s.lossy]
    after = " (%s after one request for another copy)" % lossy_seats[0] if lossy_seats else ""
    if broken:
        print("lab-sim: OK - exactly one PC failed, %s (broken kernel): %s; the other %d passed%s"
              % (broken[0].name, REASON, len(seats) - 1, after))
    else:
        print("lab-sim: OK - the one PC passed%s" % after)
    return 0


def parse_args(argv):
    ap = argparse.ArgumentParser(prog="python3 -m tests.labsim",
                                 description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=4, help="number of PCs (1-32, default 4)")
    ap.add_argument("--broken-pc", type=int, default=2,
                    help="the PC (1-N) that boots the broken kernel when N >= 2 (default 2)")
    ap.add_argument("--lossy-pc", type=int, default=None,
                    help="the PC (1-N) whose console loses a character of its first report "
                         "copy (default: the last PC with a good kernel; 0: none)")
    ap.add_argument("--timeout", type=float, default=120, help="seconds per PC (default 120)")
    ap.add_argument("--out", default=os.path.join(BUILD, "lab-sim"),
                    help="directory for labgrade's CSV, JUnit and HTML (default build/lab-sim)")
    args = ap.parse_args(argv)
    if not 1 <= args.n <= 32:
        ap.error("N must be 1 to 32, not %d" % args.n)
    if args.n >= 2 and not 1 <= args.broken_pc <= args.n:
        ap.error("--broken-pc must be 1 to %d" % args.n)
    if args.lossy_pc is not None and not 0 <= args.lossy_pc <= args.n:
        ap.error("--lossy-pc must be 0 to %d" % args.n)
    return args


def preflight():
    """Root, and the built files; a message and False if something is missing."""
    if os.geteuid() != 0:
        print("lab-sim: network namespaces and taps need root: run it with sudo", file=sys.stderr)
        return False
    for path, how in ((GOOD_ELF, "make"), (BROKEN_ELF, "make broken-kernel"),
                      (LABGRADE, "make labgrade"), (NETBOOT_ROOT, "make netboot")):
        if not os.path.exists(path):
            print("lab-sim: %s is missing: run %s" % (path, how), file=sys.stderr)
            return False
    return True


def on_signal(signum, frame):
    """SIGTERM and SIGHUP end the run like Ctrl-C: through the cleanup."""
    raise KeyboardInterrupt("signal %d" % signum)


def main(argv):
    args = parse_args(argv)
    if not preflight():
        return 2
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    try:
        return run(args)
    except KeyboardInterrupt:
        print("lab-sim: interrupted; everything it started has been stopped", file=sys.stderr)
        return 130
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as e:
        print("lab-sim: error: %s" % e, file=sys.stderr)
        return 1
