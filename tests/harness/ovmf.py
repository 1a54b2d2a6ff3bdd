"""ovmf.py - UEFI PCs: QEMU with OVMF, and what only a UEFI PC shows.

  firmware      the QEMU arguments of a UEFI PC: plain OVMF (pc or q35), OVMF's
                Secure Boot build with Debian's snakeoil keys (q35 + SMM, a
                private copy of the variable store), or 32-bit OVMF
  UefiPC        one UEFI PC (a tests.harness.qemu.Qemu): its disk read
                through snapshot=on, the framebuffer QEMU placed (info pci),
                the RAM QEMU gave it (info mtree), its screen read back
  UefiPtyPC     the same PC with COM1 on a pty (tests.harness.ptypc.PtyPC),
                started stopped, for a console that talks back
  FbFont, screen_lines
                the kernel's and loader's own 8x16 font (drivers/fb/font8x16.c)
                and a screendump turned back into text with it
  make_image    a disk image as build/mkdisk makes it, with any loader and kernel
Under TCG only: this machine's KVM fails every UEFI guest (../shared/notes/uefi.md).
"""

import os
import re
import shutil
import subprocess
import tempfile
import time

from tests.harness.paths import BUILD, KERNEL, MKDISK, ROOT
from tests.harness.ptypc import PtyPC
from tests.harness.qemu import Qemu

UEFI = os.path.join(BUILD, "uefi")
LOADER = os.path.join(UEFI, "BOOTX64.EFI")
LOADER32 = os.path.join(UEFI, "BOOTIA32.EFI")
SIGNED_LOADER = os.path.join(UEFI, "signed-esp", "EFI", "BOOT", "BOOTX64.EFI")
SNAKEOIL_KEY = os.path.join(UEFI, "snakeoil.key")  # make uefi-test unlocks it
SNAKEOIL_CERT = "/usr/share/ovmf/PkKek-1-snakeoil.pem"
OVMF = "/usr/share/ovmf/OVMF.fd"
SB_CODE = "/usr/share/OVMF/OVMF_CODE_4M.snakeoil.fd"
SB_VARS = "/usr/share/OVMF/OVMF_VARS_4M.snakeoil.fd"
IA32_CODE = "/usr/share/OVMF/OVMF32_CODE_4M.secboot.fd"  # package ovmf-ia32: only this build
IA32_VARS = "/usr/share/OVMF/OVMF32_VARS_4M.fd"          # no keys enrolled: nothing enforced
VGA_ID = "1234:1111"  # QEMU's standard VGA, whose BAR0 is the GOP framebuffer
REPORT_END = r"bootlab-report v\d+ end lines=\d+ crc32=0x[0-9a-f]{8}.*\n"
STOPPED = r"(uefi: halted|kernel: halted|panic: .*)\r?\n"


def firmware(workdir, machine="pc", secure=False, ia32=False):
    """QEMU arguments for the firmware: plain OVMF for machine, or a pflash
    build (Secure Boot, or 32-bit) on q35 with SMM and a private copy of its
    variable store in workdir."""
    if not secure and not ia32:
        return ["-machine", machine, "-bios", OVMF]
    code, varstore = (IA32_CODE, IA32_VARS) if ia32 else (SB_CODE, SB_VARS)
    vars_copy = os.path.join(workdir, "vars.fd")
    shutil.copy(varstore, vars_copy)
    return ["-machine", "q35,smm=on", "-global", "driver=cfi.pflash01,property=secure,value=on",
            "-drive", "if=pflash,format=raw,unit=0,readonly=on,file=%s" % code,
            "-drive", "if=pflash,format=raw,unit=1,file=%s" % vars_copy]


