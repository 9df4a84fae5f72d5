"""Which way up the whole page is read when a certificate was found by an outline
printed on it: the way the outline's reading found it, one reading only."""

from __future__ import annotations

import numpy as np
import pytest

from idverify.pipeline import _Source, _upright_turns
from idverify.preprocess import Located

_PAGE = np.zeros((600, 800, 3), dtype=np.uint8)
_LANDSCAPE = np.array([[100, 100], [500, 100], [500, 350], [100, 350]], dtype=np.float32)
_PORTRAIT = np.array([[100, 100], [350, 100], [350, 500], [100, 500]], dtype=np.float32)


def _source(quad: np.ndarray | None, turns: int) -> _Source:
    return _Source(_PAGE, Located(_PAGE, quad, "id1"), turns, _PAGE)


@pytest.mark.parametrize("turns", [0, 1, 2, 3])
def test_a_landscape_outline_keeps_its_readings_turn(turns: int) -> None:
    # Read upright after 0 (or 2) turns of its rectified image: the page the same.
    # (Odd turns of a landscape outline's rectified card leave it on its side,
    # and the page is then turned the same way.)
    assert _upright_turns(_source(_LANDSCAPE, turns)) == turns


def test_a_card_on_its_side_turns_the_page_a_quarter() -> None:
    # A card lying portrait is rectified a quarter turn clockwise: its top edge
    # runs up the photo's left side, and the page needs one clockwise turn.
    assert _upright_turns(_source(_PORTRAIT, 0)) == 1
    assert _upright_turns(_source(_PORTRAIT, 2)) == 3


def test_no_outline_keeps_the_candidates_turn() -> None:
    assert _upright_turns(_source(None, 3)) == 3


def _page_of(w: int, h: int) -> np.ndarray:
    return np.full((h, w, 3), 200, dtype=np.uint8)


@pytest.mark.parametrize(("share", "tried"), [(0.36, True), (0.34, False)])
def test_a_landscape_outline_is_read_as_a_page_only_if_it_fills_the_photo(
    share: float, tried: bool
) -> None:
    # _PAGE_SHARE (0.35): a page lying sideways fills a photo; a card covers less.
    from idverify.pipeline import _PAGE_SHARE, _as_pages

    photo = _page_of(1000, 1000)
    w = (share * 1000 * 1000 * 1.5) ** 0.5
    h = w / 1.5
    quad = np.array([[10, 10], [10 + w, 10], [10 + w, 10 + h], [10, 10 + h]], dtype=np.float32)
    assert abs(share - w * h / 1e6) < 0.001 and _PAGE_SHARE == 0.35
    found = _as_pages(photo, [Located(photo, quad, "id1")])
    assert (len(found) == 2) is tried  # both ways up
    assert all(s.place.frame == "page" for s in found)


def test_an_upright_outline_is_read_as_a_page_unless_it_was() -> None:
    from idverify.pipeline import _as_pages

    photo = _page_of(1000, 1000)
    assert len(_as_pages(photo, [Located(photo, _PORTRAIT, "id1")])) == 2
    as_page = [Located(photo, _PORTRAIT, "id1"), Located(photo, _PORTRAIT.copy(), "page")]
    assert _as_pages(photo, as_page) == []
    assert _as_pages(photo, [Located(photo, None, "whole")]) == []
