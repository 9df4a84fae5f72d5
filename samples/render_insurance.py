"""Renderer for a synthetic health insurance card (健康保険被保険者証) and its successor,
the 資格確認書, with ground-truth boxes; and a factory choosing plausible numbers.

The card is ID-1 at 300 dpi (1011 × 638 px) like the others in :mod:`samples.render`,
laid out as the cards of the 協会けんぽ and the 健康保険組合 are:

- a title row: "健康保険 被保険者証" (or "健康保険 資格確認書") and, on the right,
  "本人(被保険者)" over the issue date "令和 5年 4月 1日交付";
- "記号 <symbol>  番号 <number>  (枝番) <branch>" on one row;
- 氏名; 生年月日 (era date) with 性別; 資格取得年月日; 事業所名称 (value optional);
- 保険者番号 <8 digits>; 保険者名称 with the insurer's red seal. No photo.

Since the October 2020 amendment of the Health Insurance Act a business may not
collect the 記号・番号 (with 枝番) or the 保険者番号: a requester masks them. ``masked``
draws that masking the ways people do it: a marker stroke, or an opaque black or
white sticker. ``sensitive`` holds the boxes of the values either way.
"""

from __future__ import annotations

import datetime as dt
import random

from PIL import Image, ImageDraw

from samples.people import Person
from samples.render import (
    CARD_SIZE,
    INK,
    LABEL_INK,
    Box,
    RenderedDocument,
    _draw_name,
    _draw_text,
    _finish,
    _label_row_line,
    _marker_blackout,
    _pick_fonts,
    _seal,
    _security_pattern,
    _text_width,
    _union,
    format_era,
)

__all__ = [
    "COVER_STYLES",
    "KINDS",
    "MASKABLE",
    "health_insurance_card_for",
    "health_insurance_card_front",
]

KINDS = ("card", "certificate")
"""``card``: 健康保険被保険者証 (issued until 2024-12-01); ``certificate``: 資格確認書."""
MASKABLE = frozenset({"symbol_number", "insurer_number"})
"""What a requester may mask: the 記号・番号・枝番 row's values, the 保険者番号."""
COVER_STYLES = ("marker", "black_sticker", "white_sticker")
"""How a value is masked: a marker stroke, an opaque black or white sticker."""

# The date every committed case is judged against (samples.build.TODAY); repeated
# here because samples.build imports this module.
_TODAY = dt.date(2026, 11, 22)
# New 被保険者証 stopped being issued on 2024-12-02; 資格確認書 are issued since.
_LAST_CARD_DAY = dt.date(2024, 12, 1)
_FIRST_CERTIFICATE_DAY = dt.date(2024, 12, 2)

# Value column of the rows under the 記号・番号 row: the labels (up to 資格取得年月日,
# seven characters) end before it.
_VALUE_X = 244
_LABEL_X = 40


def _cover(img: Image.Image, box: Box, rng: random.Random, style: str) -> None:
    """Mask ``box`` as a requester does: marker, or an opaque black or white sticker."""
    if style == "marker":
        _marker_blackout(img, box, rng)
        return
    x, y, w, h = box
    pad_x, pad_y = rng.randint(8, 16), rng.randint(6, 12)
    rect = (x - pad_x, y - pad_y, x + w + pad_x, y + h + pad_y)
    draw = ImageDraw.Draw(img)
    if style == "black_sticker":
        shade = rng.randint(10, 35)
        draw.rectangle(rect, fill=(shade, shade, shade + 3))
    elif style == "white_sticker":
        # Label paper: opaque white, its edge a faint grey line on a scan.
        tone = rng.randint(247, 253)
        draw.rectangle(rect, fill=(tone, tone, tone), outline=(200, 200, 200), width=1)
    else:
        raise ValueError(f"unknown cover style {style!r}; valid: {', '.join(COVER_STYLES)}")


