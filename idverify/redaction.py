"""Checks that what must not be collected is not legible, and masking for reviewers.

Document modules report the findings specific to their layout (the individual
number on a My Number card back). The registered domicile (本籍) can appear on
several types (old licenses, passports, resident certificates), so its check
lives here and runs on every document.
"""

from __future__ import annotations

import re
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from idverify.documents.base import LineText, line_texts
from idverify.models import Box, OcrResult, SensitiveFinding
from idverify.preprocess import print_spread

__all__ = ["DOMICILE_MIN_CHARS", "blacked_out", "dark_blocks", "find_domicile", "print_beside"]

_DOMICILE_LABEL = re.compile(r"本\s?籍")
# Printed after 本籍 on a resident certificate but no place: the item left off at
# the holder's request (省略, 記載省略, 記載なし), the companion label 筆頭者 and
# the middle dot of "本籍・筆頭者".
_NOT_A_PLACE = re.compile(r"記載省略|省略|記載なし|筆頭者|・")
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
    for m in _NOT_A_PLACE.finditer(text, start):
        chars = [i for i in chars if not m.start() <= i < m.end()]
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


def dark_blocks(gray: npt.NDArray[np.uint8]) -> list[Box]:
    """The solid dark blocks of the value row ``gray`` (8-bit grey): marker strokes
    or black stickers over a value, in the row's pixels."""
    if gray.size == 0:
        return []
    dark = np.ascontiguousarray((gray < _DARK).astype(np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    height = gray.shape[0]
    # The block's own area (what a window a fifth of the row high fits in
    # whole), not the strokes of print touching it.
    k = max(3, round(0.2 * height))
    solid = cv2.morphologyEx(dark, cv2.MORPH_OPEN, np.ones((k, k), np.uint8))
    return [
        Box(int(x), int(y), int(w), int(h))
        for x, y, w, h, area in stats[1:count]
        if h >= _BLOCK_HEIGHT_SHARE * height
        and w >= _BLOCK_ASPECT * h
        and area >= _SOLID_FILL * w * h
        and not shows_print_through(gray[y : y + h, x : x + w][solid[y : y + h, x : x + w] > 0])
    ]


# Inside a solid marker the grey varies by a few levels (noise, the capture's
# light); a marker that lets the print through holds strokes far darker than
# itself: its middle level lies this far above its darkest pixels (2nd percentile).
_SEE_THROUGH = 20.0


def shows_print_through(levels: npt.NDArray[Any]) -> bool:
    """Whether the grey ``levels`` of a dark block's pixels hold print darker than
    the block itself: a translucent marker (the paper darkened to a quarter, its
    print legible through it) is no blackout."""
    return print_spread(levels) > _SEE_THROUGH


def blacked_out(gray: npt.NDArray[np.uint8]) -> bool:
    """Whether the value row ``gray`` holds a solid dark block over its value."""
    return bool(dark_blocks(gray))


# Grey levels below the row's background that make a pixel printed ink: value
# print is near black, a security pattern's lines only ~10-30 below the paper.
_INK_BELOW_BACKGROUND = 70
# A printed glyph is at least this share of the value row's height.
_GLYPH_HEIGHT_SHARE = 0.25


def print_beside(gray: npt.NDArray[np.uint8], blocks: list[Box]) -> bool:
    """Whether the value row ``gray`` holds printed glyphs outside ``blocks`` (and a
    margin around them, where a marker's edge frays)."""
    if gray.size == 0:
        return False
    background = float(np.median(gray))
    ink = (gray < background - _INK_BELOW_BACKGROUND).astype(np.uint8)
    for b in blocks:
        ink[max(0, b.y - 4) : b.y + b.h + 4, max(0, b.x - 4) : b.x + b.w + 4] = 0
    count, _, stats, _ = cv2.connectedComponentsWithStats(np.ascontiguousarray(ink), connectivity=8)
    height = gray.shape[0]
    # A stripe the whole row high is the page's edge or the table beyond it; a
    # glyph is shorter than its row.
    return any(
        _GLYPH_HEIGHT_SHARE * height <= h < 0.95 * height for _, _, _, h, _ in stats[1:count]
    )
