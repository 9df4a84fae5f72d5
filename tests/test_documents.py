"""Document-type recognition, field extraction logic and sensitive-field checks, on
fake OCR results (no Tesseract): fast and exact."""

from __future__ import annotations

import numpy as np
import pytest

from idverify.documents import classify
from idverify.documents.base import LineText
from idverify.documents.drivers_license import DriversLicense
from idverify.documents.fields import name_and_birth_date
from idverify.documents.my_number_card import MyNumberCard
from idverify.line_model import LineReading
from idverify.models import Box, FieldReading, OcrResult
from idverify.redaction import find_domicile
from tests.conftest import fake_ocr

LICENSE = fake_ocr(
    ("氏名 山田 太郎 昭和60年 4月 1日生", 40),
    ("住所 東京都千代田区丸の内一丁目4番1号", 110),
    ("交付 令和03年05月01日 12345", 180),
    ("令和08年05月01日まで有効", 250),
    ("免許の条件等 眼鏡等", 330),
    ("運転免許証 東京都公安委員会", 590),
)
LICENSE_BACK = fake_ocr(
    ("備考", 20),
    ("令和4年 6月 1日 住所 東京都港区芝公園四丁目2番8号 港警察署長", 70),
    ("令和6年 3月15日 住所 東京都港区芝浦一丁目1番1号 三田警察署長", 122),
    ("臓器提供意思表示", 380),
)
MN_FRONT = fake_ocr(
    ("氏名 山田 太郎", 40),
    ("住所 東京都千代田区", 110),
    ("丸の内一丁目4番1号", 150),
    ("昭和60年 4月 1日生 性別 男", 300),
    ("2035年 4月 1日まで有効", 380),
    ("個人番号カード", 560),
)
MN_BACK = fake_ocr(
    ("個人番号 1234 5678 9012", 100),
    ("氏名 山田 太郎", 180),
    ("生年月日 昭和60年 4月 1日生", 230),
    ("個人番号カード", 590),
)


@pytest.mark.parametrize(
    ("ocr", "type_name", "side"),
    [
        (LICENSE, "drivers_license", "front"),
        (LICENSE_BACK, "drivers_license", "back"),
        (MN_FRONT, "my_number_card", "front"),
        # The back repeats the title but never an address: still the back.
        (MN_BACK, "my_number_card", "back"),
    ],
)
def test_classify(ocr: OcrResult, type_name: str, side: str) -> None:
    found = classify(ocr)
    assert found is not None
    module, ident = found
    assert (module.type_name, ident.side) == (type_name, side)


@pytest.mark.parametrize(
    "rows",
    [
        [("拝啓 時下ますますご清栄のこととお慶び申し上げます", 40)],
        [("領収書 合計 1,280円", 40), ("ありがとうございました", 100)],
        [],
    ],
    ids=["letter", "receipt", "nothing"],
)
def test_other_documents_are_not_recognised(rows: list[tuple[str, int]]) -> None:
    assert classify(fake_ocr(*rows)) is None


# A license back without an address change, its 備考 not read and 臓器 misread (講器).
_ORGAN_ROWS = [
    ("講器提供意思表示", 380),
    ("1.私は、騰死後及び心護が停止した死後のいずれでも、移頂の為に提供します。", 420),
    ("3.私は、職器を提供しません。", 470),
    ("署名年月日: 年 月 日 本人箸名 家族竹る", 560),
]


@pytest.mark.parametrize(
    ("rows", "side"),
    [
        (_ORGAN_ROWS, "back"),
        # Two phrases are not the paragraph.
        (_ORGAN_ROWS[:1] + _ORGAN_ROWS[3:], None),
        # Beside a My Number card's number, or its label, never a license back.
        ([("1234 5678 9012", 100), *_ORGAN_ROWS], None),
        ([("個人番号", 100), *_ORGAN_ROWS], None),
    ],
)
def test_a_license_back_is_recognised_by_its_organ_donation_paragraph(
    rows: list[tuple[str, int]], side: str | None
) -> None:
    found = DriversLicense().identify(fake_ocr(*rows))
    assert (found.side if found is not None else None) == side


def test_name_stops_at_the_birth_date() -> None:
    lines = [LineText.of(line, i) for i, line in enumerate(LICENSE.lines)]
    name, birth = name_and_birth_date(lines)
    assert name is not None and name.value == "山田太郎"
    assert birth is not None and birth.value == "1985-04-01"
    assert name.box is not None and name.box.x > 60  # the label is not part of the value


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("氏名 山田 太郎 昭和60年 4月 1日生", "山田太郎"),
        ("氏名 山田 太郎 昌和60年 4月 1日生", "山田太郎"),  # a misread era name
        ("氏名: 佐藤 健 平成2年 1月 5日生", "佐藤健"),
        ("氏名 SMITH JOHN 1990年 1月 1日生", "SMITHJOHN"),
    ],
)
def test_name_extraction_variants(row: str, expected: str) -> None:
    lines = [LineText.of(line, i) for i, line in enumerate(fake_ocr((row, 40)).lines)]
    name, _ = name_and_birth_date(lines)
    assert name is not None and name.value == expected


