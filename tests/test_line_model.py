"""The second line recogniser (PP-OCRv6 small on ONNX Runtime): the real model reads a
blurred, faint date line that Tesseract guesses at. Runs in CI (no skip: the
model is fetched by scripts/setup.sh)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from idverify.dates import find_dates
from idverify.line_model import LineRecognizer, find_line_model
from idverify.pipeline import Verifier

FONT = "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf"


@pytest.fixture(scope="module")
def recognizer() -> LineRecognizer:
    path = find_line_model()
    assert path is not None, "run scripts/fetch_models.py"
    return LineRecognizer(path)


def _faint_line(text: str, *, ink: int, blur: float, size: int = 34) -> np.ndarray:
    """``text`` printed at grey level ``ink`` on white, then blurred (a glare-washed,
    out-of-focus date row of a phone photo)."""
    font = ImageFont.truetype(FONT, size)
    width = round(font.getlength(text))
    img = Image.new("L", (24 + width, size + 24), 255)
    ImageDraw.Draw(img).text((12, 12), text, font=font, fill=ink)
    return np.asarray(cv2.GaussianBlur(np.asarray(img), (0, 0), blur), dtype=np.uint8)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2029年11月27日", dt.date(2029, 11, 27)),
        ("昭和61年10月11日", dt.date(1986, 10, 11)),
        ("1986年10月11日まで有効", dt.date(1986, 10, 11)),
        ("平成3年1月9日生", dt.date(1991, 1, 9)),
    ],
)
def test_reads_a_faint_blurred_date_line(
    recognizer: LineRecognizer, text: str, date: dt.date
) -> None:
    reading = recognizer.read(_faint_line(text, ink=150, blur=1.6))
    found = find_dates(reading.text)
    assert found and found[0][0] == date
    assert len(reading.probabilities) == len(reading.text)
    _, start, end = found[0]
    printed = zip(reading.text[start:end], reading.probabilities[start:end], strict=True)
    digits = [p for ch, p in printed if ch.isdigit()]
    assert min(digits) >= 0.8


def test_reads_nothing_on_blank_paper_or_a_sliver(recognizer: LineRecognizer) -> None:
    assert recognizer.read(np.full((48, 300), 255, dtype=np.uint8)).text.strip() == ""
    assert recognizer.read(np.full((2, 300), 255, dtype=np.uint8)).text == ""


def test_a_missing_model_is_none(tmp_path: Path) -> None:
    # The configured directory lacks it, and so does the venv's own only if not
    # installed: the configured one is tried first, then the default.
    assert find_line_model(str(tmp_path)) == find_line_model()


def test_the_verifier_loads_it_with_its_engine() -> None:
    verifier = Verifier()
    verifier.engine  # noqa: B018 - loads every model
    assert verifier._line_model() is not None
