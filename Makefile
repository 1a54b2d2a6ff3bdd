# bootlab: stage one, stage two, the kernel, the disk image and every test.
#
#   make            build build/disk.img (BIOS and UEFI PCs), build/kernel.elf, the UEFI
#                   loader and its ESP tree build/uefi/esp/ (mk/uefi.mk)
#   make qemu       boot build/disk.img in QEMU, serial console on this terminal (MEM=128)
#   make qemu-gdb   the same, waiting for gdb; it prints the gdb command (make gdb runs it)
#                   DEBUG=1: the kernel at -Og in build/debug/, to step line by line
#   make qemu-uefi  make qemu under OVMF, a UEFI PC (MEM=128)
#   make uefi-sign SB_KEY=key.pem SB_CERT=cert.pem   build/uefi/signed-esp/ (Secure Boot)
#   make test       every test: format, host unit tests, fuzzing (bounded), QEMU integration
#                   tests, network-boot tests (tests/netboot, as root), the lab grader
#   make fuzz       the libFuzzer targets, FUZZ_SECONDS each (mk/fuzz.mk)
#   make replay E820=FILE   build/replay-disk.img replays FILE's memory map (mk/replay.mk)
#   make bench      boot times against the firmware floor, milestones, sizes (docs/performance.md;
#                   bench-net: every network boot path)
#   make netboot    the TFTP/HTTP root build/netboot/ (docs/lab-setup.md)
#   make netboot-serve IFACE=eth1 [PROXY=1] [HTTP=1]   the lab's boot server
#   make qemu-pxe   a QEMU PC booting over the network, in a private namespace
#   make qemu-pxe-uefi   the same for a UEFI PC
#   make broken-kernel  build/builds/broken/kernel.elf, the simulated lab's broken build
#   make lab-sim N=8    N QEMU PCs netboot at once and labgrade grades them (docs/grading.md)
#
# Missing Debian packages are installed when running as root (or with sudo);
# otherwise the exact apt-get line is printed (mk/deps.sh).

# DEBUG=1: the kernel at -Og, for stepping through it in gdb (make qemu-gdb),
# built into build/debug/ so its objects never mix with the -O2 ones.
DEBUG ?=
ifeq ($(DEBUG),1)
  B    := build/debug
  KOPT := -Og
else
  B    := build
  KOPT := -O2
endif
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
# STUDENT_TREE=DIR: a student's kernel/ and mm/ (make lab-build; docs/lab-setup.md,
# "Students' kernels"). Their headers come first; lib/, drivers/, include/ and the
# linker script kernel/kernel.ld.S stay the course's.
STUDENT_TREE ?=
KINC     := $(if $(STUDENT_TREE),-I$(STUDENT_TREE)) -I.
KCOMMON  := -m32 -std=gnu11 -ffreestanding -nostdlib -fno-pic -fno-pie -fno-stack-protector \
            -fno-asynchronous-unwind-tables -mno-sse -mno-mmx -mno-80387 -fno-common $(WARN) -g \
            $(KINC) -DUART_PORT=$(COM_PORT) -DUART_BAUD=$(BAUD) -MMD -MP
# The loops over every page (mm/, the self-check) and over every byte (the
# hashes, memset, the framebuffer) run at -O2; the rest of the kernel runs
# once per boot and is built for size, which keeps what a PXE PC fetches
# under 64 KiB (docs/performance.md, "Sizes"). DEBUG=1 builds all at -Og.
KHOT     := mm/% kernel/selfcheck.c lib/string.c lib/sha256.c lib/crc32.c drivers/fb/%
KOPTF     = $(if $(filter -Og,$(KOPT)),-Og,$(if $(filter $(KHOT),$<),-O2,-Os))
KCFLAGS   = $(KCOMMON) $(KOPTF) -fno-omit-frame-pointer -DBUILD_TAG='"$(BUILD_TAG)"'
S2CFLAGS := $(KCOMMON) -Os
HCFLAGS  := -std=gnu11 -O1 -g $(WARN) -I. -MMD -MP
# Extra objects and linker options for a kernel variant (make broken-kernel).
KERNEL_EXTRA   ?=
KERNEL_LDEXTRA ?=

.PHONY: all deps lab-build qemu qemu-gdb gdb test unit qemu-test format format-check bench clean \
        netboot netboot-serve qemu-pxe net-test bench-net kernel-build broken-kernel layers
all: $(B)/disk.img $(B)/kernel.elf

