"""test_labgrade_html.py - the HTML report renders in a real browser.

labgrade writes an HTML page for three PCs (a passing -m 128 boot, the same
boot with a forged kmap row and a valid CRC, and a PC that stopped). Headless
Chromium (Debian's chromium) then
  * parses it (--dump-dom): one <svg> per graded PC, with the rectangles
    labgrade drew, and no script;
    the four lanes of the forged text row outlined in red, and no script;
  * paints it (--screenshot): the picture is not blank and shows the
    usable-RAM green of the memory map and the blue of the read-only text
    rows (16 KiB each, visible only because labgrade widens them).
"""

import os
import re
import shutil
import struct
import subprocess
import tempfile
import unittest
import zlib

from tests.harness import labgrade
from tests.harness.paths import LABGRADE

CHROMIUM = shutil.which("chromium")
GREEN = (0x4C, 0xAF, 0x50)  # usable RAM in lg_html.c
BLUE = (0x64, 0xB5, 0xF6)  # a read-only kmap row (the text row, widened to 10 px)


def forge(text):
    """The text row made writable, line count and CRC recomputed (the kernel 'lies')."""
    lines = text.replace("\r", "").split("\n")
    b = next(i for i, l in enumerate(lines) if re.fullmatch(r"bootlab-report v\d+ begin", l))
    e = next(i for i, l in enumerate(lines) if re.match(r"bootlab-report v\d+ end ", l))
    version = lines[b].split()[1]
    lines = [l.replace("perm=r-", "perm=rw") if l.startswith("kmap text") else l for l in lines]
    body = lines[b:e]
    crc = zlib.crc32("".join(l + "\n" for l in body).encode()) & 0xFFFFFFFF
    lines[e] = "bootlab-report %s end lines=%d crc32=0x%08x" % (version, len(body), crc)
    return "\n".join(lines)


def png_pixels(path):
    """Decode an 8-bit RGB/RGBA PNG (what Chromium writes): (width, height, rows of bytes, bpp)."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6)
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw, rows, prev = zlib.decompress(idat), [], bytearray(w * bpp)
    stride = w * bpp + 1
    for y in range(h):
        f, line = raw[y * stride], bytearray(raw[y * stride + 1:(y + 1) * stride])
        for i in range(len(line)):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, rows, bpp


def count_color(rows, bpp, rgb, tol=12):
    n = 0
    for row in rows:
        for i in range(0, len(row), bpp):
            if all(abs(row[i + k] - rgb[k]) <= tol for k in range(3)):
                n += 1
    return n


@unittest.skipUnless(CHROMIUM, "chromium not installed (apt-get install chromium)")
class HtmlTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="bootlab-html-")
        with open(labgrade.log("m128.log")) as f:
            text = f.read()
        with open(os.path.join(cls.dir, "forged.log"), "w") as f:
            f.write(forge(text))
        cls.html = os.path.join(cls.dir, "lab.html")
        r = subprocess.run([LABGRADE, "-q", "-k", labgrade.LOGS_KERNEL,
                            "--html", cls.html, "good=" + labgrade.log("m128.log"),
                            "forged=" + os.path.join(cls.dir, "forged.log"),
                            "small=" + labgrade.log("m2-too-small.log")],
                           capture_output=True, text=True)
        assert r.returncode == 1, r.stdout + r.stderr

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def chromium(self, *args):
        profile = tempfile.mkdtemp(prefix="bootlab-chromium-", dir=self.dir)
        cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--user-data-dir=" + profile] + list(args)
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=self.dir)

    def test_dom(self):
        with open(self.html) as f:
            source = f.read()
        self.assertNotIn("<script", source)
        dom = self.chromium("--dump-dom", "file://" + self.html).stdout
        self.assertEqual(len(re.findall(r"<svg\b", dom)), 2)  # good and forged; small has none
        self.assertEqual(len(re.findall(r"<rect\b", dom)), len(re.findall(r"<rect\b", source)))
        self.assertGreater(len(re.findall(r"<rect\b", dom)), 30)
        self.assertIn("kmap text perm", dom)
        outlined = re.findall(r'<rect[^>]*stroke="#d50000"[^>]*><title>text ', dom)
        self.assertEqual(len(outlined), 4, "the forged row is not outlined in all four lanes")

    def test_screenshot(self):
        png = os.path.join(self.dir, "shot.png")
        self.chromium("--screenshot=" + png, "--window-size=1100,1400", "file://" + self.html)
        w, h, rows, bpp = png_pixels(png)
        self.assertEqual((w, h), (1100, 1400))
        self.assertGreater(len(set(rows)), 100, "the page looks blank")
        self.assertGreater(count_color(rows, bpp, GREEN), 500, "no usable-RAM bars painted")
        self.assertGreater(count_color(rows, bpp, BLUE), 400, "the text rows are not painted")


if __name__ == "__main__":
    unittest.main()