def test_license_back_newest_change_wins() -> None:
    module = DriversLicense()
    rows = [LineText.of(line, i) for i, line in enumerate(LICENSE_BACK.lines)]
    changes = [c for c in (module._parse_change(lt) for lt in rows) if c is not None]
    assert [when for when, _ in changes] == ["2022-06-01", "2024-03-15"]
    newest = max(changes)[1]
    # The police station after the address is not part of it.
    assert newest.value == "東京都港区芝浦一丁目1番1号"


class _NoReader:
    """A FieldReader that reads nothing: extraction must fall back to the labels."""

    def read(
        self, region: Box, *, block: bool = False, allowed: str | None = None, zoom: float = 1.0
    ) -> OcrResult:
        return OcrResult((), 1011, 638)

    def read_char(self, region: Box) -> tuple[str, float] | None:
        return None

    def read_variants(self, region: Box) -> list[OcrResult]:
        return []

    def read_by_model(self, region: Box) -> list[list[OcrResult]]:
        return [[result] for result in self.read_variants(region)]

    def read_line(self, region: Box) -> LineReading | None:
        return None  # no second recogniser: Tesseract's readings alone


class _VariantReader(_NoReader):
    """Reads the name region as the scripted (text, confidence) readings."""

    def __init__(self, readings: list[tuple[str, float]]) -> None:
        self.readings = readings

    def read_variants(self, region: Box) -> list[OcrResult]:
        return [fake_ocr((text, 60), confidence=conf) for text, conf in self.readings]


@pytest.mark.parametrize(
    ("readings", "expected"),
    [
        # Three of five agree: their spelling wins over two more confident ones.
        (
            [
                ("山田 太郎", 60),
                ("山田 太郎", 62),
                ("山田 太郎", 58),
                ("山田 大郎", 79),
                ("山田 大郎", 79),
            ],
            "山田 太郎",
        ),
        # Two against two: the more confident spelling.
        ([("森 蓮", 70), ("森 蓮", 72), ("森 運", 75), ("森 運", 74)], "森 運"),
        # Junk beside the name does not split the vote: the spans are compared.
        ([("森 蓮", 70), ("森 蓮   ー", 60), ("森 運", 75)], "森 蓮"),
        # Readings in two scripts: the count means nothing, confidence decides.
        ([("森 彩", 81), ("SS", 62), ("SS", 57), ("SA", 42)], "森 彩"),
        ([], None),
    ],
)
def test_the_name_is_the_spelling_most_readings_agree_on(
    readings: list[tuple[str, float]], expected: str | None
) -> None:
    from idverify.documents.fields import read_name

    name = read_name(_VariantReader(readings), OcrResult((), 1011, 638), Box(0, 40, 600, 60))
    assert (name.value if name else None) == expected


def test_fields_fall_back_to_labels_when_regions_read_nothing() -> None:
    image = np.full((638, 1011, 3), 245, dtype=np.uint8)
    reading = DriversLicense().extract(LICENSE, "front", image, _NoReader())
    assert reading.fields["name"].value == "山田太郎"
    assert reading.fields["birth_date"].value == "1985-04-01"
    assert reading.fields["expiry_date"].value == "2026-05-01"
    assert reading.fields["address"].value == "東京都千代田区丸の内一丁目4番1号"
    assert reading.has_photo is False  # a blank card has no photo


def test_my_number_back_with_legible_digits_is_flagged() -> None:
    image = np.full((638, 1011, 3), 245, dtype=np.uint8)
    reading = MyNumberCard().extract(MN_BACK, "back", image, _NoReader())
    assert [f.kind for f in reading.sensitive] == ["individual_number"]
    # The reviewer image of a back is masked everywhere but name and birth date.
    assert reading.mask_boxes


def test_my_number_back_blacked_out_is_fine() -> None:
    image = np.full((638, 1011, 3), 245, dtype=np.uint8)
    image[80:150, 200:900] = 10  # a marker over the number
    blacked = fake_ocr(
        ("個人番号", 100), ("氏名 山田 太郎", 180), ("生年月日 昭和60年 4月 1日生", 230)
    )
    reading = MyNumberCard().extract(blacked, "back", image, _NoReader())
    assert reading.sensitive == ()


def test_my_number_back_neither_legible_nor_masked_is_uncertain() -> None:
    image = np.full((638, 1011, 3), 245, dtype=np.uint8)
    blurred = fake_ocr(("個人番号", 100), ("氏名 山田 太郎", 180))
    reading = MyNumberCard().extract(blurred, "back", image, _NoReader())
    assert [f.kind for f in reading.sensitive] == ["individual_number_uncertain"]


@pytest.mark.parametrize(
    ("rows", "legible"),
    [
        ([("本籍 東京都千代田区", 300)], True),
        ([("本籍 大阪", 300)], True),  # two kanji name a prefecture
        ([("本籍", 300)], False),  # blacked out: nothing after the label
        ([("本籍 ■■■", 300)], False),
        ([("本籍 都", 300)], False),  # one stray character is marker-edge noise
        ([("住所 東京都千代田区", 300)], False),
        # A certificate that left the item off says so: no place.
        ([("本籍・筆頭者 省略", 300)], False),
        ([("本籍 記載省略", 300)], False),
        ([("本籍・筆頭者 東京都千代田区", 300)], True),
    ],
)
def test_domicile(rows: list[tuple[str, int]], legible: bool) -> None:
    findings = find_domicile(fake_ocr(*rows))
    assert bool(findings) is legible
    for f in findings:
        assert f.kind == "domicile" and f.box is not None


