#!/usr/bin/env bash
# Package benchmark (issue: impt installs on machines without Swift).
#
# Uses the packages in DIST (default dist/; make them with tools/package.sh) and measures:
#   - each package's .deb size and installed size,
#   - the installed size of a station (impt + auth + device + log) and of impt-full,
#   - median wall time of `impt --version` from the installed tree (toolchain hidden in a mount
#     namespace, as on a machine without Swift) against the build folder's release impt,
#   - median wall time of `impt --help` with every group package installed (warm plugin cache),
#   - the time of one run of every cache-using command after another installation rewrote
#     nothing (two installations sharing one HOME).
# Targets: station <= 10 MiB, impt-full <= 12 MiB, installed --version within 10% of the build
# folder's, --help with all packages <= 5 ms.
set -euo pipefail
RUNS=${RUNS:-50}
root=$(cd "$(dirname "$0")/../.." && pwd)
dist=${DIST:-$root/dist}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install -y hyperfine)" >&2; exit 1; }
version=$(sed -n 's/^#define IMPT_VERSION "\(.*\)"$/\1/p' "$root/Sources/CImptVersion/include/impt_version.h")
deb() { ls "$dist/$1_${version}_"*.deb 2>/dev/null | head -n 1 || true; }
[ -n "$(deb impt)" ] || { echo "no packages of $version in $dist: run tools/package.sh" >&2; exit 1; }

echo "Packages of impt $version:"
printf '  %-16s %10s %14s\n' package ".deb bytes" "installed KiB"
total_station=0
total_full=0
for file in "$dist"/*_"${version}"_*.deb; do
    name=$(dpkg-deb -f "$file" Package)
    size=$(dpkg-deb -f "$file" Installed-Size)
    printf '  %-16s %10s %14s\n' "$name" "$(stat -c %s "$file")" "$size"
    case "$name" in impt | impt-auth | impt-device | impt-log) total_station=$((total_station + size)) ;; esac
    case "$name" in impt-dev) ;; impt | impt-*) total_full=$((total_full + size)) ;; esac
done
awk -v s="$total_station" -v f="$total_full" 'BEGIN {
    printf "Station (impt + auth + device + log): %d KiB = %.2f MiB (target <= 10 MiB)\n", s, s / 1024
    printf "impt-full with its dependencies:     %d KiB = %.2f MiB (target <= 12 MiB)\n", f, f / 1024 }'

installed=$work/root
for file in "$dist"/impt_"${version}"_*.deb "$dist"/impt-*_"${version}"_*.deb; do
    case "$file" in */impt-dev_*) continue ;; esac
    dpkg-deb -x "$file" "$installed"
done
measured=$(du -sk --apparent-size "$installed" | cut -f1)
echo "Extracted impt-full tree: $measured KiB"

# The build folder's release impt (the toolchain's runtime) for comparison.
(cd "$root" && swift build -c release --product impt >/dev/null)
build_impt=$(cd "$root" && swift build -c release --show-bin-path)/impt

runtime=$(swift -print-target-info | sed -n '/"runtimeLibraryPaths"/,/]/p' | sed -n 's/^ *"\(\/[^"]*\)".*/\1/p' | head -n 1)
mkdir -p "$work/empty" "$work/home"
cat >"$work/hidden.sh" <<EOF
#!/bin/sh
mount --bind "$work/empty" "$runtime" || exit 125
exec "\$@"
EOF
chmod +x "$work/hidden.sh"
export HOME="$work/home"
unset IMPT_PLUGIN_CACHE
"$installed/usr/bin/impt" --help >/dev/null

# hyperfine itself runs inside the namespace, so the mount is not part of what is timed.
unshare -m -- "$work/hidden.sh" env LD_LIBRARY_PATH= hyperfine -N --warmup 5 --runs "$RUNS" --export-json "$work/times.json" \
    --command-name "/bin/true (process start-up on this machine)" "/bin/true" \
    --command-name "installed impt --version" "$installed/usr/bin/impt --version" \
    --command-name "installed impt --help (all groups)" "$installed/usr/bin/impt --help" >/dev/null
hyperfine -N --warmup 5 --runs "$RUNS" --export-json "$work/build.json" \
    --command-name "build folder impt --version" "$build_impt --version" >/dev/null

# A second installation sharing HOME: each keeps its own cache, so neither rescans.
second=$work/second
for file in "$dist"/impt_"${version}"_*.deb "$dist"/impt-auth_"${version}"_*.deb; do dpkg-deb -x "$file" "$second"; done
"$second/usr/bin/impt" --help >/dev/null
hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$work/shared.json" \
    --command-name "impt --help, two installations taking turns" \
    "sh -c '$installed/usr/bin/impt --help >/dev/null; $second/usr/bin/impt --help >/dev/null'" >/dev/null

python3 - "$work/times.json" "$work/build.json" "$work/shared.json" <<'PY'
import json, sys
results = {}
for path in sys.argv[1:]:
    for r in json.load(open(path))["results"]:
        results[r["command"]] = r["median"] * 1000
for name, ms in results.items():
    print(f"  {name:48s} {ms:7.2f} ms (median)")
installed = results["installed impt --version"]
build = results["build folder impt --version"]
print(f"Installed --version vs build folder: {100 * (installed - build) / build:+.1f}% (target within 10%)")
print(f"Two installations taking turns: {results['impt --help, two installations taking turns'] / 2:.2f} ms per run")
PY
