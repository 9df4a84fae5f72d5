"""Finding the document in a photo or scan and bringing it to a standard frame.

A phone photo shows the card at an angle on a table; Tesseract on the raw photo
loses the name line at phone resolutions and reads nothing upside down. So we
locate the card's outline, correct the perspective to the ID-1 aspect ratio
(85.60 x 53.98 mm) at 300 dpi (1011 x 638 px: value glyphs ~35-45 px tall, where
Tesseract's LSTM model reads best), and return it landscape. Whether it is upside
down is decided later by reading it (see :mod:`idverify.pipeline`), because only
the text says which way up a card is.

Only this module and the other image modules import OpenCV.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from idverify.image_io import RgbImage
from idverify.models import Box, OcrResult

__all__ = [
    "CARD_SIZE",
    "FRAME_SIZES",
    "ISO_SIZE",
    "PAGE_SIZE",
    "Crop",
    "Located",
    "apply_affine",
    "crop_for_ocr",
    "even_light",
    "gray_by_paper",
    "gray_without_marks",
    "has_marks",
    "is_portrait",
    "locate_document",
    "locate_documents",
    "print_spread",
    "quad_sides",
    "rectified_corners",
    "rectify",
    "rectify_upright",
    "register",
    "rotate90",
    "rotate180",
    "rotate_degrees",
    "text_skew_degrees",
    "to_gray_for_ocr",
]

# ID-1 at 300 dpi.
CARD_SIZE = (1011, 638)
_ID1_RATIO = 85.60 / 53.98
# The ISO 216 frame (√2): an A4 page at 150 dpi, or a passport's ID-3 photo page
# (125 × 88 mm, ratio 1.42) at ~356 dpi, where its MRZ glyphs are ~40 px tall.
ISO_SIZE = (1754, 1240)
_ISO_RATIO = 2**0.5
# An A4 page upright (a resident certificate) at 200 dpi, the resolution its
# ~3.5 mm value glyphs read best at; a page photographed by a phone has about that.
PAGE_SIZE = (1654, 2339)
FRAME_SIZES = {"id1": CARD_SIZE, "iso": ISO_SIZE, "page": PAGE_SIZE}
# An image taken whole (no outline found in it) is read at most this big: a page's
# frame. A phone's 8 MP photo read whole took Tesseract 9-16 s a turn, four turns
# where nothing was recognised (a certificate cut off by the photo's edge, seed
# 2990: 66 s for one request; every other request of 66 took under 13 s).
_WHOLE_MAX_PIXELS = PAGE_SIZE[0] * PAGE_SIZE[1]
# An outline whose long/short ratio is under this may be an ISO page rather than
# an ID-1 card seen at a tilt (a card tilted 10 degrees still measures ~1.56):
# it is rectified both ways, the nearer shape first.
_ISO_MAX_RATIO = 1.52
# The working size for the outline search: large enough to keep the card's edges,
# small enough that the search takes a few milliseconds.
_DETECT_LONG_SIDE = 900
# A card smaller than this share of the photo is too far away to read.
_MIN_AREA_SHARE = 0.06
# Aspect ratios (long/short side of the rectified quadrilateral) accepted as a card.
# Perspective of up to ~30 degrees distorts the apparent ratio by up to ~15 %.
# The lower bound keeps out the holder's photo on the card (24x30 mm, 1.25) while
# still admitting a card foreshortened by a ~30 degree tilt (1.586 x cos 30 = 1.37).
_RATIO_RANGE = (1.35, 2.0)
# An A4 page (√2) photographed at a ~25-30 degree slant measures down to
# 1.414 x cos 30 = 1.22 (a dev hard photo: 1.32, its outline found exactly and
# refused). The holder's photo that the lower bound above keeps out is never
# this large a share of the picture (under 0.16 of a card filling the frame):
# a quad of at least _LARGE_SHARE of the picture may measure down to this.
_LARGE_MIN_RATIO = 1.2
_LARGE_SHARE = 0.25
# A passport page (√2) seen at a 25° slant measures 1.28 even when it is small in
# the photo (a dev hard photo, on a dark desk: 1.32-1.34, refused). A smaller
# outline measuring under the card bound is taken when it holds most of the
# photo's print: the holder's photo holds none of it.
_SQUAT_COVERAGE = 0.6
# Aspect ratios of an image that may be a tightly cropped card (ID-1 +- 8 %), or
# a page of the ISO shape with a scanner's margin around it.
_CROPPED_RATIO = (1.46, 1.72)
_CROPPED_ISO_RATIO = (1.36, 1.52)  # not 4:3 (1.33), the shape of phone photos
# Sobel magnitude (on 0-255 gray) that counts as an edge: a pale card on a white
# page still gives 40+, paper texture and JPEG noise stay under 25.
_EDGE_GRADIENT = 30.0
# The share of each side of a card that must lie on an edge. Fingers or glare may
# hide part of a side, hence not 1.
_MIN_EDGE_SUPPORT = 0.5
# How far inside a quad's side (detection pixels) the document's stock is looked
# for, and how much stronger in colour than the quad's middle it may be there
# (a page darkens towards its edges under a phone's vignetting).
_INNER_STRIP_PX = 4.0
_PAPER_SPREAD = 1.6
# A weaker edge outside the strongest one is still the card's edge (the strongest
# may be a printed frame inside it) if it has at least this share of its strength.
_OUTER_EDGE_SHARE = 0.3
# Colour strength (max of saturation and darkness, 0-255) under which a
# neighbourhood counts as pale card: the cards' tinted backgrounds stay under 20,
# a tablecloth's checks (even beige ones) reach 60 and more.
_PALE_COLOUR = 45
# A second pale bound, at this share of the cloth's palest (its local colour along
# the photo's border): on a yellow-on-white check the cloth is over ~80-110 at its
# palest while a card's bold print and colour lift most of it over 45 (its inside
# 45-75). On 480 dev hard photos, first outlines right 361 -> 369.
_CLOTH_SHARE = 0.7
# Documents on one image (an A4 scan of a card's front and back, or of two cards):
# at most this many; another outline counts when it shares at most _MAX_OVERLAP of
# its area with one already taken and scores at least _OTHER_DOCUMENT_SCORE of the
# best (a card's printed frame or photo inside it overlaps it whole).
_MAX_DOCUMENTS = 3
_MAX_OVERLAP = 0.1
_OTHER_DOCUMENT_SCORE = 0.2
# The widest coloured band printed across a card (a license's validity band:
# ~4 % of the card's long side), as a share of the photo's long side, with room
# for a card that fills the photo.
_BAND_SHARE = 0.06
# How far apart (share of the card's width and height) the labels that register
# a card must lie.
_MIN_ANCHOR_SPREAD = 0.3
# How far (share of the card's width) a label may sit from where the fitted map
# puts it: an affine map only approximates a card seen in perspective, and the
# caller keeps the result only if the card then reads better.
_ANCHOR_FIT = 0.03
# Corners this close to the image border (share of its long side) mark a blob that
# ran off the picture; phone vignetting puts false edges up to ~2 % inside it.
_BORDER_MARGIN = 0.025
# How far (detection pixels) a fitted corner may fall outside the picture: a line
# fit may overshoot a corner cut by the border by a pixel or two, no more.
_OUTSIDE_PX = 3.0
# The grid (long side, pixels) on which the paper's brightness is estimated.
_LIGHT_GRID = 240
# Black-hat response (gray levels) that marks a pixel as part of a printed stroke.
_TEXT_CONTRAST = 40
# The dilation that joins an edge's broken Canny pixels into a line.
_EDGE_KERNEL = cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5))
# How much of its minimum-area rectangle a blob must fill to be taken as a card.
_MIN_RECTANGULARITY = 0.85
# The straight-edge search (the last resort, for a document that touches another
# paper): edges at least this share of the image's long side may be its sides, the
# longest so many of them; opposite sides of a card tilted up to 25 degrees
# converge by under _PARALLEL_DEGREES, adjacent ones meet at over _CORNER_DEGREES.
_SIDE_SHARE = 0.12
_MAX_SIDES = 24
_PARALLEL_DEGREES = 20.0
_CORNER_DEGREES = 50.0
# Segments within this angle and distance (px at the working size) are one edge.
_SAME_EDGE_DEGREES = 2.0
_SAME_EDGE_PX = 4.0
# An outline whose intersection with one already tried is more than this share of
# their union is the same outline (an outline inside a larger one tried is not).
_SAME_OUTLINE = 0.8


@dataclass(frozen=True, slots=True)
class Located:
    """A rectified document image and where it was found.

    ``corners`` are the four corners (top-left, top-right, bottom-right,
    bottom-left) in the pixels of the input image, or ``None`` when the whole
    image was taken as the document.
    """

    image: RgbImage
    corners: npt.NDArray[np.float32] | None
    # "id1" (a card), "iso" (a landscape ISO page: a passport's), "page" (a portrait
    # A4 page) or "whole" (the image as it was).
    frame: str = "id1"


def locate_document(image: RgbImage) -> list[Located]:
    """Where the document may be in ``image``, most likely first, rectified.

    A card outline found in the image comes first. An image that is itself
    card-shaped may be an already cropped card, with nothing around it to find an
    edge against; then the whole image is a candidate too, and the caller decides
    by reading both (an outline found inside a cropped card is its photo or a
    printed frame). An image with neither is returned as it is: a page or an
    unknown document, to be recognised as a whole.
    """
    return locate_documents(image)[0]


def locate_documents(image: RgbImage) -> list[list[Located]]:
    """Every document ``image`` may hold, each as :func:`locate_document`'s list of
    candidates: the first is the most likely document (and what an image with no
    outline is taken as); the others are further outlines apart from it (the
    back of a card scanned beside its front on one A4 page), which the caller
    keeps only if they read as documents."""
    quads = _card_quads(image)
    first = _locate_first(image, quads[0] if quads else None)
    return [first, *(_rectified(image, q) for q in quads[1:])]


def is_camera_frame(image: RgbImage) -> bool:
    """Whether ``image`` has a camera's shape (4:3, 16:9) rather than a card's or
    a page's: a photo a document was to be found in, not a cropped or scanned one."""
    h, w = image.shape[:2]
    ratio = max(h, w) / max(1, min(h, w))
    return not _CROPPED_ISO_RATIO[0] <= ratio <= _CROPPED_RATIO[1]


