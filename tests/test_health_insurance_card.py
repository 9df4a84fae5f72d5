"""The health insurance card (健康保険被保険者証 / 資格確認書): recognition, fields and
the checks on its 記号・番号 and 保険者番号 on fake OCR and drawn images (fast,
exact, both sides of every threshold), then a few real-Tesseract readings of
generated captures."""

from __future__ import annotations

import datetime as dt
import io
import random

import numpy as np
import numpy.typing as npt
import pytest

from idverify.documents import classify
from idverify.documents.base import scale_box
from idverify.documents.health_insurance_card import HealthInsuranceCard, _Ink
from idverify.line_model import LineReading
from idverify.models import Box, Claim, OcrLine, OcrResult, OcrWord
from idverify.pipeline import Upload, Verifier
from samples import capture
from samples.build import drivers_license_for
from samples.people import Person, random_person
from samples.render import CARD_SIZE, RenderedDocument, faded
from samples.render_insurance import health_insurance_card_for, health_insurance_card_front
from tests.conftest import fake_ocr
from tests.test_documents import LICENSE, LICENSE_BACK, MN_BACK, MN_FRONT

W, H = CARD_SIZE
CARD = HealthInsuranceCard()
TODAY = dt.date(2026, 11, 22)

# The whole-card OCR of a masked card, as fake_ocr lays it out (labels only where
# the values are covered).
MASKED_ROWS = (
    ("健康保険 被保険者証 本人(被保険者)", 40),
    ("記号 番号 (枝番)", 130),
    ("氏名 山田 太郎", 210),
    ("生年月日 昭和60年 4月 1日 性別 男", 280),
    ("資格取得年月日 平成20年 4月 1日", 345),
    ("事業所名称 株式会社 山手製作所", 405),
    ("保険者番号", 480),
    ("保険者名称 全国健康保険協会 東京支部", 545),
)


def _blank() -> npt.NDArray[np.uint8]:
    return np.full((H, W, 3), 245, dtype=np.uint8)


def _area(frac: tuple[float, float, float, float]) -> Box:
    return scale_box(frac, W, H)


def _words_at(text: str, x: int, y: int, confidence: float = 90.0) -> OcrLine:
    """One line of 22 px glyphs starting at (x, y), 30 px tall."""
    return OcrLine(
        tuple(OcrWord(ch, Box(x + 22 * i, y, 20, 30), confidence) for i, ch in enumerate(text))
    )


def _with_lines(base: OcrResult, *extra: OcrLine) -> OcrResult:
    return OcrResult((*base.lines, *extra), base.width, base.height)


def _draw_digits(image: npt.NDArray[np.uint8], x: int, y: int, n: int) -> None:
    """``n`` digit-like glyphs (two 4 px strokes and a bar, 30 px tall) from (x, y)."""
    for i in range(n):
        gx = x + 22 * i
        image[y : y + 30, gx + 2 : gx + 6] = 20
        image[y : y + 30, gx + 14 : gx + 18] = 20
        image[y + 13 : y + 17, gx + 2 : gx + 18] = 20


def _draw_block(image: npt.NDArray[np.uint8], box: Box) -> None:
    image[box.y : box.y + box.h, box.x : box.x + box.w] = 15


class _Reader:
    """A FieldReader whose region reads return the given lines that lie in the
    region (nothing for names: the label fallback is used)."""

    def __init__(self, *lines: OcrLine) -> None:
        self.lines = lines

    def read(
        self, region: Box, *, block: bool = False, allowed: str | None = None, zoom: float = 1.0
    ) -> OcrResult:
        inside = [
            line
            for line in self.lines
            if region.y <= line.box.y + line.box.h / 2 <= region.y + region.h
        ]
        return OcrResult(tuple(inside), W, H)

    def read_char(self, region: Box) -> tuple[str, float] | None:
        return None

    def read_variants(self, region: Box) -> list[OcrResult]:
        return []

    def read_by_model(self, region: Box) -> list[list[OcrResult]]:
        return [[result] for result in self.read_variants(region)]

    def read_line(self, region: Box) -> LineReading | None:
        return None  # no second recogniser: Tesseract's readings alone


