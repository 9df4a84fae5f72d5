"""Renderer of a synthetic resident certificate (住民票の写し) with ground-truth boxes.

The certificate is an A4 portrait page at 200 dpi (1654 × 2339 px), printed by the
municipality on pale security paper (a faint tiled pattern of its own name):

- the title 住民票の写し (or 住民票) and a small issue serial;
- a ruled table with a label column: 住所, 世帯主, ふりがな + 氏名, 生年月日 with
  性別 in the same row, 続柄, 住民となった年月日, 住所を定めた年月日, sometimes
  前住所, optionally 本籍 and 筆頭者, optionally 個人番号, and 備考;
- "この写しは、住民票の原本と相違ないことを証明する。", the issue date (令和8年11月1日),
  "<municipality>長 <name>" and a red seal.

Text is printed at 10-12 pt (values ~32-36 px, the name a little larger), as on real
certificates. A 本籍 or 個人番号 value may be legible, blacked out (marker or tape), or
not printed at all (no row, or a row saying 省略).

Boxes are ``(x, y, w, h)`` in page pixels and cover the value's ink (not its label).
``page_scan`` simulates a flatbed scan of the page at 150-300 dpi.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Literal

import cv2
import numpy as np
from PIL import Image, ImageDraw

from samples.people import GIVEN_NAMES, Person, address_parts, random_address, split_building
from samples.render import (
    INK,
    LABEL_INK,
    SEAL_RED,
    Box,
    RenderedDocument,
    _draw_text,
    _font,
    _Fonts,
    _marker_blackout,
    _pick_fonts,
    _text_width,
    _union,
    _wrap,
    format_era,
)

__all__ = [
    "PAGE_SIZE",
    "SensitiveChoice",
    "page_scan",
    "resident_certificate_for",
    "resident_certificate_page",
]

# A4 at 200 dpi: 210 × 297 mm.
PAGE_SIZE: tuple[int, int] = (1654, 2339)
PAGE_DPI = 200

SensitiveChoice = Literal["none", "legible", "masked"]

_RULE = (60, 60, 66)
_LABEL_FILL = (238, 238, 236)
# A household member's relation to the head, by sex (子 for either).
_RELATIONS = {"男": ("夫", "子", "父"), "女": ("妻", "子", "母")}
_MAYOR_FAMILY = ("佐藤", "鈴木", "高橋", "田中", "伊藤", "中村", "小林", "松本", "井上", "木村")
_MAYOR_GIVEN = ("一郎", "正男", "和夫", "博", "清", "茂", "勝", "恵美子", "洋子", "幸子")


def _hiragana(katakana: str) -> str:
    """The reading in hiragana, as certificates print ふりがな (ヤマダ → やまだ)."""
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in katakana)


def _era(d: dt.date, rng: random.Random) -> str:
    """An era date in one of the certificate styles: 昭和60年4月1日 or 昭和60年 4月 1日."""
    spaced = format_era(d, padded=False)
    return spaced if rng.random() < 0.4 else spaced.replace(" ", "")


def _municipality(address: str) -> tuple[str, str]:
    """(name in the background pattern, the issuer's title) for an address:
    千代田区 → 千代田区長; 横浜市中区 → 横浜市中区長; 北安曇郡白馬村 → 白馬村長."""
    _, muni, ward = address_parts(address)
    town = muni.split("郡")[-1]
    issuer = town + (ward if ward != muni else "")
    return town, issuer + "長"


def _paper(rng: random.Random, muni: str, fonts: _Fonts) -> Image.Image:
    """Pale security paper: a very light tint, a fine diagonal hatch and the
    municipality's name tiled faintly across the page (the 偽造防止 print).

    Every ink stays above ~225 so that binarisation drops it, as real copy-protection
    patterns are meant to be invisible to a reader but visible on a photocopy."""
    w, h = PAGE_SIZE
    base = rng.randint(250, 254)
    img = Image.new("RGB", PAGE_SIZE, (base, base, base - rng.randint(0, 3)))
    draw = ImageDraw.Draw(img)
    tint = (rng.randint(226, 236), rng.randint(232, 240), rng.randint(236, 244))
    step = rng.randint(14, 22)
    for x in range(-h, w, step):
        draw.line([(x, 0), (x + h, h)], fill=(base - 6, base - 5, base - 3), width=1)
    tile = _font(fonts.label, rng.randint(34, 44))
    dx, dy = rng.randint(260, 340), rng.randint(150, 200)
    for row, y in enumerate(range(-40, h, dy)):
        for x in range(-200 + (row % 2) * dx // 2, w, dx):
            draw.text((x, y), muni, font=tile, fill=tint)
    return img


def _seal(img: Image.Image, x0: int, y0: int, size: int, text: str, fonts: _Fonts) -> None:
    """A red square seal (職印), stamped over the end of the mayor's name."""
    overlay = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(overlay)
    d.rectangle((x0, y0, x0 + size, y0 + size), outline=(*SEAL_RED, 200), width=6)
    chars = (text + "之印")[:4] if len(text) < 4 else text[:4]
    half = size // 2
    f = _font(fonts.label, half - 10)
    for i, ch in enumerate(chars):
        col, row = divmod(i, 2)
        d.text(
            (x0 + size - (col + 1) * half + 6, y0 + row * half + 6),
            ch,
            font=f,
            fill=(*SEAL_RED, 190),
        )
    base = img.convert("RGBA")
    base.alpha_composite(overlay)
    img.paste(base.convert("RGB"))


def _blackout(img: Image.Image, box: Box, rng: random.Random) -> None:
    """Black out a value: a marker by hand, or a strip of black tape."""
    if rng.random() < 0.6:
        _marker_blackout(img, box, rng)
        return
    x, y, w, h = box
    pad = rng.randint(6, 14)
    shade = rng.randint(0, 25)
    ImageDraw.Draw(img).rectangle(
        (x - pad, y - pad, x + w + pad, y + h + pad), fill=(shade, shade, shade)
    )


def resident_certificate_page(
    person: Person,
    *,
    issue_date: dt.date,
    rng: random.Random,
    domicile: str | None,
    domicile_masked: bool,
    individual_number: str | None,
    number_masked: bool,
    household_head: str | None = None,
) -> RenderedDocument:
    """A 住民票の写し of ``person`` issued on ``issue_date`` (A4 portrait, 200 dpi).

    ``household_head`` is the head's name (``None``: the person is the head, 続柄
    世帯主). ``domicile`` / ``individual_number`` are printed in their rows when given
    (blacked out when ``*_masked``); when ``None`` the row is left out or says
    省略, as the requester asked the municipality to leave the item off.
    Fields: name, birth_date, address, issue_date, sex; sensitive: domicile and
    individual_number (the value's box, legible or not); values: the answer key.
    """
    if individual_number is not None and (
        len(individual_number) != 12 or not individual_number.isdigit()
    ):
        raise ValueError("individual_number must be 12 digits")
    fonts = _pick_fonts(rng)
    town, mayor_title = _municipality(person.address)
    img = _paper(rng, town, fonts)
    draw = ImageDraw.Draw(img)
    w, _ = PAGE_SIZE
    fields: dict[str, Box] = {}
    sensitive: dict[str, Box] = {}
    values: dict[str, str] = {}
    masks: list[Box] = []

    label_size = rng.randint(28, 31)
    value_size = rng.randint(32, 36)
    lf, vf = fonts.lab(label_size), fonts.val(value_size)
    left = rng.randint(120, 160)
    right = w - rng.randint(120, 160)
    label_w = rng.randint(330, 370)
    vx = left + label_w + 24  # where values start

    # Title, centred, letter-spaced as municipalities print it.
    title = "住民票の写し" if rng.random() < 0.8 else "住民票"
    tf = fonts.lab(rng.randint(60, 70))
    spaced = "　".join(title) if rng.random() < 0.5 else title
    tw = _text_width(spaced, tf)
    _draw_text(img, (w - tw) // 2, 230, spaced, tf, INK)
    sf = fonts.lab(24)
    serial = f"発行番号　{rng.randint(1000, 99999)}"
    _draw_text(img, right - _text_width(serial, sf), 300, serial, sf, LABEL_INK)

    relation = "世帯主" if household_head is None else rng.choice(_RELATIONS[person.sex])
    head = person.name if household_head is None else household_head
    moved_in = dt.date.fromordinal(
        rng.randint(
            max(person.birth_date, issue_date - dt.timedelta(days=40 * 365)).toordinal(),
            (issue_date - dt.timedelta(days=60)).toordinal(),
        )
    )
    settled = moved_in + dt.timedelta(days=rng.randint(0, 20))
    previous = split_building(random_address(rng))[0] if rng.random() < 0.5 else None

    # Each row: (label, row height, painter(y_top, y_bottom) -> None).
    rows: list[tuple[str, int, Callable[[int, int], None]]] = []
    line_h = value_size + 14

    af = vf
    address_lines = _wrap(person.address, af, right - vx - 20)

    def paint_address(top: int, bottom: int) -> None:
        n = len(address_lines)
        first = (top + bottom) // 2 - (n * line_h) // 2 + value_size
        box: Box | None = None
        for i, text in enumerate(address_lines):
            b = _draw_text(img, vx, first + i * line_h, text, af, max_width=right - vx - 20)
            box = b if box is None else _union(box, b)
        assert box is not None
        fields["address"] = box
        values["address"] = person.address

    def baseline(top: int, bottom: int, size: int) -> int:
        return (top + bottom) // 2 + size * 2 // 5

    def paint_head(top: int, bottom: int) -> None:
        family, _, given = head.partition(" ")
        a = _draw_text(img, vx, baseline(top, bottom, value_size), family, vf)
        _draw_text(img, a[0] + a[2] + value_size // 2, baseline(top, bottom, value_size), given, vf)
        values["household_head"] = head

    name_size = value_size + rng.randint(2, 6)

    def paint_name(top: int, bottom: int) -> None:
        kf = fonts.val(22)
        kana = _hiragana(person.kana)
        _draw_text(img, vx, top + 34, kana, kf)
        nf = fonts.val(name_size)
        base = bottom - 22
        a = _draw_text(img, vx, base, person.family_name, nf)
        b = _draw_text(img, a[0] + a[2] + int(name_size * 0.8), base, person.given_name, nf)
        fields["name"] = _union(a, b)
        values["name"] = person.name

    def paint_birth(top: int, bottom: int) -> None:
        base = baseline(top, bottom, value_size)
        fields["birth_date"] = _draw_text(img, vx, base, _era(person.birth_date, rng), vf)
        values["birth_date"] = person.birth_date.isoformat()
        # 性別 in its own labelled cell at the right of the row.
        cell = right - 300
        draw.line([(cell, top), (cell, bottom)], fill=_RULE, width=1)
        draw.rectangle((cell + 1, top + 1, cell + 130, bottom - 1), fill=_LABEL_FILL)
        draw.line([(cell + 130, top), (cell + 130, bottom)], fill=_RULE, width=1)
        _draw_text(img, cell + 18, baseline(top, bottom, label_size), "性別", lf, LABEL_INK)
        fields["sex"] = _draw_text(img, cell + 170, base, person.sex, vf)
        values["sex"] = person.sex

    def painter(text: str) -> Callable[[int, int], None]:
        def paint(top: int, bottom: int) -> None:
            _draw_text(img, vx, baseline(top, bottom, value_size), text, vf)

        return paint

    def paint_sensitive(key: str, text: str, masked: bool) -> Callable[[int, int], None]:
        def paint(top: int, bottom: int) -> None:
            box = _draw_text(img, vx, baseline(top, bottom, value_size), text, vf)
            if key:
                sensitive[key] = box
            if masked:
                masks.append(box)

        return paint

    rows.append(("住所", max(96, len(address_lines) * line_h + 40), paint_address))
    rows.append(("世帯主", 84, paint_head))
    rows.append(("氏名", 116, paint_name))
    rows.append(("生年月日", 84, paint_birth))
    rows.append(("続柄", 84, painter(relation)))
    rows.append(("住民となった年月日", 84, painter(_era(moved_in, rng))))
    rows.append(("住所を定めた年月日", 84, painter(_era(settled, rng) + "　転入")))
    if previous is not None:
        rows.append(("前住所", 84, painter(previous)))
    if domicile is not None:
        values["domicile"] = domicile
        head_of_register = head if rng.random() < 0.6 else person.name
        rows.append(("本籍", 84, paint_sensitive("domicile", domicile, domicile_masked)))
        rows.append(("筆頭者", 84, paint_sensitive("", head_of_register, domicile_masked)))
    elif rng.random() < 0.5:
        rows.append(("本籍", 84, painter("省略")))
        rows.append(("筆頭者", 84, painter("省略")))
    if individual_number is not None:
        values["individual_number"] = individual_number
        spaced_number = (
            " ".join(individual_number[i : i + 4] for i in (0, 4, 8))
            if rng.random() < 0.5
            else individual_number
        )
        rows.append(
            ("個人番号", 84, paint_sensitive("individual_number", spaced_number, number_masked))
        )
    elif rng.random() < 0.5:
        rows.append(("個人番号", 84, painter("省略")))
    rows.append(("備考", 120, painter("")))

    # The table: the label column shaded, every row ruled, a heavier frame.
    top = rng.randint(350, 380)
    y = top
    bounds: list[tuple[str, int, int]] = []
    for label, height, _ in rows:
        bounds.append((label, y, y + height))
        y += height
    bottom = y
    draw.rectangle((left, top, left + label_w, bottom), fill=_LABEL_FILL)
    for label, y0, y1 in bounds:
        draw.line([(left, y0), (right, y0)], fill=_RULE, width=1)
        lw = _text_width(label, lf)
        if lw > label_w - 24:
            # 住民となった年月日 is condensed to fit the column, as printed.
            _draw_text(
                img, left + 12, (y0 + y1) // 2 + label_size * 2 // 5, label, lf, LABEL_INK,
                max_width=label_w - 24,
            )  # fmt: skip
        else:
            _draw_text(img, left + 16, (y0 + y1) // 2 + label_size * 2 // 5, label, lf, LABEL_INK)
        if label == "氏名":
            _draw_text(img, left + 16, y0 + 32, "ふりがな", fonts.lab(20), LABEL_INK)
    draw.line([(left + label_w, top), (left + label_w, bottom)], fill=_RULE, width=1)
    draw.rectangle((left, top, right, bottom), outline=_RULE, width=3)
    for (_, _, paint), (_, y0, y1) in zip(rows, bounds, strict=True):
        paint(y0, y1)
    for box in masks:
        _blackout(img, box, rng)

    # The attestation, the issue date, the mayor's name and the seal.
    cf = fonts.lab(rng.randint(32, 35))
    y = bottom + rng.randint(110, 160)
    _draw_text(img, left + 40, y, "この写しは、住民票の原本と相違ないことを証明する。", cf, INK)
    y += rng.randint(90, 120)
    issue_text = _era(issue_date, rng).replace(" ", "")
    fields["issue_date"] = _draw_text(img, left + 40, y, issue_text, fonts.val(value_size))
    values["issue_date"] = issue_date.isoformat()
    y += rng.randint(110, 140)
    mayor = f"{mayor_title}　{rng.choice(_MAYOR_FAMILY)}　{rng.choice(_MAYOR_GIVEN)}"
    mf = fonts.lab(rng.randint(38, 44))
    mx = right - _text_width(mayor, mf) - 80
    m = _draw_text(img, mx, y, mayor, mf, INK)
    _seal(img, m[0] + m[2] - 60, m[1] - 50, 140, town[:2] + "長印", fonts)
    return RenderedDocument(img, "resident_certificate", "page", fields, sensitive, values)


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def resident_certificate_for(
    person: Person,
    rng: random.Random,
    *,
    today: dt.date = dt.date(2026, 11, 22),
    age_days: int | None = None,
    domicile: SensitiveChoice = "none",
    number: SensitiveChoice = "none",
) -> RenderedDocument:
    """A certificate for ``person`` issued ``age_days`` before ``today`` (default:
    within the last three months), with the 本籍 and 個人番号 rows as asked:
    ``"none"`` (not printed), ``"legible"`` or ``"masked"`` (blacked out)."""
    if domicile not in ("none", "legible", "masked") or number not in (
        "none",
        "legible",
        "masked",
    ):
        raise ValueError('domicile and number must be "none", "legible" or "masked"')
    days = rng.randint(1, 85) if age_days is None else age_days
    head: str | None = None
    if rng.random() < 0.5:
        given = rng.choice([g[0] for g in GIVEN_NAMES if g[0] != person.given_name])
        head = f"{person.family_name} {given}"
    return resident_certificate_page(
        person,
        issue_date=today - dt.timedelta(days=days),
        rng=rng,
        domicile=None if domicile == "none" else split_building(random_address(rng))[0],
        domicile_masked=domicile == "masked",
        individual_number=None if number == "none" else str(rng.randint(1, 9)) + _digits(rng, 11),
        number_masked=number == "masked",
        household_head=head,
    )


def page_scan(
    doc: RenderedDocument,
    rng: random.Random,
    *,
    dpi: int = PAGE_DPI,
    max_angle: float = 1.0,
) -> Image.Image:
    """The page on a flatbed at ``dpi``: turned by up to ``max_angle`` degrees, the
    bed's white showing at the corners, slightly soft, with a few specks of dust."""
    g = np.random.default_rng(rng.getrandbits(64))
    page = np.asarray(doc.image.convert("RGB"), dtype=np.float32)
    h, w = page.shape[:2]
    angle = rng.uniform(-max_angle, max_angle)
    scale = dpi / PAGE_DPI
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, scale)
    out_w, out_h = round(w * scale), round(h * scale)
    matrix[0, 2] += (out_w - w) / 2
    matrix[1, 2] += (out_h - h) / 2
    lid = float(rng.uniform(246, 254))
    warped = cv2.warpAffine(
        page,
        matrix,
        (out_w, out_h),
        flags=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=(lid, lid, lid),
    )
    out = np.asarray(cv2.GaussianBlur(warped, (0, 0), rng.uniform(0.35, 0.6) * scale), np.float32)
    for _ in range(int(g.integers(10, 50))):
        y, x = int(g.integers(0, out_h)), int(g.integers(0, out_w))
        r = int(g.integers(1, 3))
        out[max(y - r, 0) : y + r, max(x - r, 0) : x + r] *= float(g.uniform(0.3, 0.8))
    return Image.fromarray(np.clip(out + 0.5, 0, 255).astype(np.uint8), "RGB")
