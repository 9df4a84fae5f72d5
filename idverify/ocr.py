"""The one module that talks to Tesseract.

The engine runs in-process through tesserocr: the Japanese model is loaded once
and kept, recognition of a card takes ~0.1-0.3 s instead of ~1.2 s for a new
``tesseract`` process, and the image is handed over as raw pixels, never through
a temporary file. Every failure becomes an :class:`~idverify.errors.OcrError`.

Anything with a ``read`` method of the :class:`OcrEngine` protocol can stand in
for it (the unit tests use a fake).
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
import threading
from enum import IntEnum
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from idverify.config import OcrSettings
from idverify.errors import OcrError, OcrTimeoutError, OcrUnavailableError
from idverify.models import Box, OcrLine, OcrResult, OcrWord

__all__ = ["OcrEngine", "PageMode", "TesseractEngine", "find_tessdata", "route_leptonica_messages"]

log = logging.getLogger(__name__)

# Where Debian, Ubuntu and Homebrew put the traineddata files.
_TESSDATA_CANDIDATES = (
    # Where scripts/fetch_models.py puts the models Debian does not ship.
    os.path.join(sys.prefix, "share", "tessdata"),
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
)


class PageMode(IntEnum):
    """Tesseract page-segmentation modes we use (values are Tesseract's)."""

    AUTO = 3
    SINGLE_BLOCK = 6
    SINGLE_LINE = 7
    SINGLE_CHAR = 10
    RAW_LINE = 13
    SPARSE = 11


class OcrEngine(Protocol):
    """What the pipeline needs from an OCR engine."""

    def read(
        self,
        image: npt.NDArray[np.uint8],
        mode: PageMode = PageMode.AUTO,
        *,
        allowed: str | None = None,
    ) -> OcrResult:
        """Recognise a grayscale or RGB image and return its lines with boxes.

        ``allowed`` restricts recognition to those characters (e.g. the digits and
        era names of a date field).
        """
        ...


def find_tessdata(language: str, configured: str | None = None) -> str:
    """The tessdata directory holding ``<language>.traineddata``.

    Raises :class:`OcrUnavailableError` naming the Debian package when it is missing.
    """
    candidates = [configured] if configured else []
    if os.environ.get("TESSDATA_PREFIX"):
        candidates.append(os.environ["TESSDATA_PREFIX"])
    candidates.extend(_TESSDATA_CANDIDATES)
    for path in candidates:
        if path and os.path.isfile(os.path.join(path, f"{language}.traineddata")):
            return path
    hint = (
        "python scripts/fetch_models.py"
        if language.endswith("_best")
        else f"Debian: tesseract-ocr-{language}"
    )
    raise OcrUnavailableError(f"Tesseract model '{language}' not found; install it ({hint})")


# Leptonica's message handler, kept referenced for as long as the library may call it.
_leptonica_handler: Any = None
_leptonica_lock = threading.Lock()


def _loaded_leptonica() -> str | None:
    """The path of the Leptonica library loaded in this process (tesserocr's wheel
    bundles its own copy), read from the process's memory map; None elsewhere."""
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            for line in maps:
                path = line.rsplit(None, 1)[-1]
                if os.path.basename(path).startswith(("libleptonica", "liblept.")):
                    return path
    except OSError:
        pass
    return None


def _leptonica_message(message: bytes | None) -> None:
    if message:
        log.debug("leptonica: %s", message.decode("utf-8", "replace").strip())


def route_leptonica_messages() -> bool:
    """Send Leptonica's messages to this module's logger at debug level instead of
    the process's stderr. Returns whether the handler is in place.

    Leptonica, the image library under Tesseract, prints its complaints itself:
    every benchmark run printed hundreds of ``Error in boxClipToRectangle: box
    outside rectangle`` lines (a layout box Tesseract clips at a crop's edge,
    harmless), which buried the service's own log. They name library functions
    only, never text read."""
    global _leptonica_handler
    with _leptonica_lock:
        if _leptonica_handler is not None:
            return True
        path = _loaded_leptonica()
        if path is None:
            return False
        try:
            library = ctypes.CDLL(path)
            setter = library.leptSetStderrHandler
        except (OSError, AttributeError):  # pragma: no cover - an old Leptonica
            return False
        handler = ctypes.CFUNCTYPE(None, ctypes.c_char_p)(_leptonica_message)
        setter.argtypes = [ctypes.c_void_p]
        setter.restype = None
        setter(ctypes.cast(handler, ctypes.c_void_p))
        _leptonica_handler = handler
        return True


class TesseractEngine:
    """Tesseract through tesserocr, one loaded API per engine, safe across threads.

    Recognition calls are serialised by a lock: a Tesseract API object is not
    re-entrant, and on 2 cores running two recognitions at once gains nothing
    inside one process (the service scales with worker processes instead).
    """

    def __init__(self, settings: OcrSettings | None = None) -> None:
        self._settings = settings or OcrSettings()
        try:
            import tesserocr
        except ImportError as exc:  # pragma: no cover - a broken install
            raise OcrUnavailableError("the tesserocr package is not installed") from exc
        self._tesserocr: Any = tesserocr
        self._path = find_tessdata(self._settings.language, self._settings.tessdata_dir)
        self._lock = threading.Lock()
        try:
            self._api: Any = tesserocr.PyTessBaseAPI(path=self._path, lang=self._settings.language)
        except RuntimeError as exc:
            raise OcrUnavailableError("Tesseract could not load its model") from exc
        # Japanese text has no spaces between words; without this Tesseract
        # inserts spaces between CJK characters.
        self._api.SetVariable("preserve_interword_spaces", "1")
        route_leptonica_messages()

    @property
    def version(self) -> str:
        """The Tesseract library version, e.g. ``5.5.4``."""
        return str(self._tesserocr.tesseract_version().split()[1])

    def close(self) -> None:
        """Free the loaded model."""
        with self._lock:
            self._api.End()

    def read(
        self,
        image: npt.NDArray[np.uint8],
        mode: PageMode = PageMode.AUTO,
        *,
        allowed: str | None = None,
    ) -> OcrResult:
        """Recognise ``image`` (2-D grayscale or RGB ``uint8``), optionally restricted
        to the ``allowed`` characters."""
        if image.ndim == 2:
            h, w = image.shape
            bpp = 1
        elif image.ndim == 3 and image.shape[2] == 3:
            h, w = image.shape[:2]
            bpp = 3
        else:
            raise OcrError(f"unsupported image shape {image.shape}")
        buf = np.ascontiguousarray(image, dtype=np.uint8)
        seconds = (
            self._settings.timeout_s if mode is PageMode.AUTO else self._settings.field_timeout_s
        )
        timeout_ms = int(seconds * 1000)
        t = self._tesserocr
        with self._lock:
            try:
                self._api.SetPageSegMode(int(mode))
                # A whitelist narrows the LSTM's choices: on a date it stops the
                # jpn model's habit of reading 0 as 9 or 6 in some fonts.
                self._api.SetVariable("tessedit_char_whitelist", allowed or "")
                self._api.SetImageBytes(buf.tobytes(), w, h, bpp, w * bpp)
                if not self._api.Recognize(timeout=timeout_ms):
                    raise OcrTimeoutError(f"recognition did not finish within {seconds:.0f} s")
                lines = _collect_lines(self._api, t)
            except OcrError:
                raise
            except (RuntimeError, ValueError) as exc:
                raise OcrError("Tesseract failed to recognise the image") from exc
            finally:
                self._api.Clear()
        return OcrResult(lines=tuple(lines), width=w, height=h)


def _collect_lines(api: Any, t: Any) -> list[OcrLine]:
    word_level = t.RIL.WORD
    line_level = t.RIL.TEXTLINE
    lines: list[OcrLine] = []
    current: list[OcrWord] = []
    iterator = api.GetIterator()
    if iterator is None:
        return lines
    for r in t.iterate_level(iterator, word_level):
        try:
            text = r.GetUTF8Text(word_level)
        except RuntimeError:
            # tesserocr raises on an empty page instead of returning nothing.
            continue
        if text is None:
            continue
        starts_line = r.IsAtBeginningOf(line_level)
        if starts_line and current:
            lines.append(OcrLine(tuple(current)))
            current = []
        text = text.strip()
        bbox = r.BoundingBox(word_level)
        if not text or bbox is None:
            continue
        x0, y0, x1, y1 = bbox
        current.append(
            OcrWord(
                text=text, box=Box(x0, y0, x1 - x0, y1 - y0), confidence=r.Confidence(word_level)
            )
        )
    if current:
        lines.append(OcrLine(tuple(current)))
    return lines
