"""The libFuzzer targets (C, mk/fuzz.mk) and their seed writer
(python3 -m tests.fuzz.mkseeds OUTDIR)."""
