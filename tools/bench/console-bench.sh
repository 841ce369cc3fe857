#!/usr/bin/env bash
# Times the impcentral-sim web console's pages with 1,000 devices (seeded with --seed): every
# page RUNS times with curl after a warm-up, reporting the median and the slowest time at the
# server (the simulator's --verbose request log) and at curl. Target: each page <= 20 ms at the
# server. Traffic goes to 127.0.0.1 only.
# Usage: tools/bench/console-bench.sh [SIM_BINARY]   (default: .build/release/impcentral-sim,
#        else .build/debug/impcentral-sim; RUNS=50 to change the count)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${RUNS:-50}
sim=${1:-}
if [ -z "$sim" ]; then
    sim="$root/.build/release/impcentral-sim"
    [ -x "$sim" ] || sim="$root/.build/debug/impcentral-sim"
fi
[ -x "$sim" ] || { echo "no impcentral-sim binary at $sim (swift build --product impcentral-sim)" >&2; exit 1; }
work=$(mktemp -d)
sim_pid=""
cleanup() {
    [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

python3 - "$work/seed.json" <<'PY'
import json, sys
devices = [{"name": f"bench-{i:04d}", "id": f"{0xbe000000 + i:016x}", "mac_address": "0c:2a:69:%02x:%02x:%02x" % (0xbe, i // 256, i % 256),
            "online": i % 3 != 0} for i in range(1000)]
json.dump({"accounts": [{"username": "bench", "password": "bench-pw", "devices": devices}]}, open(sys.argv[1], "w"))
PY
"$sim" --data "$work/data" --port 0 --seed "$work/seed.json" --verbose >"$work/url" 2>"$work/requests" &
sim_pid=$!
for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.05; done
base=$(head -1 "$work/url")
site=${base%/v5}

# A product, a group holding all 1,000 devices, a deployment, a webhook and 200 log lines.
ids=$(python3 - "$base" <<'PY'
import json, sys, urllib.request
base = sys.argv[1]
site = base[:-len("/v5")]
def call(method, url, body=None, token=None):
    request = urllib.request.Request(url, data=None if body is None else json.dumps(body).encode(), method=method)
    request.add_header("Content-Type", "application/vnd.api+json")
    if token: request.add_header("Authorization", "Bearer " + token)
    text = urllib.request.urlopen(request, timeout=30).read()
    return json.loads(text) if text else None
token = call("POST", base + "/auth", {"id": "bench", "password": "bench-pw"})["access_token"]
product = call("POST", base + "/products", {"data": {"type": "product", "attributes": {"name": "Bench"}}}, token)["data"]["id"]
group = call("POST", base + "/devicegroups", {"data": {"type": "development_devicegroup", "attributes": {"name": "All"},
             "relationships": {"product": {"type": "product", "id": product}}}}, token)["data"]["id"]
deployment = call("POST", base + "/deployments", {"data": {"type": "deployment", "attributes": {"device_code": "server.log(1);" * 200,
             "agent_code": "", "tags": ["bench"]}, "relationships": {"devicegroup": {"type": "development_devicegroup", "id": group}}}}, token)["data"]["id"]
devices = [{"type": "device", "id": f"{0xbe000000 + i:016x}"} for i in range(1000)]
call("POST", base + f"/devicegroups/{group}/relationships/devices", {"data": devices}, token)
webhook = call("POST", base + "/webhooks", {"data": {"type": "webhook", "attributes": {"url": "http://127.0.0.1:9/hook", "event": "deployment",
             "content_type": "application/json"}, "relationships": {"devicegroup": {"type": "development_devicegroup", "id": group}}}}, token)["data"]["id"]
device = f"{0xbe000000 + 1:016x}"
call("POST", site + f"/_sim/devices/{device}/logs", {"entries": [{"type": "server.log", "msg": f"line {i}"} for i in range(200)]})
print(product, group, deployment, webhook, device)
PY
)
read -r product group deployment webhook device <<<"$ids"

jar="$work/cookies"
csrf=$(curl -s -c "$jar" -b "$jar" "$site/console/login" | grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 | sed 's/.*value="//;s/"$//')
curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" --data-urlencode user=bench \
    --data-urlencode password=bench-pw "$site/console/login"

echo "impcentral-sim: $sim"
echo "1,000 devices in one group; $RUNS fetches per page after 5 warm-up fetches"
printf '%-28s %12s %12s %12s %10s\n' page "server med" "server max" "curl med" bytes
status=0
for page in / "/console/products/$product" "/console/devicegroups/$group" /console/devices \
        "/console/devices/$device" "/console/deployments/$deployment" "/console/webhooks/$webhook" /console/changes; do
    for _ in 1 2 3 4 5; do curl -s -o /dev/null -b "$jar" "$site$page"; done
    : >"$work/requests"
    curl_times=()
    for _ in $(seq "$RUNS"); do
        curl_times+=("$(curl -s -o "$work/body" -b "$jar" -w '%{http_code} %{time_total}' "$site$page")")
    done
    bytes=$(wc -c <"$work/body")
    result=$(python3 - "$work/requests" "$page" "${curl_times[@]}" <<'PY'
import re, statistics, sys
log, page, samples = sys.argv[1], sys.argv[2], sys.argv[3:]
codes = {s.split()[0] for s in samples}
if codes != {"200"}:
    sys.exit(f"{page}: HTTP {sorted(codes)}")
curl = [float(s.split()[1]) * 1000 for s in samples]
server = [int(m.group(1)) for m in re.finditer(r"^GET \S+ -> 200 \((\d+) ms\)$", open(log).read(), re.M)]
print(f"{statistics.median(server):.0f} {max(server)} {statistics.median(curl):.1f}")
PY
) || { echo "$result" >&2; exit 1; }
    read -r server_median server_max curl_median <<<"$result"
    verdict=ok
    [ "$server_median" -le 20 ] || { verdict="over 20 ms"; status=1; }
    printf '%-28s %9s ms %9s ms %9s ms %10s  %s\n' "${page:0:28}" "$server_median" "$server_max" "$curl_median" "$bytes" "$verdict"
done
exit $status
