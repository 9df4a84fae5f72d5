"""Verify every bundled sample and print its verdict beside the expected one.

``python -m samples.demo [--annotate DIR]``; exits 1 if any verdict differs from
the manifest. Only verdicts and reason codes are printed, never personal data
(the sample people are synthetic, but the habit matters).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from idverify.annotate import annotate, to_png
from idverify.models import Claim
from idverify.pipeline import Upload, Verifier
from idverify.policy import get_policy

__all__ = ["main"]

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    """Run the demo; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--manifest", type=Path, default=HERE / "manifest.json")
    parser.add_argument("--annotate", type=Path, help="write reviewer images here")
    args = parser.parse_args(argv)
    cases = json.loads(args.manifest.read_text(encoding="utf-8"))
    verifier = Verifier()
    wrong = 0
    for case in cases:
        uploads = [
            Upload(name, (args.manifest.parent / name).read_bytes()) for name in case["files"]
        ]
        c = case["claim"]
        claim = Claim(
            name=c["name"],
            kana=c.get("kana"),
            address=c.get("address"),
            birth_date=dt.date.fromisoformat(c["birth_date"]) if c.get("birth_date") else None,
        )
        result = verifier.verify(
            uploads,
            claim,
            policy=get_policy(case.get("policy", "default")),
            today=dt.date.fromisoformat(case["today"]),
        )
        verdict = result.decision.verdict.value
        ok = verdict == case["expected_verdict"]
        wrong += not ok
        codes = ",".join(sorted({r.code for r in result.decision.reasons})) or "-"
        mark = "ok " if ok else "BAD"
        print(
            f"{mark} {case['id']:<34} {verdict:<6} (expected {case['expected_verdict']:<6})"
            f" {result.elapsed_ms:>5} ms  {codes}"
        )
        if args.annotate:
            args.annotate.mkdir(parents=True, exist_ok=True)
            for i, doc in enumerate(result.documents):
                if doc.image is not None:
                    img = annotate(doc.image, doc.evidence.reading, result.decision.outcomes.get(i))
                    (args.annotate / f"{case['id']}_{i}.png").write_bytes(to_png(img))
    print(f"{len(cases) - wrong}/{len(cases)} verdicts as expected")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
