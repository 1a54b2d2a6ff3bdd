# libFuzzer targets (tests/fuzz/, docs/fuzzing.md), included by the Makefile.
#
#   make fuzz            run every target FUZZ_SECONDS (default 300) each
#   make fuzz-ci         replay the regression inputs, then FUZZ_CI_SECONDS (20) each
#   make fuzz-regress    only replay the regression inputs and seeds
#
# Needs clang and its libFuzzer runtime (mk/deps.sh fuzz).

FUZZCC       ?= clang
FUZZFLAGS    := -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
                $(WARN) -I. -DBOOTLAB_HOST
FUZZ_TARGETS := e820 elfcheck bootinfo multiboot
FUZZ_SECONDS    ?= 300
FUZZ_CI_SECONDS ?= 20

FUZZ_SRC_e820     := tests/fuzz/fuzz_e820.c mm/e820.c
FUZZ_SRC_elfcheck := tests/fuzz/fuzz_elfcheck.c boot/elfcheck.c kernel/printf.c mm/e820.c
FUZZ_SRC_bootinfo := tests/fuzz/fuzz_bootinfo.c kernel/bootinfo.c kernel/report.c kernel/crc32.c \
                     kernel/printf.c mm/e820.c mm/vm.c
FUZZ_SRC_multiboot := tests/fuzz/fuzz_multiboot.c kernel/multiboot.c kernel/bootinfo.c \
                      kernel/report.c kernel/crc32.c kernel/printf.c mm/e820.c mm/vm.c
FUZZ_BINS := $(FUZZ_TARGETS:%=$(B)/fuzz/fuzz_%)

$(B)/fuzz/fuzz_%: $$(FUZZ_SRC_$$*)
	@mkdir -p $(@D)
	$(FUZZCC) $(FUZZFLAGS) -o $@ $(FUZZ_SRC_$*)

# Seeds come from the E820 tables and the built kernel (tests/fuzz/mkseeds.py).
$(B)/fuzz/seeds/.done: tests/fuzz/mkseeds.py tests/harness/e820table.py $(B)/kernel.elf $(B)/mkdisk \
                       $(wildcard tests/e820/*/*.e820)
	rm -rf $(B)/fuzz/seeds
	python3 -m tests.fuzz.mkseeds $(B)/fuzz/seeds
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