# ------------------------------------------------------------------ identify


@pytest.mark.parametrize(
    "rows",
    [
        MASKED_ROWS,
        # The 資格確認書 that succeeds the card.
        (
            ("健康保険 資格確認書", 40),
            ("氏名 山田 太郎", 210),
            ("保険者名称 東和健康保険組合", 545),
        ),
        # OCR slips on the marks: 険 read as 検, 得 as 徳, 証 lost.
        (("健康保検 被保検者", 40), ("資格取徳年月日 平成20年 4月 1日", 345)),
        # A glare-struck photo: 者 read as 痢, 事業 lost, most labels garbled; a
        # My Number module sees 氏名, 生 and 性別 in it too.
        (
            ("氏名 後藤 彩", 210),
            ("生年月日 平成14年 4月25日 性別 女", 280),
            ("理生所名称 みなと物産株式会社", 405),
            ("保険痢番号", 480),
            ("全国健康保険協会 福岡支部", 545),
        ),
    ],
    ids=["card", "certificate", "misread", "glare"],
)
def test_a_health_insurance_card_is_recognised(rows: tuple[tuple[str, int], ...]) -> None:
    found = classify(fake_ocr(*rows))
    assert found is not None
    assert (found[0].type_name, found[1].side) == ("health_insurance_card", "front")


def test_two_marks_make_the_card_one_does_not() -> None:
    assert CARD.identify(fake_ocr(("記号", 130))) is None
    one = CARD.identify(fake_ocr(("記号", 130), ("保険者番号", 480)))
    assert one is not None and one.score == CARD.BASE_SCORE + 3  # 記号, 保険者, 者番号


def test_it_outscores_the_other_modules_on_its_own_card() -> None:
    # 氏名, 生, 性別 and 番号 are printed on licenses and My Number cards too.
    ocr = fake_ocr(*MASKED_ROWS)
    found = classify(ocr)
    assert found is not None and found[0].type_name == "health_insurance_card"
    mine = CARD.identify(ocr)
    assert mine is not None
    from idverify.documents import REGISTRY

    others = [m.identify(ocr) for m in REGISTRY if m.type_name != CARD.type_name]
    assert all(o is None or o.score < mine.score for o in others)


@pytest.mark.parametrize(
    "ocr", [LICENSE, LICENSE_BACK, MN_FRONT, MN_BACK], ids=["dl", "dl_back", "mn", "mn_back"]
)
def test_licenses_and_my_number_cards_are_never_claimed(ocr: OcrResult) -> None:
    assert CARD.identify(ocr) is None
    found = classify(ocr)
    assert found is not None and found[0].type_name != "health_insurance_card"


def test_another_documents_label_vetoes_the_card() -> None:
    # A resident certificate may print 国民健康保険 details; it is not a card.
    rows = (("住民票 続柄 世帯主 山田 太郎", 40), ("国民健康保険 被保険者 資格取得 平成20年", 100))
    assert CARD.identify(fake_ocr(*rows)) is None


# ------------------------------------------------------------------- fields


def test_fields_fall_back_to_the_labels() -> None:
    reading = CARD.extract(fake_ocr(*MASKED_ROWS), "front", _blank(), _Reader())
    assert reading.fields["name"].value == "山田太郎"
    assert reading.fields["birth_date"].value == "1985-04-01"
    assert set(reading.fields) == {"name", "birth_date"}  # no address, no expiry
    assert reading.has_photo is False


def test_the_acquisition_date_is_never_taken_for_the_birth_date() -> None:
    rows = [r for r in MASKED_ROWS if not r[0].startswith("生年月日")]
    rows.append(("生年月日 昭和60年19月 1日 性別 男", 280))  # an impossible month
    reading = CARD.extract(fake_ocr(*rows), "front", _blank(), _Reader())
    assert "birth_date" not in reading.fields


# ------------------------------------------------------- sensitive numbers