def health_insurance_card_front(
    person: Person,
    *,
    symbol: str,
    number: str,
    branch: str,
    insurer_number: str,
    insurer_name: str,
    acquired: dt.date,
    rng: random.Random,
    masked: frozenset[str] = frozenset(),
    kind: str = "card",
    issued: dt.date | None = None,
    office: str | None = None,
    cover: str | None = None,
) -> RenderedDocument:
    """The front of a health insurance card (``kind="card"``) or 資格確認書
    (``kind="certificate"``): the side a verifier may accept, as a document without
    a photo.

    ``masked`` may hold "symbol_number" (記号, 番号 and 枝番 values covered) and
    "insurer_number" (保険者番号 covered); ``cover`` is how (one of
    :data:`COVER_STYLES`, random if None). ``issued`` prints the 交付 date under the
    title; ``office`` the 事業所名称. Fields: name, birth_date, sex, acquired_date;
    sensitive: symbol_number (the three values' box), insurer_number.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {list(KINDS)}, got {kind!r}")
    unknown = masked - MASKABLE
    if unknown:
        raise ValueError(f"cannot mask {sorted(unknown)}; maskable: {sorted(MASKABLE)}")
    if len(insurer_number) != 8 or not insurer_number.isdigit():
        raise ValueError("insurer_number must be 8 digits")
    if not (symbol and number and branch):
        raise ValueError("symbol, number and branch must not be empty")
    fonts = _pick_fonts(rng)
    w, h = CARD_SIZE
    # 協会けんぽ cards are pale blue or pink, society cards often pale green or cream.
    base, inks = rng.choice(
        (
            ((244, 247, 252), ((220, 228, 244), (228, 236, 246), (236, 232, 244))),
            ((252, 246, 246), ((242, 222, 226), (236, 228, 240), (244, 232, 222))),
            ((246, 249, 243), ((216, 232, 216), (226, 230, 240), (238, 230, 214))),
        )
    )
    img = _security_pattern(CARD_SIZE, rng, base=base, inks=inks)
    draw = ImageDraw.Draw(img)
    dx, dy = rng.randint(-3, 3), rng.randint(-3, 3)
    fields: dict[str, Box] = {}
    value_size = rng.randint(38, 42)
    label_size = rng.randint(23, 25)
    vf, lf = fonts.val(value_size), fonts.lab(label_size)
    df = fonts.val(value_size - 4)
    lx, vx = _LABEL_X + dx, _VALUE_X + dx
    draw.rectangle((18, 16, w - 19, h - 17), outline=(150, 160, 175), width=2)

    # Title row.
    title = "被保険者証" if kind == "card" else "資格確認書"
    t = _draw_text(img, lx, 70 + dy, "健康保険", fonts.lab(34), INK)
    _draw_text(img, t[0] + t[2] + 22, 70 + dy, title, fonts.lab(40), INK)
    rf = fonts.lab(24)
    tag = "本人(被保険者)"
    _draw_text(img, w - 44 - _text_width(tag, rf), 54 + dy, tag, rf, LABEL_INK)
    if issued is not None:
        sf = fonts.lab(20)
        text = format_era(issued, padded=False) + "交付"
        _draw_text(img, w - 44 - _text_width(text, sf), 88 + dy, text, sf, LABEL_INK)
    _label_row_line(draw, 104 + dy, 22, w - 22)

    # 記号 … 番号 … (枝番) … on one row, each value after its label.
    base1 = 156 + dy
    nf = fonts.val(value_size)
    # Values start at fixed places (as the card's printer has them), at least 30 px
    # clear of the longest label face.
    _draw_text(img, lx, base1, "記号", lf, LABEL_INK)
    symbol_box = _draw_text(img, 124 + dx, base1, symbol, nf)
    _draw_text(img, 470 + dx, base1, "番号", lf, LABEL_INK)
    number_box = _draw_text(img, 556 + dx, base1, number, nf)
    _draw_text(img, 772 + dx, base1, "(枝番)", lf, LABEL_INK)
    branch_box = _draw_text(img, 884 + dx, base1, branch, nf)
    _label_row_line(draw, 178 + dy, 22, w - 22)

    # 氏名.
    base2 = 238 + dy
    _draw_text(img, lx, base2, "氏名", lf, LABEL_INK)
    fields["name"] = _draw_name(img, vx, base2, person, vf)

    # 生年月日 and 性別.
    base3 = 306 + dy
    _draw_text(img, lx, base3, "生年月日", lf, LABEL_INK)
    fields["birth_date"] = _draw_text(
        img, vx, base3, format_era(person.birth_date, padded=False), df
    )
    s = _draw_text(img, 690 + dx, base3, "性別", lf, LABEL_INK)
    fields["sex"] = _draw_text(img, s[0] + s[2] + 24, base3, person.sex, df)

    # 資格取得年月日.
    base4 = 370 + dy
    _draw_text(img, lx, base4, "資格取得年月日", lf, LABEL_INK)
    fields["acquired_date"] = _draw_text(img, vx, base4, format_era(acquired, padded=False), df)

    # 事業所名称: the employer; left blank on some cards.
    base5 = 432 + dy
    _draw_text(img, lx, base5, "事業所名称", lf, LABEL_INK)
    if office:
        _draw_text(img, vx, base5, office, fonts.val(value_size - 8), max_width=w - 60 - vx)
    _label_row_line(draw, 452 + dy, 22, w - 22)

    # 保険者番号 and 保険者名称 with the insurer's seal.
    base6 = 506 + dy
    _draw_text(img, lx, base6, "保険者番号", lf, LABEL_INK)
    insurer_box = _draw_text(img, vx, base6, insurer_number, nf)
    base7 = 574 + dy
    _draw_text(img, lx, base7, "保険者名称", lf, LABEL_INK)
    _draw_text(img, vx, base7, insurer_name, fonts.val(value_size - 8), max_width=820 - vx)
    _seal(img, (880, 500 + dy, 956, 576 + dy), "保険" if "協会" in insurer_name else "組合", fonts)

    style = cover if cover is not None else rng.choice(COVER_STYLES)
    if "symbol_number" in masked:
        for box in (symbol_box, number_box, branch_box):
            _cover(img, box, rng, style)
    if "insurer_number" in masked:
        _cover(img, insurer_box, rng, style)
    sensitive = {
        "symbol_number": _union(_union(symbol_box, number_box), branch_box),
        "insurer_number": insurer_box,
    }
    values = {
        "name": person.name,
        "birth_date": person.birth_date.isoformat(),
        "sex": person.sex,
        "acquired_date": acquired.isoformat(),
    }
    return RenderedDocument(
        _finish(img), "health_insurance_card", "front", fields, sensitive, values
    )


# Insurers: (name, 法別番号). 01: 協会けんぽ (one 支部 per prefecture), 06: a
# 健康保険組合. Invented society names; real 支部 names.
_KYOKAI_BRANCHES = ("東京", "大阪", "愛知", "神奈川", "福岡", "北海道", "埼玉", "兵庫", "広島")
_SOCIETIES = ("関東電機", "日本精工業", "東和商事", "みなと物産", "中央情報システム", "北星食品")
_OFFICES = ("株式会社 山手製作所", "有限会社 緑商店", "東和商事株式会社", "みなと物産株式会社",
            "合同会社 青空ソフト", "株式会社 中央情報システム")  # fmt: skip


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def health_insurance_card_for(
    person: Person,
    rng: random.Random,
    *,
    masked: frozenset[str] = frozenset(),
    today: dt.date = _TODAY,
    kind: str | None = None,
    cover: str | None = None,
) -> RenderedDocument:
    """A health insurance card (or 資格確認書) for ``person`` with plausible numbers
    and dates: coverage acquired after the 18th birthday and before ``today``, a card
    issued by 2024-12-01 or a certificate since 2024-12-02. ``kind`` and ``cover``
    (how ``masked`` values are covered) are random if None."""
    if kind is None:
        kind = rng.choice(KINDS) if today >= _FIRST_CERTIFICATE_DAY else "card"
    adult = person.birth_date.replace(year=person.birth_date.year + 18, day=1)
    last = min(today, _LAST_CARD_DAY) if kind == "card" else today
    first = max(adult, dt.date(1990, 1, 1))
    if first >= last:
        first = last - dt.timedelta(days=30)
    acquired = dt.date.fromordinal(rng.randint(first.toordinal(), last.toordinal()))
    if kind == "card":
        issued = acquired + dt.timedelta(days=rng.randint(3, 40))
        issued = min(issued, _LAST_CARD_DAY)
    else:
        start = max(acquired, _FIRST_CERTIFICATE_DAY)
        issued = dt.date.fromordinal(rng.randint(start.toordinal(), max(start, today).toordinal()))
    if rng.random() < 0.6:
        branch_name = rng.choice(_KYOKAI_BRANCHES)
        insurer_name = f"全国健康保険協会 {branch_name}支部"
        insurer_number = "01" + f"{rng.randint(1, 47):02d}" + "001" + _digits(rng, 1)
        symbol, number = _digits(rng, 8), str(rng.randint(1, 9_999_999))
    else:
        insurer_name = f"{rng.choice(_SOCIETIES)}健康保険組合"
        insurer_number = "06" + f"{rng.randint(1, 47):02d}" + _digits(rng, 4)
        symbol, number = str(rng.randint(1, 9999)), str(rng.randint(1, 99999))
    return health_insurance_card_front(
        person,
        symbol=symbol,
        number=number,
        branch=f"{rng.choice((0, 0, 0, 1, 2)):02d}",
        insurer_number=insurer_number,
        insurer_name=insurer_name,
        acquired=acquired,
        rng=rng,
        masked=masked,
        kind=kind,
        issued=issued if rng.random() < 0.8 else None,
        office=rng.choice(_OFFICES) if rng.random() < 0.8 else None,
        cover=cover,
    )
