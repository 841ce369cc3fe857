#!/usr/bin/env bash
# Which impt commands and options the test suite runs. Runs the whole suite with every impt
# command line recorded (IMPT_TEST_INVOCATIONS, see Tests/ImptEndToEndTests/Support/InvocationLog.swift),
# then lists, for every command the built impt offers (read from its own --help), how many of
# its options the tests use and which ones they never use.
#   tools/test-coverage.sh [LOG]   LOG: keep the recorded command lines there (default: a temporary file)
# With REUSE=1 and an existing LOG, the suite is not run again.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
log=${1:-}
if [ -z "$log" ]; then
    log=$(mktemp)
    trap 'rm -f "$log"' EXIT
fi
if [ "${REUSE:-0}" != 1 ] || [ ! -s "$log" ]; then
    : >"$log"
    swift build --build-tests >/dev/null
    IMPT_TEST_INVOCATIONS=$log swift test --skip-build >/dev/null 2>&1 || echo "warning: the suite did not pass; coverage is of the tests that ran" >&2
fi
python3 - "$(swift build --show-bin-path)/impt" "$log" <<'PY'
import json, re, subprocess, sys
impt, log = sys.argv[1], sys.argv[2]

def help_text(*words):
    return subprocess.run([impt, *words, "--help"], capture_output=True, text=True).stdout

groups = re.findall(r"^  impt (\S+) ", help_text(), re.M)
commands = {}  # (group, command) -> {alias or name: name}
for group in groups:
    for command in sorted(set(re.findall(rf"^  impt {re.escape(group)} (\S+)", help_text(group), re.M))):
        options = {}
        for names in re.findall(r"^  (--[a-z0-9-]+(?:, -[A-Za-z0-9])?)", help_text(group, command), re.M):
            parts = [p.strip() for p in names.split(",")]
            for part in parts:
                options[part] = parts[0]
        commands[(group, command)] = options

used = {key: set() for key in commands}
runs = {key: 0 for key in commands}
for line in open(log):
    words = json.loads(line)
    if len(words) < 2 or (words[0], words[1]) not in commands:
        continue
    key = (words[0], words[1])
    runs[key] += 1
    for word in words[2:]:
        name = word.split("=", 1)[0]
        if name in commands[key]:
            used[key].add(commands[key][name])

total_options = sum(len(set(o.values())) for o in commands.values())
total_used = sum(len(u) for u in used.values())
print(f"{len(commands)} commands, {sum(1 for k in commands if runs[k])} run by the tests; "
      f"{total_used} of {total_options} options used")
for key in sorted(commands):
    names = sorted(set(commands[key].values()))
    missing = [n for n in names if n not in used[key]]
    note = f"  never: {' '.join(missing)}" if missing else ""
    print(f"impt {key[0] + ' ' + key[1]:<18} {runs[key]:5} runs  {len(used[key]):2}/{len(names):<2} options{note}")
PY
