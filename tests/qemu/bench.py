"""bench.py - numbers for `make bench`: how long a boot takes, against the
firmware's own floor, and what makes up what boots.

Every boot runs qemu-system-i386 as a new user would (TCG unless
mk/accel.sh proved KVM, no extra options) with QEMU's isa-debug-exit device
and the boot option qemu-exit: the kernel writes its self-check result to
that port exactly where it would halt with its page table loaded, and QEMU
exits. A boot's time is QEMU's whole run, from starting the process to its
exit (status 1: self-check passed); QEMU's own start and exit are in every
time, the floor's too. The paths, interleaved round by round at each -m size
so that a busy machine slows them alike:

  floor    a 512-byte boot sector, built here, that prints one byte on COM1
           and leaves through the same port: the firmware alone
  disk     build/disk.img's stage one, stage two and kernel, with qemu-exit
  disk-4m  the same with the bigpages option (the data row in 4 MiB pages)
  pxe      QEMU's PXE ROM fetching bootlab.pxe (with qemu-exit), which fetches
           the kernel over TFTP, in a private network namespace with the lab's
           dnsmasq (tests/harness/netlab.py); needs root, skipped otherwise
  uefi     the same disk image with its EFI System Partition, booted by
           qemu-system-x86_64 with OVMF (tests/harness/ovmf.py) through the
           UEFI loader; its time includes OVMF's own start (about 4 s under
           TCG), so its ratio to the BIOS floor is not printed
  base     with --baseline DIR: another build's disk (an older tree's build/)
           in the same rounds, for before/after figures under one load

Ratios to the floor's median at the same size are the figures to quote.
From the kernel's report it also takes bootlab's own time (its milestones)
and kvmalloc's time in both page modes. Raw results go to build/bench/
(boots.csv, summary.csv, sizes.csv) with a plot of boot time against memory
size (boot-time.svg).

From the repository root, after make (and make netboot for pxe):

    python3 -m tests.qemu.bench [--runs N] [--mem M ...] [--build DIR] [--label L]
"""

import argparse
import csv
import math
import os
import re
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time

from tests.harness import netlab, ovmf
from tests.harness.elf import program_headers
from tests.harness.paths import BUILD, NETBOOT_ROOT
from tests.harness.qemu import accel

