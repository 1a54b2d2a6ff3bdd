# bootlab: stage one, stage two, the kernel, the disk image and every test.
#
#   make            build build/disk.img and build/kernel.elf
#   make qemu       boot build/disk.img in QEMU, serial console on this terminal (MEM=128)
#   make qemu-gdb   the same, waiting for gdb (see .gdbinit)
#   make test       every test: format, host unit tests, QEMU integration tests,
#                   network-boot tests (tests/netboot, as root)
#   make bench      benchmarks that print numbers (bench-net: network boot paths)
#   make netboot    the TFTP/HTTP root build/netboot/ (docs/lab-setup.md)
#   make netboot-serve IFACE=eth1 [PROXY=1] [HTTP=1]   the lab's boot server
#   make qemu-pxe   a QEMU PC booting over the network, in a private namespace
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
KCFLAGS  := $(KCOMMON) -O2 -fno-omit-frame-pointer -DBUILD_TAG='"$(BUILD_TAG)"'
S2CFLAGS := $(KCOMMON) -Os
HOSTCC   ?= gcc
HCFLAGS  := -std=gnu11 -O1 -g $(WARN) -I. -DBOOTLAB_HOST -MMD -MP

.PHONY: all deps qemu qemu-gdb test unit qemu-test format format-check bench clean \
        netboot netboot-serve qemu-pxe net-test bench-net kernel-build
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

# ---- stage one: one sector, checked for size and signature ----
$(B)/stage1.bin: boot/stage1.S boot/layout.h
	@mkdir -p $(B)/s1
	$(KCC) $(KCOMMON) -c boot/stage1.S -o $(B)/s1/stage1.o
	$(KLD) -N -e start -Ttext 0x7C00 --no-warn-rwx-segments -o $(B)/s1/stage1.elf $(B)/s1/stage1.o
	$(OBJCOPY) -S -O binary -j .text $(B)/s1/stage1.elf $@
	@test $$(stat -c %s $@) -eq 512 || { echo "stage1: not 512 bytes"; exit 1; }

# ---- stage two: linked at 0x7E00, flat binary ----
$(B)/stage2.elf: $(S2OBJ) boot/stage2.ld
	$(KLD) -T boot/stage2.ld --no-warn-rwx-segments -o $@ $(S2OBJ)
$(B)/stage2.bin: $(B)/stage2.elf
	$(OBJCOPY) -O binary $< $@

# ---- the kernel ----
$(B)/kernel.elf: $(KOBJ) kernel/kernel.ld
	$(KLD) -T kernel/kernel.ld --no-warn-rwx-segments -o $@ $(KOBJ)

# ---- the PXE stub: one sector, stage two follows it in bootlab.pxe ----
$(B)/pxe_stub.bin: boot/pxe_stub.S boot/layout.h
	@mkdir -p $(B)/s1
	$(KCC) $(KCOMMON) -c boot/pxe_stub.S -o $(B)/s1/pxe_stub.o
	$(KLD) -N -e start -Ttext 0x7C00 --no-warn-rwx-segments -o $(B)/s1/pxe_stub.elf $(B)/s1/pxe_stub.o
	$(OBJCOPY) -S -O binary -j .text $(B)/s1/pxe_stub.elf $@
	@test $$(stat -c %s $@) -eq 512 || { echo "pxe_stub: not 512 bytes"; exit 1; }

# ---- host tools ----
$(B)/mkpxe: boot/mkpxe.c boot/layout.h
	@mkdir -p $(@D)
	$(HOSTCC) $(HCFLAGS) -o $@ boot/mkpxe.c

$(B)/mkdisk: boot/mkdisk.c boot/layout.h
	@mkdir -p $(@D)
	$(HOSTCC) $(HCFLAGS) -o $@ boot/mkdisk.c

# ---- the disk image ----
$(B)/disk.img: $(B)/mkdisk $(B)/stage1.bin $(B)/stage2.bin $(B)/kernel.elf
	$(B)/mkdisk -o $@ -1 $(B)/stage1.bin -2 $(B)/stage2.bin -k $(B)/kernel.elf \
	    $(if $(CMDLINE),-c "$(CMDLINE)")

# The same image with the qemu-exit boot option: the KVM probe (mk/accel.sh).
$(B)/accel-probe.img: $(B)/mkdisk $(B)/stage1.bin $(B)/stage2.bin $(B)/kernel.elf
	$(B)/mkdisk -o $@ -1 $(B)/stage1.bin -2 $(B)/stage2.bin -k $(B)/kernel.elf -c qemu-exit >/dev/null

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
TAG ?= alt
kernel-build:
	$(MAKE) B=$(B)/builds/$(TAG) BUILD_TAG=$(TAG) $(B)/builds/$(TAG)/kernel.elf

# The server for a real lab, in the foreground: IFACE=eth1 [PROXY=1] [HTTP=1].
netboot-serve: netboot
	@test -n "$(IFACE)" || { echo "usage: make netboot-serve IFACE=eth1 [PROXY=1] [HTTP=1]"; exit 2; }
	python3 netboot/serve.py --iface "$(IFACE)" $(if $(filter 1,$(PROXY)),--proxy) \
	    $(if $(filter 1,$(HTTP)),--http) $(if $(SEATS),--seats $(SEATS)) $(if $(NBP),--nbp $(NBP))

# A QEMU PC booting over the network from that server, in a private namespace (root).
qemu-pxe: netboot
	python3 netboot/qemu_pxe.py --mem $(MEM) $(if $(filter 1,$(PROXY)),--proxy) \
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

# ---- host unit tests (tests/unit, cmocka) ----
include tests/unit/unit.mk
UNIT_BINS := $(UNIT_TESTS:%=$(B)/tests/unit/%)
$(B)/tests/unit/%: tests/unit/%.c
	@mkdir -p $(@D)
	$(HOSTCC) $(HCFLAGS) -o $@ $< $(UNIT_SRCS_$*) -lcmocka
.SECONDEXPANSION:
$(UNIT_BINS): $$(UNIT_SRCS_$$(@F))

unit: $(UNIT_BINS)
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; $$t; done

# ---- formatting ----
FMT_FILES = $(shell git ls-files '*.c' '*.h' 2>/dev/null)
format:
	clang-format -i $(FMT_FILES)
format-check:
	clang-format --dry-run -Werror $(FMT_FILES)

# ---- everything ----
test: deps
	@sh mk/deps.sh test net
	$(MAKE) format-check
	$(MAKE) all
	$(MAKE) unit
	$(MAKE) qemu-test

qemu-test: all netboot
	python3 tests/qemu/run_all.py tests/qemu tests/netboot

# Only the network-boot tests (tests/netboot; as root: namespaces and taps).
net-test: all netboot
	python3 tests/qemu/run_all.py tests/netboot

bench: deps all
	python3 tests/qemu/bench.py

bench-net: all netboot
	python3 tests/netboot/bench_net.py

FORCE:

clean:
	rm -rf $(B) .gdbinit

-include $(shell find $(B) -name '*.d' 2>/dev/null)
