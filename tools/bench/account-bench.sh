#!/usr/bin/env bash
# `impt loginkey list` and `impt account info` beside `impt product list` on the same local
# impcentral-sim (the demo account with 5 login keys and 5 products): median wall time over RUNS
# runs (hyperfine) and median peak RSS. Target: both within 10% of `impt product list`.
set -euo pipefail
RUNS=${RUNS:-30}
PLUGINS="impt-auth impt-product impt-loginkey impt-account"
source "$(dirname "$0")/sim-session.sh"
start_sim_session
for i in 1 2 3 4 5; do
    "$impt" loginkey create --pwd demo-password --descr "bench $i" >/dev/null
    "$impt" product create --name "Bench $i" >/dev/null
done
echo "login keys: $("$impt" loginkey list | grep -c '^Login Key: '), products: $("$impt" product list | grep -c '^Product: ') (sim: $url)"

hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$work/times.json" \
    "$impt product list" "$impt loginkey list" "$impt account info" >/dev/null
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for command in "product list" "loginkey list" "account info"; do
    # shellcheck disable=SC2086
    rss=$(for _ in $(seq "$RUNS"); do /usr/bin/time -f "%M" "$impt" $command 2>&1 >/dev/null | tail -1; done | median)
    echo "$command: peak RSS median $rss KiB"
done
python3 - "$work/times.json" <<'PY'
import json, sys
results = {r["command"].split("/")[-1]: r["median"] * 1000 for r in json.load(open(sys.argv[1]))["results"]}
base = results["impt product list"]
for name, ms in results.items():
    print(f"{name:<20} median {ms:6.2f} ms  ({100 * (ms - base) / base:+.1f}% vs product list)")
PY
