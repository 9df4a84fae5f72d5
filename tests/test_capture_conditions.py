"""The benchmark's capture conditions in the sample generator (no OCR)."""

from __future__ import annotations

import io
import math
import random

import numpy as np
import pytest
from PIL import Image

from idverify.config import ImageLimits
from idverify.image_io import decode_upload
from samples import capture, render
from samples.build import CAPTURES, CONDITIONS, YAMADA, drivers_license_for, eval_case

SEED = 4242  # the tests' own seed (see test_generated_captures.py)


def _size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as im:
        return im.size


def test_conditions_extend_the_captures() -> None:
    assert CONDITIONS[: len(CAPTURES)] == CAPTURES
    assert set(CONDITIONS) - set(CAPTURES) == {
        "glare",
        "blur",
        "rotation",
        "lowres",
        "a4_two_cards",
        "pdf",
        "dark",
        "cut_off",
    }
    with pytest.raises(ValueError, match="capture must be one of"):
        eval_case(SEED, 0, capture="fog")


@pytest.mark.parametrize("condition", ["glare", "blur", "rotation", "lowres", "dark", "cut_off"])
def test_graded_photo_conditions(condition: str) -> None:
    case = eval_case(SEED, 1, ("my_number_card",), condition)
    again = eval_case(SEED, 1, ("my_number_card",), condition)
    assert case.files == again.files
    assert case.capture == condition and case.id == f"{SEED}-{condition}-00001"
    assert case.severity is not None and 0.0 <= case.severity <= 1.0
    assert case.file_names[0].endswith(".jpg")
    if case.readable:
        assert case.expected_verdict == ("pass" if case.genuine else "fail")
    else:
        assert (case.expected_verdict, case.expected_reasons) == ("review", ("IMAGE_QUALITY_LOW",))


def test_unreadable_captures_are_labelled_so() -> None:
    labels = []
    for i in (0, 1, 7, 9):  # 7 and 9 drew the strong-blur band
        case = eval_case(SEED, i, ("drivers_license",), "blur")
        assert case.severity is not None
        # Two bands with a gap: a clear label either way.
        assert case.severity <= 0.3 or case.severity >= 0.7
        assert case.readable == (case.severity <= 0.3)
        labels.append(case.readable)
    assert labels == [True, True, False, False]


def test_lowres_card_width() -> None:
    case = eval_case(SEED, 0, ("drivers_license",), "lowres")
    w, h = _size(case.files[0])
    # A 1600- or 2000-px photo whose card filled 45-75 % of it, brought down to a
    # card of 250-500 px.
    assert max(w, h) < 1200
    assert case.detail.startswith("card ") and 250 <= int(case.detail.split()[1]) <= 500


def test_dark_photos_in_two_bands() -> None:
    gains = []
    for i in range(6):
        case = eval_case(SEED, i, ("my_number_card",), "dark")
        gain = float(case.detail.split()[1])
        # Two bands with a gap: a dim room (readable) or too dark (not).
        assert 0.45 <= gain <= 0.8 or 0.08 <= gain <= 0.16
        assert case.readable == (gain >= 0.45)
        gains.append(gain)
        pixels = np.asarray(Image.open(io.BytesIO(case.files[0])).convert("L"), dtype=np.float32)
        # The whole photo is as dark as its light: a bright table is at most 255 x gain.
        assert np.percentile(pixels, 99) <= 255 * gain + 25
    assert min(gains) < 0.45 <= max(gains)  # both bands drawn in these six


def test_cut_off_photos_lose_part_of_the_document() -> None:
    doc = drivers_license_for(YAMADA, random.Random(1))
    img, corners = capture.phone_photo_with_corners(doc, random.Random(2))
    for side in ("left", "right", "top", "bottom"):
        cut = capture.cut_off(img, corners, side, 0.25)
        w, h = cut.size
        x0, y0 = corners.min(axis=0)
        x1, y1 = corners.max(axis=0)
        # The photo's edge on that side now runs through the card, a quarter in.
        if side in ("left", "right"):
            assert h == img.height
            edge = img.width - w if side == "left" else w
            inside = (edge - x0) / (x1 - x0)
        else:
            assert w == img.width
            edge = img.height - h if side == "top" else h
            inside = (edge - y0) / (y1 - y0)
        assert inside == pytest.approx(0.25 if side in ("left", "top") else 0.75, abs=0.01)
    with pytest.raises(ValueError, match="side must be"):
        capture.cut_off(img, corners, "middle", 0.2)
    case = eval_case(SEED, 0, ("drivers_license",), "cut_off")
    assert not case.readable and case.detail.startswith("cut off ")


def test_a4_with_two_cards_and_a_pdf_of_pages() -> None:
    limits = ImageLimits()
    sheet = eval_case(SEED, 0, ("health_insurance_card",), "a4_two_cards")
    assert len(sheet.files) == 1 and _size(sheet.files[0]) == capture.A4_SIZE
    assert sheet.detail == "drivers_license"
    cert = eval_case(SEED, 0, ("resident_certificate",), "a4_two_cards")
    assert len(cert.files) == 2 and cert.detail == "certificate + passport/health_insurance_card"
    pdf = eval_case(SEED, 0, ("drivers_license",), "pdf")
    assert pdf.file_names[0].endswith(".pdf") and pdf.detail == "front and back"
    assert len(decode_upload(pdf.files[0], limits)) == 2


def test_any_angle_and_glare() -> None:
    doc = drivers_license_for(YAMADA, random.Random(1))
    img, corners = capture.phone_photo_with_corners(doc, random.Random(2), angle=135.0)
    top = corners[1] - corners[0]
    # Clockwise on screen (image y down); perspective tilt moves it a few degrees.
    assert abs(math.degrees(math.atan2(top[1], top[0])) - 135.0) < 8
    x, y, w, h = doc.fields["name"]
    centre = (x + w / 2, y + h / 2)
    glared = capture.add_glare(img, doc, corners, centre=centre, radii=(w / 4, h))
    homography = capture.cv2.getPerspectiveTransform(
        np.array([[0, 0], [1011, 0], [1011, 638], [0, 638]], np.float32),
        corners.astype(np.float32),
    )
    spot = capture.cv2.perspectiveTransform(np.array([[centre]], np.float32), homography)[0, 0]
    assert np.asarray(glared)[round(spot[1]), round(spot[0])].tolist() == [255, 255, 255]
    assert doc.image.size == render.CARD_SIZE


def test_blur_and_downscale() -> None:
    rng = np.random.default_rng(0)
    noise = Image.fromarray(rng.integers(0, 255, (60, 80, 3), dtype=np.uint8), "RGB")
    sharp = np.asarray(noise, dtype=np.float32).std()
    for motion in (None, 30.0):
        blurred = capture.blur_photo(noise, radius=4, motion_angle=motion)
        assert np.asarray(blurred, dtype=np.float32).std() < sharp / 2
    assert capture.downscale(noise, 0.5).size == (40, 30)