# ---- sources, by program (docs/architecture.md draws the layers) ----
# lib/: the freestanding library every program links; drivers/: its devices.
LIBSRC    := lib/printf.c lib/string.c lib/crc32.c lib/console.c lib/cmdline.c
DRVSRC    := drivers/serial/uart.c drivers/serial/uartopt.c drivers/vga/vgatext.c
KDRVSRC   := drivers/pic/pic8259.c drivers/pit/pit.c
STAGE2SRC := boot/stage2_entry.S boot/stage2.c boot/bios.c boot/memdetect.c boot/a20.c \
             boot/disk.c boot/elfcheck.c boot/kload.c boot/ksrc_disk.c boot/pxe.c boot/pxe_tftp.c \
             boot/pxeinfo.c boot/clock.c boot/tftp_retry.c \
             mm/e820.c $(DRVSRC) $(LIBSRC)
KERNSRC   := kernel/multiboot_hdr.S kernel/entry.S kernel/vectors.S kernel/main.c \
             kernel/handoff.c kernel/bootinfo.c kernel/multiboot.c kernel/stop.c kernel/report.c \
             kernel/screen.c kernel/selfcheck.c kernel/trap.c kernel/khash.c kernel/resend.c \
             kernel/cpu.c kernel/smbios.c kernel/tsc.c kernel/clock.c kernel/identity.c \
             kernel/physwin.c mm/e820.c mm/kalloc.c mm/vm.c drivers/fb/fbcon.c drivers/fb/font8x16.c \
             $(DRVSRC) $(KDRVSRC) $(LIBSRC) lib/sha256.c lib/div64.c $(KERNEL_EXTRA)

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
# A student's kernel/ and mm/ files (shorter stems: these rules win over the one above).
ifneq ($(STUDENT_TREE),)
$(B)/k/kernel/%.o: $(STUDENT_TREE)/kernel/%
	@mkdir -p $(@D)
	$(KCC) $(KCFLAGS) -c $< -o $@
$(B)/k/mm/%.o: $(STUDENT_TREE)/mm/%
	@mkdir -p $(@D)
	$(KCC) $(KCFLAGS) -c $< -o $@
endif
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
	$(KCC) -E -P -undef -x c -D__ASSEMBLER__ $(KINC) $< -o $@
$(B)/kernel.elf: $(KOBJ) $(B)/kernel.ld
	$(KLD) -T $(B)/kernel.ld --no-warn-rwx-segments $(KERNEL_LDEXTRA) -o $@ $(KOBJ)

# ---- host tools ----
HOSTTOOL_OBJ := $(B)/host/boot/hosttool.c.o
$(B)/mkpxe $(B)/mkdisk: $(B)/%: $(B)/host/boot/%.c.o $(HOSTTOOL_OBJ)
	$(HOSTCC) -o $@ $(filter %.o,$^)
$(B)/mkdisk: $(B)/host/boot/fatimg.c.o

# ---- the UEFI loader (boot/uefi/, mk/uefi.mk) ----
include mk/uefi.mk

# ---- the disk image: BIOS (stage one in the MBR) and UEFI (an EFI System Partition) ----
$(B)/disk.img: $(B)/mkdisk $(B)/stage1.bin $(B)/stage2.bin $(B)/kernel.elf $(UB)/BOOTX64.EFI \
               $(UB)/BOOTIA32.EFI
	$(B)/mkdisk -o $@ -1 $(B)/stage1.bin -2 $(B)/stage2.bin -k $(B)/kernel.elf \
	    -u $(UB)/BOOTX64.EFI -u $(UB)/BOOTIA32.EFI $(if $(CMDLINE),-c "$(CMDLINE)")

# The same image with the qemu-exit boot option: the KVM probe (mk/accel.sh).
$(B)/accel-probe.img: $(B)/mkdisk $(B)/stage1.bin $(B)/stage2.bin $(B)/kernel.elf
	$(B)/mkdisk -o $@ -1 $(B)/stage1.bin -2 $(B)/stage2.bin -k $(B)/kernel.elf -c qemu-exit >/dev/null

# ---- test builds: E820 replay (mk/replay.mk) ----
include mk/replay.mk

# ---- network boot (docs/lab-setup.md) ----
# build/netboot/ is the TFTP and HTTP root: bootlab.pxe (the PXE stub and
# stage two), bootlab.efi and bootlab-ia32.efi (the UEFI loader), the kernel,
# the iPXE script, per-seat files, Debian's iPXE.
IPXE_DIR  ?= /usr/lib/ipxe
NBP_CMDLINE ?=
NETROOT   := $(B)/netboot
# Always remade (it takes a millisecond), so a new NBP_CMDLINE takes effect.
$(NETROOT)/bootlab.pxe: $(B)/mkpxe $(B)/pxe_stub.bin $(B)/stage2.bin FORCE
	@mkdir -p $(@D)
	$(B)/mkpxe -o $@ -1 $(B)/pxe_stub.bin -2 $(B)/stage2.bin $(if $(NBP_CMDLINE),-c "$(NBP_CMDLINE)")