def locate_by_sides(
    image: RgbImage, tried: Sequence[npt.NDArray[np.float32]] = ()
) -> list[Located]:
    """The best document outline in ``image`` made of four straight edges
    (:func:`_side_quads`) other than the outlines ``tried`` (corners in the pixels
    of ``image``), rectified as :func:`locate_document` does; ``[]`` if none.

    For a found outline that read as nothing: the outline search took a paper
    lying against the document (its blob held both, or only the paper), while the
    document's four sides are still straight edges of the photo."""
    small, scale = _working_size(image)
    scorer = _QuadScorer(small, _colour_strength(small))
    others = [np.asarray(q, dtype=np.float32) * scale for q in tried]
    # As they lie: snapped outwards, a side walks onto the edge of the paper the
    # document touches (on 30 cluttered-table photos each, licenses found 3 -> 1,
    # passports 2 -> 0 of those the first outline missed).
    scored = _scored_sides(small, scorer, snapped=False)
    for _, quad in sorted(scored, key=lambda sq: -sq[0]):
        if all(_union_share(quad, other) <= _SAME_OUTLINE for other in others):
            return _rectified(image, _order_corners(quad / scale))
    return []


def _working_size(image: RgbImage) -> tuple[RgbImage, float]:
    """``image`` shrunk to the outline search's working size, and the scale."""
    h, w = image.shape[:2]
    scale = _DETECT_LONG_SIDE / max(h, w)
    small = np.asarray(
        cv2.resize(image, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA),
        dtype=np.uint8,
    )
    return small, scale


def _rectified(image: RgbImage, quad: npt.NDArray[np.float32]) -> list[Located]:
    """The outline ``quad`` rectified in each shape it may be, likeliest first."""
    ratio = _quad_ratio(quad)
    frames = ["id1"]
    if ratio < _ISO_MAX_RATIO:
        # A passport's page (landscape) or an A4 page (portrait): which one
        # lies sideways in the photo only reading tells. Upright in the photo,
        # an A4 page is the likelier; lying landscape, a passport page. (A
        # shape nearer ID-1 is a card at a tilt, or a passport page.)
        if abs(ratio - _ISO_RATIO) < abs(ratio - _ID1_RATIO):
            frames = ["page", "iso", "id1"] if is_portrait(quad) else ["iso", "page", "id1"]
        else:
            frames = ["id1", "iso"]
    return [Located(rectify(image, quad, f), quad, f) for f in frames]


def _locate_first(image: RgbImage, quad: npt.NDArray[np.float32] | None) -> list[Located]:
    candidates: list[Located] = []
    if quad is not None:
        candidates += _rectified(image, quad)
    h, w = image.shape[:2]
    ratio = max(w, h) / min(w, h)
    landscape = image if w >= h else np.ascontiguousarray(np.rot90(image, k=-1))
    crops: list[Located] = []
    if _CROPPED_RATIO[0] <= ratio <= _CROPPED_RATIO[1]:
        resized = cv2.resize(landscape, CARD_SIZE, interpolation=cv2.INTER_AREA)
        crops.append(Located(np.ascontiguousarray(resized), None))
    if _CROPPED_ISO_RATIO[0] <= ratio <= _CROPPED_ISO_RATIO[1] and w >= h:
        # A landscape image of about √2: a scanned passport page, its edge lost
        # against the white scanner lid. (A portrait page is taken whole, below.)
        resized = cv2.resize(landscape, ISO_SIZE, interpolation=cv2.INTER_AREA)
        iso = Located(np.ascontiguousarray(resized), None, "whole")
        crops.insert(0 if abs(ratio - _ISO_RATIO) < abs(ratio - _ID1_RATIO) else 1, iso)
    candidates += crops
    if not candidates:
        candidates.append(Located(_at_most_a_page(image), None, "whole"))
    return candidates


def _at_most_a_page(image: RgbImage) -> RgbImage:
    """``image`` shrunk to :data:`_WHOLE_MAX_PIXELS` if it is larger, else itself."""
    h, w = image.shape[:2]
    if h * w <= _WHOLE_MAX_PIXELS:
        return image
    scale = (_WHOLE_MAX_PIXELS / (h * w)) ** 0.5
    size = (max(1, int(w * scale)), max(1, int(h * scale)))
    return np.ascontiguousarray(cv2.resize(image, size, interpolation=cv2.INTER_AREA))


def rectify(image: RgbImage, quad: npt.NDArray[np.float32], frame: str) -> RgbImage:
    """The document inside ``quad`` warped to the ``frame``'s size and orientation
    (landscape for a card or a passport page, portrait for an A4 page): a quad
    lying the other way is turned a quarter, so the result may be upside down."""
    return rectify_upright(image, rectified_corners(quad, frame), FRAME_SIZES[frame])


def rectified_corners(quad: npt.NDArray[np.float32], frame: str) -> npt.NDArray[np.float32]:
    """The corners of ``quad`` (TL, TR, BR, BL as seen in the photo) in the order of
    the corners of ``rectify(…, quad, frame)``'s result.

    After a further turn of that result by ``k`` quarters clockwise, the result's
    corners are ``np.roll(rectified_corners(quad, frame), k, axis=0)``: a clockwise
    quarter turn brings the bottom-left corner to the top left.
    """
    w, h = FRAME_SIZES[frame]
    if is_portrait(quad) != (h > w):
        # The quad's left side becomes the result's top edge (a quarter turn clockwise).
        return np.roll(quad, 1, axis=0)
    return quad


