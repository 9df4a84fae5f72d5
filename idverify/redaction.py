"""Checks that what must not be collected is not legible, and masking for reviewers.

Document modules report the findings specific to their layout (the individual
number on a My Number card back). The registered domicile (本籍) can appear on
several types (old licenses, passports, resident certificates), so its check
lives here and runs on every document.
"""

from __future__ import annotations

import re

import cv2
import numpy as np
import numpy.typing as npt

from idverify.documents.base import LineText, line_texts
from idverify.models import Box, OcrResult, SensitiveFinding

__all__ = ["DOMICILE_MIN_CHARS", "blacked_out", "find_domicile"]

_DOMICILE_LABEL = re.compile(r"本\s?籍")
# Letters that can be part of a place name. A blacked-out value reads as nothing,
# or as a few punctuation marks or stray Latin letters.
_PLACE_CHARS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
# Two kanji are enough to name a prefecture (東京, 大阪); fewer is noise.
DOMICILE_MIN_CHARS = 2
# OCR confidence under which a single character reading is treated as noise from
# the marker's edge rather than text.
_NOISE_CONFIDENCE = 40.0


def find_domicile(ocr: OcrResult) -> list[SensitiveFinding]:
    """A finding (with the value's box, never its text) for each legible 本籍 value."""
    findings: list[SensitiveFinding] = []
    for lt in line_texts(ocr):
        m = _DOMICILE_LABEL.search(lt.text)
        if not m:
            continue
        box = _legible_value_box(lt, m.end())
        if box is not None:
            findings.append(SensitiveFinding("domicile", box))
    return findings


def _legible_value_box(lt: LineText, start: int) -> Box | None:
    # Skip the label's own companion (筆頭者 etc. on certificates) and separators.
    text = lt.text
    chars = [
        i
        for i in range(start, len(text))
        if _PLACE_CHARS.match(text[i]) and lt.owners[i].confidence >= _NOISE_CONFIDENCE
    ]
    if len(chars) < DOMICILE_MIN_CHARS:
        return None
    return lt.field(chars[0], chars[-1] + 1).box


# Grey level under which a pixel is marker ink or a black sticker.
_DARK = 70
# A blackout is a solid dark block: it fills this share of its bounding box
# (text strokes fill ~20-40 % of theirs), ...
_SOLID_FILL = 0.75
# ... is at least this share of the value row's height (a value's glyphs, ~0.5),
# and is wider than tall (it covers a word, not a character's stroke).
_BLOCK_HEIGHT_SHARE = 0.35
_BLOCK_ASPECT = 1.2


def blacked_out(gray: npt.NDArray[np.uint8]) -> bool:
    """Whether the value row ``gray`` (8-bit grey) holds a solid dark block: a
    marker stroke or a black sticker over the value."""
    if gray.size == 0:
        return False
    dark = np.ascontiguousarray((gray < _DARK).astype(np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    height = gray.shape[0]
    for _, _, w, h, area in stats[1:count]:
        if (
            h >= _BLOCK_HEIGHT_SHARE * height
            and w >= _BLOCK_ASPECT * h
            and area >= _SOLID_FILL * w * h
        ):
            return True
    return False