def test_domicile_in_low_confidence_noise_is_not_legible() -> None:
    assert find_domicile(fake_ocr(("本籍 東京都", 300), confidence=20.0)) == []


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        # A mark standing apart from the name is an edge or a ruled line: dropped.
        ("氏名 山崎 彩 |", "山崎彩"),
        ("氏名 | 山崎 彩", "山崎彩"),
        # Anything touching the name may be one of its characters misread, and is
        # kept: 佐藤健一 read with 一 as a dash must never shrink to 佐藤健.
        ("氏名 佐藤 健-", "佐藤健-"),
        ("氏名 佐藤 健ー", "佐藤健ー"),
        ("氏名 佐藤 健|", "佐藤健|"),
        ("氏名 山崎 彩i", "山崎彩i"),
        ("氏名 佐藤 健1", "佐藤健1"),  # a digit that starts no date is not a date
        ("氏名 佐藤 ユーリ", "佐藤ユーリ"),
    ],
)
def test_name_tail_noise(row: str, expected: str) -> None:
    lines = [LineText.of(line, i) for i, line in enumerate(fake_ocr((row, 40)).lines)]
    name, _ = name_and_birth_date(lines)
    assert name is not None and name.value == expected


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        # Three blanks (2.6 line heights): no name has such a gap inside it.
        ("氏名 名   橋本 拓也", "橋本拓也"),  # a label's tail before the name
        ("氏名 中島 健太   昭", "中島健太"),  # a birth date whose digits were lost
        ("氏名 渡辺 健   計きき", "渡辺健"),
        # Two blanks (1.7 line heights), a full-width space: still one name.
        ("氏名 佐藤  健一", "佐藤健一"),
        ("氏名 林  直樹", "林直樹"),
        # A lone glyph after a gap is not a name of its own: the whole span stays.
        ("氏名 蓮   ー", "蓮ー"),
    ],
)
def test_name_is_the_first_run_of_two_or_more_glyphs_between_wide_gaps(
    row: str, expected: str
) -> None:
    lines = [LineText.of(line, i) for i, line in enumerate(fake_ocr((row, 40)).lines)]
    name, _ = name_and_birth_date(lines)
    assert name is not None and name.value.replace(" ", "") == expected


def test_only_label_glyphs_are_dropped_at_a_regions_edge() -> None:
    from idverify.documents.fields import _skip_leading_noise

    # 小 of 小林 touches the region's edge: it is kept (林 alone is another name).
    line = LineText.of(fake_ocr(("小林 隆", 40)).lines[0], 0)
    assert _skip_leading_noise(line, 0, left=20) == 0
    # Half a 名 read as ぁ, cut by the edge and standing apart: dropped too.
    line = LineText.of(fake_ocr(("ぁ 橋本 拓也", 40)).lines[0], 0)
    assert _skip_leading_noise(line, 0, left=20) == 1
    # The same glyph clear of the edge is kept (it may be the name's own).
    assert _skip_leading_noise(line, 0, left=0) == 0
    # 名 (the tail of the label 氏名) touching the edge is dropped.
    line = LineText.of(fake_ocr(("名小林 隆", 40)).lines[0], 0)
    assert _skip_leading_noise(line, 0, left=20) == 1


def test_a_speck_far_from_the_name_is_dropped_but_a_near_glyph_is_kept() -> None:
    from idverify.documents.fields import _name_span

    far = fake_ocr(("齋藤大輔      5", 40)).lines[0]  # 6 blanks: far apart
    lt = LineText.of(far, 0)
    start, end = _name_span(lt, 0)
    assert lt.text[start:end] == "齋藤大輔"
    near = LineText.of(fake_ocr(("佐藤 健 5", 40)).lines[0], 0)  # one em: may be a name
    start, end = _name_span(near, 0)
    assert near.text[start:end] == "佐藤健5"


def test_my_number_front_is_recognised_without_its_title() -> None:
    untitled = fake_ocr(
        ("氏名 佐藤 智子", 40),
        ("住所 東京都世田谷区", 110),
        ("昭和29年11月11日生 性別 女", 300),
        ("2030年11月11日まで有効", 380),
    )
    found = classify(untitled)
    assert found is not None and found[0].type_name == "my_number_card"
    assert found[1].side == "front"
    # A license front (免許, no 性別) is never taken for one.
    found = classify(LICENSE)
    assert found is not None and found[0].type_name == "drivers_license"


@pytest.mark.parametrize(
    ("validity", "side"),
    [("2036年11月12日まで有効", "front"), (None, None)],
)
def test_my_number_front_is_recognised_by_a_misread_title(
    validity: str | None, side: str | None
) -> None:
    # 個人番号カード read as 個人箇呈カニ (a blurred photo), no 住所 or 性別 read.
    rows = [("氏名 石川 拓也", 40), ("平成2年11月12日生", 300), ("個人箇呈 カニ F", 560)]
    if validity is not None:
        rows.insert(2, (validity, 380))
    found = MyNumberCard().identify(fake_ocr(*rows))
    # With a label only the front prints it is the front; without, the misread
    # title alone says nothing (the back repeats the title).
    assert (found.side if found is not None else None) == side


