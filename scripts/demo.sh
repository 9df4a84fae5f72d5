#!/usr/bin/env bash
# Sets up and verifies every bundled sample (samples/manifest.json), printing each
# verdict next to the expected one. Exits non-zero if any verdict differs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m samples.demo "$@"
