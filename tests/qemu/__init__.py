"""The QEMU integration tests (test_*.py), make bench (python3 -m tests.qemu.bench)
and the capture of SeaBIOS's maps (python3 -m tests.qemu.capture_seabios)."""
