#!/usr/bin/env bash
# Start-up benchmark of the impt host (issue: host and plugin ABI).
#
# Builds release binaries, installs them with 8 plugins (the core plugins and C fixture plugins
# with distinct group names to make up eight) and measures, beside /bin/true in the same run:
#   - median wall time of `impt --version` and `impt --help` (warm plugin cache) over RUNS runs,
#   - median wall time of a first scan: `impt --help` without a cache, which inspects all eight
#     plugin files in child processes and writes the cache (hyperfine),
#   - one dlopen of a plugin (median of RUNS fresh processes),
#   - peak RSS of `impt --version` (median of RUNS runs).
# Targets: --version <= 3 ms, --help <= 5 ms, first scan <= 150 ms, dlopen <= 0.2 ms, RSS <= 12 MiB.
# RT=1 runs the timings at real-time priority (needs root): on a machine busy with other work the
# figures then measure impt rather than the wait for a CPU.
set -euo pipefail
RUNS=${RUNS:-50}
priority=()
if [ "${RT:-0}" = 1 ]; then priority=(chrt -f 10); fi
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install -y hyperfine)" >&2; exit 1; }

cd "$root"
for product in impt $(swift package dump-package 2>/dev/null | python3 -c 'import json,sys; print(" ".join(p["name"] for p in json.load(sys.stdin)["products"] if p["name"].startswith("impt-")))'); do
    swift build -c release --product "$product" >/dev/null 2>&1 || { echo "building $product failed" >&2; exit 1; }
done
prefix="$work/prefix"
"$root/tools/stage.sh" release "$prefix" >/dev/null
plugins="$prefix/lib/impt/plugins"
header="$root/Sources/ImptPluginAPI/include"
cc -O2 -shared -fPIC -fvisibility=hidden -I"$header" tools/examples/c-plugin/example_plugin.c -o "$work/libimpt-example.so" -lm
count=$(ls "$plugins"/*.so | wc -l)
n=1
while [ "$count" -lt 8 ]; do
    cc -O2 -shared -fPIC -fvisibility=hidden -I"$header" "-DFIXTURE_GROUP=\"bench$n\"" Tests/Fixtures/fixture_plugin.c -o "$plugins/libbench$n.so"
    n=$((n + 1))
    count=$((count + 1))
done
cc -O2 tools/bench/dlopen-time.c -o "$work/dlopen-time" -ldl

export HOME="$work/home" IMPT_PLUGIN_CACHE="$work/plugins.jsonl"
mkdir -p "$HOME"
impt="$prefix/bin/impt"
"$impt" --help >/dev/null   # builds the plugin cache once, as the first run on a machine does

echo "Installed plugins: $count"
"$impt" plugins list -z minimal | grep -E "^  (group|status)" | paste - - | sed 's/^/  /'

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

"${priority[@]}" hyperfine -N --warmup 5 --runs "$RUNS" --export-json "$work/times.json" \
    "/bin/true" "$impt --version" "$impt --help" >/dev/null
# A first scan: no cache, so every plugin file is inspected in a child process.
"${priority[@]}" hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$work/scan.json" \
    --prepare "rm -f $IMPT_PLUGIN_CACHE" --command-name "impt --help (first scan)" "$impt --help" >/dev/null
"$impt" --help >/dev/null
python3 - "$work/times.json" "$work/scan.json" <<'PY'
import json, sys
for path in sys.argv[1:]:
    for result in json.load(open(path))["results"]:
        print(f"{result['command'].split('/')[-1]:<26} median {result['median']*1000:7.2f} ms   mean {result['mean']*1000:7.2f} ms   (runs: {len(result['times'])})")
PY

swift_lib=$(dirname "$(readlink -f "$(command -v swift)")")/../lib/swift/linux
for plugin in "$plugins/libimpt-product.so" "$work/libimpt-example.so"; do
    micros=$(for _ in $(seq "$RUNS"); do "$work/dlopen-time" "$plugin" "$swift_lib/libswiftCore.so" "$swift_lib/libswiftGlibc.so"; done | median)
    echo "dlopen $(basename "$plugin"): median ${micros} µs"
done

rss=$(for _ in $(seq "$RUNS"); do /usr/bin/time -f "%M" "$impt" --version 2>&1 >/dev/null; done | median)
echo "peak RSS of impt --version: median ${rss} KiB"
