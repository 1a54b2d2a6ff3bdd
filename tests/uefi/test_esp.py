"""test_esp.py - build/disk.img as both kinds of PC read it, without booting:
the MBR's two partitions (the BIOS part, active, type 0xDA, ending before the
ESP; the EFI System Partition, type 0xEF, on a MiB boundary), the FAT16
volume mkdisk writes (fsck.fat finds nothing to fix; mtools lists and reads
back the files), the BIOS part unchanged by the ESP, and the ESP tree make
leaves at build/uefi/esp/. Uses dosfstools and mtools, as a lab would to
look at the stick.
"""

import filecmp
import os
import shutil
import struct
import subprocess
import tempfile
import unittest

from tests.harness import ovmf
from tests.harness.paths import BUILD, DISK, KERNEL, MKDISK

SECTOR = 512
ESP_TREE = os.path.join(BUILD, "uefi", "esp")


def partitions(img):
    """The four MBR entries as (active, type, first LBA, sectors)."""
    out = []
    for i in range(4):
        e = img[0x1BE + 16 * i:0x1CE + 16 * i]
        out.append((e[0], e[4], struct.unpack_from("<I", e, 8)[0], struct.unpack_from("<I", e, 12)[0]))
    return out


class HybridImage(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="bootlab-esp-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def mtype(self, img, path, esp_lba=2048):
        return subprocess.run(["mtype", "-i", "%s@@%d" % (img, esp_lba * SECTOR), "::" + path],
                              check=True, capture_output=True).stdout

    def test_partition_table(self):
        with open(DISK, "rb") as f:
            img = f.read()
        (a0, t0, l0, n0), (a1, t1, l1, n1), rest0, rest1 = partitions(img)
        self.assertEqual((a0, t0, l0), (0x80, 0xDA, 1), "the BIOS part: active, 0xDA, from LBA 1")
        self.assertEqual((a1, t1, l1), (0, 0xEF, 2048), "the ESP: type 0xEF at 1 MiB")
        self.assertEqual(l0 + n0, l1, "the BIOS part ends where the ESP begins")
        self.assertEqual((l1 + n1) * SECTOR, len(img), "the ESP runs to the image's end")
        self.assertEqual((rest0[1], rest1[1]), (0, 0))
        self.assertEqual(img[510:512], b"\x55\xaa")

    def test_fat_volume(self):
        esp = os.path.join(self.tmp, "esp.img")
        with open(DISK, "rb") as f, open(esp, "wb") as out:
            f.seek(2048 * SECTOR)
            out.write(f.read())
        r = subprocess.run(["fsck.fat", "-n", "-v", esp], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("16 bit entries", r.stdout)
        self.assertIn("2048 hidden sectors", r.stdout)
        for name, src in (("/EFI/BOOT/BOOTX64.EFI", ovmf.LOADER),
                          ("/EFI/BOOT/BOOTIA32.EFI", ovmf.LOADER32),
                          ("/bootlab/kernel.elf", KERNEL)):
            with open(src, "rb") as f:
                self.assertEqual(self.mtype(DISK, name), f.read(), name)
        listing = subprocess.run(["mdir", "-/", "-b", "-i", DISK + "@@1M", "::"], check=True,
                                 capture_output=True, text=True).stdout.split()
        self.assertEqual(sorted(listing), sorted(["::/EFI/", "::/EFI/BOOT/",
                                                  "::/EFI/BOOT/BOOTX64.EFI",
                                                  "::/EFI/BOOT/BOOTIA32.EFI", "::/bootlab/",
                                                  "::/bootlab/kernel.elf"]))

    def test_boot_options_on_the_esp(self):
        """-c puts the boot options in bootlab/cmdline.txt too, for UEFI boots."""
        img = ovmf.make_image(os.path.join(self.tmp, "c.img"), cmdline="qemu-exit fault-test")
        self.assertEqual(self.mtype(img, "/bootlab/cmdline.txt"), b"qemu-exit fault-test\n")

    def test_bios_part_unchanged(self):
        """The sectors stage one and stage two read are the same with and without the ESP."""
        plain = os.path.join(self.tmp, "bios.img")
        subprocess.run([MKDISK, "-o", plain, "-1", os.path.join(BUILD, "stage1.bin"),
                        "-2", os.path.join(BUILD, "stage2.bin"), "-k", KERNEL], check=True,
                       capture_output=True)
        with open(plain, "rb") as f:
            bios = f.read()
        with open(DISK, "rb") as f:
            hybrid = f.read()
        self.assertEqual(hybrid[:0x1BE], bios[:0x1BE], "stage one and its config words differ")
        kernel_end = 512 + len(bios[512:].rstrip(b"\0"))
        self.assertEqual(hybrid[512:kernel_end], bios[512:kernel_end])

    def test_esp_tree(self):
        for name, src in (("EFI/BOOT/BOOTX64.EFI", ovmf.LOADER),
                          ("EFI/BOOT/BOOTIA32.EFI", ovmf.LOADER32),
                          ("bootlab/kernel.elf", KERNEL)):
            self.assertTrue(filecmp.cmp(os.path.join(ESP_TREE, name), src, shallow=False), name)

    def test_big_kernel_moves_the_esp(self):
        """A kernel too big for the first MiB pushes the ESP to the next MiB boundary."""
        big = os.path.join(self.tmp, "big.elf")
        with open(KERNEL, "rb") as f, open(big, "wb") as out:
            out.write(f.read() + bytes(1536 * 1024))
        img = ovmf.make_image(os.path.join(self.tmp, "big.img"), kernel=big)
        with open(img, "rb") as f:
            parts = partitions(f.read(SECTOR))
        self.assertEqual(parts[1][1:3], (0xEF, 2 * 2048))
        self.assertEqual(parts[0][2] + parts[0][3], 2 * 2048)
        with open(big, "rb") as f:
            self.assertEqual(self.mtype(img, "/bootlab/kernel.elf", 2 * 2048), f.read())


if __name__ == "__main__":
    unittest.main()
