#!/usr/bin/env bash
# Build-group figures against local impcentral-sim instances (release build):
#  1. `impt build deploy` of a 1 MiB device file and a 1 MiB agent file: median wall time over RUNS
#     runs (hyperfine) and median peak RSS. Targets: <= 40 ms, <= 24 MiB.
#  2. `impt build cleanup -q` of ZOMBIES zombie deployments against a sim limited to RATE requests/s.
#     Target: within 15% of ZOMBIES/RATE seconds (12.5 s for 500 at 40/s).
#  3. The same cleanup against an unlimited sim (no rate limit) that answers after $LATENCY ms
#     (default 10, a distant server), beside the same DELETE requests sent one at a time over one
#     keep-alive connection (the sequential baseline). Target: >= 5x faster. The same again with
#     no latency at all, where the cores of the machine bound the speed-up (reported as well).
set -euo pipefail
RUNS=${RUNS:-30}
CONFIG=${CONFIG:-release}
ZOMBIES=${ZOMBIES:-500}
RATE=${RATE:-40}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
sim_pid=""
stop_sim() {
    if [ -n "$sim_pid" ]; then kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null || true; fi
    sim_pid=""
}
cleanup() {
    stop_sim
    rm -rf "$work"
}
trap cleanup EXIT
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install -y hyperfine)" >&2; exit 1; }

cd "$root"
for product in impt impt-auth impt-product impt-build impt-webhook impcentral-sim; do
    swift build -c "$CONFIG" --product "$product" >/dev/null 2>&1 || { echo "building $product failed" >&2; exit 1; }
done
prefix="$work/prefix"
tools/stage.sh "$CONFIG" "$prefix" >/dev/null
impt="$prefix/bin/impt"
export HOME="$work/home" IMPT_PLUGIN_CACHE="$work/plugins.json"
mkdir -p "$HOME" "$work/files"

# Starts a fresh simulator with the given flags, logs in and sets $url and $token.
start_sim() {
    stop_sim
    local data="$work/sim-$RANDOM"
    "$prefix/bin/impcentral-sim" --data "$data" --port 0 --demo "$@" >"$data.out" 2>"$data.err" &
    sim_pid=$!
    for _ in $(seq 100); do [ -s "$data.out" ] && break; sleep 0.1; done
    url=$(head -1 "$data.out")
    "$impt" auth login --endpoint "$url" --user demo --pwd demo-password -q >/dev/null
    token=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["accessToken"])' "$HOME/.impt.auth")
}

# api.py: a product and a group (prints the group id), or zombies (a group with N deployments,
# then deleted), through one keep-alive connection that waits out 429 answers.
cat >"$work/api.py" <<'PY'
import http.client, json, sys, time, urllib.parse
url, token, action = sys.argv[1], sys.argv[2], sys.argv[3]
parts = urllib.parse.urlsplit(url)
connection = http.client.HTTPConnection(parts.hostname, parts.port)
def call(method, path, body=None):
    while True:
        connection.request(method, parts.path + path, body=json.dumps(body) if body else None,
                           headers={"Authorization": "Bearer " + token, "Content-Type": "application/vnd.api+json"})
        response = connection.getresponse()
        data = response.read()
        if response.status != 429:
            return response.status, json.loads(data) if data else None
        time.sleep(float(response.getheader("X-RateLimit-Reset", "1")))
def group(product_name, group_name):
    _, product = call("POST", "/products", {"data": {"type": "product", "attributes": {"name": product_name}}})
    _, dg = call("POST", "/devicegroups", {"data": {"type": "development_devicegroup", "attributes": {"name": group_name},
        "relationships": {"product": {"type": "product", "id": product["data"]["id"]}}}})
    return dg["data"]["id"]
if action == "group":
    print(group("Bench", "BenchDG"))
elif action == "zombies":
    count = int(sys.argv[4])
    dg = group("Zombies " + sys.argv[5], "Doomed")
    for i in range(count):
        status, _ = call("POST", "/deployments", {"data": {"type": "deployment",
            "attributes": {"device_code": "// zombie %d\n" % i, "agent_code": ""},
            "relationships": {"devicegroup": {"type": "development_devicegroup", "id": dg}}}})
        assert status == 201, status
    status, _ = call("DELETE", "/devicegroups/" + dg)
    assert status == 204, status
