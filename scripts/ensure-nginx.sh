#!/bin/sh
# The two-node benchmark (bench/cluster.py) balances its gunicorn nodes with Debian's nginx.
set -e
if [ -x /usr/sbin/nginx ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "== installing Debian's nginx for the two-node benchmark =="
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
else
  echo "nginx is missing: run 'sudo apt-get install nginx' (needed by make bench-cluster)" >&2
  exit 1
fi
