# bootlab: stage one, stage two, the kernel, the disk image and every test.
#
#   make            build build/disk.img and build/kernel.elf
#   make qemu       boot build/disk.img in QEMU, serial console on this terminal (MEM=128)
#   make qemu-gdb   the same, waiting for gdb (see .gdbinit)
#   make test       every test: format, host unit tests, fuzzing (bounded), QEMU integration
#                   tests, network-boot tests (tests/netboot, as root), the lab grader
#   make fuzz       the libFuzzer targets, FUZZ_SECONDS each (mk/fuzz.mk)
#   make replay E820=FILE   build/replay-disk.img replays FILE's memory map (mk/replay.mk)
#   make bench      benchmarks that print numbers (bench-net: network boot paths)
#   make netboot    the TFTP/HTTP root build/netboot/ (docs/lab-setup.md)
#   make netboot-serve IFACE=eth1 [PROXY=1] [HTTP=1]   the lab's boot server
#   make qemu-pxe   a QEMU PC booting over the network, in a private namespace
#   make broken-kernel  build/builds/broken/kernel.elf, the simulated lab's broken build
#   make lab-sim N=8    N QEMU PCs netboot at once and labgrade grades them (docs/grading.md)
#
# Missing Debian packages are installed when running as root (or with sudo);
# otherwise the exact apt-get line is printed (mk/deps.sh).

B := build
MEM ?= 128

# ---- toolchain: i686-elf-gcc, else Debian's i686-linux-gnu-gcc, else gcc -m32 ----
ifeq ($(origin CROSS),undefined)
  ifneq ($(shell command -v i686-elf-gcc 2>/dev/null),)
    CROSS := i686-elf-
  else ifneq ($(shell command -v i686-linux-gnu-gcc 2>/dev/null),)
    CROSS := i686-linux-gnu-
  else
    CROSS :=
  endif
endif
ifeq ($(CROSS),)
  KCC     := gcc -m32
  KLD     := ld -m elf_i386
  OBJCOPY := objcopy
  OBJDUMP := objdump
  NM      := nm
else
  KCC     := $(CROSS)gcc
  KLD     := $(CROSS)ld
  OBJCOPY := $(CROSS)objcopy
  OBJDUMP := $(CROSS)objdump
  NM      := $(CROSS)nm
endif

# Build-time configuration of the console (drivers/serial/uart.h).
COM_PORT ?= 0x3F8
BAUD     ?= 115200
# A visible tag printed in the report, so two kernel builds can be told apart.
BUILD_TAG ?= default
# Boot options written into the disk image's stage-two header (docs/boot-info.md).
CMDLINE  ?=

WARN     := -Wall -Wextra -Werror
KCOMMON  := -m32 -std=gnu11 -ffreestanding -nostdlib -fno-pic -fno-pie -fno-stack-protector \
            -fno-asynchronous-unwind-tables -mgeneral-regs-only -fno-common $(WARN) -g -I. \
            -DUART_PORT=$(COM_PORT) -DUART_BAUD=$(BAUD) -MMD -MP
# Extra kernel defines: only make broken-kernel sets them (-DBOOTLAB_BROKEN_KMAP).
KERNEL_DEFS ?=
KCFLAGS  := $(KCOMMON) -O2 -fno-omit-frame-pointer -DBUILD_TAG='"$(BUILD_TAG)"' $(KERNEL_DEFS)
S2CFLAGS := $(KCOMMON) -Os
HOSTCC   ?= gcc
HCFLAGS  := -std=gnu11 -O1 -g $(WARN) -I. -DBOOTLAB_HOST -MMD -MP

.PHONY: all deps qemu qemu-gdb test unit qemu-test format format-check bench clean \
        netboot netboot-serve qemu-pxe net-test bench-net kernel-build broken-kernel
all: $(B)/disk.img $(B)/kernel.elf

