"""test_server.py - the boot server fit for a real lab.

  1. netboot/http.py serves the root's files and nothing else: no directory
     listing, no way out of the root (on loopback, no root needed).
  2. make netboot MANIFEST=... (python3 -m netboot.seats) on a root owned by
     another user than the one running it (here root writes a root owned by
     nobody, the issue's case): every file it writes belongs to nobody, the
     user dnsmasq then runs as, and a seat's kernel is its build stripped
     (objcopy --strip-all); a file it did not write that tftp-secure
     would refuse is named, and netboot.serve refuses to start beside it.
  3. Two PCs booted from that root by a real dnsmasq running as nobody: one
     seat through its own bootlab.pxe (the default loader) with another
     build and com=2 on a PC without COM1, the other as a Multiboot image
     (loader=multiboot). Each reports the build its manifest row names.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.request

from tests.harness import netlab
from tests.harness.elf import is_stripped, load_layout
from tests.harness.paths import BUILD, KERNEL, LABGRADE, ROOT
from tests.harness.qemu import Qemu
from tests.harness.report import parse_report

NOBODY = 65534
MAC_A, MAC_B = "52:54:00:77:00:1a", "52:54:00:77:00:1b"
ALT = os.path.join(BUILD, "builds", "seat-b", "kernel.elf")
END = r"bootlab-report v\d+ end[^\n]*\n"


def need_root(fn):
    return unittest.skipUnless(os.geteuid() == 0, "network namespaces and chown need root")(fn)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class HttpTest(unittest.TestCase):
    def test_files_only(self):
        root = tempfile.mkdtemp(prefix="bootlab-http-")
        self.addCleanup(shutil.rmtree, root, True)
        os.makedirs(os.path.join(root, "seats"))
        with open(os.path.join(root, "kernel.elf"), "wb") as f:
            f.write(b"\x7fELF kernel bytes")
        os.symlink("/etc/hostname", os.path.join(root, "out"))
        port = free_port()
        p = subprocess.Popen(["python3", "-m", "netboot.http", "--bind", "127.0.0.1", "--port",
                              str(port), "--root", root], cwd=ROOT, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
        self.addCleanup(lambda: (netlab.kill_pid(p.pid), p.wait(), p.stderr.close()))
        base = "http://127.0.0.1:%d/" % port
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        with urllib.request.urlopen(base + "kernel.elf") as r:
            self.assertEqual(r.read(), b"\x7fELF kernel bytes")
        for path in ("", "seats/", "seats", "out", "../../etc/passwd", "%2e%2e/%2e%2e/etc/passwd",
                     "missing.elf"):
            with self.subTest(path=path), self.assertRaises(urllib.error.HTTPError) as cm:
                urllib.request.urlopen(base + path)
            self.assertEqual(cm.exception.code, 404)
            self.assertNotIn(b"kernel.elf", cm.exception.read())


class SeatsTest(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        subprocess.run(["make", "-s", "-C", ROOT, "kernel-build", "TAG=seat-b"], check=True,
                       capture_output=True)
        self.lab = netlab.Lab(npcs=2)
        self.addCleanup(self.lab.close)
        os.chmod(self.lab.state, 0o755)  # nobody must reach the root inside it
        self.root = netlab.copy_root(os.path.join(self.lab.state, "root"))
        for top, dirs, files in os.walk(self.root):
            for name in [top] + [os.path.join(top, n) for n in dirs + files]:
                os.chown(name, NOBODY, NOBODY)
        self.manifest = os.path.join(self.lab.state, "lab.txt")
        with open(self.manifest, "w") as f:
            f.write("pcA %s /dev/null ada %s com=2\n" % (MAC_A, ALT))
            f.write("pcB %s /dev/null - %s loader=multiboot\n" % (MAC_B, KERNEL))

    def seats(self, *args):
        return subprocess.run(["python3", "-m", "netboot.seats", "--root", self.root,
                               "--build-dir", BUILD] + list(args), cwd=ROOT, capture_output=True,
                              text=True)

    def wait_file(self, path, text, timeout):
        """The contents of path (CRs dropped) once they hold text."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                with open(path, errors="replace") as f:
                    data = f.read().replace("\r", "")
            except FileNotFoundError:
                data = ""
            if text in data:
                return data
            self.assertLess(time.monotonic(), deadline, "%s:\n%s\ndnsmasq:\n%s"
                            % (path, data[-2000:], self.lab.log()[-3000:]))
            time.sleep(0.1)

    @need_root
    def test_written_for_the_server_user(self):
        r = self.seats("--manifest", self.manifest)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("running as nobody", r.stdout)
        mac_a, mac_b = MAC_A.replace(":", "-"), MAC_B.replace(":", "-")
        for rel in ("seats/%s.ipxe" % mac_a, "seats/%s.pxe" % mac_a, "seats/%s.ipxe" % mac_b,
                    "seats/index.ipxe", "builds/pcA/kernel.elf", "builds/pcA"):
            self.assertEqual(os.stat(os.path.join(self.root, rel)).st_uid, NOBODY, rel)
        self.assertFalse(os.path.exists(os.path.join(self.root, "seats", mac_b + ".pxe")))
        with open(os.path.join(self.root, "seats", mac_a + ".ipxe")) as f:
            # args: the row's options for a UEFI PC, whose loader is not bootlab.pxe
            self.assertIn("set kernel builds/pcA/kernel.elf\nset loader pxe\n"
                          "set nbp seats/%s.pxe\nset args com=2\n" % mac_a, f.read())
        with open(os.path.join(self.root, "seats", mac_a + ".pxe"), "rb") as f:
            self.assertIn(b"kernel=builds/pcA/kernel.elf com=2\0", f.read())
        # The seat's kernel is served stripped, as make netboot serves kernel.elf; the
        # grader reads ALT itself (the manifest's path), symbols and all.
        with open(ALT, "rb") as f:
            full = f.read()
        with open(os.path.join(self.root, "builds", "pcA", "kernel.elf"), "rb") as f:
            served = f.read()
        self.assertLess(len(served), len(full))
        self.assertTrue(is_stripped(served))
        self.assertEqual(load_layout(served), load_layout(full))
        with open(os.path.join(self.root, "seats", "index.ipxe")) as f:
            self.assertIn("iseq ${mac:hexhyp} %s && set seatfile seats/%s.ipxe ||" % (mac_b, mac_b),
                          f.read())
        # A file root left behind, as the admin did: named, and the server refuses.
        stray = os.path.join(self.root, "builds", "alice.elf")
        shutil.copy(KERNEL, stray)
        r = self.seats("--check-only")
        self.assertEqual(r.returncode, 1)
        self.assertIn("%s/builds/alice.elf owned by root, but dnsmasq runs as nobody" % self.root,
                      r.stderr)
        serve = subprocess.run(self.lab.exec_args() + [
            "python3", "-m", "netboot.serve", "--iface", self.lab.br, "--root", self.root,
            "--run-dir", os.path.join(self.lab.state, "run")], cwd=ROOT, capture_output=True,
            text=True, timeout=30)
        self.assertNotEqual(serve.returncode, 0)
        self.assertIn("serve: not started: dnsmasq would not serve the files above", serve.stderr)

    @need_root
    def test_seats_boot_their_own_kernels(self):
        r = self.seats("--manifest", self.manifest)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.lab.serve(self.root)
        with open(os.path.join(self.lab.state, "dnsmasq-0.conf")) as f:
            self.assertRegex(f.read(), r"\nuser=nobody\s")
        com2 = os.path.join(self.lab.state, "pcA-com2.log")
        pc_a = Qemu(mem=64, disk=None, netns=self.lab.ns, serial=False,
                    extra=["-serial", "file:" + com2] +
                    netlab.qemu_net_args(self.lab.taps[0], MAC_A))
        self.addCleanup(pc_a.stop)
        pc_b = Qemu(mem=64, disk=None, netns=self.lab.ns,
                    extra=netlab.qemu_net_args(self.lab.taps[1], MAC_B))
        self.addCleanup(pc_b.stop)
        pc_b.wait_for(END, timeout=90)
        a = parse_report(self.wait_file(com2, " end lines=", 90))
        b = parse_report(pc_b.serial())
        self.assertEqual((a.fields["boot_source"], a.fields["boot_build"], a.fields["raw_method"]),
                         ("pxe", "seat-b", "e820"))
        self.assertEqual((b.fields["boot_source"], b.fields["boot_build"], b.fields["raw_method"]),
                         ("multiboot", "default", "multiboot"))
        log = self.lab.log()
        self.assertIn("sent %s/seats/%s.pxe" % (self.root, MAC_A.replace(":", "-")), log)
        self.assertIn("sent %s/builds/pcA/kernel.elf" % self.root, log)
        self.assertNotIn("not found", log)
        # graded from the manifest: both seats pass against their own ELFs
        grade = os.path.join(self.lab.state, "grade.txt")
        with open(grade, "w") as f:
            f.write("pcA %s file:%s ada %s\npcB %s file:%s - %s\n" % (
                MAC_A, com2, ALT, MAC_B, pc_b.serial_path, KERNEL))
        r = subprocess.run([LABGRADE, "-q", "--manifest", grade, "--csv", "-"],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)


