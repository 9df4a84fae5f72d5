"""The reviewer image: sensitive regions are black, fields are boxed, input untouched."""

from __future__ import annotations

import random

import numpy as np

from idverify.annotate import COLOURS, annotate, to_png
from idverify.models import Box, DocumentReading, FieldReading, MatchOutcome, SensitiveFinding
from idverify.pipeline import Verifier
from samples import render
from samples.people import random_person


def test_masks_are_opaque_and_input_is_not_changed() -> None:
    image = np.full((638, 1011, 3), 200, dtype=np.uint8)
    reading = DocumentReading(
        "my_number_card",
        "back",
        {"name": FieldReading("山田太郎", Box(100, 180, 200, 40), 90.0)},
        sensitive=(SensitiveFinding("individual_number", Box(200, 80, 600, 60)),),
        mask_boxes=(Box(0, 400, 1011, 238),),
    )
    out = np.asarray(annotate(image, reading, {"name": MatchOutcome.SAME}))
    assert image.min() == 200  # a new image; the input is untouched
    assert out[90:130, 220:780].max() == 0  # the number is black
    assert out[420:630, :].max() == 0
    # The matched name is boxed in green.
    assert tuple(out[180 - 3, 150]) == COLOURS[MatchOutcome.SAME]
    assert to_png(annotate(image, reading)).startswith(b"\x89PNG")


def test_real_my_number_back_is_masked_where_the_number_is(verifier: Verifier) -> None:
    rng = random.Random("annotate")
    doc = render.my_number_card_back(
        random_person(rng), individual_number="123456789018", rng=rng, redacted=False
    )
    result = verifier.read_page("back.png", np.asarray(doc.image.convert("RGB")))
    reading = result.evidence.reading
    assert reading is not None and reading.side == "back"
    assert "individual_number" in {f.kind for f in reading.sensitive}
    assert result.image is not None
    out = np.asarray(annotate(result.image, reading))
    x, y, w, h = doc.sensitive["individual_number"]
    # The rendered card is already ID-1 at 300 dpi, so its boxes are the reviewer
    # image's: every pixel of the number's box is black.
    assert out[y : y + h, x : x + w].max() == 0
