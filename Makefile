# bootlab: stage one, stage two, the kernel, the disk image and every test.
#
#   make            build build/disk.img and build/kernel.elf
#   make qemu       boot build/disk.img in QEMU, serial console on this terminal (MEM=128)
#   make qemu-gdb   the same, waiting for gdb (see .gdbinit)
#   make test       every test: format, host unit tests, fuzzing (bounded), QEMU integration
#                   tests, network-boot tests (tests/netboot, as root), the lab grader
#   make fuzz       the libFuzzer targets, FUZZ_SECONDS each (mk/fuzz.mk)
#   make replay E820=FILE   build/replay-disk.img replays FILE's memory map (mk/replay.mk)
#   make bench      boot times against the firmware floor, milestones, sizes (docs/performance.md;
#                   bench-net: every network boot path)
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

# ---- toolchain ----
# gcc (the default): i686-elf-gcc, else Debian's i686-linux-gnu-gcc, else
# gcc -m32. CC=clang: clang for everything, the kernel and loaders with an
# i686 freestanding target; GNU ld links them either way.
ifneq ($(findstring clang,$(CC)),)
  TOOLCHAIN := clang
  KCC       := $(CC) --target=i686-unknown-none-elf -march=i686
  HOSTCC    := $(CC)
  CROSS     ?=
  WARN_CC   := -Wcomma
else
  TOOLCHAIN := gcc
  ifeq ($(origin CROSS),undefined)
    ifneq ($(shell command -v i686-elf-gcc 2>/dev/null),)
      CROSS := i686-elf-
    else ifneq ($(shell command -v i686-linux-gnu-gcc 2>/dev/null),)
      CROSS := i686-linux-gnu-
    else
      CROSS :=
    endif
  endif
  KCC    := $(if $(CROSS),$(CROSS)gcc,gcc)
  HOSTCC ?= gcc
  WARN_CC :=
endif
ifeq ($(CROSS),)
  KLD     := ld -m elf_i386
  OBJCOPY := objcopy
  OBJDUMP := objdump
  NM      := nm
else
  KLD     := $(CROSS)ld
  OBJCOPY := $(CROSS)objcopy
  OBJDUMP := $(CROSS)objdump
  NM      := $(CROSS)nm
endif

# Build-time defaults of the console (drivers/serial/uart.h).
COM_PORT ?= 0x3F8
BAUD     ?= 115200
# A visible tag printed in the report, so two kernel builds can be told apart.
BUILD_TAG ?= default
# Boot options written into the disk image's stage-two header (docs/boot-info.md).
CMDLINE  ?=

WARN     := -Wall -Wextra -Werror -Wmissing-prototypes $(WARN_CC)
KCOMMON  := -m32 -std=gnu11 -ffreestanding -nostdlib -fno-pic -fno-pie -fno-stack-protector \
            -fno-asynchronous-unwind-tables -mno-sse -mno-mmx -mno-80387 -fno-common $(WARN) -g \
            -I. -DUART_PORT=$(COM_PORT) -DUART_BAUD=$(BAUD) -MMD -MP
KCFLAGS  := $(KCOMMON) -O2 -fno-omit-frame-pointer -DBUILD_TAG='"$(BUILD_TAG)"'
S2CFLAGS := $(KCOMMON) -Os
HCFLAGS  := -std=gnu11 -O1 -g $(WARN) -I. -MMD -MP
# Extra objects and linker options for a kernel variant (make broken-kernel).
KERNEL_EXTRA   ?=
KERNEL_LDEXTRA ?=

.PHONY: all deps qemu qemu-gdb test unit qemu-test format format-check bench clean \
        netboot netboot-serve qemu-pxe net-test bench-net kernel-build broken-kernel layers
all: $(B)/disk.img $(B)/kernel.elf

# ---- sources, by program (docs/architecture.md draws the layers) ----
# lib/: the freestanding library every program links; drivers/: its devices.
LIBSRC    := lib/printf.c lib/string.c lib/crc32.c lib/console.c
DRVSRC    := drivers/serial/uart.c drivers/vga/vgatext.c
STAGE2SRC := boot/stage2_entry.S boot/stage2.c boot/bios.c boot/memdetect.c boot/a20.c \
             boot/disk.c boot/elfcheck.c boot/kload.c boot/ksrc_disk.c boot/pxe.c boot/pxeinfo.c \
             mm/e820.c $(DRVSRC) $(LIBSRC)