class NoKernelTest(unittest.TestCase):
    @need_root
    def test_seat_without_kernel_says_so(self):
        """A seat whose kernel is missing (its student's tree did not build):
        its PC shows why on its screen and boots nothing, no other kernel."""
        lab = netlab.Lab(npcs=1)
        self.addCleanup(lab.close)
        root = netlab.copy_root(os.path.join(lab.state, "root"))
        manifest = os.path.join(lab.state, "lab.txt")
        with open(manifest, "w") as f:
            f.write("pcC %s /dev/null eve %s/missing.elf\n" % (MAC_A, lab.state))
        r = subprocess.run(["python3", "-m", "netboot.seats", "--root", root, "--build-dir",
                            BUILD, "--manifest", manifest], cwd=ROOT, capture_output=True,
                           text=True)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("no kernel for pcC (make lab-build)", r.stdout)
        lab.serve(root)
        with Qemu(mem=64, disk=None, netns=lab.ns,
                  extra=netlab.qemu_net_args(lab.taps[0], MAC_A)) as q:
            want = "bootlab: seat pcC (eve): no kernel for this seat: %s/missing.elf is missing" \
                % lab.state
            deadline = time.monotonic() + 60
            while want not in q.screen_flat():
                self.assertLess(time.monotonic(), deadline, q.screen_text())
                time.sleep(0.5)
            self.assertIn("retrying in 10 seconds", q.screen_flat())
            self.assertEqual(q.serial(), "")
        self.assertNotIn("kernel.elf", lab.log())


