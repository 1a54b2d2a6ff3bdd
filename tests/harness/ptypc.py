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
from tests.harness.qemu import Monitor, MonitorViews, accel


class PtyPC(MonitorViews):
    """qemu-system-i386 -S with COM1 on a new pty; .pty is its path, .pid its
    PID. disk=None: no disk (a network boot: pass the NIC in extra);
    kernel: boot this Multiboot kernel with -kernel instead; com=2: the pty
    is COM2 (COM1 goes nowhere)."""

    def __init__(self, mem=128, disk=DISK, extra=(), netns=None, kernel=None, com=1):
        self.dir = tempfile.mkdtemp(prefix="bootlab-labpc-")
        self.monitor_path = os.path.join(self.dir, "monitor.sock")
        args = ["qemu-system-i386", "-accel", accel(), "-m", str(mem), "-display", "none",
                "-no-reboot", "-S", "-monitor", "unix:%s,server,nowait" % self.monitor_path]
        args += ["-serial", "null"] * (com - 1) + ["-serial", "pty"]
        if kernel:
            args += ["-kernel", kernel]
        elif disk:
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



def ser2net(workdir, pty_raw, port_raw, pty_telnet, port_telnet):
    """A real ser2net (Debian) on 127.0.0.1: pty_raw behind a raw TCP accepter on
    port_raw, pty_telnet behind a telnet (RFC 2217) accepter on port_telnet. Returns
    its Popen once both ports accept a connection and ser2net has let go of the
    ptys those probes made it open (it serves one client per port); the caller
    ends it by PID. Raises RuntimeError if it does not within 10 s."""
    cfg = os.path.join(workdir, "ser2net.yaml")
    with open(cfg, "w") as f:
        f.write("%%YAML 1.1\n---\n"
                "connection: &pcraw\n  accepter: tcp,127.0.0.1,%d\n"
                "  connector: serialdev,%s,115200n81,local\n"
                "connection: &pctel\n  accepter: telnet(rfc2217),tcp,127.0.0.1,%d\n"
                "  connector: serialdev,%s,115200n81,local\n"
                % (port_raw, pty_raw, port_telnet, pty_telnet))
    p = subprocess.Popen(["ser2net", "-n", "-u", "-c", cfg, "-P",
                          os.path.join(workdir, "ser2net.pid")],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    waiting = [port_raw, port_telnet]
    while waiting and time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", waiting[0]), timeout=1).close()
            waiting.pop(0)
        except OSError:
            time.sleep(0.05)
    if not waiting and wait_closed(p.pid, pty_raw) and wait_closed(p.pid, pty_telnet):
        return p
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    raise RuntimeError("ser2net did not listen on %d and %d" % (port_raw, port_telnet))


class Console:
    """A PC's pty opened raw, read into .text (latin-1), written with send()."""

    def __init__(self, pty):
        import tty
        self.fd = os.open(pty, os.O_RDWR | os.O_NOCTTY)
        tty.setraw(self.fd)
        self.text = ""

    def read_until(self, pattern, timeout=60):
        """Read until .text matches regex pattern; returns the match. TimeoutError
        with the tail of the text if it does not within timeout seconds."""
        import select
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while not rx.search(self.text):
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no %r; console:\n%s" % (pattern, self.text[-1500:]))
            ready, _, _ = select.select([self.fd], [], [], min(left, 0.2))
            if ready:
                self.text += os.read(self.fd, 4096).decode("latin-1")
        return rx.search(self.text)

    def send(self, data):
        os.write(self.fd, data)

    def close(self):
        os.close(self.fd)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
