#!/bin/sh
# run.sh TARGET SECONDS - run one fuzz target (build/fuzz/fuzz_TARGET).
#   SECONDS = 0: replay the regression inputs (tests/fuzz/regress/TARGET) and
#                the seeds once, then stop;
#   SECONDS > 0: fuzz that long from the saved corpus, the seeds and the
#                regression inputs, then print the executions.
# A crash leaves its input in build/fuzz/crash/TARGET/ and fails: fix the bug,
# then add the input to tests/fuzz/regress/TARGET/ so make test replays it.
set -u
t=$1
secs=$2
b=build/fuzz
max_len=${FUZZ_MAX_LEN:-5000}
dirs=""
for d in tests/fuzz/regress/$t $b/seeds/$t; do
    [ -d "$d" ] && dirs="$dirs $d"
done
mkdir -p "$b/corpus/$t" "$b/crash/$t"
if [ "$secs" = 0 ]; then
    n=$(find $dirs -type f | wc -l)
    "$b/fuzz_$t" -runs=0 -max_len="$max_len" -artifact_prefix="$b/crash/$t/" $dirs \
        >"$b/$t.log" 2>&1 || {
        cat "$b/$t.log" >&2
        echo "fuzz: $t: a regression input or seed fails (log above)" >&2
        exit 1
    }
    echo "fuzz: $t: replayed $n regression inputs and seeds"
    exit 0
fi
"$b/fuzz_$t" -max_total_time="$secs" -max_len="$max_len" -print_final_stats=1 \
    -artifact_prefix="$b/crash/$t/" "$b/corpus/$t" $dirs >"$b/$t.log" 2>&1
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