OUT = os.path.join(BUILD, "bench")
PXE_MAC = "52:54:00:77:00:0b"
EXIT_DEVICE = ["-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]

FLOOR_S = """\
    .code16
    .globl start
start:
    cli
    mov $0x3f8, %dx         /* COM1 */
    mov $'F', %al
    out %al, %dx            /* one byte */
    mov $0xf4, %dx          /* isa-debug-exit, as the kernel's qemu-exit */
    xor %eax, %eax
    out %eax, %dx
1:  hlt
    jmp 1b
    .org 510
    .byte 0x55, 0xaa
"""


def toolchain():
    """The assembler and linker for 32-bit x86, chosen as the Makefile does."""
    for prefix in ("i686-elf-", "i686-linux-gnu-"):
        if shutil.which(prefix + "as"):
            return [prefix + "as"], [prefix + "ld"]
    return ["as", "--32"], ["ld", "-m", "elf_i386"]


def build_floor(outdir):
    """The floor's boot sector: exactly 512 bytes ending in 55 AA."""
    asm, ld = toolchain()
    src, obj, out = (os.path.join(outdir, n) for n in ("floor.S", "floor.o", "floor.bin"))
    with open(src, "w") as f:
        f.write(FLOOR_S)
    subprocess.run(asm + [src, "-o", obj], check=True)
    subprocess.run(ld + ["-Ttext", "0x7c00", "-e", "start", "--oformat", "binary", obj, "-o",
                         out], check=True)
    with open(out, "rb") as f:
        data = f.read()
    if len(data) != 512 or data[510:] != b"\x55\xaa":
        raise RuntimeError("floor sector: %d bytes" % len(data))
    return out


def build_disk(build, outdir, name, cmdline, uefi_loader=None):
    """build's disk image with these boot options (build/mkdisk -c); with
    uefi_loader, also its EFI System Partition holding that loader (-u)."""
    out = os.path.join(outdir, name)
    subprocess.run([os.path.join(build, "mkdisk"), "-o", out, "-1",
                    os.path.join(build, "stage1.bin"), "-2", os.path.join(build, "stage2.bin"),
                    "-k", os.path.join(build, "kernel.elf"), "-c", cmdline] +
                   (["-u", uefi_loader] if uefi_loader else []), check=True, capture_output=True)
    return out


def qemu_args(mem, serial, binary="qemu-system-i386"):
    return [binary, "-accel", accel(), "-m", str(mem), "-display", "none",
            "-no-reboot", "-monitor", "none", "-serial", "file:" + serial] + EXIT_DEVICE


def timed(args, timeout=120):
    """Seconds from starting QEMU to its exit, and its exit status.

    A blocking wait (waitpid) returns the moment QEMU exits. Popen.wait with a
    timeout would not: it polls, sleeping up to 50 ms between looks, which
    rounded every time up to the next 50 ms step. The timeout is a timer
    that kills the QEMU this call started."""
    t0 = time.monotonic()
    p = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    timer = threading.Timer(timeout, p.kill)
    timer.start()
    try:
        status = p.wait()
        seconds = time.monotonic() - t0
    finally:
        timer.cancel()
    if status == -signal.SIGKILL and seconds >= timeout:
        raise RuntimeError("no exit after %d s: %s" % (timeout, " ".join(args)))
    return seconds, status


def from_report(text):
    """What the report and the line after it say: the milestones (us from the
    first), reset us, the page mode, the report's bytes."""
    out = {m.group(1): int(m.group(2)) for m in
           re.finditer(r"^milestone (\w+) (?:tsc=0x[0-9a-f]+ )?us=(\d+)", text, re.M)}
    m = re.search(r"^pt .* mode=(\w+)", text, re.M)
    out["mode"] = m.group(1) if m else "4k"
    m = re.search(r"kernel: report (\d+) bytes", text)
    out["bytes"] = int(m.group(1)) if m else ""
    return out


class Paths:
    """The boot paths of one run: each a function mem -> (seconds, status, serial text)."""

    def __init__(self, build, outdir, want_pxe, baseline=None):
        self.dir = outdir
        self.floor = build_floor(outdir)
        self.disk = build_disk(build, outdir, "disk-4k.img", "qemu-exit")
        self.disk4m = build_disk(build, outdir, "disk-4m.img", "qemu-exit bigpages")
        self.base = build_disk(baseline, outdir, "disk-base.img", "qemu-exit") if baseline else None
        self.lab = None
        self.skipped = {}
        if want_pxe:
            self.start_pxe(build)
        else:
            self.skipped["pxe"] = "not asked for (--no-pxe)"
        self.uefi = None
        if not (os.path.exists(ovmf.OVMF) and os.path.exists(ovmf.LOADER)):
            self.skipped["uefi"] = "no OVMF or no UEFI loader (make; apt-get install ovmf)"
        else:
            self.uefi = build_disk(build, outdir, "disk-uefi.img", "qemu-exit", ovmf.LOADER)
        self.order = (["floor", "disk", "disk-4m"] + ["base"] * bool(baseline) +
                      [p for p in ("pxe", "uefi") if not self.skipped.get(p)])

    def start_pxe(self, build):
        if os.geteuid() != 0:
            self.skipped["pxe"] = "network namespaces need root (make bench as root runs it)"
            return
        if not os.path.exists(os.path.join(NETBOOT_ROOT, "bootlab.pxe")):
            self.skipped["pxe"] = "no build/netboot (make netboot)"
            return
        self.lab = netlab.Lab()
        root = netlab.copy_root(os.path.join(self.lab.state, "root"))
        nbp = os.path.join(root, "bootlab.pxe")
        subprocess.run([os.path.join(build, "mkpxe"), "-o", nbp, "-1",
                        os.path.join(build, "pxe_stub.bin"), "-2",
                        os.path.join(build, "stage2.bin"), "-c", "qemu-exit"], check=True,
                       capture_output=True)
        # What make netboot serves: the kernel without symbols (the same segments).
        subprocess.run(["objcopy", "--strip-all", os.path.join(build, "kernel.elf"),
                        os.path.join(root, "kernel.elf")], check=True)
        self.root = root
        self.lab.serve(root, bios_file="bootlab.pxe", ipxe_file="bootlab.pxe")

    def close(self):
        if self.lab:
            self.lab.close()

    def run(self, path, mem):
        serial = os.path.join(self.dir, "serial.log")
        if os.path.exists(serial):
            os.unlink(serial)
        args = qemu_args(mem, serial)
        if path == "floor":
            args += ["-drive", "file=%s,format=raw" % self.floor]
        elif path in ("disk", "disk-4m", "base"):
            image = {"disk": self.disk, "disk-4m": self.disk4m, "base": self.base}[path]
            args += ["-drive", "file=%s,format=raw" % image]
        elif path == "pxe":
            args = self.lab.exec_args() + args + netlab.qemu_net_args(self.lab.taps[0], PXE_MAC)
        else:
            args = qemu_args(mem, serial, "qemu-system-x86_64") + ovmf.firmware(self.dir) + [
                "-drive", "file=%s,format=raw" % self.uefi]
        seconds, status = timed(args)
        with open(serial, "rb") as f:
            return seconds, status, f.read().decode("latin-1")


def elf_sections(path):
    """(text, rodata, data, bss) bytes of an ELF32's allocated sections: those
    that execute, that are read-only, writable, and that take no file bytes
    (SHT_NOBITS). Flags: SHF_WRITE 1, SHF_ALLOC 2, SHF_EXECINSTR 4."""
    with open(path, "rb") as f:
        data = f.read()
    shoff, = struct.unpack_from("<I", data, 32)
    shentsize, shnum = struct.unpack_from("<HH", data, 46)
    out = [0, 0, 0, 0]
    for i in range(shnum):
        _, stype, flags, _, _, size = struct.unpack_from("<IIIIII", data, shoff + i * shentsize)
        if flags & 0x2:
            out[3 if stype == 8 else 0 if flags & 0x4 else 2 if flags & 0x1 else 1] += size
    return tuple(out)


def sizes(build, paths):
    """[(what, bytes)] of what boots."""
    kernel = os.path.join(build, "kernel.elf")
    text, rodata, dat, bss = elf_sections(kernel)
    _, phdrs = program_headers(open(kernel, "rb").read())
    out = [("stage1", os.path.getsize(os.path.join(build, "stage1.bin"))),
           ("stage2", os.path.getsize(os.path.join(build, "stage2.bin"))),
           ("kernel.elf file", os.path.getsize(kernel)),
           ("kernel loaded from the file", sum(p[4] for p in phdrs if p[0] == 1)),
           ("kernel text", text), ("kernel rodata", rodata), ("kernel data", dat),
           ("kernel bss", bss)]
    if paths.lab:
        nbp = os.path.getsize(os.path.join(paths.root, "bootlab.pxe"))
        k = os.path.getsize(os.path.join(paths.root, "kernel.elf"))
        out += [("pxe: bootlab.pxe", nbp), ("pxe: kernel file, stripped", k), ("pxe: fetched in all",
                                                                     nbp + k)]
    return out


def summarize(rows, label):
    """{(path, mem): stats} and the printed lines."""
    stats, lines = {}, []
    for key in sorted({(r["path"], r["mem"]) for r in rows}, key=lambda k: (k[1], k[0])):
        rs = [r for r in rows if (r["path"], r["mem"]) == key]
        t = sorted(r["seconds"] for r in rs)
        own = [r["report"] for r in rs if r.get("report") != ""]
        kvm = [r["kvmalloc"] - r["kinit1"] for r in rs if r.get("kvmalloc") != ""]
        stats[key] = dict(n=len(t), median=statistics.median(t), min=t[0], max=t[-1],
                          own_ms=statistics.median(own) / 1000 if own else None,
                          kvmalloc_us=statistics.median(kvm) if kvm else None,
                          mode=rs[0].get("mode", ""))
    for (path, mem), s in stats.items():
        floor = stats.get(("floor", mem))
        s["ratio"] = s["median"] / floor["median"] if floor and path != "uefi" else None
        lines.append("%s -m %-5d %-8s median %.3f s  min %.3f  max %.3f  (n=%d)%s%s%s" % (
            label, mem, path, s["median"], s["min"], s["max"], s["n"],
            "  ratio %.2fx" % s["ratio"] if s["ratio"] and path != "floor" else "",
            "  bootlab %.1f ms" % s["own_ms"] if s["own_ms"] is not None else "",
            "  kvmalloc %d us (%s)" % (s["kvmalloc_us"], s["mode"])
            if s["kvmalloc_us"] is not None else ""))
    return stats, lines


FIELDS = ["label", "round", "mem", "path", "seconds", "status", "reset", "loader", "map", "loaded",
          "entry", "kinit1", "kvmalloc", "report", "mode", "bytes"]


def run_all(paths, mems, runs, label):
    rows = []
    for rnd in range(runs):
        for mem in mems:
            for path in paths.order:
                seconds, status, text = paths.run(path, mem)
                if status != 1:
                    raise RuntimeError("%s -m %d: QEMU exit status %d (want 1); serial:\n%s" % (
                        path, mem, status, text[-1500:]))
                row = dict(label=label, round=rnd, mem=mem, path=path, seconds=seconds,
                           status=status)
                rep = from_report(text) if path != "floor" else {}
                for f in FIELDS[6:]:
                    row[f] = rep.get(f, "")
                rows.append(row)
        print("bench: round %d of %d done" % (rnd + 1, runs), file=sys.stderr, flush=True)
    return rows


def reset_gap(paths, mem, runs):
    """How the report's "milestone reset" (TSC at the loader / hz) relates to
    QEMU's own start: seconds from starting QEMU until stage two's first line
    is in the serial file (polled every millisecond, so these boots are not
    timed above), minus the reset milestone. [(seen, reset, gap)]."""
    out = []
    serial = os.path.join(paths.dir, "serial.log")
    for _ in range(runs):
        if os.path.exists(serial):
            os.unlink(serial)
        t0 = time.monotonic()
        p = subprocess.Popen(qemu_args(mem, serial) + ["-drive", "file=%s,format=raw" % paths.disk],
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        seen = None
        while p.poll() is None:
            if seen is None and os.path.exists(serial):
                with open(serial, "rb") as f:
                    if b"stage2: bootlab" in f.read():
                        seen = time.monotonic() - t0
            time.sleep(0.001)
        with open(serial, "rb") as f:
            m = re.search(rb"milestone reset us=(\d+)", f.read())
        if seen is not None and m:
            out.append((seen, int(m.group(1)) / 1e6, seen - int(m.group(1)) / 1e6))
    return out


def write_csv(path, fields, rows):
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)


def plot(stats, label, path):
    """An SVG of median boot time (whiskers: min to max) against memory size, log2 x axis."""
    W, H, L, R, T, B = 720, 420, 70, 150, 30, 50
    mems = sorted({m for _, m in stats})
    top = max(s["max"] for s in stats.values()) * 1.1
    colors = {"floor": "#555", "disk": "#1565c0", "disk-4m": "#2e7d32", "base": "#ef6c00",
              "pxe": "#c62828", "uefi": "#6a1b9a"}

    def xbase(mem):
        if len(mems) == 1:
            return L + (W - L - R) / 2
        span = math.log2(mems[-1]) - math.log2(mems[0])
        return L + (W - L - R) * (math.log2(mem) - math.log2(mems[0])) / span

    def y(s):
        return T + (H - T - B) * (1 - s / top)

    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'font-family="sans-serif" font-size="12">' % (W, H),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="%d" y="18">boot time: QEMU start to exit at the halt (%s, %s)</text>'
           % (L, label, accel())]
    for i in range(6):
        s = top * i / 5
        out.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ddd"/>'
                   % (L, W - R, y(s), y(s)))
        out.append('<text x="%d" y="%.1f" text-anchor="end">%.2f s</text>' % (L - 6, y(s) + 4, s))
    for mem in mems:
        out.append('<text x="%.1f" y="%d" text-anchor="middle">%d MiB</text>'
                   % (xbase(mem), H - B + 18, mem))
    out.append('<text x="%d" y="%d" text-anchor="middle">-m (memory size, log scale)</text>'
               % ((L + W - R) / 2, H - 10))
    shown = sorted({p for p, _ in stats}, key=list(colors).index)
    for k, p in enumerate(shown):
        pts = [(m, stats[(p, m)]) for m in mems if (p, m) in stats]
        c = colors[p]
        dodge = (k - (len(shown) - 1) / 2) * 5  # whiskers side by side, not on top of each other

        def x(mem, dodge=dodge):
            return xbase(mem) + dodge
        out.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>' % (
            c, " ".join("%.1f,%.1f" % (x(m), y(s["median"])) for m, s in pts)))
        for m, s in pts:
            out.append('<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s"/>'
                       % (x(m), x(m), y(s["min"]), y(s["max"]), c))
            out.append('<circle cx="%.1f" cy="%.1f" r="3" fill="%s"><title>%s -m %d: median '
                       '%.3f s, min %.3f, max %.3f</title></circle>'
                       % (x(m), y(s["median"]), c, p, m, s["median"], s["min"], s["max"]))
        out.append('<text x="%d" y="%d" fill="%s">%s</text>' % (W - R + 12, T + 20 + 18 * k, c, p))
    out.append("</svg>\n")
    with open(path, "w") as f:
        f.write("\n".join(out))


