#!/usr/bin/env bash
# Installs everything idverify needs on a Debian/Ubuntu machine (run as root, or
# with sudo available): Tesseract with its Japanese models, Japanese fonts for the
# sample generator, and a .venv with the project. Re-running is fast and safe:
# apt and pip are only called when something is missing or pyproject.toml changed.
#   bash scripts/setup.sh          # runtime
#   bash scripts/setup.sh --dev    # plus the test and lint tools
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(tesseract-ocr tesseract-ocr-jpn tesseract-ocr-script-jpan fonts-ipafont-gothic fonts-ipafont-mincho fonts-ocr-b
              fonts-noto-cjk fonts-vlgothic fonts-takao-gothic)
# The reviewer page's browser test drives Debian's Chromium (with Playwright).
if [ "${1:-}" = "--dev" ]; then APT_PACKAGES+=(chromium); fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
PY=${PYTHON:-python3}
if ! command -v "$PY" >/dev/null 2>&1 || ! "$PY" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  missing+=(python3 python3-venv python3-pip)
  PY=python3
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

extra=""
if [ "${1:-}" = "--dev" ]; then extra="[dev]"; fi
stamp=".venv/.installed${extra}"
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing the project into .venv" >&2
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
  .venv/bin/python -m pip install -q -e ".${extra}" 2>&1 | grep -v "^WARNING: Location" >&2 || true
  .venv/bin/python -c "import idverify, tesserocr, cv2" # fail here, clearly, if the install did not work
  echo "$want" > "$stamp"
fi
# Tesseract models Debian does not ship (checked against pinned hashes; a no-op
# when they are already in place).
.venv/bin/python scripts/fetch_models.py
