"""test_labsim.py - host unit tests of make lab-sim's plan, judgement and time
arithmetic (tests/harness/labsim.py). The grader's CSV rows are hand-made here;
the real run is make lab-sim itself."""

import unittest

from tests.harness import labsim


def rows_for(seats, **change):
    """The CSV rows of the expected outcome, with change = {pc: {column: value}}."""
    rows = {}
    for s in seats:
        if s.broken:
            r = {"verdict": "FAIL", "checks_failed": "1", "reason": labsim.REASON}
        else:
            r = {"verdict": "pass", "checks_failed": "0", "reason": "all 65 checks passed"}
        r.update(pc=s.name, key="name:" + s.name, mac=s.mac)
        r.update(change.get(s.name, {}))
        rows[s.name] = r
    return rows


def builds_for(seats):
    return {s.name: s.tag for s in seats}


def asked_for(seats):
    """The requests of the expected outcome: one for the lossy PC."""
    return {s.name: 1 for s in seats if s.lossy}


class PlanTest(unittest.TestCase):
    def test_eight_cover_every_size_one_broken(self):
        seats = labsim.plan(8, 2)
        self.assertEqual(set(s.mem for s in seats), set(labsim.MEMS))
        self.assertEqual(len(set(s.mac for s in seats)), 8)
        self.assertEqual(len(set(s.ip for s in seats)), 8)
        self.assertEqual([s.name for s in seats if s.broken], ["pc02"])
        self.assertEqual(seats[1].elf, labsim.BROKEN_ELF)
        self.assertEqual(seats[0].elf, labsim.GOOD_ELF)
        self.assertEqual([s.name for s in seats if s.lossy], ["pc08"])

    def test_lossy_pc(self):
        self.assertEqual([s.name for s in labsim.plan(4, 4) if s.lossy], ["pc03"])
        self.assertEqual([s.name for s in labsim.plan(4, 2, 1) if s.lossy], ["pc01"])
        self.assertEqual([s.name for s in labsim.plan(4, 2, 0) if s.lossy], [])

    def test_bios_and_uefi_pcs_share_the_room(self):
        """Four PCs: two BIOS, a UEFI PC with its firmware's own PXE, one with
        iPXE's EFI ROM; a UEFI PC never gets less memory than OVMF needs."""
        self.assertEqual([s.firmware for s in labsim.plan(4, 2)],
                         ["bios", "bios", "uefi", "uefi-ipxe"])
        for s in labsim.plan(16, 2):
            if s.firmware != "bios":
                self.assertGreaterEqual(s.mem, labsim.UEFI_MIN_MEM, s.name)

    def test_one_pc_is_a_good_one(self):
        seat, = labsim.plan(1, 2)
        self.assertFalse(seat.broken)
        self.assertTrue(seat.lossy)
        self.assertEqual(seat.served, "kernel.elf")

    def test_arguments_checked(self):
        for bad in (["-n", "0"], ["-n", "33"], ["-n", "4", "--broken-pc", "5"],
                    ["-n", "4", "--lossy-pc", "5"], ["-n", "4", "--lossy-pc", "-1"]):
            with self.subTest(argv=bad), self.assertRaises(SystemExit):
                labsim.parse_args(bad)


class JudgeTest(unittest.TestCase):
    def setUp(self):
        self.seats = labsim.plan(4, 2)

    def judge(self, rows, builds=None, status=1, asked=None):
        return labsim.judge(self.seats, rows, builds or builds_for(self.seats), status,
                            asked_for(self.seats) if asked is None else asked)

    def test_expected_outcome(self):
        self.assertEqual(self.judge(rows_for(self.seats)), [])

    def test_one_good_pc_alone(self):
        seats = labsim.plan(1, 2)
        asked = asked_for(seats)
        self.assertEqual(labsim.judge(seats, rows_for(seats), builds_for(seats), 0, asked), [])
        self.assertTrue(labsim.judge(seats, rows_for(seats), builds_for(seats), 1, asked))

    def test_broken_pc_passed(self):
        rows = rows_for(self.seats, pc02={"verdict": "pass", "checks_failed": "0"})
        bad = self.judge(rows, status=0)
        self.assertTrue(any(b.startswith("pc02 (broken kernel)") for b in bad), bad)
        self.assertIn("0 PCs did not pass, expected exactly 1", bad)

    def test_a_second_failure(self):
        bad = self.judge(rows_for(self.seats, pc04={"verdict": "no-report"}))
        self.assertTrue(any(b.startswith("pc04 (default kernel)") for b in bad), bad)
        self.assertIn("2 PCs did not pass, expected exactly 1", bad)

    def test_broken_pc_for_another_reason(self):
        for change in ({"reason": "crc32: expected 0x1, reported 0x2"},
                       {"checks_failed": "2"}, {"verdict": "incomplete"}):
            with self.subTest(change=change):
                self.assertTrue(self.judge(rows_for(self.seats, pc02=change)))

    def test_lossy_console_asked_once(self):
        """The lossy PC must have been asked exactly once; the others never."""
        self.assertIn("pc04 (lossy console): asked for another copy 0 times, expected 1",
                      self.judge(rows_for(self.seats), asked={}))
        self.assertIn("pc01: asked for another copy 2 times, expected 0",
                      self.judge(rows_for(self.seats), asked={"pc01": 2, "pc04": 1}))
        bad = self.judge(rows_for(self.seats, pc04={"verdict": "damaged", "checks_failed": "0"}))
        self.assertTrue(any(b.startswith("pc04 (default kernel)") for b in bad), bad)

    def test_identity_and_build(self):
        bad = self.judge(rows_for(self.seats, pc03={"mac": "52:54:00:b4:00:09"}))
        self.assertTrue(any("pc03: report from MAC" in b for b in bad), bad)
        bad = self.judge(rows_for(self.seats, pc03={"key": "name:pc04"}))
        self.assertIn("pc03: graded as seat 'name:pc04'", bad)
        builds = builds_for(self.seats)
        builds["pc02"] = "default"  # its seat file was not used
        self.assertTrue(any("pc02: booted build" in b for b in self.judge(rows_for(self.seats),
                                                                          builds)))

    def test_missing_verdict_and_status(self):
        rows = rows_for(self.seats)
        del rows["pc01"]
        self.assertIn("pc01: no verdict from labgrade", self.judge(rows))
        self.assertIn("labgrade exit status 0, expected 1", self.judge(rows_for(self.seats),
                                                                       status=0))


class TimingsTest(unittest.TestCase):
    def test_times(self):
        t = labsim.timings([4.0, 5.0, 6.5, 5.5], 6.6)
        self.assertEqual(t["wall"], 6.6)
        self.assertEqual(t["slowest"], 2)
        self.assertAlmostEqual(t["slowest_wait"], 1.1)  # 6.6 - 5.5
        self.assertAlmostEqual(t["median"], 5.25)
        self.assertAlmostEqual(t["tail"], 1.35)

    def test_one_pc_and_none(self):
        t = labsim.timings([3.4], 3.5)
        self.assertIsNone(t["slowest_wait"])
        self.assertAlmostEqual(t["tail"], 0.1)
        t = labsim.timings([None, 4.0], 9.0)
        self.assertEqual(t["slowest"], 1)
        self.assertIsNone(t["slowest_wait"])
        self.assertIsNone(labsim.timings([None], 9.0)["tail"])


if __name__ == "__main__":
    unittest.main()
