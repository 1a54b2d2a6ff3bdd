"""Host tests without QEMU: the kernel's own tables against every restatement
of them in the tests and the grader."""