def rectify_upright(
    image: RgbImage, corners: npt.NDArray[np.float32], size: tuple[int, int]
) -> RgbImage:
    """``image`` warped so that ``corners`` (TL, TR, BR, BL) become the corners of
    an image of ``size``, whatever way they lie in ``image``."""
    w, h = size
    dst = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(corners.astype(np.float32), dst)
    warped = cv2.warpPerspective(image, matrix, (w, h), flags=cv2.INTER_CUBIC)
    return np.ascontiguousarray(warped)


def quad_sides(quad: npt.NDArray[np.float32]) -> tuple[float, float]:
    """Mean width and height of ``quad`` (TL, TR, BR, BL)."""
    tl, tr, br, bl = quad
    across = float(np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)) / 2
    down = float(np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2
    return across, down


def is_portrait(quad: npt.NDArray[np.float32]) -> bool:
    """Whether the outline ``quad`` (TL, TR, BR, BL) is taller than it is wide."""
    across, down = quad_sides(quad)
    return down > across


def _quad_ratio(quad: npt.NDArray[np.float32]) -> float:
    across, down = quad_sides(quad)
    return max(across, down) / max(min(across, down), 1e-6)


def register(
    observed: list[tuple[float, float]], template: list[tuple[float, float]]
) -> npt.NDArray[np.float64] | None:
    """The affine map from observed label positions to their places on the card's
    layout, or ``None`` when the labels do not agree on one.

    Used when the outline search went wrong (a card on a checked cloth): the printed
    labels still say where the card is.
    """
    # Three points fit an affine map exactly, so they prove nothing: a fourth
    # label that agrees is the evidence.
    if len(observed) < 4:
        return None
    src = np.array(observed, dtype=np.float32).reshape(-1, 1, 2)
    dst = np.array(template, dtype=np.float32).reshape(-1, 1, 2)
    matrix, inliers = cv2.estimateAffine2D(
        src, dst, method=cv2.RANSAC, ransacReprojThreshold=_ANCHOR_FIT * CARD_SIZE[0]
    )
    if matrix is None or inliers is None or int(inliers.sum()) < 4:
        return None
    # Labels in one column (氏名, 住所, 交付, 番号) fit any horizontal stretch: the
    # agreeing labels must spread across the card both ways.
    agreeing = dst.reshape(-1, 2)[inliers.ravel().astype(bool)]
    spread = np.ptp(agreeing, axis=0)
    if (
        spread[0] < _MIN_ANCHOR_SPREAD * CARD_SIZE[0]
        or spread[1] < _MIN_ANCHOR_SPREAD * CARD_SIZE[1]
    ):
        return None
    scale = float(np.sqrt(abs(np.linalg.det(matrix[:, :2]))))
    if not 0.2 <= scale <= 5.0:
        return None
    return np.asarray(matrix, dtype=np.float64)


def apply_affine(image: RgbImage, matrix: npt.NDArray[np.float64]) -> RgbImage:
    """``image`` mapped by ``matrix`` onto the standard card frame."""
    warped = cv2.warpAffine(
        image, matrix, CARD_SIZE, flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )
    return np.ascontiguousarray(warped)


def text_skew_degrees(ocr: OcrResult, min_words: int = 3) -> float | None:
    """The median slope, in degrees (positive: rows fall to the right), of the OCR
    lines that have at least ``min_words`` words spread over a third of the page;
    ``None`` when no line qualifies. Fitted through the words' bottom-centres."""
    angles: list[float] = []
    for line in ocr.lines:
        boxes = [w.box for w in line.words]
        if len(boxes) < min_words:
            continue
        xs = np.array([b.x + b.w / 2 for b in boxes], dtype=np.float64)
        ys = np.array([b.y + b.h for b in boxes], dtype=np.float64)
        if xs.max() - xs.min() < ocr.width / 3:
            continue
        slope = float(np.polyfit(xs, ys, 1)[0])
        angles.append(float(np.degrees(np.arctan(slope))))
    if not angles:
        return None
    return float(np.median(angles))


def rotate_degrees(image: RgbImage, angle: float) -> RgbImage:
    """``image`` turned by ``angle`` degrees about its centre, undoing a slope of
    ``angle`` (as :func:`text_skew_degrees` measures it); edges replicated."""
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    turned = cv2.warpAffine(
        image, matrix, (w, h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )
    return np.ascontiguousarray(turned, dtype=np.uint8)


def rotate180(image: RgbImage) -> RgbImage:
    """The image turned upside down."""
    return np.ascontiguousarray(image[::-1, ::-1])


def rotate90(image: RgbImage) -> RgbImage:
    """The image turned a quarter clockwise."""
    return np.ascontiguousarray(np.rot90(image, k=-1))


def to_gray_for_ocr(image: RgbImage) -> npt.NDArray[np.uint8]:
    """Grayscale with the background pattern and glare flattened.

    Security patterns and uneven light cost Tesseract more than colour helps it,
    so we divide by a heavy blur (background estimate) to even out the
    illumination and keep the text dark on white.
    """
    return _evened(np.asarray(cv2.cvtColor(image, cv2.COLOR_RGB2GRAY), np.uint8))


def _evened(gray: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    background = cv2.medianBlur(gray, 31)
    norm = cv2.divide(gray, background, scale=255)
    return np.ascontiguousarray(norm.astype(np.uint8))


def has_marks(image: RgbImage) -> bool:
    """Whether ``image`` shows a QR code or a blacked-out field that
    :func:`gray_without_marks` would paint over."""
    gray = np.asarray(cv2.cvtColor(image, cv2.COLOR_RGB2GRAY), np.uint8)
    return _code_quad(gray) is not None or _blocks_as_paper(gray) is not gray


def gray_without_marks(image: RgbImage) -> npt.NDArray[np.uint8]:
    """:func:`to_gray_for_ocr` with a QR code and the solid blacked-out fields
    painted the paper's level first (:func:`_code_quad`, :func:`_blocks_as_paper`).

    Either block loses Tesseract the rows beside it: a clean A4 copy of a My
    Number back read as 美咲 / zk / 丘 林森, its labels 個人番号 and 個人番号カード lost
    to its QR code; a marker over its number made the label beside it 商靖区舎人本号
    (dev A4 scan, seed 2981, request 73). Only to tell what a document nothing else
    recognised is: its fields and sensitive values are read from
    :func:`to_gray_for_ocr`'s grey, as every document's are."""
    gray = np.asarray(cv2.cvtColor(image, cv2.COLOR_RGB2GRAY), np.uint8)
    quad = _code_quad(gray)
    if quad is not None:
        # Grown by a tenth about its centre: the finder squares' blur is no print.
        centre = quad.mean(axis=0)
        grown = (centre + (quad - centre) * 1.1).round().astype(np.int32)
        gray = gray.copy()
        cv2.fillConvexPoly(gray, grown, round(float(np.percentile(gray, _PAPER_PERCENTILE))))
    return _evened(_blocks_as_paper(gray))


# A QR code is square (its sides within this share of each other) and small (at
# most this share of the image): OpenCV's detector also "finds" codes in a
# certificate's table or an insurance card's print, up to half the card.
_CODE_SQUARENESS = 0.15
_CODE_MAX_SHARE = 0.1


def _code_quad(gray: npt.NDArray[np.uint8]) -> npt.NDArray[np.float32] | None:
    """The corners of the QR code in ``gray`` (OpenCV's detector: its three finder
    squares), or ``None`` without one that is square and small."""
    if min(gray.shape[:2]) < 21:
        return None
    found, corners = cv2.QRCodeDetector().detect(gray)
    if not found or corners is None:
        return None
    quad = np.asarray(corners, dtype=np.float32).reshape(-1, 2)
    if quad.shape[0] != 4:
        return None
    sides = [float(np.linalg.norm(quad[i] - quad[(i + 1) % 4])) for i in range(4)]
    diagonals = [float(np.linalg.norm(quad[0] - quad[2])), float(np.linalg.norm(quad[1] - quad[3]))]
    area = abs(float(cv2.contourArea(quad)))
    if (
        min(sides) < (1 - _CODE_SQUARENESS) * max(sides)
        or min(diagonals) < (1 - _CODE_SQUARENESS) * max(diagonals)
        or area > _CODE_MAX_SHARE * gray.shape[0] * gray.shape[1]
    ):
        return None
    return quad


# A blacked-out field (a marker over the individual number, a bar over 本籍) is a
# solid area darker than this share of the paper's level, at least this many
# pixels across; where such areas cover more than the last share of the image,
# they are a dark table or a dim photo, not a field blacked out.
_BLOCK_DARKNESS = 0.3
_BLOCK_SIZE = 25
_BLOCK_MAX_SHARE = 0.3
_PAPER_PERCENTILE = 95
# A block whose middle level lies more than this above its darkest pixels (2nd
# percentile) shows print through it: a solid marker's spread is under 10.
_BLOCK_PRINT = 12.0


def print_spread(levels: npt.NDArray[Any]) -> float:
    """How far the middle grey level of a dark block's pixels lies above its
    darkest (2nd percentile); 0 for no pixels. A solid marker's noise spreads it by
    under 10; print showing through a translucent marker, by 30 or more."""
    if levels.size == 0:
        return 0.0
    return float(np.median(levels)) - float(np.percentile(levels, 2))


def _blocks_as_paper(gray: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    """``gray`` with its blacked-out fields painted the paper's level, for OCR.

    A marker's block beside a label makes Tesseract read the line as garbage
    (the label 個人番号 beside the blacked-out number of a My Number back was
    read as 商靖区舎人本号, and the back not recognised: a dev A4 scan, seed 2981,
    request 73, failed as UNSUPPORTED_DOCUMENT); painted over, the label reads.
    What the block hides stays hidden; only the OCR grey changes: the checks of
    whether a field is blacked out look at the image itself."""
    paper = float(np.percentile(gray, _PAPER_PERCENTILE))
    dark = (gray < _BLOCK_DARKNESS * paper).astype(np.uint8)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (_BLOCK_SIZE, _BLOCK_SIZE))
    blocks = cv2.morphologyEx(dark, cv2.MORPH_OPEN, kernel)
    covered = int(np.count_nonzero(blocks))
    if covered == 0 or covered > _BLOCK_MAX_SHARE * gray.size:
        return gray
    # A marker that lets print show through (a dark grey over black digits) is
    # no blackout: painted, the digits it leaves legible would be hidden from
    # the OCR that checks them. Solid, a block's darkest pixels lie within a few
    # levels of its middle.
    count, labels = cv2.connectedComponents(blocks)
    for k in range(1, count):
        if print_spread(gray[labels == k]) > _BLOCK_PRINT:
            blocks[labels == k] = 0
    if not blocks.any():
        return gray
    # Two pixels more: the block's edge, softened by the capture, is no print either.
    blocks = cv2.dilate(blocks, np.ones((5, 5), np.uint8))
    out = gray.copy()
    out[blocks > 0] = round(paper)
    return out


# The darkest print of a page is this percentile of its OCR grey (print covers a
# few per cent of a page); on a sharp capture it is darker than _SHARP_PRINT.
_PRINT_PERCENTILE = 0.5
_SHARP_PRINT = 60.0
# Print fainter than the paper by less than this is not stretched (a blank or
# washed-out page: its noise would be).
_MIN_PRINT_CONTRAST = 40.0


FloatArray = npt.NDArray[np.floating[Any]]


def stretch_print(
    gray: FloatArray,
    paper: float,
    *,
    sharp: float,
    percentile: float,
    min_contrast: float,
) -> FloatArray | None:
    """``gray`` with its contrast stretched so that its darkest print (this
    ``percentile`` of its grey) is as dark as a sharp capture's (``sharp``), the
    ``paper`` level kept; ``None`` when the print is that dark already, or less
    than ``min_contrast`` under the paper (a blank or washed-out image: its noise
    would be stretched)."""
    darkest = float(np.percentile(gray, percentile))
    if darkest <= sharp or paper - darkest < min_contrast:
        return None
    gain = (paper - sharp) / (paper - darkest)
    stretched: FloatArray = paper - (paper - gray) * gain
    return stretched


def stretch_faint_print(gray: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    """An OCR grey page (paper at 255) whose darkest print is lighter than a sharp
    capture's, with its contrast stretched to bring it there (:func:`stretch_print`).

    A photo's blur spreads thin strokes into the paper: on a dev hard photo of a
    resident certificate the darkest 0.5 % of the page was ~160 (a scan: ~40),
    and Tesseract's LSTM, which reads grey levels, read the grey labels 住所 as
    侍 and 氏名 as る; stretched, 住所 (79-96) and 氏名 (82-94). A page printed
    dark enough, or nearly blank, is returned as it is."""
    out = stretch_print(
        gray.astype(np.float32),
        255.0,
        sharp=_SHARP_PRINT,
        percentile=_PRINT_PERCENTILE,
        min_contrast=_MIN_PRINT_CONTRAST,
    )
    if out is None:
        return gray
    stretched: npt.NDArray[np.uint8] = np.clip(out + 0.5, 0, 255).astype(np.uint8)
    return stretched


def gray_by_paper(image: RgbImage) -> npt.NDArray[np.uint8]:
    """Grayscale for OCR, evened out by the paper's level (:func:`even_light`)
    rather than by a median as :func:`to_gray_for_ocr` is: a blurred bold glyph
    keeps its full darkness."""
    return np.ascontiguousarray(cv2.cvtColor(even_light(image), cv2.COLOR_RGB2GRAY))


def even_light(image: RgbImage) -> RgbImage:
    """``image`` with the light evened out across it: each pixel divided by the
    paper's brightness around it, so that the paper is white everywhere.

    A page photographed under a lamp is a fifth darker at one end than at the
    other, and thresholds taken from the paper's median then find rules and ink
    all over its darker half. The paper's brightness is the brightest level
    within ~1/12 of the page (no glyph, rule or blacked-out field is that wide),
    smoothed; unlike :func:`to_gray_for_ocr` it keeps large dark blocks dark.
    """
    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    h, w = gray.shape
    factor = max(1, round(max(h, w) / _LIGHT_GRID))
    grid = (max(1, w // factor), max(1, h // factor))
    small = cv2.resize(gray, grid, interpolation=cv2.INTER_AREA)
    size = max(3, round(max(small.shape) / 12) | 1)
    paper = cv2.dilate(small, np.ones((size, size), np.uint8))
    paper = cv2.GaussianBlur(paper.astype(np.float32), (0, 0), size / 2)
    paper = cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR)
    gain = 255.0 / np.maximum(paper, 1.0)
    out = image.astype(np.float32) * gain[..., None]
    return np.ascontiguousarray(np.clip(out, 0, 255).astype(np.uint8))


@dataclass(frozen=True, slots=True)
class Crop:
    """A region cut out for OCR, and how to map its pixels back."""

    image: npt.NDArray[np.uint8]
    x0: int
    y0: int
    scale: float
    pad: int

    def to_source(self, box: Box) -> Box:
        """``box`` (crop pixels) in the pixels of the image the crop was cut from."""
        return Box(
            round((box.x - self.pad) / self.scale) + self.x0,
            round((box.y - self.pad) / self.scale) + self.y0,
            round(box.w / self.scale),
            round(box.h / self.scale),
        )


def crop_for_ocr(
    gray: npt.NDArray[np.uint8], region: Box, *, scale: float = 1.0, pad: int = 12
) -> Crop | None:
    """The ``region`` of ``gray``, resized by ``scale`` and framed by a white border;
    ``None`` when the region lies outside the image.

    Tesseract's line finder wants some blank margin around a single line; without
    it the first and last glyphs are often dropped.
    """
    h, w = gray.shape[:2]
    x0, y0 = max(0, region.x), max(0, region.y)
    x1, y1 = min(w, region.x + region.w), min(h, region.y + region.h)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    part = gray[y0:y1, x0:x1]
    if scale != 1.0:
        interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
        part = np.asarray(
            cv2.resize(part, None, fx=scale, fy=scale, interpolation=interpolation), np.uint8
        )
    framed = cv2.copyMakeBorder(part, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)
    return Crop(np.ascontiguousarray(framed, dtype=np.uint8), x0, y0, scale, pad)


def _order_corners(pts: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Order four points as top-left, top-right, bottom-right, bottom-left."""
    s = pts.sum(axis=1)
    d = np.diff(pts, axis=1).ravel()
    ordered = np.array(
        [pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]],
        dtype=np.float32,
    )
    return ordered


def _find_card_quad(image: RgbImage) -> npt.NDArray[np.float32] | None:
    quads = _card_quads(image)
    return quads[0] if quads else None


class _QuadScorer:
    """Scores the quadrilaterals of candidate masks of one (downscaled) image."""

    def __init__(self, small: RgbImage, colour: npt.NDArray[np.uint8]) -> None:
        self.small = small
        self.colour = colour
        self.gradient = _gradient_magnitude(small)
        self.gray = np.asarray(cv2.cvtColor(small, cv2.COLOR_RGB2GRAY), dtype=np.int16)
        self.text = _text_pixels(small)
        self.text_total = max(1, int(np.count_nonzero(self.text)))
        # Several masks give the same blob outline (the card alone on a plain
        # table): each distinct outline is refined once.
        self._refined: dict[bytes, npt.NDArray[np.float32]] = {}

    def scored(
        self, masks: Sequence[tuple[npt.NDArray[np.uint8], bool]]
    ) -> list[tuple[float, npt.NDArray[np.float32]]]:
        """Every card-like outline of ``masks`` (each with whether its blobs'
        outlines are exact) with its score, unsorted."""
        scored: list[tuple[float, npt.NDArray[np.float32]]] = []
        for mask, exact in masks:
            for blob_quad in _quads_from_mask(mask):
                found = self.score(blob_quad, exact=exact)
                if found is not None:
                    scored.append(found)
        return scored

    def _refine(self, outline: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """:func:`_refine_quad` of ``outline``, ordered, computed once per outline."""
        key = np.asarray(outline, dtype=np.float32).tobytes()
        if key not in self._refined:
            self._refined[key] = _order_corners(_refine_quad(outline, self.small))
        return self._refined[key]

    def coverage(self, quad: npt.NDArray[np.float32]) -> float:
        """The share of the image's print that lies inside ``quad``."""
        inside = np.zeros(self.text.shape, dtype=np.uint8)
        cv2.fillConvexPoly(inside, quad.round().astype(np.int32), 1)
        return np.count_nonzero(self.text & inside.astype(bool)) / self.text_total

    def score(
        self, outline: npt.NDArray[np.float32], *, exact: bool, min_coverage: float = 0.0
    ) -> tuple[float, npt.NDArray[np.float32]] | None:
        """The score of one outline (refined onto the image's edges unless it is
        ``exact`` and lies on them), or ``None`` when it is no document's or holds
        under ``min_coverage`` of the image's print."""
        h, w = self.small.shape[:2]
        if _quad_score(outline, w, h, squat=True) <= 0:
            return None
        # An exact outline stands as it is where it lies on the image's edges
        # (a card's dark photo at its edge may cut into the pale blob).
        as_is = exact and _edge_support(outline, self.gradient) >= _MIN_EDGE_SUPPORT
        quad = outline if as_is else self._refine(outline)
        score = _quad_score(quad, w, h, squat=True)
        # Corners on the image border belong to a blob that ran off the
        # picture (the table, or a card cut off): not a card we can read whole.
        margin = _BORDER_MARGIN * max(h, w)
        xs, ys = quad[:, 0], quad[:, 1]
        on_border = (xs < margin) | (ys < margin) | (xs > w - 1 - margin)
        on_border |= ys > h - 1 - margin
        # A corner outside the picture is a line fit that ran along the
        # cloth's pattern past the card (gingham), not the card's corner.
        outside = (xs < -_OUTSIDE_PX) | (ys < -_OUTSIDE_PX) | (xs > w - 1 + _OUTSIDE_PX)
        outside |= ys > h - 1 + _OUTSIDE_PX
        if score <= 0 or int(on_border.sum()) >= 2 or outside.any():
            return None
        support = _edge_support(quad, self.gradient)
        if support < _MIN_EDGE_SUPPORT:
            return None
        # The card holds the text: a quad around the holder's photo, or a
        # printed frame inside the card, leaves much of it outside.
        coverage = self.coverage(quad)
        if coverage < min_coverage or (coverage < _SQUAT_COVERAGE and _quad_score(quad, w, h) <= 0):
            return None
        # (Coverage is of the whole image's text: a second card holds its own.)
        score *= support**2 * coverage * _inner_paper(quad, self.colour) ** 2
        return score, quad


def _card_quads(image: RgbImage) -> list[npt.NDArray[np.float32]]:
    """The document outlines in ``image``, best first: the best quadrilateral, then
    the best of those that do not overlap it (a second card on the same scan), and
    so on, at most :data:`_MAX_DOCUMENTS`."""
    small, scale = _working_size(image)
    colour = _colour_strength(small)
    scorer = _QuadScorer(small, colour)
    scored = scorer.scored(_candidate_masks(small, colour))
    best = max(scored, key=lambda sq: sq[0])[1] if scored else None
    if best is None or scorer.coverage(best) < _SQUAT_COVERAGE:
        # Nothing card-shaped, or only an outline holding little of the print (a
        # note on the table): a paper touching the document may have joined it
        # into a blob of no document's shape. An edge mask draws the document's
        # outline as a closed ring, and the inside of the ring is the document
        # alone (dev hard photos: a certificate lying on a letter; a license whose
        # corner lies on a page, where a note beside them was the best blob). Only
        # then, and scored against the blobs: on a card, the inside of its printed
        # frame is a ring's inside too.
        scored += scorer.scored([(_enclosed(edges), True) for edges in _edge_masks(small)])
    if scored and not _sound(max(scored, key=lambda sq: sq[0])[1], scorer):
        # The best outline runs off an edge or over the table somewhere: a blob
        # that merged the card with a note it lies on, or one cut short where a
        # glare washed the card into a pale cloth. The card's four sides may still
        # be straight edges of the photo; an outline of them that is sound all
        # round competes on score (dev hard photos, seeds 2975-2977: outlines
        # more than 8 % off 18 -> 14 of 156; fresh seeds 2983-2986: 21 -> 17 of
        # 208, none lost).
        sides = _scored_sides(small, scorer, snapped=False)
        scored += [sq for sq in sides if _sound(sq[1], scorer)]
    if not scored:
        # Still nothing: the document's edge ring is broken where another paper
        # lies against it (dev hard photos: a card overlapped by a note, a
        # passport page touching letters on a wooden table). Its four sides are
        # still straight edges of the photo; four of them that make a document's
        # outline, lying on edges all along, with its print inside, are it.
        # Snapped to the outermost edge: a passport page's side found along its
        # zone's last line cut that line off (a dev hard photo, seed 2963). Four
        # straight edges are everywhere on a cluttered table (letters, boards):
        # an outline of them that will stand for the document, instead of the
        # whole photo, must hold most of its print (a dev hard photo, seed 2960:
        # a letter above a residence card, where the whole photo read as the card).
        scored = _scored_sides(small, scorer, snapped=True, min_coverage=_SQUAT_COVERAGE)
    scored.sort(key=lambda sq: -sq[0])
    chosen: list[npt.NDArray[np.float32]] = []
    for score, quad in scored:
        if len(chosen) == _MAX_DOCUMENTS:
            break
        if chosen and (
            score < _OTHER_DOCUMENT_SCORE * scored[0][0]
            or any(_overlap(quad, other) > _MAX_OVERLAP for other in chosen)
        ):
            continue
        chosen.append(quad)
    return [_order_corners(q / scale) for q in chosen]


_Line = tuple[float, float, float]  # (angle in [0, pi), distance from the origin, length)


def _straight_edges(small: RgbImage) -> list[_Line]:
    """The longest straight edges of ``small`` (at most :data:`_MAX_SIDES`), each
    the collinear Hough segments merged: (angle, signed distance of the line from
    the origin along its normal, total length)."""
    long_side = max(small.shape[:2])
    segments = cv2.HoughLinesP(
        _canny_edges(small)[0],
        1,
        np.pi / 360,
        threshold=int(0.06 * long_side),
        minLineLength=_SIDE_SHARE * long_side,
        maxLineGap=0.01 * long_side,
    )
    if segments is None:
        return []
    lines: list[_Line] = []
    pieces = sorted(
        (np.asarray(seg, dtype=np.float64).reshape(4) for seg in segments),
        key=lambda seg: -float(np.hypot(seg[2] - seg[0], seg[3] - seg[1])),
    )
    for x0, y0, x1, y1 in pieces:
        angle = float(np.arctan2(y1 - y0, x1 - x0)) % np.pi
        distance = -x0 * np.sin(angle) + y0 * np.cos(angle)
        length = float(np.hypot(x1 - x0, y1 - y0))
        for k, (a, d, n) in enumerate(lines):
            turn = abs(angle - a)
            if min(turn, np.pi - turn) < np.radians(_SAME_EDGE_DEGREES):
                # The same edge seen across the angle's wrap has the opposite sign.
                same = d if turn < np.pi / 2 else -d
                if abs(distance - same) < _SAME_EDGE_PX:
                    lines[k] = (a, d, n + length)
                    break
        else:
            lines.append((angle, float(distance), length))
    lines.sort(key=lambda line: -line[2])
    return lines[:_MAX_SIDES]


def _scored_sides(
    small: RgbImage, scorer: _QuadScorer, *, snapped: bool, min_coverage: float = 0.0
) -> list[tuple[float, npt.NDArray[np.float32]]]:
    """The outlines of :func:`_side_quads` that lie on edges all round, scored;
    ``snapped``: each side moved to the outermost strong edge near it first;
    holding at least ``min_coverage`` of the image's print."""
    found = (
        scorer.score(quad, exact=not snapped, min_coverage=min_coverage)
        for quad in _side_quads(small)
        if _edge_support(quad, scorer.gradient) >= _MIN_EDGE_SUPPORT
    )
    return [f for f in found if f is not None]


def _meet(a: _Line, b: _Line) -> npt.NDArray[np.float64] | None:
    """Where two edges' lines cross, ``None`` if they are parallel."""
    (t1, d1, _), (t2, d2, _) = a, b
    # Each line: -x sin t + y cos t = d.
    matrix = np.array([[-np.sin(t1), np.cos(t1)], [-np.sin(t2), np.cos(t2)]])
    if abs(float(np.linalg.det(matrix))) < 1e-6:
        return None
    return np.asarray(np.linalg.solve(matrix, np.array([d1, d2])), dtype=np.float64)


def _side_quads(small: RgbImage) -> list[npt.NDArray[np.float32]]:
    """Every quadrilateral of a document's shape (down to the squat bound) that two
    pairs of nearly parallel straight edges of ``small`` make (:func:`_straight_edges`)."""
    lines = _straight_edges(small)
    h, w = small.shape[:2]

    def turn(a: _Line, b: _Line) -> float:
        diff = abs(a[0] - b[0]) % np.pi
        return float(np.degrees(min(diff, np.pi - diff)))

    pairs = [
        (a, b)
        for i, a in enumerate(lines)
        for b in lines[i + 1 :]
        if turn(a, b) < _PARALLEL_DEGREES
    ]
    quads: list[npt.NDArray[np.float32]] = []
    for i, (a, b) in enumerate(pairs):
        for c, d in pairs[i + 1 :]:
            if min(turn(a, c), turn(a, d), turn(b, c), turn(b, d)) < _CORNER_DEGREES:
                continue
            corners = [_meet(a, c), _meet(c, b), _meet(b, d), _meet(d, a)]
            if any(p is None for p in corners):
                continue
            quad = _order_corners(np.array(corners, dtype=np.float32))
            if _quad_score(quad, w, h, squat=True) > 0:
                quads.append(quad)
    return quads


def _shared_area(
    a: npt.NDArray[np.float32], b: npt.NDArray[np.float32]
) -> tuple[float, float, float]:
    """The area two convex quadrilaterals share, and each one's own area."""
    a, b = a.astype(np.float32), b.astype(np.float32)
    area, _ = cv2.intersectConvexConvex(a, b)
    return float(area), float(cv2.contourArea(a)), float(cv2.contourArea(b))


def _overlap(a: npt.NDArray[np.float32], b: npt.NDArray[np.float32]) -> float:
    """The area two convex quadrilaterals share, over the smaller one's area."""
    shared, area_a, area_b = _shared_area(a, b)
    smaller = min(area_a, area_b)
    return shared / smaller if smaller > 0 else 1.0


def _union_share(a: npt.NDArray[np.float32], b: npt.NDArray[np.float32]) -> float:
    """The area two convex quadrilaterals share, over the area of their union."""
    shared, area_a, area_b = _shared_area(a, b)
    union = area_a + area_b - shared
    return shared / union if union > 0 else 1.0


def _refine_quad(quad: npt.NDArray[np.float32], small: RgbImage) -> npt.NDArray[np.float32]:
    """Snap each side of ``quad`` to the card's true edge and intersect the sides.

    A polygon fitted to a blob cuts a card's rounded corners, and on a scan the
    printed frame just inside the edge can win over the faint edge itself. So each
    side is searched across a band for the outermost strong edge, a line is fitted
    through the edge points of the side's straight middle part, and the corners
    are where adjacent lines meet.
    """
    gray = cv2.GaussianBlur(cv2.cvtColor(small, cv2.COLOR_RGB2GRAY), (3, 3), 0).astype(np.float32)
    gx = cv2.Sobel(gray, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(gray, cv2.CV_32F, 0, 1, ksize=3)
    h, w = gray.shape
    centre = quad.mean(axis=0)
    band = max(6.0, 0.015 * max(h, w))
    offsets = np.arange(-band, band + 1.0)
    lines: list[tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]] = []
    for a, b in zip(quad, np.roll(quad, -1, axis=0), strict=True):
        direction = (b - a) / max(float(np.linalg.norm(b - a)), 1e-6)
        normal = np.array([-direction[1], direction[0]], dtype=np.float32)
        if np.dot((a + b) / 2 - centre, normal) < 0:
            normal = -normal  # point outwards
        points: list[npt.NDArray[np.float32]] = []
        for t in np.linspace(0.12, 0.88, 40):
            p = a + (b - a) * t
            samples = p[None, :] + offsets[:, None] * normal[None, :]
            xs = np.clip(samples[:, 0].round().astype(int), 0, w - 1)
            ys = np.clip(samples[:, 1].round().astype(int), 0, h - 1)
            strength = np.abs(gx[ys, xs] * normal[0] + gy[ys, xs] * normal[1])
            peak = float(strength.max())
            if peak < _EDGE_GRADIENT:
                continue
            # The outermost edge that is strong compared with the strongest one.
            strong = np.nonzero(strength >= _OUTER_EDGE_SHARE * peak)[0]
            points.append(samples[strong[-1]].astype(np.float32))
        if len(points) < 10:
            return quad
        vx, vy, x0, y0 = cv2.fitLine(np.array(points), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
        lines.append((np.array([x0, y0], dtype=np.float64), np.array([vx, vy], dtype=np.float64)))
    corners = []
    for i in range(4):
        (p1, d1), (p2, d2) = lines[i - 1], lines[i]
        denom = d1[0] * d2[1] - d1[1] * d2[0]
        if abs(denom) < 1e-6:
            return quad
        t = ((p2[0] - p1[0]) * d2[1] - (p2[1] - p1[1]) * d2[0]) / denom
        corners.append(p1 + t * d1)
    refined = np.array(corners, dtype=np.float32)
    # Corner i joins side i-1 and side i: that is quad's corner i. A refinement
    # that moved a corner far is a wrong snap: keep the blob's polygon then.
    if float(np.linalg.norm(refined - quad, axis=1).max()) > 3 * band:
        return quad
    return refined


def _colour_strength(small: RgbImage) -> npt.NDArray[np.uint8]:
    """Max of saturation and darkness (0-255) with thin print opened away: low on
    paper and card stock, high on a cloth's checks, wood or a dark desk."""
    hsv = cv2.cvtColor(small, cv2.COLOR_RGB2HSV)
    colour = np.maximum(255 - hsv[:, :, 2], hsv[:, :, 1]).astype(np.uint8)
    return np.asarray(cv2.morphologyEx(colour, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8)))


def _inner_paper(quad: npt.NDArray[np.float32], colour: npt.NDArray[np.uint8]) -> float:
    """The share of points just inside the quad's worst side that look like the
    document's own stock (colour strength near that of the quad's middle).

    A quad that takes in a strip of the table (the minimum-area rectangle of a
    page seen in perspective, a side snapped onto a cloth's stripe) runs along
    the table on that side; the text-coverage term favours it (a cloth's checks
    read as print), this term does not."""
    centre = quad.mean(axis=0)
    middle = (quad - centre) * 0.5 + centre
    inside = np.zeros(colour.shape, dtype=np.uint8)
    cv2.fillConvexPoly(inside, middle.round().astype(np.int32), 1)
    values = colour[inside.astype(bool)]
    if values.size == 0:
        return 1.0
    limit = max(float(_PALE_COLOUR), _PAPER_SPREAD * float(np.median(values)))
    return min(
        float((colour[ys, xs] <= limit).mean())
        for xs, ys in _side_samples(quad, colour.shape, inset=_INNER_STRIP_PX)
    )


# A sound outline: on an edge along this share of its weakest side, with the
# document's stock just inside along this share, and a change of material across
# it along this share (a card lying on a note has the note beyond part of a side).
_SOUND_SUPPORT = 0.95
_SOUND_INNER = 0.9
_SOUND_CROSSING = 0.25
# Grey levels (and colour strength) that tell two materials apart across a side.
_MATERIAL_STEP = 20


def _sound(quad: npt.NDArray[np.float32], scorer: _QuadScorer) -> bool:
    """Whether ``quad`` lies on edges all round, with the document's stock just
    inside every side and something else beyond it (:func:`_crossing`)."""
    return (
        _edge_support(quad, scorer.gradient) >= _SOUND_SUPPORT
        and _inner_paper(quad, scorer.colour) >= _SOUND_INNER
        and _crossing(quad, scorer) >= _SOUND_CROSSING
    )


def _crossing(quad: npt.NDArray[np.float32], scorer: _QuadScorer) -> float:
    """The share of points along the quad's weakest side where what lies just
    outside differs from what lies just inside: a document's edge against the
    table, not a rule printed on the page with paper on both sides (a resident
    certificate's rule beside its title column was taken for the page's edge on
    two dev hard photos)."""
    inner = _side_samples(quad, scorer.gray.shape, inset=_INNER_STRIP_PX)
    outer = _side_samples(quad, scorer.gray.shape, inset=-_INNER_STRIP_PX)
    shares = []
    for (xi, yi), (xo, yo) in zip(inner, outer, strict=True):
        grey = np.abs(scorer.gray[yi, xi] - scorer.gray[yo, xo])
        tint = np.abs(scorer.colour[yi, xi].astype(np.int16) - scorer.colour[yo, xo])
        shares.append(float(((grey > _MATERIAL_STEP) | (tint > _MATERIAL_STEP)).mean()))
    return min(shares)


def _text_pixels(small: RgbImage) -> npt.NDArray[np.bool_]:
    """Dark, thin strokes (black-hat filter): where print is, card text included."""
    gray = cv2.cvtColor(small, cv2.COLOR_RGB2GRAY)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9))
    blackhat = cv2.morphologyEx(gray, cv2.MORPH_BLACKHAT, kernel)
    return np.asarray(blackhat > _TEXT_CONTRAST, dtype=np.bool_)


def _gradient_magnitude(small: RgbImage) -> npt.NDArray[np.float32]:
    gray = cv2.GaussianBlur(cv2.cvtColor(small, cv2.COLOR_RGB2GRAY), (3, 3), 0)
    gx = cv2.Sobel(gray, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(gray, cv2.CV_32F, 0, 1, ksize=3)
    # The strongest gradient within 2 px: a quad found on a blurred mask may sit
    # a pixel or two off the true edge.
    magnitude = cv2.dilate(cv2.magnitude(gx, gy), np.ones((5, 5), np.uint8))
    return np.asarray(magnitude, dtype=np.float32)


def _edge_support(quad: npt.NDArray[np.float32], gradient: npt.NDArray[np.float32]) -> float:
    """The share of points along the quad's weakest side that lie on an image edge.

    A blob that merged the card with a patch of table has at least one side
    running through flat table: that side finds no edge and sinks the score.
    """
    return min(
        float((gradient[ys, xs] > _EDGE_GRADIENT).mean())
        for xs, ys in _side_samples(quad, gradient.shape, inset=0.0)
    )


def _side_samples(
    quad: npt.NDArray[np.float32], shape: tuple[int, ...], *, inset: float
) -> list[tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]]:
    """For each side of ``quad``: the (xs, ys) pixel indices of 40 points along its
    middle 80 %, moved ``inset`` pixels towards the quad's centre, clipped to an
    image of ``shape``."""
    h, w = shape[:2]
    centre = quad.mean(axis=0)
    t = np.linspace(0.1, 0.9, 40)[:, None]
    samples: list[tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]] = []
    for a, b in zip(quad, np.roll(quad, -1, axis=0), strict=True):
        pts = a[None, :] * (1 - t) + b[None, :] * t
        if inset:
            toward = centre[None, :] - pts
            toward /= np.maximum(np.linalg.norm(toward, axis=1, keepdims=True), 1e-6)
            pts = pts + inset * toward
        xs = np.clip(pts[:, 0].round().astype(np.intp), 0, w - 1)
        ys = np.clip(pts[:, 1].round().astype(np.intp), 0, h - 1)
        samples.append((xs, ys))
    return samples


def _candidate_masks(
    small: RgbImage, colour: npt.NDArray[np.uint8]
) -> list[tuple[npt.NDArray[np.uint8], bool]]:
    """Binary masks in which the card may appear as one blob, each with whether
    the blob's outline is the card's edge as it is (no refinement). ``colour`` is
    :func:`_colour_strength` of ``small``.

    Several cues, because no single one works on every table: edges (Canny)
    for textured backgrounds, and colour distance from the border colour
    for a card on a plain surface, including a pale card on a white page.
    The pale-colour mask follows the document's own edge to a pixel or two on a
    patterned cloth, where snapping its sides to the "outermost strong edge"
    would walk onto the cloth's stripes beside it.
    """
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5))
    masks: list[tuple[npt.NDArray[np.uint8], bool]] = [
        (edges, False) for edges in _edge_masks(small)
    ]
    # Distance from the background colour, estimated on the image border.
    lab = cv2.cvtColor(cv2.GaussianBlur(small, (7, 7), 0), cv2.COLOR_RGB2LAB).astype(np.float32)
    border = _border_values(lab)
    # A pale card on a patterned cloth: the cloth's coloured or darker checks are
    # never more than a check apart, so the strongest colour nearby stays high
    # all over the cloth and low only on the card. Thin print (text) is removed
    # first by an opening, so that the card's own text does not count.
    size = max(9, int(0.03 * max(small.shape[:2])) | 1)
    local_max = cv2.dilate(colour, np.ones((size, size), np.uint8))
    row_kernel = np.ones((size // 2 * 2 + 1, size // 2 * 2 + 1), np.uint8)
    band = int(_BAND_SHARE * max(small.shape[:2])) | 1
    # How pale the cloth is at its palest, measured along the image's border:
    # where even that is far above the card's bound, the card's own bold print
    # and colour may pass the bound too and the cloth still not.
    cloth = _CLOTH_SHARE * float(np.percentile(_border_values(local_max), 5))
    for bound in (_PALE_COLOUR, cloth) if cloth > _PALE_COLOUR else (_PALE_COLOUR,):
        pale = (local_max < bound).astype(np.uint8) * 255
        # Closed across a text row: bold print (a name) survives the opening above
        # and would cut the card in two.
        closed = cv2.morphologyEx(pale, cv2.MORPH_CLOSE, row_kernel, iterations=2)
        # The maximum filter ate half its size into the card: give it back.
        grown = cv2.dilate(closed, row_kernel)
        masks.append((np.asarray(grown, dtype=np.uint8), True))
        # A license's coloured validity band runs across the whole card and cuts
        # the pale blob in two; closed across the band's width, the halves are one
        # card again (closing moves no outer edge, so the outline stays exact).
        joined = cv2.morphologyEx(grown, cv2.MORPH_CLOSE, np.ones((band, band), np.uint8))
        masks.append((np.asarray(joined, dtype=np.uint8), True))
    bg = np.median(border, axis=0)
    dist = np.linalg.norm(lab - bg, axis=2)
    for thresh in (12.0, 25.0):
        fg = (dist > thresh).astype(np.uint8) * 255
        fg = cv2.morphologyEx(fg, cv2.MORPH_CLOSE, kernel, iterations=3)
        fg = cv2.morphologyEx(fg, cv2.MORPH_OPEN, kernel, iterations=2)
        masks.append((np.asarray(fg, dtype=np.uint8), False))
    return masks


def _border_values(values: npt.NDArray[Any], width: int = 8) -> npt.NDArray[Any]:
    """The values (pixels, or their channel vectors) of a ``width``-pixel strip
    along each edge of ``values``, one per row: what lies around the document."""
    channels = values.shape[2:]
    return np.concatenate(
        [
            values[:width].reshape(-1, *channels),
            values[-width:].reshape(-1, *channels),
            values[:, :width].reshape(-1, *channels),
            values[:, -width:].reshape(-1, *channels),
        ]
    )


def _canny_edges(small: RgbImage) -> list[npt.NDArray[np.uint8]]:
    """Canny edges of ``small`` at three thresholds, the first the usual one."""
    gray = cv2.cvtColor(small, cv2.COLOR_RGB2GRAY)
    blurred = cv2.GaussianBlur(gray, (5, 5), 0)
    median = float(np.median(blurred))
    # Thresholds relative to the image's brightness, and one low absolute pair for
    # a pale card on a white scanner bed, whose edge is a faint grey line.
    thresholds = [
        (int(max(5, 0.66 * median)), int(max(15, 1.33 * median))),
        (int(max(5, 0.33 * median)), int(max(15, 0.66 * median))),
        (8, 24),
    ]
    return [np.asarray(cv2.Canny(blurred, lo, hi), np.uint8) for lo, hi in thresholds]


def _edge_masks(small: RgbImage) -> list[npt.NDArray[np.uint8]]:
    """:func:`_canny_edges` of ``small``, dilated into lines ~9 px wide."""
    return [
        np.asarray(cv2.dilate(edges, _EDGE_KERNEL, iterations=2), np.uint8)
        for edges in _canny_edges(small)
    ]


def _enclosed(edges: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    """What the rings of a dilated edge mask enclose, grown back by the
    dilation: a document's own outline to a pixel or two.

    A paper lying under the document, touching it, joins the outside of the
    document's edge ring into a blob of no card's shape (a dev hard photo: a
    certificate on a letter); the inside of the ring is the document alone."""
    apart = cv2.bitwise_not(edges)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(apart, connectivity=4)
    h, w = edges.shape
    x, y, bw, bh = (stats[:, i] for i in range(4))
    # What touches the image's border is the table around everything.
    inner = (x > 0) & (y > 0) & (x + bw < w) & (y + bh < h)
    inner[0] = False
    enclosed = inner[labels].astype(np.uint8) * 255
    return np.asarray(cv2.dilate(enclosed, _EDGE_KERNEL, iterations=2), dtype=np.uint8)


def _quads_from_mask(mask: npt.NDArray[np.uint8]) -> list[npt.NDArray[np.float32]]:
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    area_min = _MIN_AREA_SHARE * mask.shape[0] * mask.shape[1]
    quads: list[npt.NDArray[np.float32]] = []
    for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:5]:
        if cv2.contourArea(contour) < area_min:
            break
        hull = cv2.convexHull(contour)
        peri = cv2.arcLength(hull, True)
        for eps in (0.02, 0.03, 0.05):
            approx = cv2.approxPolyDP(hull, eps * peri, True)
            if len(approx) == 4:
                quads.append(_order_corners(approx.reshape(4, 2).astype(np.float32)))
                break
        # The quadrilateral that adds the least area to the hull: its corners are
        # where the sides meet even when the blob's corners are bitten off (a page
        # seen in perspective, its corners darkened by vignetting), where the
        # Douglas-Peucker fit cuts across them.
        least = cv2.approxPolyN(hull, 4, ensure_convex=True)
        if least is not None and len(least.reshape(-1, 2)) == 4:
            quads.append(_order_corners(least.reshape(4, 2).astype(np.float32)))
        # The minimum-area rectangle too: exact for a card seen head-on, and whole
        # where the blob has a bite out of one side (the holder's photo next to the
        # edge is not "pale") or a finger over an edge. Only for a blob that is nearly
        # rectangular (an ellipse of the security pattern fills pi/4 = 0.785 of its
        # rectangle, a card 0.98).
        rect = cv2.minAreaRect(hull)
        rect_area = rect[1][0] * rect[1][1]
        if rect_area > 0 and cv2.contourArea(hull) / rect_area >= _MIN_RECTANGULARITY:
            quads.append(_order_corners(cv2.boxPoints(rect).astype(np.float32)))
    return quads


def _quad_score(quad: npt.NDArray[np.float32], w: int, h: int, *, squat: bool = False) -> float:
    """How card-like a quadrilateral is: 0 when it is not, else larger is better.
    ``squat`` admits a small outline down to :data:`_LARGE_MIN_RATIO` (a page seen
    at a slant), for a caller that then checks it holds the photo's print."""
    tl, tr, br, bl = quad
    top, bottom = float(np.linalg.norm(tr - tl)), float(np.linalg.norm(br - bl))
    left, right = float(np.linalg.norm(bl - tl)), float(np.linalg.norm(br - tr))
    if min(top, bottom, left, right) < 20:
        return 0.0
    long_side = max(top + bottom, left + right) / 2
    short_side = min(top + bottom, left + right) / 2
    ratio = long_side / short_side
    area = float(cv2.contourArea(quad.reshape(4, 1, 2)))
    share = area / (w * h)
    lowest = _LARGE_MIN_RATIO if squat or share >= _LARGE_SHARE else _RATIO_RANGE[0]
    if not (lowest <= ratio <= _RATIO_RANGE[1]):
        return 0.0
    if share < _MIN_AREA_SHARE or share > 0.98:
        return 0.0
    if not cv2.isContourConvex(quad.reshape(4, 1, 2).astype(np.int32)):
        return 0.0
    ratio_fit = 1.0 - min(1.0, abs(ratio - _ID1_RATIO) / 0.5)
    return share * (0.5 + ratio_fit)
