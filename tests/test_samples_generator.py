"""Fast checks of the synthetic-sample generator (no OCR): determinism, boxes, corners, manifest."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import random
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from samples import build, capture, people, render
from samples.people import Person

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

PERSON = Person(
    "山田", "太郎", "ヤマダ", "タロウ", dt.date(1985, 4, 1),
    "東京都千代田区丸の内一丁目4番1号 メゾン桜203号室", "男",
)  # fmt: skip


def _digest(img: Image.Image) -> str:
    return hashlib.sha256(img.tobytes()).hexdigest()


def _license(seed: int) -> render.RenderedDocument:
    return build.drivers_license_for(PERSON, random.Random(seed))


def _all_docs(seed: int) -> list[render.RenderedDocument]:
    rng = random.Random(seed)
    return [
        build.drivers_license_for(PERSON, rng),
        render.drivers_license_back(
            PERSON, changes=[(dt.date(2024, 3, 15), "東京都港区芝公園四丁目2番8号")], rng=rng
        ),
        build.my_number_card_for(PERSON, rng),
        render.my_number_card_back(PERSON, individual_number="123456789012", rng=rng,
                                   redacted=False),
        render.my_number_card_back(PERSON, individual_number="123456789012", rng=rng,
                                   redacted=True),
    ]  # fmt: skip


def test_same_seed_same_bytes() -> None:
    a, b = _license(3), _license(3)
    assert _digest(a.image) == _digest(b.image)
    assert a.fields == b.fields
    pa = capture.phone_photo(a, random.Random(5), difficulty="hard")
    pb = capture.phone_photo(b, random.Random(5), difficulty="hard")
    assert _digest(pa) == _digest(pb)
    assert _digest(capture.flat_scan(a, random.Random(1))) == _digest(
        capture.flat_scan(b, random.Random(1))
    )


def test_different_seed_differs() -> None:
    assert _digest(_license(1).image) != _digest(_license(2).image)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_boxes_inside_card(seed: int) -> None:
    for doc in _all_docs(seed):
        w, h = doc.image.size
        assert (w, h) == render.CARD_SIZE
        assert doc.image.mode == "RGB"
        for name, (x, y, bw, bh) in {**doc.fields, **doc.sensitive}.items():
            assert bw > 0 and bh > 0, name
            assert x >= 0 and x + bw <= w and y >= 0 and y + bh <= h, (doc.doc_type, name)


def test_expected_field_keys() -> None:
    front, back, mn_front, mn_back, _ = _all_docs(0)
    assert set(front.fields) >= {
        "name", "birth_date", "address", "issue_date", "expiry_date", "license_number"
    }  # fmt: skip
    assert set(back.fields) == {"change_1_address"}
    assert set(mn_front.fields) >= {"name", "address", "birth_date", "expiry_date"}
    assert set(mn_back.sensitive) == {"individual_number"}


def test_value_boxes_hold_dark_ink() -> None:
    """Each value box must contain dark print: the text is there, not drowned in pattern."""
    doc = _license(4)
    grey = np.asarray(doc.image.convert("L"))
    for name, (x, y, w, h) in doc.fields.items():
        assert grey[y : y + h, x : x + w].min() < 80, name


def test_redaction_covers_number() -> None:
    *_, open_back, masked = _all_docs(0)
    x, y, w, h = masked.sensitive["individual_number"]
    region = np.asarray(masked.image.convert("L"))[y : y + h, x : x + w]
    assert region.max() < 60  # solid black over the whole number
    region_open = np.asarray(open_back.image.convert("L"))[y : y + h, x : x + w]
    assert region_open.max() > 200  # the unredacted number sits on a light card


@pytest.mark.parametrize(
    ("difficulty", "rotation"), [("easy", 0), ("easy", 90), ("hard", 180), ("hard", 270)]
)
def test_phone_corners_match_card(difficulty: capture.Difficulty, rotation: int) -> None:
    doc = _license(7)
    img, corners = capture.phone_photo_with_corners(
        doc, random.Random(11), difficulty=difficulty, rotation=rotation
    )
    w, h = img.size
    assert (w, h) in {(1600, 1200), (1200, 1600), (2000, 1500), (1500, 2000)}
    assert (h > w) == (rotation in (90, 270))
    assert corners.shape == (4, 2)
    assert (corners >= 0).all() and (corners[:, 0] <= w).all() and (corners[:, 1] <= h).all()
    # Warping the photo back with the corners must give the card again (roughly): the
    # rectified image correlates with the original render.
    import cv2

    src = corners.astype(np.float32)
    cw, ch = render.CARD_SIZE
    dst = np.array([[0, 0], [cw, 0], [cw, ch], [0, ch]], dtype=np.float32)
    m = cv2.getPerspectiveTransform(src, dst)
    photo = np.asarray(img.convert("L"), dtype=np.float32)
    rect = cv2.warpPerspective(photo, m, (cw, ch))
    orig = np.asarray(doc.image.convert("L"), dtype=np.float32)
    inner = (slice(40, ch - 40), slice(40, cw - 40))
    corr = np.corrcoef(rect[inner].ravel(), orig[inner].ravel())[0, 1]
    assert corr > 0.6, corr
    # The first corner is the card's own top-left: upside down, it is at the bottom right.
    if rotation == 180:
        assert corners[0, 0] > corners[2, 0] and corners[0, 1] > corners[2, 1]


def test_flat_scan_and_a4() -> None:
    doc = _license(2)
    scan, corners = capture.flat_scan_with_corners(doc, random.Random(0))
    assert scan.width > doc.image.width and scan.height > doc.image.height
    assert (corners >= 0).all()
    page = capture.a4_page([doc, _all_docs(1)[2]], random.Random(0))
    assert page.size == capture.A4_SIZE and page.mode == "RGB"


def test_near_miss_is_a_different_person() -> None:
    rng = random.Random(0)
    for _ in range(200):
        p = people.random_person(rng)
        q = people.near_miss(p, rng)
        assert q != p
        assert (q.name, q.address) != (p.name, p.address)


def test_era_formatting() -> None:
    assert render.format_era(dt.date(2019, 5, 1), padded=True) == "令和元年05月01日"
    assert render.format_era(dt.date(2019, 4, 30), padded=False) == "平成31年 4月30日"
    assert render.format_era(dt.date(1985, 4, 1), padded=False) == "昭和60年 4月 1日"
    assert people.hyphen_notation("東京都千代田区丸の内一丁目4番1号") == "東京都千代田区丸の内1-4-1"


def test_manifest_references_existing_files() -> None:
    manifest = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest) >= 17
    ids = [case["id"] for case in manifest]
    assert len(ids) == len(set(ids))
    for case in manifest:
        assert case["expected_verdict"] in {"pass", "fail", "review"}
        assert (case["expected_verdict"] == "pass") == (not case["expected_reasons"])
        assert set(case["claim"]) >= {"name"}
        for f in case["files"]:
            assert (SAMPLES / f).is_file(), f
    total = sum(p.stat().st_size for p in (SAMPLES / "images").iterdir())
    # 38 cases over six document types, scans kept lossless (PNG) as a flatbed
    # gives them: about 15 MB. The bound keeps an accidental large file out.
    assert total < 16_000_000


def test_eval_cases() -> None:
    cases = list(build.iter_eval_cases(3, 8, capture="scan"))
    again = list(build.iter_eval_cases(3, 2, capture="scan"))
    assert [c.files for c in cases[:2]] == [c.files for c in again]
    assert {c.doc_type for c in cases} == set(build.DOC_TYPES)
    for c in cases:
        with Image.open(io.BytesIO(c.files[0])) as im:
            assert im.format == "PNG"
        assert c.expected_verdict == ("pass" if c.genuine else "fail")
    with pytest.raises(ValueError, match="capture must be one of"):
        next(build.iter_eval_cases(0, 1, capture="fax"))


@pytest.mark.parametrize("contrast", [18, 30, 60])
def test_faded_values_keep_their_print_at_the_contrast_asked(contrast: int) -> None:
    from samples.render_certificate import resident_certificate_for

    rng = random.Random(5)
    person = people.random_person(rng)
    doc = resident_certificate_for(person, rng, domicile="legible", number="masked")
    out = render.faded(doc, ("domicile", "individual_number"), contrast)

    def darkness(d: render.RenderedDocument, key: str) -> float:
        x, y, w, h = d.sensitive[key]
        gray = np.asarray(d.image.convert("L"), dtype=np.float64)[y : y + h, x : x + w]
        return float(np.percentile(gray, 90) - gray.min())

    assert darkness(doc, "domicile") > 150
    # The value's strokes sit at the contrast asked, even under the background
    # print's 25 levels (the tint under them is left as it is).
    x, y, w, h = doc.sensitive["domicile"]
    gray_in = np.asarray(doc.image.convert("L"), dtype=np.float64)[y : y + h, x : x + w]
    gray_out = np.asarray(out.image.convert("L"), dtype=np.float64)[y : y + h, x : x + w]
    strokes = gray_in < np.percentile(gray_in, 90) - 150
    stroke_darkness = np.percentile(gray_out, 90) - gray_out[strokes].min()
    assert abs(stroke_darkness - contrast) <= 2
    if contrast > 25:
        assert abs(darkness(out, "domicile") - contrast) <= 2
    # A blacked-out number stays blacked out; nothing outside the boxes changes.
    assert darkness(out, "individual_number") == darkness(doc, "individual_number")
    x, y, w, h = doc.sensitive["domicile"]
    before, after = np.asarray(doc.image).copy(), np.asarray(out.image).copy()
    before[y : y + h, x : x + w] = after[y : y + h, x : x + w] = 0
    assert np.array_equal(before, after)
