#!/usr/bin/env bash
# Benchmark of impcentral-sim (release build):
#   * start-up: launch -> first successful GET /_sim/health (best of several runs)
#   * load: 1,000 products, wrk on GET /v5/products?page[size]=100 with a valid bearer token
#   * peak RSS of the server (VmHWM from /proc/<pid>/status)
# Usage: tools/bench/sim-bench.sh [--no-build] [--duration 10s] [--connections 32] [--threads 2]
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DURATION=10s
CONNECTIONS=32
THREADS=2
BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) BUILD=0 ;;
    --duration) DURATION="$2"; shift ;;
    --connections) CONNECTIONS="$2"; shift ;;
    --threads) THREADS="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

command -v wrk >/dev/null 2>&1 || { echo "wrk not found; installing (Debian package)" >&2; apt-get install -y wrk >/dev/null; }
command -v python3 >/dev/null 2>&1 || { echo "python3 is required" >&2; exit 2; }

if [ "$BUILD" = 1 ]; then
  (cd "$ROOT" && swift build -c release --product impcentral-sim >&2)
fi
BIN="$(cd "$ROOT" && swift build -c release --show-bin-path)/impcentral-sim"
[ -x "$BIN" ] || { echo "missing $BIN (build first)" >&2; exit 2; }

WORK="$(mktemp -d)"
PID=""
cleanup() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then kill -TERM "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# Start the simulator; prints "<pid> <base url>" once it has written its base URL.
start_sim() {
  local data="$1"; shift
  local out="$WORK/stdout.$RANDOM"
  "$BIN" --data "$data" --port 0 "$@" >"$out" 2>"$WORK/stderr.log" &
  local pid=$!
  for _ in $(seq 1 500); do
    if [ -s "$out" ]; then echo "$pid $(head -1 "$out")"; return 0; fi
    sleep 0.01
  done
  echo "simulator did not start" >&2; cat "$WORK/stderr.log" >&2; exit 1
}

# --- start-up time: launch -> first successful /_sim/health ---------------------------------
STARTUP_MS=$(python3 - "$BIN" "$WORK" <<'PY'
import os, subprocess, sys, time, urllib.request
binary, work = sys.argv[1], sys.argv[2]
best = None
for run in range(5):
    data = os.path.join(work, f"startup{run}")
    t0 = time.perf_counter()
    proc = subprocess.Popen([binary, "--data", data, "--port", "0", "--demo"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    base = proc.stdout.readline().decode().strip()
    root = base[: -len("/v5")]
    while True:
        try:
            with urllib.request.urlopen(root + "/_sim/health", timeout=2) as r:
                if r.status == 200:
                    break
        except Exception:
            time.sleep(0.002)
    ms = (time.perf_counter() - t0) * 1000
    best = ms if best is None else min(best, ms)
    proc.terminate(); proc.wait()
print(f"{best:.0f}")
PY
)

# --- load test -----------------------------------------------------------------------------
read -r PID BASE < <(start_sim "$WORK/data" --demo)
TOKEN=$(python3 - "$BASE" <<'PY'
import json, sys, urllib.request
base = sys.argv[1]
req = urllib.request.Request(base + "/auth", data=json.dumps({"id": "demo", "password": "demo-password"}).encode(),
                             headers={"Content-Type": "application/json"}, method="POST")
token = json.load(urllib.request.urlopen(req))["access_token"]
# Seed 1,000 products through the API.
from concurrent.futures import ThreadPoolExecutor
def create(i):
    body = json.dumps({"data": {"type": "product", "attributes": {"name": f"bench-product-{i:04d}", "description": "benchmark"}}}).encode()
    r = urllib.request.Request(base + "/products", data=body, method="POST",
                               headers={"Content-Type": "application/vnd.api+json", "Authorization": "Bearer " + token})
    urllib.request.urlopen(r).read()
with ThreadPoolExecutor(8) as pool:
    list(pool.map(create, range(1000)))
print(token)
PY
)
URL="$BASE/products?page%5Bsize%5D=100"
python3 - "$URL" "$TOKEN" <<'PY'
import json, sys, urllib.request
r = urllib.request.Request(sys.argv[1], headers={"Authorization": "Bearer " + sys.argv[2]})
doc = json.load(urllib.request.urlopen(r))
assert len(doc["data"]) == 100 and "next" in doc["links"], "unexpected first page"
PY

WRK_OUT="$WORK/wrk.txt"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" "$URL" | tee "$WRK_OUT" >&2
RPS=$(awk '/Requests\/sec/ {print $2}' "$WRK_OUT")
P99=$(awk '$1 == "99%" {print $2}' "$WRK_OUT")
NON2XX=$(awk '/Non-2xx/ {print $5}' "$WRK_OUT")
HWM_KB=$(awk '/VmHWM/ {print $2}' "/proc/$PID/status")

echo
echo "impcentral-sim benchmark (release build, $(nproc) cores)"
echo "  start-up to first served request : ${STARTUP_MS} ms (best of 5)"
echo "  GET /v5/products?page[size]=100   : ${RPS} req/s (wrk -t$THREADS -c$CONNECTIONS -d$DURATION, 1,000 products)"
echo "  p99 latency                       : ${P99}"
echo "  non-2xx responses                 : ${NON2XX:-0}"
echo "  peak RSS (VmHWM)                  : $((HWM_KB / 1024)) MiB (${HWM_KB} kB)"
