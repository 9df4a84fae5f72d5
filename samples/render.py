"""Renderers for synthetic Japanese ID cards with ground-truth boxes.

Every card is ID-1 (85.60 × 53.98 mm) at 300 dpi, i.e. 1011 × 638 px, with rounded
corners, a pale guilloche-like security pattern, a photo placeholder and labels printed
small next to larger values, roughly as on the real cards. Values are printed crisp and
dark so that a good capture is readable by Tesseract; the difficulty is meant to come
from the capture (``samples.capture``), not from the print.

Label strings printed (the extractor can rely on them):

- driver's license front: 氏名, 住所, 交付, "…まで有効", 免許の条件等, 番号 (value "第 … 号"),
  二・小・原 / 他 / 二種, 種類, 運転免許証, "<prefecture>公安委員会".
- driver's license back: 備考 (rows "令和5年 6月 1日 住所 <address> <station>警察署長"),
  臓器提供意思表示.
- My Number front: 氏名, 住所, "…生", 性別, "YYYY年 M月 D日まで有効" (western year),
  電子証明書の有効期限, 個人番号カード, "<municipality>長".
- My Number back: 個人番号 (value "1234 5678 9012"), 氏名, 生年月日.

Boxes are ``(x, y, w, h)`` in card pixels and cover the value's ink (not its label).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import random
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from idverify.mrz import check_digit
from samples.people import Person, address_parts, era_date, split_building

__all__ = [
    "CARD_SIZE",
    "CORNER_RADIUS",
    "FONT_FILES",
    "VALUE_FONT_FILES",
    "Box",
    "RenderedDocument",
    "card_mask",
    "drivers_license_back",
    "drivers_license_front",
    "format_era",
    "format_western",
    "letter_page",
    "my_number_card_back",
    "my_number_card_front",
]

Box = tuple[int, int, int, int]
"""(x, y, w, h) in pixels."""

# ID-1 at 300 dpi: 85.60 mm × 53.98 mm → 1011 × 638 px; corner radius 3.18 mm → 38 px.
CARD_SIZE: tuple[int, int] = (1011, 638)
CORNER_RADIUS = 38

# (path, face index in a collection). The .ttc index 0 is the Japanese ("JP") face, which
# draws 直, 骨 and 誤 with the shapes Japanese readers (and the jpn model) expect.
FONT_FILES: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf", 0),
    ("/usr/share/fonts/opentype/ipafont-mincho/ipam.ttf", 0),
    ("/usr/share/fonts/truetype/takao-gothic/TakaoPGothic.ttf", 0),
    ("/usr/share/fonts/truetype/vlgothic/VL-Gothic-Regular.ttf", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 0),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 0),
)

INK = (22, 22, 28)
LABEL_INK = (55, 58, 70)
SEAL_RED = (205, 40, 40)


@dataclass(frozen=True)
class RenderedDocument:
    """A rendered card side and the ground truth needed to score a reader against it."""

    image: Image.Image
    doc_type: str  # "drivers_license" or "my_number_card", as in the output contract
    side: str  # "front" or "back"
    fields: dict[str, Box] = field(default_factory=dict)
    sensitive: dict[str, Box] = field(default_factory=dict)
    # What each field says, normalised (ISO dates, "山田 太郎"): the answer key for
    # scoring extraction. Includes the synthetic individual number on a My Number back.
    values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Fonts:
    """The two faces of one card: labels and values may come from different families."""

    label: tuple[str, int]
    value: tuple[str, int]

    def lab(self, size: int) -> ImageFont.FreeTypeFont:
        return _font(self.label, size)

    def val(self, size: int) -> ImageFont.FreeTypeFont:
        return _font(self.value, size)


@functools.lru_cache(maxsize=128)
def _font(face: tuple[str, int], size: int) -> ImageFont.FreeTypeFont:
    path, index = face
    try:
        return ImageFont.truetype(path, size, index=index)
    except OSError as exc:
        raise FileNotFoundError(
            f"font {path} is missing; samples need the Japanese fonts listed in FONT_FILES"
        ) from exc


# VL Gothic draws zero with a dot inside, which Tesseract's jpn model reads as 6 or 9;
# real cards never use such a face for numbers, so it only prints labels here.
VALUE_FONT_FILES: tuple[tuple[str, int], ...] = tuple(
    f for f in FONT_FILES if "VL-Gothic" not in f[0]
)


def _pick_fonts(rng: random.Random) -> _Fonts:
    return _Fonts(label=rng.choice(FONT_FILES), value=rng.choice(VALUE_FONT_FILES))


# ---------------------------------------------------------------------------- dates


def format_era(d: dt.date, *, padded: bool) -> str:
    """An era date as cards print it.

    ``padded=True`` is the license's zero-padded style ("令和03年05月01日"); otherwise
    month and day are padded with a space ("昭和60年 4月 1日"). Year 1 prints as 元.

    >>> format_era(dt.date(2021, 5, 1), padded=True)
    '令和03年05月01日'
    >>> format_era(dt.date(1985, 4, 1), padded=False)
    '昭和60年 4月 1日'
    """
    era, year = era_date(d)
    if padded:
        y = "元" if year == 1 else f"{year:02d}"
        return f"{era}{y}年{d.month:02d}月{d.day:02d}日"
    y = "元" if year == 1 else str(year)
    return f"{era}{y}年{d.month:>2}月{d.day:>2}日"


def format_western(d: dt.date) -> str:
    """A western-year date as the My Number card prints it ("2035年 4月 1日").

    >>> format_western(dt.date(2035, 4, 1))
    '2035年 4月 1日'
    """
    return f"{d.year}年{d.month:>2}月{d.day:>2}日"


# --------------------------------------------------------------------- primitives


def card_mask(size: tuple[int, int] = CARD_SIZE, radius: int = CORNER_RADIUS) -> Image.Image:
    """An ``L`` mask of the card's rounded rectangle (255 inside), for compositing captures."""
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).rounded_rectangle(
        (0, 0, size[0] - 1, size[1] - 1), radius=radius, fill=255
    )
    return mask


