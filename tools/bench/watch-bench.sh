#!/usr/bin/env bash
# `impt build run --watch` against a local impcentral-sim (release build by default): a Project
# whose group holds one device, then SAVES saves of the device file, each with new code. For every
# save it measures the time from the save (the file written) to
#   - the separator line of the new Deployment,
#   - the first log entry after the separator (with a short log period it may still be one the old
#     code logged just before the restart), and
#   - the new code's first log line: its `server.log` entry, whose text names the save.
# Reports median, 90th percentile and maximum. Target: the new code's first log line <= 300 ms.
# Usage: tools/bench/watch-bench.sh      (SAVES=20 LOG_PERIOD=0.02 CONFIG=release SIM_CONFIG=debug to vary)
set -euo pipefail
SAVES=${SAVES:-20}
LOG_PERIOD=${LOG_PERIOD:-0.02}
source "$(dirname "$0")/sim-session.sh"
for product in impt-dg impt-device impt-build impt-log; do
    (cd "$root" && swift build -c "$CONFIG" --product "$product" >/dev/null 2>&1) || { echo "building $product failed" >&2; exit 1; }
done
start_sim_session --log-period "$LOG_PERIOD"

project="$work/project"
mkdir -p "$project"
cd "$project"
"$impt" product create --name WatchBench >/dev/null
"$impt" dg create --name WatchGroup --product WatchBench >/dev/null
"$impt" device assign --device demo-device-1 --dg WatchGroup --confirmed >/dev/null
group=$("$impt" dg info --dg WatchGroup --output json | python3 -c 'import json,sys; print(json.load(sys.stdin)["Device Group"]["id"])')
printf '{\n  "deviceGroupId": "%s",\n  "deviceFile": "device.nut",\n  "agentFile": "agent.nut"\n}\n' "$group" >.impt.project
printf 'server.log("save 0");\n' >device.nut
: >agent.nut
echo "sim: $url (--log-period $LOG_PERIOD); $SAVES saves"

python3 - "$impt" "$SAVES" <<'PY'
import os, signal, statistics, subprocess, sys, threading, time
impt, saves = sys.argv[1], int(sys.argv[2])
child = subprocess.Popen([impt, "build", "run", "--watch"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
lines = []  # (time, line)
ready = threading.Condition()

def read():
    for line in child.stdout:
        with ready:
            lines.append((time.monotonic(), line.rstrip("\n")))
            ready.notify_all()
    with ready:
        ready.notify_all()

threading.Thread(target=read, daemon=True).start()

def wait_for(predicate, start, timeout=10):
    """The time of the first line at or after index `start` satisfying predicate."""
    deadline = time.monotonic() + timeout
    with ready:
        while True:
            for index in range(start, len(lines)):
                if predicate(lines[index][1]):
                    return index, lines[index][0]
            if child.poll() is not None or time.monotonic() > deadline:
                sys.exit("impt --watch did not print what was expected:\n" + "\n".join(l for _, l in lines[-20:]))
            ready.wait(0.05)

entry = lambda line: line.startswith("[")
index, _ = wait_for(lambda l: l.endswith("] save 0"), 0)
separators, firsts, own = [], [], []
for save in range(1, saves + 1):
    time.sleep(0.3)
    with ready:
        start = len(lines)
    saved = time.monotonic()
    with open("device.nut", "w") as f:
        f.write(f'server.log("save {save}");\n')
    separator, at = wait_for(lambda l: l.startswith("========== Redeploy "), start)
    separators.append(at - saved)
    _, at = wait_for(entry, separator + 1)
    firsts.append(at - saved)
    _, at = wait_for(lambda l: l.endswith(f"] save {save}"), separator + 1)
    own.append(at - saved)
child.send_signal(signal.SIGINT)
child.wait(10)
tail = [l for _, l in lines][-1:]
if child.returncode != 0 or tail != ["IMPT COMMAND SUCCEEDS"]:
    sys.exit(f"impt --watch ended with {child.returncode}, last line {tail}")

def report(name, values):
    values = sorted(v * 1000 for v in values)
    p90 = values[min(len(values) - 1, int(len(values) * 0.9))]
    print(f"{name:40} median {statistics.median(values):6.1f} ms   p90 {p90:6.1f} ms   max {values[-1]:6.1f} ms")

report("save -> separator line", separators)
report("save -> first entry after the separator", firsts)
report("save -> the new code's first log line", own)
verdict = "meets" if max(own) <= 0.3 else "misses"
print(f"target: the new code's first log line <= 300 ms: {verdict} (max {max(own) * 1000:.1f} ms)")
PY
