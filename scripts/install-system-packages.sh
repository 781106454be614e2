#!/usr/bin/env bash
# Debian packages the test suite needs: PostgreSQL, Redis, Chromium, the CJK fonts, faketime, and
# Node (npm) and Java for the page checkers (axe-core, the Nu HTML Checker).
# Installs only what is missing, so a warm machine pays nothing.
set -euo pipefail
packages=(postgresql-15 postgresql-client-15 redis-server chromium fonts-liberation fonts-noto-cjk
          poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 faketime
          nodejs openjdk-17-jre-headless)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
