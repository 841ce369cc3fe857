#!/usr/bin/env bash
# Sets up a fresh machine, builds everything and runs every test suite.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tools/setup.sh
swift build --build-tests
swift test --skip-build
