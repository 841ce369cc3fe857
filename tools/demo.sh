#!/usr/bin/env bash
# impt's main job on a fresh machine: builds impt, its plugins and impcentral-sim, starts a fresh
# simulator with demo data in a temporary directory, logs in and runs the Development Guide's
# "Develop Application Firmware" walkthrough (a Project, a build run on a demo device, its logs for
# a few seconds, the release candidate tagged, then everything deleted again), each command echoed
# before it runs. Nothing outside the temporary directory is touched.
set -euo pipefail
source "$(dirname "$0")/demo-session.sh"
start_sim
private_home dev
impt() {
    echo_command "$@"
    "$prefix/bin/impt" "$@"
    echo
}
# A log stream ends with Ctrl-C: SIGINT after a few seconds (timeout's own status 124 means it did).
impt_for_seconds() {
    local seconds=$1
    shift
    echo_command "$@"
    timeout -s INT "$seconds" "$prefix/bin/impt" "$@" || [ $? -eq 124 ]
    echo
}

echo "impcentral-sim is serving $endpoint (demo account: demo / demo-password)"
echo
impt auth login --endpoint "$endpoint" --user demo --pwd demo-password
impt project create --product MyProduct --create-product --name MyDevDG --descr "imp Application Firmware" \
    --device-file myapp.device.nut --agent-file myapp.agent.nut
echo "# The Squirrel code: the device and its agent log a reading."
printf 'server.log("Reading taken");\n' | tee myapp.device.nut
printf 'server.log("Data published successfully");\n' | tee myapp.agent.nut
echo
impt device list --unassigned
impt device assign --device demo-device-1
impt build run
impt_for_seconds 5 log stream
impt build update --descr "My Release Candidate 1" --tag MyRC1 --flagged
impt project info
echo "> impt project delete --all    (answered y)"
echo y | "$prefix/bin/impt" project delete --all
echo
impt auth logout
