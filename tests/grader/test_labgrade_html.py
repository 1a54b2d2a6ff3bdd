"""test_labgrade_html.py - the HTML report, as a teacher reads it, in a real browser.

labgrade grades a manifest of six seats, each with its student, from
recorded consoles: a passing -m 128 boot, a passing -m 512 boot (its limit
is PHYSTOP), the -m 128 boot with a forged kmap row and a valid CRC (FAIL),
a PC that stopped (too little memory), a report cut off (incomplete) and a
console of line noise (no-report). Headless Chromium (Debian's chromium)
then
  * parses it (--dump-dom): failures first, in the summary and the sections,
    every summary row a link to its section; limits in MiB beside hex; the
    forged row hatched and outlined in red with its failed check written
    above the picture, and nothing red in a passing PC's picture; the last
    console lines of the stopped, incomplete and no-report PCs; no script;
  * lays it out, with a measuring script added to a copy of the page: no two
    labels of a picture overlap, and every label lies inside its picture;
  * paints it (--screenshot): the picture is not blank and shows the
    usable-RAM green of the memory map, the blue of the read-only text rows
    (16 KiB each, visible only because labgrade widens them) and the red of
    the failed row.
"""

import html
import json
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
from tests.harness.report import reseal

CHROMIUM = shutil.which("chromium")
GREEN = (0x4C, 0xAF, 0x50)  # usable RAM in lg_html.c
BLUE = (0x64, 0xB5, 0xF6)  # a read-only kmap row (the text row, widened to 10 px)


def forge(text):
    """The text row made writable, line count and CRC recomputed (the kernel 'lies')."""
    return reseal(text, lambda l: l.replace("perm=r-", "perm=rw") if l.startswith("kmap text")
                  else l)


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


MEASURE = """<script>
// Every <text> of every picture, as laid out: overlapping pairs, and labels
// outside their picture. Written into the page for --dump-dom to show.
var found = {overlaps: [], outside: [], texts: 0};
document.querySelectorAll("svg.memmap").forEach(function (svg, k) {
  var w = svg.viewBox.baseVal.width, h = svg.viewBox.baseVal.height;
  var boxes = Array.prototype.map.call(svg.querySelectorAll("text"), function (t) {
    var b = t.getBBox();
    return {text: t.textContent, x0: b.x, y0: b.y, x1: b.x + b.width, y1: b.y + b.height};
  });
  found.texts += boxes.length;
  boxes.forEach(function (a, i) {
    if (a.x0 < 0 || a.y0 < 0 || a.x1 > w || a.y1 > h) found.outside.push([k, a.text]);
    boxes.slice(i + 1).forEach(function (b) {
      if (a.x0 < b.x1 - 0.5 && b.x0 < a.x1 - 0.5 && a.y0 < b.y1 - 0.5 && b.y0 < a.y1 - 0.5)
        found.overlaps.push([k, a.text, b.text]);
    });
  });
});
var pre = document.createElement("pre");
pre.id = "measured";
pre.textContent = JSON.stringify(found);
document.body.appendChild(pre);
</script>"""

RED = (0xD5, 0x00, 0x00)
SEATS = [  # seat, student, console log, verdict
    ("good", "ada", "m128.log", "pass"),
    ("big", "brian", "m512.log", "pass"),
    ("forged", "carol", "forged.log", "FAIL"),
    ("small", "dennis", "m2-too-small.log", "stopped"),
    ("cut", "edsger", "cut.log", "incomplete"),
    ("noise", "frances", "noise.log", "no-report"),
]
ORDER = ["forged", "small", "cut", "noise", "good", "big"]  # failures first (lg_verdict.c ranks)


def section(dom, seat):
    """The HTML of one PC's section."""
    m = re.search(r'<section class="pc" id="pc-%s">.*?</section>' % seat, dom, re.S)
    assert m, "no section for %s" % seat
    return m.group(0)


