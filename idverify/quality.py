"""Image-quality checks on a located document: what makes a reading unreliable, and
what the requester should do about it.

Measured where each defect is visible:

- **resolution**: the document's long side in the pixels of the upload (from the
  outline found, or the whole image). Rectification enlarges a small card to the
  reading size, which adds no detail;
- **sharpness**: fine against coarse detail where the print is, in the upload's own
  pixels: the mean of ``|I - blur_1(I)|`` over the mean of ``|I - blur_3(I)|`` on the
  strongest-detail pixels of the document. Blur removes the fine scale first, so the
  ratio falls with defocus whatever the contrast or exposure;
- **brightness**: the paper's grey level (the 75th percentile of the document), on
  the upload;
- **glare**: on a rectified card or passport page (not on a certificate's matte white
  paper), the share of each read field's box washed out to near-white
  (>= :data:`_GLARE_GRAY`) with its print lifted to grey;
- **cut off**: a document outline with a corner on the image border; or, where no
  outline was found and the image itself was read, confident print running into
  the image's edge (a card's print keeps a margin of ~3 mm to its edge: print at
  the edge of the picture is print the picture cut through).

Every threshold is named configuration (:class:`idverify.config.QualityThresholds`).
The issues found are hints for the requester; the verdict adds them as
``IMAGE_QUALITY_LOW`` (review), or beside the failure when nothing could be read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from idverify.config import QualityThresholds
from idverify.image_io import RgbImage
from idverify.models import Box, FieldReading, OcrResult, QualityIssue

__all__ = ["GLARE_FIELDS", "QualityMeasures", "find_issues", "measure"]

# Glare: washed-out pixels are at least this grey on the rectified document, and
# the print under it no darker than this (5th percentile of a field's box: black
# print reads 30-90, print under a reflection 110-200).
_GLARE_GRAY = 253
_GLARE_INK = 100.0
# A field read with at least this confidence is read, glare or not (the confidence
# a difference must have to fail a case: ReadingThresholds.mismatch_min_confidence).
_GLARE_READ_CONFIDENCE = 80.0
# The share of the document's pixels (those with the most detail at the coarse
# scale) on which sharpness is measured: the print, not the plain paper.
_DETAIL_SHARE = 0.15
# A corner this close to the image border (share of the image's long side) is on it.
_BORDER_SHARE = 0.004
# Print this close to the image's edge (share of its side), read with at least
# this confidence, two characters or more, was cut by it. A card's own margin is
# 3.5 % of its width, and a cropped card (or a page) has its margin still around
# the print; a word that lost half its height to the edge still reads with ~60-90.
_EDGE_SHARE = 0.01
_EDGE_WORD_CONFIDENCE = 60.0
# Fields whose washed-out box is reported, in the order a requester reads them.
GLARE_FIELDS = ("name", "address", "birth_date", "expiry_date", "issue_date")


@dataclass(frozen=True, slots=True)
class QualityMeasures:
    """The measurements the checks compare with their thresholds (no image content)."""

    long_side_px: float
    sharpness: float | None  # None: no print found to measure it on
    paper: float
    glare: Mapping[str, float]  # field → share of its box washed out
    washed: float  # share of the whole document washed out
    cut_off: bool


def _region(
    page: RgbImage, corners: npt.NDArray[np.float32] | None
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.bool_]]:
    """The document's bounding crop of ``page`` in grey, with the mask of its outline."""
    gray = cv2.cvtColor(page, cv2.COLOR_RGB2GRAY).astype(np.float32)
    if corners is None:
        return gray, np.ones(gray.shape, dtype=bool)
    h, w = gray.shape
    x0, y0 = np.floor(corners.min(axis=0)).astype(int)
    x1, y1 = np.ceil(corners.max(axis=0)).astype(int)
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1 + 1), min(h, y1 + 1)
    crop = gray[y0:y1, x0:x1]
    mask = np.zeros(crop.shape, dtype=np.uint8)
    shifted = (corners - np.array([x0, y0], dtype=np.float32)).round().astype(np.int32)
    cv2.fillConvexPoly(mask, shifted, 1)
    return crop, mask.astype(bool)


