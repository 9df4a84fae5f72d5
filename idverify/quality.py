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
  paper), the share of each read field's width where a reflection burnt the print
  out (washed to near-white, >= :data:`_GLARE_GRAY`, in a stretch of a text line);
- **cut off**: a document outline with a corner on the image border; or, where no
  outline was found and the image itself was read, confident print running into
  the image's edge (a card's print keeps a margin of ~3 mm to its edge: print at
  the edge of the picture is print the picture cut through), or the paper holding
  the print running into the image's edge where the image is not all document.

The user-facing thresholds are named configuration
(:class:`idverify.config.QualityThresholds`); the shape constants of each measure
are module constants with their measurements beside them.
The issues found are hints for the requester; the verdict adds them as
``IMAGE_QUALITY_LOW`` (review), or beside the failure when nothing could be read.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from idverify.config import QualityThresholds
from idverify.image_io import RgbImage
from idverify.models import Box, FieldReading, OcrResult, OcrWord, QualityIssue

__all__ = ["GLARE_FIELDS", "QualityMeasures", "find_issues", "measure"]

# Glare: washed-out pixels are at least this grey on the rectified document.
_GLARE_GRAY = 253
# A text row of a field's box holds at least this share of print (darker than
# _PRINT_GRAY): the rows between and around lines hold none.
_PRINT_GRAY = 200
_TEXT_ROW_SHARE = 0.03
# A stretch of a text line burnt out by a reflection is at least this many times
# the line's height long: wider than any space between characters or words (a
# full-width space is one character), and print under it is gone, not greyed.
_BURNT_RUN = 1.5
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
# A document taken as the whole image that covers this share of one image edge or
# more runs off the picture, unless every edge is at least _FRAMED_SHARE document
# (a scan or a cropped card: the image is the document). Measured at
# _RUN_OFF_WORK_PX on the long side.
_RUN_OFF_SHARE = 0.1
_FRAMED_SHARE = 0.8
_RUN_OFF_WORK_PX = 600
# Fields whose washed-out box is reported, in the order a requester reads them.
GLARE_FIELDS = ("name", "address", "birth_date", "expiry_date", "issue_date")


@dataclass(frozen=True, slots=True)
class QualityMeasures:
    """The measurements the checks compare with their thresholds (no image content)."""

    long_side_px: float
    sharpness: float | None  # None: no print found to measure it on
    paper: float
    glare: Mapping[str, float]  # field → share of its width burnt out
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


def _confident_words(ocr: OcrResult) -> Iterator[OcrWord]:
    """The words of ``ocr`` read with :data:`_EDGE_WORD_CONFIDENCE` or more, two
    characters or longer (print, not a shadow's edge or noise)."""
    for line in ocr.lines:
        for word in line.words:
            if word.confidence >= _EDGE_WORD_CONFIDENCE and len(word.text.strip()) >= 2:
                yield word


def _print_at_edge(ocr: OcrResult | None) -> bool:
    """Whether a confidently read word of ``ocr`` touches the edge of the image it
    was read from."""
    if ocr is None:
        return False
    mx, my = _EDGE_SHARE * ocr.width, _EDGE_SHARE * ocr.height
    for word in _confident_words(ocr):
        b = word.box
        across = b.x <= mx or b.x + b.w >= ocr.width - mx
        if across or b.y <= my or b.y + b.h >= ocr.height - my:
            return True
    return False


def _runs_off(gray: npt.NDArray[np.uint8], ocr: OcrResult | None) -> bool:
    """Whether the document, taken as the whole image, runs off the picture: the
    paper that holds its print reaches one edge of the image along
    :data:`_RUN_OFF_SHARE` of it or more, while the image is not the document
    itself (somewhere an edge of the image is mostly not the document: the table
    around it).

    Print at the edge (:func:`_print_at_edge`) misses a document cut through its
    margin, or through a line read with doubt (dev photos, seed 2963: an A4 page
    cut through its blank foot, a card through its small print; both passed)."""
    if ocr is None or gray.size == 0:
        return False
    scale = _RUN_OFF_WORK_PX / max(gray.shape)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    _, paper = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    # Closed over the print, the document is one piece of paper.
    size = max(3, int(0.02 * max(small.shape)) | 1)
    paper = cv2.morphologyEx(paper, cv2.MORPH_CLOSE, np.ones((size, size), np.uint8))
    _, labels = cv2.connectedComponents(paper, connectivity=4)
    h, w = labels.shape
    votes: dict[int, int] = {}
    for word in _confident_words(ocr):
        cx = min(w - 1, int((word.box.x + word.box.w / 2) * scale))
        cy = min(h - 1, int((word.box.y + word.box.h / 2) * scale))
        label = int(labels[cy, cx])
        if label:  # 0: what is not paper
            votes[label] = votes.get(label, 0) + 1
    if not votes:
        return False
    document = labels == max(votes, key=lambda k: votes[k])
    sides = [document[0].mean(), document[-1].mean(), document[:, 0].mean(), document[:, -1].mean()]
    return bool(max(sides) >= _RUN_OFF_SHARE and min(sides) < _FRAMED_SHARE)


