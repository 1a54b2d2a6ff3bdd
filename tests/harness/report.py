"""report.py - the kernel's report (docs/report-format.md, versions 1 to 4):
found in a serial log, its line count and CRC checked, its lines parsed into
fields. Markers are whole lines only: a line that merely contains a
marker's text (a cmdline, say) is a report line."""

import re
import zlib

REPORT_BEGIN = re.compile(r"^bootlab-report v(\d+) begin$")
REPORT_END = re.compile(r"^bootlab-report v(\d+) end lines=(\d+) crc32=0x([0-9a-f]{8})"
                        r"(?: copy=(\d+))?$")
REQUEST = b"\x05"  # ENQ: asks a halted v2 kernel for another copy


class Report:
    """A parsed report: lines, and the fields of each kind of line; version and
    copy come from the markers (copy is None in a version 1 report).
    milestones: {name: (tsc, us)} in boot order, "reset" as (None, us)."""

    def __init__(self, lines, version=None, copy=None):
        self.lines = lines
        self.version = version
        self.copy = copy
        self.fields = {}
        self.raw = []
        self.efi = []  # a UEFI boot's raw lines: (type, start, pages, attr)
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
            elif key == "raw" and re.fullmatch(r"\d+-\d+", rest.split()[0]):
                first, last = (int(x) for x in rest.split()[0].split("-"))
                descs = rest.split()[1:]
                if first != len(self.efi) or last - first + 1 != len(descs):
                    raise ValueError("UEFI raw line out of order or miscounted: %r" % line)
                for d in descs:  # version 4: T:START:PAGES:ATTR, short hex
                    t, start, pages, attr = d.split(":")
                    self.efi.append((int(t), int(start, 16), int(pages, 16), int(attr, 16)))
            elif key == "raw" and rest.split()[0].isdigit() and "start" in kv:
                self.efi.append((int(kv["type"]), int(kv["start"], 16), int(kv["pages"], 16),
                                 int(kv["attr"], 16)))
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
            elif key == "cmdline":
                self.fields["cmdline"] = rest
            else:
                self.fields.update({key + "_" + k: v for k, v in kv.items()})


def split_lines(text):
    return text.replace("\r", "").split("\n")


def reports(text):
    """Every complete report in a serial log, in order, as Reports; each one's line
    count and CRC checked. Raises ValueError naming the first one that is wrong."""
    lines = split_lines(text)
    out, start = [], None
    for j, line in enumerate(lines):
        if REPORT_BEGIN.match(line):
            start = j
            continue
        m = REPORT_END.match(line)
        if not m or start is None:
            continue
        body = lines[start:j]
        if int(m.group(2)) != len(body):
            raise ValueError("end marker says %s lines, report has %d" % (m.group(2), len(body)))
        crc = zlib.crc32("".join(l + "\n" for l in body).encode("latin-1")) & 0xFFFFFFFF
        if crc != int(m.group(3), 16):
            raise ValueError("CRC mismatch: computed %08x, marker %s" % (crc, m.group(3)))
        version = int(m.group(1))
        if version != int(REPORT_BEGIN.match(body[0]).group(1)):
            raise ValueError("begin and end markers differ in version")
        if (m.group(4) is None) != (version == 1):
            raise ValueError("copy= is in the end marker of version 2 and later reports only")
        out.append(Report(body, version, int(m.group(4)) if m.group(4) else None))
        start = None
    return out


def parse_report(text):
    """The last complete report in a serial log, its line count and CRC checked.
    Raises ValueError naming what is wrong."""
    lines = split_lines(text)
    if not any(REPORT_BEGIN.match(l) for l in lines):
        raise ValueError("no report begin marker")
    found = reports(text)
    if not found:
        raise ValueError("report incomplete (no end marker)")
    return found[-1]


def reseal(text, edit):
    """text with each report's lines passed through edit(line) -> line, or a list
    of lines, or None (dropped), and every end marker's count and CRC recomputed
    (copy= kept): a hand-forged report, as docs/report-format.md says to make one."""
    out, body = [], None
    for line in split_lines(text):
        if REPORT_BEGIN.match(line):
            body = [line]
            out.append(line)
            continue
        m = REPORT_END.match(line)
        if m and body is not None:
            crc = zlib.crc32("".join(l + "\n" for l in body).encode("latin-1")) & 0xFFFFFFFF
            out.append("bootlab-report v%s end lines=%d crc32=0x%08x%s" % (
                m.group(1), len(body), crc, " copy=" + m.group(4) if m.group(4) else ""))
            body = None
            continue
        if body is None:
            out.append(line)
            continue
        new = edit(line)
        new = [] if new is None else [new] if isinstance(new, str) else new
        body += new
        out += new
    return "\n".join(out)
