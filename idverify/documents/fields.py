"""Extractors of the fields most Japanese ID cards print the same way.

A card prints ``氏名 山田 太郎  昭和60年 4月 1日生`` on one row, ``住所 …`` on the
next, and a validity line ``令和08年05月01日まで有効``. The extractors find the
label, take the value after it, and keep the boxes and confidences.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from idverify.dates import find_dates
from idverify.documents.base import (
    FieldReader,
    LineText,
    find_labelled,
    line_texts,
    refine_region,
)
from idverify.models import Box, FieldReading, OcrResult

__all__ = [
    "ADDRESS_LABEL",
    "DATE_CHARS",
    "NAME_LABEL",
    "address_after_label",
    "date_in_line",
    "name_and_birth_date",
    "read_date",
    "read_name",
    "read_text",
]

# Everything a printed Japanese date can contain. Restricting recognition to these
# narrows the jpn model's choices on digits, where it is weakest (it reads the 0 of
# some Gothic fonts as 9 or 6).
DATE_CHARS = "0123456789年月日元令和平成昭和大正生まで有効 "

# Tesseract reads the label 氏名 well; 氏 alone followed by 名-like noise also occurs.
NAME_LABEL = re.compile(r"氏\s?名|氏[各右]")
ADDRESS_LABEL = re.compile(r"住\s?所|往所|住沂")
# A field value stops where the next printed label starts.
_LABELS = re.compile(r"(氏名|住所|生年月日|性別|交付|有効|本籍|国籍|番号|免許)")
# An era name (or a common misreading of one) right before the first digit of a date.
_ERA_LIKE = re.compile(r"[昭昌平令大明][和成正治]$|[SHRT]$")
# What a ruled line, a box edge or the card's border reads as at a value's ends.
_EDGE_NOISE = frozenset("|｜[]()（）!！'\"`:：;；_,，.。、-—ー一=~")
# A name is made of letters (kanji, kana, Latin), never digits or punctuation.
_NAME_CHARS = re.compile(r"[^\W\d_]+")


def _name_span(lt: LineText, start: int) -> tuple[int, int]:
    """Where the name runs on a line whose name starts at ``start``: up to the birth
    date (its era name or first digit) or the next label."""
    text = lt.text
    # Skip separators OCR may put after the label.
    while start < len(text) and text[start] in ":：|｜ ":
        start += 1
    end = len(text)
    first_digit = next((i for i in range(start, len(text)) if text[i].isdigit()), None)
    if first_digit is not None:
        end = first_digit
        era = _ERA_LIKE.search(text[start:first_digit])
        if era:
            end = start + era.start()
    nxt = _LABELS.search(text, start)
    if nxt and nxt.start() < end:
        end = nxt.start()
    # Trailing noise such as a stray 生 or punctuation is not part of the name.
    while end > start and not _NAME_CHARS.fullmatch(text[end - 1]):
        end -= 1
    return start, end


def _first_date(lt: LineText, start: int = 0) -> FieldReading | None:
    """The first date on the line. Its confidence is that of its digits: they
    decide the value, while the era name is checked by the date parser itself."""
    for d, d_start, d_end in find_dates(lt.text[start:]):
        s, e = start + d_start, start + d_end
        reading = lt.field(s, e)
        digits = [
            c for ch, c in zip(lt.text[s:e], lt.confidences(s, e), strict=True) if ch.isdigit()
        ]
        confidence = min(digits) if digits else reading.confidence
        return FieldReading(d.isoformat(), reading.box, confidence)
    return None


def name_and_birth_date(
    lines: Sequence[LineText],
) -> tuple[FieldReading | None, FieldReading | None]:
    """The name after 氏名 and the birth date on the same row (if printed there)."""
    found = find_labelled(lines, NAME_LABEL)
    if found is None:
        return None, None
    lt, label_end = found
    start, end = _name_span(lt, label_end)
    name = lt.field(start, end) if end > start else None
    return name, _first_date(lt, end)


def read_name(reader: FieldReader, ocr: OcrResult, region: Box) -> FieldReading | None:
    """Read the name printed in ``region`` (label, if inside the region, dropped)."""
    result = reader.read(refine_region(region, ocr))
    for lt in line_texts(result):
        label = NAME_LABEL.match(lt.text)
        start, end = _name_span(lt, label.end() if label else 0)
        if end > start:
            return lt.field(start, end)
    return None


def read_date(reader: FieldReader, ocr: OcrResult, region: Box) -> FieldReading | None:
    """Read the date printed in ``region`` twice: freely, and restricted to date
    characters. Two readings that agree are trusted; two that disagree make the
    date uncertain (confidence 0), since one of them misread a digit.
    """
    target = refine_region(region, ocr)
    readings: list[FieldReading] = []
    for allowed in (None, DATE_CHARS):
        for lt in line_texts(reader.read(target, allowed=allowed)):
            found = _first_date(lt)
            if found is not None:
                readings.append(found)
                break
    if not readings:
        return None
    best = max(readings, key=lambda r: r.confidence)
    if len({r.value for r in readings}) > 1:
        return FieldReading(best.value, best.box, 0.0)
    return best


def read_text(
    reader: FieldReader,
    ocr: OcrResult,
    region: Box,
    *,
    block: bool = False,
    label: re.Pattern[str] | None = None,
) -> FieldReading | None:
    """Read the text in ``region`` (all its lines joined when ``block``), dropping a
    leading ``label`` if the region caught it."""
    target = region if block else refine_region(region, ocr)
    result = reader.read(target, block=block)
    parts: list[FieldReading] = []
    for lt in line_texts(result):
        start = 0
        if label is not None and not parts:
            m = label.match(lt.text)
            start = m.end() if m else 0
        end = len(lt.text)
        # Ruled lines and the card's edge next to a value come out as | [ ] etc.
        while start < end and lt.text[start] in _EDGE_NOISE:
            start += 1
        while end > start and lt.text[end - 1] in _EDGE_NOISE:
            end -= 1
        if start < end:
            parts.append(lt.field(start, end))
        if not block:
            break
    if not parts:
        return None
    box = parts[0].box
    for p in parts[1:]:
        if box is not None and p.box is not None:
            box = box.union(p.box)
    return FieldReading(
        "".join(p.value for p in parts),
        box,
        min(p.confidence for p in parts),
        tuple(c for p in parts for c in p.char_confidences),
    )


def address_after_label(
    lines: Sequence[LineText], *, continuation: bool = True
) -> FieldReading | None:
    """The address after 住所, joined with its wrapped continuation lines.

    A continuation line is one right below that starts at or right of where the
    value started and carries no label and no date of its own.
    """
    found = find_labelled(lines, ADDRESS_LABEL)
    if found is None:
        return None
    lt, start = found
    while start < len(lt.text) and lt.text[start] in ":：|｜":
        start += 1
    end = len(lt.text)
    nxt = _LABELS.search(lt.text, start)
    if nxt:
        end = nxt.start()
    if end <= start:
        return None
    first = lt.field(start, end)
    value, box, conf = first.value, first.box, first.confidence
    if continuation and box is not None:
        pos = next(i for i, cand in enumerate(lines) if cand is lt)
        for cand in lines[pos + 1 : pos + 3]:
            cbox = cand.box
            if cbox is None or _LABELS.search(cand.text) or find_dates(cand.text):
                break
            below = 0 <= cbox.y - (box.y + box.h) < 0.9 * box.h
            aligned = cbox.x >= box.x - 0.5 * box.h
            if not (below and aligned):
                break
            value += cand.text
            box = box.union(cbox)
            conf = min(conf, cand.field(0, len(cand.text)).confidence)
    return FieldReading(value, box, conf)


def date_in_line(lines: Sequence[LineText], label: re.Pattern[str]) -> FieldReading | None:
    """The first date on the line that carries ``label`` (e.g. まで有効)."""
    for lt in lines:
        if not label.search(lt.text):
            continue
        for d, d_start, d_end in find_dates(lt.text):
            reading = lt.field(d_start, d_end)
            return FieldReading(d.isoformat(), reading.box, reading.confidence)
    return None
