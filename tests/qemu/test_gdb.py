"""test_gdb.py - a student's debugger: make qemu-gdb DEBUG=1 prints a gdb
command that needs no gdb configuration, and with it gdb (in batch mode,
against the real QEMU that make started) stops in the lecture's functions,
shows their arguments and steps through them line by line.
"""

import os
import re
import shlex
import socket
import subprocess
import time
import unittest

from tests.harness.paths import BUILD, ROOT

DEBUG_KERNEL = os.path.join(BUILD, "debug", "kernel.elf")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class QemuGdb:
    """make DEBUG=1 qemu-gdb in its own session: QEMU stopped at reset, its
    serial console and monitor on our pipes (-serial mon:stdio)."""

    def __init__(self, port):
        self.proc = subprocess.Popen(
            ["make", "-s", "-C", ROOT, "DEBUG=1", "GDBPORT=%d" % port, "qemu-gdb"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            start_new_session=True)
        self.out = b""
        os.set_blocking(self.proc.stdout.fileno(), False)

    def read_until(self, pattern, timeout):
        """Console output until pattern (bytes regex) appears; the match."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            chunk = self.proc.stdout.read()
            if chunk:
                self.out += chunk
            m = re.search(pattern, self.out)
            if m:
                return m
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError("no %r in make qemu-gdb's output:\n%s" % (pattern, self.out[-3000:]))

    def stop(self):
        """Ctrl-A X (QEMU's monitor multiplexer: quit); the session's
        processes by their group if QEMU is still there after 5 s."""
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write(b"\x01x")
                self.proc.stdin.flush()
                self.proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                os.killpg(self.proc.pid, 9)
                self.proc.wait()
        self.proc.stdin.close()
        self.proc.stdout.close()


class GdbTest(unittest.TestCase):
    maxDiff = None

    def gdb(self, command, *ex):
        """The printed gdb command, in batch mode, with more -ex commands."""
        args = shlex.split(command)
        self.assertEqual(args[:2], ["gdb", "-nx"], "the command must read no gdb init file")
        args = args[:1] + ["-batch"] + args[1:] + [a for e in ex for a in ("-ex", e)]
        r = subprocess.run(args, capture_output=True, text=True, timeout=120, cwd=ROOT,
                           env=dict(os.environ, HOME="/nonexistent"))
        return r.stdout + r.stderr

    def test_debug_build_steps_through_the_lecture(self):
        port = free_port()
        q = QemuGdb(port)
        self.addCleanup(q.stop)
        m = q.read_until(rb"\n    (gdb -nx [^\n]*)\n", timeout=300)
        command = m.group(1).decode()
        self.assertIn("file build/debug/kernel.elf", command)
        self.assertIn("localhost:%d" % port, command)
        # gdb retries the connection until QEMU listens (tcp auto-retry, 15 s).
        out = self.gdb(command, "break setupkvm", "break mappages", "break walkpgdir",
                       "break switchkvm", "break kinit1", "continue", "info args", "continue",
                       "next", "next", "continue", "info args", "step", "step", "continue",
                       "info args", "delete 2 3", "continue", "delete", "detach")
        self.assertNotIn("<optimized out>", out)
        sym = r"0x[0-9a-f]+( <[\w+]+>)?"  # a pointer, with the symbol it points into
        self.assertRegex(out, r"Breakpoint \d, kinit1 \(map=%s, n=\d+, vstart=%s, vend=%s\) at "
                              r"mm/kalloc\.c:\d+" % (sym, sym, sym))
        self.assertRegex(out, r"Breakpoint \d, setupkvm \(\) at mm/vm\.c:(\d+)\n\1\s")
        # line by line: "next" twice in setupkvm shows two source lines of vm.c
        self.assertRegex(out, r"setupkvm \(\) at mm/vm\.c:\d+\n\d+\s.*\n\d+\s.*\n\d+\s.*\n")
        self.assertIn("Breakpoint 2, mappages (pgdir=0x803ff000, va=0x80000000, size=1048576, "
                      "pa=0, perm=2) at mm/vm.c", out)
        self.assertRegex(out, r"walkpgdir \(pgdir=0x803ff000, va=0x80000000, alloc=1\) at "
                              r"mm/vm\.c:\d+")
        self.assertRegex(out, r"Breakpoint \d, switchkvm \(\) at mm/vm\.c:\d+")
        q.read_until(rb"bootlab-report v\d+ end", timeout=60)
        self.assertIn(b"selfcheck ok", q.out)

    def test_debug_build_is_og_in_its_own_directory(self):
        """DEBUG=1 builds at -Og into build/debug/; build/kernel.elf stays -O2."""
        subprocess.run(["make", "-s", "-C", ROOT, "DEBUG=1", "all"], check=True,
                       capture_output=True)
        for elf, want, other in ((DEBUG_KERNEL, "-Og", "-O2"),
                                 (os.path.join(BUILD, "kernel.elf"), "-O2", "-Og")):
            info = subprocess.run(["readelf", "--debug-dump=info", elf], capture_output=True,
                                  text=True, check=True).stdout
            producers = re.findall(r"DW_AT_producer\s*:.*? (-O\w+)", info)
            self.assertTrue(producers, elf)
            kernel_units = [p for p in producers if p != "-Os"]
            self.assertIn(want, kernel_units, elf)
            self.assertNotIn(other, kernel_units, elf)


if __name__ == "__main__":
    unittest.main()
