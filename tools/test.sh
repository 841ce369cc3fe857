#!/usr/bin/env bash
# Sets up a fresh machine, builds everything, makes the packages and runs every test suite.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tools/setup.sh
swift build --build-tests
# The Swift example plugin, built as an author outside this repository builds it.
tools/build-swift-example.sh
# The packages the installation tests run (a release build of its own, in .build-package).
tools/package.sh
swift test --skip-build
# The web console in a real browser, against the debug build's impcentral-sim and impt.
python3 tools/console-tests/test_console.py --sim .build/debug/impcentral-sim --impt .build/debug/impt