@pytest.mark.parametrize(
    ("address", "side"),
    [("広島県広島市中区大手町二丁目5番6号", "front"), (None, "back")],
)
def test_a_my_number_front_upside_down_under_glare_is_no_back(
    address: str | None, side: str
) -> None:
    # Labels washed out, the title read 個人番号ヵこ: 個人番号 alone would make it a
    # back, and the address's 1209 a legible individual number (a fail).
    rows = [("昭和45年5月30日生", 300), ("2034年5月30日まで", 380), ("個人番号ヵこ F", 560)]
    if address is not None:
        rows[1] = ("2034年5月30日", 380)
        rows.insert(0, (address + " グランハイツ1209号室", 110))
    else:
        rows[1] = ("1234 5678 9012", 120)
    found = MyNumberCard().identify(fake_ocr(*rows))
    assert found is not None and found.side == side


@pytest.mark.parametrize("title", ["個人番号カード", "個人番呂カ"])
@pytest.mark.parametrize(("issuer", "side"), [("倶知安町長", "front"), (None, "back")])
def test_a_front_keeps_its_issuer_where_a_glare_took_its_labels(
    title: str, issuer: str | None, side: str
) -> None:
    # A front under glare: its labels, validity and address washed out; its name,
    # birth date, title and issuer read. The issuer is printed on the front only;
    # without it the title alone makes a back (whose number is then checked: a
    # back whose label is lost must not skip that check).
    rows = [("林 達也", 40), ("昭和53年10月26日", 300), (title, 560)]
    if issuer is not None:
        rows.insert(2, (issuer, 420))
    found = MyNumberCard().identify(fake_ocr(*rows))
    assert found is not None and found.side == side


class _CharReader(_NoReader):
    """Reads every glyph alone as ``char`` with ``confidence``."""

    def __init__(self, char: str, confidence: float) -> None:
        self.char, self.confidence, self.calls = char, confidence, 0

    def read_char(self, region: Box) -> tuple[str, float] | None:
        self.calls += 1
        return self.char, self.confidence


def _doubtful_line(text: str, last_conf: float, last_height: int = 36) -> LineText:
    """``text`` read at 95 but for its last glyph (``last_conf``, ``last_height`` px)."""
    ocr = fake_ocr((text, 40))
    words = list(ocr.lines[0].words)
    last = words[-1]
    box = Box(last.box.x, last.box.y, last.box.w, last_height)
    words[-1] = type(last)(last.text, box, last_conf)
    return LineText.of(type(ocr.lines[0])(tuple(words)), 0)


@pytest.mark.parametrize(
    ("reread", "conf", "expected"),
    [
        ("郎", 90.0, "山田太郎"),  # same script, confident: taken
        ("郎", 84.0, "山田太朗"),  # below REREAD_ACCEPT: kept as read
        ("ろ", 95.0, "山田太朗"),  # kanji read alone as kana: the re-read is the doubt
    ],
)
def test_a_doubtful_glyph_is_replaced_only_by_a_confident_reading_of_its_script(
    reread: str, conf: float, expected: str
) -> None:
    from idverify.documents.fields import reread_doubtful

    lt = _doubtful_line("山田太朗", 55.0)
    assert reread_doubtful(_CharReader(reread, conf), lt, 0, 4).value == expected


def test_a_glyph_with_a_box_twice_the_lines_height_is_not_reread() -> None:
    from idverify.documents.fields import reread_doubtful

    reader = _CharReader("郎", 95.0)
    lt = _doubtful_line("山田太朗", 55.0, last_height=72)
    assert reread_doubtful(reader, lt, 0, 4).value == "山田太朗"
    assert reader.calls == 0
    reader = _CharReader("郎", 95.0)
    lt = _doubtful_line("山田太朗", 55.0, last_height=45)  # 1.25 x: still one glyph
    assert reread_doubtful(reader, lt, 0, 4).value == "山田太郎"


def _reading(text: str, conf: float) -> FieldReading:
    return FieldReading(text, None, conf, tuple(conf for _ in text))


def test_address_vote_counts_spellings_after_the_gazetteers_corrections() -> None:
    from idverify.documents.fields import _vote_text

    readings = [
        _reading("岩手県岩手郡宮石町大字長山1983番地", 60),  # misread, corrected to 雫石町
        _reading("岩手県岩手郡雫石町大字長山1983番地", 70),
        _reading("岩手県岩手郡雫石町大字長山1988番地", 95),  # alone, however confident
    ]
    assert _vote_text(readings, address=True) in (0, 1)
    assert _vote_text(readings, address=False) == 2  # not an address: most confident


def test_address_vote_prefers_a_reading_that_kept_its_first_line() -> None:
    from idverify.documents.fields import _vote_text

    readings = [
        _reading("光が丘四丁目20番17号", 95),
        _reading("光が丘四丁目20番17号", 95),
        _reading("東京都練馬区光が丘四丁目20番17号", 40),
    ]
    assert _vote_text(readings, address=True) == 2


