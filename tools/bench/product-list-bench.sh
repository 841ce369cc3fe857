#!/usr/bin/env bash
# `impt product list` against a local impcentral-sim holding 200 products (two pages of 100).
# Median wall time over RUNS runs (hyperfine, beside /bin/true) and median peak RSS.
# Targets: <= 25 ms and <= 16 MiB.
set -euo pipefail
RUNS=${RUNS:-30}
source "$(dirname "$0")/sim-session.sh"
start_sim_session
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
