#!/usr/bin/env bash
# `impt product list` against a local impcentral-sim holding 200 products (two pages of 100).
# Median wall time over RUNS runs (hyperfine, beside /bin/true) and median peak RSS.
# Targets: <= 25 ms and <= 16 MiB.
set -euo pipefail
RUNS=${RUNS:-30}
CONFIG=${CONFIG:-release}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
sim_pid=""
cleanup() {
    [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install -y hyperfine)" >&2; exit 1; }

cd "$root"
for product in impt impt-auth impt-product impcentral-sim; do
    swift build -c "$CONFIG" --product "$product" >/dev/null 2>&1 || { echo "building $product failed" >&2; exit 1; }
done
prefix="$work/prefix"
tools/stage.sh "$CONFIG" "$prefix" >/dev/null

"$prefix/bin/impcentral-sim" --data "$work/sim" --port 0 --demo >"$work/sim.out" 2>"$work/sim.err" &
sim_pid=$!
for _ in $(seq 100); do [ -s "$work/sim.out" ] && break; sleep 0.1; done
url=$(head -1 "$work/sim.out")

export HOME="$work/home" IMPT_PLUGIN_CACHE="$work/plugins.jsonl"
mkdir -p "$HOME"
impt="$prefix/bin/impt"
"$impt" auth login --endpoint "$url" --user demo --pwd demo-password >/dev/null
token=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["accessToken"])' "$HOME/.impt.auth")
python3 - "$url" "$token" <<'PY'
import json, sys, urllib.request
url, token = sys.argv[1], sys.argv[2]
for i in range(200):
    body = json.dumps({"data": {"type": "product", "attributes": {"name": f"Product {i:03}", "description": "benchmark"}}}).encode()
    request = urllib.request.Request(url + "/products", data=body, method="POST",
                                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/vnd.api+json"})
    urllib.request.urlopen(request).read()
PY
lines=$("$impt" product list | grep -c "^Product: ")
echo "products listed: $lines (sim: $url)"

hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$work/times.json" "/bin/true" "$impt product list" >/dev/null
python3 - "$work/times.json" <<'PY'
import json, sys
for result in json.load(open(sys.argv[1]))["results"]:
    print(f"{result['command'].split('/')[-1]:<18} median {result['median']*1000:6.2f} ms   mean {result['mean']*1000:6.2f} ms   (runs: {len(result['times'])})")
PY
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
rss=$(for _ in $(seq "$RUNS"); do /usr/bin/time -f "%M" "$impt" product list 2>&1 >/dev/null | tail -1; done | median)
echo "peak RSS of impt product list: median ${rss} KiB"
