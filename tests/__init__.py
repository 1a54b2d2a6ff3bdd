"""bootlab's tests. Run from the repository root: python3 -m tests.run DIR...

  harness/     the library every test and tool imports (tests.harness.*)
  qemu/        QEMU integration tests; make bench; the SeaBIOS map capture
  netboot/     network-boot tests; make bench-net; make qemu-pxe
  grader/      build/labgrade's integration tests; the recording of its logs
  labsim/      make lab-sim (python3 -m tests.labsim) and its unit tests
  restatements/  the kernel's tables against what the oracle and the grader restate
  fuzz/        the libFuzzer targets and their seed writer (python3 -m tests.fuzz.mkseeds)
"""
