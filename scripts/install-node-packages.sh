#!/usr/bin/env bash
# The checkers the browser tests run (axe-core, the Nu HTML Checker's jar), from package-lock.json with
# `npm ci`: the versions and integrity hashes it pins. Installed once per content of the lock.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp="node_modules/.installed"
wanted="$(sha256sum package.json package-lock.json)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
  exit 0
fi
# --ignore-scripts: vnu-jar's install script only fetches a Java runtime; the machine has its own.
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
echo "$wanted" > "$stamp"
