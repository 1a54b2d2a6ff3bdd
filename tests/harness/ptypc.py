"""ptypc.py - QEMU lab PCs whose COM1 is a pty, for the grader's tests and
the simulated lab.

A PC starts stopped (-S), so that a reader (labgrade, ser2net) can attach to
its pty first: what a pty carries before a reader has it open is lost. `cont`
over the monitor then starts the PC and nothing is lost. Every process is
ended by its own PID.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time

from tests.harness.paths import DISK
from tests.harness.qemu import Monitor, accel


class PtyPC:
    """qemu-system-i386 -S with COM1 on a new pty; .pty is its path, .pid its
    PID. disk=None: no disk (a network boot: pass the NIC in extra). binary
    and accel_name: a UEFI PC's (tests/harness/ovmf.py, firmware in extra)."""

    def __init__(self, mem=128, disk=DISK, extra=(), netns=None, binary="qemu-system-i386",
                 accel_name=None):
        self.dir = tempfile.mkdtemp(prefix="bootlab-labpc-")
        self.monitor_path = os.path.join(self.dir, "monitor.sock")
        args = [binary, "-accel", accel_name or accel(), "-m", str(mem), "-display", "none",
                "-no-reboot", "-S", "-monitor", "unix:%s,server,nowait" % self.monitor_path,
                "-serial", "pty"]
        if disk:
            args += ["-drive", "file=%s,format=raw,snapshot=on" % disk]
        args += list(extra)
        if netns:
            args = ["ip", "netns", "exec", netns] + args
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, cwd=self.dir)
        self.pid = self.proc.pid  # ip netns exec and the qemu wrapper exec: QEMU's own PID
        self.mon = Monitor(self.monitor_path)
        self.pty = self._read_pty()

    def _read_pty(self):
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline().decode("latin-1")
            m = re.search(r"char device redirected to (/dev/pts/\d+)", line)
            if m:
                return m.group(1)
            if not line and self.proc.poll() is not None:
                break
        self.stop()
        raise RuntimeError("QEMU gave no pty")

    def monitor(self, cmd, timeout=10):
        return self.mon.command(cmd, timeout)

    def cont(self):
        self.monitor("cont")

    def stop(self):
        self.mon.close()
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        if self.proc.stdout:
            self.proc.stdout.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def has_open(pid, path, timeout=20):
    """Wait until process pid has path open (its /proc fd links); True if it does."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            fds = os.listdir("/proc/%d/fd" % pid)
        except OSError:
            return False
        for fd in fds:
            try:
                if os.readlink("/proc/%d/fd/%s" % (pid, fd)) == path:
                    return True
            except OSError:
                pass
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.02)


def wait_closed(pid, path, timeout=20):
    """Wait until process pid no longer has path open; True once it has let go."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not has_open(pid, path, timeout=0):
            return True
        time.sleep(0.02)
    return False


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port

