"""The naive baseline the benchmark compares the verifier with.

What a first attempt at the problem looks like: Tesseract (``jpn``) reads the whole
uploaded image as it is — no document localisation, no rectification, no field
regions — and the request passes when the claimed name, and the claimed address if
any, occur in the text fuzzily: ``rapidfuzz.fuzz.partial_ratio >= 80`` with every
space removed from both sides. It checks nothing else: no expiry, no sensitive
values, no document type, no second document. That is the point of the comparison.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from idverify.config import ImageLimits, OcrSettings
from idverify.errors import ImageUnreadableError, OcrError
from idverify.image_io import decode_upload
from idverify.models import Claim, OcrResult
from idverify.ocr import OcrEngine, PageMode, TesseractEngine

__all__ = ["THRESHOLD", "Baseline", "BaselineResult", "baseline_verdict", "page_text"]

THRESHOLD = 80.0
"""The ``partial_ratio`` a claimed value must reach in the page's text."""

LANGUAGE = "jpn"
"""Tesseract's stock Japanese model, as a first attempt would use it."""


@dataclass(frozen=True, slots=True)
class BaselineResult:
    """The baseline's verdict and the scores behind it (0-100; None: not claimed)."""

    verdict: str  # "pass" or "fail"
    name_score: float
    address_score: float | None


def _squeeze(text: str) -> str:
    """``text`` without any whitespace (OCR puts spaces between CJK glyphs at random)."""
    return "".join(text.split())


def page_text(result: OcrResult) -> str:
    """Everything Tesseract read on the page, as one string without spaces."""
    return _squeeze(result.text)


def baseline_verdict(text: str, name: str, address: str | None) -> BaselineResult:
    """``pass`` when the claimed name and (if claimed) address each reach
    :data:`THRESHOLD` in ``partial_ratio`` against ``text``; otherwise ``fail``.

    Nothing read (an empty ``text``) is a fail: ``partial_ratio`` scores 0 there.
    """
    name_score = float(fuzz.partial_ratio(_squeeze(name), text)) if text else 0.0
    address_score: float | None = None
    if address:
        address_score = float(fuzz.partial_ratio(_squeeze(address), text)) if text else 0.0
    ok = name_score >= THRESHOLD and (address_score is None or address_score >= THRESHOLD)
    return BaselineResult("pass" if ok else "fail", name_score, address_score)


class Baseline:
    """The baseline verifier: whole-image OCR of the first page of the first file."""

    def __init__(self, engine: OcrEngine | None = None, limits: ImageLimits | None = None) -> None:
        # Its own engine on the stock model (the verifier reads with others).
        self._engine = engine or TesseractEngine(
            dataclasses.replace(OcrSettings(), language=LANGUAGE)
        )
        self._limits = limits or ImageLimits()

    def read(self, data: bytes) -> str:
        """The text of the first page of ``data`` (an image or PDF); "" if unreadable."""
        try:
            pages = decode_upload(data, self._limits)
            result = self._engine.read(pages[0], PageMode.AUTO)
        except (ImageUnreadableError, OcrError):
            return ""
        return page_text(result)

    def verify(self, files: Sequence[bytes], claim: Claim) -> BaselineResult:
        """Judge a request by its first file alone (the others are not looked at)."""
        text = self.read(files[0]) if files else ""
        return baseline_verdict(text, claim.name, claim.address)