def _washed(gray: npt.NDArray[np.uint8]) -> npt.NDArray[np.bool_]:
    """Pixels washed out to (near) white by a lamp's reflection. Cards' papers stay
    under it, scanned or photographed (up to 7 % of a card at this level without
    glare, 12-49 % of the cards with a glare spot, dev seeds 2600); a white page
    does not, and has no glare to find (see :func:`measure`)."""
    return np.asarray(gray >= _GLARE_GRAY, dtype=bool)


def _runs(flags: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    """The (start, end) of each run of true values in ``flags``."""
    edges = np.diff(np.concatenate(([0], flags.astype(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist()
    return list(zip(starts, ends, strict=True))


def _burnt_share(gray: npt.NDArray[np.uint8], washed: npt.NDArray[np.bool_]) -> float:
    """The share of a field box's width (``gray`` and ``washed`` are its crops)
    where a text line's print is burnt out: along each line, the columns washed out
    across the line's middle half, in stretches of at least :data:`_BURNT_RUN` line
    heights with print within two line heights on either side. Print a reflection
    only greyed still breaks every such stretch; a stretch reaching the box's end,
    or blank paper beside it, is a line shorter than the box (the second line of
    an address) or paper the box took in (a passport's zone band above its lines).
    """
    h, w = washed.shape
    printed = gray < _PRINT_GRAY
    rows = np.asarray(printed.mean(axis=1) >= _TEXT_ROW_SHARE, dtype=bool)
    # No text row at all: the whole line may be under the reflection.
    lines = _runs(rows) or [(0, h)]
    # Rows of print much thinner than the box's tallest line are a rule or the
    # document's edge, not a line of text.
    tallest = max(bottom - top for top, bottom in lines)
    worst = 0.0
    for top, bottom in lines:
        height = bottom - top
        if 2 * height < tallest:
            continue
        ink = np.asarray(printed[top:bottom].any(axis=0), dtype=bool)
        gone = np.asarray(washed[top + height // 4 : bottom - height // 4].all(axis=0), dtype=bool)
        # The print next to the stretch is faded by the reflection's edge: look
        # for it within two line heights.
        reach = 2 * height
        burnt = sum(
            end - start
            for start, end in _runs(gone)
            if end - start >= _BURNT_RUN * height
            and bool(ink[max(0, start - reach) : start].any())
            and bool(ink[end : end + reach].any())
        )
        worst = max(worst, burnt / w)
    return worst


def _glare(
    gray: npt.NDArray[np.uint8], washed: npt.NDArray[np.bool_], fields: Mapping[str, FieldReading]
) -> dict[str, float]:
    """Each read field's share burnt out by a reflection (:func:`_burnt_share`).

    Only print that is gone counts. Under a softer reflection the paper saturates
    and the print is lifted to grey, but it is all there and reads (dev hard photos,
    seed 2960: birth dates, addresses and passport zones under such a spot read
    right, most with low confidence); where a stretch of a line is washed out to the
    paper, what it said is lost however confidently the rest reads (山田浩二 with
    二 burnt out reads as 山田浩)."""
    shares: dict[str, float] = {}
    h, w = washed.shape
    for key in GLARE_FIELDS:
        reading = fields.get(key)
        box: Box | None = reading.box if reading is not None else None
        if box is None:
            continue
        x0, y0 = max(0, box.x), max(0, box.y)
        x1, y1 = min(w, box.x + box.w), min(h, box.y + box.h)
        if x1 > x0 and y1 > y0:
            shares[key] = _burnt_share(gray[y0:y1, x0:x1], washed[y0:y1, x0:x1])
    return shares


def measure(
    page: RgbImage,
    corners: npt.NDArray[np.float32] | None,
    image: RgbImage,
    fields: Mapping[str, FieldReading],
    frame: str = "id1",
    ocr: OcrResult | None = None,
    read_image: RgbImage | None = None,
) -> QualityMeasures:
    """Measure the capture of one document: ``page`` is the uploaded image,
    ``corners`` the document's outline in it (``None``: the whole image), ``image``
    the rectified document, ``fields`` what was read from it (boxes in ``image``),
    ``frame`` its shape ("id1", "iso", "page") and ``ocr`` the page reading of
    ``read_image`` (default ``image``), to see a document cut by the picture's edge
    when no outline was found. The cut is seen in the picture as it was read:
    a document read as the whole photo and then registered on its layout by its
    labels fills the registered image edge to edge, cut or not (a dev photo,
    seed 2966: an insurance card cut through its foot passed)."""
    gray, inside = _region(page, corners)
    paper = float(np.percentile(gray[inside], 75)) if inside.any() else 0.0
    flat = _gray(image)
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
        cut_off=_on_border(page, corners)
        or (
            corners is None
            and (
                _print_at_edge(ocr)
                # The photo as read is converted only when it is looked at.
                or _runs_off(flat if read_image is None else _gray(read_image), ocr)
            )
        ),
    )


def _gray(image: RgbImage) -> npt.NDArray[np.uint8]:
    return np.asarray(cv2.cvtColor(image, cv2.COLOR_RGB2GRAY), dtype=np.uint8)


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
