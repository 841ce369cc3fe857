#!/usr/bin/env bash
# Installs the system packages impt needs to build and test, if they are missing (Debian/Ubuntu).
# Safe to run repeatedly; does nothing when everything is present.
set -euo pipefail
needed=()
[ -e /usr/include/x86_64-linux-gnu/curl/curl.h ] || [ -e /usr/include/curl/curl.h ] || [ -e /usr/include/aarch64-linux-gnu/curl/curl.h ] || needed+=(libcurl4-openssl-dev)
[ -e /usr/include/sqlite3.h ] || needed+=(libsqlite3-dev)
{ [ -e /usr/include/ffi.h ] || ls /usr/include/*/ffi.h >/dev/null 2>&1; } || needed+=(libffi-dev)
command -v cc >/dev/null || needed+=(gcc libc6-dev)
# The HTTPS tests build a small TLS front with OpenSSL and make its certificate with the CLI.
[ -e /usr/include/openssl/ssl.h ] || needed+=(libssl-dev)
command -v openssl >/dev/null || needed+=(openssl)
# Packaging (tools/package.sh): Debian's tools.
command -v dpkg-shlibdeps >/dev/null || needed+=(dpkg-dev)
# Plugin authors' tests: pkg-config for the impt-dev package, and Debian's own Rust (the Rust
# example must build with it, offline).
command -v pkg-config >/dev/null || needed+=(pkg-config)
{ [ -x /usr/bin/cargo ] && [ -x /usr/bin/rustc ]; } || needed+=(cargo)
# The web console's browser test (tools/console-tests): headless Chromium and its WebDriver.
command -v chromium >/dev/null || needed+=(chromium)
command -v chromedriver >/dev/null || needed+=(chromium-driver)
if [ "${#needed[@]}" -gt 0 ]; then
    echo "Installing: ${needed[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${needed[@]}" >/dev/null
fi
# Optional: the GnuTLS build of libcurl, which impt prefers for plain-HTTP endpoints such as
# impcentral-sim (it needs about 2 MiB less memory there). Usually present already (git uses it).
if ! ldconfig -p 2>/dev/null | grep -q "libcurl-gnutls\.so\.4"; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq || true
    for package in libcurl3-gnutls libcurl3t64-gnutls; do
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$package" >/dev/null 2>&1 && break
    done || true
fi
# ... driven from Python through Selenium.
if ! python3 -c "import selenium" >/dev/null 2>&1; then
    echo "Installing: selenium (Python)" >&2
    python3 -m pip install -q selenium
fi
command -v swift >/dev/null || { echo "Swift 6 is needed (swift not found on PATH)" >&2; exit 1; }