SYMBOL = _area(HealthInsuranceCard.SYMBOL_AREA)
NUMBER = _area(HealthInsuranceCard.NUMBER_AREA)
INSURER = _area(HealthInsuranceCard.INSURER_AREA)
ROW_Y = SYMBOL.y + 12  # a value's glyph top in the 記号・番号 row
INSURER_Y = INSURER.y + 12


def _kinds(image: npt.NDArray[np.uint8], *lines: OcrLine) -> list[str]:
    ocr = _with_lines(fake_ocr(*MASKED_ROWS), *lines)
    return [f.kind for f in CARD.extract(ocr, "front", image, _Reader()).sensitive]


def test_legible_numbers_are_found_in_both_rows() -> None:
    image = _blank()
    _draw_digits(image, SYMBOL.x + 20, ROW_Y, 8)
    _draw_digits(image, INSURER.x + 20, INSURER_Y, 8)
    kinds = _kinds(
        image,
        _words_at("12345678", SYMBOL.x + 20, ROW_Y),
        _words_at("01130012", INSURER.x + 20, INSURER_Y),
    )
    assert kinds == ["insurer_number", "insurer_number"]


@pytest.mark.parametrize(
    ("digits", "kind"), [(1, "individual_number_uncertain"), (2, "insurer_number")]
)
def test_min_digits(digits: int, kind: str) -> None:
    # One digit read over printed glyphs could be a speck: uncertain, not legible.
    image = _blank()
    _draw_digits(image, NUMBER.x + 20, ROW_Y, 6)
    assert _kinds(image, _words_at("7" * digits, NUMBER.x + 20, ROW_Y)) == [kind]


def test_digits_read_off_a_marker_block_do_not_count() -> None:
    # Tesseract reads a black block as a 4 or a 7 now and then.
    image = _blank()
    _draw_block(image, Box(SYMBOL.x + 10, SYMBOL.y + 5, 200, 45))
    _draw_block(image, Box(INSURER.x + 10, INSURER.y + 5, 200, 45))
    kinds = _kinds(
        image,
        _words_at("47", SYMBOL.x + 40, ROW_Y),
        _words_at("74", INSURER.x + 40, INSURER_Y),
    )
    assert kinds == []


def test_digits_beside_a_partial_mask_count() -> None:
    image = _blank()
    _draw_block(image, Box(SYMBOL.x + 10, SYMBOL.y + 5, 100, 45))
    _draw_digits(image, SYMBOL.x + 150, ROW_Y, 3)  # left uncovered, 40 px from the block
    assert _kinds(image, _words_at("123", SYMBOL.x + 150, ROW_Y)) == ["insurer_number"]


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # The issue date printed above the row, reaching into it on a card
        # rectified a little off: its digits are no number.
        ("22年12月28日交付", []),
        # Digits beside a date on the same line still are.
        ("22年12月28日1234", ["insurer_number"]),
    ],
)
def test_the_digits_of_a_date_are_no_number(text: str, kinds: list[str]) -> None:
    assert _kinds(_blank(), _words_at("平成" + text, NUMBER.x - 150, ROW_Y)) == kinds


@pytest.mark.parametrize(
    ("confidence", "kind"),
    [
        (HealthInsuranceCard.DIGIT_MIN_CONFIDENCE, "insurer_number"),
        # Read barely at all: no proof it is legible, but the glyphs are there.
        (HealthInsuranceCard.DIGIT_MIN_CONFIDENCE - 0.1, "individual_number_uncertain"),
    ],
)
def test_digits_read_with_no_confidence_are_no_proof(confidence: float, kind: str) -> None:
    image = _blank()
    _draw_digits(image, NUMBER.x + 20, ROW_Y, 6)
    assert _kinds(image, _words_at("123456", NUMBER.x + 20, ROW_Y, confidence)) == [kind]


def test_a_blank_value_area_is_masked() -> None:
    # An opaque white sticker leaves no ink where the value was.
    assert _kinds(_blank()) == []