KERNSRC   := kernel/multiboot_hdr.S kernel/entry.S kernel/vectors.S kernel/main.c \
             kernel/handoff.c kernel/bootinfo.c kernel/multiboot.c kernel/stop.c kernel/report.c \
             kernel/selfcheck.c kernel/trap.c kernel/cpu.c kernel/smbios.c kernel/tsc.c \
             kernel/clock.c kernel/identity.c kernel/physwin.c mm/e820.c mm/kalloc.c mm/vm.c \
             $(DRVSRC) drivers/pit/pit.c $(LIBSRC) lib/div64.c $(KERNEL_EXTRA)

# Objects are named after their whole source file (x.c -> x.c.o), so one
# rule per kind of object serves C and assembly alike.
S2OBJ := $(STAGE2SRC:%=$(B)/s2/%.o)
KOBJ  := $(KERNSRC:%=$(B)/k/%.o)

# Stage two and its relatives (the PXE NBP, the replay build): small code.
$(B)/s2/%.o: %
	@mkdir -p $(@D)
	$(KCC) $(S2CFLAGS) -c $< -o $@
# The kernel.
$(B)/k/%.o: %
	@mkdir -p $(@D)
	$(KCC) $(KCFLAGS) -c $< -o $@
# Host programs and their objects: the tools, the grader.
$(B)/host/%.o: %
	@mkdir -p $(@D)
	$(HOSTCC) $(HCFLAGS) -c $< -o $@

# ---- one-sector programs loaded at 0x7C00: stage one (by the BIOS) and the
# PXE stub (by a PXE ROM, stage two follows it in bootlab.pxe); the build
# checks each is exactly one sector ----
$(B)/stage1.bin $(B)/pxe_stub.bin: $(B)/%.bin: $(B)/s2/boot/%.S.o
	$(KLD) -N -e start -Ttext 0x7C00 --no-warn-rwx-segments -o $(B)/$*.elf $<
	$(OBJCOPY) -S -O binary -j .text $(B)/$*.elf $@
	@test $$(stat -c %s $@) -eq 512 || { echo "$*: not 512 bytes"; exit 1; }

# ---- stage two: linked at 0x7E00, flat binary ----
$(B)/stage2.elf: $(S2OBJ) boot/stage2.ld
	$(KLD) -T boot/stage2.ld --no-warn-rwx-segments -o $@ $(S2OBJ)
$(B)/stage2.bin: $(B)/stage2.elf
	$(OBJCOPY) -O binary $< $@

# ---- the kernel: its linker script takes its addresses from mm/memlayout.h ----
$(B)/kernel.ld: kernel/kernel.ld.S mm/memlayout.h mm/mmu.h
	@mkdir -p $(@D)
	$(KCC) -E -P -undef -x c -D__ASSEMBLER__ -I. $< -o $@
$(B)/kernel.elf: $(KOBJ) $(B)/kernel.ld
	$(KLD) -T $(B)/kernel.ld --no-warn-rwx-segments $(KERNEL_LDEXTRA) -o $@ $(KOBJ)

# ---- host tools ----
HOSTTOOL_OBJ := $(B)/host/boot/hosttool.c.o
$(B)/mkpxe $(B)/mkdisk: $(B)/%: $(B)/host/boot/%.c.o $(HOSTTOOL_OBJ)
	$(HOSTCC) -o $@ $^

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
# (TAG=broken is make broken-kernel's: it links other objects.)
TAG ?= alt
kernel-build:
	@test "$(TAG)" != broken || { echo "kernel-build: TAG=broken is reserved for make broken-kernel"; exit 2; }
	$(MAKE) B=$(B)/builds/$(TAG) BUILD_TAG=$(TAG) $(B)/builds/$(TAG)/kernel.elf

# The deliberately broken kernel of the simulated lab (docs/grading.md): its
# text row is mapped writable, reported as perm=rw, and its self-check forged
# to "ok", by tests/broken/brokenkmap.c, which the linker puts between main
# and kvmalloc / selfcheck_walk. build/builds/broken/kernel.elf, tag "broken".
broken-kernel:
	$(MAKE) B=$(B)/builds/broken BUILD_TAG=broken KERNEL_EXTRA=tests/broken/brokenkmap.c \
	    KERNEL_LDEXTRA="--wrap=kvmalloc --wrap=selfcheck_walk" $(B)/builds/broken/kernel.elf

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
# They test code that runs as 32-bit x86 (the loaders' and the kernel's), so
# they are 32-bit host programs: the same integer and pointer sizes, and
# physical memory simulated at the kernel's own KERNBASE (tests/unit/simphys.h).
# Not position-independent, so the absolute 'data' and 'end' stay where the
# link put them.
include tests/unit/unit.mk
UNIT_BINS := $(UNIT_TESTS:%=$(B)/tests/unit/%)
$(B)/unit/%.o: %
	@mkdir -p $(@D)
	$(HOSTCC) -m32 -fno-pie $(HCFLAGS) -c $< -o $@
