#!/usr/bin/env bash
# Sets up (with the dev tools) and runs every check: ruff, mypy --strict, pytest.
# Real Tesseract runs in the suite; nothing is skipped for lack of it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
.venv/bin/ruff check idverify samples tests bench
.venv/bin/ruff format --check idverify samples tests bench
.venv/bin/mypy
.venv/bin/python -m pytest -q "$@"