class _LineReader(_Reader):
    """A reader whose second recogniser reads ``text`` (each glyph at ``p``) in the
    insurer number's value area, nothing elsewhere."""

    def __init__(self, text: str, p: float) -> None:
        super().__init__()
        self.text, self.p = text, p

    def read_line(self, region: Box) -> LineReading | None:
        if region == INSURER:
            return LineReading(self.text, (self.p,) * len(self.text))
        return LineReading("", ())


@pytest.mark.parametrize(
    ("text", "p", "kinds"),
    [
        ("01130012", CARD.LINE_DIGIT_MIN_PROBABILITY, ["individual_number_uncertain"]),
        ("01130012", CARD.LINE_DIGIT_MIN_PROBABILITY - 0.01, []),
        ("ー7", 1.0, []),  # one digit: a sticker's edge, a speck
        ("07", 1.0, ["individual_number_uncertain"]),
    ],
)
def test_digits_the_line_model_reads_surely_make_it_uncertain(
    text: str, p: float, kinds: list[str]
) -> None:
    # A value too faint and blurred for Tesseract and the ink tests (a faded card
    # in a hard photo) that the second recogniser reads surely goes to review.
    ocr = fake_ocr(*MASKED_ROWS)
    found = CARD.extract(ocr, "front", _blank(), _LineReader(text, p)).sensitive
    assert [f.kind for f in found] == kinds


def test_glyphs_that_are_not_read_make_it_uncertain() -> None:
    image = _blank()
    _draw_digits(image, INSURER.x + 20, INSURER_Y, 8)
    kinds = _kinds(image, _words_at("ー|", INSURER.x + 20, INSURER_Y))
    assert kinds == ["individual_number_uncertain"]


def test_a_number_read_by_the_row_reader_alone_counts() -> None:
    image = _blank()
    _draw_digits(image, INSURER.x + 20, INSURER_Y, 8)
    ocr = fake_ocr(*MASKED_ROWS)
    reader = _Reader(_words_at("01130012", INSURER.x + 20, INSURER_Y))
    kinds = [f.kind for f in CARD.extract(ocr, "front", image, reader).sensitive]
    assert kinds == ["insurer_number"]


def test_a_number_after_its_label_elsewhere_counts() -> None:
    # A card printed otherwise: the number sits right after its label, off the layout.
    image = _blank()
    label = _words_at("保険者番号", 40, 600)
    value = _words_at("01130012", 40 + 22 * 5, 600)
    _draw_digits(image, 40 + 22 * 5, 600, 8)
    kinds = _kinds(image, OcrLine(label.words + value.words))
    assert kinds == ["insurer_number"]


def test_value_areas_are_masked_for_the_reviewer_either_way() -> None:
    reading = CARD.extract(fake_ocr(*MASKED_ROWS), "front", _blank(), _Reader())
    masks = reading.mask_boxes
    for area in (SYMBOL, NUMBER, INSURER):
        assert any(m.x <= area.x and m.y <= area.y and m.x + m.w >= area.x + area.w for m in masks)


@pytest.mark.parametrize(
    ("text", "confidence", "kinds"),
    [
        ("番号", CARD.LABEL_MIN_CONFIDENCE, []),
        ("番号", CARD.LABEL_MIN_CONFIDENCE - 1, ["individual_number_uncertain"]),
        ("番1", 95.0, ["individual_number_uncertain"]),  # a digit among them: kept
    ],
)
def test_a_labels_glyphs_inside_a_value_area_are_no_value(
    text: str, confidence: float, kinds: list[str]
) -> None:
    # A card rectified 20 px off brings the label 番号 into the 番号 value area.
    image = _blank()
    _draw_digits(image, NUMBER.x + 4, ROW_Y, 2)  # the label's strokes, as it were
    assert _kinds(image, _words_at(text, NUMBER.x + 4, ROW_Y, confidence)) == kinds


# ---------------------------------------------------------- ink thresholds


def _ink(image: npt.NDArray[np.uint8]) -> _Ink:
    return _Ink.of(image, Box(0, 100, W, 80), CARD, [])


