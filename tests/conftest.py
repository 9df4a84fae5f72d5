"""Shared fixtures: one real Tesseract-backed verifier for the whole run (the
model loads once), and helpers to build fake OCR results for unit tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from idverify.models import Box, OcrLine, OcrResult, OcrWord
from idverify.pipeline import Verifier


@pytest.fixture(scope="session")
def verifier() -> Iterator[Verifier]:
    yield Verifier()


def fake_ocr(*rows: tuple[str, int], confidence: float = 95.0, width: int = 1011) -> OcrResult:
    """An OCR result with one line per (text, y) row; each character is a 30 px word."""
    lines = []
    for text, y in rows:
        words = []
        x = 20
        for ch in text:
            if ch == " ":
                x += 30  # a visible gap
                continue
            words.append(OcrWord(ch, Box(x, y, 28, 36), confidence))
            x += 30
        lines.append(OcrLine(tuple(words)))
    return OcrResult(tuple(lines), width, 638)
