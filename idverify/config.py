"""Named thresholds and limits. Nothing here reads the environment: the CLI and the
service build a :class:`Settings` and hand it to the library.

Every number carries the reason it has the value it has.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["ImageLimits", "MatchThresholds", "OcrSettings", "ReadingThresholds", "Settings"]


@dataclass(frozen=True, slots=True)
class ImageLimits:
    """Limits that keep a hostile or absurd upload from exhausting the machine."""

    # A 48-megapixel phone photo is 8000x6000; anything past 60 MP is no ID photo
    # and is refused before decoding (decompression-bomb guard).
    max_pixels: int = 60_000_000
    # 25 MiB covers a 300 dpi colour scan of an A4 page as PNG.
    max_bytes: int = 25 * 1024 * 1024
    # A DSAR needs at most a few pages; a 200-page PDF is not an ID.
    max_pdf_pages: int = 10
    # PDF pages are rendered at 200 dpi: an A4 page becomes 1654x2339 px, enough for
    # Tesseract (cards scanned on it stay at ~670 px width) and quick to render.
    pdf_dpi: int = 200


@dataclass(frozen=True, slots=True)
class OcrSettings:
    """How the OCR engine is run."""

    language: str = "jpn"
    # One card recognises in ~0.1-0.3 s in-process on 2 cores; 20 s means a wedged engine.
    timeout_s: float = 20.0
    tessdata_dir: str | None = None


@dataclass(frozen=True, slots=True)
class MatchThresholds:
    """Thresholds of the name and address matchers (see :mod:`idverify.match`)."""

    # OCR word confidence below which a character that forms a known OCR-confusion
    # pair with the claimed character is treated as possibly misread (-> uncertain).
    low_char_confidence: float = 80.0


@dataclass(frozen=True, slots=True)
class ReadingThresholds:
    """How sure the OCR must be before a reading is allowed to decide a verdict."""

    # Lowest OCR confidence of a printed date (expiry, birth date) that may pass or
    # fail a case on its own. Tesseract gives cleanly read digits 85-97 and a
    # dropped or invented digit (60 -> 6) 20-60, measured on generated cards.
    date_min_confidence: float = 65.0


@dataclass(frozen=True, slots=True)
class Settings:
    """All configuration of one verifier instance."""

    image: ImageLimits = field(default_factory=ImageLimits)
    ocr: OcrSettings = field(default_factory=OcrSettings)
    match: MatchThresholds = field(default_factory=MatchThresholds)
    reading: ReadingThresholds = field(default_factory=ReadingThresholds)
