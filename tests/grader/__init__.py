

"""The lab grader's integration tests (build/labgrade: hw-tests/ sources, C unit
tests in tests/hw-tests/), and the recording of the console logs they grade
(python3 -m tests.grader.record_logs)."""
