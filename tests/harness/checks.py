"""checks.py - the checks every booted report goes through, shared by the
disk matrix (tests/qemu/test_matrix.py), the replay tests and the
network-boot tests (tests/netboot/).

check_report compares every field of a parsed report with what oracle.py
computes from the report's own raw map and the kernel ELF's symbols.
check_live_tables reads the page table of the halted guest from QEMU's
monitor and compares it with the same expectation: the kernel's self-check
is never taken on trust. check_listening checks the state a kernel halts in
after its report: waiting for the console's request byte with only the
UART's interrupt open (docs/report-format.md, "Asking for another copy").
"""

from tests.harness import elf, oracle


def wait_halted(tc, q, timeout=2):
    """The guest's registers once its CPU sits in hlt. The last report line
    reaches the serial file a few instructions before the kernel's hlt, so a
    monitor read right after it can still see HLT=0: poll briefly. A CPU that
    never halts still fails, after timeout seconds."""
    regs = q.wait_halted(timeout)
    tc.assertEqual(regs["HLT"], 1, "CPU not halted: %s" % regs)
    return regs


def merged_ranges(rows):
    """Expected "info mem" lines: contiguous virtual ranges with one permission."""
    out = []
    for _, va, ps, pe, w in sorted(rows, key=lambda r: r[1]):
        end = va + (pe - ps)
        if pe <= ps:
            continue
        if out and out[-1][1] == va and out[-1][2] == w:
            out[-1] = (out[-1][0], end, w)
        else:
            out.append((va, end, w))
    return out


def parse_info_mem(text):
    out = []
    for line in text.split("\n"):
        parts = line.split()
        if len(parts) == 3 and "-" in parts[0]:
            lo, hi = (int(x, 16) for x in parts[0].split("-"))
            out.append((lo, hi, parts[2]))
    return out


COM1_IRQ = 4
IRQ_BASE = 0x20  # kernel/trap.h: T_IRQ0


def check_listening(tc, q, irq=COM1_IRQ):
    """A kernel after its report: halted, interrupts on, the 8259s remapped to
    IRQ_BASE with every IRQ masked but the console UART's."""
    regs = wait_halted(tc, q)
    tc.assertEqual(regs["EFL"] & 0x200, 0x200, "halted with interrupts off: nothing can ask")
    pic = q.pic()
    tc.assertEqual((pic["pic0"]["irq_base"], pic["pic1"]["irq_base"]), (IRQ_BASE, IRQ_BASE + 8))
    tc.assertEqual(pic["pic0"]["imr"], 0xFF & ~(1 << irq), "master mask: only IRQ %d open" % irq)
    tc.assertEqual(pic["pic1"]["imr"], 0xFF, "slave: every IRQ masked")
    return regs


def check_identity(tc, rep, elf_path):
    """A version 2 or 3 report's khash and build= against the ELF, recomputed with hashlib."""
    if rep.version == 1:
        tc.assertNotIn("khash_sha256", rep.fields)
        return
    digest, start, end = elf.kernel_hash(elf_path)
    tc.assertEqual(rep.fields["khash_sha256"], digest, "khash: another build ran")
    tc.assertEqual(rep.fields["khash_range"], "0x%08x-0x%08x" % (start, end))
    tc.assertEqual(rep.fields["boot_build"], elf.build_tag(elf_path))


