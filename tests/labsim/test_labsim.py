"""test_labsim.py - host unit tests of make lab-sim's plan, manifest, judgement
and time arithmetic (tests/harness/labsim.py). The grader's CSV rows are
hand-made here; the real run is make lab-sim itself."""

import os
import shutil
import tempfile
import unittest

from tests.harness import labsim


def rows_for(seats, **change):
    """The CSV rows of the expected outcome, with change = {pc: {column: value}}."""
    rows = {}
    for s in seats:
        if s.fails:
            r = {"verdict": "FAIL", "checks_failed": "1", "reason": s.reason}
        else:
            r = {"verdict": "pass", "checks_failed": "0", "reason": "all 65 checks passed"}
        r.update(pc=s.name, key="name:" + s.name, mac=s.mac, student=s.student)
        r.update(change.get(s.name, {}))
        rows[s.name] = r
    return rows


def builds_for(seats):
    return {s.name: s.boots for s in seats}


def asked_for(seats):
    """The requests of the expected outcome: one for the lossy seat."""
    return {s.name: 1 for s in seats if s.lossy}


class PlanTest(unittest.TestCase):
    def test_four_seats_two_failures(self):
        seats = labsim.plan(4)
        self.assertEqual([(s.student, s.tree, s.tag, s.boots) for s in seats],
                         [("ada", None, "default", "default"), ("alice", "alice", "alice", "alice"),
                          ("bob", "bob", "bob", "bob"), ("carol", None, "default", "alice")])
        self.assertEqual([s.reason for s in seats if s.fails],
                         [labsim.BROKEN_REASON, labsim.WRONG_REASON])
        self.assertEqual([s.name for s in seats if s.lossy], ["pc02"])

    def test_eight_cover_every_size(self):
        seats = labsim.plan(8)
        self.assertEqual(set(s.mem for s in seats), set(labsim.MEMS))
        self.assertEqual(len(set(s.mac for s in seats)), 8)
        self.assertEqual(len(set(s.ip for s in seats)), 8)
        self.assertEqual([s.name for s in seats if s.fails], ["pc03", "pc04"])
        self.assertEqual(seats[7].student, "s08")
        self.assertEqual([s.name for s in seats if s.lossy], ["pc08"])

    def test_lossy_pc(self):
        self.assertEqual([s.name for s in labsim.plan(4, 1) if s.lossy], ["pc01"])
        self.assertEqual([s.name for s in labsim.plan(4, 0) if s.lossy], [])

    def test_bios_and_uefi_pcs_share_the_room(self):
        """Four PCs: two BIOS, a UEFI PC with its firmware's own PXE, one with
        iPXE's EFI ROM; a UEFI PC never gets less memory than OVMF needs."""
        self.assertEqual([s.firmware for s in labsim.plan(4, 2)],
                         ["bios", "bios", "uefi", "uefi-ipxe"])
        for s in labsim.plan(16, 2):
            if s.firmware != "bios":
                self.assertGreaterEqual(s.mem, labsim.UEFI_MIN_MEM, s.name)

    def test_one_pc_is_a_good_one(self):
        seat, = labsim.plan(1)
        self.assertFalse(seat.fails)
        self.assertTrue(seat.lossy)
        self.assertIsNone(seat.tree)

    def test_arguments_checked(self):
        for bad in (["-n", "0"], ["-n", "33"], ["--broken-pc", "2"], ["-n", "4", "--lossy-pc", "5"],
                    ["-n", "4", "--lossy-pc", "-1"]):
            with self.subTest(argv=bad), self.assertRaises(SystemExit):
                labsim.parse_args(bad)

    def test_manifest_rows(self):
        seats = labsim.plan(4)
        path = os.path.join(tempfile.mkdtemp(prefix="bootlab-labsim-"), "lab.txt")
        self.addCleanup(shutil.rmtree, os.path.dirname(path), True)
        labsim.write_manifest(path, seats, {"alice": "/t/alice", "bob": "/t/bob"}, "/c")
        with open(path) as f:
            rows = [l.split() for l in f if not l.startswith("#")]
        self.assertEqual(rows[1], ["pc02", "52:54:00:b4:00:02", "serial:/c/pc02", "alice",
                                   "/t/alice"])
        self.assertEqual(rows[3][3:], ["carol", labsim.KERNEL])


class JudgeTest(unittest.TestCase):
    def setUp(self):
        self.seats = labsim.plan(4)

    def judge(self, rows, builds=None, status=1, asked=None):
        return labsim.judge(self.seats, rows, builds or builds_for(self.seats), status,
                            asked_for(self.seats) if asked is None else asked)

    def test_expected_outcome(self):
        self.assertEqual(self.judge(rows_for(self.seats)), [])

    def test_one_good_pc_alone(self):
        seats = labsim.plan(1)
        self.assertEqual(labsim.judge(seats, rows_for(seats), builds_for(seats), 0,
                                      asked_for(seats)), [])
        self.assertTrue(labsim.judge(seats, rows_for(seats), builds_for(seats), 1,
                                     asked_for(seats)))

    def test_broken_tree_passed(self):
        rows = rows_for(self.seats, pc03={"verdict": "pass", "checks_failed": "0"})
        bad = self.judge(rows)
        self.assertTrue(any(b.startswith("pc03 (bob)") for b in bad), bad)
        self.assertIn("1 PCs did not pass, expected exactly 2", bad)

    def test_wrong_kernel_not_caught(self):
        rows = rows_for(self.seats, pc04={"verdict": "pass", "checks_failed": "0",
                                          "reason": "all 46 checks passed"})
        bad = self.judge(rows)
        self.assertTrue(any(b.startswith("pc04 (carol)") for b in bad), bad)

    def test_a_third_failure(self):
        bad = self.judge(rows_for(self.seats, pc01={"verdict": "no-report"}))
        self.assertTrue(any(b.startswith("pc01 (ada)") for b in bad), bad)
        self.assertIn("3 PCs did not pass, expected exactly 2", bad)

    def test_wrong_kernel_checks_count_not_pinned(self):
        """Another build fails its tag and its self-hash: the count is not pinned, the reason is."""
        self.assertEqual(self.judge(rows_for(self.seats, pc04={"checks_failed": "3"})), [])
        bad = self.judge(rows_for(self.seats, pc04={"reason": "khash sha256: expected a, reported b"}))
        self.assertTrue(any(b.startswith("pc04 (carol)") for b in bad), bad)

    def test_requests_for_another_copy(self):
        bad = self.judge(rows_for(self.seats), asked={})
        self.assertIn("pc02 (lossy console): asked for another copy 0 times, expected 1", bad)
        bad = self.judge(rows_for(self.seats), asked={"pc02": 1, "pc01": 2})
        self.assertIn("pc01: asked for another copy 2 times, expected 0", bad)

    def test_failure_for_another_reason(self):
        for change in ({"reason": "crc32: expected 0x1, reported 0x2"},
                       {"checks_failed": "2"}, {"verdict": "incomplete"}):
            with self.subTest(change=change):
                self.assertTrue(self.judge(rows_for(self.seats, pc03=change)))

    def test_identity_student_and_build(self):
        bad = self.judge(rows_for(self.seats, pc02={"mac": "52:54:00:b4:00:09"}))
        self.assertTrue(any("pc02: report from MAC" in b for b in bad), bad)
        bad = self.judge(rows_for(self.seats, pc02={"key": "name:pc03"}))
        self.assertIn("pc02: graded as seat 'name:pc03'", bad)
        bad = self.judge(rows_for(self.seats, pc02={"student": ""}))
        self.assertIn("pc02: student '', the manifest says 'alice'", bad)
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
