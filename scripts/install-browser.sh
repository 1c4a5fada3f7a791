#!/usr/bin/env bash
# Make Debian's Chromium available for the browser tests (tests/browser/).
# Nothing to do when CHROMIUM_PATH names an executable or chromium is installed. Otherwise installs
# Debian's package when this user may (root with apt-get), or says what to do. Playwright's own
# browser download (`playwright install`) is never used.
set -euo pipefail
if [ -n "${CHROMIUM_PATH:-}" ]; then
  if [ -x "${CHROMIUM_PATH}" ]; then
    exit 0
  fi
  echo "CHROMIUM_PATH=${CHROMIUM_PATH} is not an executable file, so the browser tests cannot run." >&2
  [ "${REQUIRE_BROWSER:-0}" = "1" ] && exit 1
  exit 0
fi
if [ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null </dev/null
  if [ -x /usr/bin/chromium ]; then
    exit 0
  fi
  echo "apt-get install chromium did not provide /usr/bin/chromium." >&2
  exit 1
fi
echo "Chromium is not installed, so the browser tests will be skipped."
echo "Install it with: sudo apt-get install chromium   (or set CHROMIUM_PATH)"
if [ "${REQUIRE_BROWSER:-0}" = "1" ]; then
  echo "REQUIRE_BROWSER=1 is set: failing." >&2
  exit 1
fi