def main():
    ap = argparse.ArgumentParser(prog="python3 -m tests.qemu.bench")
    ap.add_argument("--runs", type=int, default=7, help="rounds; each boots every path once")
    ap.add_argument("--mem", type=int, nargs="+", default=[128, 512])
    ap.add_argument("--build", default=BUILD, help="the build to time (default build/)")
    ap.add_argument("--label", default="bootlab")
    ap.add_argument("--no-pxe", action="store_true")
    ap.add_argument("--baseline", help="another build directory to time as path 'base'")
    ap.add_argument("--out", default=OUT)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="bootlab-bench-")
    paths = Paths(os.path.abspath(args.build), work, not args.no_pxe,
                  os.path.abspath(args.baseline) if args.baseline else None)
    try:
        measured = sizes(args.build, paths)
        for what, n in measured:
            print("size %-30s %7d bytes" % (what, n))
        for p, why in sorted(paths.skipped.items()):
            if why:
                print("bench: %s SKIPPED: %s" % (p, why))
        print("accel %s; %d rounds, interleaved, at -m %s" % (
            accel(), args.runs, " ".join(map(str, args.mem))), flush=True)
        rows = run_all(paths, args.mem, args.runs, args.label)
        gaps = reset_gap(paths, args.mem[0], 5)
    finally:
        paths.close()
        shutil.rmtree(work, ignore_errors=True)
    stats, lines = summarize(rows, args.label)
    print("\n".join(lines))
    if gaps:
        print("%s -m %d reset: stage two's first line %.3f s after QEMU's start, milestone reset "
              "%.3f s: QEMU ran %.3f s before the TSC began (medians of %d)" % (
                  args.label, args.mem[0], statistics.median(g[0] for g in gaps),
                  statistics.median(g[1] for g in gaps), statistics.median(g[2] for g in gaps),
                  len(gaps)))
    write_csv(os.path.join(args.out, "boots.csv"), FIELDS, rows)
    write_csv(os.path.join(args.out, "summary.csv"),
              ["label", "path", "mem", "n", "median", "min", "max", "ratio", "own_ms",
               "kvmalloc_us", "mode"],
              [dict(label=args.label, path=p, mem=m, **s) for (p, m), s in stats.items()])
    write_csv(os.path.join(args.out, "sizes.csv"), ["what", "bytes"],
              [dict(what=w, bytes=n) for w, n in measured])
    plot(stats, args.label, os.path.join(args.out, "boot-time.svg"))
    print("bench: raw results in %s (boots.csv, summary.csv, sizes.csv, boot-time.svg)" %
          os.path.relpath(args.out))


if __name__ == "__main__":
    main()
