#!/bin/sh
# Browser tests use Debian's chromium (Playwright cannot download its own browsers here).
set -e
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "== installing Debian's chromium for the browser tests =="
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
else
  echo "chromium is missing: run 'sudo apt-get install chromium fonts-noto-cjk' (needed by the browser tests)" >&2
  exit 1
fi
