# Shared by tools/demo.sh and tools/factory-demo.sh; sourced, not run. Installs what the machine
# lacks, builds impt, its plugins and impcentral-sim, and provides: a temporary directory `$work`
# removed on exit with every process listed in `demo_pids`, `first_line`, `start_sim` (stages
# the build and starts a fresh simulator with demo data; sets `prefix`, `endpoint`), `private_home`
# and `echo_command` (prints a command line as it is typed, `--pwd` values hidden).
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
tools/setup.sh
echo "Building impt, its plugins and impcentral-sim..." >&2
swift build >/dev/null 2>&1 || swift build

work=$(mktemp -d)
demo_pids=()
demo_cleanup() {
    local pid
    for pid in "${demo_pids[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap demo_cleanup EXIT

# Waits until a file has a first line (a server printing its address) and prints it.
first_line() {
    for _ in $(seq 200); do [ -s "$1" ] && break; sleep 0.05; done
    head -1 "$1"
}

start_sim() {
    prefix=$(tools/stage.sh debug "$work/prefix")
    "$prefix/bin/impcentral-sim" --data "$work/sim-data" --port 0 --demo --log-period 1 >"$work/sim.out" 2>"$work/sim.err" &
    demo_pids+=($!)
    endpoint=$(first_line "$work/sim.out")
    [ -n "$endpoint" ] || { echo "impcentral-sim did not start:" >&2; cat "$work/sim.err" >&2; exit 1; }
}

# A private home (so the demo has its own auth file) and working directory `$work/$1`.
private_home() {
    export HOME="$work/home" IMPT_PLUGIN_CACHE="$work/plugins.jsonl"
    mkdir -p "$HOME" "$work/$1"
    cd "$work/$1"
}

echo_command() {
    printf '> impt'
    local word hide=""
    for word in "$@"; do
        if [ -n "$hide" ]; then printf ' [hidden]'; hide=""; else printf ' %q' "$word"; fi
        [ "$word" = "--pwd" ] && hide=1
    done
    echo
}
