"""The reviewer image: the rectified document with the fields read boxed in the
colour of their outcome and every sensitive region filled black.

Masking comes first and is drawn opaque, so no later drawing can reveal a value.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from idverify.image_io import RgbImage
from idverify.models import Box, DocumentReading, MatchOutcome

__all__ = ["COLOURS", "annotate", "to_png"]

# Green: matched; red: different; amber: uncertain; blue: read, not compared.
COLOURS: dict[MatchOutcome | None, tuple[int, int, int]] = {
    MatchOutcome.SAME: (0, 150, 60),
    MatchOutcome.DIFFERENT: (210, 30, 30),
    MatchOutcome.UNCERTAIN: (230, 140, 0),
    None: (40, 90, 220),
}
# Margin added around masks, in pixels: OCR boxes hug the glyphs and a glyph's
# antialiased edge must not survive.
_MASK_MARGIN = 6


def annotate(
    image: RgbImage,
    reading: DocumentReading | None,
    outcomes: dict[str, MatchOutcome] | None = None,
) -> Image.Image:
    """A new image (the input is not changed) for the reviewer."""
    out = Image.fromarray(image).convert("RGB")
    draw = ImageDraw.Draw(out)
    if reading is None:
        return out
    w, h = out.size
    masks: list[Box] = list(reading.mask_boxes)
    masks += [f.box for f in reading.sensitive if f.box is not None]
    for box in masks:
        draw.rectangle(_grow(box, _MASK_MARGIN, w, h), fill=(0, 0, 0))
    outcomes = outcomes or {}
    for name, fld in reading.fields.items():
        if fld.box is None:
            continue
        colour = COLOURS[outcomes.get(name)]
        draw.rectangle(_grow(fld.box, 3, w, h), outline=colour, width=3)
        x0, y0, _, _ = _grow(fld.box, 3, w, h)
        draw.text((x0, max(0, y0 - 14)), name, fill=colour)
    return out


def to_png(image: Image.Image) -> bytes:
    """PNG bytes of ``image``."""
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def _grow(box: Box, margin: int, w: int, h: int) -> tuple[int, int, int, int]:
    return (
        max(0, box.x - margin),
        max(0, box.y - margin),
        min(w - 1, box.x + box.w + margin),
        min(h - 1, box.y + box.h + margin),
    )
