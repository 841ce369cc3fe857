# Sourced by benchmark scripts: builds impt, the plugins in $PLUGINS (default impt-auth impt-product)
# and impcentral-sim ($CONFIG, default release; the simulator's configuration is $SIM_CONFIG, default
# the same), stages them, starts a simulator with the demo account and logs in to it.
#   start_sim_session [SIMULATOR FLAGS...]
# Sets: root, work, prefix, impt, url; exports HOME and IMPT_PLUGIN_CACHE. Stops the simulator and
# removes $work on exit.
CONFIG=${CONFIG:-release}
SIM_CONFIG=${SIM_CONFIG:-$CONFIG}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d)
sim_pid=""
cleanup() {
    [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install -y hyperfine)" >&2; exit 1; }

start_sim_session() {
    cd "$root"
    for product in impt ${PLUGINS:-impt-auth impt-product}; do
        swift build -c "$CONFIG" --product "$product" >/dev/null 2>&1 || { echo "building $product failed" >&2; exit 1; }
    done
    swift build -c "$SIM_CONFIG" --product impcentral-sim >/dev/null 2>&1 || { echo "building impcentral-sim failed" >&2; exit 1; }
    prefix="$work/prefix"
    tools/stage.sh "$CONFIG" "$prefix" >/dev/null
    install -m 0755 "$(swift build -c "$SIM_CONFIG" --show-bin-path)/impcentral-sim" "$prefix/bin/impcentral-sim"
    "$prefix/bin/impcentral-sim" --data "$work/sim" --port 0 --demo "$@" >"$work/sim.out" 2>"$work/sim.err" &
    sim_pid=$!
    for _ in $(seq 100); do [ -s "$work/sim.out" ] && break; sleep 0.1; done
    url=$(head -1 "$work/sim.out")
    export HOME="$work/home" IMPT_PLUGIN_CACHE="$work/plugins.jsonl"
    mkdir -p "$HOME"
    impt="$prefix/bin/impt"
    "$impt" auth login --endpoint "$url" --user demo --pwd demo-password >/dev/null
}