def test_address_vote_prefers_a_reading_whose_chome_has_its_number() -> None:
    from idverify.documents.fields import _vote_text

    readings = [
        _reading("広島県広島市中区大手町丁目18番24号", 89),  # 二 lost, three times
        _reading("広島県広島市中区大手町丁目18番24号", 86),
        _reading("広島県広島市中区大手町丁目18番24号", 77),
        _reading("広島県広島市中区大手町ニ丁目18番24号", 87),  # katakana ニ: still 二
        _reading("広島県広島市中区大手町三丁目18番24号", 60),
    ]
    assert _vote_text(readings, address=True) == 3
    # With every reading complete, the spelling most share wins as before.
    complete = [*readings[3:], _reading("広島県広島市中区大手町三丁目18番24号", 70)]
    assert _vote_text(complete, address=True) in (1, 2)


def test_with_no_two_readings_agreeing_the_main_models_reading_is_kept() -> None:
    from idverify.documents.fields import _vote_text

    readings = [
        _reading("神奈川県川崎市中原区小杉町一丁目4番地", 70),  # the main model's
        _reading("神奈川県川崎市中原区小杉町一丁目4番地88l", 90),  # another model's
        _reading("神奈川県川崎市中原区・小杉町一丁目4番也", 85),
    ]
    assert _vote_text(readings, address=True, primary=1) == 0


@pytest.mark.parametrize("foreign", ["世帯主", "続柄", "住民票", "保険者番号"])
def test_my_number_card_is_not_claimed_with_another_documents_words(foreign: str) -> None:
    # A resident certificate read sideways shows 氏名, 住所, 性別 and 個人番号, as
    # the card does; words the card never prints rule it out.
    ocr = fake_ocr(("氏名 山田 太郎", 40), ("住所 東京都千代田区", 110), ("性別 男", 200))
    assert MyNumberCard().identify(ocr) is not None
    with_foreign = fake_ocr(
        ("氏名 山田 太郎", 40), ("住所 東京都千代田区", 110), ("性別 男", 200), (foreign, 300)
    )
    assert MyNumberCard().identify(with_foreign) is None


def test_address_vote_prefers_a_reading_that_spells_a_real_town() -> None:
    from idverify.documents.fields import _vote_text

    # The row search found only the first line: every line-by-line reading stops at
    # the municipality or garbles the town, the block reading has it all.
    truncated = [
        _reading("愛知県豊田市元城町一丁目30番地", 95),
        *[_reading("愛知県豊田市", 89) for _ in range(4)],
    ]
    assert _vote_text(truncated, address=True, primary=2) == 0
    garbled = [
        _reading("広島県広島市中区大手町五丁目15番6号ハイツ緑801号室", 90),
        _reading("広島県広島市中区ERハイツ緑801号室", 86),
        _reading("広島県広島市中区ERハイツ緑801号室", 85),
    ]
    assert _vote_text(garbled, address=True, primary=2) == 0
    # Equally real places: the count decides as before.
    both_real = [
        _reading("広島県広島市中区大手町五丁目15番6号", 60),
        _reading("広島県広島市中区大手町五丁目16番6号", 95),
        _reading("広島県広島市中区大手町五丁目15番6号", 61),
    ]
    assert _vote_text(both_real, address=True) in (0, 2)


class _DateReader(_NoReader):
    """Reads every region as ``main`` and offers ``variants`` as witnesses."""

    def __init__(self, main: str, variants: list[tuple[str, float]]) -> None:
        self.main = main
        self.variants = variants
        self.variant_calls = 0

    def read(
        self, region: Box, *, block: bool = False, allowed: str | None = None, zoom: float = 1.0
    ) -> OcrResult:
        return fake_ocr((self.main, region.y), confidence=90)

    def read_variants(self, region: Box) -> list[OcrResult]:
        self.variant_calls += 1
        return [fake_ocr((text, region.y), confidence=conf) for text, conf in self.variants]


@pytest.mark.parametrize(
    ("main", "variants", "confidence"),
    [
        ("平成3年1月9日生", [("平成3年11月9日生", 82.0)], 0.0),  # kept the digit main lost
        ("平成3年1月9日生", [("平成3年11月9日生", 65.0)], 0.0),  # at the threshold
        ("平成3年1月9日生", [("平成3年11月9日生", 64.0)], 90.0),  # under it: not sure enough
        ("平成3年1月9日生", [("平成3年1月8日生", 70.0)], 0.0),  # another digit
        ("平成3年1月9日生", [("平成3年1月9日生", 84.0), ("性別", 90.0)], 90.0),  # agree / none
        ("平成3年1月9日生", [], 90.0),
        # The witness lost a digit the main model read: no evidence against it.
        ("平成3年11月9日生", [("平成3年1月9日生", 89.0)], 90.0),
        ("令和10年10月12日", [("令和10年1月12日", 89.0)], 90.0),
        # One digit fewer, but not by leaving one of main's out: a misread.
        ("令和10年10月12日", [("令和11年1月12日", 89.0)], 0.0),
    ],
)
def test_a_date_another_model_reads_differently_is_uncertain(
    main: str, variants: list[tuple[str, float]], confidence: float
) -> None:
    from idverify.dates import find_dates
    from idverify.documents.fields import read_date

    reader = _DateReader(main, variants)
    found = read_date(reader, OcrResult((), 1011, 638), Box(100, 280, 500, 60))
    assert found is not None
    assert found.value == find_dates(main)[0][0].isoformat()
    assert found.confidence == confidence