@unittest.skipUnless(CHROMIUM, "chromium not installed (apt-get install chromium)")
class HtmlTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="bootlab-html-")
        with open(labgrade.log("m128.log")) as f:
            text = f.read()
        lines = text.replace("\r", "").split("\n")
        cut = next(i for i, l in enumerate(lines) if l.startswith("kmap data"))
        logs = {"forged.log": forge(text).encode(), "cut.log": "\n".join(lines[:cut]).encode(),
                "noise.log": bytes((i * 151 + 17) % 256 for i in range(600))}
        for name, data in logs.items():
            with open(os.path.join(cls.dir, name), "wb") as f:
                f.write(data)
        manifest = os.path.join(cls.dir, "lab.txt")
        with open(manifest, "w") as f:
            for i, (seat, student, log, _) in enumerate(SEATS):
                path = log if log in logs else labgrade.log(log)
                f.write("%s 52:54:00:00:00:%02x file:%s %s %s\n"
                        % (seat, i + 1, path, student, labgrade.LOGS_KERNEL))
        cls.html = os.path.join(cls.dir, "lab.html")
        r = subprocess.run([LABGRADE, "-q", "--manifest", manifest, "--html", cls.html],
                           capture_output=True, text=True)
        assert r.returncode == 1, r.stdout + r.stderr
        with open(cls.html) as f:
            cls.source = f.read()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def chromium(self, *args):
        profile = tempfile.mkdtemp(prefix="bootlab-chromium-", dir=self.dir)
        cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--user-data-dir=" + profile] + list(args)
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=self.dir)

    def dom(self):
        return self.chromium("--dump-dom", "file://" + self.html).stdout

    def test_failures_first_with_anchors(self):
        self.assertNotIn("<script", self.source)
        dom = self.dom()
        self.assertEqual(re.findall(r'<section class="pc" id="pc-(\w+)"', dom), ORDER)
        summary = re.search(r'<table class="summary" id="summary">.*?</table>', dom, re.S).group(0)
        self.assertEqual(re.findall(r'<a href="#pc-(\w+)">', summary), ORDER)
        for seat, student, _, verdict in SEATS:
            self.assertRegex(summary, r'<a href="#pc-%s">%s</a></td><td>%s</td><td class="\w+">%s<'
                             % (seat, seat, student, verdict))
            self.assertIn('<span class="student">%s</span>' % student, section(dom, seat))

    def test_limits_in_mib(self):
        dom = self.dom()
        self.assertIn('<td class="num">0x07fe0000 (127.9 MiB)</td>', dom)
        self.assertIn('<td class="num">0x0e000000 (224.0 MiB)</td>', dom)
        good, big = section(dom, "good"), section(dom, "big")
        self.assertIn(">limit 0x07fe0000 (127.9 MiB)</text>", good)
        self.assertIn(">PHYSTOP 0x0e000000 (224.0 MiB)</text>", good)
        # the limit at PHYSTOP (>= 224 MiB): one label, not two on top of each other
        self.assertIn(">limit = PHYSTOP 0x0e000000 (224.0 MiB)</text>", big)
        self.assertNotIn(">PHYSTOP 0x0e000000", big)

    def test_labels_never_overlap(self):
        """Measured in Chromium's layout: the bounding box of every label of every picture."""
        page = os.path.join(self.dir, "measured.html")
        with open(page, "w") as f:
            f.write(self.source.replace("</body>", MEASURE + "</body>"))
        dom = self.chromium("--virtual-time-budget=5000", "--dump-dom", "file://" + page).stdout
        found = json.loads(html.unescape(re.search(r'<pre id="measured">(.*?)</pre>', dom,
                                                   re.S).group(1)))
        self.assertGreater(found["texts"], 60, "too few labels measured: %s" % found)
        self.assertEqual(found["overlaps"], [])
        self.assertEqual(found["outside"], [])

    def test_failing_check_drawn(self):
        dom = self.dom()
        forged = section(dom, "forged")
        self.assertIn('<p class="banner">kmap text perm: expected r-, reported rw</p>', forged)
        svg = re.search(r"<svg.*?</svg>", forged, re.S).group(0)
        self.assertIn('<text class="callout"', svg)
        self.assertIn(">kmap text perm: expected r-, reported rw</text>", svg)
        # the reported text row, physical and virtual: hatched and outlined in red
        self.assertEqual(len(re.findall(r'<rect class="failed"', svg)), 2)
        self.assertEqual(len(re.findall(r'stroke="#d50000" stroke-width="4"><title>text ', svg)),
                         2)
        for seat in ("good", "big"):
            self.assertNotIn("failed", section(dom, seat))
            self.assertNotIn('class="banner"', section(dom, seat))

    def test_console_tails(self):
        dom = self.dom()
        want = {"small": "kernel: error: too little memory above the kernel",
                "cut": "kmap text va=0x80100000-",
                "noise": "?"}
        for seat, line in want.items():
            tail = re.search(r'<pre class="tail">(.*?)</pre>', section(dom, seat), re.S)
            self.assertTrue(tail, "no console tail for %s" % seat)
            self.assertIn(line, tail.group(1))
        self.assertIn("bytes were not text: is the line at another speed?", section(dom, "noise"))
        for seat in ("good", "big", "forged"):
            self.assertNotIn('class="tail"', section(dom, seat))

    def test_screenshot(self):
        png = os.path.join(self.dir, "shot.png")
        self.chromium("--screenshot=" + png, "--window-size=1100,1400", "file://" + self.html)
        w, h, rows, bpp = png_pixels(png)
        self.assertEqual((w, h), (1100, 1400))
        self.assertGreater(len(set(rows)), 100, "the page looks blank")
        self.assertGreater(count_color(rows, bpp, GREEN), 500, "no usable-RAM bars painted")
        self.assertGreater(count_color(rows, bpp, BLUE), 200, "the text rows are not painted")
        self.assertGreater(count_color(rows, bpp, RED, tol=40), 300, "the failure is not red")


if __name__ == "__main__":
    unittest.main()