.SECONDEXPANSION:
$(UNIT_BINS): $(B)/tests/unit/%: $(B)/unit/tests/unit/%.c.o \
                $$(addsuffix .o,$$(addprefix $(B)/unit/,$$(UNIT_SRCS_$$*)))
	@mkdir -p $(@D)
	$(HOSTCC) -m32 -no-pie -o $@ $(filter %.o,$^) $(UNIT_LDFLAGS) -lcmocka

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

# ---- the layers (docs/architecture.md): no #include against them ----
layers:
	python3 mk/layers.py

# ---- the other toolchain: everything built with clang into build/clang/,
# its unit tests run, and its disk image booted once to a passing self-check
# (qemu-exit: QEMU exits with status 1 when it passed) ----
.PHONY: clang-check
clang-check:
	$(MAKE) CC=clang B=$(B)/clang all unit $(B)/clang/accel-probe.img
	@rm -f $(B)/clang/boot.log; status=0; \
	timeout 60 qemu-system-i386 -accel tcg -m 64 -drive file=$(B)/clang/accel-probe.img,format=raw \
	    -display none -serial file:$(B)/clang/boot.log -monitor none -no-reboot \
	    -device isa-debug-exit,iobase=0xf4,iosize=0x04 || status=$$?; \
	if [ $$status = 1 ] && grep -q '^selfcheck ok' $(B)/clang/boot.log; then \
	    echo "clang-check: the clang build boots and passes its self-check"; \
	else echo "clang-check: FAILED (QEMU status $$status, log $(B)/clang/boot.log)"; exit 1; fi

# ==== lab grader: build/labgrade, its tests (docs/grading.md) ====
# Sources in hw-tests/; C unit tests in tests/hw-tests/, integration tests in
# tests/grader/. Links the kernel's own mm/e820.c and lib/crc32.c, unchanged.
LABGRADE_LIB := $(filter-out hw-tests/labgrade.c,$(wildcard hw-tests/*.c)) mm/e820.c lib/crc32.c
LABGRADE_OBJ := $(LABGRADE_LIB:%=$(B)/host/%.o)
.PHONY: labgrade labgrade-unit labgrade-test
all: $(B)/labgrade
labgrade: $(B)/labgrade
$(B)/labgrade: $(B)/host/hw-tests/labgrade.c.o $(LABGRADE_OBJ)
	$(HOSTCC) -o $@ $^ -lm

include tests/hw-tests/hwtests.mk
LABGRADE_UNIT_BINS := $(LABGRADE_UNIT_TESTS:%=$(B)/tests/hw-tests/%)
$(LABGRADE_UNIT_BINS): $(B)/tests/hw-tests/%: $(B)/host/tests/hw-tests/%.c.o \
                       $(B)/host/tests/hw-tests/lgtest.c.o $(LABGRADE_OBJ)
	@mkdir -p $(@D)
	$(HOSTCC) -o $@ $^ -lcmocka -lm
labgrade-unit: $(LABGRADE_UNIT_BINS) $(B)/labgrade
	@set -e; for t in $(LABGRADE_UNIT_BINS); do echo "== $$t"; $$t; done
# Integration: QEMU on ptys, files, stdin, ser2net (raw + telnet), headless Chromium.
labgrade-test: labgrade-unit all broken-kernel
	python3 -m tests.run tests/grader
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
	$(MAKE) layers
	$(MAKE) all
	$(MAKE) clang-check
	$(MAKE) unit
	$(MAKE) fuzz-ci
	$(MAKE) qemu-test
	$(if $(TEST_EXTRA),$(MAKE) $(TEST_EXTRA))

qemu-test: all replay-tools netboot
	python3 -m tests.run tests/qemu tests/netboot

# The PXE path needs build/netboot (and root for its namespace); without them
# the bench says it skipped that path. BENCH_ARGS: e.g. --runs 9 --mem 64 128 512.
bench: deps all
	-@$(MAKE) --no-print-directory netboot >/dev/null
	python3 -m tests.qemu.bench $(BENCH_ARGS)

bench-net: all netboot
	python3 -m tests.netboot.bench_net

FORCE:

clean:
	rm -rf $(B) .gdbinit

-include $(shell find $(B) -name '*.d' 2>/dev/null)
