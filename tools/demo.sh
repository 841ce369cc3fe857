#!/usr/bin/env bash
# impt's main job on a fresh machine: builds impt, its plugins and impcentral-sim, starts a fresh
# simulator with demo data in a temporary directory, logs in and runs a short walkthrough with real
# impt commands, then stops the simulator. Nothing outside the temporary directory is touched.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tools/setup.sh
echo "Building impt, its plugins and impcentral-sim..." >&2
swift build >/dev/null 2>&1 || swift build

work=$(mktemp -d)
sim_pid=""
cleanup() {
    if [ -n "$sim_pid" ]; then kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

prefix=$(tools/stage.sh debug "$work/prefix")
"$prefix/bin/impcentral-sim" --data "$work/sim-data" --port 0 --demo >"$work/sim.out" 2>"$work/sim.err" &
sim_pid=$!
for _ in $(seq 200); do [ -s "$work/sim.out" ] && break; sleep 0.05; done
endpoint=$(head -1 "$work/sim.out")
[ -n "$endpoint" ] || { echo "impcentral-sim did not start:" >&2; cat "$work/sim.err" >&2; exit 1; }

# A private home and project directory, so the walkthrough uses its own auth file.
export HOME="$work/home" IMPT_PLUGIN_CACHE="$work/plugins.jsonl"
mkdir -p "$HOME" "$work/project"
cd "$work/project"
impt() {
    printf '> impt'
    printf ' %q' "$@"
    echo
    "$prefix/bin/impt" "$@"
    echo
}

echo "impcentral-sim is serving $endpoint (demo account: demo / demo-password)"
echo
impt --version
impt --help
impt auth login --endpoint "$endpoint" --user demo --pwd demo-password
impt auth info
impt product create --name MyProduct --descr "My first product"
impt product create --name Scratch
impt product list
impt product update --product MyProduct --descr "Firmware for the demo devices"
impt product info --product MyProduct
impt product list --owner me --output json
impt product delete --product Scratch --confirmed
impt product info --product MyProduct --full
impt product delete --product MyProduct --confirmed
impt product list
impt auth logout
