"""Capture simulators: a flatbed scan, a phone photo on a table, a photocopy on A4.

Each takes a ``RenderedDocument`` and a ``random.Random`` and is deterministic given the
generator's state: all numpy randomness comes from a ``numpy.random.Generator`` seeded
from it, and JPEG encoding is deterministic for a given libjpeg.

The phone photo is where the difficulty lives: perspective tilt, in-plane rotation by a
quarter turn plus a few degrees, defocus, an illumination gradient, sensor noise, a soft
glare spot (hard only) and JPEG compression, on procedural backgrounds (wood, tablecloth,
dark desk, cluttered desk).
"""

from __future__ import annotations

import io
import math
import random
from typing import Literal

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image

from samples.render import CARD_SIZE, CORNER_RADIUS, RenderedDocument, card_mask

__all__ = [
    "A4_SIZE",
    "Difficulty",
    "a4_page",
    "add_glare",
    "blur_photo",
    "document_width",
    "downscale",
    "flat_scan",
    "flat_scan_with_corners",
    "phone_photo",
    "phone_photo_with_corners",
]

FloatImage = npt.NDArray[np.float32]
Corners = npt.NDArray[np.float64]
Difficulty = Literal["easy", "hard"]

# A4 at 200 dpi: 210 × 297 mm → 1654 × 2339 px. A card (85.6 mm) is ~674 px wide there,
# i.e. 0.66 of its 300-dpi render.
A4_SIZE: tuple[int, int] = (1654, 2339)
A4_CARD_SCALE = 674 / CARD_SIZE[0]

# Parameters per difficulty: (max tilt °, in-plane jitter °, card long side as a fraction
# of the frame, blur sigma range, noise sigma range, JPEG quality range).
_PHONE: dict[str, dict[str, tuple[float, float]]] = {
    "easy": {
        "tilt": (0.0, 10.0),
        "jitter": (0.0, 8.0),
        "fill": (0.45, 0.75),
        "blur": (0.3, 0.9),
        "noise": (1.5, 3.5),
        "jpeg": (80, 92),
        "light": (0.0, 0.22),
    },
    "hard": {
        "tilt": (0.0, 25.0),
        "jitter": (0.0, 15.0),
        "fill": (0.35, 0.60),
        "blur": (0.8, 1.6),
        "noise": (3.5, 7.0),
        "jpeg": (70, 84),
        "light": (0.15, 0.40),
    },
}


# A page's long side as a fraction of the frame's (a page is framed close; a hard
# photo is taken from further away, at a slant).
_PAGE_FILL: dict[str, tuple[float, float]] = {"easy": (0.78, 0.9), "hard": (0.65, 0.82)}


def _np_rng(rng: random.Random) -> np.random.Generator:
    """A numpy generator derived from (and advancing) the caller's ``random.Random``."""
    return np.random.default_rng(rng.getrandbits(64))


def _low_freq(g: np.random.Generator, shape: tuple[int, int], cells: tuple[int, int]) -> FloatImage:
    """Smooth noise in [-1, 1]: a coarse random grid upsampled with bicubic interpolation."""
    coarse = g.uniform(-1.0, 1.0, size=cells).astype(np.float32)
    out = cv2.resize(coarse, (shape[1], shape[0]), interpolation=cv2.INTER_CUBIC)
    return np.clip(out, -1.0, 1.0).astype(np.float32)


# ------------------------------------------------------------------------ backgrounds


def _grid(h: int, w: int) -> tuple[FloatImage, FloatImage]:
    """Row and column coordinates as an ``h``x1 and a 1x``w`` float32 array.

    They broadcast to the full grid wherever they are combined, without the two full
    ``h``x``w`` arrays of ``np.mgrid`` (an 8 MP page photo spent ~0.5 s building and
    casting them).
    """
    return (
        np.arange(h, dtype=np.float32)[:, None],
        np.arange(w, dtype=np.float32)[None, :],
    )