class WakeTest(unittest.TestCase):
    @need_root
    def test_magic_packets_to_the_manifest(self):
        """make lab-wake's program on the lab bridge: a receiver in a second
        namespace on the same wire gets one magic packet per chosen seat."""
        lab = netlab.Lab(npcs=0)
        self.addCleanup(lab.close)
        ns, link = lab.join("w", "w")
        lab.ip("addr", "add", "10.77.0.3/24", "dev", link, ns=ns)
        manifest = os.path.join(lab.state, "lab.txt")
        with open(manifest, "w") as f:
            for i in range(3):
                f.write("pc%02d 52:54:00:77:02:%02x /dev/null - %s\n" % (i + 1, i + 1, KERNEL))
        listen = ("import socket, sys\n"
                  "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                  "s.bind(('0.0.0.0', 9)); s.settimeout(10); print('ready', flush=True)\n"
                  "for _ in range(2): print(s.recv(200).hex(), flush=True)\n")
        rx = subprocess.Popen(lab.exec_args(ns) + ["python3", "-c", listen],
                              stdout=subprocess.PIPE, text=True)
        self.addCleanup(lambda: (rx.poll() is None and netlab.kill_pid(rx.pid), rx.wait(),
                                 rx.stdout.close()))
        self.assertEqual(rx.stdout.readline().strip(), "ready")
        r = subprocess.run(lab.exec_args() + ["python3", "-m", "netboot.wake", manifest,
                                              "--iface", lab.br, "--seat", "pc01", "--seat",
                                              "pc03"], cwd=ROOT, capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("to 2 PC(s): pc01=52:54:00:77:02:01 pc03=52:54:00:77:02:03", r.stdout)
        got = [bytes.fromhex(rx.stdout.readline().strip()) for _ in range(2)]
        for packet, mac in zip(got, ("525400770201", "525400770203")):
            self.assertEqual(packet, b"\xff" * 6 + bytes.fromhex(mac) * 16)


if __name__ == "__main__":
    unittest.main()
