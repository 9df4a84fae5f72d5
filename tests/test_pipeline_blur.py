"""A blurred card whose labels Tesseract loses in the median-evened image is read
again evened by its paper's level (real OCR, on dev hard photos)."""

from __future__ import annotations

import re

import pytest

import idverify.pipeline as pipeline
import idverify.preprocess as preprocess
from bench.run import plan
from idverify.config import Settings
from idverify.documents.residence_card import ResidenceCard
from idverify.image_io import decode_upload
from idverify.pipeline import Verifier
from idverify.preprocess import to_gray_for_ocr
from samples.build import eval_case


@pytest.fixture(scope="module")
def verifier() -> Verifier:
    return Verifier()


@pytest.mark.parametrize(("index", "doc_type"), [(24, "drivers_license"), (27, "residence_card")])
@pytest.mark.parametrize("by_paper", [True, False])
def test_a_blurred_card_is_recognised_when_read_evened_by_its_paper(
    verifier: Verifier,
    monkeypatch: pytest.MonkeyPatch,
    index: int,
    doc_type: str,
    by_paper: bool,
) -> None:
    # Dev hard photos (seed 2950): the outline is found exactly, but read evened
    # by a median (to_gray_for_ocr) the labels come out as 用所, ge, 千号 and the
    # card was not recognised (a fail). Without the second reading it still is not.
    # On the outline found as when this was measured: the bound under a check
    # cloth's palest (c391779) moves the license's corners by up to 4 px, and there
    # it is recognised neither way (glare: a review).
    monkeypatch.setattr(preprocess, "_CLOTH_SHARE", 0.0)
    # And with the residence card's title as it was then: read as 在届カード, the
    # title alone now names the card (d92ea74), in the first reading already.
    title = re.compile(r"在留.{0,2}[カ力].{0,2}ド|RESIDENCE")
    marks = (title, *ResidenceCard.FRONT_MARKS[1:])
    monkeypatch.setattr(ResidenceCard, "FRONT_MARKS", marks)
    if not by_paper:
        monkeypatch.setattr(pipeline, "gray_by_paper", to_gray_for_ocr)
    task = next(t for t in plan(index + 1, 2950, ("phone_hard",)) if t.index == index)
    case = eval_case(task.seed, task.index, task.doc_types, task.condition)
    assert case.doc_type == doc_type
    page = decode_upload(case.files[0], Settings().image)[0]
    reading = verifier.read_page(case.file_names[0], page).evidence.reading
    if by_paper:
        assert reading is not None and reading.type == doc_type
    else:
        assert reading is None
