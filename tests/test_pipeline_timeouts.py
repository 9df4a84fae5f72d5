"""A page read that runs out of time is one unreadable candidate, not the end of
the request (real Tesseract behind a wrapper that times out on chosen reads)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from idverify.errors import OcrTimeoutError
from idverify.models import Box, Claim, OcrLine, OcrResult, OcrWord
from idverify.ocr import OcrEngine, PageMode
from idverify.pipeline import Upload, Verifier

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
CASES = {c["id"]: c for c in json.loads((SAMPLES / "manifest.json").read_text("utf-8"))}


class _TimesOut:
    """The real engine, except that its first ``fail`` reads in ``modes`` time out."""

    def __init__(
        self, engine: OcrEngine, fail: int, modes: frozenset[PageMode] = frozenset({PageMode.AUTO})
    ) -> None:
        self._engine = engine
        self.left = fail
        self._modes = modes

    def read(
        self,
        image: npt.NDArray[np.uint8],
        mode: PageMode = PageMode.AUTO,
        *,
        allowed: str | None = None,
    ) -> OcrResult:
        if mode in self._modes and self.left > 0:
            self.left -= 1
            raise OcrTimeoutError("recognition did not finish within 20 s")
        return self._engine.read(image, mode, allowed=allowed)


def _verify(engine: OcrEngine, case_id: str) -> tuple[str, set[str]]:
    case = CASES[case_id]
    c = case["claim"]
    claim = Claim(
        name=c["name"],
        kana=c.get("kana"),
        address=c.get("address"),
        birth_date=dt.date.fromisoformat(c["birth_date"]),
    )
    uploads = [Upload(n, (SAMPLES / n).read_bytes()) for n in case["files"]]
    result = Verifier(engine=engine).verify(uploads, claim, today=dt.date(2026, 11, 22))
    return result.decision.verdict.value, {r.code for r in result.decision.reasons}


def test_one_timed_out_candidate_does_not_lose_the_document(verifier: Verifier) -> None:
    # The first candidate (the card the right way up) times out; the others are
    # still read, and the card is found among them: judged (here it reads less
    # well than in its best candidate: review), never a crash or a lost document.
    engine = _TimesOut(verifier.engine, fail=1)
    verdict, codes = _verify(engine, "dl_scan_pass")
    assert engine.left == 0  # the timeout did happen
    assert verdict in ("pass", "review"), sorted(codes)
    assert "UNSUPPORTED_DOCUMENT" not in codes


def test_every_read_timing_out_is_a_clear_verdict_not_a_crash(verifier: Verifier) -> None:
    engine = _TimesOut(verifier.engine, fail=10_000)
    verdict, codes = _verify(engine, "dl_scan_pass")
    assert verdict != "pass"
    assert "UNSUPPORTED_DOCUMENT" in codes


def test_field_reads_timing_out_leave_the_fields_unread_not_a_crash(verifier: Verifier) -> None:
    # Every single-line, raw-line and block read of a field times out: the card
    # is still recognised (page reads work), its fields are not read, and an
    # unread name is never a pass.
    lines = frozenset({PageMode.SINGLE_LINE, PageMode.RAW_LINE, PageMode.SINGLE_BLOCK})
    engine = _TimesOut(verifier.engine, fail=10_000, modes=lines)
    verdict, codes = _verify(engine, "dl_scan_pass")
    assert verdict != "pass"
    assert "UNSUPPORTED_DOCUMENT" not in codes, sorted(codes)


class _Guesses:
    """Reads every image as the same two lines of no document, at ``confidence``."""

    def __init__(self, confidence: float) -> None:
        self.confidence = confidence

    def read(
        self,
        image: npt.NDArray[np.uint8],
        mode: PageMode = PageMode.AUTO,
        *,
        allowed: str | None = None,
    ) -> OcrResult:
        h, w = image.shape[:2]
        lines = tuple(
            OcrLine((OcrWord(text, Box(10, 10 + 40 * i, 200, 30), self.confidence),))
            for i, text in enumerate(("事bc0z事結", "征zegTenm宮"))
        )
        return OcrResult(lines, w, h)


@pytest.mark.parametrize(
    ("confidence", "verdict", "code"),
    [
        # Guesses (a blurred card read at 25-46): what it is nobody can tell.
        (49.9, "review", "IMAGE_QUALITY_LOW"),
        # Read surely and still no known document: an unsupported one.
        (50.0, "fail", "UNSUPPORTED_DOCUMENT"),
    ],
)
def test_a_document_read_only_as_guesses_is_illegible_not_unsupported(
    confidence: float, verdict: str, code: str
) -> None:
    got, codes = _verify(_Guesses(confidence), "dl_scan_pass")
    assert got == verdict and code in codes, sorted(codes)
