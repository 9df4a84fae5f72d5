"""Every bundled sample through the real pipeline (real Tesseract): the verdict and
the reason codes the samples README promises. This is the README's demo, asserted."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from idverify.models import Claim
from idverify.pipeline import Upload, Verifier

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
CASES = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))


def _claim(c: dict[str, str]) -> Claim:
    born = c.get("birth_date")
    return Claim(
        name=c["name"],
        kana=c.get("kana"),
        address=c.get("address"),
        birth_date=dt.date.fromisoformat(born) if born else None,
    )


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_sample_verdict(case: dict, verifier: Verifier) -> None:
    uploads = [Upload(name, (SAMPLES / name).read_bytes()) for name in case["files"]]
    result = verifier.verify(
        uploads, _claim(case["claim"]), today=dt.date.fromisoformat(case["today"])
    )
    codes = {r.code for r in result.decision.reasons}
    assert result.decision.verdict.value == case["expected_verdict"], sorted(codes)
    assert set(case["expected_reasons"]) <= codes
