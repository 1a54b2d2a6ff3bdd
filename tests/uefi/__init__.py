"""The UEFI tests: the UEFI loader and the kernel on UEFI PCs under OVMF
(python3 -m tests.run tests/uefi; make uefi-test builds the signed tree first)."""
