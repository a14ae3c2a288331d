#!/usr/bin/env bash
# Set up notice-kit on a fresh Debian/Ubuntu machine: LibreOffice + free CJK fonts
# (for `notice preview` and the rendering tests), then the Python package with its
# test extras. Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk fonts-noto-cjk-extra
              fonts-arphic-ukai fonts-arphic-uming poppler-utils fontconfig
              chromium   # calc: the .xlsx forms rendered to PDF in tests; chromium: the web workbench's browser tests (Playwright drives it; no download)
              git)       # git: the workbench keeps every profile edit as a commit (generator/history.py)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore -e '.[test]'
