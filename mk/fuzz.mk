# libFuzzer targets (tests/fuzz/, docs/fuzzing.md), included by the Makefile.
# One set-up for every target: the same compiler flags and the same runner
# (tests/fuzz/run.sh), which reads a target's own libFuzzer options from
# tests/fuzz/TARGET.options if there is one.
#
#   make fuzz            run every target FUZZ_SECONDS (default 300) each
#   make fuzz-ci         replay the regression inputs, then FUZZ_CI_SECONDS (10) each
#   make fuzz-regress    only replay the regression inputs and seeds
#
# Needs clang and its libFuzzer runtime (mk/deps.sh fuzz).

FUZZCC       ?= clang
FUZZFLAGS    := -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
                -Wall -Wextra -Werror -I.
FUZZ_TARGETS := e820 elfcheck bootinfo multiboot smbios labgrade efimap
FUZZ_SECONDS    ?= 300
FUZZ_CI_SECONDS ?= 10

FUZZ_SRC_e820     := tests/fuzz/fuzz_e820.c mm/e820.c
FUZZ_SRC_elfcheck := tests/fuzz/fuzz_elfcheck.c boot/elfcheck.c lib/printf.c mm/e820.c
FUZZ_KERNEL_SRC   := kernel/bootinfo.c kernel/report.c kernel/smbios.c kernel/tsc.c lib/div64.c \
                     lib/crc32.c lib/sha256.c lib/printf.c mm/e820.c
FUZZ_SRC_bootinfo := tests/fuzz/fuzz_bootinfo.c $(FUZZ_KERNEL_SRC)
FUZZ_SRC_multiboot := tests/fuzz/fuzz_multiboot.c kernel/multiboot.c lib/cmdline.c $(FUZZ_KERNEL_SRC)
FUZZ_SRC_smbios   := tests/fuzz/fuzz_smbios.c kernel/smbios.c kernel/report.c lib/crc32.c \
                     lib/sha256.c lib/printf.c mm/e820.c
FUZZ_SRC_labgrade  = tests/fuzz/fuzz_labgrade.c $(LABGRADE_LIB)
FUZZ_SRC_efimap   := tests/fuzz/fuzz_efimap.c mm/efimap.c mm/e820.c
FUZZ_BINS := $(FUZZ_TARGETS:%=$(B)/fuzz/fuzz_%)

$(B)/fuzz/fuzz_%: $$(FUZZ_SRC_$$*) $$(wildcard hw-tests/*.h)
	@mkdir -p $(@D)
	$(FUZZCC) $(FUZZFLAGS) -o $@ $(FUZZ_SRC_$*) -lm

# Seeds come from the E820 tables, the built kernel and the grader's logs (tests/fuzz/mkseeds.py).
$(B)/fuzz/seeds/.done: tests/fuzz/mkseeds.py tests/harness/e820table.py $(B)/kernel.elf $(B)/mkdisk \
                       $(wildcard tests/e820/*/*.e820) $(wildcard tests/fuzz/corpus_labgrade/*) \
                       $(wildcard tests/hw-tests/logs/uefi/*.log) $(wildcard tests/hw-tests/logs/v4/uefi/*.log)
	rm -rf $(B)/fuzz/seeds
	python3 -m tests.fuzz.mkseeds $(B)/fuzz/seeds
	mkdir -p $(B)/fuzz/seeds/labgrade
	cp tests/fuzz/corpus_labgrade/* $(B)/fuzz/seeds/labgrade/
	for f in tests/hw-tests/logs/uefi/*.log; do cp $$f $(B)/fuzz/seeds/labgrade/uefi-$${f##*/}; done
	for f in tests/hw-tests/logs/v4/uefi/*.log; do cp $$f $(B)/fuzz/seeds/labgrade/uefi-v4-$${f##*/}; done
	touch $@

.PHONY: fuzz fuzz-ci fuzz-regress fuzz-deps
fuzz-deps:
	@sh mk/deps.sh fuzz
fuzz-regress: fuzz-deps $(FUZZ_BINS) $(B)/fuzz/seeds/.done
	@set -e; for t in $(FUZZ_TARGETS); do sh tests/fuzz/run.sh $$t 0; done
fuzz-ci: fuzz-regress
	@set -e; for t in $(FUZZ_TARGETS); do sh tests/fuzz/run.sh $$t $(FUZZ_CI_SECONDS); done
fuzz: fuzz-regress
	@set -e; for t in $(FUZZ_TARGETS); do sh tests/fuzz/run.sh $$t $(FUZZ_SECONDS); done
