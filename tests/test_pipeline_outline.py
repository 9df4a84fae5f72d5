"""Documents on dev hard photos that were not recognised (real OCR): one whose
first outline reads as nothing is read once more in the best outline of four
straight edges of the photo; a small passport page is known by its MRZ."""

from __future__ import annotations

import pytest

import idverify.documents.passport as passport
import idverify.pipeline as pipeline
import idverify.preprocess as preprocess
from bench.run import plan
from idverify import mrz_read
from idverify.config import Settings
from idverify.documents import classify
from idverify.image_io import decode_upload
from idverify.models import Box, DocumentReading, OcrLine, OcrResult, OcrWord
from idverify.pipeline import Verifier
from samples.build import eval_case


@pytest.fixture(scope="module")
def verifier() -> Verifier:
    return Verifier()


def _read_dev_hard_photo(
    verifier: Verifier, index: int, file_no: int, doc_type: str, seed: int = 2960
) -> DocumentReading | None:
    """The main document read from file ``file_no`` of dev hard photo request
    ``index`` (of ``seed``), which holds a ``doc_type``."""
    task = next(t for t in plan(index + 1, seed, ("phone_hard",)) if t.index == index)
    case = eval_case(task.seed, task.index, task.doc_types, task.condition)
    assert doc_type in case.file_names[file_no]
    page = decode_upload(case.files[file_no], Settings().image)[0]
    return verifier.read_page(case.file_names[file_no], page).evidence.reading


@pytest.mark.parametrize("by_sides", [True, False])
def test_a_passport_touching_a_letter_is_read_in_its_straight_sides(
    verifier: Verifier, monkeypatch: pytest.MonkeyPatch, by_sides: bool
) -> None:
    # Dev hard photo (seed 2960, request 26): a passport page upside down on a
    # wooden table, a letter against its side. The outline search takes the
    # letter; read there, and whole, nothing is recognised (a fail). Its four
    # straight sides, other than the outlines tried, are the passport page.
    if not by_sides:
        monkeypatch.setattr(pipeline, "locate_by_sides", lambda *args, **kwargs: [])
    reading = _read_dev_hard_photo(verifier, 26, 0, "passport")
    if by_sides:
        assert reading is not None and reading.type == "passport"
    else:
        assert reading is None


@pytest.mark.parametrize("mrz_head", [True, False])
def test_a_small_passport_page_is_known_by_its_title_and_mrz(
    verifier: Verifier, monkeypatch: pytest.MonkeyPatch, mrz_head: bool
) -> None:
    # Dev hard photo (seed 2960, request 35, the passport beside a certificate): a
    # passport page ~640 px wide on a dark desk. Its labels are too small to read;
    # its English title and its MRZ read, the MRZ's filler as C ("PCJPN...").
    # (Without the head, the zone's first line is not read as one either.)
    if not mrz_head:
        monkeypatch.setattr(passport, "_MRZ_HEAD", passport.re.compile("P<JPN"))
        monkeypatch.setattr(passport, "_ZONE_LINE1", passport.re.compile("P<JPN(<{10,})"))
    reading = _read_dev_hard_photo(verifier, 35, 1, "passport")
    if mrz_head:
        assert reading is not None and reading.type == "passport"
    else:
        assert reading is None


@pytest.mark.parametrize(
    ("cloth_bound", "again", "right"),
    [(False, True, True), (False, False, False), (True, False, True)],
)
def test_a_card_with_a_band_of_cloth_is_found_again_inside_its_outline(
    verifier: Verifier, monkeypatch: pytest.MonkeyPatch, cloth_bound: bool, again: bool, right: bool
) -> None:
    # Dev hard photo (seed 2968, request 43): a My Number card slanted on a red
    # check. Its outline took in a band of the cloth: read at 39 % with one label
    # found, its fields came out as garbage. Found again inside that image, it
    # reads (its name's 也 may still read as 世: a review, as it should be). The
    # outline search's bound under the cloth's palest (c391779) now finds the card
    # alone, read right without the repair; without that bound, the repair is needed.
    if not cloth_bound:
        monkeypatch.setattr(preprocess, "_CLOTH_SHARE", 0.0)
    if not again:
        monkeypatch.setattr(pipeline, "_REFOUND_MAX_SHARE", 0.0)
    reading = _read_dev_hard_photo(verifier, 43, 0, "my_number_card", seed=2968)
    assert reading is not None and reading.type == "my_number_card"
    address = reading.fields.get("address")
    assert (address is not None and address.value == "静岡県静岡市葵区追手町4番6号") is right


def _line(text: str, y: int, *, down: bool) -> OcrLine:
    """A line of OCR words, one per glyph, running across or down the image."""
    return OcrLine(
        tuple(
            OcrWord(
                ch, Box(100, y + 32 * i, 28, 30) if down else Box(100 + 32 * i, y, 28, 30), 95.0
            )
            for i, ch in enumerate(text)
        )
    )


