# mk/uefi.mk - the UEFI loader (boot/uefi/), included by the Makefile.
#
#   make                 also builds build/uefi/BOOTX64.EFI and BOOTIA32.EFI, the ESP
#                        tree build/uefi/esp/ (EFI/BOOT/BOOTX64.EFI, EFI/BOOT/BOOTIA32.EFI,
#                        bootlab/kernel.elf), and puts both loaders on build/disk.img
#   make qemu-uefi [MEM=128]   boot build/disk.img under OVMF, console on this terminal
#   make qemu-pxe-uefi   a UEFI PC booting over the network, in a private namespace (root)
#   make uefi-sign SB_KEY=key.pem SB_CERT=cert.pem [SB_KERNEL=build/kernel.elf]
#                        build/uefi/signed-esp/: the loader built with the SHA-256 of that
#                        kernel, signed (sbsigntool), with the kernel beside it
#   make uefi-test       the OVMF tests (tests/uefi), with a snakeoil-signed tree
#   make bench-uefi      boot times and sizes (tests/uefi/bench.py)
#
# Toolchain: clang for the x86_64-unknown-windows (and i686-unknown-windows)
# target and lld-link, with gnu-efi's headers only: Debian packages clang,
# lld, gnu-efi. No libefi, no crt0, no EDK2 build. The loader links the
# freestanding layer stage two uses (lib/, drivers/, mm/, boot/kload.c ...)
# compiled for this target.

UB := $(B)/uefi
EFI_INC := /usr/include/efi
OVMF_FD := /usr/share/ovmf/OVMF.fd

# -fno-ms-extensions: without it clang defines _MSC_EXTENSIONS and gnu-efi's
# eficompiler.h then defines __attribute__(x) away for every later header
# (packed, noreturn, format silently lost); HAVE_USE_MS_ABI makes EFIAPI an
# explicit ms_abi (the x64 target's default convention anyway).
# -mno-red-zone: firmware interrupt handlers run on our stack (UEFI 2.10,
# 2.3.4.2); -mno-stack-arg-probe: no __chkstk (Windows targets call it for
# frames over 4 KiB); -fshort-wchar: UEFI strings are UCS-2;
# -mgeneral-regs-only: no SSE state to care about.
UEFI_COMMON := -std=gnu11 -ffreestanding -fshort-wchar -fno-stack-protector -mno-stack-arg-probe \
               -mgeneral-regs-only -fno-builtin -fno-ms-extensions -Os -g0 \
               -Wall -Wextra -Werror -Wmissing-prototypes -Wcomma -I. -isystem $(EFI_INC) \
               -DUART_PORT=$(COM_PORT) -DUART_BAUD=$(BAUD) -MMD -MP
UEFI64_CC := clang -target x86_64-unknown-windows $(UEFI_COMMON) -mno-red-zone \
             -isystem $(EFI_INC)/x86_64 -DHAVE_USE_MS_ABI
UEFI32_CC := clang -target i686-unknown-windows $(UEFI_COMMON) -isystem $(EFI_INC)/ia32
UEFI_LDFLAGS := -subsystem:efi_application -entry:efi_main -nodefaultlib

UEFI_SRC := boot/uefi/main.c boot/uefi/con.c boot/uefi/efiutil.c boot/uefi/gop.c \
            boot/uefi/memmap.c boot/uefi/kfile.c boot/uefi/kfile_sfs.c boot/uefi/kfile_pxe.c \
            boot/uefi/kplace.c boot/uefi/handoff.c \
            boot/elfcheck.c boot/kload.c boot/pxeinfo.c boot/tftp_retry.c mm/e820.c mm/efimap.c \
            drivers/serial/uart.c drivers/fb/fbcon.c drivers/fb/font8x16.c \
            lib/printf.c lib/string.c lib/console.c lib/sha256.c lib/cmdline.c
# secboot.c is the one object that differs between the plain and the signed loader.
UEFI64_OBJ := $(UEFI_SRC:%=$(UB)/x64/%.o) $(UB)/x64/boot/uefi/trampoline.S.o
UEFI32_OBJ := $(UEFI_SRC:%=$(UB)/ia32/%.o) $(UB)/ia32/boot/uefi/trampoline_ia32.S.o

$(UB)/x64/%.o: % | uefi-deps
	@mkdir -p $(@D)
	$(UEFI64_CC) -c $< -o $@
$(UB)/ia32/%.o: % | uefi-deps
	@mkdir -p $(@D)
	$(UEFI32_CC) -c $< -o $@

