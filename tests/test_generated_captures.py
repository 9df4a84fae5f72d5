"""Fresh generated captures through the real pipeline (real Tesseract): impostors
never pass, and genuine scans mostly do. The full figures come from bench/evaluate.py;
this is its small, deterministic CI subset."""

from __future__ import annotations

import datetime as dt

import pytest

from bench.evaluate import _claim
from idverify.config import Settings
from idverify.image_io import decode_upload
from idverify.pipeline import Upload, Verifier
from idverify.preprocess import to_gray_for_ocr
from samples.build import eval_case, iter_eval_cases

# A seed of its own: neither the committed samples (7), development runs (1000-1999)
# nor the reported benchmark (20261122).
SEED = 4242


def _verdicts(
    verifier: Verifier, capture: str, n: int, impostor_rate: float
) -> list[tuple[bool, str]]:
    out = []
    cards = ("drivers_license", "my_number_card")
    for case in iter_eval_cases(SEED, n, cards, capture=capture, impostor_rate=impostor_rate):
        uploads = [Upload(a, b) for a, b in zip(case.file_names, case.files, strict=True)]
        result = verifier.verify(
            uploads, _claim(case.claim), today=dt.date.fromisoformat(case.today)
        )
        out.append((case.genuine, result.decision.verdict.value))
    return out


@pytest.mark.parametrize("capture", ["scan", "phone_easy"])
def test_impostors_never_pass(verifier: Verifier, capture: str) -> None:
    results = _verdicts(verifier, capture, 6, impostor_rate=1.0)
    assert all(not genuine for genuine, _ in results)
    assert [v for _, v in results if v == "pass"] == []


def test_genuine_scans_pass_or_go_to_review(verifier: Verifier) -> None:
    results = _verdicts(verifier, "scan", 6, impostor_rate=0.0)
    verdicts = [v for _, v in results]
    # A genuine requester is never failed outright on a clean scan ...
    assert "fail" not in verdicts
    # ... and at least half pass (the rest is OCR doubt, sent to a person: rare
    # place-name kanji such as 糟屋郡 are misread). The benchmark reports the rates.
    assert verdicts.count("pass") >= 3, verdicts


@pytest.mark.parametrize(
    ("seed", "index", "doc_type"),
    [
        # The line fit ran along the gingham past the card: a corner outside the
        # photo, now refused, so the card's own outline wins.
        (1500, 19, "my_number_card"),
        # A loose crop kept a strip of gingham along the card's edge, and Tesseract
        # lost whole rows to it; read again with the strip whitened.
        (1500, 36, "drivers_license"),
        # A small card whose bold name row cut the pale-card mask in two.
        (1600, 30, "drivers_license"),
        # Rectified 1.4 degrees off: the address row ran into the birth date's;
        # levelled by the slope of its text rows.
        (1600, 24, "drivers_license"),
    ],
)
def test_development_captures_that_once_failed(
    verifier: Verifier, seed: int, index: int, doc_type: str
) -> None:
    # Development captures (seeds 1500-1999) that failed before the fixes above.
    case = eval_case(seed, index, ("drivers_license", "my_number_card"), capture="phone_easy")
    assert case.doc_type == doc_type
    result = verifier.verify(
        [Upload(case.file_names[0], case.files[0])],
        _claim(case.claim),
        today=dt.date.fromisoformat(case.today),
    )
    reading = result.documents[0].evidence.reading
    assert reading is not None and reading.type == doc_type
    assert result.decision.verdict.value == case.expected_verdict


@pytest.mark.parametrize(
    ("seed", "index", "doc_type", "capture"),
    [
        # A page on a checked cloth: its outline was snapped onto the cloth's
        # stripes, off the photo's edge, and refused; the page was not found.
        (1200, 12, "resident_certificate", "phone_easy"),
        # The municipality's name tiled in a pale tint over the page was read as a
        # legible 本籍 in a cell that says 省略 (and under a blacked-out one).
        (1400, 4, "resident_certificate", "scan"),
        (1400, 7, "resident_certificate", "scan"),
        # The issue date above the number row read as its digits, and a label read
        # with a marker block as one "8" at confidence 1: INSURER_NUMBER_VISIBLE.
        (1200, 12, "health_insurance_card", "phone_easy"),
        (1200, 5, "health_insurance_card", "phone_easy"),
    ],
)
def test_development_requests_that_once_failed(
    verifier: Verifier, seed: int, index: int, doc_type: str, capture: str
) -> None:
    # Development requests (seeds 1200-1400, with their companion document) that
    # were failed or not read before the fixes above; all genuine.
    case = eval_case(seed, index, (doc_type,), capture=capture)
    assert case.genuine
    uploads = [Upload(a, b) for a, b in zip(case.file_names, case.files, strict=True)]
    result = verifier.verify(uploads, _claim(case.claim), today=dt.date.fromisoformat(case.today))
    assert result.decision.verdict.value == "pass", [r.code for r in result.decision.reasons]


def test_the_first_request_is_read_as_any_later_one() -> None:
    # Loading the name-reading models set Tesseract parameters process-wide, and
    # the main engine laid a page out differently before and after: the first
    # request of a verifier was read otherwise (here the certificate's name row
    # was lost once another document had been read first).
    case = eval_case(1600, 12, ("health_insurance_card",), capture="scan")
    page = to_gray_for_ocr(decode_upload(case.files[1], Settings().image)[0])
    verifier = Verifier()
    first = verifier.engine.read(page)
    verifier.verify(
        [Upload(case.file_names[0], case.files[0])],
        _claim(case.claim),
        today=dt.date.fromisoformat(case.today),
    )
    assert verifier.engine.read(page) == first
