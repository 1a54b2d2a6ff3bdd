"""make lab-sim (python3 -m tests.labsim) and the unit tests of its plan,
judgement and timing arithmetic (tests/harness/labsim.py)."""
