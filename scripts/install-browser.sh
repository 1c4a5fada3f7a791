#!/usr/bin/env bash
# Make Debian's Chromium available for the browser tests.
# Installs it when missing and this user may install packages; otherwise says what to do.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "Chromium is not installed, so the browser tests will be skipped."
echo "Install it with: sudo apt-get install chromium   (or set CHROMIUM_PATH)"
if [ "${REQUIRE_BROWSER:-0}" = "1" ]; then
  echo "REQUIRE_BROWSER=1 is set: failing." >&2
  exit 1
fi