def test_date_witnesses_can_be_skipped() -> None:
    from idverify.documents.fields import read_date

    reader = _DateReader("平成3年1月9日生", [("平成3年11月9日生", 82.0)])
    found = read_date(reader, OcrResult((), 1011, 638), Box(100, 280, 500, 60), witnesses=False)
    assert found is not None and found.confidence == 90.0
    assert reader.variant_calls == 0


class _ModelDateReader(_DateReader):
    """Reads every region as ``main``; ``models`` are the witnesses' readings,
    model by model: lists of (text, confidence)."""

    def __init__(self, main: str, models: list[list[tuple[str, float]]]) -> None:
        super().__init__(main, [reading for model in models for reading in model])
        self.models = models

    def read_by_model(self, region: Box) -> list[list[OcrResult]]:
        return [
            [fake_ocr((text, region.y), confidence=conf) for text, conf in model]
            for model in self.models
        ]


@pytest.mark.parametrize(
    ("models", "confidence"),
    [
        # A model that reads 8 at one size and, surer, 10 at the other agrees with main.
        ([[("令和10年10月24日", 93.0), ("令和8年10月24日", 76.0)]], 90.0),
        # Its surer reading dissents: uncertain, whatever its other size reads.
        ([[("令和10年10月24日", 70.0), ("令和8年10月24日", 76.0)]], 0.0),
        # Each model testifies: one agrees, the other's surer reading dissents.
        (
            [[("令和10年10月24日", 93.0)], [("令和8年10月24日", 82.0), ("令和10年10月24日", 60.0)]],
            0.0,
        ),
        # A model that found no date at any size says nothing.
        ([[("令和10年10月24日", 93.0)], [("有効", 90.0)]], 90.0),
    ],
)
def test_a_date_witness_is_a_models_surest_reading(
    models: list[list[tuple[str, float]]], confidence: float
) -> None:
    from idverify.documents.fields import read_date

    reader = _ModelDateReader("令和10年10月24日", models)
    found = read_date(reader, OcrResult((), 1011, 638), Box(100, 280, 500, 60))
    assert found is not None and found.value == "2028-10-24"
    assert found.confidence == confidence


class _SecondedDateReader(_ModelDateReader):
    """:class:`_ModelDateReader` whose main model reads at ``main_confidence``, with a
    second recogniser that reads every line as ``line``, each character at
    ``probability``."""

    def __init__(
        self,
        main: str,
        models: list[list[tuple[str, float]]],
        line: str,
        probability: float,
        main_confidence: float = 90.0,
    ) -> None:
        super().__init__(main, models)
        self.line = LineReading(line, tuple(probability for _ in line))
        self.main_confidence = main_confidence

    def read(
        self, region: Box, *, block: bool = False, allowed: str | None = None, zoom: float = 1.0
    ) -> OcrResult:
        return fake_ocr((self.main, region.y), confidence=self.main_confidence)

    def read_line(self, region: Box) -> LineReading | None:
        return self.line


_GLARED = "2029生11明27日まで有効"  # the main model's reading: no date in it
_DATE = "2029年11月27日"


@pytest.mark.parametrize(
    ("models", "probability", "value"),
    [
        # The main model read no date; a witness's surest reading is the date at 70
        # and the line model reads it with every digit clear: taken.
        ([[(_DATE, 70.0)]], 0.9, "2029-11-27"),
        # The witness at the witnesses' threshold, and under it.
        ([[(_DATE, 65.0)]], 0.9, "2029-11-27"),
        ([[(_DATE, 64.0)]], 0.99, None),
        # The line model's least digit probability, and under it.
        ([[(_DATE, 70.0)]], 0.8, "2029-11-27"),
        ([[(_DATE, 70.0)]], 0.79, None),
        # No witness read that date: the line model alone is not enough.
        ([[("2029年11月21日", 90.0)]], 0.99, None),
        ([], 0.99, None),
        # A witness's surest reading is another date at 65: contested; at 64 not.
        ([[(_DATE, 90.0)], [("2028年11月27日", 65.0)]], 0.99, None),
        ([[(_DATE, 90.0)], [("2028年11月27日", 64.0)]], 0.99, "2029-11-27"),
        # A model counts by its surest reading: 2029 at 40 under its 2028 at 84 is
        # no agreement (the review's expired-document case, read the other way).
        ([[(_DATE, 40.0), ("2028年11月27日", 84.0)]], 0.99, None),
    ],
)
def test_a_date_only_the_witnesses_read_is_taken_when_the_line_model_reads_it_alike(
    models: list[list[tuple[str, float]]], probability: float, value: str | None
) -> None:
    from idverify.documents.fields import SECONDED_DATE_CONFIDENCE, read_date

    reader = _SecondedDateReader(_GLARED, models, _DATE, probability)
    found = read_date(reader, OcrResult((), 1011, 638), Box(100, 280, 500, 60))
    if value is None:
        assert found is None
    else:
        assert found is not None
        assert (found.value, found.confidence) == (value, SECONDED_DATE_CONFIDENCE)