def _draw_text(
    img: Image.Image,
    x: int,
    baseline: int,
    text: str,
    font: ImageFont.FreeTypeFont,
    fill: tuple[int, int, int] = INK,
    max_width: int | None = None,
) -> Box:
    """Draw text with its left end at x on a baseline; return its ink box.

    If ``max_width`` is given and the text is wider, it is condensed horizontally, as the
    card printers do with long addresses, instead of being cut off or shrunk in height.
    """
    left, top, right, bottom = font.getbbox(text, anchor="ls")
    width, height = right - left, bottom - top
    if max_width is None or width <= max_width:
        ImageDraw.Draw(img).text((x, baseline), text, font=font, fill=fill, anchor="ls")
        return (x + int(left), baseline + int(top), int(width), int(height))
    mask = Image.new("L", (int(width), int(height)), 0)
    ImageDraw.Draw(mask).text((-left, -top), text, font=font, fill=255, anchor="ls")
    mask = mask.resize((max_width, int(height)), Image.Resampling.LANCZOS)
    img.paste(fill, (x + int(left), baseline + int(top)), mask)
    return (x + int(left), baseline + int(top), max_width, int(height))


def _union(a: Box, b: Box) -> Box:
    x0, y0 = min(a[0], b[0]), min(a[1], b[1])
    x1, y1 = max(a[0] + a[2], b[0] + b[2]), max(a[1] + a[3], b[1] + b[3])
    return (x0, y0, x1 - x0, y1 - y0)


def _text_width(text: str, font: ImageFont.FreeTypeFont) -> int:
    left, _, right, _ = font.getbbox(text, anchor="ls")
    return int(right - left)


def _draw_name(
    img: Image.Image, x: int, baseline: int, person: Person, font: ImageFont.FreeTypeFont
) -> Box:
    """Family and given name with a wide gap, as printed; one box over both."""
    a = _draw_text(img, x, baseline, person.family_name, font)
    gap = int(font.size * 0.6)
    b = _draw_text(img, a[0] + a[2] + gap, baseline, person.given_name, font)
    return _union(a, b)


def _security_pattern(
    size: tuple[int, int],
    rng: random.Random,
    base: tuple[int, int, int],
    inks: tuple[tuple[int, int, int], ...],
) -> Image.Image:
    """A pale guilloche-like background: fine wavy line fields plus two rosettes.

    Colours stay above ~200 in every channel so that binarisation drops them and the
    dark print survives: the pattern should make the card look real, not hide the text.
    """
    w, h = size
    img = Image.new("RGB", size, base)
    draw = ImageDraw.Draw(img)
    spacing = rng.uniform(7.0, 11.0)
    wave = rng.uniform(60.0, 140.0)
    amp = rng.uniform(6.0, 14.0)
    phase = rng.uniform(0, math.tau)
    for i in range(int(h / spacing) + 8):
        y0 = (i - 4) * spacing
        pts = [
            (
                float(x),
                y0
                + amp * math.sin(math.tau * x / wave + phase + i * 0.35)
                + 0.4 * amp * math.sin(math.tau * x / (wave * 2.7) - i * 0.2),
            )
            for x in range(0, w + 8, 6)
        ]
        draw.line(pts, fill=inks[i % len(inks)], width=1)
    for _ in range(2):
        cx, cy = rng.uniform(0.15, 0.85) * w, rng.uniform(0.2, 0.8) * h
        big_r, small_r = rng.uniform(60, 110), rng.uniform(9, 21)
        d = rng.uniform(30, 70)
        ink = rng.choice(inks)
        pts = []
        for k in range(2400):
            t = k / 2400 * math.tau * small_r / math.gcd(int(big_r), int(small_r))
            ratio = (big_r + small_r) / small_r
            pts.append(
                (
                    cx + (big_r + small_r) * math.cos(t) - d * math.cos(ratio * t),
                    cy + (big_r + small_r) * math.sin(t) - d * math.sin(ratio * t),
                )
            )
        draw.line(pts, fill=ink, width=1)
    return img