def _long_side(page: RgbImage, corners: npt.NDArray[np.float32] | None) -> float:
    if corners is None:
        return float(max(page.shape[:2]))
    tl, tr, br, bl = corners
    across = (np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)) / 2
    down = (np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2
    return float(max(across, down))


def _sharpness(gray: npt.NDArray[np.float32], inside: npt.NDArray[np.bool_]) -> float | None:
    fine = np.abs(gray - cv2.GaussianBlur(gray, (0, 0), 1.0))
    coarse = np.abs(gray - cv2.GaussianBlur(gray, (0, 0), 3.0))
    values = coarse[inside]
    if values.size < 100:
        return None
    cut = float(np.quantile(values, 1.0 - _DETAIL_SHARE))
    detail = inside & (coarse >= cut) & (coarse > 1.0)
    if int(detail.sum()) < 50:
        return None  # a blank or flat area: nothing printed to judge
    return float(fine[detail].mean() / coarse[detail].mean())


def _on_border(page: RgbImage, corners: npt.NDArray[np.float32] | None) -> bool:
    if corners is None:
        return False
    h, w = page.shape[:2]
    margin = _BORDER_SHARE * max(h, w)
    xs, ys = corners[:, 0], corners[:, 1]
    return bool(
        ((xs <= margin) | (ys <= margin) | (xs >= w - 1 - margin) | (ys >= h - 1 - margin)).any()
    )


def _print_at_edge(ocr: OcrResult | None) -> bool:
    """Whether a confidently read word of ``ocr`` touches the edge of the image it
    was read from."""
    if ocr is None:
        return False
    mx, my = _EDGE_SHARE * ocr.width, _EDGE_SHARE * ocr.height
    for line in ocr.lines:
        for word in line.words:
            if word.confidence < _EDGE_WORD_CONFIDENCE or len(word.text.strip()) < 2:
                continue
            b = word.box
            across = b.x <= mx or b.x + b.w >= ocr.width - mx
            if across or b.y <= my or b.y + b.h >= ocr.height - my:
                return True
    return False


def _washed(gray: npt.NDArray[np.uint8]) -> npt.NDArray[np.bool_]:
    """Pixels washed out to (near) white by a lamp's reflection. Cards' papers stay
    under it, scanned or photographed (up to 7 % of a card at this level without
    glare, 12-49 % of the cards with a glare spot, dev seeds 2600); a white page
    does not, and has no glare to find (see :func:`measure`)."""
    return np.asarray(gray >= _GLARE_GRAY, dtype=bool)


def _glare(
    gray: npt.NDArray[np.uint8], washed: npt.NDArray[np.bool_], fields: Mapping[str, FieldReading]
) -> dict[str, float]:
    """Each read field's share of washed-out pixels, where its print was washed
    out too (under a reflection the darkest strokes are lifted to grey, while a
    bright corner of an evenly lit photo saturates only the paper around black
    print) and where it was read with doubt: a field read confidently through a
    reflection is no reason to retake the photo (dev hard photos, seed 2700: 8 of
    13 fields under glare were read right; they are not flagged)."""
    shares: dict[str, float] = {}
    h, w = washed.shape
    for key in GLARE_FIELDS:
        reading = fields.get(key)
        box: Box | None = reading.box if reading is not None else None
        if box is None or reading is None or reading.confidence >= _GLARE_READ_CONFIDENCE:
            continue
        x0, y0 = max(0, box.x), max(0, box.y)
        x1, y1 = min(w, box.x + box.w), min(h, box.y + box.h)
        if x1 > x0 and y1 > y0:
            ink = float(np.percentile(gray[y0:y1, x0:x1], 5))
            shares[key] = float(washed[y0:y1, x0:x1].mean()) if ink >= _GLARE_INK else 0.0
    return shares


def measure(
    page: RgbImage,
    corners: npt.NDArray[np.float32] | None,
    image: RgbImage,
    fields: Mapping[str, FieldReading],
    frame: str = "id1",
    ocr: OcrResult | None = None,
) -> QualityMeasures:
    """Measure the capture of one document: ``page`` is the uploaded image,
    ``corners`` the document's outline in it (``None``: the whole image), ``image``
    the rectified document, ``fields`` what was read from it (boxes in ``image``),
    ``frame`` its shape ("id1", "iso", "page") and ``ocr`` the page reading of
    ``image`` (to see print cut by the picture's edge when no outline was found)."""
    gray, inside = _region(page, corners)
    paper = float(np.percentile(gray[inside], 75)) if inside.any() else 0.0
    flat = np.asarray(cv2.cvtColor(image, cv2.COLOR_RGB2GRAY), dtype=np.uint8)
    washed = _washed(flat)
    # Reflections come off a card's laminate or a passport's film. A certificate
    # is matte white paper, which a scanner or a bright photo saturates over much
    # of the page around thin print (a dev photo: 33 % of the page, the address
    # box 55 %, read right): nothing there to tell a reflection by.
    white = frame == "page"
    return QualityMeasures(
        long_side_px=_long_side(page, corners),
        sharpness=_sharpness(gray, inside),
        paper=paper,
        glare={} if white else _glare(flat, washed, fields),
        washed=0.0 if white else float(washed.mean()),
        cut_off=_on_border(page, corners) or (corners is None and _print_at_edge(ocr)),
    )


def find_issues(
    measures: QualityMeasures,
    frame: str,
    thresholds: QualityThresholds,
    *,
    field_missing: bool = False,
) -> tuple[QualityIssue, ...]:
    """The defects that make the reading unreliable. ``frame`` is the document's
    shape ("id1", "iso", "page"): an A4 page may be larger in pixels than a card.

    Glare counts where it matters: over a field read (its box washed out), or
    over much of the document when a field it prints was not read at all
    (``field_missing``). A reflection on an empty part of the card is no reason
    to retake it."""
    issues: list[QualityIssue] = []
    smallest = thresholds.min_page_px if frame == "page" else thresholds.min_card_px
    if measures.long_side_px < smallest:
        issues.append(QualityIssue("low_resolution"))
    elif measures.sharpness is not None and measures.sharpness < thresholds.min_sharpness:
        # A small document looks blurred once enlarged: said once, as its size.
        issues.append(QualityIssue("blur"))
    if measures.paper < thresholds.min_paper_gray:
        issues.append(QualityIssue("dark"))
    over = [k for k in GLARE_FIELDS if measures.glare.get(k, 0.0) > thresholds.max_glare_share]
    if over:
        issues.append(QualityIssue("glare", over[0]))  # one field named says what to fix
    elif field_missing and measures.washed > thresholds.max_washed_share:
        issues.append(QualityIssue("glare"))
    if measures.cut_off:
        issues.append(QualityIssue("cut_off"))
    return tuple(issues)