@pytest.mark.parametrize(
    ("line", "main_confidence", "expected"),
    [
        # Main read the date twice alike at 60: the line model confirms it.
        (_DATE, 60.0, ("2029-11-27", 80.0)),
        # It reads another date: it never replaces main's, which stays unsure.
        ("2026年11月27日", 60.0, ("2029-11-27", 60.0)),
        # Main sure already (65): nothing to second, the confidence is main's.
        (_DATE, 65.0, ("2029-11-27", 65.0)),
    ],
)
def test_the_line_model_only_confirms_an_unsure_date_the_main_model_read(
    line: str, main_confidence: float, expected: tuple[str, float]
) -> None:
    from idverify.documents.fields import read_date

    reader = _SecondedDateReader(_DATE, [[(_DATE, 50.0)]], line, 0.99, main_confidence)
    found = read_date(reader, OcrResult((), 1011, 638), Box(100, 280, 500, 60))
    assert found is not None and (found.value, found.confidence) == expected


@pytest.mark.parametrize(
    ("main_confidence", "line", "probability", "expected"),
    [
        # Main read 2029 twice at 65, a witness 2028 at 70: contested. The line
        # model reading 2029 with every digit at 0.9 sides with main ...
        (65.0, _DATE, 0.9, ("2029-11-27", 80.0)),
        # ... at 0.89 it does not settle it ...
        (65.0, _DATE, 0.89, ("2029-11-27", 0.0)),
        # ... nor where main read it unsurely itself (64) ...
        (64.0, _DATE, 0.99, ("2029-11-27", 0.0)),
        # ... and it never takes the witness's date.
        (65.0, "2028年11月27日", 0.99, ("2029-11-27", 0.0)),
    ],
)
def test_a_date_a_witness_contests_is_settled_only_for_the_main_models_date(
    main_confidence: float, line: str, probability: float, expected: tuple[str, float]
) -> None:
    from idverify.documents.fields import read_date

    witness = [[("2028年11月27日", 70.0)]]
    reader = _SecondedDateReader(_DATE, witness, line, probability, main_confidence)
    found = read_date(reader, OcrResult((), 1011, 638), Box(100, 280, 500, 60))
    assert found is not None and (found.value, found.confidence) == expected


class _FreeAndRestricted(_SecondedDateReader):
    """:class:`_SecondedDateReader` whose main model reads ``free`` without a
    character restriction and ``main`` restricted to date characters (at 90)."""

    def __init__(self, free: str, restricted: str, models: list[list[tuple[str, float]]]) -> None:
        super().__init__(restricted, models, _DATE, 0.99)
        self.free = free

    def read(
        self, region: Box, *, block: bool = False, allowed: str | None = None, zoom: float = 1.0
    ) -> OcrResult:
        text = self.free if allowed is None else self.main
        return fake_ocr((text, region.y), confidence=90.0)


@pytest.mark.parametrize(
    ("free", "models"),
    [
        # Main read the date once (its free reading found none), a witness contests.
        (_GLARED, [[("2028年11月27日", 70.0)]]),
        # Main read it two ways.
        ("2028年11月27日", []),
    ],
)
def test_a_date_main_did_not_read_twice_alike_is_not_seconded(
    free: str, models: list[list[tuple[str, float]]]
) -> None:
    from idverify.documents.fields import read_date

    reader = _FreeAndRestricted(free, _DATE, models)
    found = read_date(reader, OcrResult((), 1011, 638), Box(100, 280, 500, 60))
    assert found is not None and found.confidence == 0.0


def test_without_witnesses_nothing_is_seconded() -> None:
    from idverify.documents.fields import read_date

    # A caller reading a region at several sizes asks the witnesses at one only;
    # at the others the line model is not heard either.
    reader = _SecondedDateReader(_DATE, [[(_DATE, 90.0)]], _DATE, 0.99, 60.0)
    region = Box(100, 280, 500, 60)
    found = read_date(reader, OcrResult((), 1011, 638), region, witnesses=False)
    assert found is not None and found.confidence == 60.0
    assert (
        read_date(
            _SecondedDateReader(_GLARED, [[(_DATE, 90.0)]], _DATE, 0.99),
            OcrResult((), 1011, 638),
            region,
            witnesses=False,
        )
        is None
    )


@pytest.mark.parametrize(("confidence", "seconded"), [(65.0, False), (64.0, True)])
def test_a_different_date_on_the_row_in_the_page_reading_stands_against_it(
    confidence: float, seconded: bool
) -> None:
    from idverify.documents.fields import read_date

    # The whole card's reading holds the row's date as 2025 (the fallback a caller
    # takes when the region reads none): the line model's 2029 does not displace it.
    page = fake_ocr(("2025年11月27日まで有効", 290), confidence=confidence)
    reader = _SecondedDateReader(_GLARED, [[(_DATE, 90.0)]], _DATE, 0.99)
    found = read_date(reader, page, Box(0, 280, 600, 60))
    assert (found is not None and found.value == "2029-11-27") is seconded
    # A date on another row of the page says nothing about this one.
    other_row = fake_ocr(("2025年11月27日まで有効", 400), confidence=99.0)
    assert read_date(reader, other_row, Box(0, 280, 600, 60)) is not None


