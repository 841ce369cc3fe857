#!/usr/bin/env python3
"""The impcentral-sim web console in a real browser (headless Chromium through WebDriver).

Starts a freshly built impcentral-sim on 127.0.0.1 with its own data directory, logs in, walks
products -> device group -> device, watches a log line injected through /_sim/ appear, blesses a
device and checks its new group in the page and through impt (or the API when impt is not built),
checks that a hostile name renders as text and that a form post without the CSRF token is refused,
and saves a screenshot of the device page.

    python3 tools/console-tests/test_console.py [--sim PATH] [--impt PATH] [--screenshot PNG]

Defaults: .build/debug/impcentral-sim, .build/debug/impt (skipped when absent), no screenshot.
Needs chromium, chromium-driver (Debian) and selenium (PyPI): tools/setup.sh installs them.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ARGS = None

USER = "console-user"
PASSWORD = "console-pw"
XSS_NAME = "<script>window.__xss = 1</script><img src=x onerror=\"window.__xss = 2\">"
SEED = {
    "accounts": [
        {
            "username": USER,
            "password": PASSWORD,
            "devices": [
                {"name": "line-dut-1", "id": "00000000000c0001", "mac_address": "0c:2a:69:0c:00:01", "online": True},
                {"name": XSS_NAME, "id": "00000000000c0002", "mac_address": "0c:2a:69:0c:00:02", "online": True},
            ],
        },
        {
            "username": "someone-else",
            "password": "other-pw",
            "devices": [{"name": "not-yours", "id": "00000000000c0003", "mac_address": "0c:2a:69:0c:00:03"}],
        },
    ]
}


class Sim:
    """A simulator process on 127.0.0.1 with a fresh data directory."""

    def __init__(self, binary):
        self.directory = tempfile.mkdtemp(prefix="console-test-")
        seed = os.path.join(self.directory, "seed.json")
        with open(seed, "w") as handle:
            json.dump(SEED, handle)
        self.process = subprocess.Popen(
            [binary, "--data", os.path.join(self.directory, "data"), "--port", "0", "--seed", seed],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.base = self.process.stdout.readline().strip()  # http://127.0.0.1:PORT/v5
        if not self.base.startswith("http://127.0.0.1:"):
            self.stop()
            raise RuntimeError("impcentral-sim did not print its URL (got %r)" % self.base)
        self.root = self.base[: -len("/v5")]
        self.token = self.call("POST", "/auth", {"id": USER, "password": PASSWORD}, api=False)["access_token"]

    def call(self, method, path, body=None, api=True, admin=False):
        url = (self.root if admin else self.base) + path
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Content-Type", "application/vnd.api+json" if api else "application/json")
        if api and not admin:
            request.add_header("Authorization", "Bearer " + self.token)
        with urllib.request.urlopen(request, timeout=10) as answer:
            text = answer.read()
            return json.loads(text) if text else None

    def create(self, kind, attributes, relationships):
        body = {"data": {"type": kind, "attributes": attributes, "relationships": relationships}}
        return self.call("POST", "/" + ("devicegroups" if kind.endswith("devicegroup") else kind + "s"), body)["data"]["id"]

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.directory, ignore_errors=True)


def relation(kind, identifier):
    return {"type": kind, "id": identifier}


class ConsoleInBrowser(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sim = Sim(ARGS.sim)
        sim = cls.sim
        cls.product = sim.create("product", {"name": "Factory line"}, {})
        product = relation("product", cls.product)
        cls.production = sim.create(
            "production_devicegroup", {"name": "Line production"}, {"product": product})
        cls.dut = sim.create("dut_devicegroup", {"name": "Line DUT"}, {"product": product})
        cls.fixture = sim.create(
            "factoryfixture_devicegroup", {"name": "Line fixture"},
            {"product": product, "production_target": relation("production_devicegroup", cls.production),
             "dut_target": relation("dut_devicegroup", cls.dut)})
        # The DUT is BlinkUp'd into the DUT group by the fixture, as on a real line.
        sim.call("POST", "/_sim/devices/00000000000c0001/blinkup", {"devicegroup": cls.dut}, api=False, admin=True)

        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        # Only the simulator on 127.0.0.1 is contacted: no updates, sync, safe browsing or the like.
        for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
                     "--no-proxy-server", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--disable-default-apps", "--disable-extensions", "--no-first-run",
                     "--disable-domain-reliability", "--disable-client-side-phishing-detection",
                     "--disable-features=Translate,OptimizationHints,MediaRouter,NetworkTimeServiceQuerying"):
            options.add_argument(flag)
        service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
        cls.driver = webdriver.Chrome(options=options, service=service)
        cls.wait = WebDriverWait(cls.driver, 10)

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.sim.stop()

    def open(self, path):
        self.driver.get(self.sim.root + path)

    def accept_confirmation(self):
        alert = self.wait.until(EC.alert_is_present())
        alert.accept()

    def log_in(self):
        self.open("/")
        self.wait.until(EC.presence_of_element_located((By.ID, "user"))).send_keys(USER)
        self.driver.find_element(By.ID, "password").send_keys(PASSWORD)
        self.driver.find_element(By.ID, "login").click()
        self.wait.until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Products"))

    def test_1_walk_log_bless(self):
        self.log_in()
        driver = self.driver
        self.assertEqual(driver.find_element(By.ID, "account").text, USER)
        self.assertNotIn("not-yours", driver.page_source)

        driver.find_element(By.LINK_TEXT, "Factory line").click()
        self.wait.until(EC.presence_of_element_located((By.LINK_TEXT, "Line DUT"))).click()
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "group-type"), "dut_devicegroup"))
        self.wait.until(EC.presence_of_element_located((By.LINK_TEXT, "line-dut-1"))).click()
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "device-group"), "Line DUT"))

        # A line logged through the admin endpoint shows up within a second.
        line = "console test line %d" % time.time_ns()
        started = time.monotonic()
        self.sim.call("POST", "/_sim/devices/00000000000c0001/logs", {"msg": line}, api=False, admin=True)
        WebDriverWait(driver, 1, poll_frequency=0.02).until(
            EC.text_to_be_present_in_element((By.ID, "log"), line))
        print("log line visible after %.0f ms" % ((time.monotonic() - started) * 1000), file=sys.stderr)

        if ARGS.screenshot:
            os.makedirs(os.path.dirname(os.path.abspath(ARGS.screenshot)), exist_ok=True)
            driver.save_screenshot(ARGS.screenshot)

        # Bless: confirmed, then the device is in the production group, on the page and for impt.
        driver.find_element(By.ID, "bless").click()
        self.accept_confirmation()
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "device-group"), "Line production"))
        self.assertEqual(self.group_seen_by_client("00000000000c0001"), self.production)

    def group_seen_by_client(self, device):
        """The device's group id as impt reports it (or the API, when impt is not built)."""
        if ARGS.impt and os.access(ARGS.impt, os.X_OK):
            home = tempfile.mkdtemp(prefix="console-test-home-")
            try:
                environment = dict(os.environ, HOME=home, NO_COLOR="1")
                subprocess.run(
                    [ARGS.impt, "auth", "login", "--endpoint", self.sim.base, "--user", USER, "--pwd", PASSWORD, "-q"],
                    env=environment, check=True, capture_output=True, timeout=30)
                info = subprocess.run(
                    [ARGS.impt, "device", "info", "--device", device, "--output", "json"],
                    env=environment, check=True, capture_output=True, text=True, timeout=30).stdout
            finally:
                shutil.rmtree(home, ignore_errors=True)
            self.assertIn(self.production, info)
            return self.production if self.production in info else None
        data = self.sim.call("GET", "/devices/" + device)["data"]
        return data["relationships"]["devicegroup"]["id"]

    def test_2_lists_follow_changes(self):
        self.open("/console/products/" + self.product)
        self.wait.until(EC.presence_of_element_located((By.LINK_TEXT, "Line fixture")))
        self.sim.create("development_devicegroup", {"name": "Added by the API"},
                        {"product": relation("product", self.product)})
        self.wait.until(EC.presence_of_element_located((By.LINK_TEXT, "Added by the API")))

    def test_3_names_render_as_text(self):
        self.open("/console/devices")
        link = self.wait.until(EC.presence_of_element_located((By.PARTIAL_LINK_TEXT, "window.__xss")))
        self.assertEqual(link.text, XSS_NAME)
        self.assertIsNone(self.driver.execute_script("return window.__xss === undefined ? null : window.__xss;"))
        link.click()
        self.wait.until(EC.presence_of_element_located((By.ID, "device-id")))
        self.assertEqual(self.driver.find_element(By.TAG_NAME, "h1").text, XSS_NAME)
        self.assertIsNone(self.driver.execute_script("return window.__xss === undefined ? null : window.__xss;"))
        try:
            self.driver.switch_to.alert
            self.fail("a page raised an alert")
        except NoAlertPresentException:
            pass

    def test_4_post_without_csrf_token_is_refused(self):
        self.open("/console/devices/00000000000c0002")
        self.wait.until(EC.presence_of_element_located((By.ID, "inject-log")))
        script = """
            const done = arguments[arguments.length - 1];
            fetch('/console/devices/00000000000c0002/logs', {method: 'POST',
                headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: 'msg=forged'})
              .then((answer) => done(answer.status), () => done(-1));
        """
        self.assertEqual(self.driver.execute_async_script(script), 403)
        # The same form with its token goes through.
        self.driver.find_element(By.ID, "log-msg").send_keys("posted from the form")
        self.driver.find_element(By.ID, "inject-log").click()
        self.accept_confirmation()
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "log"), "posted from the form"))
        self.assertNotIn("forged", self.driver.find_element(By.ID, "log").text)


def main():
    global ARGS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sim", default=os.path.join(ROOT, ".build/debug/impcentral-sim"))
    parser.add_argument("--impt", default=os.path.join(ROOT, ".build/debug/impt"))
    parser.add_argument("--screenshot", default=None, help="save the device page as this PNG")
    ARGS, rest = parser.parse_known_args()
    result = unittest.main(argv=[sys.argv[0]] + rest, exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print("%d passed, %d failed" % (result.testsRun - failed, failed))
    sys.exit(0 if result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
