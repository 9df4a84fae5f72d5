"""Decoding uploads: every accepted format, EXIF orientation, and refusals."""

from __future__ import annotations

import io
import zlib

import numpy as np
import pytest
from PIL import Image

from idverify.config import ImageLimits
from idverify.errors import ImageUnreadableError
from idverify.image_io import decode_upload, sniff_kind

LIMITS = ImageLimits()


def _picture(w: int = 120, h: int = 80) -> Image.Image:
    img = Image.new("RGB", (w, h), (255, 255, 255))
    # A red block in the top-left corner tells us which way up the result is.
    img.paste((255, 0, 0), (0, 0, 20, 20))
    return img


def _encode(img: Image.Image, fmt: str, **kw: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format=fmt, **kw)
    return buf.getvalue()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "TIFF", "WEBP", "PDF"])
def test_decodes_each_format(fmt: str) -> None:
    pages = decode_upload(_encode(_picture(), fmt), LIMITS)
    assert len(pages) == 1
    page = pages[0]
    assert page.dtype == np.uint8 and page.ndim == 3 and page.shape[2] == 3
    # PDF pages are rendered at 200 dpi from the 72-dpi picture, so compare ratios.
    assert page.shape[1] / page.shape[0] == pytest.approx(1.5, rel=0.05)


def test_decodes_heic() -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    heif = pillow_heif.from_pillow(_picture())
    buf = io.BytesIO()
    heif.save(buf, quality=90)
    pages = decode_upload(buf.getvalue(), LIMITS)
    assert pages[0].shape[:2] == (80, 120)


def test_multipage_pdf_gives_one_image_per_page() -> None:
    buf = io.BytesIO()
    _picture().save(buf, format="PDF", save_all=True, append_images=[_picture(), _picture()])
    assert len(decode_upload(buf.getvalue(), LIMITS)) == 3


def test_exif_orientation_is_applied() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 CW to display"
    data = _encode(_picture(), "JPEG", exif=exif, quality=95)
    page = decode_upload(data, LIMITS)[0]
    assert page.shape[:2] == (120, 80)
    # The red corner moved from top-left to top-right.
    assert page[5, -5, 0] > 200 and page[5, -5, 1] < 80


def test_transparent_png_is_shown_on_white() -> None:
    img = Image.new("RGBA", (40, 40), (0, 0, 0, 0))
    page = decode_upload(_encode(img, "PNG"), LIMITS)[0]
    assert page.min() == 255


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"hello, this is a letter",
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 50,
        b"\xff\xd8\xff\xe0" + b"garbage" * 10,
        b"%PDF-1.4\nnot really a pdf",
        b"GIF89a" + b"\x00" * 30,
    ],
    ids=["empty", "text", "png-header-only", "jpeg-garbage", "pdf-garbage", "gif"],
)
def test_refuses_undecodable(data: bytes) -> None:
    with pytest.raises(ImageUnreadableError):
        decode_upload(data, LIMITS)


def test_refuses_truncated_jpeg() -> None:
    data = _encode(_picture(400, 300), "JPEG")
    with pytest.raises(ImageUnreadableError):
        decode_upload(data[: len(data) // 3], LIMITS)


def _png_header_bomb(w: int, h: int) -> bytes:
    """A valid PNG of w x h pixels, all zeros: tiny file, huge image."""
    raw = zlib.compress(b"\x00" * 1024)  # enough of an IDAT to look real

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")
        )

    ihdr = w.to_bytes(4, "big") + h.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def test_refuses_decompression_bomb_before_decoding() -> None:
    # Pillow's own guard (at 2x its default limit) or ours: either way, refused.
    with pytest.raises(ImageUnreadableError, match=r"too large|exceeds the limit"):
        decode_upload(_png_header_bomb(20_000, 20_000), LIMITS)


def test_our_pixel_limit_applies_below_pillows() -> None:
    with pytest.raises(ImageUnreadableError, match="exceeds the limit"):
        decode_upload(_png_header_bomb(9_000, 8_000), LIMITS)


def test_refuses_oversized_file() -> None:
    limits = ImageLimits(max_bytes=1000)
    noise = np.random.default_rng(1).integers(0, 255, (100, 100, 3), dtype=np.uint8)
    with pytest.raises(ImageUnreadableError, match="more than the limit"):
        decode_upload(_encode(Image.fromarray(noise), "PNG"), limits)


def test_refuses_too_many_pdf_pages() -> None:
    buf = io.BytesIO()
    _picture().save(buf, format="PDF", save_all=True, append_images=[_picture()] * 3)
    with pytest.raises(ImageUnreadableError, match="pages"):
        decode_upload(buf.getvalue(), ImageLimits(max_pdf_pages=2))


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"%PDF-1.7", "pdf"),
        (b"\xff\xd8\xff\xe1", "jpeg"),
        (b"\x89PNG\r\n\x1a\n", "png"),
        (b"II*\x00", "tiff"),
        (b"RIFF\x00\x00\x00\x00WEBP", "webp"),
        (b"\x00\x00\x00\x18ftypheic", "heif"),
        (b"PK\x03\x04", None),
    ],
)
def test_sniff_kind(head: bytes, kind: str | None) -> None:
    assert sniff_kind(head + b"\x00" * 16) == kind
