#!/usr/bin/env bash
# One impt.api/2 bulk call of 200 GETs against a local impcentral-sim that holds every response
# back by LATENCY ms (default 20), with concurrency 16 against concurrency 1 (one at a time).
# Median wall time over RUNS runs each (hyperfine). Target: concurrency 16 at least 5x faster.
# The requests come from the C fixture plugin Tests/Fixtures/bulk_plugin.c (`impt bulk run`).
set -euo pipefail
RUNS=${RUNS:-10}
LATENCY=${LATENCY:-20}
source "$(dirname "$0")/sim-session.sh"
start_sim_session --latency "$LATENCY"
mkdir -p "$work/plugins"
cc -std=c11 -O2 -shared -fPIC -fvisibility=hidden -I Sources/ImptPluginAPI/include \
    Tests/Fixtures/bulk_plugin.c -o "$work/plugins/libimpt-bulk.so"
export IMPT_PLUGIN_PATH="$work/plugins"
check=$("$impt" bulk run --request "GET /accounts/me" --repeat 200 --concurrency 16 --quiet | head -1)
echo "$check (sim: $url, latency ${LATENCY} ms)"
[ "$check" = "bulk returned 0: 200 of 200 succeeded" ] || { echo "the bulk call failed" >&2; exit 1; }

run() { echo "$impt bulk run --request 'GET /accounts/me' --repeat 200 --quiet --concurrency $1"; }
hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$work/times.json" "$(run 1)" "$(run 16)" >/dev/null
python3 - "$work/times.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
for result in results:
    print(f"concurrency {result['command'].split()[-1]:>2}: median {result['median']*1000:8.1f} ms   (runs: {len(result['times'])})")
sequential, concurrent = results[0]["median"], results[1]["median"]
speedup = sequential / concurrent
print(f"speed-up: {speedup:.1f}x (target >= 5x)")
sys.exit(0 if speedup >= 5 else 1)
PY
