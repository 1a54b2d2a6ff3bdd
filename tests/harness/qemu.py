"""qemu.py - one QEMU PC, and what its monitor shows, without trusting the guest.

  Qemu       one PC: serial to a file, a monitor socket, SeaBIOS's debug
             console, optional isa-debug-exit; stopped by PID, always.
  MonitorViews  registers, page table, 8259s, memory, screen, through a monitor.
  Monitor    QEMU's human monitor on a unix socket.
  parse_tlb  QEMU's "info tlb" as {virtual page: (physical, flags)}.
  accel      the accelerator mk/accel.sh picked.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time

from tests.harness.paths import BUILD, DISK


def accel():
    """The accelerator mk/accel.sh picked (tcg unless KVM proved it can page)."""
    if os.environ.get("ACCEL") in ("tcg", "kvm"):
        return os.environ["ACCEL"]
    try:
        with open(os.path.join(BUILD, "accel")) as f:
            return f.read().strip() or "tcg"
    except OSError:
        return "tcg"


class Monitor:
    """QEMU's human monitor on a unix socket (-monitor unix:PATH,server,nowait):
    one connection, opened on first use, retried while QEMU creates the socket."""

    def __init__(self, path):
        self.path = path
        self.sock = None

    def command(self, cmd, timeout=10):
        """Send one command; return its output without the echoed command line
        and the prompts. "quit" returns at once (QEMU may close before replying)."""
        if self.sock is None:
            self._connect(timeout)
        self.sock.settimeout(timeout)
        self.sock.sendall((cmd + "\n").encode())
        if cmd == "quit":
            return ""
        lines = self._read_prompt().replace("\r", "").split("\n")
        return "\n".join(l for l in lines[1:] if not l.startswith("(qemu)"))

    def _connect(self, timeout):
        deadline = time.monotonic() + timeout
        while True:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                s.connect(self.path)
                break
            except OSError:
                s.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
        self.sock = s
        self.sock.settimeout(timeout)
        self._read_prompt()  # the banner

    def _read_prompt(self):
        buf = b""
        while not buf.endswith(b"(qemu) "):
            chunk = self.sock.recv(65536)
            if not chunk:
                raise OSError("monitor closed")
            buf += chunk
        return re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", buf.decode("latin-1"))

    def close(self):
        if self.sock:
            self.sock.close()
            self.sock = None


class MonitorViews:
    """What a PC's monitor shows (registers, page table, interrupt controllers,
    memory, screen), for any class with monitor(cmd, timeout)."""

    def registers(self):
        """CR0, CR3, CR4, EIP and the halted flag from "info registers"."""
        out = self.monitor("info registers")
        regs = {}
        for name in ("CR0", "CR2", "CR3", "CR4", "EIP", "EFL"):
            m = re.search(r"\b%s=([0-9a-f]+)" % name, out)
            if m:
                regs[name] = int(m.group(1), 16)
        m = re.search(r"\bHLT=(\d)", out)
        regs["HLT"] = int(m.group(1)) if m else None
        return regs

    def wait_halted(self, timeout=5):
        """registers(), polled until the CPU sits in HLT (or timeout): the last
        line of output reaches the serial file a few instructions before the
        guest executes its hlt."""
        deadline = time.monotonic() + timeout
        while True:
            regs = self.registers()
            if regs["HLT"] == 1 or time.monotonic() > deadline:
                return regs
            time.sleep(0.01)

    def tlb(self):
        return parse_tlb(self.monitor("info tlb", timeout=60))

    def pic(self):
        """The two 8259s from "info pic": {"pic0": {"imr": .., "irq_base": .., ...}, "pic1": ..}
        (pic0 is the master)."""
        return parse_pic(self.monitor("info pic"))

    def read_phys(self, addr, count):
        """count bytes of guest physical memory at addr (through "xp")."""
        out = self.monitor("xp /%dbx 0x%x" % (count, addr))
        data = []
        for line in out.split("\n"):
            if ":" in line:
                data += [int(b, 16) for b in line.split(":", 1)[1].split()]
        return bytes(data[:count])

    def screen_rows(self):
        """The VGA text screen (80x25 at 0xB8000), read from outside the guest."""
        raw = self.read_phys(0xB8000, 80 * 25 * 2)
        chars = bytes(raw[i] for i in range(0, len(raw), 2))
        return [chars[r * 80:(r + 1) * 80].decode("latin-1") for r in range(25)]

    def screen_text(self):
        """The screen as lines, trailing blanks removed."""
        return "\n".join(r.rstrip() for r in self.screen_rows())

    def screen_flat(self):
        """The screen as one string: a line longer than 80 columns that wrapped reads
        as one; runs of blanks collapse to one space."""
        return re.sub(r" +", " ", "".join(self.screen_rows()))


class Qemu(MonitorViews):
    """One QEMU PC. Use as a context manager: it is killed (by PID) on exit.

    disk: raw image to boot (default build/disk.img); kernel: boot a Multiboot
    kernel with -kernel instead; mem: -m in MiB; serial: True for COM1 to a
    file, False for -serial none; exit_device: add isa-debug-exit at 0xf4;
    extra: more QEMU arguments; netns: run inside this network namespace.
    """

    def __init__(self, mem=128, disk=DISK, kernel=None, append=None, serial=True,
                 exit_device=False, extra=(), netns=None, workdir=None, boot=None):
        self.own_dir = workdir is None
        self.dir = workdir or tempfile.mkdtemp(prefix="bootlab-qemu-")
        self.serial_path = os.path.join(self.dir, "serial.log")
        self.debugcon_path = os.path.join(self.dir, "seabios.log")
        self.monitor_path = os.path.join(self.dir, "monitor.sock")
        args = ["qemu-system-i386", "-accel", accel(), "-m", str(mem), "-display", "none",
                "-no-reboot", "-monitor", "unix:%s,server,nowait" % self.monitor_path,
                "-chardev", "file,id=dbg,path=%s" % self.debugcon_path,
                "-device", "isa-debugcon,iobase=0x402,chardev=dbg"]
        args += ["-serial", "file:%s" % self.serial_path] if serial else ["-serial", "none"]
        if kernel:
            args += ["-kernel", kernel]
            if append:
                args += ["-append", append]
        elif disk:
            args += ["-drive", "file=%s,format=raw" % disk]
        if boot:
            args += ["-boot", boot]
        if exit_device:
            args += ["-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
        args += list(extra)
        if netns:
            args = ["ip", "netns", "exec", netns] + args
        self.args = args
        self.start_time = time.monotonic()
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, cwd=self.dir)
        self.mon = Monitor(self.monitor_path)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        """End QEMU: polite quit, then SIGKILL to our own PID."""
        if self.proc.poll() is None:
            try:
                self.monitor("quit", timeout=1)
            except (OSError, TimeoutError):
                pass
            try:
                self.proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.mon.close()
        if self.proc.stdout:
            self.proc.stdout.close()
        if self.own_dir and not os.environ.get("BOOTLAB_KEEP"):
            shutil.rmtree(self.dir, ignore_errors=True)

    def serial(self):
        try:
            with open(self.serial_path, "rb") as f:
                return f.read().decode("latin-1")
        except OSError:
            return ""

    def wait_for(self, pattern, timeout=60):
        """Wait until the serial log matches pattern (regex); return the match.
        Raises TimeoutError with the log's tail, or RuntimeError if QEMU ended."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            text = self.serial()
            m = rx.search(text)
            if m:
                return m
            if self.proc.poll() is not None:
                raise RuntimeError("QEMU exited (%s) before %r; serial:\n%s%s" % (
                    self.proc.returncode, pattern, text[-2000:], self.qemu_output()))
            if time.monotonic() > deadline:
                raise TimeoutError("no %r after %ss; serial:\n%s" % (pattern, timeout, text[-2000:]))
            time.sleep(0.02)

    def qemu_output(self):
        if self.proc.poll() is None or not self.proc.stdout:
            return ""
        return "\nqemu: " + self.proc.stdout.read().decode("latin-1", "replace")

    def wait_exit(self, timeout=60):
        """Wait for QEMU to exit on its own; return its exit status."""
        return self.proc.wait(timeout=timeout)

    def monitor(self, cmd, timeout=10):
        """Run one human-monitor command and return its output."""
        return self.mon.command(cmd, timeout)

def parse_pic(text):
    """'info pic' lines "pic0: irr=00 imr=ef isr=00 hprio=0 irq_base=20 ..." ->
    {"pic0": {"irr": 0, "imr": 0xef, ...}} (hex fields as numbers)."""
    pics = {}
    for line in text.split("\n"):
        m = re.match(r"\s*(pic[01]): (.*)$", line)
        if m:
            pics[m.group(1)] = {k: int(v, 16) for k, v in re.findall(r"(\w+)=([0-9a-f]+)",
                                                                      m.group(2))}
    return pics


def parse_tlb(text):
    """'info tlb' lines "00000000c0000000: 0000000000000000 --P-A---W" ->
    {virtual: (physical, flags)}; flags is the 9-character field."""
    pages = {}
    for line in text.split("\n"):
        m = re.match(r"\s*([0-9a-f]+): ([0-9a-f]+) ([-A-Z]+)\s*$", line)
        if m:
            pages[int(m.group(1), 16)] = (int(m.group(2), 16), m.group(3))
    return pages
