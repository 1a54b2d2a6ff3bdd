# Host unit tests: tests/unit/<name>.c links with the sources listed here.
# Each test mirrors one source file (coreboot's habit: tests/ mirrors the tree).
UNIT_TESTS :=

UNIT_TESTS += test_e820
UNIT_SRCS_test_e820 := mm/e820.c

UNIT_TESTS += test_e820_real
UNIT_SRCS_test_e820_real := mm/e820.c tests/unit/e820file.c

UNIT_TESTS += test_multiboot
UNIT_SRCS_test_multiboot := kernel/multiboot.c kernel/string.c

UNIT_TESTS += test_pxeinfo
UNIT_SRCS_test_pxeinfo := boot/pxeinfo.c kernel/string.c
