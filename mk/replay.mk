# E820 replay test build (docs/e820-replay.md), included by the Makefile.
#
#   make replay E820=FILE   build/replay-disk.img: stage two answers INT 15h
#                           E820h/E801h/88h from FILE, with FILE's quirks
#   make qemu-replay E820=FILE [MEM=256]   build it and boot it
#
# The replay stage two is the ordinary one, object for object, plus
# tests/replay/replay16.S and tests/replay/replay.c, which the linker puts
# between stage two and its memdetect and enter_kernel (ld --wrap). It is
# never part of build/disk.img.

S2ROBJ := $(S2OBJ) $(B)/s2/tests/replay/replay16.S.o $(B)/s2/tests/replay/replay.c.o

$(B)/stage2-replay.elf: $(S2ROBJ) boot/stage2.ld
	$(KLD) -T boot/stage2.ld --no-warn-rwx-segments --wrap=memdetect --wrap=enter_kernel \
	    -o $@ $(S2ROBJ)
$(B)/stage2-replay.bin: $(B)/stage2-replay.elf
	$(OBJCOPY) -O binary $< $@

MKREPLAY_OBJ := $(patsubst %,$(B)/host/%.o,tests/replay/mkreplay.c tests/replay/replaytab.c \
                  boot/hosttool.c mm/e820.c)
$(B)/mkreplay: $(MKREPLAY_OBJ)
	$(HOSTCC) -o $@ $(filter %.o,$^)

# The C sanitizer on the host: the replay test's third opinion.
$(B)/tests/e820sane: $(B)/host/tests/tools/e820sane.c.o $(B)/host/mm/e820.c.o
	@mkdir -p $(@D)
	$(HOSTCC) -o $@ $(filter %.o,$^)

# Everything the replay tests need besides build/disk.img.
REPLAY_TOOLS := $(B)/stage2-replay.bin $(B)/mkreplay $(B)/mkdisk $(B)/stage1.bin \
                $(B)/kernel.elf $(B)/tests/e820sane

.PHONY: replay qemu-replay replay-tools
replay-tools: $(REPLAY_TOOLS)

replay: $(REPLAY_TOOLS)
	@test -n "$(E820)" || { echo "usage: make replay E820=FILE" >&2; exit 2; }
	$(B)/mkreplay -t "$(E820)" -s $(B)/stage2-replay.bin -o $(B)/replay-stage2.bin
	$(B)/mkdisk -o $(B)/replay-disk.img -1 $(B)/stage1.bin -2 $(B)/replay-stage2.bin \
	    -k $(B)/kernel.elf $(if $(CMDLINE),-c "$(CMDLINE)")

qemu-replay: deps replay
	@echo "bootlab: booting $(B)/replay-disk.img ($(E820)) with -m $(MEM); quit with Ctrl-A X"
	qemu-system-i386 -accel tcg -m $(MEM) -drive file=$(B)/replay-disk.img,format=raw \
	    -display none -serial mon:stdio -no-reboot
