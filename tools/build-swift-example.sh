#!/usr/bin/env bash
# Builds tools/examples/swift-plugin the way an author outside this repository would: its own
# package, depending on this one's ImptPluginKit product by path, built for release into
# .build-swift-example. The end-to-end tests load the result (PluginAuthorTests); tools/test.sh
# runs this before them, as it builds everything else before the tests.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# A packaging build's setting must not leak into the example's own build.
unset IMPT_RELOCATABLE
swift build -c release --package-path "$root/tools/examples/swift-plugin" --scratch-path "$root/.build-swift-example" "$@"
