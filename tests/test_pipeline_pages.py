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