@pytest.mark.parametrize("down", [True, False])
def test_a_reading_of_a_document_on_its_side_is_no_type(down: bool) -> None:
    # A certificate photographed sideways: Tesseract read its lines as vertical
    # text, its 備考 row among them, and a license back was taken from that
    # (dev hard photo, seed 2967, request 47). Read across, the same words are a
    # license back's.
    lines = (_line("備考", 40, down=down), _line("警察署長", 400, down=down))
    lines += tuple(_line("記載事項", 100 + 40 * k, down=down) for k in range(3))
    found = classify(OcrResult(lines, 1011, 2000))
    if down:
        assert found is None
    else:
        assert found is not None and found[0].type_name == "drivers_license"


@pytest.mark.parametrize("as_page", [True, False])
@pytest.mark.parametrize(("seed", "index", "file_no"), [(2975, 16, 1), (2976, 23, 0)])
def test_a_page_with_a_cards_proportions_is_read_as_a_page(
    verifier: Verifier,
    monkeypatch: pytest.MonkeyPatch,
    as_page: bool,
    seed: int,
    index: int,
    file_no: int,
) -> None:
    # Dev hard photos: a resident certificate photographed at a slant, its outline
    # 1.52 long (seed 2975, request 16: standing upright; seed 2976, request 23:
    # lying sideways, most of the photo). Rectified as a card and an ISO page it
    # is recognised as neither; as an A4 page it reads.
    if not as_page:
        monkeypatch.setattr(pipeline, "_as_pages", lambda *args, **kwargs: [])
    reading = _read_dev_hard_photo(verifier, index, file_no, "resident_certificate", seed)
    if as_page:
        assert reading is not None and reading.type == "resident_certificate"
    else:
        assert reading is None


@pytest.mark.parametrize("hepburn", [True, False])
def test_a_zone_name_no_kana_spells_is_read_again(
    verifier: Verifier, monkeypatch: pytest.MonkeyPatch, hepburn: bool
) -> None:
    # Dev hard photo (seed 2975, request 14): HAYASHI's HI read as three glyphs
    # (HAYASMKF, no passport Hepburn) against the band's darkest print; read
    # against the print near each glyph, the name is right. (Read against the
    # sharpest templates only: compared with templates blurred as the line is,
    # the band reads HAYASHI at once; see test_passport.)
    monkeypatch.setattr(mrz_read, "BLURS", (0.0,))
    if not hepburn:
        monkeypatch.setattr(passport, "_name_is_hepburn", lambda lines: True)
    reading = _read_dev_hard_photo(verifier, 14, 0, "passport", 2975)
    assert reading is not None
    surname = reading.fields["name"].value.split()[0]
    if hepburn:
        assert surname == "HAYASHI"
    else:
        # Read once, the name stays misread (HAYASMKF; HAYASHHI since each
        # glyph's window is searched: HI still read as three glyphs).
        assert surname != "HAYASHI" and surname.startswith("HAYAS")


@pytest.mark.parametrize("drawn_on", [True, False])
def test_a_passport_outline_stopping_above_its_zone_is_drawn_on_to_its_foot(
    verifier: Verifier, monkeypatch: pytest.MonkeyPatch, drawn_on: bool
) -> None:
    # Dev hard photo (seed 2976, request 14): a passport page on a letter, its
    # outline found with a card's shape (1.59), at the edge of the zone's paler
    # band: the zone's second line is cut off, "zone not found". Drawn on down to
    # a passport page's shape, the zone is there and checks.
    if not drawn_on:
        monkeypatch.setattr(Verifier, "_page_below", lambda *args: None)
    reading = _read_dev_hard_photo(verifier, 14, 0, "passport", 2976)
    assert reading is not None and reading.mrz is not None
    if drawn_on:
        assert reading.mrz.status == "valid"
        assert reading.fields["name"].value.split()[0] == "YAMAZAKI"
    else:
        assert reading.mrz.status == "uncertain"


@pytest.mark.parametrize(
    ("width", "height", "tried"), [(640, 400, True), (640, 320, False), (640, 450, False)]
)
def test_only_an_outline_of_a_cards_shape_is_drawn_on_to_a_passport_page(
    monkeypatch: pytest.MonkeyPatch, width: int, height: int, tried: bool
) -> None:
    # A card's shape (1.6) is drawn on; a strip (2.0) is not (drawn on, it could
    # reach a document lying below the page), nor a page already of a passport's
    # shape (1.42).
    import numpy as np

    page = np.full((900, 1200, 3), 240, np.uint8)
    corners = np.array(
        [[100, 100], [100 + width, 100], [100 + width, 100 + height], [100, 100 + height]],
        np.float32,
    )
    place = preprocess.Located(page[100 : 100 + height, 100 : 100 + width], corners, "id1")
    source = pipeline._Source(place.image, place, 0, page)
    rectified: list[object] = []

    def rectify_upright(image: object, quad: object, size: object) -> object:
        rectified.append(quad)
        return np.full((1240, 1754, 3), 240, np.uint8)

    monkeypatch.setattr(pipeline, "rectify_upright", rectify_upright)
    verifier = Verifier()
    assert verifier._page_below(passport.Passport(), "photo_page", source) is None
    assert bool(rectified) is tried
