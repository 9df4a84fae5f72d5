"""Decoding uploads into images: JPEG, PNG, TIFF, WebP, HEIC/HEIF and PDF.

Every upload is decoded in memory. Sizes are checked from the header before any
pixel is decoded, so a decompression bomb is refused without costing memory.
Images are returned as RGB ``uint8`` arrays of shape (h, w, 3) with EXIF
orientation already applied.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from idverify.config import ImageLimits
from idverify.errors import ImageUnreadableError

__all__ = ["RgbImage", "decode_upload", "sniff_kind"]

RgbImage = npt.NDArray[np.uint8]

_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif")


def _register_heif() -> None:
    # pillow-heif registers an opener on import; doing it lazily keeps start-up
    # fast for the common JPEG case.
    import pillow_heif

    pillow_heif.register_heif_opener()


def sniff_kind(data: bytes) -> str | None:
    """Name the container by its magic bytes: ``pdf``, ``jpeg``, ``png``, ``tiff``,
    ``webp``, ``heif`` or ``None`` when it is none of the accepted kinds.

    >>> sniff_kind(b"%PDF-1.7 ...")
    'pdf'
    >>> sniff_kind(b"hello") is None
    True
    """
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return "heif"
    return None


def decode_upload(data: bytes, limits: ImageLimits) -> list[RgbImage]:
    """Decode one uploaded file into its page images (one for a photo, one per PDF page).

    Raises :class:`ImageUnreadableError` for anything that is not an accepted,
    decodable and reasonably sized image or PDF.
    """
    if len(data) > limits.max_bytes:
        raise ImageUnreadableError(
            f"file is {len(data)} bytes, more than the limit of {limits.max_bytes}"
        )
    kind = sniff_kind(data)
    if kind is None:
        raise ImageUnreadableError("not a JPEG, PNG, TIFF, WebP, HEIC or PDF file")
    if kind == "pdf":
        return _decode_pdf(data, limits)
    if kind == "heif":
        _register_heif()
    return list(_decode_raster(data, limits))


def _decode_raster(data: bytes, limits: ImageLimits) -> Iterator[RgbImage]:
    try:
        with warnings.catch_warnings():
            # We enforce our own, lower pixel limit below; Pillow's warning is noise.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
            for frames, frame in enumerate(ImageSequence.Iterator(img), start=1):
                if frames > limits.max_pdf_pages:
                    raise ImageUnreadableError("the image has too many frames")
                w, h = frame.size
                if w * h > limits.max_pixels:
                    raise ImageUnreadableError(
                        f"image of {w}x{h} pixels exceeds the limit of {limits.max_pixels}"
                    )
                if w < 16 or h < 16:
                    raise ImageUnreadableError(f"image of {w}x{h} pixels is too small")
                yield _to_rgb(ImageOps.exif_transpose(frame))
    except ImageUnreadableError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        # Pillow reports truncated or corrupt data with any of these.
        raise ImageUnreadableError("the image data is corrupt or truncated") from exc
    except Image.DecompressionBombError as exc:
        raise ImageUnreadableError("the image is too large to decode safely") from exc


def _to_rgb(img: Image.Image) -> RgbImage:
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        # A transparent background is shown as white, as a viewer would show it.
        rgba = img.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(background, rgba)
    elif img.mode.startswith("I;16") or img.mode == "I":
        # 16-bit scans: scale to 8 bits rather than clip.
        arr16 = np.asarray(img, dtype=np.float64)
        peak = float(arr16.max()) or 1.0
        img = Image.fromarray((arr16 * (255.0 / peak)).astype(np.uint8))
    rgb = np.asarray(img.convert("RGB"), dtype=np.uint8)
    return np.ascontiguousarray(rgb)


def _decode_pdf(data: bytes, limits: ImageLimits) -> list[RgbImage]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ImageUnreadableError("the PDF cannot be opened") from exc
    try:
        n = len(pdf)
        if n == 0:
            raise ImageUnreadableError("the PDF has no pages")
        if n > limits.max_pdf_pages:
            raise ImageUnreadableError(
                f"the PDF has {n} pages, more than the limit of {limits.max_pdf_pages}"
            )
        scale = limits.pdf_dpi / 72.0
        pages: list[RgbImage] = []
        for i in range(n):
            page = pdf[i]
            w_pt, h_pt = page.get_size()
            if w_pt * scale * h_pt * scale > limits.max_pixels:
                raise ImageUnreadableError("a PDF page is too large to render")
            bitmap = page.render(scale=scale)
            pages.append(_to_rgb(bitmap.to_pil()))
        return pages
    except pdfium.PdfiumError as exc:
        raise ImageUnreadableError("a PDF page cannot be rendered") from exc
    finally:
        pdf.close()
