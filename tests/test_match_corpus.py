"""The name and address matchers on the labelled corpus of ``bench.match_corpus``.

The labels come from how each pair was built (its category), never from the matcher:
see the module docstring of :mod:`bench.match_corpus`. No OCR runs here.
"""

from __future__ import annotations

from collections import Counter

import pytest

from bench.match_corpus import (
    ADDRESS_CATEGORIES,
    ADDRESSES_PATH,
    LOW_CHAR_CONFIDENCE,
    NAME_CATEGORIES,
    NAMES_PATH,
    AddressRow,
    Evaluation,
    NameRow,
    build_addresses,
    build_names,
    evaluate,
    load_addresses,
    load_names,
    to_tsv,
)
from idverify.config import MatchThresholds

NAMES = load_names(NAMES_PATH)
ADDRESSES = load_addresses(ADDRESSES_PATH)


def _ids(ev: Evaluation, expected: str, outcome: str) -> list[str]:
    return [r.id for r, res in ev.rows if r.expected == expected and res.outcome.value == outcome]


@pytest.fixture(scope="module")
def name_eval() -> Evaluation:
    return evaluate(NAMES, "names")


@pytest.fixture(scope="module")
def address_eval() -> Evaluation:
    return evaluate(ADDRESSES, "addresses")


def test_corpus_is_large_enough() -> None:
    for rows in (NAMES, ADDRESSES):
        counts = Counter(r.expected for r in rows)
        assert len(rows) >= 400
        assert set(counts) == {"same", "different", "uncertain"}
        # Roughly half same, a third different, the rest uncertain.
        assert 0.4 <= counts["same"] / len(rows) <= 0.6
        assert 0.25 <= counts["different"] / len(rows) <= 0.45
        assert 0.1 <= counts["uncertain"] / len(rows) <= 0.25


def test_committed_files_match_the_generator() -> None:
    """No drift: regenerate with ``python -m bench.match_corpus --write``."""
    assert NAMES_PATH.read_text("utf-8") == to_tsv(build_names())
    assert ADDRESSES_PATH.read_text("utf-8") == to_tsv(build_addresses())


def test_generation_is_deterministic() -> None:
    assert build_names() == build_names()
    assert build_addresses() == build_addresses()


@pytest.mark.parametrize(
    ("rows", "categories"),
    [(NAMES, NAME_CATEGORIES), (ADDRESSES, ADDRESS_CATEGORIES)],
    ids=["names", "addresses"],
)
def test_every_label_is_its_categorys(
    rows: list[NameRow] | list[AddressRow], categories: dict[str, str]
) -> None:
    present = {r.category for r in rows}
    assert present == set(categories), set(categories) ^ present
    wrong = [r.id for r in rows if r.expected != categories[r.category]]
    assert not wrong


def test_no_duplicates() -> None:
    assert len({r.id for r in NAMES}) == len(NAMES)
    assert len({r.id for r in ADDRESSES}) == len(ADDRESSES)
    names = Counter((r.claimed, r.claimed_kana, r.observed, r.observed_confidences) for r in NAMES)
    assert [k for k, n in names.items() if n > 1] == []
    addresses = Counter((r.claimed, r.observed) for r in ADDRESSES)
    assert [k for k, n in addresses.items() if n > 1] == []


def test_confidences_have_one_value_per_character() -> None:
    for r in NAMES:
        if r.observed_confidences is not None:
            assert len(r.observed_confidences) == len(r.observed), r.id


def test_the_threshold_is_tested_on_both_sides() -> None:
    """Every ``confusion_low`` row has a ``confusion_high`` twin: the same pair, the
    confidences differing only where the low row is below the threshold and the high
    row at or above it; and the threshold itself (92) and 91 both occur."""
    assert MatchThresholds().low_char_confidence == LOW_CHAR_CONFIDENCE
    high = [r for r in NAMES if r.category == "confusion_high"]
    lows = [r for r in NAMES if r.category == "confusion_low"]
    assert len(lows) >= 30
    assert len(high) >= 30

    def straddles(low: NameRow, hi: NameRow) -> bool:
        if (low.claimed, low.claimed_kana, low.observed) != (
            hi.claimed,
            hi.claimed_kana,
            hi.observed,
        ):
            return False
        assert low.observed_confidences is not None
        assert hi.observed_confidences is not None
        diff = [
            (a, b)
            for a, b in zip(low.observed_confidences, hi.observed_confidences, strict=True)
            if a != b
        ]
        return bool(diff) and all(a < LOW_CHAR_CONFIDENCE <= b for a, b in diff)

    lonely = [low.id for low in lows if not any(straddles(low, hi) for hi in high)]
    assert not lonely
    low_values = {c for r in lows for c in r.observed_confidences or ()}
    high_values = {c for r in high for c in r.observed_confidences or ()}
    assert 91.0 in low_values
    assert LOW_CHAR_CONFIDENCE in high_values


def test_truncated_addresses_are_present() -> None:
    assert sum(r.category == "truncated" for r in ADDRESSES) >= 10


@pytest.mark.parametrize("which", ["names", "addresses"])
def test_no_different_or_uncertain_pair_is_accepted(
    which: str, name_eval: Evaluation, address_eval: Evaluation
) -> None:
    ev = name_eval if which == "names" else address_eval
    assert _ids(ev, "different", "same") == []
    assert _ids(ev, "uncertain", "same") == []
    assert ev.accepted_different == 0
    assert ev.accepted_uncertain == 0


@pytest.mark.parametrize("which", ["names", "addresses"])
def test_same_pairs_are_accepted(
    which: str, name_eval: Evaluation, address_eval: Evaluation
) -> None:
    ev = name_eval if which == "names" else address_eval
    missed = _ids(ev, "same", "different") + _ids(ev, "same", "uncertain")
    assert ev.same_rate >= 0.98, f"{ev.same_accepted}/{ev.same_total}; missed {missed}"