class UefiViews:
    """What only a UEFI PC's monitor shows (framebuffer, RAM, the screen's text,
    the kernel's halt), for a class with monitor(cmd, timeout) and registers()."""

    def framebuffer_base(self):
        """BAR0 of QEMU's VGA as "info pci" shows it: where QEMU put the framebuffer."""
        out = self.monitor("info pci")
        m = re.search(r"PCI device %s\n(?:.*\n)*?\s*BAR0: 32 bit prefetchable memory at "
                      r"0x([0-9a-f]+)" % VGA_ID, out)
        if not m:
            raise ValueError("no VGA BAR0 in info pci:\n" + out)
        return int(m.group(1), 16)

    def ram_ranges(self):
        """[(start, end)] of guest RAM ("pc.ram" in "info mtree -f"), sorted, merged."""
        out = self.monitor("info mtree -f", timeout=30)
        spans = sorted({(int(a, 16), int(b, 16) + 1) for a, b in
                        re.findall(r"([0-9a-f]{16})-([0-9a-f]{16}) \(prio \d+, ram\): pc\.ram", out)})
        merged = []
        for lo, hi in spans:
            if merged and lo <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
            else:
                merged.append((lo, hi))
        return merged

    def wait_kernel_halted(self, timeout=120):
        """Without a serial port: poll the registers until the CPU halts in the
        kernel (HLT, paging on, EFER 0: not the firmware's long mode). Returns them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            regs = self.registers()
            if regs.get("HLT") == 1 and regs.get("EFER") == 0 and regs.get("CR0", 0) >> 31:
                return regs
            time.sleep(0.2)
        raise TimeoutError("the kernel did not halt in %d s" % timeout)

    def screen_lines(self, font=None):
        """The screen's text, read cell by cell from a screendump with the built-in
        font (a cell no glyph matches reads '~'), as the lines that were written:
        a row filled to the last column continues on the next one. Empty lines
        are dropped."""
        w, h, rgb = self.screendump()
        rows, out = screen_lines(w, h, rgb, font or FbFont()), []
        wrapped = False
        for row in rows:
            if wrapped:
                out[-1] += row
            elif row:
                out.append(row)
            wrapped = len(row) == w // 8
        return out


class UefiPtyPC(UefiViews, PtyPC):
    """A UEFI PC (x86-64 OVMF on machine, or ia32=True 32-bit OVMF) whose COM1 is
    a pty: started stopped (-S), continued with cont(), killed by PID. disk is
    read with snapshot=on; no NIC."""

    def __init__(self, mem=128, disk=os.path.join(BUILD, "disk.img"), machine="pc", ia32=False):
        self.fw_dir = tempfile.mkdtemp(prefix="bootlab-uefi-")
        try:
            fw = firmware(self.fw_dir, machine, ia32=ia32)
            super().__init__(mem=mem, disk=disk, extra=fw + ["-net", "none"],
                             binary="qemu-system-x86_64", accel_name="tcg")
        except BaseException:
            shutil.rmtree(self.fw_dir, ignore_errors=True)
            raise

    def stop(self):
        super().stop()
        shutil.rmtree(self.fw_dir, ignore_errors=True)


class UefiPC(UefiViews, Qemu):
    """One x86-64 (or, ia32=True, 32-bit) UEFI PC under OVMF. disk: a raw image
    (build/disk.img by default), read with snapshot=on; nic: NIC arguments
    (default -net none: no PXE boot entries); the rest as tests.harness.qemu.Qemu:
    COM1 to a file, a monitor socket, killed by PID."""

    def __init__(self, mem=128, disk=os.path.join(BUILD, "disk.img"), machine="pc", secure=False,
                 ia32=False, nic=None, serial=True, extra=(), netns=None, workdir=None):
        workdir = workdir or tempfile.mkdtemp(prefix="bootlab-uefi-")
        args = firmware(workdir, machine, secure, ia32)
        if disk:
            args += ["-drive", "file=%s,format=raw,snapshot=on" % disk]
        args += list(nic) if nic else ["-net", "none"]
        super().__init__(mem=mem, disk=None, serial=serial, extra=args + list(extra), netns=netns,
                         workdir=workdir, binary="qemu-system-x86_64", accel_name="tcg")
        self.own_dir = True


class FbFont:
    """drivers/fb/font8x16.c's glyphs, keyed by their pixels, for reading a screen."""

    def __init__(self, path=os.path.join(ROOT, "drivers", "fb", "font8x16.c")):
        with open(path) as f:
            text = f.read()
        glyphs = re.findall(r"/\* 0x([0-9a-f]{2}) .*?\*/\s*\{([^}]*)\}", text)
        self.rows = {chr(int(c, 16)): tuple(int(b, 16) for b in body.split(",") if b.strip())
                     for c, body in glyphs}
        self.by_rows = {rows: ch for ch, rows in self.rows.items()}


def screen_lines(w, h, rgb, font, fg=(0xAA, 0xAA, 0xAA)):
    """Text cells of 8x16 pixels, light grey on black, as lines."""
    lines = []
    for row in range(h // 16):
        chars = []
        for col in range(w // 8):
            bits = []
            for y in range(16):
                off = ((row * 16 + y) * w + col * 8) * 3
                byte = 0
                for x in range(8):
                    if tuple(rgb[off + 3 * x:off + 3 * x + 3]) == fg:
                        byte |= 0x80 >> x
                bits.append(byte)
            chars.append(font.by_rows.get(tuple(bits), "~"))
        lines.append("".join(chars).rstrip())
    return lines


def make_image(out, kernel=KERNEL, loaders=(LOADER,), cmdline=None):
    """A hybrid disk image from build/mkdisk with these UEFI loaders and kernel."""
    args = [MKDISK, "-o", out, "-1", os.path.join(BUILD, "stage1.bin"),
            "-2", os.path.join(BUILD, "stage2.bin"), "-k", kernel]
    for loader in loaders:
        args += ["-u", loader]
    if cmdline:
        args += ["-c", cmdline]
    subprocess.run(args, check=True, capture_output=True)
    return out


def loader_lines(serial):
    """The loader's own lines ("uefi: ..."), CR removed, in order."""
    return [l for l in serial.replace("\r", "").split("\n") if l.startswith("uefi: ")]