def _photo(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """A photo placeholder: grey head-and-shoulders silhouette on a pale blue ground."""
    w, h = size
    top = rng.randint(200, 215)
    img = Image.new("RGB", size, (top, top + 14, 238))
    draw = ImageDraw.Draw(img)
    for y in range(h):
        # A slight vertical gradient, as studio backdrops have.
        v = int(top + 22 * y / h)
        draw.line([(0, y), (w, y)], fill=(v - 8, v + 8, min(v + 30, 250)))
    grey = rng.randint(105, 140)
    body = (grey, grey, grey + 4)
    cx = w // 2 + rng.randint(-8, 8)
    head_w, head_h = int(w * 0.40), int(h * 0.40)
    head_top = int(h * 0.12)
    draw.rounded_rectangle(
        (cx - int(w * 0.46), int(h * 0.66), cx + int(w * 0.46), h + 60),
        radius=int(w * 0.25),
        fill=body,
    )
    draw.rectangle(
        (cx - head_w // 4, head_top + head_h // 2, cx + head_w // 4, int(h * 0.72)), fill=body
    )
    draw.ellipse(
        (cx - head_w // 2, head_top, cx + head_w // 2, head_top + head_h),
        fill=(grey - 15, grey - 15, grey - 10),
    )
    return img.filter(ImageFilter.GaussianBlur(1.2))


def _seal(img: Image.Image, box: tuple[int, int, int, int], text: str, fonts: _Fonts) -> None:
    """A red square seal (印影), blended so it looks stamped rather than pasted."""
    x0, y0, x1, _ = box
    overlay = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(overlay)
    d.rectangle(box, outline=(*SEAL_RED, 210), width=4)
    half = (x1 - x0) // 2
    f = _font(fonts.label, max(10, half - 6))
    # Seal text reads in columns from the right, top to bottom.
    for i, ch in enumerate((text + "之印印印")[:4]):
        col, row = divmod(i, 2)
        d.text((x1 - (col + 1) * half + 3, y0 + row * half + 3), ch, font=f, fill=(*SEAL_RED, 200))
    base = img.convert("RGBA")
    base.alpha_composite(overlay)
    img.paste(base.convert("RGB"))


def _finish(img: Image.Image) -> Image.Image:
    """Paint outside the rounded corners white: a card image is what a scan of it shows."""
    white = Image.new("RGB", img.size, (255, 255, 255))
    white.paste(img, (0, 0), card_mask(img.size))
    return white


def _label_row_line(draw: ImageDraw.ImageDraw, y: int, x0: int, x1: int) -> None:
    draw.line([(x0, y), (x1, y)], fill=(170, 175, 165), width=1)


# ------------------------------------------------------------------ driver's license


# Band colours of the validity row: green (first-time), blue (ordinary), gold (excellent).
LICENSE_BANDS: dict[str, tuple[int, int, int]] = {
    "green": (200, 235, 205),
    "blue": (205, 222, 245),
    "gold": (240, 222, 160),
}

_LICENSE_CATEGORIES = ("大型", "中型", "準中型", "普通", "大特", "大自二", "普自二", "小特")
_LICENSE_CATEGORIES_2 = ("原付", "け引", "大二", "中二", "普二", "大特二", "け引二", "旅二")


def drivers_license_front(
    person: Person,
    *,
    issue_date: dt.date,
    expiry_date: dt.date,
    license_number: str,
    rng: random.Random,
    conditions: str = "眼鏡等",
) -> RenderedDocument:
    """The front of an IC driver's license (運転免許証).

    Rows as on the real card: 氏名 + name + birth date; 住所 + address; 交付 + issue date
    and a 5-digit number; a coloured validity band "令和08年05月01日まで有効"; 免許の条件等;
    "番号 第 123456789012 号"; the category block; "<prefecture>公安委員会" with a red seal.
    Fields: name, birth_date, address, issue_date, expiry_date, license_number.
    """
    if len(license_number) != 12 or not license_number.isdigit():
        raise ValueError("license_number must be 12 digits")
    fonts = _pick_fonts(rng)
    w, h = CARD_SIZE
    img = _security_pattern(
        CARD_SIZE,
        rng,
        base=(246, 248, 242),
        inks=((214, 230, 214), (222, 226, 238), (236, 226, 214)),
    )
    draw = ImageDraw.Draw(img)
    dx, dy = rng.randint(-3, 3), rng.randint(-3, 3)
    fields: dict[str, Box] = {}
    value_size = rng.randint(40, 44)
    label_size = rng.randint(27, 29)
    vf, lf = fonts.val(value_size), fonts.lab(label_size)
    left_label, left_value = 34 + dx, 122 + dx
    right_edge = w - 30

    # Thin frame and row rules, in the pale green-grey the real card uses.
    draw.rectangle((18, 16, w - 19, h - 17), outline=(150, 170, 150), width=2)

    # Row 1: name and birth date.
    base1 = 84 + dy
    _draw_text(img, left_label, base1, "氏名", lf, LABEL_INK)
    fields["name"] = _draw_name(img, left_value, base1, person, vf)
    birth_text = format_era(person.birth_date, padded=False) + "生"
    bf = fonts.val(value_size - 6)
    bx = right_edge - _text_width(birth_text, bf)
    fields["birth_date"] = _draw_text(img, bx, base1, birth_text, bf)
    _label_row_line(draw, 104 + dy, 22, w - 22)

    # Row 2: address, condensed if long (the card has one line for it).
    base2 = 156 + dy
    _draw_text(img, left_label, base2, "住所", lf, LABEL_INK)
    size = value_size - 2
    while size > 30 and _text_width(person.address, fonts.val(size)) > right_edge - left_value:
        size -= 1
    fields["address"] = _draw_text(
        img, left_value, base2, person.address, fonts.val(size), max_width=right_edge - left_value
    )
    _label_row_line(draw, 176 + dy, 22, w - 22)

    # Photo on the right from row 3 down.
    photo_box = (696, 192, 966, 526)
    photo = _photo((photo_box[2] - photo_box[0], photo_box[3] - photo_box[1]), rng)
    img.paste(photo, photo_box[:2])
    draw.rectangle(photo_box, outline=(120, 130, 140), width=1)

    # Row 3: issue date and its 5-digit serial.
    base3 = 224 + dy
    _draw_text(img, left_label, base3, "交付", lf, LABEL_INK)
    df = fonts.val(value_size - 8)
    fields["issue_date"] = _draw_text(
        img, left_value, base3, format_era(issue_date, padded=True), df
    )
    serial = f"{rng.randint(10000, 99999)}"
    _draw_text(img, fields["issue_date"][0] + fields["issue_date"][2] + 22, base3, serial, df)

    # Row 4: the validity band.
    band = LICENSE_BANDS[rng.choice(tuple(LICENSE_BANDS))]
    draw.rectangle((24, 240 + dy, 680, 292 + dy), fill=band)
    ef = fonts.val(value_size - 4)
    fields["expiry_date"] = _draw_text(
        img, left_label + 8, 282 + dy, format_era(expiry_date, padded=True), ef
    )
    _draw_text(
        img, fields["expiry_date"][0] + fields["expiry_date"][2] + 8, 282 + dy, "まで有効", ef
    )

    # Row 5: conditions.
    base5 = 340 + dy
    _draw_text(img, left_label, base5, "免許の", fonts.lab(label_size - 4), LABEL_INK)
    _draw_text(img, left_label, base5 + 22, "条件等", fonts.lab(label_size - 4), LABEL_INK)
    _draw_text(img, left_value + 10, base5 + 10, conditions, fonts.val(value_size - 8))
    _label_row_line(draw, 372 + dy, 22, 684)

    # License number.
    base6 = 420 + dy
    nf = fonts.val(value_size - 6)
    a = _draw_text(img, left_label, base6, "番号", lf, LABEL_INK)
    b = _draw_text(img, a[0] + a[2] + 24, base6, "第", nf)
    fields["license_number"] = _draw_text(img, b[0] + b[2] + 14, base6, license_number, nf)
    _draw_text(img, fields["license_number"][0] + fields["license_number"][2] + 14, base6, "号", nf)

    # Category block: small, as on the card; the dates here are acquisition dates.
    small = fonts.lab(17)
    got_other = issue_date.replace(year=max(issue_date.year - rng.randint(3, 20), 1990))
    rows = (("二・小・原", ""), ("他", format_era(got_other, padded=True)), ("二種", ""))
    for i, (lab, val) in enumerate(rows):
        y = 462 + dy + i * 26
        draw.rectangle((30, y - 20, 470, y + 5), outline=(160, 170, 160), width=1)
        _draw_text(img, 36, y, lab, small, LABEL_INK)
        if val:
            _draw_text(img, 140, y, val, small, INK)
    held = {"普通"} | ({"大特"} if rng.random() < 0.2 else set())
    cell = 55
    for r, cats in enumerate((_LICENSE_CATEGORIES, _LICENSE_CATEGORIES_2)):
        for c, cat in enumerate(cats):
            x0, y0 = 30 + c * cell, 548 + dy + r * 34
            draw.rectangle((x0, y0, x0 + cell, y0 + 34), outline=(160, 170, 160), width=1)
            text = cat if cat in held else "－"
            _draw_text(img, x0 + 4, y0 + 25, text, fonts.lab(15), INK)
    _draw_text(img, 490, 538 + dy, "種類", fonts.lab(16), LABEL_INK)

    # Title and issuer.
    _draw_text(img, 500, 590 + dy, "運転免許証", fonts.lab(30), INK)
    pref, _, _ = address_parts(person.address)
    cf = fonts.lab(26)
    issuer = f"{pref}公安委員会"
    ix = 900 - _text_width(issuer, cf)
    _draw_text(img, ix, 586 + dy, issuer, cf, INK)
    _seal(img, (906, 548 + dy, 966, 608 + dy), "公安委員", fonts)

    values = {
        "name": person.name,
        "birth_date": person.birth_date.isoformat(),
        "address": person.address,
        "issue_date": issue_date.isoformat(),
        "expiry_date": expiry_date.isoformat(),
        "license_number": license_number,
    }
    return RenderedDocument(_finish(img), "drivers_license", "front", fields, {}, values)


def drivers_license_back(
    person: Person, *, changes: list[tuple[dt.date, str]], rng: random.Random
) -> RenderedDocument:
    """The back of a driver's license: the 備考 table with address changes, then 臓器提供意思表示.

    Each change prints as "令和5年 6月 1日 住所 <new address> <station>警察署長" (記載事項変更);
    the last printed row is the newest. Fields: change_1_address, change_2_address, … in
    printed order.
    """
    fonts = _pick_fonts(rng)
    w = CARD_SIZE[0]
    img = _security_pattern(
        CARD_SIZE, rng, base=(248, 249, 246), inks=((226, 234, 226), (230, 232, 240))
    )
    draw = ImageDraw.Draw(img)
    fields: dict[str, Box] = {}
    top, row_h, n_rows = 58, 52, 6
    draw.rectangle((24, 22, w - 25, top + row_h * n_rows), outline=(120, 130, 120), width=2)
    _draw_text(img, 36, 48, "備考", fonts.lab(22), LABEL_INK)
    for r in range(n_rows + 1):
        y = top + r * row_h
        draw.line([(24, y), (w - 25, y)], fill=(150, 160, 150), width=1)
    if len(changes) > n_rows:
        raise ValueError(f"at most {n_rows} changes fit on the back")
    first_size = rng.randint(27, 29)
    for i, (when, address) in enumerate(changes, start=1):
        base = top + i * row_h - 14
        ward = address_parts(address)[2]
        station = ward[:-1] if ward.endswith(("区", "市", "町", "村")) else ward
        station = station.split("郡")[-1]
        date_text, tail = format_era(when, padded=False), f"{station}警察署長"
        # The station's printer uses one typeface at one size per row: a long row
        # is printed a little smaller as a whole, never squeezed.
        size = first_size
        while size > 22:
            vf = fonts.val(size)
            row = _text_width(f"{date_text}住所{address}{tail}", vf) + 16 + 14 + 18
            if 38 + row <= w - 92:
                break
            size -= 1
        vf = fonts.val(size)
        a = _draw_text(img, 38, base, date_text, vf)
        b = _draw_text(img, a[0] + a[2] + 16, base, "住所", vf)
        tail_x = w - 92 - _text_width(tail, vf)  # the station's seal sits after its name
        room = tail_x - 18 - (b[0] + b[2] + 14)
        fields[f"change_{i}_address"] = _draw_text(
            img, b[0] + b[2] + 14, base, address, vf, max_width=room
        )
        _draw_text(img, tail_x, base, tail, vf)
        _seal(img, (w - 84, base - 38, w - 42, base + 4), "警察", fonts)

    small = fonts.lab(18)
    lines = (
        "臓器提供意思表示",
        "以下の部分を使用して臓器提供に関する意思を表示することができます。",
        "1. 私は、脳死後及び心臓が停止した死後のいずれでも、移植の為に臓器を提供します。",
        "2. 私は、心臓が停止した死後に限り、移植の為に臓器を提供します。",
        "3. 私は、臓器を提供しません。",
        "《1又は2を選んだ方で、提供したくない臓器があれば、×をつけてください。》",
        "【 心臓 ・ 肺 ・ 肝臓 ・ 腎臓 ・ 膵臓 ・ 小腸 ・ 眼球 】",
        "〔特記欄：                                   〕",
        "署名年月日：    年    月    日   本人署名                 家族署名",
    )
    y = top + row_h * n_rows + 34
    for k, line in enumerate(lines):
        f = fonts.lab(20) if k == 0 else small
        _draw_text(img, 36, y, line, f, LABEL_INK, max_width=w - 72)
        y += 25
    values = {f"change_{i}_address": a for i, (_, a) in enumerate(changes, start=1)}
    return RenderedDocument(_finish(img), "drivers_license", "back", fields, {}, values)


# ------------------------------------------------------------------- My Number card


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Break an address into lines that fit, as the card's printer does.

    The building goes on its own line; a street that does not fit breaks after the
    municipality (or ward) if that works, else at the last character that fits, never
    inside a block number (so "4番1号" is not split as "4番" / "1号").
    """
    street, building = split_building(text)
    lines: list[str] = []
    if _text_width(street, font) <= width:
        lines.append(street)
    else:
        pref, muni, ward = address_parts(street)
        head = street[: street.index(ward) + len(ward)] if ward in street else pref + muni
        tail = street[len(head) :]
        if _text_width(head, font) <= width and _text_width(tail, font) <= width:
            lines += [head, tail]
        else:
            current = ""
            for ch in street:
                if current and _text_width(current + ch, font) > width:
                    cut = len(current)
                    run = "0123456789番号地"
                    while ch in run and cut > 1 and current[cut - 1] in run:
                        cut -= 1
                    cut = cut if cut > 1 else len(current)
                    lines.append(current[:cut])
                    current = current[cut:]
                current += ch
            lines.append(current)
    if building is not None:
        lines.append(building)
    return lines


def my_number_card_front(
    person: Person, *, expiry_date: dt.date, rng: random.Random
) -> RenderedDocument:
    """The front of a My Number card (個人番号カード); the side a verifier may accept.

    氏名 + name; 住所 + address on up to three lines; "昭和60年 4月 1日生" and 性別; the
    validity "2035年 4月 1日まで有効" in western years; photo on the right with
    "<municipality>長" under it; the title 個人番号カード at the bottom.
    Fields: name, address, birth_date, sex, expiry_date.
    """
    fonts = _pick_fonts(rng)
    img = _security_pattern(
        CARD_SIZE,
        rng,
        base=(250, 247, 246),
        inks=((240, 222, 226), (226, 230, 242), (236, 232, 220)),
    )
    draw = ImageDraw.Draw(img)
    dx, dy = rng.randint(-3, 3), rng.randint(-3, 3)
    fields: dict[str, Box] = {}
    value_size = rng.randint(38, 42)
    lf, vf = fonts.lab(rng.randint(26, 28)), fonts.val(value_size)
    lx, vx = 36 + dx, 116 + dx
    text_right = 670

    _draw_text(img, lx, 80 + dy, "氏名", lf, LABEL_INK)
    fields["name"] = _draw_name(img, vx, 84 + dy, person, vf)

    _draw_text(img, lx, 150 + dy, "住所", lf, LABEL_INK)
    size = value_size - 4
    af = fonts.val(size)
    lines = _wrap(person.address, af, text_right - vx)
    while len(lines) > 3 and size > 26:
        size -= 2
        af = fonts.val(size)
        lines = _wrap(person.address, af, text_right - vx)
    box: Box | None = None
    for i, line in enumerate(lines[:3]):
        b = _draw_text(img, vx, 152 + dy + i * (size + 10), line, af, max_width=text_right - vx)
        box = b if box is None else _union(box, b)
    assert box is not None
    fields["address"] = box

    base = 326 + dy
    bf = fonts.val(value_size - 6)
    fields["birth_date"] = _draw_text(
        img, vx, base, format_era(person.birth_date, padded=False) + "生", bf
    )
    sx = fields["birth_date"][0] + fields["birth_date"][2] + 40
    s = _draw_text(img, sx, base, "性別", lf, LABEL_INK)
    fields["sex"] = _draw_text(img, s[0] + s[2] + 14, base, person.sex, bf)

    # Validity in a framed box, as printed on the card.
    ef = fonts.val(value_size - 8)
    text = format_western(expiry_date)
    tw = _text_width(text + "まで有効", ef)
    draw.rounded_rectangle(
        (vx - 12, 352 + dy, vx + tw + 30, 410 + dy), radius=8, outline=(150, 120, 130), width=2
    )
    fields["expiry_date"] = _draw_text(img, vx, 396 + dy, text, ef)
    _draw_text(
        img, fields["expiry_date"][0] + fields["expiry_date"][2] + 6, 396 + dy, "まで有効", ef
    )

    # The certificate-expiry and organ-donation boxes are left blank, as they often are.
    small = fonts.lab(17)
    draw.rectangle((lx, 432 + dy, 440, 470 + dy), outline=(170, 150, 160), width=1)
    _draw_text(img, lx + 6, 456 + dy, "電子証明書の有効期限", small, LABEL_INK)
    draw.rectangle((460, 432 + dy, 670, 470 + dy), outline=(170, 150, 160), width=1)
    _draw_text(img, 466, 456 + dy, "臓器提供意思", small, LABEL_INK)

    photo_box = (700, 46, 966, 396)
    img.paste(
        _photo((photo_box[2] - photo_box[0], photo_box[3] - photo_box[1]), rng), photo_box[:2]
    )
    draw.rectangle(photo_box, outline=(150, 140, 150), width=1)
    _, muni, _ = address_parts(person.address)
    mayor = f"{muni.split('郡')[-1]}長"
    mf = fonts.lab(26)
    _draw_text(img, 966 - _text_width(mayor, mf), 440, mayor, mf, INK)

    # Title, with a simple pink emblem to its left.
    draw.ellipse((lx, 536 + dy, lx + 56, 592 + dy), outline=(220, 120, 150), width=5)
    _draw_text(img, lx + 72, 584 + dy, "個人番号カード", fonts.lab(40), INK)
    values = {
        "name": person.name,
        "address": person.address,
        "birth_date": person.birth_date.isoformat(),
        "sex": person.sex,
        "expiry_date": expiry_date.isoformat(),
    }
    return RenderedDocument(_finish(img), "my_number_card", "front", fields, {}, values)


def _qr_like(size: int, rng: random.Random) -> Image.Image:
    """A QR-code-looking block pattern: three finder squares and random modules.

    It encodes nothing; it only has to look like (and be detected as) a code block.
    """
    n = 29
    module = size // n
    img = Image.new("RGB", (module * n, module * n), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    for r in range(n):
        for c in range(n):
            if rng.random() < 0.5:
                draw.rectangle(
                    (c * module, r * module, (c + 1) * module - 1, (r + 1) * module - 1), fill=0
                )
    for fr, fc in ((0, 0), (0, n - 7), (n - 7, 0)):
        x0, y0 = fc * module, fr * module
        draw.rectangle(
            (x0 - module, y0 - module, x0 + 8 * module, y0 + 8 * module), fill=(255, 255, 255)
        )
        draw.rectangle((x0, y0, x0 + 7 * module - 1, y0 + 7 * module - 1), fill=0)
        draw.rectangle(
            (x0 + module, y0 + module, x0 + 6 * module - 1, y0 + 6 * module - 1),
            fill=(255, 255, 255),
        )
        draw.rectangle(
            (x0 + 2 * module, y0 + 2 * module, x0 + 5 * module - 1, y0 + 5 * module - 1), fill=0
        )
    return img


def _chip(draw: ImageDraw.ImageDraw, x: int, y: int) -> None:
    """An IC chip contact plate: gold rectangle with the contact divisions."""
    draw.rounded_rectangle(
        (x, y, x + 130, y + 100), radius=14, fill=(214, 182, 96), outline=(150, 120, 50), width=2
    )
    draw.line([(x + 65, y), (x + 65, y + 100)], fill=(150, 120, 50), width=2)
    for k in (1, 2):
        yy = y + k * 33
        draw.line([(x, yy), (x + 45, yy)], fill=(150, 120, 50), width=2)
        draw.line([(x + 85, yy), (x + 130, yy)], fill=(150, 120, 50), width=2)
    draw.rectangle((x + 45, y + 25, x + 85, y + 75), outline=(150, 120, 50), width=2)


def _marker_blackout(img: Image.Image, box: Box, rng: random.Random) -> None:
    """Black out a box the way a person does with a marker: irregular, overshooting edges."""
    x, y, w, h = box
    pad = rng.randint(10, 18)
    x0, y0, x1, y1 = x - pad, y - pad, x + w + pad, y + h + pad
    pts: list[tuple[float, float]] = []
    steps = 7
    for k in range(steps):  # top edge, left to right, jitter only outward
        pts.append((x0 + (x1 - x0) * k / steps, y0 - rng.uniform(0, 8)))
    for k in range(3):
        pts.append((x1 + rng.uniform(0, 10), y0 + (y1 - y0) * k / 3))
    for k in range(steps):
        pts.append((x1 - (x1 - x0) * k / steps, y1 + rng.uniform(0, 8)))
    for k in range(3):
        pts.append((x0 - rng.uniform(0, 10), y1 - (y1 - y0) * k / 3))
    shade = rng.randint(8, 30)
    ImageDraw.Draw(img).polygon(pts, fill=(shade, shade, shade + 2))


def my_number_card_back(
    person: Person, *, individual_number: str, rng: random.Random, redacted: bool
) -> RenderedDocument:
    """The back of a My Number card: 個人番号 in large digits, name, birth date, QR block, chip.

    ``redacted`` covers the number with an irregular black marker patch, as a requester
    would. ``sensitive["individual_number"]`` is the digits' box either way.
    Fields: name, birth_date.
    """
    if len(individual_number) != 12 or not individual_number.isdigit():
        raise ValueError("individual_number must be 12 digits")
    fonts = _pick_fonts(rng)
    img = _security_pattern(
        CARD_SIZE, rng, base=(250, 248, 248), inks=((238, 224, 230), (228, 232, 242))
    )
    draw = ImageDraw.Draw(img)
    fields: dict[str, Box] = {}
    _draw_text(img, 40, 96, "個人番号", fonts.lab(28), LABEL_INK)
    digits = " ".join(individual_number[i : i + 4] for i in (0, 4, 8))
    number_box = _draw_text(img, 210, 104, digits, fonts.val(rng.randint(60, 66)))
    sf = fonts.val(28)
    a = _draw_text(img, 40, 188, "氏名", fonts.lab(22), LABEL_INK)
    fields["name"] = _draw_name(img, a[0] + a[2] + 20, 188, person, sf)
    b = _draw_text(img, 40, 236, "生年月日", fonts.lab(22), LABEL_INK)
    fields["birth_date"] = _draw_text(
        img, b[0] + b[2] + 20, 236, format_era(person.birth_date, padded=False) + "生", sf
    )
    _chip(draw, 70, 330)
    img.paste(_qr_like(250, rng), (712, 300))
    _draw_text(img, 40, 600, "個人番号カード", fonts.lab(24), LABEL_INK)
    if redacted:
        _marker_blackout(img, number_box, rng)
    values = {
        "name": person.name,
        "birth_date": person.birth_date.isoformat(),
        "individual_number": individual_number,
    }
    return RenderedDocument(
        _finish(img), "my_number_card", "back", fields, {"individual_number": number_box}, values
    )


# ---------------------------------------------------------------------------- passport

# ID-3 (the passport page) at 300 dpi: 125 × 88 mm.
PASSPORT_SIZE = (1476, 1039)
OCR_B = ("/usr/share/fonts/opentype/ocr-b/OCRB.otf", 0)
_PASSPORT_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                    "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")  # fmt: skip


def passport_date(d: dt.date) -> str:
    """A date as the passport's visual zone prints it: ``01 APR 1985``."""
    return f"{d.day:02d} {_PASSPORT_MONTHS[d.month - 1]} {d.year}"


def passport_mrz(
    surname: str, given: str, number: str, birth: dt.date, sex: str, expiry: dt.date
) -> tuple[str, str]:
    """The two TD3 lines of a Japanese passport (ICAO 9303), check digits computed."""
    line1 = (f"P<JPN{surname}<<{given}".replace(" ", "<") + "<" * 44)[:44]
    n = (number + "<" * 9)[:9]
    b, e = birth.strftime("%y%m%d"), expiry.strftime("%y%m%d")
    optional = "<" * 14
    body = f"{n}{check_digit(n)}JPN{b}{check_digit(b)}{sex}{e}{check_digit(e)}"
    body += f"{optional}{check_digit(optional)}"
    composite = body[0:10] + body[13:20] + body[21:43]
    return line1, body + str(check_digit(composite))


def passport_photo_page(
    person: Person,
    *,
    romaji: tuple[str, str],
    number: str,
    domicile: str,
    issue_date: dt.date,
    expiry_date: dt.date,
    rng: random.Random,
    domicile_masked: bool = False,
    broken_check: int | None = None,
) -> RenderedDocument:
    """The photo page of a Japanese passport: the visual zone (type, code, number,
    surname and given name in Hepburn, nationality, birth date ``01 APR 1985``, sex,
    registered domicile 本籍 as a prefecture, issue and expiry dates, authority) and
    the two-line MRZ in OCR-B.

    ``romaji`` is (surname, given name) as printed. ``domicile_masked`` blacks the
    本籍 out, as a careful requester does; ``broken_check`` replaces the MRZ line-2
    character at that index with another digit (a forged or misprinted zone).
    Fields: name, birth_date, sex, expiry_date, issue_date; sensitive: domicile.
    """
    fonts = _pick_fonts(rng)
    img = _security_pattern(
        PASSPORT_SIZE, rng, base=(246, 244, 236), inks=((226, 232, 222), (236, 226, 220))
    )
    draw = ImageDraw.Draw(img)
    lf, vf = fonts.lab(22), _font(("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 0), 34)
    jf = fonts.val(30)
    fields: dict[str, Box] = {}
    sensitive: dict[str, Box] = {}
    _draw_text(img, 40, 70, "日本国 JAPAN", fonts.lab(40), INK)
    _draw_text(img, 520, 70, "旅券 PASSPORT", fonts.lab(40), INK)
    photo_box = (40, 130, 420, 620)
    img.paste(
        _photo((photo_box[2] - photo_box[0], photo_box[3] - photo_box[1]), rng), photo_box[:2]
    )
    sex = "M" if person.sex == "男" else "F"
    rows = (
        ("型/Type", "P", None),
        ("発行国/Issuing country", "JPN", None),
        ("旅券番号/Passport No.", number, None),
        ("姓/Surname", romaji[0], "surname"),
        ("名/Given name", romaji[1], "given"),
        ("国籍/Nationality", "JAPAN", None),
        ("生年月日/Date of birth", passport_date(person.birth_date), "birth_date"),
        ("性別/Sex", sex, "sex"),
        ("本籍/Registered Domicile", domicile, "domicile"),
        ("発行年月日/Date of issue", passport_date(issue_date), "issue_date"),
        ("有効期間満了日/Date of expiry", passport_date(expiry_date), "expiry_date"),
    )
    for i, (label, value, key) in enumerate(rows):
        # Eight rows beside the photo, the rest in a second column (as printed).
        x, y = (460, 150 + 72 * i) if i < 8 else (980, 150 + 90 * (i - 8))
        _draw_text(img, x, y, label, lf, LABEL_INK)
        box = _draw_text(img, x, y + 40, value, jf if key == "domicile" else vf)
        if key == "domicile":
            sensitive["domicile"] = box
            if domicile_masked:
                draw.rectangle(
                    (box[0] - 6, box[1] - 6, box[0] + box[2] + 6, box[1] + box[3] + 6),
                    fill=(0, 0, 0),
                )
        elif key is not None:
            fields[key] = box
    fields["name"] = _union(fields.pop("surname"), fields.pop("given"))
    _draw_text(img, 40, 700, "外務省/MINISTRY OF FOREIGN AFFAIRS", lf, LABEL_INK)
    line1, line2 = passport_mrz(romaji[0], romaji[1], number, person.birth_date, sex, expiry_date)
    if broken_check is not None:
        wrong = str((int(line2[broken_check]) + 1) % 10) if line2[broken_check].isdigit() else "1"
        line2 = line2[:broken_check] + wrong + line2[broken_check + 1 :]
    mf = _font(OCR_B, 40)
    draw.rectangle((0, 880, PASSPORT_SIZE[0], PASSPORT_SIZE[1]), fill=(250, 250, 247))
    _draw_text(img, 60, 940, line1, mf)
    _draw_text(img, 60, 1000, line2, mf)
    values = {
        "name": f"{romaji[0]} {romaji[1]}",
        "birth_date": person.birth_date.isoformat(),
        "sex": sex,
        "issue_date": issue_date.isoformat(),
        "expiry_date": expiry_date.isoformat(),
        "mrz": f"{line1}\n{line2}",
    }
    return RenderedDocument(_finish(img), "passport", "photo_page", fields, sensitive, values)


# ---------------------------------------------------------------------------- not an ID

# A4 at 150 dpi, portrait.
LETTER_SIZE = (1240, 1754)


def letter_page(person: Person, *, rng: random.Random) -> RenderedDocument:
    """A letter from a company to ``person`` (name, postal address, date, body
    text): what a requester sends by mistake instead of an identity document. It
    names the person and their address, and identifies nobody."""
    fonts = _pick_fonts(rng)
    img = Image.new("RGB", LETTER_SIZE, (252, 252, 250))
    body, big = fonts.val(30), fonts.val(40)
    street, _ = split_building(person.address)
    _draw_text(img, 110, 200, f"〒{rng.randint(100, 999)}-{rng.randint(1000, 9999)}", body)
    _draw_text(img, 110, 250, street, body, max_width=1000)
    _draw_text(img, 110, 330, f"{person.name} 様", big)
    _draw_text(img, 800, 450, format_western(dt.date(2026, rng.randint(1, 10), 15)), body)
    _draw_text(img, 110, 560, "ご利用料金のお知らせ", big)
    lines = (
        "拝啓 平素より格別のご高配を賜り、厚く御礼申し上げます。",
        "さて、今月分のご利用料金を下記のとおりお知らせいたします。",
        "お支払いは口座振替にて承ります。ご不明な点がございましたら、",
        "お客様センターまでお問い合わせください。",
        "敬具",
    )
    for i, line in enumerate(lines):
        _draw_text(img, 110, 660 + 56 * i, line, body)
    _draw_text(img, 110, 1060, f"ご請求金額 {rng.randint(2, 30)},{rng.randint(100, 999)}円", big)
    _draw_text(img, 700, 1600, "株式会社サンプル電力 お客様センター", body)
    values = {"name": person.name, "address": person.address}
    return RenderedDocument(img, "letter", "page", {}, {}, values)


# Background print (a security pattern, a tint of the municipality's name) is at
# most this many grey levels under the paper: fading a value leaves it as it is.
_BACKGROUND_PRINT = 25


def faded(doc: RenderedDocument, keys: tuple[str, ...], contrast: int) -> RenderedDocument:
    """``doc`` with the print of its ``sensitive`` values under ``keys`` faded to
    ``contrast`` grey levels under the paper around it (a pale copy, print a glare
    lifted): still legible to a person. A value blacked out stays as it is."""
    pixels = np.asarray(doc.image.convert("RGB")).astype(np.float64)
    for key in keys:
        x, y, w, h = doc.sensitive[key]
        part = pixels[y : y + h, x : x + w]
        gray = part.mean(axis=2)
        paper = float(np.percentile(gray, 90))
        darkest = float(gray.min())
        if paper - darkest <= contrast or np.mean(gray < 100) > 0.6:
            continue  # already as faint, or a blackout bar
        darkness = paper - part
        scaled = darkness * (contrast / (paper - darkest))
        # Background print (no darker than _BACKGROUND_PRINT) stays as it is; the
        # value's strokes take the scaled darkness, however faint. (Keeping every
        # pixel at least as dark as the background print left all strokes 25
        # levels dark whatever the contrast under 25: found by a review, stop 29.)
        background = darkness <= _BACKGROUND_PRINT
        kept = np.where(background, np.maximum(scaled, darkness), scaled)
        pixels[y : y + h, x : x + w] = paper - kept
    image = Image.fromarray(np.clip(pixels, 0, 255).round().astype(np.uint8))
    return RenderedDocument(image, doc.doc_type, doc.side, doc.fields, doc.sensitive, doc.values)