@pytest.mark.parametrize(("width", "stroke"), [(8, True), (CARD.BLOCK_KERNEL + 1, False)])
def test_block_kernel(width: int, stroke: bool) -> None:
    # A bar as wide as the kernel is a block (marker), a glyph's stroke is not.
    image = _blank()
    image[120:160, 300 : 300 + width] = 20
    assert (_ink(image).strokes_in(Box(300, 120, width, 40)) > 0) is stroke


@pytest.mark.parametrize(("level", "ink"), [(0.75, True), (0.85, False)])
def test_glyph_dark(level: float, ink: bool) -> None:
    # Print is darker than the background even under glare; the security
    # pattern and a white sticker's edge are not.
    image = _blank()
    image[120:160, 300:306] = round(245 * level)
    assert (_ink(image).strokes_in(Box(300, 120, 6, 40)) > 0) is ink


@pytest.mark.parametrize(("level", "block"), [(0.50, True), (0.60, False)])
def test_block_dark(level: float, block: bool) -> None:
    # A marker is near black; a wide grey shape is no block (and counts as ink).
    image = _blank()
    box = Box(300, 120, 60, 40)
    image[box.y : box.y + box.h, box.x : box.x + box.w] = round(245 * level)
    ink = _ink(image)
    assert (ink.block_share(box) > 0.9) is block
    assert (ink.strokes_in(box) == 0) is block


@pytest.mark.parametrize(("x", "ink"), [(525, True), (545, False)])
def test_background_window(x: int, ink: bool) -> None:
    # A glare spot (columns 300-500) fades the print in it: a glyph there, or
    # within half the window of it, is judged against the glare's brightness;
    # farther off, against its own background.
    image = np.full((H, W, 3), 200, dtype=np.uint8)
    image[:, 300:500] = 250
    image[120:160, 320:324] = 170  # in the glare: 68 % of it
    image[120:160, x : x + 4] = 170  # 85 % of the plain background
    found = _ink(image)
    assert found.strokes_in(Box(320, 120, 4, 40)) > 0
    assert (found.strokes_in(Box(x, 120, 4, 40)) > 0) is ink


@pytest.mark.parametrize(("share", "counts"), [(0.25, True), (0.35, False)])
def test_on_block(share: float, counts: bool) -> None:
    # A digit read where there is neither ink nor block is not read off a block:
    # it counts (a faded digit); one mostly on a block, with no ink, does not.
    image = _blank()
    box = Box(400, 120, 40, 40)
    _draw_block(image, Box(300, 110, 100 + round(share * box.w), 60))
    assert _ink(image).digit_counts(box) is counts


