"""Reading a passport's machine-readable zone from the image, glyph by glyph.

Tesseract's general models read the OCR-B filler ``<`` as K, E or X and insert
characters into its runs (measured: 0 of 24 zones right on clean renders). The
zone is made for machines, though: one fixed font (OCR-B, ISO 1073-2), a fixed
pitch, 44 positions per line, and a known alphabet at each position. So it is
read the way MRZ readers do: each glyph is cut out as a connected component,
placed in its cell by the pitch, and compared with OCR-B templates of just the
characters its position allows (line 2's dates only digits, line 1's names only
letters and ``<``). The check digits then tell whether the reading is right.

Templates are rendered once from the OCR-B font shipped in
``idverify/data/ocrb_templates.npz`` (made by ``scripts/make_mrz_templates.py``
from Debian's fonts-ocr-b, public domain).
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import string
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

import cv2
import numpy as np
import numpy.typing as npt

__all__ = ["ALPHABET", "TEMPLATE_SIZE", "MrzLines", "read_mrz", "template_window"]

ALPHABET = string.ascii_uppercase + string.digits + "<"
# Blurs (Gaussian sigma, template-grid pixels) the templates are given beyond the
# smoothing every window gets (:func:`_normalise`) when a line is compared at
# each: none, and two for a phone photo's glyphs, blurred more than a scan's.
BLURS = (0.0, 1.4, 2.3)
LENGTH = 44
# Template and observed glyph windows are compared at this size (w, h).
TEMPLATE_SIZE = (24, 32)
# The window around a glyph: the pitch across, the cap height plus this share of
# it above and below (so that a glyph sitting a pixel high or low still fits).
_V_MARGIN = 0.2
# A component shorter than this share of the line's cap height is a speck of
# dust or noise; OCR-B's shortest glyph (<) is about 0.6 of the cap height.
_MIN_GLYPH_SHARE = 0.3
# Rows whose ink covers at least this share of the band's width carry text.
_ROW_INK_SHARE = 0.04
# Where each glyph's window is cut, searched because the glyphs' own ink places
# it off under a phone photo's blur. On dev photos (seeds 2975-2978, the bands of
# 122 passports as the pipeline cut them, four readings each) the zones some
# reading read valid and right went from 105 to 115, those of hard photos from
# 24 to 31 of 35, and the valid but wrong readings from 4 to 0:
# - the cap line and baseline come from the blurred ink's extent, which runs
#   past the print unevenly: T was read as Y at the head of line 2 (the window
#   set high, T's bar at its top edge, fits Y's arms), the one glyph wrong in 5
#   of the 9 hard photos' failed zones. (No repair can undo it: T and Y differ
#   by 5 in value, the one change a broken check digit could hide, never made.)
#   The line's window is moved up or down by these shares of the cap height and
#   narrowed to these shares of it, and the placing whose glyphs fit their best
#   templates best is the line's;
_WINDOW_RISES = (-0.1, -0.05, 0.0, 0.05, 0.1)
_WINDOW_SCALES = (0.9, 1.0)
# - a faint glyph's ink found only in part (a filler under glare: the point of
#   its < darkest) centres it off by a tenth of the pitch, and < was read as X.
#   Each glyph's window is moved across by these shares of the pitch, and each
#   template scores its best.
_WINDOW_SHIFTS = tuple(k * 0.05 for k in range(-3, 4))
_LETTERS = string.ascii_uppercase
_DIGITS = string.digits
_ALNUM = _LETTERS + _DIGITS


def _allowed_line1(i: int) -> str:
    if i == 0:
        return "P"
    if i == 1:
        return _LETTERS + "<"
    if i < 5:
        return _LETTERS
    return _LETTERS + "<"


def _allowed_line2(i: int, *, japanese: bool) -> str:
    if i < 9:
        if japanese:
            # A Japanese passport number is two letters and seven digits (TK1234567).
            return _LETTERS if i < 2 else _DIGITS
        return _ALNUM + "<"
    if i in (9, 19, 27, 43) or 13 <= i < 19 or 21 <= i < 27:
        return _DIGITS
    if 10 <= i < 13:
        return _LETTERS + "<"
    if i == 20:
        return "MFX<"
    if i == 42:
        return _DIGITS + "<"
    return _ALNUM + "<"


@dataclass(frozen=True, slots=True)
class MrzLines:
    """The two lines as read and, for each glyph, the margin by which its best
    template beat the second best allowed at its position (correlations, 0-1:
    how sure the reading of that glyph is); and each template's score at each
    position of lines 1 and 2 (empty when not kept)."""

    line1: str
    line2: str
    margins1: tuple[float, ...]
    margins2: tuple[float, ...]
    scores1: tuple[dict[str, float], ...] = ()
    scores2: tuple[dict[str, float], ...] = ()

    def weakest(self, line: int, start: int, end: int) -> float:
        """The lowest glyph margin of characters ``start:end`` of line 1 or 2."""
        margins = self.margins1 if line == 1 else self.margins2
        return min(margins[start:end], default=0.0)

    def name_filled(self, slack: float) -> MrzLines:
        """These lines with line 1's glyphs after the name's end read as fillers
        where the filler's template scored within ``slack`` of the one read.

        The name field is ``SURNAME<<GIVEN<NAMES`` filled with ``<`` to the
        line's end: after the given names' closing ``<<`` only fillers follow,
        and a faint filler under glare is read as X or Y by a few hundredths
        (dev hard photo, seed 2968, request 44: ``MAKOTO<<…<XYYXXYX<<``)."""
        if len(self.scores1) != len(self.line1):
            return self
        given = self.line1.find("<<", 5)
        end = self.line1.find("<<", given + 2) if given >= 0 else -1
        if given < 0 or end < 0:
            return self
        chars = list(self.line1)
        for i in range(end, len(chars)):
            scores = self.scores1[i]
            if chars[i] != "<" and scores.get("<", -1.0) >= scores[chars[i]] - slack:
                chars[i] = "<"
        return dataclasses.replace(self, line1="".join(chars))

    def optional_filled(self, slack: float) -> MrzLines:
        """These lines with line 2's optional data read as fillers after its first
        filler, where the filler's template scored within ``slack`` of the glyph
        read: the field is written from the left and filled to the right, and a
        faint filler under glare is read as X (dev hard photo, seed 2978:
        ``<<XXXXXXX<<<<<`` for a Japanese passport's empty field)."""
        if len(self.scores2) != len(self.line2):
            return self
        first = self.line2.find("<", 28, 42)
        if first < 0:
            return self
        chars = list(self.line2)
        for i in range(first, 42):
            scores = self.scores2[i]
            if chars[i] != "<" and scores.get("<", -1.0) >= scores[chars[i]] - slack:
                chars[i] = "<"
        return dataclasses.replace(self, line2="".join(chars))


@functools.lru_cache(maxsize=len(BLURS))
def _template_rows(blur: float = BLURS[0]) -> npt.NDArray[np.float32]:
    """The OCR-B templates, one normalised row per character of :data:`ALPHABET`,
    each blurred by ``blur`` more (pixels of the template grid), as a blurred
    capture's glyphs are."""
    path = resources.files("idverify.data").joinpath("ocrb_templates.npz")
    with resources.as_file(path) as p, np.load(p) as data:
        raw = [data[f"c{ord(ch)}"].astype(np.float32) for ch in ALPHABET]
    if blur > 0:
        raw = [cv2.GaussianBlur(t, (0, 0), blur).astype(np.float32) for t in raw]
    return np.stack([_normalise(t).ravel() for t in raw])


_INDEX = {ch: i for i, ch in enumerate(ALPHABET)}


def _normalise(window: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Zero mean, unit norm: the score of two windows is then their correlation."""
    w = cv2.GaussianBlur(window, (3, 3), 0.8)
    w = w - float(w.mean())
    norm = float(np.linalg.norm(w))
    return (w / norm if norm > 0 else w).astype(np.float32)


def template_window(
    ink: npt.NDArray[np.float32], cx: float, top: float, bottom: float, pitch: float
) -> npt.NDArray[np.float32]:
    """The window of ``ink`` (1 = ink) around a glyph centred at ``cx`` on a line
    whose cap height runs from ``top`` to ``bottom``, at :data:`TEMPLATE_SIZE`.

    Templates and observed glyphs are cut the same way, so they compare."""
    cap = bottom - top
    y0, y1 = top - _V_MARGIN * cap, bottom + _V_MARGIN * cap
    x0, x1 = cx - pitch / 2, cx + pitch / 2
    # An affine map from the window to the template grid, sampling sub-pixel.
    tw, th = TEMPLATE_SIZE
    m = np.array([[(x1 - x0) / tw, 0, x0], [0, (y1 - y0) / th, y0]], dtype=np.float64)
    return cv2.warpAffine(
        ink,
        m,
        (tw, th),
        flags=cv2.INTER_AREA | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=0.0,
    ).astype(np.float32)


# With ``local_contrast``, each pixel's darkness is measured against the darkest
# print near it: within this share of the band's height across (about four glyph
# cells) and up and down (one line, not the other line's print) ...
_LOCAL_REACH = 0.5
_LOCAL_RISE = 0.15
# ... and never against less than this share of the band's darkest print: blank
# paper's noise is not stretched into glyphs ...
_LOCAL_FLOOR = 0.1
# ... after smoothing over this share of the band's height (a glyph's stroke
# survives, pixel noise does not); a pixel is ink at this share of that print.
_LOCAL_SMOOTH = 0.01
_LOCAL_INK = 0.4


def _ink(
    gray: npt.NDArray[np.uint8], *, local_contrast: bool = False
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.uint8]]:
    """Ink strength (0-1, grey, for matching) and a binary ink mask (for finding
    glyphs), robust to uneven light: the background is estimated locally.

    With ``local_contrast`` the strength is relative to the darkest print nearby
    rather than to the band's, and the mask is that strength (smoothed) over
    :data:`_LOCAL_INK`: a lamp's glare over one end of the zone (an additive
    spot, the paper clipped white) leaves the print there 20 levels under the
    paper where it is 150 elsewhere, under one Otsu threshold for the band
    (dev hard photo, seed 2968, request 8: the fillers and check digits at the
    line's end lost, "zone not found")."""
    h = gray.shape[0]
    k = max(15, (h // 3) | 1)
    background = cv2.morphologyEx(
        gray, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))
    )
    darkness = cv2.subtract(background, gray).astype(np.float32)
    top = float(np.percentile(darkness, 99.5)) or 1.0
    if local_contrast:
        smooth = cv2.GaussianBlur(darkness, (0, 0), max(0.5, _LOCAL_SMOOTH * h))
        across = max(3, round(_LOCAL_REACH * h) | 1)
        window = np.ones((max(3, round(_LOCAL_RISE * h) | 1), across), np.uint8)
        nearby = cv2.blur(cv2.dilate(smooth, window), (across, 1))
        nearby = np.maximum(nearby, _LOCAL_FLOOR * top)
        local_mask = np.where(smooth / nearby > _LOCAL_INK, 255, 0).astype(np.uint8)
        return np.clip(darkness / nearby, 0.0, 1.0).astype(np.float32), local_mask
    strength = np.clip(darkness / top, 0.0, 1.0)
    _, mask = cv2.threshold(
        cv2.subtract(background, gray), 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU
    )
    return strength.astype(np.float32), np.asarray(mask, dtype=np.uint8)


def _text_rows(mask: npt.NDArray[np.uint8]) -> list[tuple[int, int]]:
    """(top, bottom) of the runs of rows that carry ink, in page order."""
    inked = (mask > 0).sum(axis=1) >= _ROW_INK_SHARE * mask.shape[1]
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for y, on in enumerate([*inked.tolist(), False]):
        if on and start is None:
            start = y
        elif not on and start is not None:
            runs.append((start, y))
            start = None
    return runs


def _zone_rows(mask: npt.NDArray[np.uint8]) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The two rows of the zone: of the inked rows, the pair whose glyph counts
    come nearest 44 each (a band cut loosely also holds the page's edge, the
    table under it, the foot of the visual zone)."""
    rows = [r for r in _text_rows(mask) if r[1] - r[0] >= 6]
    counts = {r: len(_glyphs(mask, *r)) for r in rows}
    best: tuple[int, tuple[int, int], tuple[int, int]] | None = None
    for i, one in enumerate(rows):
        for two in rows[i + 1 :]:
            cost = abs(counts[one] - LENGTH) + abs(counts[two] - LENGTH)
            if best is None or cost < best[0]:
                best = (cost, one, two)
    if best is None or best[0] > LENGTH:
        return None
    return best[1], best[2]


@dataclass(frozen=True, slots=True)
class _Glyph:
    x0: int
    x1: int
    y0: int
    y1: int

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


def _glyphs(mask: npt.NDArray[np.uint8], top: int, bottom: int) -> list[_Glyph]:
    """The glyphs of the text line in rows ``top:bottom``, left to right; pieces of
    one broken glyph (overlapping across) are joined."""
    band = np.ascontiguousarray(mask[top:bottom])
    count, _, stats, _ = cv2.connectedComponentsWithStats(band, connectivity=8)
    line_h = bottom - top
    width = band.shape[1]
    # Not glyphs: specks, and blobs cut by the band's sides (the page's edge,
    # the table beyond it).
    pieces = [
        _Glyph(int(x), int(x + w), int(y) + top, int(y + h) + top)
        for x, y, w, h, _ in stats[1:count]
        if (h >= _MIN_GLYPH_SHARE * line_h * 0.8 or w >= _MIN_GLYPH_SHARE * line_h)
        and x > 0
        and x + w < width
        and w < 2 * line_h
    ]
    pieces.sort(key=lambda g: g.x0)
    joined: list[_Glyph] = []
    for g in pieces:
        if joined and g.x0 < joined[-1].x1 - 0.3 * (g.x1 - g.x0):
            last = joined[-1]
            joined[-1] = _Glyph(
                min(last.x0, g.x0), max(last.x1, g.x1), min(last.y0, g.y0), max(last.y1, g.y1)
            )
        else:
            joined.append(g)
    return joined


def _cells(centres: list[float], cap: float) -> tuple[list[float] | None, float]:
    """The centre of each of the 44 positions of a line, from the glyph centres
    found (left to right), and the pitch.

    The pitch is the usual distance between neighbours (OCR-B is fixed-pitch);
    each glyph takes the position its distance from the previous one says, so a
    glyph lost (two run together, one too faint) leaves its cell empty instead
    of shifting the rest of the line. Of the positions found, the 44 in a row
    holding most glyphs are the line (a speck before it or after it is left
    out); an empty cell is placed one pitch from its neighbour."""
    steps = [b - a for a, b in itertools.pairwise(centres) if 0.5 * cap <= b - a <= 1.5 * cap]
    if len(steps) < LENGTH // 2:
        return None, 0.0
    pitch = float(np.median(steps))
    positions = [0]
    for a, b in itertools.pairwise(centres):
        positions.append(positions[-1] + max(1, round((b - a) / pitch)))
    span = positions[-1]
    offset = max(
        range(max(1, span - LENGTH + 2)),
        key=lambda o: sum(o <= p < o + LENGTH for p in positions),
    )
    found = {
        p - offset: c for p, c in zip(positions, centres, strict=True) if 0 <= p - offset < LENGTH
    }
    if len(found) < LENGTH * 0.8:
        return None, pitch
    cells: list[float] = []
    for i in range(LENGTH):
        if i in found:
            cells.append(found[i])
        elif cells:
            cells.append(cells[-1] + pitch)
        else:
            nxt = min(k for k in found if k > i)
            cells.append(found[nxt] - (nxt - i) * pitch)
    return cells, pitch


_LineRead = tuple[str, tuple[float, ...], tuple[dict[str, float], ...]]
# One glyph's windows, one row each (see :func:`_glyph_windows`).
_Windows = npt.NDArray[np.float32]


def _read_line(
    strength: npt.NDArray[np.float32],
    mask: npt.NDArray[np.uint8],
    rows: tuple[int, int],
    allowed: list[str],
    *,
    fit_blur: bool = False,
) -> _LineRead | None:
    """The line in ``rows``, each glyph matched against the templates ``allowed``
    at its position; with ``fit_blur``, templates blurred as much as the line
    is (the best fitting of :data:`BLURS`), else the sharpest.

    A phone photo blurs a glyph more than the templates' own smoothing, and a
    sharp template matches a blurred glyph by its strongest strokes: E's foot,
    spread thin, lost to F (dev hard photos, seeds 2975 and 2976: HASFGAWA,
    INOF, KFN). Compared with templates blurred as much as the line is, the foot
    counts again."""
    glyphs = _glyphs(mask, *rows)
    if len(glyphs) < LENGTH // 2:
        return None
    heights = sorted(g.y1 - g.y0 for g in glyphs)
    cap = heights[int(len(heights) * 0.8)]
    tall = [g for g in glyphs if g.y1 - g.y0 >= 0.85 * cap] or glyphs
    # The cap line and the baseline as straight lines across the row: a zone a
    # degree off level drifts by a glyph's bar from one end to the other.
    xs = np.array([g.cx for g in tall])
    tops = np.array([g.y0 for g in tall], dtype=np.float64)
    bottoms = np.array([g.y1 for g in tall], dtype=np.float64)
    if len(tall) >= 4 and float(np.ptp(xs)) > 0:
        top_fit = np.polyfit(xs, tops, 1)
        bottom_fit = np.polyfit(xs, bottoms, 1)
    else:
        top_fit = np.array([0.0, float(np.median(tops))])
        bottom_fit = np.array([0.0, float(np.median(bottoms))])
    cells, pitch = _cells([g.cx for g in glyphs], cap)
    if cells is None:
        return None
    caps = [(float(np.polyval(top_fit, c)), float(np.polyval(bottom_fit, c))) for c in cells]

    def cut(rise: float, scale: float, shifts: Sequence[float]) -> list[_Windows]:
        return [
            _glyph_windows(strength, cx, *cap, pitch, rise, scale, shifts)
            for cx, cap in zip(cells, caps, strict=True)
        ]

    # The window's height and place are chosen for the line with the glyphs as
    # centred, then each glyph is looked for across (:data:`_WINDOW_SHIFTS`).
    rise, scale = max(
        itertools.product(_WINDOW_RISES, _WINDOW_SCALES),
        key=lambda placing: _fit(_matched(cut(placing[0], placing[1], (0.0,)), BLURS[0], allowed)),
    )
    windows = cut(rise, scale, _WINDOW_SHIFTS)
    sharp = _matched(windows, BLURS[0], allowed)
    if not fit_blur:
        return sharp
    # The blur that fits the line best: the highest mean score of its glyphs' reads.
    text, margins, options = max(
        (sharp, *(_matched(windows, blur, allowed) for blur in BLURS[1:])), key=_fit
    )
    if options is sharp[2]:
        return sharp
    # A glyph is as sure as the sharpest templates also hold it, never surer: a
    # smudge over one glyph fits a blurred template of another letter well (Y
    # read as M: a safety review measured 11 sure misreadings of 420 smudged
    # names where sharp templates made 1), so blurred templates may say which
    # letter it is, not that it is that letter beyond doubt.
    capped = tuple(
        max(0.0, min(margin, _margin_of(sharp[2][i], ch)))
        for i, (ch, margin) in enumerate(zip(text, margins, strict=True))
    )
    return text, capped, options


def _margin_of(scores: dict[str, float], ch: str) -> float:
    """How far ``ch``'s score lies above the best other's (negative: below it)."""
    others = [score for other, score in scores.items() if other != ch]
    return scores[ch] - max(others) if others else scores[ch]


def _fit(read: _LineRead) -> float:
    """How well a line's glyphs fit their best templates: the mean best score."""
    return sum(max(scores.values()) for scores in read[2]) / LENGTH


def _glyph_windows(
    strength: npt.NDArray[np.float32],
    cx: float,
    top: float,
    bottom: float,
    pitch: float,
    rise: float,
    scale: float,
    shifts: Sequence[float],
) -> _Windows:
    """The normalised windows of one glyph (rows), its cap height moved down by
    ``rise`` and scaled by ``scale`` about its middle, its centre moved across
    by each of ``shifts`` (shares of the pitch)."""
    cap = bottom - top
    middle = (top + bottom) / 2 + rise * cap
    half = scale * cap / 2
    return np.stack(
        [
            _normalise(
                template_window(strength, cx + shift * pitch, middle - half, middle + half, pitch)
            ).ravel()
            for shift in shifts
        ]
    )


def _matched(windows: list[_Windows], blur: float, allowed: list[str]) -> _LineRead:
    """Each glyph's best template among those ``allowed`` at its position (each
    template scoring its best over the glyph's windows), with its margin over the
    second and every template's score; templates blurred by ``blur``."""
    rows = _template_rows(blur)
    text: list[str] = []
    margins: list[float] = []
    options: list[dict[str, float]] = []
    for i, window in enumerate(windows):
        chars = allowed[i]
        best_of = (window @ rows[[_INDEX[ch] for ch in chars]].T).max(axis=0)
        scores = sorted(zip(best_of.tolist(), chars, strict=True), reverse=True)
        best = scores[0]
        # A position with one allowed character (the P of line 1) is as sure as
        # its glyph is like that character.
        second = scores[1][0] if len(scores) > 1 else 0.0
        text.append(best[1])
        margins.append(best[0] - second)
        options.append({ch: score for score, ch in scores})
    return "".join(text), tuple(margins), tuple(options)


# The slopes tried when levelling a zone (degrees), and how much more the best of
# them must concentrate the ink in rows than the band as it lies.
_SLOPES = tuple(float(a) for a in np.arange(-4.0, 4.01, 0.25))
_MIN_SLOPE = 0.5
_SLOPE_GAIN = 1.2


def _slope_degrees(mask: npt.NDArray[np.uint8]) -> float | None:
    """The slope of the text rows in ``mask`` (degrees, counter-clockwise
    positive, as ``cv2.getRotationMatrix2D`` takes it), by the projection
    profile: levelled, the rows' ink sums are most unequal (ink in the lines, none
    between). ``None`` when the rows lie level to within :data:`_MIN_SLOPE`, or no
    slope concentrates the ink clearly more than none."""
    small = cv2.resize(mask, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    h, w = small.shape
    centre = (w / 2, h / 2)

    def spread(angle: float) -> float:
        turn = cv2.getRotationMatrix2D(centre, angle, 1.0)
        turned = cv2.warpAffine(small, turn, (w, h), flags=cv2.INTER_NEAREST)
        return float(np.var(turned.sum(axis=1, dtype=np.float64)))

    level = spread(0.0)
    best = max(_SLOPES, key=spread)
    # ``<=``: a band with no ink spreads nothing at any slope.
    if abs(best) < _MIN_SLOPE or spread(best) <= _SLOPE_GAIN * level:
        return None
    return best


def _levelled(gray: npt.NDArray[np.uint8], angle: float) -> npt.NDArray[np.uint8]:
    """``gray`` turned by ``angle`` degrees about its centre, the corners filled
    from its edges (so that no black wedge reads as ink)."""
    h, w = gray.shape
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    turned = cv2.warpAffine(
        gray, turn, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    return np.ascontiguousarray(turned, dtype=np.uint8)


def read_mrz(gray: npt.NDArray[np.uint8], *, local_contrast: bool = False) -> MrzLines | None:
    """The two TD3 lines in ``gray`` (the zone's band of a rectified passport page,
    8-bit grey), or ``None`` when two text lines of glyphs are not found there.
    ``local_contrast`` measures each glyph's ink against the print near it (a zone
    under glare at one end; see :func:`_ink`)."""
    if gray.ndim != 2 or gray.shape[0] < 20 or gray.shape[1] < 200:
        return None
    strength, mask = _ink(gray, local_contrast=local_contrast)
    rows = _zone_rows(mask)
    if rows is None:
        # A page outline a degree or two off (its edge taken on the cloth below
        # it) leaves the zone sloping across the band: 1.5 degrees over a band
        # 1700 px wide lifts a line's end by 45 px, more than the gap between the
        # two lines, and no blank row parts them (dev hard photo, seed 2976,
        # request 5: a legible zone "not found"). Levelled, the rows part.
        angle = _slope_degrees(mask)
        if angle is None:
            return None
        gray = _levelled(gray, angle)
        strength, mask = _ink(gray, local_contrast=local_contrast)
        rows = _zone_rows(mask)
        if rows is None:
            return None
    # Line 1 (the name, no check digit) with templates blurred as the line is
    # (on 600 degraded renders: 275 lines read exactly against 249 with the
    # sharpest, 935 glyphs wrong against 1,032). Line 2 with the sharpest, as it
    # always was: its check digits would tell which blur read it right, but
    # picking among readings by them picks misreadings that happen to check too
    # (12 zones valid but wrong against 5, in the dates among them: 3 and 3
    # read as 8 and 8 under one check digit's weights).
    one = _read_line(
        strength, mask, rows[0], [_allowed_line1(i) for i in range(LENGTH)], fit_blur=True
    )
    if one is None:
        return None
    japanese = one[0][2:5] == "JPN"
    two = _read_line(
        strength, mask, rows[1], [_allowed_line2(i, japanese=japanese) for i in range(LENGTH)]
    )
    if two is None:
        return None
    return MrzLines(one[0], two[0], one[1], two[1], one[2], two[2])
