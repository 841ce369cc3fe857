#!/usr/bin/env bash
# One impt command run in-process, as the in-process tests run it (the host library, the build's
# plugins, collected output, a simulator served from the same process): median, 90th percentile
# and minimum over RUNS runs (default 200) after a warm-up run, for a few typical commands.
# CONFIG=debug (default: what the tests use) or release. Target: median ≤ 5 ms per command.
set -euo pipefail
RUNS=${RUNS:-200}
CONFIG=${CONFIG:-debug}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
# The plugins and impt are what the bench loads: build them with it.
swift build -c "$CONFIG" >/dev/null 2>&1
bench=$(swift build -c "$CONFIG" --show-bin-path)/impt-inprocess-bench
"$bench" "$RUNS" --version
"$bench" "$RUNS" product list
"$bench" "$RUNS" device list -z json
"$bench" "$RUNS" dg list
