"""Render the OCR-B glyph templates that idverify.mrz_read compares MRZ glyphs with.

    python scripts/make_mrz_templates.py    # writes idverify/data/ocrb_templates.npz

Needs Debian's fonts-ocr-b (OCR-B by Matthew Skala, public domain). The result is
committed, so the verifier itself never needs the font.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from idverify.mrz_read import ALPHABET, template_window

FONT = "/usr/share/fonts/opentype/ocr-b/OCRB.otf"
SIZE = 96
OUT = Path(__file__).resolve().parent.parent / "idverify" / "data" / "ocrb_templates.npz"


def main() -> None:
    """Render every MRZ character and save the windows."""
    font = ImageFont.truetype(FONT, SIZE)
    pitch = font.getlength("H")
    cap_top, cap_bottom = font.getbbox("H")[1], font.getbbox("H")[3]
    out: dict[str, np.ndarray] = {}
    for ch in ALPHABET:
        img = Image.new("L", (SIZE * 2, SIZE * 2), 0)
        ImageDraw.Draw(img).text((SIZE // 2, SIZE // 2), ch, font=font, fill=255)
        ink = np.asarray(img, dtype=np.float32) / 255.0
        _, xs = np.nonzero(ink > 0.5)
        cx = (xs.min() + xs.max() + 1) / 2
        top, bottom = SIZE // 2 + cap_top, SIZE // 2 + cap_bottom
        window = template_window(ink, float(cx), float(top), float(bottom), pitch)
        out[f"c{ord(ch)}"] = np.round(window * 255).astype(np.uint8)
    np.savez_compressed(OUT, **out)  # type: ignore[arg-type]
    print(f"{len(out)} templates -> {OUT}")


if __name__ == "__main__":
    main()
