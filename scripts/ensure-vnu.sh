#!/bin/sh
# The Nu HTML Checker for tests/home/test_html_valid.py: npm's vnu-jar (the checker as one jar) into .cache/vnu,
# run with Java (Debian's default-jre-headless when missing).
set -e
VERSION="${1:-26.9.27}"
JAR=".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
if ! command -v java >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing Java for the Nu HTML Checker =="
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
  else
    echo "java is missing: run 'sudo apt-get install default-jre-headless' (needed by the HTML check)" >&2
    exit 1
  fi
fi
if [ -f "$JAR" ] && grep -q "\"version\": \"$VERSION\"" .cache/vnu/node_modules/vnu-jar/package.json; then exit 0; fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is missing: run 'sudo apt-get install npm' (it installs the Nu HTML Checker, vnu-jar)" >&2
  exit 1
fi
echo "== installing the Nu HTML Checker (vnu-jar $VERSION) into .cache/vnu =="
mkdir -p .cache/vnu
npm install --prefix .cache/vnu --no-audit --no-fund --silent "vnu-jar@$VERSION"