# The kernel the PCs fetch is build/kernel.elf without its symbols and debug
# sections: the same program headers and segment bytes (tests/netboot checks
# them), a quarter of the bytes on the wire. The grader reads the symbols from
# build/kernel.elf itself; netboot/seats.py strips each seat's kernel the same
# way (--objcopy), and the grader reads those from the manifest's paths.
$(NETROOT)/kernel.elf: $(B)/kernel.elf FORCE
	@mkdir -p $(@D)
	$(OBJCOPY) --strip-all $(B)/kernel.elf $@
# MANIFEST=FILE: seats/ becomes the manifest's seats, each with its own kernel
# (netboot/seats.py). Always: seats/index.ipxe, and a check that dnsmasq will
# serve every file (owner, mode, inside the root), which fails naming any it
# would not.
MANIFEST ?=
netboot: deps $(NETROOT)/bootlab.pxe $(NETROOT)/kernel.elf $(UB)/BOOTX64.EFI $(UB)/BOOTIA32.EFI \
         $(if $(MANIFEST),$(B)/labgrade)
	@sh mk/deps.sh net
	mkdir -p $(NETROOT)/seats $(NETROOT)/builds
	cp netboot/boot.ipxe $(NETROOT)/
	cp $(UB)/BOOTX64.EFI $(NETROOT)/bootlab.efi
	cp $(UB)/BOOTIA32.EFI $(NETROOT)/bootlab-ia32.efi
	cp netboot/seats/default.ipxe $(NETROOT)/seats/
	cp $(IPXE_DIR)/undionly.kpxe $(IPXE_DIR)/ipxe.pxe $(NETROOT)/
	chmod -R a+rX $(NETROOT)
	python3 -m netboot.seats --root $(NETROOT) --build-dir $(B) --objcopy $(OBJCOPY) \
	    $(if $(MANIFEST),--manifest $(MANIFEST))
	@nbp=$$(stat -c %s $(NETROOT)/bootlab.pxe); k=$$(stat -c %s $(NETROOT)/kernel.elf); \
	echo "bootlab: $(NETROOT) ready: bootlab.pxe $$nbp B, kernel.elf $$k B (stripped;" \
	    "$(B)/kernel.elf $$(stat -c %s $(B)/kernel.elf) B with symbols), a PXE PC fetches" \
	    "$$((nbp + k)) B"

# Switch the room on: Wake-on-LAN to every MAC of MANIFEST, on IFACE only (netboot/wake.py).
lab-wake: $(B)/labgrade
	@test -n "$(MANIFEST)" -a -n "$(IFACE)" || { echo "usage: make lab-wake MANIFEST=lab.txt IFACE=eth1"; exit 2; }
	python3 -m netboot.wake $(MANIFEST) --iface $(IFACE) --build-dir $(B)
.PHONY: lab-wake

# Every student's source tree in MANIFEST, built into $(B)/lab/<student>/ (netboot/labbuild.py).
lab-build: deps $(B)/labgrade
	@test -n "$(MANIFEST)" || { echo "usage: make lab-build MANIFEST=lab.txt (docs/lab-setup.md)"; exit 2; }
	python3 -m netboot.labbuild $(MANIFEST) --build-dir $(B)

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
# IFACE is checked before anything is built.
netboot-serve: netboot-iface netboot
	python3 -m netboot.serve --iface "$(IFACE)" $(if $(filter 1,$(PROXY)),--proxy) \
	    $(if $(filter 1,$(HTTP)),--http) $(if $(SEATS),--seats $(SEATS)) $(if $(NBP),--nbp $(NBP))

netboot-iface:
	@test -n "$(IFACE)" || { echo "usage: make netboot-serve IFACE=<the lab interface> [PROXY=1] [HTTP=1]"; \
	    echo "the interfaces here (ip -br link):"; ip -br link 2>/dev/null | sed 's/^/    /'; exit 2; }
.PHONY: netboot-iface

# A QEMU PC booting over the network from that server, in a private namespace (root).
qemu-pxe: netboot
	python3 -m tests.netboot.qemu_pxe --mem $(MEM) $(if $(filter 1,$(PROXY)),--proxy) \
	    $(if $(filter 1,$(HTTP)),--http) $(if $(NBP),--nbp $(NBP))

