#!/bin/sh
# run_fuzz_labgrade.sh BIN SECONDS SEEDS - replay every saved crash, then fuzz
# for SECONDS from a scratch copy of the seed corpus (the repository's seeds
# are never modified). Prints the number of executions. Fails on any crash;
# the crashing input is left in build/fuzz/ - copy it to
# tests/fuzz/regress_labgrade/ so it is replayed from then on.
set -eu
bin=$1 secs=$2 seeds=$3
regress=tests/fuzz/regress_labgrade
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p build/fuzz
cp "$seeds"/* "$work"/
if [ -n "$(ls "$regress" 2>/dev/null)" ]; then
    echo "fuzz_labgrade: replaying $(ls "$regress" | wc -l) saved inputs from $regress"
    "$bin" "$regress"/* >build/fuzz/labgrade-regress.log 2>&1 || {
        cat build/fuzz/labgrade-regress.log
        exit 1
    }
fi
set +e
"$bin" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -dict=tests/fuzz/labgrade.dict -print_final_stats=1 -artifact_prefix=build/fuzz/ \
    "$work" >build/fuzz/labgrade.log 2>&1
rc=$?
set -e
grep -E "stat::number_of_executed_units|stat::peak_rss_mb|ERROR|SUMMARY" build/fuzz/labgrade.log || true
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' build/fuzz/labgrade.log)
echo "fuzz_labgrade: ${execs:-0} executions in ${secs} s, exit status $rc"
[ "$rc" = 0 ] || tail -60 build/fuzz/labgrade.log
exit "$rc"
