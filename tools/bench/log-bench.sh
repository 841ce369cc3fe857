#!/usr/bin/env bash
# Benchmarks of `impt log stream` against a local impcentral-sim (release build by default):
#   1. Throughput and memory: the simulator bursts ENTRIES numbered entries (1,000,000 by default)
#      as fast as it can store them and impt takes them (the burst waits for the slowest stream
#      reader); impt renders them in the default text mode with standard output on /dev/null.
#      Reported: entries per second end to end (burst start to impt's last byte written, read from
#      /proc/<pid>/io), impt's resident memory after 100,000 entries and at the end, and its peak
#      (VmHWM). Targets: >= 50,000 entries/s, peak <= 20 MiB, flat within 1 MiB from 100,000 on.
#   2. Reconnect: impt is frozen (SIGSTOP), its stream dropped and one entry logged; then impt
#      resumes and the time until that entry is printed (from the device's history) is measured.
#      ROUNDS rounds (10); median and maximum. Target: <= 1.5 s.
# Usage: tools/bench/log-bench.sh        (ENTRIES=200000 ROUNDS=5 CONFIG=release to vary)
set -euo pipefail
ENTRIES=${ENTRIES:-1000000}
ROUNDS=${ROUNDS:-10}
source "$(dirname "$0")/sim-session.sh"
(cd "$root" && swift build -c "$CONFIG" --product impt-log >/dev/null 2>&1) || { echo "building impt-log failed" >&2; exit 1; }
start_sim_session

python3 - "$url" "$impt" "$ENTRIES" "$ROUNDS" <<'PY'
import json, os, select, signal, subprocess, sys, threading, time, urllib.request
url, impt, entries, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
root = url[:-len("/v5")]

def post(base, path, body=None):
    request = urllib.request.Request(base + path, method="POST", data=json.dumps(body or {}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=3600) as response:
        text = response.read()
        return json.loads(text) if text else None

def new_device(name):
    return post(root, "/_sim/devices", {"account": "demo", "name": name})["data"]["id"]

def status(pid, key):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1])  # kB
    return 0

def written(pid):
    for line in open(f"/proc/{pid}/io"):
        if line.startswith("wchar:"):
            return int(line.split()[1])
    return 0

def wait_for(predicate, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return False

# 1. Throughput and memory.
device = new_device("bench-throughput")
stream = subprocess.Popen([impt, "log", "stream", "--device", device], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wait_for(lambda: written(stream.pid) > 0)  # the opened lines
time.sleep(0.5)
base = written(stream.pid)
sample = "[%s] 2024-01-01T00:00:00.000Z [server.log] burst %d\n"
def bytes_for(count):  # bytes of entries 1...count
    total, n = 0, 1
    while n <= count:
        width = len(str(n)); last = min(count, 10 ** width - 1)
        total += (last - n + 1) * len(sample % (device, 10 ** (width - 1)))
        n = last + 1
    return total
at_100k = None
start = time.monotonic()
burst = threading.Thread(target=lambda: post(root, f"/_sim/devices/{device}/logs/burst", {"count": entries}))
burst.start()
target = base + bytes_for(entries)
mark = base + bytes_for(100_000)
while written(stream.pid) < target:
    if at_100k is None and written(stream.pid) >= mark:
        at_100k = status(stream.pid, "VmRSS")
    if time.monotonic() - start > 600:
        sys.exit("impt did not render the burst within 10 minutes")
    time.sleep(0.005)
elapsed = time.monotonic() - start
burst.join()
at_end, peak = status(stream.pid, "VmRSS"), status(stream.pid, "VmHWM")
stream.send_signal(signal.SIGINT)
if stream.wait(timeout=30) != 0:
    sys.exit("impt log stream did not end cleanly: " + stream.stderr.read().decode())
rate = entries / elapsed
print(f"throughput: {entries} entries in {elapsed:.2f} s = {rate:,.0f} entries/s (target >= 50,000)")
print(f"memory: RSS {at_100k / 1024:.1f} MiB after 100,000 entries, {at_end / 1024:.1f} MiB after {entries:,}; "
      f"difference {(at_end - at_100k) / 1024:+.2f} MiB (target within 1 MiB); peak {peak / 1024:.1f} MiB (target <= 20 MiB)")

# 2. Reconnect to the first entry filled in from history.
device = new_device("bench-reconnect")
stream = subprocess.Popen([impt, "log", "stream", "--device", device], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
pending = b""
def read_until(text, timeout=30):
    global pending
    deadline = time.monotonic() + timeout
    while text.encode() not in pending:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([stream.stdout], [], [], left)[0]:
            return False
        chunk = os.read(stream.stdout.fileno(), 65536)
        if not chunk:
            return False
        pending += chunk
    pending = pending[pending.index(text.encode()) + len(text):]
    return True
read_until("Press <Ctrl-C> to exit.")
times = []
for round in range(rounds):
    stream.send_signal(signal.SIGSTOP)
    post(root, "/_sim/accounts/demo/logstreams/drop")
    post(root, f"/_sim/devices/{device}/logs", {"msg": f"missed {round}"})
    start = time.monotonic()
    stream.send_signal(signal.SIGCONT)
    if not read_until(f"missed {round}\n"):
        sys.exit(f"round {round + 1}: the missed entry was not shown")
    times.append(time.monotonic() - start)
stream.send_signal(signal.SIGINT)
stream.wait(timeout=30)
times.sort()
print(f"reconnect to the first gap-filled entry: median {times[len(times) // 2] * 1000:.0f} ms, "
      f"max {times[-1] * 1000:.0f} ms over {rounds} rounds (target <= 1500 ms)")
PY
