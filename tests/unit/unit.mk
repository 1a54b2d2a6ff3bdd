# Host unit tests: tests/unit/<name>.c links with the sources listed here.
# Each test mirrors one source file (coreboot's habit: tests/ mirrors the tree).
UNIT_TESTS :=

UNIT_TESTS += test_e820
UNIT_SRCS_test_e820 := mm/e820.c

UNIT_TESTS += test_e820_real
UNIT_SRCS_test_e820_real := mm/e820.c tests/unit/e820file.c

UNIT_TESTS += test_vm
UNIT_SRCS_test_vm := mm/vm.c kernel/selfcheck.c kernel/printf.c tests/unit/simphys.c

UNIT_TESTS += test_report
UNIT_SRCS_test_report := kernel/report.c kernel/crc32.c kernel/printf.c mm/vm.c mm/e820.c \
                         tests/unit/simphys.c

UNIT_TESTS += test_printf
UNIT_SRCS_test_printf := kernel/printf.c

UNIT_TESTS += test_elfcheck
UNIT_SRCS_test_elfcheck := boot/elfcheck.c mm/e820.c kernel/printf.c

UNIT_TESTS += test_bootinfo
UNIT_SRCS_test_bootinfo := kernel/bootinfo.c tests/unit/simphys.c

# test_elfcheck also runs the real kernel image through elf_check.
$(B)/tests/unit/test_elfcheck: $(B)/kernel.elf
UNIT_TESTS += test_multiboot
UNIT_SRCS_test_multiboot := kernel/multiboot.c kernel/string.c

UNIT_TESTS += test_pxeinfo
UNIT_SRCS_test_pxeinfo := boot/pxeinfo.c kernel/string.c