# ---- sources ----
# Shared freestanding code: console formatting, CRC, string helpers, the UART.
LIBSRC    := kernel/printf.c kernel/string.c kernel/crc32.c kernel/console.c drivers/serial/uart.c
STAGE2SRC := boot/stage2.c boot/bios.c boot/memdetect.c boot/a20.c boot/disk.c boot/elfcheck.c \
             boot/kload.c boot/ksrc_disk.c boot/pxe.c boot/pxeinfo.c \
             mm/e820.c $(LIBSRC)
KERNSRC   := kernel/main.c kernel/bootinfo.c kernel/report.c kernel/selfcheck.c kernel/trap.c \
             kernel/multiboot.c \
             mm/e820.c mm/kalloc.c mm/vm.c mm/kvm.c $(LIBSRC)

S2OBJ := $(B)/s2/boot/stage2_entry.o $(STAGE2SRC:%.c=$(B)/s2/%.o)
KOBJ  := $(B)/k/kernel/multiboot_hdr.o $(B)/k/kernel/entry.o $(B)/k/kernel/vectors.o $(KERNSRC:%.c=$(B)/k/%.o)

$(B)/s2/%.o: %.c
	@mkdir -p $(@D)
	$(KCC) $(S2CFLAGS) -c $< -o $@
$(B)/s2/%.o: %.S
	@mkdir -p $(@D)
	$(KCC) $(S2CFLAGS) -c $< -o $@
$(B)/k/%.o: %.c
	@mkdir -p $(@D)
	$(KCC) $(KCFLAGS) -c $< -o $@
$(B)/k/%.o: %.S
	@mkdir -p $(@D)
	$(KCC) $(KCFLAGS) -c $< -o $@

# ---- one-sector programs loaded at 0x7C00: stage one (by the BIOS) and the
# PXE stub (by a PXE ROM, stage two follows it in bootlab.pxe); the build
# checks each is exactly one sector ----
$(B)/stage1.bin $(B)/pxe_stub.bin: $(B)/%.bin: boot/%.S boot/layout.h
	@mkdir -p $(B)/s1
	$(KCC) $(KCOMMON) -c $< -o $(B)/s1/$*.o
	$(KLD) -N -e start -Ttext 0x7C00 --no-warn-rwx-segments -o $(B)/s1/$*.elf $(B)/s1/$*.o
	$(OBJCOPY) -S -O binary -j .text $(B)/s1/$*.elf $@
	@test $$(stat -c %s $@) -eq 512 || { echo "$*: not 512 bytes"; exit 1; }

# ---- stage two: linked at 0x7E00, flat binary ----
$(B)/stage2.elf: $(S2OBJ) boot/stage2.ld
	$(KLD) -T boot/stage2.ld --no-warn-rwx-segments -o $@ $(S2OBJ)
$(B)/stage2.bin: $(B)/stage2.elf
	$(OBJCOPY) -O binary $< $@

# ---- the kernel ----
$(B)/kernel.elf: $(KOBJ) kernel/kernel.ld
	$(KLD) -T kernel/kernel.ld --no-warn-rwx-segments -o $@ $(KOBJ)

# ---- host tools ----
$(B)/mkpxe: boot/mkpxe.c boot/hosttool.c boot/hosttool.h boot/layout.h
	@mkdir -p $(@D)
	$(HOSTCC) $(HCFLAGS) -o $@ boot/mkpxe.c boot/hosttool.c

$(B)/mkdisk: boot/mkdisk.c boot/hosttool.c boot/hosttool.h boot/layout.h
	@mkdir -p $(@D)
	$(HOSTCC) $(HCFLAGS) -o $@ boot/mkdisk.c boot/hosttool.c

# ---- the disk image ----
$(B)/disk.img: $(B)/mkdisk $(B)/stage1.bin $(B)/stage2.bin $(B)/kernel.elf
	$(B)/mkdisk -o $@ -1 $(B)/stage1.bin -2 $(B)/stage2.bin -k $(B)/kernel.elf \
	    $(if $(CMDLINE),-c "$(CMDLINE)")

