#!/usr/bin/env bash
# A factory line on the simulator (Docs/FactoryGuide.md): builds impt, its plugins and
# impcentral-sim, starts a fresh simulator and a local webhook receiver in a temporary directory,
# and runs the guide's steps with real impt commands: a factory Device Group with its production
# and DUT targets, a fixture device running factory firmware, devices under test BlinkUp'd and
# blessed, blessing webhooks delivered to the receiver, blessed devices in the production group,
# and production logs refused while the fixture's logs work. Then it stops everything. Nothing
# outside the temporary directory is touched.
set -euo pipefail
source "$(dirname "$0")/demo-session.sh"
start_sim
admin=${endpoint%/v5}/_sim

# The webhook receiver: answers every POST with 200 and appends "<path> <body>" to a file.
cat >"$work/receiver.py" <<'PYTHON'
import http.server, sys

class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        length = min(int(self.headers.get("Content-Length", "0")), 65536)
        body = self.rfile.read(length).decode("utf-8", "replace")
        with open(sys.argv[1], "a") as out:
            out.write(f"{self.path} {body}\n")
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass

server = http.server.HTTPServer(("127.0.0.1", 0), Receiver)
print(server.server_address[1], flush=True)
server.serve_forever()
PYTHON
python3 "$work/receiver.py" "$work/received.txt" >"$work/receiver.out" 2>"$work/receiver.err" &
demo_pids+=($!)
receiver_port=$(first_line "$work/receiver.out")
[ -n "$receiver_port" ] || { echo "the webhook receiver did not start:" >&2; cat "$work/receiver.err" >&2; exit 1; }
receiver="http://127.0.0.1:$receiver_port"

private_home line
impt() {
    echo_command "$@"
    local status=0
    "$prefix/bin/impt" "$@" || status=$?
    echo
    return "$status"
}
# A command that is expected to fail: its output and status are shown, the demo goes on.
impt_refused() {
    local status=0
    impt "$@" || status=$?
    [ "$status" -eq 1 ] || { echo "expected exit status 1, got $status" >&2; exit 1; }
    echo "(exit status 1: refused, as expected)"
    echo
}
# Small readers of JSON for the demo's own output.
cat >"$work/show.py" <<'PYTHON'
import json, sys

def device(text):
    data = json.loads(text)["data"]
    group = (data["relationships"].get("devicegroup") or {}).get("id")
    print("  device {} ({}): online={}, devicegroup={}".format(
        data["id"], data["attributes"]["name"], data["attributes"]["device_online"], group))

def group_id(text):
    print(json.loads(text)["Device Group"]["id"])

def received(path):
    for line in open(path):
        where, body = line.rstrip("\n").split(" ", 1)
        call = json.loads(body)
        outcome = " success={}".format(call["success"]) if "success" in call else ""
        print("  {}: {} of {} into {}{}".format(where, call["event"], call["device_id"], call["devicegroup_id"], outcome))

what = sys.argv[1]
if what == "received":
    received(sys.argv[2])
else:
    {"device": device, "group-id": group_id}[what](sys.stdin.read())
PYTHON
# What the factory does without impt: a simulator admin call standing in for hardware.
sim() {
    local method=$1 path=$2 body=${3:-}
    printf '> %s %s %s\n' "$method" "/_sim$path" "$body"
    curl -sS -X "$method" -H 'Content-Type: application/json' ${body:+--data "$body"} "$admin$path" | python3 "$work/show.py" device
    echo
}
group_id() {
    "$prefix/bin/impt" dg info --dg "$1" --output json | python3 "$work/show.py" group-id
}

echo "impcentral-sim is serving $endpoint; the webhook receiver listens on $receiver"
echo
impt auth login --endpoint "$endpoint" --user demo --pwd demo-password

# 1. The Device Groups: production (the application), DUT (the test firmware), factory (the fixture).
impt product create --name SmartLamp --descr "A lamp built on a factory line"
impt dg create --name LampApp --dg-type production --product SmartLamp --descr "Application firmware"
impt dg create --name LampTest --dg-type dut --product SmartLamp --descr "Firmware that tests each lamp"
impt dg create --name LampLine --dg-type factory --product SmartLamp --target LampApp --dut LampTest \
    --descr "Fixture firmware"
impt dg list --product SmartLamp

# 2. Code for each group.
write() { printf '%s\n' "$2" >"$1"; }
write fixture.device.nut 'server.log("fixture ready: waiting for a lamp");'
write fixture.agent.nut 'server.log("fixture agent: counting blessed lamps");'
write test.device.nut 'server.log("self test: LED, relay and Wi-Fi pass");'
write app.device.nut 'server.log("lamp on");'
write app.agent.nut 'server.log("lamp agent up");'
impt build deploy --dg LampLine --device-file fixture.device.nut --agent-file fixture.agent.nut --descr "Fixture 1.0"
impt build deploy --dg LampTest --device-file test.device.nut --agent-file app.agent.nut --descr "Self test 1.0"
impt build deploy --dg LampApp --device-file app.device.nut --agent-file app.agent.nut --descr "Lamp 1.0" --tag v1.0

# 3. Webhooks on the production group: one call per BlinkUp and per blessing.
impt webhook create --dg LampApp --url "$receiver/blinkup" --event blinkup --mime json
impt webhook create --dg LampApp --url "$receiver/blessing" --event blessing --mime json
impt webhook list --dg LampApp

# 4. The fixture: an imp in the factory group, running the fixture firmware.
impt device assign --device demo-device-1 --dg LampLine --confirmed
sleep 1.5
impt log get --device demo-device-1 --page-size 5 --page-number 1

# 5. Devices under test arrive: new imps, BlinkUp'd by the fixture into the DUT group.
test_group=$(group_id LampTest)
sim POST /devices '{"account":"demo","name":"lamp-1","id":"1a2b3c4d00000001","mac_address":"0c:2a:69:10:00:01","online":false}'
sim POST /devices '{"account":"demo","name":"lamp-2","id":"1a2b3c4d00000002","mac_address":"0c:2a:69:10:00:02","online":false}'
sim POST /devices '{"account":"demo","name":"lamp-3","id":"1a2b3c4d00000003","mac_address":"0c:2a:69:10:00:03","online":false}'
for lamp in 1 2 3; do
    sim POST "/devices/1a2b3c4d0000000$lamp/blinkup" "{\"devicegroup\":\"$test_group\"}"
done
impt device list --dg LampTest

# 6. The test firmware passes on lamps 1 and 2 (blessed), fails on lamp 3.
sim POST /devices/1a2b3c4d00000001/bless '{"success":true}'
sim POST /devices/1a2b3c4d00000002/bless '{"success":true}'
sim POST /devices/1a2b3c4d00000003/bless '{"success":false}'
impt device list --dg LampApp
impt device list --dg LampTest

# 7. What the receiver got (deliveries are made just after each call is answered).
sleep 0.5
echo "> webhook calls received"
python3 "$work/show.py" received "$work/received.txt"
echo

# 8. Logs: none for production devices, the fixture's as usual.
impt_refused log get --device lamp-1
impt_refused log stream --dg LampApp
impt log get --device demo-device-1 --page-size 3 --page-number 1

# 9. Taking devices out of production needs their unbond key; then everything is deleted.
impt_refused device unassign --device lamp-1
impt device unassign --device lamp-1 --unbond factory-unbond-key
impt dg unassign --dg LampApp --unbond factory-unbond-key
impt product delete --product SmartLamp --force --confirmed
impt auth logout
