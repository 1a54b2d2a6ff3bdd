#!/bin/sh
# run.sh TARGET SECONDS - run one fuzz target (build/fuzz/fuzz_TARGET).
#   SECONDS = 0: replay the regression inputs (tests/fuzz/regress/TARGET) and
#                the seeds once, then stop;
#   SECONDS > 0: fuzz that long from the saved corpus, the seeds and the
#                regression inputs, saying how far it got every 10 seconds,
#                then print the executions.
# libFuzzer options of the target's own (a dictionary, a larger input size)
# are in tests/fuzz/TARGET.options.
# A crash leaves its input in build/fuzz/crash/TARGET/ and fails: fix the bug,
# then add the input to tests/fuzz/regress/TARGET/ so make test replays it.
set -u
t=$1
secs=$2
b=build/fuzz
opts="-max_len=${FUZZ_MAX_LEN:-5000}"
[ -f "tests/fuzz/$t.options" ] && opts="$opts $(cat "tests/fuzz/$t.options")"
dirs=""
for d in tests/fuzz/regress/$t $b/seeds/$t; do
    [ -d "$d" ] && dirs="$dirs $d"
done
mkdir -p "$b/corpus/$t" "$b/crash/$t"
if [ "$secs" = 0 ]; then
    n=$(find $dirs -type f | wc -l)
    # shellcheck disable=SC2086 # opts and dirs are word lists
    "$b/fuzz_$t" -runs=0 $opts -artifact_prefix="$b/crash/$t/" $dirs >"$b/$t.log" 2>&1 || {
        cat "$b/$t.log" >&2
        echo "fuzz: $t: a regression input or seed fails (log above)" >&2
        exit 1
    }
    echo "fuzz: $t: replayed $n regression inputs and seeds"
    exit 0
fi
# shellcheck disable=SC2086
"$b/fuzz_$t" -max_total_time="$secs" $opts -print_final_stats=1 \
    -artifact_prefix="$b/crash/$t/" "$b/corpus/$t" $dirs >"$b/$t.log" 2>&1 &
pid=$!
elapsed=0
while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    elapsed=$((elapsed + 1))
    if [ $((elapsed % 10)) = 0 ]; then
        last=$(grep -a '^#[0-9]' "$b/$t.log" | tail -n 1 | cut -c1-100)
        echo "fuzz: $t: ${elapsed} of $secs s: ${last:-starting}"
    fi
done
wait "$pid"
rc=$?
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$b/$t.log")
units=$(ls "$b/corpus/$t" | wc -l)
if [ $rc != 0 ]; then
    tail -40 "$b/$t.log" >&2
    echo "fuzz: $t: FAILED after ${execs:-?} executions; input in $b/crash/$t/" >&2
    echo "fuzz: fix the bug, then copy the input to tests/fuzz/regress/$t/" >&2
    exit 1
fi
echo "fuzz: $t: $execs executions in $secs s, corpus $units inputs"
