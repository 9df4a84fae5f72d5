"""The passport photo page of the sample generator: its MRZ is a valid ICAO 9303 zone
(or broken on purpose), and the 本籍 can be blacked out."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest

from idverify.mrz import parse_td3
from idverify.romaji import hepburn
from samples.people import random_person
from samples.render import passport_date, passport_photo_page

TODAY = dt.date(2026, 11, 22)


def _page(seed: int, **options: object) -> tuple[object, dict[str, str]]:
    rng = random.Random(seed)
    person = random_person(rng)
    doc = passport_photo_page(
        person,
        romaji=(hepburn(person.family_kana), hepburn(person.given_kana)),
        number="TR1234567",
        domicile="東京都",
        issue_date=dt.date(2024, 5, 1),
        expiry_date=dt.date(2034, 5, 1),
        rng=rng,
        **options,  # type: ignore[arg-type]
    )
    return doc, doc.values


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_printed_mrz_is_valid_and_agrees_with_the_visual_zone(seed: int) -> None:
    _, values = _page(seed)
    mrz = parse_td3(*values["mrz"].split("\n"), today=TODAY)
    assert mrz is not None and mrz.valid
    assert f"{mrz.surname} {mrz.given_names}" == values["name"]
    assert mrz.birth_date is not None and mrz.birth_date.isoformat() == values["birth_date"]
    assert mrz.expiry_date == dt.date(2034, 5, 1)


@pytest.mark.parametrize("index", [9, 19, 27, 43])
def test_a_broken_check_digit_makes_the_zone_invalid(index: int) -> None:
    _, values = _page(1, broken_check=index)
    mrz = parse_td3(*values["mrz"].split("\n"), today=TODAY)
    assert mrz is not None and not mrz.valid


@pytest.mark.parametrize(("masked", "dark"), [(True, True), (False, False)])
def test_the_registered_domicile_can_be_blacked_out(masked: bool, dark: bool) -> None:
    doc, _ = _page(2, domicile_masked=masked)
    x, y, w, h = doc.sensitive["domicile"]  # type: ignore[attr-defined]
    region = np.asarray(doc.image.convert("L"))[y : y + h, x : x + w]  # type: ignore[attr-defined]
    assert bool(region.mean() < 20) == dark


def test_passport_dates_are_printed_day_month_year() -> None:
    assert passport_date(dt.date(1985, 4, 1)) == "01 APR 1985"
