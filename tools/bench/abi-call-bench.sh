#!/usr/bin/env bash
# Argument passing, positional handler form (libffi) against the ABI 1.3 form (arguments read by
# name through impt.args/1): one command with six options (a string, a flag, a tri-state, an
# integer, a list of three and a number) called COUNT times (default 1,000,000) in one process,
# RUNS times each (default 5); prints the median nanoseconds per call of each form.
# Target: the 1.3 form no slower than libffi.
set -euo pipefail
COUNT=${COUNT:-1000000}
RUNS=${RUNS:-5}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root"
swift build -c release --product impt-abi-bench >/dev/null
bench=$(swift build -c release --show-bin-path)/impt-abi-bench
cc -O2 -std=c11 -shared -fPIC -fvisibility=hidden -ISources/ImptPluginAPI/include tools/bench/abi-call/bench_plugin.c -o "$work/libbench.so"
options=(--text hello --flag --state false --number 42 --item a --item bb --item ccc --real 2.5)
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for form in positional named; do
    result=$(for _ in $(seq "$RUNS"); do "$bench" "$work/libbench.so" "$COUNT" bench "$form" "${options[@]}"; done | median)
    printf '%-10s %8.1f ns per call (median of %d runs of %d calls)\n' "$form" "$result" "$RUNS" "$COUNT"
done