@pytest.mark.parametrize(
    ("pixels", "counts"), [(CARD.DIGIT_MIN_INK - 4, False), (CARD.DIGIT_MIN_INK, True)]
)
def test_digit_min_ink(pixels: int, counts: bool) -> None:
    # A digit box half on a block counts with a stroke of its own beside it.
    image = _blank()
    box = Box(300, 115, 80, 50)
    _draw_block(image, Box(250, 110, 90, 60))  # covers the box's left half
    image[120 : 120 + pixels // 4, 360:364] = 20  # 20 px clear of the block
    ink = _ink(image)
    assert ink.block_share(box) >= CARD.ON_BLOCK
    assert ink.digit_counts(box) is counts


@pytest.mark.parametrize(("off", "layout"), [(0.09, True), (0.11, False)])
def test_ratio_tolerance(off: float, layout: bool) -> None:
    # An image that is not card-shaped is not the card on its layout: a blank
    # value area there proves nothing.
    width = round(H * (HealthInsuranceCard.CARD_RATIO + off))
    image = np.full((H, width, 3), 245, dtype=np.uint8)
    reading = CARD.extract(fake_ocr(*MASKED_ROWS), "front", image, _Reader())
    kinds = [f.kind for f in reading.sensitive]
    assert kinds == ([] if layout else ["individual_number_uncertain"])


def test_off_the_layout_numbers_after_their_labels_are_still_found() -> None:
    image = np.full((1200, 1600, 3), 245, dtype=np.uint8)  # a whole 4:3 photo
    _draw_digits(image, 40 + 22 * 5, 600, 8)
    label = _words_at("保険者番号", 40, 600)
    value = _words_at("01130012", 40 + 22 * 5, 600)
    ocr = _with_lines(fake_ocr(*MASKED_ROWS), OcrLine(label.words + value.words))
    kinds = [f.kind for f in CARD.extract(ocr, "front", image, _Reader()).sensitive]
    assert kinds == ["insurer_number"]


@pytest.mark.parametrize(
    ("height", "glyph"), [(CARD.GLYPH_MIN_HEIGHT - 1, False), (CARD.GLYPH_MIN_HEIGHT, True)]
)
def test_glyph_min_height(height: int, glyph: bool) -> None:
    # Dust is a few px tall: however much of it, no glyph.
    image = _blank()
    for k in range(10):
        image[130 : 130 + height, 300 + 12 * k : 306 + 12 * k] = 20
    area = Box(290, 110, 200, 60)
    assert (_ink(image).glyph_ink(area) >= CARD.GLYPH_MIN_INK) is glyph


@pytest.mark.parametrize(
    ("height", "glyph"), [(CARD.GLYPH_MAX_HEIGHT, True), (CARD.GLYPH_MAX_HEIGHT + 1, False)]
)
def test_glyph_max_height(height: int, glyph: bool) -> None:
    # The card's frame or a rule crossing a value area is no glyph.
    image = _blank()
    image[110 : 110 + height, 300:304] = 20
    area = Box(290, 102, 200, 76)
    assert (_ink(image).glyph_ink(area) >= CARD.GLYPH_MIN_INK) is glyph


@pytest.mark.parametrize(
    ("width", "top", "glyph"),
    [
        (CARD.LINE_MAX_WIDTH, 110, False),  # a line from the area's edge
        (CARD.LINE_MAX_WIDTH + 1, 110, True),
        (CARD.LINE_MAX_WIDTH, 120, True),  # a 1's stem inside the area
    ],
)
def test_line_max_width(width: int, top: int, glyph: bool) -> None:
    image = _blank()
    image[top : top + 40, 300 : 300 + width] = 20
    area = Box(290, 110, 200, 60)
    assert (_ink(image).glyph_ink(area) >= CARD.GLYPH_MIN_INK) is glyph


@pytest.mark.parametrize(
    ("pixels", "glyph"), [(CARD.GLYPH_MIN_INK - 4, False), (CARD.GLYPH_MIN_INK, True)]
)
def test_glyph_min_ink(pixels: int, glyph: bool) -> None:
    image = _blank()
    height = pixels // 4
    image[120 : 120 + height, 300:304] = 20
    assert (_ink(image).glyph_ink(Box(290, 110, 100, 60)) >= CARD.GLYPH_MIN_INK) is glyph


@pytest.mark.parametrize(("level", "faint"), [(0.92, True), (0.96, False)])
def test_faint_dark(level: float, faint: bool) -> None:
    # Glyph-like strokes (6 px) printed pale, either side of FAINT_DARK: too light
    # for the stroke test, still print.
    image = _blank()
    for k in range(8):
        image[120:150, 300 + 14 * k : 306 + 14 * k] = round(245 * level)
    ink = _ink(image)
    area = Box(290, 110, 200, 60)
    assert ink.glyph_ink(area) < CARD.GLYPH_MIN_INK
    assert (ink.glyph_ink(area, faint=True) >= CARD.FAINT_MIN_INK) is faint


@pytest.mark.parametrize(("strokes", "faint"), [(3, False), (6, True)])
def test_faint_min_ink(strokes: int, faint: bool) -> None:
    # 6 x 30 px strokes at 0.88 of the card: ~250 px of faint ink each once
    # blurred; FAINT_MIN_INK (600) lies between 3 and 6 of them.
    image = _blank()
    for k in range(strokes):
        image[120:150, 300 + 16 * k : 306 + 16 * k] = round(245 * 0.88)
    ink = _ink(image).glyph_ink(Box(290, 110, 200, 60), faint=True)
    assert (ink >= CARD.FAINT_MIN_INK) is faint


def test_a_fine_pattern_as_dark_as_faint_print_is_no_print() -> None:
    # The security pattern: 1 px lines 3 px apart at 0.88 of the card, as dark as
    # a faded value's strokes; blurred they are lighter than FAINT_DARK.
    image = _blank()
    image[112:176:3, 200:500] = round(245 * 0.88)
    assert _ink(image).glyph_ink(Box(290, 110, 200, 60), faint=True) < CARD.FAINT_MIN_INK


# -------------------------------------------------------------- renderer


def _render(
    person: Person, masked: frozenset[str] = frozenset(), cover: str | None = None
) -> RenderedDocument:
    return health_insurance_card_front(
        person,
        symbol="12345678",
        number="1234",
        branch="00",
        insurer_number="01130012",
        insurer_name="全国健康保険協会 東京支部",
        acquired=dt.date(2010, 4, 1),
        rng=random.Random(1),
        masked=masked,
        cover=cover,
    )


@pytest.mark.parametrize("cover", ["marker", "black_sticker", "white_sticker"])
def test_the_renderer_covers_what_it_is_asked_to(cover: str) -> None:
    person = random_person(random.Random(2950))
    open_doc = _render(person)
    masked = _render(person, frozenset({"symbol_number", "insurer_number"}), cover)
    for key in ("symbol_number", "insurer_number"):
        x, y, w, h = masked.sensitive[key]
        before = np.asarray(open_doc.image.convert("L"))[y : y + h, x : x + w]
        after = np.asarray(masked.image.convert("L"))[y : y + h, x : x + w]
        # The columns the values print in: their ink (grey 22) is darker than the
        # labels' between them (grey 58).
        inked = (before < 40).any(axis=0)
        assert inked.sum() > 20
        # Each is now one tone top to bottom: all black, or all white (a sticker).
        covered = (after[:, inked] < 60).all(axis=0) | (after[:, inked] > 200).all(axis=0)
        assert covered.all()
    assert masked.values == {
        "name": person.name,
        "birth_date": person.birth_date.isoformat(),
        "sex": person.sex,
        "acquired_date": "2010-04-01",
    }
    assert "01130012" not in masked.values.values()


def test_the_renderer_refuses_a_short_insurer_number() -> None:
    with pytest.raises(ValueError, match="8 digits"):
        health_insurance_card_front(
            random_person(random.Random(2951)),
            symbol="1",
            number="2",
            branch="00",
            insurer_number="0113",
            insurer_name="東和健康保険組合",
            acquired=dt.date(2010, 4, 1),
            rng=random.Random(1),
        )


# ------------------------------------------------------------ real OCR

BOTH = frozenset({"symbol_number", "insurer_number"})


def _card(seed: int, masked: frozenset[str]) -> tuple[Claim, RenderedDocument, random.Random]:
    rng = random.Random(f"hic-test:{seed}")
    person = random_person(rng)
    doc = health_insurance_card_for(person, rng, masked=masked, today=TODAY)
    return Claim(person.name, birth_date=person.birth_date), doc, rng


def _upload(doc: RenderedDocument, rng: random.Random, how: str) -> Upload:
    buf = io.BytesIO()
    if how == "scan":
        capture.flat_scan(doc, rng).save(buf, "PNG")
    else:
        capture.phone_photo(doc, rng, difficulty="easy").save(buf, "JPEG", quality=88)
    return Upload(f"{how}.img", buf.getvalue())


@pytest.mark.parametrize(("seed", "how"), [(2901, "scan"), (2902, "photo")])
def test_masked_card_reads_right_with_no_finding(verifier: Verifier, seed: int, how: str) -> None:
    claim, doc, rng = _card(seed, BOTH)
    result = verifier.verify([_upload(doc, rng, how)], claim, today=TODAY)
    reading = result.documents[0].evidence.reading
    assert reading is not None and reading.type == "health_insurance_card"
    assert result.decision.outcomes[0]["name"].value == "same"
    assert reading.fields["birth_date"].value == doc.values["birth_date"]
    assert reading.sensitive == ()
    # Alone it proves nothing (no photo): the policy wants a photo ID or two types.
    assert [r.code for r in result.decision.reasons] == ["INSUFFICIENT_DOCUMENTS"]


@pytest.mark.parametrize(("seed", "how"), [(2903, "scan"), (2904, "photo")])
def test_legible_numbers_fail(verifier: Verifier, seed: int, how: str) -> None:
    claim, doc, rng = _card(seed, frozenset())
    result = verifier.verify([_upload(doc, rng, how)], claim, today=TODAY)
    reading = result.documents[0].evidence.reading
    assert reading is not None and reading.type == "health_insurance_card"
    assert "insurer_number" in {f.kind for f in reading.sensitive}
    assert "INSURER_NUMBER_VISIBLE" in {r.code for r in result.decision.reasons}
    assert result.decision.verdict.value == "fail"


@pytest.mark.parametrize("checked", [True, False])
def test_faint_legible_numbers_go_to_review(
    verifier: Verifier, monkeypatch: pytest.MonkeyPatch, checked: bool
) -> None:
    # Both numbers printed 30 grey levels under the card (faded): a person reads
    # them; the stroke test finds no ink. Without the faint-print check the card
    # passed its sensitive checks (stop-27 review); since the fade keeps every
    # stroke at the contrast asked (stop 29), OCR reads part of the insurer
    # number too, so the check's own finding is what is looked for. The line
    # model's check, which reads these digits too, is left out here.
    monkeypatch.setattr(HealthInsuranceCard, "LINE_DIGIT_MIN_PROBABILITY", 2.0)
    if not checked:
        monkeypatch.setattr(HealthInsuranceCard, "FAINT_MIN_INK", 10**9)
    claim, doc, rng = _card(2910, frozenset())
    doc = faded(doc, ("symbol_number", "insurer_number"), 30)
    result = verifier.verify([_upload(doc, rng, "scan")], claim, today=TODAY)
    codes = {r.code for r in result.decision.reasons}
    assert ("SENSITIVE_FIELD_UNCERTAIN" in codes) is checked
    assert result.decision.verdict.value != "pass"


@pytest.mark.parametrize("checked", [True, False])
def test_faint_numbers_in_a_hard_photo_are_caught_by_the_line_model(
    verifier: Verifier, monkeypatch: pytest.MonkeyPatch, checked: bool
) -> None:
    # Faded to 25 grey levels under the card and blurred by a hard photo: the ink
    # tests find too little, Tesseract reads no digit; the line model reads them.
    if not checked:
        monkeypatch.setattr(HealthInsuranceCard, "LINE_DIGIT_MIN_PROBABILITY", 2.0)
    claim, doc, rng = _card(2921, frozenset())
    doc = faded(doc, ("symbol_number", "insurer_number"), 25)
    buf = io.BytesIO()
    capture.phone_photo(doc, rng, difficulty="hard").save(buf, "JPEG", quality=88)
    result = verifier.verify([Upload("photo.jpg", buf.getvalue())], claim, today=TODAY)
    codes = {r.code for r in result.decision.reasons}
    if checked:
        assert "SENSITIVE_FIELD_UNCERTAIN" in codes
    else:
        assert codes == {"INSUFFICIENT_DOCUMENTS"}


def test_with_a_license_a_masked_card_passes(verifier: Verifier) -> None:
    # A photo ID makes the request sufficient: nothing else may stand in the way.
    claim, card, rng = _card(2905, BOTH)
    person = random_person(random.Random("hic-test:2905"))  # the card's holder
    license_rng = random.Random("hic-test:2905:dl")
    license_doc = drivers_license_for(person, license_rng, today=TODAY)
    uploads = [_upload(license_doc, license_rng, "scan"), _upload(card, rng, "scan")]
    result = verifier.verify(uploads, claim, today=TODAY)
    assert result.decision.verdict.value == "pass", [r.code for r in result.decision.reasons]
