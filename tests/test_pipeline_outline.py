"""A document whose first outline reads as nothing is read once more in the best
outline of four straight edges of the photo (real OCR, on a dev hard photo)."""

from __future__ import annotations

import pytest

import idverify.pipeline as pipeline
from bench.run import plan
from idverify.config import Settings
from idverify.image_io import decode_upload
from idverify.pipeline import Verifier
from samples.build import eval_case


@pytest.fixture(scope="module")
def verifier() -> Verifier:
    return Verifier()


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
    task = next(t for t in plan(27, 2960, ("phone_hard",)) if t.index == 26)
    case = eval_case(task.seed, task.index, task.doc_types, task.condition)
    assert case.doc_type == "passport"
    page = decode_upload(case.files[0], Settings().image)[0]
    reading = verifier.read_page(case.file_names[0], page).evidence.reading
    if by_sides:
        assert reading is not None and reading.type == "passport"
    else:
        assert reading is None