# The same image with the qemu-exit boot option: the KVM probe (mk/accel.sh).
$(B)/accel-probe.img: $(B)/mkdisk $(B)/stage1.bin $(B)/stage2.bin $(B)/kernel.elf
	$(B)/mkdisk -o $@ -1 $(B)/stage1.bin -2 $(B)/stage2.bin -k $(B)/kernel.elf -c qemu-exit >/dev/null

# ---- test builds: E820 replay (mk/replay.mk) ----
include mk/replay.mk

# ---- network boot (docs/lab-setup.md) ----
# build/netboot/ is the TFTP and HTTP root: bootlab.pxe (the PXE stub and
# stage two), the kernel, the iPXE script, per-seat files, Debian's iPXE.
IPXE_DIR  ?= /usr/lib/ipxe
NBP_CMDLINE ?=
NETROOT   := $(B)/netboot
# Always remade (it takes a millisecond), so a new NBP_CMDLINE takes effect.
$(NETROOT)/bootlab.pxe: $(B)/mkpxe $(B)/pxe_stub.bin $(B)/stage2.bin FORCE
	@mkdir -p $(@D)
	$(B)/mkpxe -o $@ -1 $(B)/pxe_stub.bin -2 $(B)/stage2.bin $(if $(NBP_CMDLINE),-c "$(NBP_CMDLINE)")
netboot: deps $(NETROOT)/bootlab.pxe $(B)/kernel.elf
	@sh mk/deps.sh net
	mkdir -p $(NETROOT)/seats $(NETROOT)/builds
	cp $(B)/kernel.elf netboot/boot.ipxe netboot/uefi-refused.ipxe $(NETROOT)/
	cp netboot/seats/default.ipxe $(NETROOT)/seats/
	cp $(IPXE_DIR)/undionly.kpxe $(IPXE_DIR)/ipxe.pxe $(NETROOT)/
	chmod -R a+rX $(NETROOT)
	@echo "bootlab: $(NETROOT) ready: bootlab.pxe $$(stat -c %s $(NETROOT)/bootlab.pxe) B," \
	    "kernel.elf $$(stat -c %s $(NETROOT)/kernel.elf) B"

# Another kernel build, told apart by its tag: build/builds/TAG/kernel.elf.
# (TAG=broken is make broken-kernel's: its objects are built with other flags.)
TAG ?= alt
kernel-build:
	@test "$(TAG)" != broken || { echo "kernel-build: TAG=broken is reserved for make broken-kernel"; exit 2; }
	$(MAKE) B=$(B)/builds/$(TAG) BUILD_TAG=$(TAG) $(B)/builds/$(TAG)/kernel.elf

# The deliberately broken kernel of the simulated lab (docs/grading.md): its
# text row is mapped writable, reported as perm=rw, and its self-check forged
# to "ok". build/builds/broken/kernel.elf, build tag "broken".
broken-kernel:
	$(MAKE) B=$(B)/builds/broken BUILD_TAG=broken KERNEL_DEFS=-DBOOTLAB_BROKEN_KMAP \
	    $(B)/builds/broken/kernel.elf

# The server for a real lab, in the foreground: IFACE=eth1 [PROXY=1] [HTTP=1].
netboot-serve: netboot
	@test -n "$(IFACE)" || { echo "usage: make netboot-serve IFACE=eth1 [PROXY=1] [HTTP=1]"; exit 2; }
	python3 -m netboot.serve --iface "$(IFACE)" $(if $(filter 1,$(PROXY)),--proxy) \
	    $(if $(filter 1,$(HTTP)),--http) $(if $(SEATS),--seats $(SEATS)) $(if $(NBP),--nbp $(NBP))

