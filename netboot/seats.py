"""seats.py - the seat files of the TFTP/HTTP root, and the check that
dnsmasq will serve every file in it (make netboot [MANIFEST=FILE]).

    python3 -m netboot.seats [--manifest FILE] [--root build/netboot] [--build-dir build]
        [--objcopy objcopy]
    python3 -m netboot.seats --check-only [--root build/netboot]

With a manifest, seats/ becomes exactly the manifest's seats. For each seat:
builds/<seat>/kernel.elf (its kernel without symbols, objcopy --strip-all,
as make netboot serves the course's kernel.elf: the grader reads the full
ELF from the manifest's path; none when it is the course's own kernel),
seats/<mac>.ipxe naming it, and for the default loader (pxe)
seats/<mac>.pxe: bootlab.pxe with the seat's boot options in its header
(kernel=, com=, baud=), so bootlab's own loader fetches the seat's kernel. A
seat whose kernel is missing (its student's tree did not build) gets a seat
file that says so on the PC's screen instead of booting another kernel.

Always: seats/index.ipxe lists every seat file (boot.ipxe fetches a seat
file only when it is listed, so no PC asks for a file that is not there),
and every file under the root is checked the way dnsmasq's tftp-secure will
judge it: owned by the user dnsmasq runs as (the owner of the root; as root,
files must be world-readable), readable by all (the HTTP server), inside the
root. Files written here are given to that user when this runs as root; a
file that still fails is removed, and the run fails naming it, so no PC is
silently handed another kernel.
"""

import argparse
import os
import pwd
import stat
import subprocess
import sys
import tempfile

from netboot import manifest

ROOT = manifest.ROOT
INDEX = "index.ipxe"
DEFAULT = "default.ipxe"


class Root:
    """The TFTP root and the user dnsmasq runs as (its owner: netboot/dnsmasq_conf.py)."""

    def __init__(self, path):
        self.path = os.path.realpath(path)
        st = os.stat(self.path)
        self.uid, self.gid = st.st_uid, st.st_gid
        self.written = []

    def join(self, *parts):
        return os.path.join(self.path, *parts)

    def write(self, rel, data, mode=0o644):
        """Write a file under the root (bytes or text), owned by the server user."""
        path = self.join(rel)
        self.mkdirs(os.path.dirname(rel))
        with open(path, "wb") as f:
            f.write(data.encode() if isinstance(data, str) else data)
        self.own(path, mode)
        self.written.append(rel)

    def copy_stripped(self, src, rel, objcopy):
        """Write src under the root without its symbols and debug sections
        (objcopy --strip-all: the same program headers and segment bytes)."""
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "stripped.elf")
            subprocess.run([objcopy, "--strip-all", src, out], check=True, capture_output=True)
            with open(out, "rb") as f:
                self.write(rel, f.read())

    def mkdirs(self, rel):
        parts, cur = [p for p in rel.split("/") if p], self.path
        for p in parts:
            cur = os.path.join(cur, p)
            if not os.path.isdir(cur):
                os.mkdir(cur)
                self.own(cur, 0o755)

    def own(self, path, mode):
        os.chmod(path, mode)
        if os.geteuid() == 0 and (os.stat(path).st_uid, os.stat(path).st_gid) != (self.uid,
                                                                                   self.gid):
            os.chown(path, self.uid, self.gid)


def problem(root, path):
    """Why dnsmasq (tftp-secure) or the HTTP server would not serve path, or None."""
    if not os.path.exists(path):
        return "is a link to nothing"
    real = os.path.realpath(path)
    if not (real + os.sep).startswith(root.path + os.sep):
        return "leads outside the root (to %s)" % real
    st = os.stat(path)
    if root.uid != 0 and st.st_uid != root.uid:
        return ("owned by %s, but dnsmasq runs as %s (the owner of the root) and tftp-secure "
                "serves only its files" % (user(st.st_uid), user(root.uid)))
    need = stat.S_IROTH | (stat.S_IXOTH if stat.S_ISDIR(st.st_mode) else 0)
    if st.st_mode & need != need:
        return "not readable by everyone (mode %o): dnsmasq and the HTTP server skip it" % (
            st.st_mode & 0o777)
    return None


def user(uid):
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return "uid %d" % uid


def problems(root):
    """[(path relative to the root, why)] for every file and directory dnsmasq would not serve."""
    out = []
    for top, dirs, files in os.walk(root.path):
        for name in dirs + files:
            path = os.path.join(top, name)
            why = problem(root, path)
            if why:
                out.append((os.path.relpath(path, root.path), why))
    return out


def seat_file(seat, kernel, nbp):
    """The iPXE seat file of one seat: its kernel and how to load it (boot.ipxe reads these)."""
    who = "%s (%s)" % (seat.seat, seat.student) if seat.student else seat.seat
    text = "#!ipxe\n# %s: written by make netboot MANIFEST=... from the lab manifest\n" % who
    text += "set seat %s\n" % who
    if kernel is None:
        why = ("the tree of %s did not build" % seat.student if seat.kind == "tree"
               else "%s is missing" % seat.elf)
        return text + ("set seat_error no kernel for this seat: %s. On the server: make lab-build "
                       "and make netboot MANIFEST=..., then this PC boots by itself\n" % why)
    text += "set kernel %s\nset loader %s\n" % (kernel, seat.loader)
    if seat.loader == "pxe":
        text += "set nbp %s\n" % nbp
    # args: the Multiboot kernel's options; a UEFI PC's loader gets them too (boot.ipxe).
    return text + ("set args %s\n" % seat.boot_options if seat.boot_options else "")


