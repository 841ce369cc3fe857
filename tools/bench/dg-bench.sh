#!/usr/bin/env bash
# `impt dg delete --force --confirmed` of a Device Group with 100 assigned devices and 50 flagged
# Deployments, against a local impcentral-sim without rate limiting. Each of RUNS rounds builds a
# fresh group through the API (the same 100 devices are reassigned each time) and times the
# command alone. Prints every round's wall time and the median. Target: <= 1.5 s.
set -euo pipefail
RUNS=${RUNS:-5}
DEVICES=${DEVICES:-100}
FLAGGED=${FLAGGED:-50}
CONFIG=${CONFIG:-release}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
sim_pid=""
cleanup() {
    [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

cd "$root"
for product in impt impt-auth impt-product impt-dg impcentral-sim; do
    swift build -c "$CONFIG" --product "$product" >/dev/null 2>&1 || { echo "building $product failed" >&2; exit 1; }
done
prefix="$work/prefix"
tools/stage.sh "$CONFIG" "$prefix" >/dev/null

"$prefix/bin/impcentral-sim" --data "$work/sim" --port 0 --demo >"$work/sim.out" 2>"$work/sim.err" &
sim_pid=$!
for _ in $(seq 100); do [ -s "$work/sim.out" ] && break; sleep 0.1; done
url=$(head -1 "$work/sim.out")

export HOME="$work/home" IMPT_PLUGIN_CACHE="$work/plugins.json"
mkdir -p "$HOME"
impt="$prefix/bin/impt"
"$impt" auth login --endpoint "$url" --user demo --pwd demo-password >/dev/null
product=$("$impt" product create -n Bench -z json | python3 -c 'import json,sys; print(json.load(sys.stdin)["Product"]["id"])')

python3 - "$url" "$HOME/.impt.auth" "$product" "$impt" "$RUNS" "$DEVICES" "$FLAGGED" <<'PY'
import json, subprocess, sys, time, urllib.request
url, auth, product, impt = sys.argv[1:5]
runs, device_count, flagged_count = (int(v) for v in sys.argv[5:8])
token = json.load(open(auth))["accessToken"]
root = url[:-len("/v5")]

def call(method, path, body=None, base=url):
    request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/vnd.api+json"})
    with urllib.request.urlopen(request) as response:
        text = response.read()
        return json.loads(text) if text else None

devices = [call("POST", "/_sim/devices", {"account": "demo", "name": f"bench-{i:03}"}, base=root)["data"]["id"]
           for i in range(device_count)]
times = []
for round in range(runs):
    group = call("POST", "/devicegroups", {"data": {"type": "development_devicegroup", "attributes": {"name": f"Bench {round}"},
                                                    "relationships": {"product": {"type": "product", "id": product}}}})["data"]["id"]
    for i in range(flagged_count):
        call("POST", "/deployments", {"data": {"type": "deployment",
                                               "attributes": {"device_code": f"// {round} {i}", "agent_code": "", "flagged": True},
                                               "relationships": {"devicegroup": {"type": "development_devicegroup", "id": group}}}})
    call("POST", f"/devicegroups/{group}/relationships/devices", {"data": [{"type": "device", "id": d} for d in devices]})
    start = time.perf_counter()
    run = subprocess.run([impt, "dg", "delete", "--dg", group, "--force", "--confirmed"], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    lines = run.stdout.splitlines()
    if run.returncode != 0 or lines[-1] != "IMPT COMMAND SUCCEEDS" or len(lines) != device_count + flagged_count + 2:
        sys.exit(f"dg delete failed:\n{run.stdout}{run.stderr}")
    times.append(elapsed)
    print(f"round {round + 1}: {elapsed * 1000:7.1f} ms  ({device_count} devices unassigned, {flagged_count} Deployments unflagged)")
times.sort()
print(f"dg delete --force median {times[len(times) // 2] * 1000:.1f} ms over {runs} rounds (target <= 1500 ms)")
PY
