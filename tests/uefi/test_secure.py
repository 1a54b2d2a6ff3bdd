"""test_secure.py - Secure Boot under OVMF's snakeoil build (q35 + SMM,
Debian's test keys enrolled, a private copy of the variable store per PC),
with the tree make uefi-sign writes (build/uefi/signed-esp/: the loader built
with the kernel's SHA-256 and signed with the snakeoil key; make uefi-test
makes it):

  the signed loader and its kernel      boots; secureboot state=on kernel=verified
  the unsigned loader                   the firmware refuses it (Access Denied)
  the signed loader with one bit flipped the firmware refuses it
  the signed loader and a changed kernel the loader refuses, naming both digests
  the plain loader (no digest), signed   the loader refuses every kernel

Each PC boots a disk image built by build/mkdisk from those files.
"""

import hashlib
import os
import shutil
import struct
import subprocess
import tempfile
import unittest

from tests.harness import checks, ovmf
from tests.harness.elf import kernel_symbols
from tests.harness.paths import KERNEL
from tests.harness.report import parse_report

DENIED = r"BdsDxe: failed to load Boot\d+ .*: Access Denied"
STOPPED = r"(uefi: halted|%s)" % DENIED
SIGNED_KERNEL = os.path.join(ovmf.UEFI, "signed-esp", "bootlab", "kernel.elf")


def flip_text_bit(src, dst):
    """A copy of the PE file src with one bit of its .text section flipped."""
    with open(src, "rb") as f:
        d = bytearray(f.read())
    pe, = struct.unpack_from("<I", d, 0x3C)
    nsec, = struct.unpack_from("<H", d, pe + 6)
    opt, = struct.unpack_from("<H", d, pe + 20)
    for i in range(nsec):
        sec = pe + 24 + opt + 40 * i
        if d[sec:sec + 5] == b".text":
            raw, = struct.unpack_from("<I", d, sec + 20)
            d[raw + 0x100] ^= 1
    with open(dst, "wb") as f:
        f.write(d)
    return dst


def changed_kernel(dst):
    """The signed tree's kernel with its last byte (in .shstrtab, never loaded)
    changed: still a valid kernel, another SHA-256."""
    with open(SIGNED_KERNEL, "rb") as f:
        d = bytearray(f.read())
    d[-1] ^= 1
    with open(dst, "wb") as f:
        f.write(d)
    return dst


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


@unittest.skipUnless(os.path.exists(ovmf.SIGNED_LOADER), "no signed tree: run make uefi-test")
class SecureBoot(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="bootlab-uefi-sb-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def boot(self, loader, kernel=SIGNED_KERNEL, until=STOPPED):
        disk = ovmf.make_image(os.path.join(self.tmp, "sb.img"), kernel=kernel, loaders=[loader])
        pc = ovmf.UefiPC(mem=256, disk=disk, secure=True)
        try:
            pc.wait_for(until, timeout=120)
        except BaseException:
            pc.stop()
            raise
        return pc

    def test_signed_boots(self):
        with self.boot(ovmf.SIGNED_LOADER, until=ovmf.REPORT_END) as pc:
            serial = pc.serial()
            self.assertRegex(serial, r"uefi: secure boot: on, kernel sha256 %s \(verified\)"
                             % sha256(SIGNED_KERNEL))
            rep = parse_report(serial)
            self.assertEqual((rep.fields["secureboot_state"], rep.fields["secureboot_kernel"]),
                             ("on", "verified"))
            checks.check_uefi_boot(self, pc, rep, kernel_symbols(SIGNED_KERNEL))

    def test_unsigned_refused_by_firmware(self):
        with self.boot(ovmf.LOADER) as pc:
            self.assertRegex(pc.serial(), DENIED)
            self.assertNotIn("uefi: ", pc.serial())

    def test_altered_loader_refused_by_firmware(self):
        bad = flip_text_bit(ovmf.SIGNED_LOADER, os.path.join(self.tmp, "altered.efi"))
        with self.boot(bad) as pc:
            self.assertRegex(pc.serial(), DENIED)
            self.assertNotIn("uefi: ", pc.serial())

    def test_changed_kernel_refused_by_loader(self):
        k = changed_kernel(os.path.join(self.tmp, "k.elf"))
        with self.boot(ovmf.SIGNED_LOADER, kernel=k) as pc:
            serial = pc.serial().replace("\r", "")
            err = [l for l in serial.split("\n") if l.startswith("uefi: error: ")]
            self.assertEqual(err, ["uefi: error: Secure Boot: kernel sha256 %s is not the one this "
                                   "loader was signed for (%s)" % (sha256(k), sha256(SIGNED_KERNEL))])
            self.assertNotIn("kernel: bootlab kernel", serial)
            self.assertEqual(pc.screen_lines()[-2:], [err[0], "uefi: halted"])

    def test_signed_without_digest_refuses_every_kernel(self):
        """The everyday loader (build/uefi/BOOTX64.EFI, no digest built in) signed by
        hand: Secure Boot is on, so it boots no kernel, and says why."""
        signed = os.path.join(self.tmp, "plain-signed.efi")
        subprocess.run(["sbsign", "--key", ovmf.SNAKEOIL_KEY, "--cert", ovmf.SNAKEOIL_CERT,
                        "--output", signed, ovmf.LOADER], check=True, capture_output=True)
        with self.boot(signed) as pc:
            self.assertRegex(pc.serial(), r"uefi: error: Secure Boot is on and this loader has no "
                                          r"kernel digest built in: kernel sha256 %s refused"
                                          % sha256(SIGNED_KERNEL))


if __name__ == "__main__":
    unittest.main()
