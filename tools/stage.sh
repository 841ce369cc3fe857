#!/usr/bin/env bash
# Assembles an installed layout from a build: PREFIX/bin/impt, PREFIX/bin/impcentral-sim and the
# plugins in PREFIX/lib/impt/plugins (where impt looks for them beside its executable).
#
#   tools/stage.sh [debug|release] PREFIX
set -euo pipefail
configuration=${1:-debug}
prefix=${2:?usage: tools/stage.sh [debug|release] PREFIX}
root=$(cd "$(dirname "$0")/.." && pwd)
products=$(cd "$root" && swift build -c "$configuration" --show-bin-path)

mkdir -p "$prefix/bin" "$prefix/lib/impt/plugins"
install -m 0755 "$products/impt" "$prefix/bin/impt"
if [ -x "$products/impcentral-sim" ]; then
    install -m 0755 "$products/impcentral-sim" "$prefix/bin/impcentral-sim"
fi
for plugin in "$products"/libimpt-*.so; do
    install -m 0755 "$plugin" "$prefix/lib/impt/plugins/"
done
echo "$prefix"
