"""What every document-type module shares: the module protocol and tools to find
labelled values in OCR lines.

The OCR text of a line is handled in a *compact* form (NFKC, no spaces), with a
map from each character back to the OCR word it came from, so that a value found
by a regular expression still knows its box and its confidence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Protocol

import numpy as np
import numpy.typing as npt

from idverify.line_model import LineReading
from idverify.models import Box, DocumentReading, FieldReading, OcrLine, OcrResult, OcrWord

__all__ = [
    "DocumentModule",
    "FieldReader",
    "Identification",
    "LineText",
    "compact",
    "find_anchors",
    "find_labelled",
    "line_texts",
    "refine_region",
    "scale_box",
]


def compact(text: str) -> str:
    """NFKC-normalised text without any white space."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True, slots=True)
class LineText:
    """A line's compact text with, for each character, the word it came from."""

    text: str
    owners: tuple[OcrWord, ...]
    index: int  # the line's position in the OCR result

    @classmethod
    def of(cls, line: OcrLine, index: int) -> LineText:
        """Build the compact text of ``line``."""
        chars: list[str] = []
        owners: list[OcrWord] = []
        for word in line.words:
            for ch in compact(word.text):
                chars.append(ch)
                owners.append(word)
        return cls("".join(chars), tuple(owners), index)

    def words(self, start: int, end: int) -> list[OcrWord]:
        """The distinct words behind characters ``start:end``, in order."""
        seen: list[OcrWord] = []
        for w in self.owners[start:end]:
            if not seen or seen[-1] is not w:
                seen.append(w)
        return seen

    def field(self, start: int, end: int) -> FieldReading:
        """The characters ``start:end`` as a field reading with box and confidence."""
        words = self.words(start, end)
        if not words:
            return FieldReading(value="", box=None, confidence=0.0)
        box = words[0].box
        for w in words[1:]:
            box = box.union(w.box)
        return FieldReading(
            value=self.text[start:end],
            box=box,
            confidence=min(w.confidence for w in words),
            char_confidences=tuple(self.confidences(start, end)),
        )

    def confidences(self, start: int, end: int) -> list[float]:
        """One OCR confidence per character of ``start:end``."""
        return [w.confidence for w in self.owners[start:end]]

    def gap_before(self, i: int) -> float:
        """Horizontal gap before character ``i``, in line heights (0 inside a word)."""
        if i <= 0 or i >= len(self.owners):
            return 0.0
        prev, cur = self.owners[i - 1], self.owners[i]
        if prev is cur:
            return 0.0
        height = max(prev.box.h, cur.box.h, 1)
        return (cur.box.x - (prev.box.x + prev.box.w)) / height

    @property
    def box(self) -> Box | None:
        """The box of the whole line."""
        return self.field(0, len(self.text)).box


def line_texts(ocr: OcrResult) -> list[LineText]:
    """Compact texts of all non-empty lines."""
    out = [LineText.of(line, i) for i, line in enumerate(ocr.lines)]
    return [lt for lt in out if lt.text]


def find_labelled(lines: Iterable[LineText], label: re.Pattern[str]) -> tuple[LineText, int] | None:
    """The first line where ``label`` matches, and the offset just after the label."""
    for lt in lines:
        m = label.search(lt.text)
        if m:
            return lt, m.end()
    return None


@dataclass(frozen=True, slots=True)
class Identification:
    """A document module's claim that an OCR result is one of its sides."""

    side: str
    score: float  # how many of the type's marks were seen; higher is surer


class FieldReader(Protocol):
    """Reads one region of the rectified document again, on its own.

    A single field read alone (Tesseract's single-line mode, a character whitelist
    for dates) is read far better than the same field within the whole card: the
    card's labels, rules and security pattern no longer compete with it.
    """

    def read(
        self,
        region: Box,
        *,
        block: bool = False,
        allowed: str | None = None,
        zoom: float = 1.0,
    ) -> OcrResult:
        """OCR ``region`` (card pixels); boxes in the result are in card pixels too.

        ``block`` reads several lines (a wrapped address); ``allowed`` restricts the
        characters recognised; ``zoom`` enlarges small print before reading.
        """
        ...

    def read_char(self, region: Box) -> tuple[str, float] | None:
        """Read ``region`` as one character: (character, confidence), if any."""
        ...

    def read_variants(self, region: Box) -> list[OcrResult]:
        """Read the one line in ``region`` several ways (scales, sharpening, global
        or local threshold): opinions that err differently, for a vote."""
        ...

    def read_by_model(self, region: Box) -> list[list[OcrResult]]:
        """The readings of :meth:`read_variants`, one list per model (each model's
        readings at its print sizes): witnesses that testify model by model."""
        ...

    def read_line(self, region: Box) -> LineReading | None:
        """The one line in ``region`` as the second recogniser
        (:mod:`idverify.line_model`) reads it; ``None`` when it is not installed."""
        ...