def _soft(mask: FloatImage, sigma: float) -> FloatImage:
    """``mask`` blurred with a Gaussian of ``sigma`` pixels (>= 8), at a quarter of
    its resolution and scaled back up: the contact shadow's blur of an 8 MP page
    photo took 0.8 s at full size, 0.02 s so (largest difference 0.0003 of 1)."""
    h, w = mask.shape
    small = cv2.resize(mask, (max(w // 4, 1), max(h // 4, 1)), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (0, 0), sigma / 4)
    return np.asarray(cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR), dtype=np.float32)


def _wood(g: np.random.Generator, h: int, w: int) -> FloatImage:
    """Wood grain: distorted parallel sine bands plus fine streaks along the grain."""
    yy, xx = _grid(h, w)
    angle = g.uniform(-0.3, 0.3)
    along = xx * math.sin(angle) + yy * math.cos(angle)
    # Grain lines meander gently: smooth noise stretched along the grain, a few radians.
    warp = _low_freq(g, (h, w), (12, 4)) * g.uniform(2.5, 4.5)
    period = g.uniform(30.0, 70.0)
    grain = np.sin(along / period * math.tau + warp) * 0.5 + 0.5
    grain = grain**2  # narrow dark late-wood lines on lighter early wood
    streaks = cv2.resize(
        g.normal(0, 1, size=(h, max(w // 24, 2))).astype(np.float32),
        (w, h),
        interpolation=cv2.INTER_LINEAR,
    )
    base = np.array([g.uniform(120, 175), g.uniform(80, 120), g.uniform(45, 75)], dtype=np.float32)
    shade = 0.95 - 0.2 * grain + 0.04 * streaks
    result: FloatImage = (shade[..., None] * base[None, None, :]).astype(np.float32)
    return result


def _tablecloth(g: np.random.Generator, h: int, w: int) -> FloatImage:
    """Gingham cloth: crossing coloured stripes, weave noise and soft fold shading."""
    colour = np.array(
        [g.choice([(200, 60, 60), (60, 90, 170), (70, 140, 80), (200, 150, 60)])],
        dtype=np.float32,
    ).reshape(3)
    period = int(g.integers(36, 80))
    yy, xx = np.ogrid[0:h, 0:w]
    sx = ((xx // (period // 2)) % 2).astype(np.float32)
    sy = ((yy // (period // 2)) % 2).astype(np.float32)
    strength = (sx + sy) / 2.0
    white = np.array([238, 236, 230], dtype=np.float32)
    img = white[None, None, :] * (1 - strength[..., None] * 0.8) + colour[None, None, :] * (
        strength[..., None] * 0.8
    )
    weave = g.normal(0, 6, size=(h, w)).astype(np.float32)
    folds = 1.0 + 0.12 * _low_freq(g, (h, w), (4, 5))
    result: FloatImage = (img * folds[..., None] + weave[..., None]).astype(np.float32)
    return result


def _dark_desk(g: np.random.Generator, h: int, w: int) -> FloatImage:
    """A dark desk or mat: near-black with a slight tint, smooth variation and speckle."""
    tint = np.array([g.uniform(25, 50), g.uniform(25, 50), g.uniform(28, 55)], dtype=np.float32)
    var = 1.0 + 0.25 * _low_freq(g, (h, w), (5, 6))
    speck = g.normal(0, 4, size=(h, w)).astype(np.float32)
    return (tint[None, None, :] * var[..., None] + speck[..., None]).astype(np.float32)


def _cluttered(g: np.random.Generator, h: int, w: int) -> FloatImage:
    """A desk with clutter: papers with text-like dashes, a mug, pens, a keyboard edge.

    The papers are the real trap: a light rectangle with dark strokes is what a card
    detector looks for.
    """
    img = _wood(g, h, w) * 0.8 if g.random() < 0.5 else _dark_desk(g, h, w) * 2.2
    canvas = np.ascontiguousarray(np.clip(img, 0, 255).astype(np.uint8))
    for _ in range(int(g.integers(2, 5))):
        cx, cy = int(g.integers(0, w)), int(g.integers(0, h))
        pw, ph = int(g.integers(w // 6, w // 3)), int(g.integers(h // 5, h // 2))
        ang = float(g.uniform(0, 180))
        box = cv2.boxPoints(((cx, cy), (pw, ph), ang)).astype(np.int32)
        shade = int(g.integers(215, 250))
        cv2.fillPoly(canvas, [box], (shade, shade, shade - 4))
        for k in range(int(g.integers(4, 12))):
            t = (k + 1) / 14
            p0 = box[0] + (box[3] - box[0]) * t + (box[1] - box[0]) * 0.1
            p1 = p0 + (box[1] - box[0]) * g.uniform(0.3, 0.8)
            cv2.line(canvas, tuple(int(v) for v in p0), tuple(int(v) for v in p1), (90, 90, 95), 2)
    for _ in range(int(g.integers(1, 3))):
        cx, cy, r = int(g.integers(0, w)), int(g.integers(0, h)), int(g.integers(50, 120))
        col = tuple(int(v) for v in g.integers(40, 220, size=3))
        cv2.circle(canvas, (cx, cy), r, col, -1)
        cv2.circle(canvas, (cx, cy), int(r * 0.8), tuple(max(c - 40, 0) for c in col), -1)
    for _ in range(int(g.integers(1, 4))):
        p0 = (int(g.integers(0, w)), int(g.integers(0, h)))
        ang = g.uniform(0, math.tau)
        length = g.uniform(150, 350)
        p1 = (int(p0[0] + length * math.cos(ang)), int(p0[1] + length * math.sin(ang)))
        col = tuple(int(v) for v in g.integers(0, 255, size=3))
        cv2.line(canvas, p0, p1, col, int(g.integers(8, 16)))
    return canvas.astype(np.float32)


_BACKGROUNDS = {
    "wood": _wood,
    "tablecloth": _tablecloth,
    "dark_desk": _dark_desk,
    "cluttered": _cluttered,
}


# --------------------------------------------------------------------------- helpers


def _card_arrays(doc: RenderedDocument) -> tuple[FloatImage, FloatImage]:
    """The card as float RGB and its rounded-corner mask in [0, 1]."""
    card = np.asarray(doc.image.convert("RGB"), dtype=np.float32)
    w, h = doc.image.size
    # A portrait document is a sheet of paper: square corners.
    radius = 0 if h > w else CORNER_RADIUS
    mask = np.asarray(card_mask(doc.image.size, radius), dtype=np.float32) / 255.0
    return card, mask


def _warp(
    card: FloatImage,
    mask: FloatImage,
    homography: npt.NDArray[np.float64],
    size: tuple[int, int],
) -> tuple[FloatImage, FloatImage]:
    w, h = size
    warped = cv2.warpPerspective(
        card,
        homography,
        (w, h),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=(0, 0, 0),
    )
    m = cv2.warpPerspective(
        mask,
        homography,
        (w, h),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=0,
    )
    return warped.astype(np.float32), m.astype(np.float32)


def _jpeg_round_trip(arr: FloatImage, quality: int) -> Image.Image:
    """Encode to JPEG and decode again, so the capture carries real compression artefacts."""
    img = Image.fromarray(np.clip(arr + 0.5, 0, 255).astype(np.uint8), "RGB")
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, optimize=False)
    buf.seek(0)
    with Image.open(buf) as decoded:
        return decoded.convert("RGB")


def _src_corners(doc: RenderedDocument) -> npt.NDArray[np.float32]:
    w, h = doc.image.size
    return np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)


# ------------------------------------------------------------------------- flat scan


def flat_scan_with_corners(
    doc: RenderedDocument, rng: random.Random, *, dpi_scale: float = 1.0
) -> tuple[Image.Image, Corners]:
    """``flat_scan`` plus the card's corners (TL, TR, BR, BL of the card) in output pixels."""
    g = _np_rng(rng)
    card, mask = _card_arrays(doc)
    cw, ch = doc.image.size
    margins = [int(g.integers(50, 130)) for _ in range(4)]  # left, top, right, bottom
    w, h = cw + margins[0] + margins[2], ch + margins[1] + margins[3]
    angle = float(g.uniform(-1.5, 1.5))
    # Rotate the card about its own centre, then place it: one affine, one homography.
    rot = cv2.getRotationMatrix2D((cw / 2, ch / 2), angle, 1.0)
    rot[0, 2] += margins[0]
    rot[1, 2] += margins[1]
    homography = np.vstack([rot, [0.0, 0.0, 1.0]])
    if dpi_scale != 1.0:
        homography = np.diag([dpi_scale, dpi_scale, 1.0]) @ homography
        w, h = round(w * dpi_scale), round(h * dpi_scale)
    warped, m = _warp(card, mask, homography, (w, h))
    paper = float(g.uniform(246, 254))
    page = np.full((h, w, 3), paper, dtype=np.float32)
    # The scanner lid leaves a faint grey rim along the card's edge (its thickness).
    rim = cv2.GaussianBlur(m, (0, 0), 2.0)
    page *= (1.0 - 0.12 * np.clip(rim - m, 0, 1) * 4)[..., None]
    out = page * (1 - m[..., None]) + warped * m[..., None]
    out = np.asarray(cv2.GaussianBlur(out, (0, 0), float(g.uniform(0.35, 0.6))), np.float32)
    # A flatbed's sensor noise is far below one grey level; what shows is dust. Per-pixel
    # noise would also triple the PNG size of the committed samples for no realism.
    for _ in range(int(g.integers(8, 40))):
        y, x = int(g.integers(0, h)), int(g.integers(0, w))
        r = int(g.integers(1, 3))
        out[max(y - r, 0) : y + r, max(x - r, 0) : x + r] *= float(g.uniform(0.3, 0.8))
    img = Image.fromarray(np.clip(out + 0.5, 0, 255).astype(np.uint8), "RGB")
    corners = cv2.perspectiveTransform(_src_corners(doc)[None], homography)[0]
    return img, corners.astype(np.float64)


def flat_scan(doc: RenderedDocument, rng: random.Random, *, dpi_scale: float = 1.0) -> Image.Image:
    """The card on a near-white flatbed page: a margin, a tilt of at most 1.5°, dust specks.

    ``dpi_scale`` resamples the scan (0.5 ≈ a 150-dpi scan of the 300-dpi card).
    """
    return flat_scan_with_corners(doc, rng, dpi_scale=dpi_scale)[0]


# ----------------------------------------------------------------------- phone photo


def _rotation_matrix(rx: float, ry: float, rz: float) -> npt.NDArray[np.float64]:
    cx, sx, cy, sy = math.cos(rx), math.sin(rx), math.cos(ry), math.sin(ry)
    cz, sz = math.cos(rz), math.sin(rz)
    mx = np.array([[1, 0, 0], [0, cx, -sx], [0, sx, cx]])
    my = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    mz = np.array([[cz, -sz, 0], [sz, cz, 0], [0, 0, 1]])
    result: npt.NDArray[np.float64] = mx @ my @ mz
    return result


def phone_photo_with_corners(
    doc: RenderedDocument,
    rng: random.Random,
    *,
    difficulty: Difficulty = "easy",
    rotation: int | None = None,
    background: str | None = None,
    angle: float | None = None,
) -> tuple[Image.Image, Corners]:
    """``phone_photo`` plus the card's corners in output pixels.

    The corners are the card's own TL, TR, BR, BL (its upright reading order), so for a
    card photographed upside down the first corner is near the bottom right of the image.
    ``angle`` (degrees clockwise, any value) turns the card by exactly that much instead
    of a quarter turn plus jitter; the frame is held as for the nearest quarter turn.
    """
    if difficulty not in _PHONE:
        raise ValueError(f"difficulty must be one of {sorted(_PHONE)}, not {difficulty!r}")
    if angle is not None:
        rotation = round(angle / 90) % 4 * 90
    elif rotation is None:
        rotation = rng.choices((0, 90, 180, 270), (55, 15, 15, 15))[0]
    if rotation not in (0, 90, 180, 270):
        raise ValueError("rotation must be 0, 90, 180 or 270")
    if background is not None and background not in _BACKGROUNDS:
        raise ValueError(f"background must be one of {sorted(_BACKGROUNDS)}")
    p = _PHONE[difficulty]
    g = _np_rng(rng)
    cw, ch = doc.image.size
    page = ch > cw  # an A4 page (portrait) rather than a card
    # The frame is held the way the document lies: a card landscape, a page portrait.
    portrait = page != (rotation in (90, 270))
    if page:
        # A page is photographed to fill the frame, at the camera's resolution (a
        # 5 or 8 MP upload), or its print would be ~90 dpi and unreadable.
        long_side, short_side = (3264, 2448) if rng.random() < 0.5 else (2592, 1944)
        fill = rng.uniform(*_PAGE_FILL[difficulty])
    else:
        long_side, short_side = (2000, 1500) if rng.random() < 0.2 else (1600, 1200)
        fill = rng.uniform(*p["fill"])
    w, h = (short_side, long_side) if portrait else (long_side, short_side)
    # The document's long side along the frame's long side.
    scale = fill * long_side / max(cw, ch)
    tilt_max = p["tilt"][1]
    rx = math.radians(rng.uniform(-tilt_max, tilt_max))
    ry = math.radians(rng.uniform(-tilt_max, tilt_max))
    # Rotation is clockwise as the viewer sees it (image y points down).
    # The jitter is drawn even when ``angle`` overrides it: the draws that follow stay
    # in step, so a photo without ``angle`` is the same as before the parameter existed.
    jitter = rng.uniform(-p["jitter"][1], p["jitter"][1])
    rz = math.radians(rotation + jitter if angle is None else angle)
    pts3 = (
        np.array(
            [
                [-cw / 2, -ch / 2, 0],
                [cw / 2, -ch / 2, 0],
                [cw / 2, ch / 2, 0],
                [-cw / 2, ch / 2, 0],
            ],
            dtype=np.float64,
        )
        * scale
    )
    rotated = pts3 @ _rotation_matrix(rx, ry, rz).T
    focal = 1.1 * long_side  # a phone's main camera is roughly a 26-28 mm equivalent
    z = rotated[:, 2] + focal
    proj = np.stack([focal * rotated[:, 0] / z, focal * rotated[:, 1] / z], axis=1)
    # Keep the whole card in frame with a margin, then place it anywhere that allows.
    margin = 0.04 * min(w, h)
    span = proj.max(axis=0) - proj.min(axis=0)
    shrink = min(1.0, (w - 2 * margin) / span[0], (h - 2 * margin) / span[1])
    proj = (proj - proj.mean(axis=0)) * shrink
    lo, hi = proj.min(axis=0), proj.max(axis=0)
    cx = rng.uniform(margin - lo[0], w - margin - hi[0])
    cy = rng.uniform(margin - lo[1], h - margin - hi[1])
    dst = (proj + np.array([cx, cy])).astype(np.float32)
    homography = cv2.getPerspectiveTransform(_src_corners(doc), dst).astype(np.float64)

    name = background or rng.choice(
        ("wood", "tablecloth", "dark_desk") if difficulty == "easy" else tuple(_BACKGROUNDS)
    )
    bg = _BACKGROUNDS[name](g, h, w)
    card, mask = _card_arrays(doc)
    warped, m = _warp(card, mask, homography, (w, h))
    # A soft contact shadow offset towards the bottom right.
    shadow = _soft(m, 0.012 * long_side)
    shadow = np.roll(shadow, (int(0.006 * long_side), int(0.008 * long_side)), axis=(1, 0))
    bg *= (1.0 - 0.45 * shadow)[..., None]
    out = bg * (1 - m[..., None]) + warped * m[..., None]

    # Illumination: a linear gradient across the frame, a vignette and a colour cast.
    yy, xx = _grid(h, w)
    strength = rng.uniform(*p["light"])
    theta = rng.uniform(0, math.tau)
    grad = 1.0 + strength * ((xx / w - 0.5) * math.cos(theta) + (yy / h - 0.5) * math.sin(theta))
    vignette = 1.0 - 0.18 * (((xx / w - 0.5) ** 2 + (yy / h - 0.5) ** 2) * 2)
    cast = np.array([rng.uniform(0.95, 1.05), 1.0, rng.uniform(0.92, 1.04)], dtype=np.float32)
    out = out * (grad * vignette)[..., None] * cast[None, None, :]

    if difficulty == "hard" and rng.random() < 0.7:
        # Glare from a lamp: a soft additive spot on the lower part of the card, never on
        # the name row at its top (a card with the name washed out is a retake, not a test).
        u, v = rng.uniform(0.15, 0.85) * cw, rng.uniform(0.55, 0.92) * ch
        spot = cv2.perspectiveTransform(np.array([[[u, v]]], dtype=np.float32), homography)[0, 0]
        radius = rng.uniform(0.06, 0.12) * long_side
        amp = rng.uniform(70, 130)
        bump = np.exp(-(((xx - spot[0]) ** 2 + (yy - spot[1]) ** 2) / (2 * radius**2)))
        out = out + (amp * bump)[..., None]

    out = np.asarray(cv2.GaussianBlur(out, (0, 0), rng.uniform(*p["blur"])), dtype=np.float32)
    out = out + g.normal(0, rng.uniform(*p["noise"]), size=out.shape).astype(np.float32)
    img = _jpeg_round_trip(out.astype(np.float32), rng.randint(*(int(q) for q in p["jpeg"])))
    return img, dst.astype(np.float64)


def phone_photo(
    doc: RenderedDocument,
    rng: random.Random,
    *,
    difficulty: Difficulty = "easy",
    rotation: int | None = None,
) -> Image.Image:
    """The card photographed with a phone on a table.

    easy: tilt up to ~10°, card 45-75 % of the frame's long side, ±8° in-plane;
    hard: tilt up to 25°, 35-60 %, ±15°, stronger blur, noise and light, often a glare spot.
    ``rotation`` (0/90/180/270, clockwise; random if None) turns the card in the frame;
    quarter turns get a portrait frame. Output 1600×1200, 2000×1500 or their portraits.
    A portrait document (an A4 page) is framed portrait and close, at 2592×1944 or
    3264×2448 (a phone's 5 or 8 MP), its long side 78-90 % of the frame (hard: 65-82 %).
    """
    return phone_photo_with_corners(doc, rng, difficulty=difficulty, rotation=rotation)[0]


# ---------------------------------------------------------------------------- A4 copy


def a4_page(docs: list[RenderedDocument], rng: random.Random) -> Image.Image:
    """One or two cards photocopied onto A4 at 200 dpi, stacked from the top left.

    Copies are sometimes greyscale and always a little flat and noisy.
    """
    if not 1 <= len(docs) <= 2:
        raise ValueError("a4_page takes one or two documents")
    g = _np_rng(rng)
    w, h = A4_SIZE
    paper = float(g.uniform(244, 253))
    out: FloatImage = np.full((h, w, 3), paper, dtype=np.float32)
    y = rng.uniform(180, 320)
    for doc in docs:
        card, mask = _card_arrays(doc)
        cw, ch = doc.image.size
        scale = A4_CARD_SCALE * rng.uniform(0.98, 1.02)
        rot = cv2.getRotationMatrix2D((cw / 2, ch / 2), rng.uniform(-1.0, 1.0), scale)
        rot[0, 2] += rng.uniform(160, 420) - cw * (1 - scale) / 2
        rot[1, 2] += y - ch * (1 - scale) / 2
        warped, m = _warp(card, mask, np.vstack([rot, [0.0, 0.0, 1.0]]), (w, h))
        # As on a flatbed scan, the copier's light leaves a grey rim along the card's edge.
        rim = cv2.GaussianBlur(m, (0, 0), 1.5)
        out *= (1.0 - 0.15 * np.clip(rim - m, 0, 1) * 4)[..., None]
        out = out * (1 - m[..., None]) + warped * m[..., None]
        y += ch * scale + rng.uniform(100, 260)
    if rng.random() < 0.5:
        grey = out @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
        out = np.repeat(grey[..., None], 3, axis=2).astype(np.float32)
    # A copier flattens contrast a little and adds toner grain.
    out = (255 - (255 - out) * rng.uniform(0.9, 1.0)).astype(np.float32)
    out = np.asarray(cv2.GaussianBlur(out, (0, 0), 0.6), dtype=np.float32)
    out += np.round(g.normal(0, 1.0, size=(h, w, 1))).astype(np.float32)
    return Image.fromarray(np.clip(out + 0.5, 0, 255).astype(np.uint8), "RGB")


# ------------------------------------------------------------ degraded phone photos
#
# Post-processing of a finished phone photo, for the benchmark's capture conditions:
# each takes the photo and (where it needs to know where the document lies) the
# document's corners as returned by ``phone_photo_with_corners``.


def document_width(doc: RenderedDocument, corners: Corners) -> float:
    """The document's width in photo pixels: the mean length of its top and bottom edges."""
    top = float(np.hypot(*(corners[1] - corners[0])))
    bottom = float(np.hypot(*(corners[2] - corners[3])))
    return (top + bottom) / 2


def add_glare(
    img: Image.Image,
    doc: RenderedDocument,
    corners: Corners,
    *,
    centre: tuple[float, float],
    radii: tuple[float, float],
) -> Image.Image:
    """A specular highlight on the document: an ellipse at ``centre`` with semi-axes
    ``radii`` (both in document pixels) that is saturated white inside and fades out
    over about as far again outside.

    Inside the ellipse the print is gone (the value is 255 in every channel before
    the caller's JPEG encoding), as where a lamp's reflection burns out a laminated
    card: a field under it cannot be read by anyone.
    """
    arr = np.asarray(img.convert("RGB"), dtype=np.float32)
    h, w = arr.shape[:2]
    homography = cv2.getPerspectiveTransform(_src_corners(doc), corners.astype(np.float32))
    inverse = np.linalg.inv(homography).astype(np.float32)
    # float32: a photographed page is 8 MP, and this needs only pixel precision.
    yy, xx = _grid(h, w)
    # Every photo pixel mapped back onto the document, to draw the ellipse in its plane.
    den = inverse[2, 0] * xx + inverse[2, 1] * yy + inverse[2, 2]
    u = (inverse[0, 0] * xx + inverse[0, 1] * yy + inverse[0, 2]) / den
    v = (inverse[1, 0] * xx + inverse[1, 1] * yy + inverse[1, 2]) / den
    r2 = ((u - centre[0]) / radii[0]) ** 2 + ((v - centre[1]) / radii[1]) ** 2
    # 1 up to the ellipse (r = 1), then a Gaussian fall-off.
    strength = np.minimum(1.0, np.exp(-(r2 - 1.0) / 1.5)).astype(np.float32)
    out = arr + (255.0 - arr) * strength[..., None]
    return Image.fromarray(np.clip(out + 0.5, 0, 255).astype(np.uint8), "RGB")


def blur_photo(img: Image.Image, *, radius: float, motion_angle: float | None) -> Image.Image:
    """``img`` defocused (a disc of ``radius`` px) or, with ``motion_angle`` (degrees),
    smeared along that direction over ``2 * radius`` px, as a shaking hand does."""
    arr = np.asarray(img.convert("RGB"), dtype=np.float32)
    size = 2 * math.ceil(radius) + 1
    kernel = np.zeros((size, size), dtype=np.float32)
    c = size // 2
    if motion_angle is None:
        cv2.circle(kernel, (c, c), max(1, round(radius)), 1.0, -1, lineType=cv2.LINE_AA)
    else:
        dx = radius * math.cos(math.radians(motion_angle))
        dy = radius * math.sin(math.radians(motion_angle))
        p0 = (round(c - dx), round(c - dy))
        p1 = (round(c + dx), round(c + dy))
        cv2.line(kernel, p0, p1, 1.0, 1, lineType=cv2.LINE_AA)
    kernel /= kernel.sum()
    out = cv2.filter2D(arr, -1, kernel, borderType=cv2.BORDER_REFLECT)
    return Image.fromarray(np.clip(out + 0.5, 0, 255).astype(np.uint8), "RGB")


def downscale(img: Image.Image, factor: float) -> Image.Image:
    """``img`` resampled by ``factor`` (< 1), as a messenger app or an old phone sends it."""
    w, h = img.size
    size = (max(16, round(w * factor)), max(16, round(h * factor)))
    arr = np.asarray(img.convert("RGB"))
    out = cv2.resize(arr, size, interpolation=cv2.INTER_AREA)
    return Image.fromarray(out, "RGB")


def underexpose(img: Image.Image, gain: float, rng: random.Random) -> Image.Image:
    """``img`` taken with ``gain`` of the light it needed (a dim room, no flash): every
    level scaled by ``gain``, and the sensor noise the phone's amplification makes
    visible added (its spread grows as the light falls)."""
    arr = np.asarray(img.convert("RGB"), dtype=np.float32) * gain
    g = _np_rng(rng)
    arr += g.normal(0.0, 1.5 + 2.0 * (1.0 - gain), size=arr.shape).astype(np.float32)
    return Image.fromarray(np.clip(arr + 0.5, 0, 255).astype(np.uint8), "RGB")


def cut_off(img: Image.Image, corners: Corners, side: str, share: float) -> Image.Image:
    """``img`` cropped so that the photo's ``side`` ("left", "right", "top" or
    "bottom") cuts ``share`` of the document's extent off on that side, as when the
    requester holds the phone too close or off centre. The crop keeps the rest of
    the frame (the document stays where it was on the other sides)."""
    w, h = img.size
    x0, y0 = corners.min(axis=0)
    x1, y1 = corners.max(axis=0)
    box = [0, 0, w, h]
    if side == "left":
        box[0] = round(x0 + share * (x1 - x0))
    elif side == "right":
        box[2] = round(x1 - share * (x1 - x0))
    elif side == "top":
        box[1] = round(y0 + share * (y1 - y0))
    elif side == "bottom":
        box[3] = round(y1 - share * (y1 - y0))
    else:
        raise ValueError(f"side must be left, right, top or bottom, not {side!r}")
    left, top, right, bottom = box
    return img.crop((left, top, right, bottom))
