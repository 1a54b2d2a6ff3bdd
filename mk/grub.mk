# GRUB 2 as the Multiboot loader (docs/boot-info.md, "Multiboot loaders"),
# included by the Makefile. Needs grub-pc-bin, grub-common, xorriso and
# mtools (mk/deps.sh grub).
#
#   make grub-iso [GRUB_ARGS=...]   build/grub/bootlab.iso: GRUB and the kernel on a
#                                   CD/USB image (dd it to a stick like build/disk.img)
#   make grub-netboot               GRUB's PXE image in build/netboot/boot/grub/:
#                                   make netboot-serve IFACE=eth1 NBP=boot/grub/i386-pc/core.0
#
# GRUB_ARGS: more of the kernel's command line (docs/boot-info.md, "Boot options").

GRUB_ARGS ?=
GRUB_PC   := /usr/lib/grub/i386-pc
.PHONY: grub-deps grub-iso grub-netboot
grub-deps:
	@sh mk/deps.sh grub

# The ISO's tree: /boot/kernel.elf and /boot/grub/grub.cfg.
$(B)/grub/bootlab.iso: $(B)/kernel.elf netboot/grub/iso.cfg FORCE
	@rm -rf $(B)/grub/iso
	@mkdir -p $(B)/grub/iso/boot/grub
	cp $(B)/kernel.elf $(B)/grub/iso/boot/kernel.elf
	sed 's|@ARGS@|$(GRUB_ARGS)|' netboot/grub/iso.cfg > $(B)/grub/iso/boot/grub/grub.cfg
	grub-mkrescue -d $(GRUB_PC) -o $@ $(B)/grub/iso 2>$(B)/grub/mkrescue.log || \
	    { cat $(B)/grub/mkrescue.log; exit 1; }
	@echo "bootlab: $@ ($$(stat -c %s $@) bytes): GRUB 2 boots build/kernel.elf as Multiboot"
grub-iso: grub-deps $(B)/grub/bootlab.iso

grub-netboot: grub-deps netboot
	grub-mknetdir -d $(GRUB_PC) --net-directory=$(NETROOT) --subdir=boot/grub >/dev/null
	sed 's|@ARGS@|$(GRUB_ARGS)|' netboot/grub/net.cfg > $(NETROOT)/boot/grub/grub.cfg
	chmod -R a+rX $(NETROOT)/boot
	@echo "bootlab: GRUB's PXE image is $(NETROOT)/boot/grub/i386-pc/core.0;" \
	    "serve it with make netboot-serve IFACE=... NBP=boot/grub/i386-pc/core.0"