# GRUB 2 as the Multiboot loader: make grub-iso, make grub-netboot (mk/grub.mk).
include mk/grub.mk

# ---- running ----
deps:
	@sh mk/deps.sh build
QEMU_ACCEL = $(shell sh mk/accel.sh)
qemu: deps all $(B)/accel-probe.img
	@if [ "$(MEM)" -lt 3 ] 2>/dev/null; then echo "bootlab: MEM=$(MEM) MiB is too little for the" \
	    "kernel (3 MiB is the least that boots): it will stop and say why; make qemu MEM=128 boots"; fi
	@echo "bootlab: booting $(B)/disk.img with -m $(MEM) (accel $(QEMU_ACCEL)); quit with Ctrl-A X"
	qemu-system-i386 -accel $(QEMU_ACCEL) -m $(MEM) -drive file=$(B)/disk.img,format=raw \
	    -display none -serial mon:stdio -no-reboot

# gdb against QEMU's gdb stub: one port per user, so two students on one
# machine do not meet. GDB_CMD reads no init file at all (-nx: neither
# ~/.gdbinit nor a .gdbinit here, which gdb's auto-load safe-path refuses
# anyway); every setting is on its command line.
GDBPORT ?= $(shell expr `id -u` % 5000 + 25000)
GDB_CMD := gdb -nx -ex 'set architecture i386' -ex 'file $(B)/kernel.elf' \
           -ex 'target remote localhost:$(GDBPORT)'
qemu-gdb: deps all
	@echo "bootlab: QEMU waits for gdb on port $(GDBPORT). In another terminal, in this directory:"
	@echo "    $(GDB_CMD)"
	@echo "bootlab: (or: make gdb$(if $(filter 1,$(DEBUG)), DEBUG=1)). Then e.g. 'break setupkvm', 'continue', 'step', 'info args'."
	$(if $(filter 1,$(DEBUG)),,@echo "bootlab: this kernel is built -O2 (the page loops) and -Os (the rest); make qemu-gdb DEBUG=1 steps line by line")
	qemu-system-i386 -accel tcg -m $(MEM) -drive file=$(B)/disk.img,format=raw \
	    -display none -serial mon:stdio -no-reboot -S -gdb tcp::$(GDBPORT)
# gdb for a QEMU that make qemu-gdb started (same DEBUG= and GDBPORT=).
gdb: deps
	@sh mk/deps.sh debug
	$(GDB_CMD)

# ---- host unit tests (tests/unit, cmocka), and the kernel's tables against
# their restatements in the oracle and the grader, and lib/sha256.c against
# Python's hashlib (tests/restatements) ----
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

# lib/sha256.c as a host program, for tests/restatements/test_sha256.py.
$(B)/tests/sha256sum: $(B)/host/tests/tools/sha256sum.c.o $(B)/host/lib/sha256.c.o
	@mkdir -p $(@D)
	$(HOSTCC) -o $@ $(filter %.o,$^)

# A 32-bit program that only exits 0: mk/run32.sh runs the tests directly
# when this runs, and under qemu-i386 when the kernel cannot execute it.
$(B)/tests/unit/probe32: tests/unit/probe32.c
	@mkdir -p $(@D)
	$(HOSTCC) -m32 -no-pie $(HCFLAGS) -o $@ $<

# The C unit tests alone (what clang-check runs for its own build), then the
# restatements, which read build/ (the default toolchain's).
.PHONY: unit-c
unit-c: $(UNIT_BINS) $(B)/tests/unit/probe32
	@sh mk/run32.sh $(B)/tests/unit/probe32 $(UNIT_BINS)
unit: unit-c $(B)/tests/sha256sum $(B)/kernel.elf
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
	$(MAKE) CC=clang B=$(B)/clang all unit-c $(B)/clang/accel-probe.img
	@rm -f $(B)/clang/boot.log; status=0; \
	timeout 60 qemu-system-i386 -accel tcg -m 64 -drive file=$(B)/clang/accel-probe.img,format=raw \
	    -display none -serial file:$(B)/clang/boot.log -monitor none -no-reboot \
	    -device isa-debug-exit,iobase=0xf4,iosize=0x04 || status=$$?; \
	if [ $$status = 1 ] && grep -q '^selfcheck ok' $(B)/clang/boot.log; then \
	    echo "clang-check: the clang build boots and passes its self-check"; \
	else echo "clang-check: FAILED (QEMU status $$status, log $(B)/clang/boot.log)"; exit 1; fi

