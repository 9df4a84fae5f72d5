"""The benchmark end to end on a tiny subset: one request per capture condition,
real OCR in two worker processes per system (ours, the baseline). The full run is
``python -m bench.run`` (README, "Accuracy")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.run import main
from samples.build import CONDITIONS, DOC_TYPES

SEED = 4242  # the tests' seed, not the reported benchmark's


def test_benchmark_smoke(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "bench.json"
    code = main(["--n", str(len(CONDITIONS)), "--seed", str(SEED), "--json", str(out)])
    report = json.loads(out.read_text(encoding="utf-8"))
    summary = report["summary"]
    # Every condition reported, every document type met, both systems judged all.
    assert {f"condition/{c}" for c in CONDITIONS} <= set(summary)
    assert {f"type/{t}" for t in DOC_TYPES} <= set(summary)
    n = len(CONDITIONS)
    assert summary["all"]["ours"]["judged"] == summary["all"]["baseline"]["judged"] == n
    # No negative or unreadable request passed ours (the exit code says so too).
    assert summary["all"]["ours"]["false_accepts"] == 0
    assert code == 0
    table = capsys.readouterr().out
    assert f"| **all** | {n} (" in table and "Peak memory" in table
    # Only counts, rates and codes: nothing of the claims is written.
    rows = report["rows"]
    assert len(rows) == n and not {"claim", "truth", "name", "address"} & set(rows[0])
