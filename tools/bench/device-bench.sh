#!/usr/bin/env bash
# Benchmarks of the device group against a local impcentral-sim (release build by default):
#   1. `impt device list` with 1,000 devices (10 pages of 100): median wall time and median peak
#      RSS over RUNS runs. Targets: <= 60 ms and <= 20 MiB.
#   2. `impt device restart` of 200 devices given as 200 repeated --device, against 200
#      sequential single-device `impt device restart` runs. Target: >= 8x faster.
# Usage: tools/bench/device-bench.sh        (RUNS=30 CONFIG=release SIM_FLAGS="--latency 5" to vary)
set -euo pipefail
RUNS=${RUNS:-30}
SIM_FLAGS=${SIM_FLAGS:-}
source "$(dirname "$0")/sim-session.sh"
(cd "$root" && swift build -c "$CONFIG" --product impt-device >/dev/null 2>&1) || { echo "building impt-device failed" >&2; exit 1; }
# shellcheck disable=SC2086
start_sim_session $SIM_FLAGS

# 1,000 devices in the demo account, a third of them offline, through the admin endpoint.
python3 - "$url" <<'PY'
import json, sys, urllib.request
from concurrent.futures import ThreadPoolExecutor
admin = sys.argv[1][:-len("/v5")] + "/_sim/devices"
def add(i):
    body = {"account": "demo", "name": f"bench-{i:04d}", "mac_address": "0c:2a:69:%02x:%02x:%02x" % (0x10, i // 256, i % 256),
            "online": i % 3 != 0}
    request = urllib.request.Request(admin, data=json.dumps(body).encode(), method="POST", headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request).read()
with ThreadPoolExecutor(8) as pool:
    list(pool.map(add, range(1000 - 4)))  # the demo account already has 4 devices
PY
echo "sim: $url ${SIM_FLAGS:+($SIM_FLAGS)}; $("$impt" device list | head -1)"

python3 - "$impt" "$RUNS" <<'PY'
import json, os, statistics, subprocess, sys, time
impt, runs = sys.argv[1], int(sys.argv[2])

def run(args):
    """Wall time (s) and peak RSS (KiB) of one impt run; fails on a non-zero exit."""
    start = time.perf_counter()
    child = subprocess.Popen([impt] + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"impt {' '.join(args[:4])} ... failed: {child.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss

for _ in range(3):
    run(["device", "list"])
samples = [run(["device", "list"]) for _ in range(runs)]
wall = statistics.median(s[0] for s in samples) * 1000
rss = statistics.median(s[1] for s in samples) / 1024
print(f"device list, 1,000 devices: median {wall:.1f} ms (target <= 60), median peak RSS {rss:.1f} MiB (target <= 20)"
      f"  [{runs} runs, min {min(s[0] for s in samples)*1000:.1f} ms]")

listing = subprocess.run([impt, "device", "list", "-z", "json"], capture_output=True, check=True).stdout
ids = [item["Device"]["id"] for item in json.loads(listing)][:200]
start = time.perf_counter()
for device in ids:
    run(["device", "restart", "-d", device])
sequential = time.perf_counter() - start
fleet_args = ["device", "restart"] + [word for device in ids for word in ("-d", device)]
fleet = statistics.median(run(fleet_args)[0] for _ in range(5))
print(f"device restart, 200 devices: 200 sequential runs {sequential:.2f} s, one run with 200 --device "
      f"{fleet*1000:.0f} ms (median of 5): {sequential / fleet:.1f}x faster (target >= 8x)")
PY
