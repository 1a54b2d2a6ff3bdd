# Host unit tests: tests/unit/<name>.c links with the sources listed here.
# Each test mirrors one source file (coreboot's habit: tests/ mirrors the tree).
# They are 32-bit programs (the Makefile's unit rules); the kernel's 'data' and
# 'end' are absolute addresses here (tests/unit/simphys.h: SIM_DATA_PA, SIM_END_PA).
UNIT_LDFLAGS := -Wl,--defsym=data=0x80104000 -Wl,--defsym=end=0x8010A000
UNIT_TESTS :=

UNIT_TESTS += test_e820
UNIT_SRCS_test_e820 := mm/e820.c

UNIT_TESTS += test_e820_real
UNIT_SRCS_test_e820_real := mm/e820.c tests/unit/e820file.c

UNIT_TESTS += test_vm
UNIT_SRCS_test_vm := mm/vm.c kernel/selfcheck.c lib/printf.c lib/string.c tests/unit/simphys.c \
                    tests/unit/simkalloc.c

UNIT_TESTS += test_report
UNIT_SRCS_test_report := kernel/report.c kernel/smbios.c lib/crc32.c lib/sha256.c lib/printf.c \
                         mm/vm.c mm/e820.c lib/string.c tests/unit/simphys.c tests/unit/simkalloc.c

UNIT_TESTS += test_sha256
UNIT_SRCS_test_sha256 := lib/sha256.c

UNIT_TESTS += test_printf
UNIT_SRCS_test_printf := lib/printf.c

UNIT_TESTS += test_elfcheck
UNIT_SRCS_test_elfcheck := boot/elfcheck.c mm/e820.c lib/printf.c

UNIT_TESTS += test_bootinfo
UNIT_SRCS_test_bootinfo := kernel/bootinfo.c tests/unit/bifixture.c

UNIT_TESTS += test_handoff
UNIT_SRCS_test_handoff := kernel/handoff.c kernel/bootinfo.c kernel/multiboot.c mm/e820.c \
                          lib/string.c lib/cmdline.c tests/unit/simphys.c tests/unit/bifixture.c

UNIT_TESTS += test_kalloc
UNIT_SRCS_test_kalloc := mm/kalloc.c mm/e820.c tests/unit/simphys.c

# test_elfcheck also runs the real kernel image through elf_check.
$(B)/tests/unit/test_elfcheck: $(B)/kernel.elf
UNIT_TESTS += test_multiboot
UNIT_SRCS_test_multiboot := kernel/multiboot.c mm/e820.c lib/string.c lib/cmdline.c

UNIT_TESTS += test_pxeinfo
UNIT_SRCS_test_pxeinfo := boot/pxeinfo.c lib/string.c lib/cmdline.c

UNIT_TESTS += test_tftp_retry
UNIT_SRCS_test_tftp_retry := boot/tftp_retry.c boot/pxeinfo.c lib/string.c lib/cmdline.c

UNIT_TESTS += test_uartopt
UNIT_SRCS_test_uartopt := drivers/serial/uartopt.c lib/cmdline.c lib/string.c

UNIT_TESTS += test_efimap
UNIT_SRCS_test_efimap := mm/efimap.c mm/e820.c

UNIT_TESTS += test_fbcon
UNIT_SRCS_test_fbcon := drivers/fb/fbcon.c drivers/fb/font8x16.c

UNIT_TESTS += test_smbios
UNIT_SRCS_test_smbios := kernel/smbios.c lib/string.c

UNIT_TESTS += test_cpu
UNIT_SRCS_test_cpu := kernel/cpu.c lib/string.c

UNIT_TESTS += test_tsc
UNIT_SRCS_test_tsc := kernel/tsc.c lib/div64.c