def test_license_known_by_its_values_when_the_labels_are_lost() -> None:
    # A blurred photo: of the labels only まで有効 read; the era validity date and
    # the license number still did (the OCR of a dev hard photo, seed 2801).
    values = fake_ocr(("令和11年09月01日まで有効", 200), ("寺ョ第626143076317:", 400))
    found = DriversLicense().identify(values)
    assert found is not None and found.side == "front"
    # One value alone is not enough (まで有効 + a date, nothing else) …
    assert DriversLicense().identify(fake_ocr(("令和11年09月01日まで有効", 200))) is None
    # … nor a Gregorian validity (a My Number card's) with a 12-digit number that
    # is not a license's (no 第 before it), nor 13 digits after 第.
    other = fake_ocr(
        ("2031年03月01日まで有効", 200), ("123456789012", 300), ("第6261430763171", 400)
    )
    assert DriversLicense().identify(other) is None


# ------------------------------------ a voted date confirmed by the line model


@pytest.mark.parametrize(
    ("confidence", "line", "probability", "expected"),
    [
        # Read unsurely (63) and the line model reads that very date: confirmed.
        (63.0, _DATE, 0.99, ("2029-11-27", 80.0)),
        # Its least digit at the line model's threshold, and under it.
        (63.0, _DATE, 0.8, ("2029-11-27", 80.0)),
        (63.0, _DATE, 0.79, ("2029-11-27", 63.0)),
        # The line model reads another date: never taken, the reading stays unsure.
        (63.0, "2029年11月21日", 0.99, ("2029-11-27", 63.0)),
        (63.0, "", 0.99, ("2029-11-27", 63.0)),
        # Read surely already (at the threshold), or read two ways (0): not asked.
        (65.0, _DATE, 0.99, ("2029-11-27", 65.0)),
        (64.9, _DATE, 0.99, ("2029-11-27", 80.0)),
        (0.0, _DATE, 0.99, ("2029-11-27", 0.0)),
    ],
)
def test_a_voted_date_read_unsurely_is_only_confirmed_by_the_line_model(
    confidence: float, line: str, probability: float, expected: tuple[str, float]
) -> None:
    from idverify.documents.fields import confirmed_date

    reader = _SecondedDateReader(_DATE, [], line, probability)
    region = Box(100, 280, 500, 60)
    found = confirmed_date(reader, region, FieldReading("2029-11-27", region, confidence))
    assert found is not None and (found.value, found.confidence) == expected


def test_nothing_voted_is_nothing_confirmed() -> None:
    from idverify.documents.fields import confirmed_date

    reader = _SecondedDateReader(_DATE, [], _DATE, 0.99)
    assert confirmed_date(reader, Box(100, 280, 500, 60), None) is None


class _FramedDateReader(_NoReader):
    """Reads the region as laid out (y 280) as ``laid_out``, any other (the region
    fitted to the page's row, which takes in a frame's edge) as ``fitted``."""

    def __init__(self, fitted: str, laid_out: str) -> None:
        self.fitted = fitted
        self.laid_out = laid_out
        self.regions: list[Box] = []

    def read(
        self, region: Box, *, block: bool = False, allowed: str | None = None, zoom: float = 1.0
    ) -> OcrResult:
        self.regions.append(region)
        return fake_ocr((self.laid_out if region.y == 280 else self.fitted, 285), confidence=90)


@pytest.mark.parametrize(
    ("fitted", "laid_out", "expected", "layout_read"),
    [
        # The fitted row reads no date (a validity box's top edge in it): the
        # region as laid out is read, and its date taken.
        ("ET", "2035年3月9日まで有効", "2035-03-09", True),
        # The fitted row reads a date: the layout is never asked.
        ("2035年3月9日まで有効", "2036年3月9日まで有効", "2035-03-09", False),
        # Neither reads one: no date.
        ("ET", "まこも", None, True),
    ],
)
def test_a_date_the_fitted_row_does_not_read_is_read_where_the_layout_puts_it(
    fitted: str, laid_out: str, expected: str | None, layout_read: bool
) -> None:
    from idverify.documents.fields import read_date

    # The whole card's reading found a row a little above the layout's region: the
    # region is fitted to it (y 270, not 280).
    page = fake_ocr(("[2035%3Aob4", 272))
    reader = _FramedDateReader(fitted, laid_out)
    found = read_date(reader, page, Box(100, 280, 500, 60))
    assert (found.value if found is not None else None) == expected
    assert any(r.y == 280 for r in reader.regions) is layout_read
    assert reader.regions[0].y == 270  # the fitted row is read first


@pytest.mark.parametrize(
    ("page_row", "confidence"),
    [
        # The page reads the row's date otherwise (an expired 2023 the layout's
        # crop read as 2028): in doubt, whatever the second recogniser says.
        ("2023年3月9日まで有効", 0.0),
        # The page reads the same date there: the layout's date stands.
        ("2028年3月9日まで有効", 90.0),
        # The page reads no date on the row: the layout's date stands.
        ("[2035%3Aob4", 90.0),
    ],
)
def test_a_date_read_where_the_layout_puts_it_yields_to_the_pages_row(
    page_row: str, confidence: float
) -> None:
    from idverify.documents.fields import read_date

    page = fake_ocr((page_row, 272))
    reader = _FramedDateReader("ET", "2028年3月9日まで有効")
    found = read_date(reader, page, Box(100, 280, 500, 60))
    assert found is not None and found.value == "2028-03-09"
    assert found.confidence == confidence