# A QEMU PC booting over the network from that server, in a private namespace (root).
qemu-pxe: netboot
	python3 -m tests.netboot.qemu_pxe --mem $(MEM) $(if $(filter 1,$(PROXY)),--proxy) \
	    $(if $(filter 1,$(HTTP)),--http) $(if $(NBP),--nbp $(NBP))

# ---- running ----
deps:
	@sh mk/deps.sh build
QEMU_ACCEL = $(shell sh mk/accel.sh)
qemu: deps all $(B)/accel-probe.img
	@echo "bootlab: booting $(B)/disk.img with -m $(MEM) (accel $(QEMU_ACCEL)); quit with Ctrl-A X"
	qemu-system-i386 -accel $(QEMU_ACCEL) -m $(MEM) -drive file=$(B)/disk.img,format=raw \
	    -display none -serial mon:stdio -no-reboot

GDBPORT := $(shell expr `id -u` % 5000 + 25000)
.gdbinit: mk/gdbinit.tmpl
	sed "s/@GDBPORT@/$(GDBPORT)/" $< > $@
qemu-gdb: deps all .gdbinit
	@echo "bootlab: waiting for gdb on port $(GDBPORT); run gdb in this directory"
	qemu-system-i386 -accel tcg -m $(MEM) -drive file=$(B)/disk.img,format=raw \
	    -display none -serial mon:stdio -no-reboot -S -gdb tcp::$(GDBPORT)

# ---- host unit tests (tests/unit, cmocka), and the kernel's tables against
# their restatements in the oracle and the grader (tests/restatements) ----
include tests/unit/unit.mk
UNIT_BINS := $(UNIT_TESTS:%=$(B)/tests/unit/%)
$(B)/tests/unit/%: tests/unit/%.c
	@mkdir -p $(@D)
	$(HOSTCC) $(HCFLAGS) -o $@ $< $(UNIT_SRCS_$*) -lcmocka
.SECONDEXPANSION:
$(UNIT_BINS): $$(UNIT_SRCS_$$(@F))

unit: $(UNIT_BINS)
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; $$t; done
	python3 -m tests.run tests/restatements

# ---- fuzzing (tests/fuzz, libFuzzer; mk/fuzz.mk) ----
include mk/fuzz.mk

# ---- formatting ----
FMT_FILES = $(shell git ls-files '*.c' '*.h' 2>/dev/null)
format:
	clang-format -i $(FMT_FILES)
format-check:
	clang-format --dry-run -Werror $(FMT_FILES)