$(UB)/BOOTX64.EFI: $(UEFI64_OBJ) $(UB)/x64/boot/uefi/secboot.c.o
	lld-link $(UEFI_LDFLAGS) -out:$@ $^
# -safeseh:no: hand-written assembly carries no SEH table (nothing here uses SEH).
$(UB)/BOOTIA32.EFI: $(UEFI32_OBJ) $(UB)/ia32/boot/uefi/secboot.c.o
	lld-link -machine:x86 -safeseh:no $(UEFI_LDFLAGS) -out:$@ $^

# ---- the ESP tree ----
UEFI_ESP := $(UB)/esp/EFI/BOOT/BOOTX64.EFI $(UB)/esp/EFI/BOOT/BOOTIA32.EFI \
            $(UB)/esp/bootlab/kernel.elf
$(UB)/esp/EFI/BOOT/%.EFI: $(UB)/%.EFI
	@mkdir -p $(@D)
	cp $< $@
$(UB)/esp/bootlab/kernel.elf: $(B)/kernel.elf
	@mkdir -p $(@D)
	cp $< $@
.PHONY: uefi uefi-deps uefi-sign qemu-uefi qemu-pxe-uefi uefi-test bench-uefi
uefi: $(UEFI_ESP)
all: uefi
uefi-deps:
	@sh mk/deps.sh uefi

# ---- Secure Boot: the loader that accepts only this kernel, signed ----
SB_KERNEL ?= $(B)/kernel.elf
UEFI_SIGNED := $(UB)/signed-esp
# The digest as 32 C byte literals, so the loader compares bytes (boot/uefi/secboot.c).
$(UB)/sb/secboot.c.o: boot/uefi/secboot.c $(SB_KERNEL) | uefi-deps
	@mkdir -p $(@D)
	$(UEFI64_CC) -DKERNEL_SHA256="$$(sha256sum $(SB_KERNEL) | cut -c1-64 | sed 's/../0x&,/g')" \
	    -c $< -o $@
$(UB)/sb/BOOTX64.EFI: $(UEFI64_OBJ) $(UB)/sb/secboot.c.o
	lld-link $(UEFI_LDFLAGS) -out:$@ $^
uefi-sign: $(UB)/sb/BOOTX64.EFI
	@test -n "$(SB_KEY)" -a -n "$(SB_CERT)" || \
	    { echo "usage: make uefi-sign SB_KEY=key.pem SB_CERT=cert.pem [SB_KERNEL=kernel.elf]"; exit 2; }
	@mkdir -p $(UEFI_SIGNED)/EFI/BOOT $(UEFI_SIGNED)/bootlab
	sbsign --key $(SB_KEY) --cert $(SB_CERT) --output $(UEFI_SIGNED)/EFI/BOOT/BOOTX64.EFI $<
	cp $(SB_KERNEL) $(UEFI_SIGNED)/bootlab/kernel.elf
	@echo "uefi-sign: $(UEFI_SIGNED): BOOTX64.EFI signed by $(SB_CERT), for kernel sha256" \
	    "$$(sha256sum $(SB_KERNEL) | cut -c1-64)"

# ---- running ----
qemu-uefi: all
	@sh mk/deps.sh uefi-run
	@echo "bootlab: booting $(B)/disk.img under OVMF with -m $(MEM); quit with Ctrl-A X"
	qemu-system-x86_64 -accel tcg -m $(MEM) -bios $(OVMF_FD) \
	    -drive file=$(B)/disk.img,format=raw,snapshot=on -display none -serial mon:stdio \
	    -net none -no-reboot
qemu-pxe-uefi: netboot
	python3 -m tests.netboot.qemu_pxe --uefi --mem $(MEM) $(if $(filter 1,$(PROXY)),--proxy)

# The snakeoil key of Debian's OVMF test keys, unlocked (its passphrase is "snakeoil"): tests only.
SNAKEOIL := /usr/share/ovmf/PkKek-1-snakeoil
$(UB)/snakeoil.key: $(SNAKEOIL).key
	@mkdir -p $(@D)
	openssl rsa -in $< -passin pass:snakeoil -out $@ 2>/dev/null
uefi-test: all netboot $(UB)/snakeoil.key
	@sh mk/deps.sh uefi-run
	$(MAKE) uefi-sign SB_KEY=$(UB)/snakeoil.key SB_CERT=$(SNAKEOIL).pem
	python3 -m tests.run tests/uefi
bench-uefi: all
	@sh mk/deps.sh uefi-run
	python3 -m tests.uefi.bench
# make test runs them (the network tests skip themselves without root).
TEST_EXTRA += uefi-test
TEST_DEPS  += uefi uefi-run
