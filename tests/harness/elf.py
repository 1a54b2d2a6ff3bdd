"""elf.py - what the tests read from a kernel ELF: its symbols (through nm),
its program headers, and the bytes its loadable segments put in memory:
the kernel's self-hash (the report's khash line) and its build tag,
computed here with Python's hashlib, independently of lib/sha256.c and the
grader's ELF reader."""

import hashlib
import shutil
import struct
import subprocess

from tests.harness.paths import KERNEL

PT_LOAD = 1
SHT_PROGBITS, SHT_SYMTAB, SHF_ALLOC = 1, 2, 2
KERNLINK = 0x80100000  # docs/report-format.md: the hashed range starts here


class Symbols(dict):
    """{name: value} of one ELF; .path is the ELF they came from."""

    def __init__(self, path, values):
        super().__init__(values)
        self.path = path


def nm_tool():
    """The nm that reads the kernel: the cross toolchain's, else the host's."""
    for tool in ("i686-elf-nm", "i686-linux-gnu-nm", "nm"):
        if shutil.which(tool):
            return tool
    raise RuntimeError("no nm")


def kernel_symbols(elf=KERNEL):
    """Symbol values of the kernel ELF (data, end, entry, ...), from nm."""
    out = subprocess.run([nm_tool(), elf], check=True, capture_output=True, text=True).stdout
    syms = {}
    for line in out.split("\n"):
        parts = line.split()
        if len(parts) == 3:
            syms[parts[2]] = int(parts[0], 16)
    return Symbols(elf, syms)


def symbol_size(elf, name):
    """The size nm -S gives symbol name."""
    out = subprocess.run([nm_tool(), "-S", elf], check=True, capture_output=True, text=True).stdout
    for line in out.split("\n"):
        parts = line.split()
        if len(parts) == 4 and parts[3] == name:
            return int(parts[1], 16)
    raise KeyError(name)


def program_headers(data):
    """(offset of the program header table, [(type, off, vaddr, paddr, filesz, memsz)])."""
    phoff, = struct.unpack_from("<I", data, 28)
    phentsize, phnum = struct.unpack_from("<HH", data, 42)
    return phoff, [struct.unpack_from("<IIIIII", data, phoff + i * phentsize) for i in range(phnum)]


def load_layout(data):
    """What loading an ELF depends on: the entry point and the program header
    table (offsets included), and each segment's file bytes. A stripped copy
    (objcopy --strip-all, what make netboot serves) has the same layout."""
    entry, phoff = struct.unpack_from("<II", data, 24)
    _, phdrs = program_headers(data)
    return (entry, phoff, [p + (data[p[1]:p[1] + p[4]],) for p in phdrs])


def section_kinds(data):
    """[(sh_type, sh_flags)] of every section header."""
    shoff, = struct.unpack_from("<I", data, 32)
    shentsize, shnum = struct.unpack_from("<HH", data, 46)
    return [struct.unpack_from("<4xII", data, shoff + i * shentsize) for i in range(shnum)]


def is_stripped(data):
    """No symbol table and no section that is not loaded (debug information)."""
    return all(t != SHT_SYMTAB and not (t == SHT_PROGBITS and not flags & SHF_ALLOC)
               for t, flags in section_kinds(data))


def memory_bytes(data, start, end):
    """The bytes [start, end) of virtual memory as the ELF's PT_LOAD segments
    fill it: file bytes, then zeros up to memsz. Raises ValueError for a byte
    no segment covers."""
    out = bytearray()
    _, phdrs = program_headers(data)
    addr = start
    while addr < end:
        seg = [p for p in phdrs if p[0] == PT_LOAD and p[2] <= addr < p[2] + p[5]]
        if not seg:
            raise ValueError("0x%x is in no loadable segment" % addr)
        _, off, vaddr, _, filesz, memsz = seg[0]
        stop = min(end, vaddr + memsz)
        for a in range(addr, stop):
            out.append(data[off + a - vaddr] if a - vaddr < filesz else 0)
        addr = stop
    return bytes(out)


def kernel_hash(elf=KERNEL):
    """(SHA-256 hex digest, start, end) of [KERNLINK, erodata) in memory, from the ELF."""
    end = kernel_symbols(elf)["erodata"]
    with open(elf, "rb") as f:
        data = f.read()
    return hashlib.sha256(memory_bytes(data, KERNLINK, end)).hexdigest(), KERNLINK, end


def build_tag(elf=KERNEL):
    """The kernel's build_tag string, from its bytes in the ELF's segments."""
    addr = kernel_symbols(elf)["build_tag"]
    with open(elf, "rb") as f:
        data = f.read()
    return memory_bytes(data, addr, addr + symbol_size(elf, "build_tag")).split(b"\0")[0].decode()
