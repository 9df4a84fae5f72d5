"""The residence card (在留カード) of a foreign resident, front and back, with ground truth.

Front, as the card prints it (ID-1, 1011 × 638 px at 300 dpi, like ``samples.render``):
the title 在留カード / RESIDENCE CARD, 番号 <card number> (2 letters, 8 digits, 2
letters), 氏名 NAME <FAMILY GIVEN> in Latin capitals (family name first), a row with
生年月日 <1985年04月01日> 性別 <M./F.> 国籍・地域 <country>, 住居地 <address> (up to
two lines), 在留資格 <status> with 就労制限の有無, 在留期間(満了日) <5年 (2029年04月01日)>,
許可年月日 and 交付年月日, "このカードは 2029年04月01日 まで有効 です。", the photo on the
right and 法務大臣 with a seal.

Back: the 住居地記載欄 table (届出年月日 / 住居地 / 記載者印) with the address changes the
municipality wrote in, the newest in the lowest filled row, then the 資格外活動許可欄 and
在留期間更新等許可申請欄 boxes.

Foreign residents come from a table of realistic names (Latin spelling as the card prints
it, katakana as the holder would write it on a form) of several nationalities.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace

from PIL import ImageDraw

from samples.people import Person, _address_near_miss, address_parts, random_address
from samples.render import (
    CARD_SIZE,
    INK,
    LABEL_INK,
    RenderedDocument,
    _draw_text,
    _finish,
    _photo,
    _pick_fonts,
    _seal,
    _security_pattern,
    _text_width,
    _wrap,
)

# The samples' "today" (samples.build.TODAY, which imports this module).
TODAY = dt.date(2026, 11, 22)

__all__ = [
    "FOREIGN_NAMES",
    "RESIDENCE_STATUSES",
    "ForeignResident",
    "foreign_near_miss",
    "random_card_number",
    "random_foreign_resident",
    "residence_card_back",
    "residence_card_back_for",
    "residence_card_for",
    "residence_card_front",
    "western_date",
]


@dataclass(frozen=True)
class ForeignResident(Person):
    """A foreign resident: ``family_name``/``given_name`` hold the Latin spelling in
    capitals ("NGUYEN" / "VAN AN"), the kana fields its katakana reading."""

    nationality: str = "ベトナム"


# (family, given, family kana, given kana, nationality as printed, sex).
FOREIGN_NAMES: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("NGUYEN", "VAN AN", "グエン", "ヴァン アン", "ベトナム", "男"),
    ("TRAN", "THI HOA", "チャン", "ティ ホア", "ベトナム", "女"),
    ("LE", "MINH DUC", "レー", "ミン ドゥック", "ベトナム", "男"),
    ("PHAM", "THI LAN", "ファム", "ティ ラン", "ベトナム", "女"),
    ("HOANG", "VAN NAM", "ホアン", "ヴァン ナム", "ベトナム", "男"),
    ("WANG", "XIAOMING", "ワン", "シャオミン", "中国", "男"),
    ("LI", "NA", "リ", "ナ", "中国", "女"),
    ("ZHANG", "WEI", "チャン", "ウェイ", "中国", "男"),
    ("LIU", "YANG", "リウ", "ヤン", "中国", "女"),
    ("CHEN", "JING", "チェン", "ジン", "中国", "女"),
    ("SANTOS", "MARIA CLARA", "サントス", "マリア クララ", "フィリピン", "女"),
    ("REYES", "JOSE MIGUEL", "レイエス", "ホセ ミゲル", "フィリピン", "男"),
    ("DELA CRUZ", "ANGELICA", "デラ クルス", "アンジェリカ", "フィリピン", "女"),
    ("GARCIA", "MARK ANTHONY", "ガルシア", "マーク アンソニー", "フィリピン", "男"),
    ("SHRESTHA", "RAM BAHADUR", "シュレスタ", "ラム バハドゥル", "ネパール", "男"),
    ("GURUNG", "SITA", "グルン", "シタ", "ネパール", "女"),
    ("THAPA", "BIKASH", "タパ", "ビカス", "ネパール", "男"),
    ("TAMANG", "PEMA", "タマン", "ペマ", "ネパール", "女"),
    ("KIM", "MIN JUN", "キム", "ミンジュン", "韓国", "男"),
    ("PARK", "JI YEON", "パク", "ジヨン", "韓国", "女"),
    ("LEE", "SEO YUN", "イ", "ソユン", "韓国", "女"),
    ("CHOI", "HYUN WOO", "チェ", "ヒョヌ", "韓国", "男"),
    ("DA SILVA", "JOAO PEDRO", "ダ シルバ", "ジョアン ペドロ", "ブラジル", "男"),
    ("OLIVEIRA", "ANA BEATRIZ", "オリベイラ", "アナ ベアトリス", "ブラジル", "女"),
    ("SOUZA", "LUCAS", "ソウザ", "ルーカス", "ブラジル", "男"),
    ("NAKAMURA", "RAFAEL KENJI", "ナカムラ", "ラファエル ケンジ", "ブラジル", "男"),
    ("SMITH", "JOHN MICHAEL", "スミス", "ジョン マイケル", "米国", "男"),
    ("JOHNSON", "EMILY", "ジョンソン", "エミリー", "米国", "女"),
    ("WILLIAMS", "DAVID", "ウィリアムズ", "デイビッド", "米国", "男"),
    ("BROWN", "SARAH ELIZABETH", "ブラウン", "サラ エリザベス", "米国", "女"),
    ("SETIAWAN", "BUDI", "セティアワン", "ブディ", "インドネシア", "男"),
)

# (status, period lengths in years, work restriction line). 0 years: indefinite (永住者).
RESIDENCE_STATUSES: tuple[tuple[str, tuple[int, ...], str], ...] = (
    ("技術・人文知識・国際業務", (1, 3, 5), "在留資格に基づく就労活動のみ可"),
    ("技能実習（1号ロ）", (1,), "指定書記載機関での在留資格に基づく就労活動のみ可"),
    ("特定技能1号", (1, 3), "指定書により指定された就労活動のみ可"),
    ("留学", (1, 2, 4), "就労不可"),
    ("家族滞在", (1, 3, 5), "就労不可"),
    ("日本人の配偶者等", (1, 3, 5), "就労制限なし"),
    ("定住者", (1, 3, 5), "就労制限なし"),
    ("技能", (1, 3, 5), "在留資格に基づく就労活動のみ可"),
    ("経営・管理", (1, 3, 5), "在留資格に基づく就労活動のみ可"),
    ("永住者", (0,), "就労制限なし"),
)

_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # card numbers: no I or O
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# A permanent resident's card runs seven years from issue.
_PERMANENT_CARD_YEARS = 7


def western_date(d: dt.date) -> str:
    """A date as the residence card prints it: zero-padded western year.

    >>> western_date(dt.date(1985, 4, 1))
    '1985年04月01日'
    """
    return f"{d.year}年{d.month:02d}月{d.day:02d}日"


def random_foreign_resident(rng: random.Random) -> ForeignResident:
    """An invented foreign resident: a name from :data:`FOREIGN_NAMES`, a birth date
    (1960-2005) and an invented Japanese address."""
    family, given, family_kana, given_kana, nationality, sex = rng.choice(FOREIGN_NAMES)
    start, end = dt.date(1960, 1, 1).toordinal(), dt.date(2005, 12, 31).toordinal()
    birth = dt.date.fromordinal(rng.randint(start, end))
    return ForeignResident(
        family, given, family_kana, given_kana, birth, random_address(rng), sex, nationality
    )


def random_card_number(rng: random.Random) -> str:
    """A card number as printed: two letters, eight digits, two letters."""
    letters = "".join(rng.choice(_LETTERS) for _ in range(2))
    digits = "".join(str(rng.randint(0, 9)) for _ in range(8))
    return letters + digits + "".join(rng.choice(_LETTERS) for _ in range(2))


def _add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def residence_card_front(
    person: Person,
    *,
    nationality: str,
    card_number: str,
    status: str,
    period_end: dt.date | None,
    expiry_date: dt.date,
    rng: random.Random,
    issue_date: dt.date | None = None,
    work: str = "在留資格に基づく就労活動のみ可",
) -> RenderedDocument:
    """The front of a residence card for ``person`` (Latin name in ``family_name`` /
    ``given_name``).

    ``period_end`` is the end of the period of stay (``None``: 無期限, a permanent
    resident); ``expiry_date`` the card's validity ("このカードは…まで有効です。").
    ``issue_date`` (default: three years before the expiry) prints as 許可年月日 and
    交付年月日. Fields: name, birth_date, sex, nationality, address, status,
    expiry_date, card_number; ``values`` is the answer key (name "NGUYEN VAN AN").
    """
    if (
        len(card_number) != 12
        or not card_number[:2].isalpha()
        or not card_number[2:10].isdigit()
        or not card_number[10:].isalpha()
    ):
        raise ValueError("card_number must be 2 letters, 8 digits and 2 letters")
    issue = issue_date or _add_years(expiry_date, -3)
    fonts = _pick_fonts(rng)
    w = CARD_SIZE[0]
    img = _security_pattern(
        CARD_SIZE,
        rng,
        base=(246, 247, 250),
        inks=((222, 228, 242), (232, 224, 238), (224, 236, 232)),
    )
    draw = ImageDraw.Draw(img)
    dx, dy = rng.randint(-3, 3), rng.randint(-3, 3)
    fields: dict[str, tuple[int, int, int, int]] = {}
    lx, vx, right = 36 + dx, 150 + dx, w - 36
    lf, tiny = fonts.lab(rng.randint(22, 24)), fonts.lab(13)

    # Title and card number.
    _draw_text(img, lx, 66 + dy, "在留カード", fonts.lab(42), INK)
    _draw_text(img, lx + 232, 64 + dy, "RESIDENCE CARD", fonts.lab(20), LABEL_INK)
    nf = fonts.val(32)
    number_x = right - _text_width(card_number, nf)
    fields["card_number"] = _draw_text(img, number_x, 66 + dy, card_number, nf)
    _draw_text(img, number_x - 70, 62 + dy, "番号", lf, LABEL_INK)
    _draw_text(img, number_x - 70, 78 + dy, "NUMBER", tiny, LABEL_INK)
    draw.line([(24, 92 + dy), (w - 24, 92 + dy)], fill=(170, 175, 190), width=1)

    # Name in Latin capitals, family name first; condensed if long, as printed.
    _draw_text(img, lx, 140 + dy, "氏名", lf, LABEL_INK)
    _draw_text(img, lx, 158 + dy, "NAME", tiny, LABEL_INK)
    name_size = rng.randint(38, 42)
    fields["name"] = _draw_text(
        img, vx, 150 + dy, person.name, fonts.val(name_size), max_width=right - vx
    )

    # Birth date, sex, nationality on one row.
    base = 214 + dy
    bf = fonts.val(30)
    _draw_text(img, lx, base - 6, "生年月日", fonts.lab(20), LABEL_INK)
    _draw_text(img, lx, base + 10, "DATE OF BIRTH", tiny, LABEL_INK)
    fields["birth_date"] = _draw_text(img, vx, base, western_date(person.birth_date), bf)
    sx = fields["birth_date"][0] + fields["birth_date"][2] + 30
    s = _draw_text(img, sx, base - 6, "性別", fonts.lab(20), LABEL_INK)
    _draw_text(img, sx, base + 10, "SEX", tiny, LABEL_INK)
    sex = "M." if person.sex == "男" else "F."
    fields["sex"] = _draw_text(img, s[0] + s[2] + 16, base, sex, bf)
    nx = fields["sex"][0] + fields["sex"][2] + 34
    n = _draw_text(img, nx, base - 6, "国籍・地域", fonts.lab(20), LABEL_INK)
    _draw_text(img, nx, base + 10, "NATIONALITY/REGION", tiny, LABEL_INK)
    fields["nationality"] = _draw_text(img, n[0] + n[2] + 16, base, nationality, bf)
    draw.line([(24, 232 + dy), (w - 24, 232 + dy)], fill=(170, 175, 190), width=1)

    # Photo on the right, from the address row down.
    photo_box = (736, 246, 972, 540)
    img.paste(
        _photo((photo_box[2] - photo_box[0], photo_box[3] - photo_box[1]), rng), photo_box[:2]
    )
    draw.rectangle(photo_box, outline=(130, 130, 150), width=1)

    # Address: up to two lines left of the photo.
    text_right = photo_box[0] - 20
    _draw_text(img, lx, 278 + dy, "住居地", lf, LABEL_INK)
    _draw_text(img, lx, 294 + dy, "ADDRESS", tiny, LABEL_INK)
    size = 32
    af = fonts.val(size)
    lines = _wrap(person.address, af, text_right - vx)
    while len(lines) > 2 and size > 24:
        size -= 2
        af = fonts.val(size)
        lines = _wrap(person.address, af, text_right - vx)
    if len(lines) > 2:  # a long street and a building: the building shares line two
        lines = [lines[0], "".join(lines[1:])]
    box: tuple[int, int, int, int] | None = None
    for i, line in enumerate(lines):
        b = _draw_text(img, vx, 280 + dy + i * (size + 10), line, af, max_width=text_right - vx)
        box = b if box is None else _union(box, b)
    assert box is not None
    fields["address"] = box
    draw.line([(24, 338 + dy), (photo_box[0] - 10, 338 + dy)], fill=(170, 175, 190), width=1)

    # Status of residence and the work restriction.
    _draw_text(img, lx, 378 + dy, "在留資格", lf, LABEL_INK)
    _draw_text(img, lx, 394 + dy, "STATUS", tiny, LABEL_INK)
    fields["status"] = _draw_text(
        img, vx, 380 + dy, status, fonts.val(30), max_width=text_right - vx
    )
    _draw_text(img, lx, 418 + dy, "就労制限の有無", fonts.lab(17), LABEL_INK)
    _draw_text(img, vx + 40, 418 + dy, work, fonts.val(20), max_width=text_right - vx - 40)
    draw.line([(24, 430 + dy), (photo_box[0] - 10, 430 + dy)], fill=(170, 175, 190), width=1)

    # Period of stay with its end date.
    _draw_text(img, lx, 462 + dy, "在留期間(満了日)", fonts.lab(18), LABEL_INK)
    _draw_text(img, lx, 478 + dy, "PERIOD OF STAY", tiny, LABEL_INK)
    if period_end is None:
        period = "無期限"
    else:
        years = max(1, round((period_end - issue).days / 365.25))
        period = f"{years}年 ({western_date(period_end)})"
    _draw_text(img, vx + 90, 470 + dy, period, fonts.val(26), max_width=text_right - vx - 90)

    # Permission and issue dates, small.
    small = fonts.lab(16)
    pv = fonts.val(18)
    a = _draw_text(img, lx, 518 + dy, "許可年月日", small, LABEL_INK)
    b = _draw_text(img, a[0] + a[2] + 10, 518 + dy, western_date(issue), pv)
    c = _draw_text(img, b[0] + b[2] + 30, 518 + dy, "交付年月日", small, LABEL_INK)
    _draw_text(img, c[0] + c[2] + 10, 518 + dy, western_date(issue), pv)

    # Validity line at the bottom.
    ef = fonts.val(28)
    a = _draw_text(img, lx, 590 + dy, "このカードは", ef)
    fields["expiry_date"] = _draw_text(
        img, a[0] + a[2] + 12, 590 + dy, western_date(expiry_date), ef
    )
    e = fields["expiry_date"]
    _draw_text(img, e[0] + e[2] + 12, 590 + dy, "まで有効です。", ef)
    mf = fonts.lab(26)
    _draw_text(img, 800, 596 + dy, "法務大臣", mf, INK)
    _seal(img, (916, 556 + dy, 966, 606 + dy), "法務大臣", fonts)

    values = {
        "name": person.name,
        "birth_date": person.birth_date.isoformat(),
        "sex": sex,
        "nationality": nationality,
        "address": person.address,
        "status": status,
        "expiry_date": expiry_date.isoformat(),
        "card_number": card_number,
    }
    return RenderedDocument(_finish(img), "residence_card", "front", fields, {}, values)


def _union(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    x0, y0 = min(a[0], b[0]), min(a[1], b[1])
    x1, y1 = max(a[0] + a[2], b[0] + b[2]), max(a[1] + a[3], b[1] + b[3])
    return (x0, y0, x1 - x0, y1 - y0)


# Geometry of the back's 住居地記載欄, in card pixels: header row, then the entry rows.
BACK_TABLE_TOP = 62
BACK_HEADER_H = 40
BACK_ROW_H = 62
BACK_ROWS = 4
BACK_DATE_X = (24, 250)
BACK_ADDRESS_X = (250, 840)
BACK_SEAL_X = (840, 987)


def residence_card_back(
    person: Person, *, changes: list[tuple[dt.date, str]], rng: random.Random
) -> RenderedDocument:
    """The back of a residence card: the 住居地記載欄 table (届出年月日 / 住居地 /
    記載者印) with ``changes`` (date, new address) in order, newest last, each with the
    municipality's red seal; then the 資格外活動許可欄 and 在留期間更新等許可申請欄 boxes.

    The newest row's address is the holder's current address: field and value
    "address" (absent with no changes); each row also as ``change_<i>_address``.
    """
    if len(changes) > BACK_ROWS:
        raise ValueError(f"at most {BACK_ROWS} changes fit on the back")
    fonts = _pick_fonts(rng)
    img = _security_pattern(
        CARD_SIZE, rng, base=(247, 248, 250), inks=((226, 230, 242), (234, 228, 238))
    )
    draw = ImageDraw.Draw(img)
    rule = (120, 125, 140)
    _draw_text(img, 30, 48, "住居地記載欄", fonts.lab(24), LABEL_INK)
    top = BACK_TABLE_TOP
    bottom = top + BACK_HEADER_H + BACK_ROWS * BACK_ROW_H
    draw.rectangle((BACK_DATE_X[0], top, BACK_SEAL_X[1], bottom), outline=rule, width=2)
    for x in (BACK_ADDRESS_X[0], BACK_SEAL_X[0]):
        draw.line([(x, top), (x, bottom)], fill=rule, width=1)
    for r in range(BACK_ROWS + 1):
        y = top + BACK_HEADER_H + r * BACK_ROW_H
        draw.line([(BACK_DATE_X[0], y), (BACK_SEAL_X[1], y)], fill=rule, width=1)
    hf = fonts.lab(20)
    _draw_text(img, BACK_DATE_X[0] + 60, top + 28, "届出年月日", hf, LABEL_INK)
    _draw_text(img, BACK_ADDRESS_X[0] + 250, top + 28, "住居地", hf, LABEL_INK)
    _draw_text(img, BACK_SEAL_X[0] + 34, top + 28, "記載者印", hf, LABEL_INK)

    fields: dict[str, tuple[int, int, int, int]] = {}
    values: dict[str, str] = {}
    first_size = rng.randint(27, 30)
    room = BACK_ADDRESS_X[1] - BACK_ADDRESS_X[0] - 28
    for i, (when, address) in enumerate(changes, start=1):
        base = top + BACK_HEADER_H + i * BACK_ROW_H - 20
        # The municipality's printer sets a long address smaller, and squeezes it
        # only when even the smallest size does not fit.
        size = first_size
        while size > 21 and _text_width(address, fonts.val(size)) > room:
            size -= 1
        vf = fonts.val(size)
        _draw_text(img, BACK_DATE_X[0] + 14, base, western_date(when), fonts.val(24))
        box = _draw_text(img, BACK_ADDRESS_X[0] + 14, base, address, vf, max_width=room)
        fields[f"change_{i}_address"] = box
        values[f"change_{i}_address"] = address
        if i == len(changes):
            fields["address"], values["address"] = box, address
        seal_y = top + BACK_HEADER_H + (i - 1) * BACK_ROW_H + 8
        muni = address_parts(address)[2]
        _seal(img, (BACK_SEAL_X[0] + 46, seal_y, BACK_SEAL_X[0] + 92, seal_y + 46), muni, fonts)

    # The two permission boxes below the table, left empty as they usually are.
    small = fonts.lab(18)
    y0 = bottom + 22
    draw.rectangle((24, y0, 500, 612), outline=rule, width=1)
    _draw_text(img, 34, y0 + 26, "資格外活動許可欄", small, LABEL_INK)
    draw.rectangle((512, y0, 987, 612), outline=rule, width=1)
    _draw_text(img, 522, y0 + 26, "在留期間更新等許可申請欄", small, LABEL_INK)
    return RenderedDocument(_finish(img), "residence_card", "back", fields, {}, values)


def _status_dates(
    rng: random.Random, today: dt.date, expired: bool
) -> tuple[str, str, dt.date, dt.date | None, dt.date]:
    """(status, work line, issue date, period end or None, card expiry)."""
    status, periods, work = rng.choice(RESIDENCE_STATUSES)
    years = rng.choice(periods)
    term = years or _PERMANENT_CARD_YEARS
    for _ in range(100):
        back = (
            rng.randint(term * 365 + 20, term * 365 + 600)
            if expired
            else rng.randint(20, term * 365 - 40)
        )
        issue = today - dt.timedelta(days=back)
        # A period of stay ends the day before its anniversary.
        expiry = _add_years(issue, term) - dt.timedelta(days=1)
        if (expiry < today) == expired:
            break
    return status, work, issue, (expiry if years else None), expiry


def residence_card_for(
    person: Person,
    rng: random.Random,
    *,
    today: dt.date = TODAY,
    expired: bool = False,
) -> RenderedDocument:
    """A residence card front for ``person``, valid on ``today`` unless ``expired``.

    The card of a resident with a period of stay runs to the period's end; a permanent
    resident's (無期限) for seven years from issue. The nationality is the person's
    if they are a :class:`ForeignResident`.
    """
    status, work, issue, period_end, expiry = _status_dates(rng, today, expired)
    nationality = person.nationality if isinstance(person, ForeignResident) else "ベトナム"
    return residence_card_front(
        person,
        nationality=nationality,
        card_number=random_card_number(rng),
        status=status,
        period_end=period_end,
        expiry_date=expiry,
        rng=rng,
        issue_date=issue,
        work=work,
    )


def residence_card_back_for(
    person: Person,
    rng: random.Random,
    *,
    moves: int,
    today: dt.date = TODAY,
) -> RenderedDocument:
    """A back with ``moves`` (0-4) address changes after the front's address, dated
    over the last three years, each to a new invented address; the newest is
    ``values["address"]``."""
    days = sorted(rng.sample(range(20, 3 * 365), moves), reverse=True)
    changes: list[tuple[dt.date, str]] = []
    for back in days:
        address = random_address(rng)
        while address == person.address or any(address == a for _, a in changes):
            address = random_address(rng)
        changes.append((today - dt.timedelta(days=back), address))
    return residence_card_back(person, changes=changes, rng=rng)


def foreign_near_miss(person: ForeignResident, rng: random.Random) -> ForeignResident:
    """A *different* foreign resident a careless matcher would take for ``person``:
    one letter of the family or given name changed, one letter dropped, or the
    address one 丁目, 番, 号 or 番地 apart. Birth date, sex and nationality are kept."""
    kind = rng.choice(("change", "drop", "address"))
    if kind == "address":
        return replace(person, address=_address_near_miss(person.address, rng))
    family = rng.random() < 0.5
    name = person.family_name if family else person.given_name
    letters = [i for i, ch in enumerate(name) if ch.isalpha()]
    i = rng.choice(letters)
    if kind == "drop" and len(letters) > 1:
        new = name[:i] + name[i + 1 :]
    else:
        new = name[:i] + rng.choice([c for c in _ALPHABET if c != name[i]]) + name[i + 1 :]
    new = " ".join(new.split())
    if family:
        return replace(person, family_name=new)
    return replace(person, given_name=new)