def check_report(tc, rep, exp, syms, method="e820"):
    """Every field of report rep against oracle.Expected exp (tc: a TestCase); syms
    (elf.kernel_symbols) names the ELF whose self-hash and build tag must be in it."""
    f = rep.fields
    check_identity(tc, rep, syms.path)
    tc.assertEqual(f["raw_method"], method)
    tc.assertEqual([(s, e, t) for s, e, t in rep.sane], exp.sane)
    tc.assertEqual(int(f["mem_usable_top"], 16), exp.usable_top)
    tc.assertEqual(int(f["mem_phystop"], 16), oracle.PHYSTOP)
    tc.assertEqual(int(f["mem_limit"], 16), exp.limit)
    tc.assertEqual(f["mem_clamped"], "yes" if exp.clamped else "no")
    tc.assertEqual(int(f["kernel_kernbase"], 16), oracle.KERNBASE)
    tc.assertEqual(int(f["kernel_kernlink"], 16), oracle.KERNLINK)
    tc.assertEqual(int(f["kernel_data"], 16), syms["data"])
    tc.assertEqual(int(f["kernel_end"], 16), syms["end"])
    want = {name: (va, va + pe - ps, ps, pe, "rw" if w else "r-", (pe - ps) // oracle.PG)
            for name, va, ps, pe, w in exp.rows}
    tc.assertEqual(rep.kmap, want)
    tc.assertEqual(int(f["pt_pages"]), exp.ptpages)
    tc.assertEqual(int(f["pt_mapped"]), exp.mapped)
    tc.assertEqual(int(f["pt_overhead_ppm"]), exp.overhead_ppm())
    tc.assertEqual(int(f["pt_large"]), len(exp.large))
    tc.assertEqual(f["pt_mode"], "4m" if exp.bigpages else "4k")
    tc.assertEqual(int(f["kalloc_free"]), exp.free)
    tc.assertEqual(f["selfcheck"], "ok", rep.selfcheck_errors)
    tc.assertEqual(int(f["selfcheck_checked"]), exp.mapped)
    check_clock(tc, rep, loader=f["boot_source"] != "multiboot")


def check_clock(tc, rep, loader=True):
    """The tsc and milestone lines agree with themselves: a rate within the
    kernel's limits, readings that rise in boot order, every us recomputed
    from them (oracle.tsc_us); the loader's three milestones exactly when the
    loader took them (loader=False: a Multiboot boot)."""
    hz = int(rep.fields["tsc_hz"])
    tc.assertTrue(10**6 <= hz <= 10**11, hz)
    names = [n for n in rep.milestones if n != "reset"]
    order = ["loader", "map", "loaded", "entry", "kinit1", "kvmalloc", "report"]
    tc.assertEqual(names, order if loader else order[3:])
    first = rep.milestones[names[0]][0]
    tscs = [rep.milestones[n][0] for n in names]
    tc.assertEqual(tscs, sorted(tscs), "TSC readings out of boot order")
    tc.assertEqual(rep.milestones["reset"][1], oracle.tsc_us(first, hz))
    for n in names:
        tc.assertEqual(rep.milestones[n][1], oracle.tsc_us(rep.milestones[n][0] - first, hz), n)


def split_tlb(tlb):
    """QEMU's "info tlb" prints a 4 MiB page once, at its 4 MiB-aligned
    address, with P (PS) as the third flag (target/i386/monitor.c,
    tlb_info_32): ({4 KiB page: entry}, {4 MiB page: entry})."""
    small = {va: e for va, e in tlb.items() if e[1][2] != "P"}
    large = {va: e for va, e in tlb.items() if e[1][2] == "P"}
    return small, large


def compare_pages(tc, got, want, what):
    """Page sets: the same addresses, each with its frame, W as wanted, never U."""
    extra = sorted(set(got) - set(want))
    missing = sorted(set(want) - set(got))
    tc.assertFalse(extra, "%s mapped but not expected: %s" % (what, [hex(v) for v in extra[:8]]))
    tc.assertFalse(missing, "%s expected but not mapped: %s" % (what, [hex(v) for v in missing[:8]]))
    bad = [(hex(va), hex(got[va][0]), got[va][1]) for va, (pa, w) in want.items()
           if got[va][0] != pa or ("W" in got[va][1]) != w or "U" in got[va][1]]
    tc.assertFalse(bad, "%s with a wrong frame or flags: %s" % (what, bad[:8]))


ISA_HOLE = (0xA0000, 0x100000)  # legacy VGA and ROM window: no PC's firmware calls it RAM


def check_descriptors(tc, descs, ram):
    """A UEFI boot's raw descriptors against the RAM QEMU gave the guest
    (ram: [(start, end)], UefiPC.ram_ranges): every byte of RAM outside the
    ISA hole is described, and nothing the rules make usable lies outside RAM."""
    covered = oracle.sanitize([(s, p * oracle.PG, 2, 1) for _, s, p, _ in descs if p])
    pieces = [(lo, min(hi, ISA_HOLE[0])) for lo, hi in ram if lo < ISA_HOLE[0]]
    pieces += [(max(lo, ISA_HOLE[1]), hi) for lo, hi in ram if hi > ISA_HOLE[1]]
    for lo, hi in pieces:
        tc.assertTrue(any(s <= lo and hi <= e for s, e, _ in covered),
                      "RAM [%#x, %#x) not described by the firmware's map" % (lo, hi))
    for t, s, p, _ in descs:
        if oracle.EFI_E820.get(t) == 1 and p:
            tc.assertTrue(any(lo <= s and s + p * oracle.PG <= hi for lo, hi in ram),
                          "usable descriptor type %d [%#x, +%#x pages) is not RAM" % (t, s, p))


def check_uefi_cpu(tc, q):
    """What firmware leaves on and the kernel does not expect is off once the
    kernel runs: EFER (LME, NXE) 0, CR4 only the kernel's own PSE, no CR0.CD/NW."""
    regs = q.registers()
    tc.assertEqual(regs["EFER"], 0, "EFER left at %#x" % regs["EFER"])
    tc.assertEqual(regs["CR4"], 0x10, "CR4 %#x: only PSE (the kernel's) expected" % regs["CR4"])
    tc.assertEqual(regs["CR0"] & 0x60000000, 0, "CR0.CD/NW set: caches off")


def uefi_expected(pc, rep, syms):
    """oracle.Expected for a UEFI PC's report: its descriptors converted by the
    oracle's own rules, and the framebuffer where QEMU put it (VGA BAR0, the
    size of the visible screen) - never what the kernel or the loader said."""
    w, h, _ = pc.screendump()
    fb = oracle.fb_range(pc.framebuffer_base(), w * h * 4)
    return oracle.Expected(oracle.efimap_to_e820(rep.efi), syms, fb)


def check_uefi_boot(tc, pc, rep, syms):
    """Every check of a UEFI boot that reached its report: the descriptors
    against QEMU's RAM, every report field against the oracle, the live page
    table (the fb row included), the CPU state after the hand-off. Returns
    the oracle's Expected."""
    check_descriptors(tc, rep.efi, pc.ram_ranges())
    exp = uefi_expected(pc, rep, syms)
    check_report(tc, rep, exp, syms, method="uefi")
    tc.assertTrue(rep.fields["boot_source"].startswith("uefi-"), rep.fields["boot_source"])
    check_live_tables(tc, pc, rep, exp)
    check_uefi_cpu(tc, pc)
    return exp


def check_live_tables(tc, q, rep, exp):
    """The halted guest's registers and page table (QEMU monitor) against exp:
    4 MiB pages exactly where exp.large says (none without bigpages), 4 KiB
    pages for every other page of the rows, nothing else. The guest halts
    listening for requests (check_listening)."""
    regs = check_listening(tc, q)
    tc.assertTrue(regs["CR0"] & 0x80000000 and regs["CR0"] & 0x10000, "PG/WP off")
    tc.assertEqual(regs["CR3"], int(rep.fields["selfcheck_cr3"], 16))
    small, large = split_tlb(q.tlb())
    want = oracle.expected_pages(exp.rows)
    for v in exp.large:
        for off in range(0, oracle.LARGE, oracle.PG):
            del want[v + off]
    compare_pages(tc, large, exp.large, "4 MiB pages")
    compare_pages(tc, small, want, "4 KiB pages")
    mem = parse_info_mem(q.monitor("info mem"))
    tc.assertEqual(mem, [(lo, hi, "-rw" if w else "-r-") for lo, hi, w in
                         merged_ranges(exp.rows)])