elif action == "delete-sequentially":
    # Timed inside (listing and deletions), so that the interpreter's start-up is not counted.
    started = time.monotonic()
    ids, page = [], 1
    while True:
        _, listing = call("GET", "/deployments?filter[flagged]=false&page[size]=100&page[number]=" + str(page))
        ids += [d["id"] for d in listing["data"] if "devicegroup" not in d["relationships"]]
        if "next" not in listing["links"]: break
        page += 1
    for id in ids:
        status, _ = call("DELETE", "/deployments/" + id)
        assert status == 204, status
    print(len(ids), "%.3f" % (time.monotonic() - started))
PY
api() { python3 "$work/api.py" "$url" "$token" "$@"; }
now() { echo "$EPOCHREALTIME"; }
elapsed() { python3 -c 'import sys; print("%.3f" % (float(sys.argv[2]) - float(sys.argv[1])))' "$1" "$2"; }

# 1 MiB of comment lines with non-ASCII text; CR LF line ends and a byte order mark for the device file.
python3 - "$work/files" <<'PY'
import sys
for name, head, end in (("device.nut", b"\xef\xbb\xbf", b"\r\n"), ("agent.nut", b"", b"\n")):
    data, i = bytearray(head), 0
    while len(data) < 1048576 - 64:
        data += ("// line %d: ünïcödé ✓ 日本語 \"quoted\" \\ text" % i).encode() + end
        i += 1
    data += b"//" + b"x" * (1048576 - len(data) - 2 - len(end)) + end
    open(f"{sys.argv[1]}/{name}", "wb").write(bytes(data))
PY

echo "== build deploy of a 1 MiB device file and a 1 MiB agent file"
start_sim --max-body-bytes 16000000
group=$(api group)
cd "$work/files"
deploy="$impt build deploy -g $group -x device.nut -y agent.nut"
$deploy | head -1
hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$work/deploy.json" "$deploy" >/dev/null
python3 - "$work/deploy.json" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))["results"][0]
print(f"median {result['median']*1000:.2f} ms   mean {result['mean']*1000:.2f} ms   min {result['min']*1000:.2f} ms   (runs: {len(result['times'])})")
PY
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
rss=$(for _ in $(seq "$RUNS"); do /usr/bin/time -f "%M" $deploy 2>&1 >/dev/null | tail -1; done | median)
echo "peak RSS: median ${rss} KiB"
cd "$root"

echo "== build cleanup -q of $ZOMBIES zombies, sim --rate-limit $RATE (bound $(python3 -c "print($ZOMBIES/$RATE)") s)"
start_sim --zombie-deployments --rate-limit "$RATE"
api zombies "$ZOMBIES" limited
sleep 1
start=$(now)
"$impt" build cleanup -q | tail -1
end=$(now)
echo "wall time: $(elapsed "$start" "$end") s"

# Sequential DELETEs (one keep-alive connection, timed inside the script) beside `impt build
# cleanup -q` of as many zombies, on a sim without a rate limit that holds each response back by
# $1 ms. With a distance to the server (--latency) concurrency pays off; on loopback without one
# both programs and the sim share the machine's cores, which bounds any speed-up.
speedup() {
    echo "== build cleanup -q of $ZOMBIES zombies, unlimited sim, --latency $1 ms, beside sequential DELETEs"
    start_sim --zombie-deployments --latency "$1"
    api zombies "$ZOMBIES" first
    read -r deleted sequential < <(api delete-sequentially)
    echo "sequential: deleted $deleted, wall time (listing and deletions): $sequential s"
    api zombies "$ZOMBIES" second
    start=$(now)
    "$impt" build cleanup -q | tail -1
    end=$(now)
    concurrent=$(elapsed "$start" "$end")
    echo "impt build cleanup wall time: $concurrent s (speed-up $(python3 -c "print('%.1f' % ($sequential / $concurrent))")x)"
}
speedup "${LATENCY:-10}"
speedup 0
