"""Frozen records that flow through the verification pipeline.

Only plain data lives here; behaviour is in the modules that produce the records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "Box",
    "Claim",
    "DocumentReading",
    "FieldReading",
    "MatchOutcome",
    "MatchResult",
    "MrzCheck",
    "OcrLine",
    "OcrResult",
    "OcrWord",
    "QualityIssue",
    "Reason",
    "SensitiveFinding",
    "Severity",
    "Verdict",
]


@dataclass(frozen=True, slots=True)
class Box:
    """An axis-aligned rectangle in pixels of the rectified document image."""

    x: int
    y: int
    w: int
    h: int

    def union(self, other: Box) -> Box:
        """The smallest box holding both boxes."""
        x0, y0 = min(self.x, other.x), min(self.y, other.y)
        x1 = max(self.x + self.w, other.x + other.w)
        y1 = max(self.y + self.h, other.y + other.h)
        return Box(x0, y0, x1 - x0, y1 - y0)


@dataclass(frozen=True, slots=True)
class OcrWord:
    """One recognised word (for Japanese, often one character or a short run)."""

    text: str
    box: Box
    confidence: float  # 0-100, as Tesseract reports it


@dataclass(frozen=True, slots=True)
class OcrLine:
    """One recognised text line: its words in reading order."""

    words: tuple[OcrWord, ...]

    @property
    def text(self) -> str:
        """The line's text. Words are joined with a space only where the print has a
        visible gap: Tesseract splits Japanese into one "word" per few characters,
        and joining those with spaces would invent word breaks that are not there.
        """
        parts: list[str] = []
        prev: OcrWord | None = None
        for w in self.words:
            if prev is not None:
                gap = w.box.x - (prev.box.x + prev.box.w)
                height = max(prev.box.h, w.box.h, 1)
                parts.append(" " if gap > 0.45 * height else "")
            parts.append(w.text)
            prev = w
        return "".join(parts)

    @property
    def box(self) -> Box:
        """The box around all words of the line."""
        box = self.words[0].box
        for w in self.words[1:]:
            box = box.union(w.box)
        return box

    @property
    def confidence(self) -> float:
        """The lowest word confidence: a line is only as sure as its weakest word."""
        return min(w.confidence for w in self.words)


@dataclass(frozen=True, slots=True)
class OcrResult:
    """Everything the OCR engine read on one image."""

    lines: tuple[OcrLine, ...]
    width: int
    height: int

    @property
    def text(self) -> str:
        """All lines, one per row."""
        return "\n".join(line.text for line in self.lines)

    @property
    def mean_confidence(self) -> float:
        """Mean word confidence, 0 when nothing was read."""
        words = [w for line in self.lines for w in line.words]
        return sum(w.confidence for w in words) / len(words) if words else 0.0


class MatchOutcome(StrEnum):
    """The result of comparing a claimed value with one read from a document."""

    SAME = "same"
    DIFFERENT = "different"
    UNCERTAIN = "uncertain"


@dataclass(frozen=True, slots=True)
class MatchResult:
    """Outcome, a 0-100 similarity score and which component decided it."""

    outcome: MatchOutcome
    score: float
    detail: str = ""


class Severity(StrEnum):
    """How much a reason weighs in the verdict."""

    INFO = "info"
    REVIEW = "review"
    FAIL = "fail"


class Verdict(StrEnum):
    """The overall answer."""

    PASS = "pass"
    REVIEW = "review"
    FAIL = "fail"


@dataclass(frozen=True, slots=True)
class Reason:
    """One finding that shaped the verdict."""

    code: str
    severity: Severity
    message: str
    document: int | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """What the requester wrote on the request form."""

    name: str
    kana: str | None = None
    address: str | None = None
    birth_date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class FieldReading:
    """A field extracted from a document: its value, where it was, how sure the OCR was."""

    value: str
    box: Box | None = None
    confidence: float = 0.0  # the lowest OCR confidence over the value's characters
    char_confidences: tuple[float, ...] = ()  # one per character of the OCR text


@dataclass(frozen=True, slots=True)
class SensitiveFinding:
    """A sensitive value that is legible on the document. The value itself is never kept."""

    kind: str  # "individual_number" | "domicile" | "insurer_number"
    box: Box | None = None


@dataclass(frozen=True, slots=True)
class MrzCheck:
    """What a machine-readable zone says of itself and of the printed fields.

    ``status``: ``valid`` (read, every check digit holds, agrees with the printed
    fields), ``invalid`` (a check digit fails on clearly read glyphs, or the zone
    contradicts a clearly read printed field) or ``uncertain`` (not found, or a
    check fails where a glyph was doubtful). ``detail`` names the check or field,
    never a value.
    """

    status: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class DocumentReading:
    """What one document side says, as extracted by its document-type module."""

    type: str
    side: str
    fields: dict[str, FieldReading] = field(default_factory=dict)
    has_photo: bool | None = None
    sensitive: tuple[SensitiveFinding, ...] = ()
    # Boxes of regions to black out on the reviewer image even if not legible
    # (e.g. the whole 本籍 line), in rectified-image pixels.
    mask_boxes: tuple[Box, ...] = ()
    mrz: MrzCheck | None = None  # documents with a machine-readable zone only


@dataclass(frozen=True, slots=True)
class QualityIssue:
    """One defect of a capture (see :mod:`idverify.quality`): ``kind`` is
    "low_resolution", "blur", "dark", "glare", "cut_off", "not_found" (no document
    found in a photo) or "illegible" (text read only as guesses, no document
    recognised); ``field`` names the field under glare."""

    kind: str
    field: str | None = None