def write_seat(root, seat, build_dir, mkpxe, objcopy="objcopy"):
    """A seat's kernel (stripped with objcopy), seat file and (loader pxe) its own bootlab.pxe.
    Returns its kernel's path in the root, or None when the seat has no kernel."""
    course = os.path.realpath(os.path.join(build_dir, "kernel.elf"))
    kernel = None
    if os.path.exists(seat.elf):
        kernel = "kernel.elf" if os.path.realpath(seat.elf) == course else \
            "builds/%s/kernel.elf" % seat.seat
    stale = root.join("builds", seat.seat, "kernel.elf")
    if os.path.exists(stale):
        os.remove(stale)
    if kernel and kernel != "kernel.elf":
        root.copy_stripped(seat.elf, kernel, objcopy)
    nbp = "seats/%s.pxe" % seat.mac_file
    if kernel and seat.loader == "pxe":
        root.write(nbp, mkpxe(" ".join(filter(None, ["kernel=" + kernel, seat.boot_options]))))
    root.write("seats/%s.ipxe" % seat.mac_file, seat_file(seat, kernel, nbp))
    return kernel


def nbp_maker(build_dir):
    """A function: boot options -> the bytes of bootlab.pxe with them in its header (build/mkpxe)."""
    def make(cmdline):
        out = os.path.join(build_dir, "netboot-seat.pxe")
        subprocess.run([os.path.join(build_dir, "mkpxe"), "-o", out, "-1",
                        os.path.join(build_dir, "pxe_stub.bin"), "-2",
                        os.path.join(build_dir, "stage2.bin"), "-c", cmdline],
                       check=True, capture_output=True)
        with open(out, "rb") as f:
            data = f.read()
        os.remove(out)
        return data
    return make


def clear_seats(root):
    """With a manifest, seats/ holds exactly its seats: drop every other seat file."""
    seats = root.join("seats")
    for name in os.listdir(seats) if os.path.isdir(seats) else []:
        if name not in (DEFAULT, INDEX) and name.endswith((".ipxe", ".pxe")):
            os.remove(os.path.join(seats, name))


def write_index(root):
    """seats/index.ipxe: the MACs that have a seat file, for boot.ipxe. Returns their count."""
    seats = root.join("seats")
    macs = sorted(n[:-5] for n in os.listdir(seats)
                  if n.endswith(".ipxe") and n not in (DEFAULT, INDEX))
    text = ("#!ipxe\n# The PCs with a seat file of their own (written by make netboot): "
            "boot.ipxe\n# chains seats/<mac>.ipxe for these, seats/default.ipxe for the others.\n")
    text += "".join("iseq ${mac:hexhyp} %s && set seatfile seats/%s.ipxe ||\n" % (m, m)
                    for m in macs)
    root.write("seats/" + INDEX, text)
    return len(macs)


def check(root):
    """Remove written files dnsmasq would not serve; print every problem. Returns their count."""
    bad = problems(root)
    for rel, why in bad:
        removed = rel in root.written
        if removed:
            os.remove(root.join(rel))
        print("netboot: %s/%s %s%s" % (root.path, rel, why, "; removed" if removed else ""),
              file=sys.stderr)
    if bad:
        print("netboot: %d file(s) dnsmasq would not serve. Build the root as the user who owns "
              "it (%s), or as root: sudo make netboot ...; or fix them: sudo chown -R %s %s && "
              "chmod -R a+rX %s" % (len(bad), user(root.uid), user(root.uid), root.path,
                                    root.path), file=sys.stderr)
    return len(bad)


def run(args, root, build_dir):
    """main's work: the seats (with a manifest), the index, the check. The exit status."""
    if not args.check_only:
        try:
            seats = manifest.read(args.manifest, build_dir) if args.manifest else None
        except manifest.ManifestError as e:
            print("netboot: %s" % e, file=sys.stderr)
            return 2
        if seats is not None:
            clear_seats(root)
            mkpxe = nbp_maker(build_dir)
            missing = [s.seat for s in seats
                       if write_seat(root, s, build_dir, mkpxe, args.objcopy) is None]
            print("netboot: %d seats from %s%s" % (len(seats), args.manifest,
                  "; no kernel for %s (make lab-build)" % ", ".join(missing) if missing else ""))
        n = write_index(root)
        print("netboot: %d seat file(s) listed in seats/index.ipxe" % n)
    if check(root):
        return 1
    print("netboot: every file in %s can be served by dnsmasq running as %s" % (
        root.path, user(root.uid)))
    return 0


def main(argv):
    ap = argparse.ArgumentParser(prog="python3 -m netboot.seats",
                                 description=__doc__.split("\n")[0])
    ap.add_argument("--manifest", help="the lab manifest: write its seats")
    ap.add_argument("--root", default=os.path.join(ROOT, "build", "netboot"))
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    ap.add_argument("--check-only", action="store_true", help="only check the root")
    ap.add_argument("--objcopy", default="objcopy",
                    help="the objcopy that strips the seats' kernels (make netboot passes its own)")
    args = ap.parse_args(argv)
    build_dir = os.path.abspath(args.build_dir)
    try:
        return run(args, Root(args.root), build_dir)
    except subprocess.CalledProcessError as e:  # a seat's kernel objcopy cannot read
        print("netboot: %s: %s" % (" ".join(e.cmd), e.stderr.decode(errors="replace").strip()),
              file=sys.stderr)
        return 1
    except OSError as e:  # a root or build directory this user may not write
        print("netboot: %s: %s. Run it as the owner of %s (or as root)" % (
            e.filename or args.root, e.strerror, args.root), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
