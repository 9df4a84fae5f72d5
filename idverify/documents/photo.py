"""Is there a face photo on the card? A cheap, layout-based check.

Japanese photo IDs put the photo in the right third of the front. A photo is a
large block of dense, non-text content there; a card without one (or with the
photo cut out) shows the pale security background with at most sparse text.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from idverify.models import OcrResult

__all__ = ["CARD_PHOTO_AREA", "PHOTO_INK_SHARE", "photo_present"]

# Share of "inked" pixels (far from the card's background colour) in the photo
# area above which a photo is present. Text alone inks ~5-20 % of an area, a
# photo (face, hair, clothes, backdrop edge) 40 % and more.
PHOTO_INK_SHARE = 0.35
# Distance (0-255 per channel, max over channels) from the background colour that
# counts as ink.
_INK_DISTANCE = 40


# Where ID cards put the photo: the right third, as fractions (x0, y0, x1, y1).
CARD_PHOTO_AREA = (0.68, 0.15, 0.97, 0.85)


def photo_present(
    image: npt.NDArray[np.uint8],
    ocr: OcrResult,
    area: tuple[float, float, float, float] = CARD_PHOTO_AREA,
) -> bool:
    """True when ``area`` (fractions of the rectified document; by default the
    right third of a card) holds a photo-like block."""
    h, w = image.shape[:2]
    x0, x1 = int(area[0] * w), int(area[2] * w)
    y0, y1 = int(area[1] * h), int(area[3] * h)
    region = image[y0:y1, x0:x1].astype(np.int16)
    if region.size == 0:
        return False
    background = np.median(image.reshape(-1, image.shape[-1]), axis=0).astype(np.int16)
    ink = np.abs(region - background).max(axis=2) > _INK_DISTANCE
    # Text recognised inside the area is not a photo.
    for line in ocr.lines:
        for word in line.words:
            b = word.box
            xs, xe = max(b.x - x0, 0), min(b.x + b.w - x0, x1 - x0)
            ys, ye = max(b.y - y0, 0), min(b.y + b.h - y0, y1 - y0)
            if xs < xe and ys < ye:
                ink[ys:ye, xs:xe] = False
    # The densest 60 %-wide, 70 %-tall window: a photo need not fill the area.
    return _densest_window(ink, 0.6, 0.7) >= PHOTO_INK_SHARE


def _densest_window(mask: npt.NDArray[np.bool_], fw: float, fh: float) -> float:
    h, w = mask.shape
    ww, wh = max(1, int(fw * w)), max(1, int(fh * h))
    integral = np.pad(mask.astype(np.int32).cumsum(0).cumsum(1), ((1, 0), (1, 0)))
    sums = integral[wh:, ww:] - integral[:-wh, ww:] - integral[wh:, :-ww] + integral[:-wh, :-ww]
    return float(sums.max()) / (ww * wh) if sums.size else 0.0
