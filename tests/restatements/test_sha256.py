"""test_sha256.py - lib/sha256.c (through build/tests/sha256sum) against
Python's hashlib: every length from 0 to 300 bytes (each padding case: the
length field in the last block or in one more), some long random messages,
and the kernel ELF itself. The FIPS/NIST examples are in tests/unit/test_sha256.c."""

import hashlib
import os
import random
import subprocess
import unittest

from tests.harness.paths import BUILD, KERNEL

TOOL = os.path.join(BUILD, "tests", "sha256sum")


def c_sha256(data):
    out = subprocess.run([TOOL], input=data, capture_output=True, check=True).stdout
    return out.decode().strip()


class Sha256Test(unittest.TestCase):
    def test_every_short_length(self):
        rnd = random.Random(180_4)
        for n in range(301):
            data = bytes(rnd.randrange(256) for _ in range(n))
            self.assertEqual(c_sha256(data), hashlib.sha256(data).hexdigest(), "length %d" % n)

    def test_long_messages(self):
        rnd = random.Random(2015)
        for n in (4095, 4096, 4097, 65536 + 13, 1 << 20):
            data = rnd.randbytes(n)
            self.assertEqual(c_sha256(data), hashlib.sha256(data).hexdigest(), "length %d" % n)

    def test_kernel_elf(self):
        with open(KERNEL, "rb") as f:
            data = f.read()
        self.assertEqual(c_sha256(data), hashlib.sha256(data).hexdigest())


if __name__ == "__main__":
    unittest.main()
