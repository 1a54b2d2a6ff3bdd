"""test_messages.py - messages that say what happened and what to do next,
for the cases a new admin and a student ran into:

  * a PC with too little memory for the kernel image (make qemu MEM=1);
  * make replay E820=FILE with a FILE that does not exist;
  * make netboot-serve without IFACE (nothing is built first; the
    interfaces are listed);
  * labgrade on a serial port its user may not open (the dialout group);
  * make netboot MANIFEST= (netboot.seats) by a user who may not write the root.
"""

import os
import shutil
import subprocess
import tempfile
import time
import unittest

from tests.harness.paths import KERNEL, LABGRADE, ROOT

def make(*args, **kw):
    return subprocess.run(["make", "--no-print-directory", "-C", ROOT] + list(args),
                          capture_output=True, text=True, **kw)


def need_root(fn):
    return unittest.skipUnless(os.geteuid() == 0, "runs a command as another user")(fn)


class MessagesTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="bootlab-msg-")
        self.addCleanup(shutil.rmtree, self.dir, True)

    def test_too_little_memory_for_the_image(self):
        """make qemu MEM=1 itself: its note, then the loader's stop on the console."""
        p = subprocess.Popen(["make", "--no-print-directory", "-s", "-C", ROOT, "qemu", "MEM=1"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, start_new_session=True)
        out, deadline = b"", time.monotonic() + 120
        os.set_blocking(p.stdout.fileno(), False)
        while b"stage2: halted" not in out and time.monotonic() < deadline and p.poll() is None:
            out += p.stdout.read() or b""
            time.sleep(0.05)
        p.stdin.write(b"\x01x")  # -serial mon:stdio: Ctrl-A X quits QEMU
        p.stdin.close()
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, 9)
            p.wait()
        p.stdout.close()
        text = out.decode("latin-1")
        self.assertIn("bootlab: MEM=1 MiB is too little for the kernel (3 MiB is the least that "
                      "boots): it will stop and say why; make qemu MEM=128 boots", text)
        self.assertIn("stage2: error: kernel: segment 0: [0x100000, ", text)
        self.assertIn("is not usable RAM: the memory map has none at 0x100000 (too little "
                      "memory, or a hole the firmware keeps)", text)

    def test_replay_table_missing(self):
        r = make("replay", "E820=/nonexistent/table.e820")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("mkreplay: cannot open: /nonexistent/table.e820: No such file or directory",
                      r.stderr)

    def test_netboot_serve_without_iface(self):
        t0 = time.monotonic()
        r = make("netboot-serve")
        self.assertEqual(r.returncode, 2)
        self.assertIn("usage: make netboot-serve IFACE=<the lab interface>", r.stdout)
        self.assertIn("the interfaces here (ip -br link):\n    lo ", r.stdout)
        self.assertNotIn("mkpxe", r.stdout + r.stderr)  # nothing was built first
        self.assertLess(time.monotonic() - t0, 10)

    def as_nobody(self, *args, **kw):
        """Run a command as the user nobody, from copies in self.dir: the
        repository itself may be in a directory nobody cannot enter (a CI
        clone in a mode-700 temporary directory)."""
        os.chmod(self.dir, 0o755)
        return subprocess.run(["runuser", "-u", "nobody", "--"] + list(args), capture_output=True,
                              text=True, cwd=self.dir, **kw)

    @need_root
    def test_serial_port_needs_dialout(self):
        tty = os.path.join(self.dir, "ttyUSB0")
        subprocess.run(["mknod", tty, "c", "4", "64"], check=True)  # the major/minor of ttyS0
        shutil.chown(tty, group="dialout")
        os.chmod(tty, 0o660)
        labgrade = shutil.copy(LABGRADE, self.dir)
        kernel = shutil.copy(KERNEL, self.dir)
        r = self.as_nobody(labgrade, "-q", "-k", kernel, "--csv", "-", "pc07=" + tty)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("%s: Permission denied; group 'dialout' may open it: sudo usermod -aG "
                      "dialout $USER, then log in again" % tty, r.stdout)

    @need_root
    def test_netboot_root_not_writable(self):
        root = os.path.join(self.dir, "netboot")
        os.makedirs(os.path.join(root, "seats"))
        shutil.copytree(os.path.join(ROOT, "netboot"), os.path.join(self.dir, "code", "netboot"))
        r = self.as_nobody("python3", "-m", "netboot.seats", "--root", root,
                           env=dict(os.environ, PYTHONPATH=os.path.join(self.dir, "code")))
        self.assertEqual(r.returncode, 1)
        self.assertNotIn("Traceback", r.stderr)
        self.assertIn("Permission denied. Run it as the owner of %s (or as root)" % root, r.stderr)


if __name__ == "__main__":
    unittest.main()