# ==== lab grader: build/labgrade, its tests (docs/grading.md) ====
# Sources in hw-tests/; C unit tests in tests/hw-tests/, integration tests in
# tests/grader/. Links the kernel's own mm/e820.c, lib/crc32.c and lib/sha256.c, the UEFI
# loader's map converter mm/efimap.c, unchanged, and lib/cmdline.c and drivers/serial/uartopt.c,
# which check a manifest's com= and baud=.
LABGRADE_LIB := $(filter-out hw-tests/labgrade.c,$(wildcard hw-tests/*.c)) mm/e820.c mm/efimap.c \
                lib/crc32.c lib/sha256.c lib/cmdline.c drivers/serial/uartopt.c
LABGRADE_OBJ := $(LABGRADE_LIB:%=$(B)/host/%.o)
.PHONY: labgrade labgrade-unit labgrade-test
all: $(B)/labgrade
labgrade: $(B)/labgrade
$(B)/labgrade: $(B)/host/hw-tests/labgrade.c.o $(LABGRADE_OBJ)
	$(HOSTCC) -o $@ $(filter %.o,$^) -lm

include tests/hw-tests/hwtests.mk
LABGRADE_UNIT_BINS := $(LABGRADE_UNIT_TESTS:%=$(B)/tests/hw-tests/%)
$(LABGRADE_UNIT_BINS): $(B)/tests/hw-tests/%: $(B)/host/tests/hw-tests/%.c.o \
                       $(B)/host/tests/hw-tests/lgtest.c.o $(LABGRADE_OBJ)
	@mkdir -p $(@D)
	$(HOSTCC) -o $@ $(filter %.o,$^) -lcmocka -lm
labgrade-unit: $(LABGRADE_UNIT_BINS) $(B)/labgrade
	@set -e; for t in $(LABGRADE_UNIT_BINS); do echo "== $$t"; $$t; done
# Integration: QEMU on ptys, files, stdin, ser2net (raw + telnet), headless Chromium.
labgrade-test: labgrade-unit all broken-kernel
	python3 -m tests.run tests/grader
TEST_EXTRA += labgrade-test
TEST_DEPS  += labgrade fuzz
# ==== end of lab grader block ====

# ==== simulated lab: a room of N QEMU PCs from its manifest to grades per student ====
# docs/grading.md, "Simulated lab". N PCs (default 4): students' trees built,
# seats written, PCs netbooted, graded from the manifest; exactly bob's broken
# tree and carol's PC, which boots another build than its row, must FAIL.
# Needs root (network namespaces, taps).
N ?= 4
.PHONY: lab-sim lab-sim-test labsim-unit
lab-sim: netboot $(B)/labgrade
	python3 -m tests.labsim -n $(N)
# Host unit tests of lab-sim's judgement and timing arithmetic, and of make lab-build.
labsim-unit: $(B)/labgrade
	python3 -m tests.run tests/labsim
# make test: lab-sim N=4 as root; without root it says it skipped, like tests/netboot.
lab-sim-test: labsim-unit
	@if [ "$$(id -u)" = 0 ]; then $(MAKE) lab-sim N=4; \
	else echo "lab-sim: SKIPPED: network namespaces need root (make test as root runs it)"; fi
TEST_EXTRA += lab-sim-test
# ==== end of simulated lab block ====

# ---- everything ----
test: deps
	@sh mk/deps.sh test net grub debug $(TEST_DEPS)
	$(MAKE) format-check
	$(MAKE) layers
	$(MAKE) all
	$(MAKE) clang-check
	$(MAKE) unit
	$(MAKE) fuzz-ci
	$(MAKE) qemu-test
	$(if $(TEST_EXTRA),$(MAKE) $(TEST_EXTRA))

qemu-test: all replay-tools netboot grub-deps
	python3 -m tests.run tests/qemu tests/netboot tests/grub

# The PXE path needs build/netboot (and root for its namespace); without them
# the bench says it skipped that path. BENCH_ARGS: e.g. --runs 9 --mem 64 128 512.
bench: deps all
	-@$(MAKE) --no-print-directory netboot >/dev/null
	python3 -m tests.qemu.bench $(BENCH_ARGS)

bench-net: all netboot
	python3 -m tests.netboot.bench_net

FORCE:

clean:
	rm -rf $(B)

# Dependency files of this Makefile's objects (x.c.o -> x.c.d); others a
# build/ may still hold from older layouts of the tree are not read.
-include $(shell find $(B) -name '*.[cS].d' 2>/dev/null)