def scale_box(frac: tuple[float, float, float, float], width: int, height: int) -> Box:
    """A region given as fractions (x0, y0, x1, y1) of the document, in pixels."""
    x0, y0, x1, y1 = frac
    return Box(
        round(x0 * width), round(y0 * height), round((x1 - x0) * width), round((y1 - y0) * height)
    )


def refine_region(region: Box, ocr: OcrResult, slack: int = 10) -> Box:
    """Fit a one-line layout region's height to the OCR line found in it.

    Rectification is accurate to a few pixels, not exactly: the full-page OCR
    tells where the text row really is, so the crop neither cuts the glyphs nor
    takes in the ruled line of the next row. The row is the OCR line with the most
    ink (box area) inside the region, taken whole across the region's width: on a
    card rectified a degree off, the row's far end leaves the region, and the
    row above dips into it. The fit may pass the region's edges by ``slack`` px.
    """
    best: tuple[float, list[Box]] | None = None
    for line in ocr.lines:
        across = [
            w.box
            for w in line.words
            if region.x <= w.box.x + w.box.w / 2 <= region.x + region.w and w.box.h < 1.5 * region.h
        ]
        inside = [b for b in across if region.y <= b.y + b.h / 2 <= region.y + region.h]
        ink = float(sum(b.w * b.h for b in inside))
        if inside and (best is None or ink > best[0]):
            best = (ink, across)
    if best is None:
        return region
    row = best[1]
    y0 = max(min(b.y for b in row) - 6, region.y - slack)
    y1 = min(max(b.y + b.h for b in row) + 6, region.y + region.h + slack)
    return Box(region.x, y0, region.w, max(1, y1 - y0))


def find_anchors(
    ocr: OcrResult, anchors: dict[str, tuple[float, float]], width: int, height: int
) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """Where the layout's printed labels were read (box centres), paired with where
    the layout puts them (``anchors``: label -> centre as fractions of the card)."""
    observed: list[tuple[float, float]] = []
    template: list[tuple[float, float]] = []
    lines = line_texts(ocr)
    for label, (fx, fy) in anchors.items():
        for lt in lines:
            i = lt.text.find(label)
            if i < 0:
                continue
            box = lt.field(i, i + len(label)).box
            if box is not None:
                observed.append((box.x + box.w / 2, box.y + box.h / 2))
                template.append((fx * width, fy * height))
            break
    return observed, template


class DocumentModule(Protocol):
    """A document type: recognises its sides and extracts their fields."""

    type_name: ClassVar[str]
    # Printed labels of each side and their centres as fractions of the card:
    # they register a badly located card onto the layout.
    ANCHORS: ClassVar[dict[str, dict[str, tuple[float, float]]]]

    def identify(self, ocr: OcrResult) -> Identification | None:
        """Which side of this document ``ocr`` shows, or ``None`` if it is not this type."""
        ...

    def extract(
        self,
        ocr: OcrResult,
        side: str,
        image: npt.NDArray[np.uint8],
        reader: FieldReader,
    ) -> DocumentReading:
        """The fields, sensitive findings and masks of ``side``."""
        ...


# Lines of this many words or more tell which way the text runs.
_SIDEWAYS_MIN_WORDS = 3


def reads_sideways(ocr: OcrResult) -> bool:
    """Whether most lines of several glyphs were read running down the image: a
    document lying on its side, which Tesseract's Japanese models read as vertical
    text. Every accepted document prints across."""
    long_lines = [line.box for line in ocr.lines if len(line.words) >= _SIDEWAYS_MIN_WORDS]
    down = sum(1 for b in long_lines if b.h > 2 * b.w)
    return bool(long_lines) and 2 * down > len(long_lines)


def count_marks(text: str, marks: Sequence[str]) -> int:
    """How many of ``marks`` occur in ``text``."""
    return sum(1 for mark in marks if mark in text)
