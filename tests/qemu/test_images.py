"""test_images.py - broken disks, broken kernels, odd machines: each must stop
with its own message and a halt (never a hang, a reboot loop or a jump into
garbage), or boot correctly where it should.

Every image is made from the real build outputs by build/mkdisk, then
damaged from outside; the CPU state is read from QEMU's monitor.
"""

import os
import shutil
import struct
import tempfile
import time
import unittest

from tests.harness import checks
from tests.harness.disk import make_disk
from tests.harness.elf import program_headers
from tests.harness.paths import DISK, KERNEL, MKDISK
from tests.harness.qemu import Qemu
from tests.harness.report import parse_report

SECTOR = 512


def read(path):
    with open(path, "rb") as f:
        return bytearray(f.read())


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)
    return path


class ImageTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="bootlab-img-")
        self.kernel = read(KERNEL)

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.dir, name)

    def disk_with_kernel(self, kernel_bytes, name="k.img", **kw):
        k = write(self.path(name + ".elf"), kernel_bytes)
        return make_disk(self.path(name), kernel=k, **kw)

    def expect_stop(self, disk, message, mem=128):
        """Boot disk; the serial log and the VGA screen must show message, then the
        stage's halt line, and the CPU must sit halted with interrupts off."""
        with Qemu(mem=mem, disk=disk) as q:
            q.wait_for(r"(stage1: .*|stage2: halted|kernel: halted|panic: .*)\r?\n", timeout=60)
            text = q.serial()
            self.assertIn(message, text)
            self.assertIn(message, q.screen_flat(), "message missing from the screen")
            regs = checks.wait_halted(self, q)
            self.assertEqual(regs["EFL"] & 0x200, 0, "halted with interrupts on")
            self.assertNotIn("bootlab-report", text)
            return text

    def patch_phdr(self, index, **fields):
        """A copy of the kernel with program header fields changed."""
        data = bytearray(self.kernel)
        phoff, phdrs = program_headers(data)
        names = ["type", "off", "vaddr", "paddr", "filesz", "memsz"]
        values = list(phdrs[index])
        for k, v in fields.items():
            values[names.index(k)] = v
        struct.pack_into("<IIIIII", data, phoff + index * 32, *values)
        return data

    # ---- stage one ----
    def test_chs_path_boots(self):
        disk = make_disk(self.path("chs.img"), force_chs=True)
        with Qemu(mem=64, disk=disk) as q:
            q.wait_for(r"bootlab-report v4 end.*\n", timeout=60)
            text = q.serial()
        self.assertIn("CHS reads", text)
        self.assertEqual(parse_report(text).fields["selfcheck"], "ok")

    def test_stage2_corrupt(self):
        img = read(DISK)
        img[SECTOR * 3 + 17] ^= 0x40  # one bit in stage two's third sector
        self.expect_stop(write(self.path("c.img"), img), "stage1: stage2 corrupt")

    def test_stage2_missing(self):
        img = read(DISK)
        img[SECTOR:SECTOR * 2] = bytes(SECTOR)
        self.expect_stop(write(self.path("m.img"), img), "stage1: no stage2")

    def test_stage1_read_error(self):
        img = read(DISK)[:SECTOR * 4]  # stage two is longer than the disk
        self.expect_stop(write(self.path("r.img"), img), "stage1: read error")

    def stage1_count(self, count):
        """The disk with stage one's sector-count config word set to count."""
        img = read(DISK)
        struct.pack_into("<H", img, 0x1B8, count)  # S1_CFG_S2_SECTORS (boot/layout.h)
        return write(self.path("n%d.img" % count), img)

    def test_stage1_count_zero(self):
        self.expect_stop(self.stage1_count(0), "stage1: stage2 corrupt")

    def test_stage1_count_huge(self):
        """0xFFFF sectors would be read over the IVT and stage one itself."""
        self.expect_stop(self.stage1_count(0xFFFF), "stage1: stage2 corrupt")

    def test_stage1_count_over_max(self):
        self.expect_stop(self.stage1_count(65), "stage1: stage2 corrupt")  # 64 fit below 64 KiB

    def test_stage1_count_short(self):
        """Fewer sectors than stage two has: the checksum cannot come out right."""
        self.expect_stop(self.stage1_count(2), "stage1: stage2 corrupt")

    def test_stage2_checksum_word_corrupt(self):
        img = read(DISK)
        img[SECTOR + 6] ^= 0x01  # S2H_CSUM
        self.expect_stop(write(self.path("cs.img"), img), "stage1: stage2 corrupt")

    def test_stage2_last_sector_corrupt(self):
        img = read(DISK)
        s2_sectors, = struct.unpack_from("<H", img, SECTOR + 4)
        img[SECTOR * s2_sectors + SECTOR - 2] ^= 0x80  # last word of stage two
        self.expect_stop(write(self.path("ls.img"), img), "stage1: stage2 corrupt")

    def test_stage2_magic_corrupt(self):
        img = read(DISK)
        img[SECTOR] ^= 0x01  # 'B' of "BLS2"
        self.expect_stop(write(self.path("mg.img"), img), "stage1: no stage2")

    def test_no_boot_signature(self):
        """Without 55 AA the BIOS must not run stage one at all."""
        img = read(DISK)
        img[510] = 0
        with Qemu(mem=64, disk=write(self.path("ns.img"), img),
                          extra=["-net", "none"]) as q:
            deadline, log = time.monotonic() + 30, ""
            while "No bootable device." not in log and time.monotonic() < deadline:
                time.sleep(0.05)
                if os.path.exists(q.debugcon_path):
                    with open(q.debugcon_path) as f:
                        log = f.read()
            self.assertIn("Booting from Hard Disk...\nBoot failed: not a bootable disk", log)
            self.assertIn("No bootable device.", log)
            self.assertEqual(q.serial(), "", "stage one ran without its signature")

    # ---- stage two: the disk ----
    def test_kernel_read_error(self):
        img = read(DISK)
        s2_sectors, = struct.unpack_from("<H", img, SECTOR + 4)
        img = img[:SECTOR * (1 + s2_sectors)]  # the kernel is not on the disk
        self.expect_stop(write(self.path("kr.img"), img), "stage2: error: kernel: disk read error")

    # ---- stage two: each kind of bad kernel ----
    def test_bad_magic(self):
        data = bytearray(self.kernel)
        data[0:4] = b"\x7fBAD"
        self.expect_stop(self.disk_with_kernel(data), "kernel: bad ELF magic")

    def test_64bit_elf(self):
        # A real 64-bit x86-64 ELF: the host-built mkdisk.
        self.expect_stop(self.disk_with_kernel(read(MKDISK)),
                         "not a 32-bit ELF (64-bit kernel?)")

    def test_wrong_machine(self):
        data = bytearray(self.kernel)
        struct.pack_into("<H", data, 18, 62)  # EM_X86_64
        self.expect_stop(self.disk_with_kernel(data), "ELF machine 62, not i386")

    def test_not_executable(self):
        data = bytearray(self.kernel)
        struct.pack_into("<H", data, 16, 1)  # ET_REL
        self.expect_stop(self.disk_with_kernel(data), "ELF type 1, not an executable")

    def test_no_segments(self):
        data = bytearray(self.kernel)
        struct.pack_into("<H", data, 44, 0)  # e_phnum = 0
        self.expect_stop(self.disk_with_kernel(data), "no loadable segments")

    def test_segment_below_1m(self):
        text = self.expect_stop(self.disk_with_kernel(self.patch_phdr(0, paddr=0x40000)),
                                "starts below 0x100000 (1 MiB)")
        self.assertIn("segment 0: [0x40000,", text)

    def test_segment_over_loader(self):
        text = self.expect_stop(self.disk_with_kernel(self.patch_phdr(0, paddr=0x8000)),
                                "overlaps the loader")
        self.assertIn("segment 0: [0x8000,", text)

    def test_segment_not_ram(self):
        # -m 16: RAM ends at 0xFE0000, then 128 KiB reserved for ACPI; a text
        # segment placed at 0xFDE000 runs into it.
        text = self.expect_stop(self.disk_with_kernel(self.patch_phdr(0, paddr=0xFDE000)),
                                "is not usable RAM", mem=16)
        self.assertIn("segment 0: [0xfde000,", text)

    def test_segment_beyond_window(self):
        self.expect_stop(self.disk_with_kernel(self.patch_phdr(1, paddr=0x1000000)),
                         "ends beyond the kernel window")

    def test_filesz_exceeds_memsz(self):
        _, phdrs = program_headers(self.kernel)
        self.expect_stop(self.disk_with_kernel(self.patch_phdr(0, memsz=phdrs[0][4] - 16)),
                         "exceeds memory size")

    def test_truncated_kernel(self):
        _, phdrs = program_headers(self.kernel)
        cut = phdrs[1][1] + 16  # inside the data segment's file bytes
        self.expect_stop(self.disk_with_kernel(self.kernel[:cut]), "run past the image end")

    def test_entry_outside_segments(self):
        data = bytearray(self.kernel)
        struct.pack_into("<I", data, 24, 0x300000)
        self.expect_stop(self.disk_with_kernel(data), "entry point 0x300000 is outside")

    def test_image_too_big(self):
        data = bytearray(self.kernel) + bytes(16 * 1024 * 1024)
        self.expect_stop(self.disk_with_kernel(data), "too big for the loader's window")

    def test_image_too_small(self):
        self.expect_stop(self.disk_with_kernel(b"\x7fELF"), "too small for an ELF header")

    # ---- ending a QEMU run ----
    def test_qemu_exit_only_when_asked(self):
        """With the qemu-exit boot option the kernel ends QEMU through isa-debug-exit:
        status (0 << 1) | 1 = 1 after a passing self-check."""
        disk = make_disk(self.path("x.img"), cmdline="qemu-exit")
        with Qemu(mem=32, disk=disk, exit_device=True) as q:
            self.assertEqual(q.wait_exit(timeout=60), 1)
            rep = parse_report(q.serial())
        self.assertIn("cmdline qemu-exit", rep.lines)
        self.assertEqual(rep.fields["selfcheck"], "ok")

    def test_default_image_never_exits(self):
        """The default image, even with the exit device present, halts and stays."""
        with Qemu(mem=32, exit_device=True) as q:
            q.wait_for(r"bootlab-report v4 end.*\n", timeout=60)
            time.sleep(0.5)
            self.assertIsNone(q.proc.poll(), "QEMU exited on its own")
            checks.wait_halted(self, q)
            self.assertNotIn("cmdline", q.serial())

    def test_exception_panics_not_reboots(self):
        """fault-test reads virtual 0 after the report: the CPU must fault (no identity
        mapping) and the IDT must turn it into a panic line and a halt."""
        disk = make_disk(self.path("f.img"), cmdline="fault-test")
        with Qemu(mem=32, disk=disk) as q:
            m = q.wait_for(r"panic: .*\n", timeout=60)
            self.assertIn("panic: trap 14 (page fault), error 0x0, eip 0x8", m.group(0))
            self.assertIn("cr2 0x0", m.group(0))
            self.assertNotIn("fault-test: read", q.serial())
            self.assertEqual(parse_report(q.serial()).fields["selfcheck"], "ok")
            regs = q.registers()
            self.assertEqual(regs["HLT"], 1)
            self.assertEqual(regs["CR2"], 0)

    # ---- the machine ----
    def test_no_uart_reports_on_screen(self):
        """-serial none: no 16550 at 0x3F8. The kernel must still boot and put its
        report on the VGA text screen, read here through the monitor."""
        with Qemu(mem=64, serial=False) as q:
            deadline = time.monotonic() + 60
            screen = q.screen_text()
            while "bootlab-report v4 end" not in screen and time.monotonic() < deadline:
                time.sleep(0.05)
                screen = q.screen_text()
            self.assertIn("bootlab-report v4 end", screen)
            self.assertIn("selfcheck ok", screen)
            checks.wait_halted(self, q)


if __name__ == "__main__":
    unittest.main()