# ==== lab grader: build/labgrade, its tests and its fuzzer ====
# Sources in hw-tests/; C unit tests in tests/hw-tests/, integration tests in
# tests/grader/ (see docs/grading.md).
# Links the kernel's own mm/e820.c and kernel/crc32.c, unchanged.
LABGRADE_SRC := $(wildcard hw-tests/*.c) mm/e820.c kernel/crc32.c
LABGRADE_LIB := $(filter-out hw-tests/labgrade.c,$(LABGRADE_SRC))
.PHONY: labgrade labgrade-unit labgrade-test fuzz-labgrade fuzz-labgrade-ci fuzz
all: $(B)/labgrade
labgrade: $(B)/labgrade
$(B)/labgrade: $(LABGRADE_SRC) $(wildcard hw-tests/*.h)
	@mkdir -p $(@D)
	$(HOSTCC) $(HCFLAGS) -o $@ $(LABGRADE_SRC) -lm

include tests/hw-tests/hwtests.mk
LABGRADE_UNIT_BINS := $(LABGRADE_UNIT_TESTS:%=$(B)/tests/hw-tests/%)
$(B)/tests/hw-tests/%: tests/hw-tests/%.c tests/hw-tests/lgtest.c $(LABGRADE_LIB) $(wildcard hw-tests/*.h) tests/hw-tests/lgtest.h
	@mkdir -p $(@D)
	$(HOSTCC) $(HCFLAGS) -o $@ $< tests/hw-tests/lgtest.c $(LABGRADE_LIB) -lcmocka -lm
labgrade-unit: $(LABGRADE_UNIT_BINS) $(B)/labgrade
	@set -e; for t in $(LABGRADE_UNIT_BINS); do echo "== $$t"; $$t; done
# Integration: QEMU on ptys, files, stdin, ser2net (raw + telnet), headless Chromium.
labgrade-test: labgrade-unit all fuzz-labgrade-ci broken-kernel
	python3 -m tests.run tests/grader

# libFuzzer target for the report parser and checks (clang, ASan, UBSan).
# `make test` runs it for FUZZ_LABGRADE_CI seconds; `make fuzz` for FUZZ_LABGRADE_TIME.
FUZZ_LABGRADE_CI   ?= 25
FUZZ_LABGRADE_TIME ?= 600
FUZZ_LABGRADE_BIN  := $(B)/fuzz/fuzz_labgrade
FUZZ_LABGRADE_CORPUS := tests/fuzz/corpus_labgrade
$(FUZZ_LABGRADE_BIN): tests/fuzz/fuzz_labgrade.c $(LABGRADE_LIB) $(wildcard hw-tests/*.h)
	@sh mk/deps.sh fuzz
	@mkdir -p $(@D)
	clang -std=gnu11 -g -O1 -I. -DBOOTLAB_HOST $(WARN) -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=undefined -o $@ $< $(LABGRADE_LIB) -lm
fuzz-labgrade-ci: $(FUZZ_LABGRADE_BIN)
	sh tests/fuzz/run_fuzz_labgrade.sh $(FUZZ_LABGRADE_BIN) $(FUZZ_LABGRADE_CI) $(FUZZ_LABGRADE_CORPUS)
fuzz-labgrade: $(FUZZ_LABGRADE_BIN)
	sh tests/fuzz/run_fuzz_labgrade.sh $(FUZZ_LABGRADE_BIN) $(FUZZ_LABGRADE_TIME) $(FUZZ_LABGRADE_CORPUS)
fuzz: fuzz-labgrade
TEST_EXTRA += labgrade-test
TEST_DEPS  += labgrade fuzz
# ==== end of lab grader block ====

# ==== simulated lab: N QEMU PCs netbooting at once, graded by labgrade ====
# docs/grading.md, "Simulated lab". N PCs (default 4); for N >= 2 pc02 boots the
# broken kernel and must be the one FAIL. Needs root (network namespaces, taps).
N ?= 4
.PHONY: lab-sim lab-sim-test labsim-unit
lab-sim: netboot broken-kernel $(B)/labgrade
	python3 -m tests.labsim -n $(N)
# Host unit tests of lab-sim's judgement and timing arithmetic.
labsim-unit:
	python3 -m tests.run tests/labsim
# make test: lab-sim N=4 as root; without root it says it skipped, like tests/netboot.
lab-sim-test: labsim-unit
	@if [ "$$(id -u)" = 0 ]; then $(MAKE) lab-sim N=4; \
	else echo "lab-sim: SKIPPED: network namespaces need root (make test as root runs it)"; fi
TEST_EXTRA += lab-sim-test
# ==== end of simulated lab block ====

# ---- everything ----
test: deps
	@sh mk/deps.sh test net $(TEST_DEPS)
	$(MAKE) format-check
	$(MAKE) all
	$(MAKE) unit
	$(MAKE) fuzz-ci
	$(MAKE) qemu-test
	$(if $(TEST_EXTRA),$(MAKE) $(TEST_EXTRA))

qemu-test: all replay-tools netboot
	python3 -m tests.run tests/qemu tests/netboot

bench: deps all
	python3 -m tests.qemu.bench

bench-net: all netboot
	python3 -m tests.netboot.bench_net

FORCE:

clean:
	rm -rf $(B) .gdbinit

-include $(shell find $(B) -name '*.d' 2>/dev/null)
