"""report.py - the kernel's report (docs/report-format.md): found in a serial
log, its line count and CRC checked, its lines parsed into fields."""

import re
import zlib

REPORT_BEGIN = re.compile(r"bootlab-report v(\d+) begin")
REPORT_END = re.compile(r"bootlab-report v(\d+) end lines=(\d+) crc32=0x([0-9a-f]{8})")


class Report:
    """A parsed report: lines, and the fields of each kind of line.
    milestones: {name: (tsc, us)} in boot order, "reset" as (None, us)."""

    def __init__(self, lines):
        self.lines = lines
        self.version = int(REPORT_BEGIN.search(lines[0]).group(1)) if lines else 0
        self.fields = {}
        self.raw = []
        self.sane = []
        self.kmap = {}
        self.milestones = {}
        self.selfcheck_errors = []
        for line in lines[1:]:
            key, _, rest = line.partition(" ")
            kv = dict(re.findall(r"(\w+)=(\S+)", rest))
            if key == "milestone":
                name = rest.split()[0]
                tsc = int(kv["tsc"], 16) if "tsc" in kv else None
                self.milestones[name] = (tsc, int(kv["us"]))
            elif key in ("cpu", "smbios", "tsc") and not kv:
                self.fields[key] = rest  # "cpu none", "smbios none"
            elif key == "raw" and rest.split()[0].isdigit():
                self.raw.append((int(kv["base"], 16), int(kv["len"], 16), int(kv["type"]),
                                 int(kv["attr"], 16)))
            elif key == "sane" and rest.split()[0].isdigit():
                r = re.match(r"\d+ 0x([0-9a-f]+)-0x([0-9a-f]+) type=(\d+)", rest)
                self.sane.append((int(r.group(1), 16), int(r.group(2), 16), int(r.group(3))))
            elif key == "kmap":
                name = rest.split()[0]
                va = [int(x, 16) for x in kv["va"].split("-")]
                pa = [int(x, 16) for x in kv["pa"].split("-")]
                self.kmap[name] = (va[0], va[1], pa[0], pa[1], kv["perm"], int(kv["pages"]))
            elif key == "selfcheck-error":
                self.selfcheck_errors.append(rest)
            elif key == "selfcheck":
                self.fields["selfcheck"] = rest.split()[0]
                self.fields.update({"selfcheck_" + k: v for k, v in kv.items()})
            else:
                self.fields.update({key + "_" + k: v for k, v in kv.items()})


def parse_report(text):
    """Find the last complete report in a serial log, check its line count and
    CRC, and return a Report. Raises ValueError naming what is wrong."""
    text = text.replace("\r", "")
    lines = text.split("\n")
    begins = [i for i, l in enumerate(lines) if REPORT_BEGIN.search(l)]
    if not begins:
        raise ValueError("no report begin marker")
    start = begins[-1]
    for j in range(start + 1, len(lines)):
        m = REPORT_END.search(lines[j])
        if m:
            body = lines[start:j]
            if int(m.group(2)) != len(body):
                raise ValueError("end marker says %s lines, report has %d" % (m.group(2), len(body)))
            crc = zlib.crc32("".join(l + "\n" for l in body).encode("latin-1")) & 0xFFFFFFFF
            if crc != int(m.group(3), 16):
                raise ValueError("CRC mismatch: computed %08x, marker %s" % (crc, m.group(3)))
            return Report(body)
    raise ValueError("report incomplete (no end marker)")
