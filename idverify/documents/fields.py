"""Extractors of the fields most Japanese ID cards print the same way.

A card prints ``氏名 山田 太郎  昭和60年 4月 1日生`` on one row, ``住所 …`` on the
next, and a validity line ``令和08年05月01日まで有効``. The extractors find the
label, take the value after it, and keep the boxes and confidences.
"""

from __future__ import annotations

import collections
import difflib
import itertools
import re
from collections.abc import Iterator, Sequence

from idverify.dates import find_dates
from idverify.documents.base import (
    FieldReader,
    LineText,
    compact,
    find_labelled,
    line_texts,
    refine_region,
)
from idverify.gazetteer import correct_address, place_depth
from idverify.line_model import LineReading
from idverify.match import PREFECTURES
from idverify.models import Box, FieldReading, OcrResult
from idverify.normalize import fold_variants, normalize_address

__all__ = [
    "ADDRESS_LABEL",
    "DATE_CHARS",
    "DATE_WITNESS_MIN_CONFIDENCE",
    "NAME_LABEL",
    "address_after_label",
    "date_in_line",
    "fuse_line",
    "name_and_birth_date",
    "prefer_regions",
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
# Where a birth date starts after a name: an era name (or a common misreading of
# one) or a western year, then a year number and 年.
_DATE_START = re.compile(r"(?:[昭昌平令大明][和成正治元]|[SHRT]\.?)\s*\d{1,2}\s*年|\d{4}\s*年")
# Marks that are never part of a name and may stand beside one: a ruled line, the
# card's edge, punctuation. Not dashes: 一 and ー are read as dashes.
_SEPARATOR_MARKS = frozenset("|｜[]()（）!！'\"`:：;；_,，.。、=~")
# How far apart (in line heights) a mark must stand to be dropped as not the name's.
_APART = 0.5
# The gap (line heights) between family and given name on a card: about one em.
_NAME_GAP = 0.6
# A blob under this share of the line's median glyph height is a speck.
_SPECK_SHARE = 0.4
# Address ends after which no digit can follow: a mark there hides nothing.
_TERMINALS = frozenset("号室地階")
# A Latin letter or digit this far (line heights) from a Japanese name is a speck
# or the edge of the next field, not a given name (which follows a ~1 em gap).
_FAR_APART = 1.5
# A gap this wide (line heights) separates the name from whatever else a name
# region catches: the tail of the label before it (名), the start of a birth date
# whose digits were misread (昭), a ruled line's ends. A card prints at most a
# full-width space (~1.3 line heights) between family and given name.
_SEGMENT_GAP = 2.0
# A glyph starting this close to a region's left edge was cut by it: it belongs to
# the label before the value (values start 15+ px into their region).
_EDGE_CLIP_PX = 4
_LABEL_TAILS = frozenset("氏名住所")
_PREFECTURE = re.compile("|".join(PREFECTURES))
# A 丁目 with no number before it (in a normalised address, whose 丁目 numbers are
# digits): a reading that lost a glyph (二 of 二丁目, two thin strokes).
_NUMBERLESS_CHOME = re.compile(r"(?<![0-9])丁目")
# A date read differently by another model or print size with at least this
# confidence makes the date uncertain: the confidence at which a date may decide
# a verdict itself (ReadingThresholds.date_min_confidence). Witnesses of genuine
# dates read right by the main model dissented at 54-68 (2030 as 2036, 11月 as
# 1月) on development captures; the two that caught a dropped digit read at 82-90.
DATE_WITNESS_MIN_CONFIDENCE = 65.0
# The second recogniser's least probability of a date digit for it to second a
# date (:func:`_seconded_date`), and the confidence the date then gets.
LINE_DATE_MIN_PROBABILITY = 0.8
SECONDED_DATE_CONFIDENCE = 80.0
# The least digit probability for the line model to side with the main model's
# sure date against a witness model's sure other date. A dev hard photo (seed
# 2975): an expiry the main model read 2028-05-01 twice at 77, a witness otherwise,
# and the line model 2028年5月1日 with its digits at 0.94-1.0.
LINE_CONTESTED_MIN_PROBABILITY = 0.9
# A name or address glyph Tesseract read with less confidence than this may be
# replaced by the second recogniser's reading of it (:func:`fuse_line`): the
# confidence under which a difference from the claim is doubt, not a mismatch
# (ReadingThresholds.mismatch_min_confidence), so a glyph read at or above it
# is never overruled.
FUSE_BELOW_CONFIDENCE = 85.0
# The second recogniser's least probability for a glyph to replace Tesseract's.
# On the names and addresses of 40 dev hard photos (seed 2977) it read 611 glyphs
# right at >= 0.95 and 25 wrong, every one of those 25 text from another line or
# a Chinese form of the same kanji (霸 for 覇, 俱 for 倶); at >= 0.9, 的 for 駅前.
FUSE_MIN_PROBABILITY = 0.95
# The line model's alphabet is Chinese and Japanese: where it answers a Japanese
# kanji with the Chinese form (seen on dev photos: 俱 for 倶 in 倶知安町, 霸 for 覇
# in 那覇市, 爱 for 愛), the Japanese one is what the card prints. Forms it may
# answer that no Japanese text uses are not taken at all (:func:`_japanese`).
_JAPANESE_FORMS = str.maketrans(
    {
        "俱": "倶",
        "霸": "覇",
        "爱": "愛",
        "岛": "島",
        "宫": "宮",
        "荣": "栄",
        "东": "東",
        "县": "県",
        "泽": "沢",
        "馆": "館",
        "长": "長",
        "门": "門",
        "间": "間",
        "鸟": "鳥",
        "马": "馬",
        "滨": "浜",
        "桥": "橋",
        "边": "辺",
        "冈": "岡",
        "丰": "豊",
    }
)
# Characters read with less word confidence than this are read again alone, and
# the new reading is taken when its confidence reaches REREAD_ACCEPT.
REREAD_BELOW = 80.0
REREAD_ACCEPT = 85.0
# A glyph box taller than this share of the line's median, or overlapping a
# neighbour by this share of its width, frames more or less than one glyph.
_TALL_BOX = 1.35
_BOX_OVERLAP = 0.25


def _name_span(lt: LineText, start: int) -> tuple[int, int]:
    """Where the name runs on a line whose name starts at ``start``: up to the birth
    date or the next label.

    Nothing that could be a misread character of the name is cut off: a name read
    as 佐藤健- (一 read as a dash) must stay longer than 佐藤健, or it would match a
    claim of 佐藤健. Only marks that stand apart from the name (a gap of half a
    line height) are dropped, and the name ends only where a date visibly starts.
    """
    text = lt.text
    while start < len(text) and (
        text[start] == " "
        or (
            text[start] in _SEPARATOR_MARKS
            and (lt.gap_before(start + 1) > _APART or _speck(lt, start))
        )
    ):
        start += 1
    end = len(text)
    date = _DATE_START.search(text, start)
    if date:
        end = date.start()
    nxt = _LABELS.search(text, start)
    if nxt and nxt.start() < end:
        end = nxt.start()
    start, end = _name_segment(lt, start, end)
    while end > start and (
        text[end - 1] == " "
        or (
            text[end - 1] in _SEPARATOR_MARKS
            and (lt.gap_before(end - 1) > _APART or _speck(lt, end - 1))
        )
        or (text[end - 1].isascii() and lt.gap_before(end - 1) > _FAR_APART)
    ):
        end -= 1
    return start, end


def _name_segment(lt: LineText, start: int, end: int) -> tuple[int, int]:
    """Of the runs of ``lt.text[start:end]`` that stand :data:`_SEGMENT_GAP` apart,
    the first of two or more characters (a name has at least a family and a given
    name; a lone glyph before it is a label's tail); the whole span when there is
    no such gap or no such run.

    Only ever shortens the name at a gap no name has inside it, so it cannot join
    two people's names or drop a character that belongs to the name."""
    cuts = [i for i in range(start + 1, end) if lt.gap_before(i) > _SEGMENT_GAP]
    bounds = [start, *cuts, end]
    for a, b in itertools.pairwise(bounds):
        if len(lt.text[a:b].strip()) >= 2:
            return a, b
    return start, end


def _speck(lt: LineText, i: int) -> bool:
    """Whether character ``i`` was read from a blob far smaller than the line's
    glyphs (a dot of dust, a comma): no character of a name is that small."""
    heights = sorted(w.box.h for w in lt.owners)
    median = heights[len(heights) // 2] if heights else 0
    return median > 0 and lt.owners[i].box.h < _SPECK_SHARE * median


def _first_date(lt: LineText, start: int = 0) -> FieldReading | None:
    """The first date on the line. Its confidence is that of its digits: they
    decide the value, while the era name is checked by the date parser itself."""
    found = _first_date_digits(lt, start)
    return found[0] if found is not None else None


def _first_date_digits(lt: LineText, start: int = 0) -> tuple[FieldReading, str] | None:
    """:func:`_first_date` and the digits printed in it, as read."""
    return next(_dates_with_digits(lt, start), None)


def _dates_with_digits(lt: LineText, start: int = 0) -> Iterator[tuple[FieldReading, str]]:
    """Every date on the line from ``start``, with the digits printed in it."""
    for d, d_start, d_end in find_dates(lt.text[start:]):
        s, e = start + d_start, start + d_end
        reading = lt.field(s, e)
        printed = lt.text[s:e]
        digits = [c for ch, c in zip(printed, lt.confidences(s, e), strict=True) if ch.isdigit()]
        confidence = min(digits) if digits else reading.confidence
        yield (
            FieldReading(d.isoformat(), reading.box, confidence),
            "".join(ch for ch in printed if ch.isdigit()),
        )


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


def reread_doubtful(reader: FieldReader, lt: LineText, start: int, end: int) -> FieldReading:
    """Characters ``start:end`` of ``lt``, each doubtful one read again on its own.

    In a line, the model's language context can outvote the glyph (郎 read as 朗,
    也 as 世, both with low confidence); read alone, the glyph is read right more
    often (64 of 72 test glyphs alone, 57 of 72 in lines). A new reading replaces
    the old only when it is confident: the claim plays no part in it.
    """
    chars = list(lt.text[start:end])
    confidences = lt.confidences(start, end)
    japanese = any(not ch.isascii() for ch in chars)
    for i in range(len(chars)):
        owner = lt.owners[start + i]
        # A Latin letter amid Japanese (丁 read as E) is doubtful however sure OCR was.
        stray = japanese and chars[i].isascii() and chars[i].isalpha()
        if (owner.confidence >= REREAD_BELOW and not stray) or len(compact(owner.text)) != 1:
            continue
        if not _sound_glyph_box(lt, start + i):
            continue
        found = reader.read_char(owner.box)
        if (
            found is not None
            and found[1] >= REREAD_ACCEPT
            and found[1] > owner.confidence
            and (stray or _script(found[0]) == _script(chars[i]))
        ):
            chars[i], confidences[i] = found
    return _reading(lt, start, end, "".join(chars), confidences)


def _script(ch: str) -> str:
    """kanji, kana, digit, latin or other: a glyph re-read alone keeps its script.

    The line's reading gets the script right far more often than the glyph
    itself (美 with a bad box read alone as き at 90); a re-read that changes the
    script is the one in doubt."""
    if ch.isdigit():
        return "digit"
    if ch.isascii():
        return "latin" if ch.isalpha() else "other"
    if "\u3040" <= ch <= "\u30ff":
        return "kana"
    if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or ch in "々〆":
        return "kanji"
    return "other"


def _sound_glyph_box(lt: LineText, i: int) -> bool:
    """Whether character ``i``'s box frames one glyph: no taller than
    :data:`_TALL_BOX` times the line's median glyph height and not reaching into its
    neighbours' boxes by more than :data:`_BOX_OVERLAP` of its width. Tesseract's
    box for the last glyph of a line is sometimes neither, and a re-read of half a
    glyph is a guess."""
    box = lt.owners[i].box
    heights = sorted(w.box.h for w in lt.owners)
    if box.h > _TALL_BOX * heights[len(heights) // 2]:
        return False
    for j in (i - 1, i + 1):
        if 0 <= j < len(lt.owners) and lt.owners[j] is not lt.owners[i]:
            other = lt.owners[j].box
            overlap = min(box.x + box.w, other.x + other.w) - max(box.x, other.x)
            if overlap > _BOX_OVERLAP * box.w:
                return False
    return True


def _plain(lt: LineText, start: int, end: int) -> FieldReading:
    """Characters ``start:end`` of ``lt`` as read, with their confidences."""
    return _reading(lt, start, end, lt.text[start:end], lt.confidences(start, end))


def _reading(
    lt: LineText, start: int, end: int, value: str, confidences: Sequence[float]
) -> FieldReading:
    """``value`` standing for characters ``start:end`` of ``lt``, with one confidence
    per character; the field's confidence is the weakest."""
    return FieldReading(
        value, lt.field(start, end).box, min(confidences, default=0.0), tuple(confidences)
    )


def _skip_leading_noise(lt: LineText, start: int, left: int) -> int:
    """Skip what a region may catch before its value: the tail of the label (名 of
    氏名, 所 of 住所) cut by the region's left edge, and marks standing apart.

    Only a label's own characters, or a glyph standing half a line height apart
    from the next, are skipped at the edge: dropping any first glyph could turn
    小林 into 林, a different person who might be the claim, but the glyphs of one
    name stand closer. A name that begins with 名 or 所 starts clear of the edge
    and is kept."""
    text = lt.text
    while start < len(text):
        ch = text[start]
        at_edge = lt.owners[start].box.x <= left + _EDGE_CLIP_PX
        # Any glyph cut by the edge that also stands apart from what follows is a
        # label's tail however it was read (名 cut in half reads as ぁ).
        clipped = at_edge and (ch in _LABEL_TAILS or lt.gap_before(start + 1) > _APART)
        mark = ch in _SEPARATOR_MARKS and lt.gap_before(start + 1) > _APART
        if not (clipped or mark):
            break
        start += 1
    return start


def read_name(reader: FieldReader, ocr: OcrResult, region: Box) -> FieldReading | None:
    """Read the name printed in ``region`` (label, if inside the region, dropped).

    The name is read several ways (:meth:`FieldReader.read_variants`) and the
    spelling most of them agree on wins; among equally many, the most confident.
    Each way alone misreads some names (蓮 as 運, 輔 as 還), but rarely the same
    ones. The vote never looks at the claim.
    """
    target = refine_region(region, ocr)
    votes: dict[str, list[tuple[float, LineText, int, int]]] = {}
    for result in reader.read_variants(target):
        found = _name_in(result, region)
        if found is not None:
            lt, start, end = found
            mean = sum(lt.confidences(start, end)) / (end - start)
            votes.setdefault(compact(lt.text[start:end]), []).append((mean, lt, start, end))
    if not votes:
        return None
    if len({key.isascii() for key in votes}) > 1:
        # Readings disagree even on the script (森彩 / SS): the glyphs defeat some
        # of the ways, and a count of garbage means nothing; the most confident
        # reading decides.
        winners = [m for ms in votes.values() for m in ms]
    else:
        _, winners = max(votes.items(), key=lambda kv: (len(kv[1]), max(m[0] for m in kv[1])))
    _, lt, start, end = max(winners, key=lambda m: m[0])
    name = reread_doubtful(reader, lt, start, end)
    if _has_unsure(name):
        name = fuse_line(name, reader.read_line(target))
    return _with_name_space(lt, start, name)


def _name_in(result: OcrResult, region: Box) -> tuple[LineText, int, int] | None:
    """The name's span in one reading of the name region. A reading may come in
    several lines (specks of the background above the name make one of their
    own): the name is the line read with most assurance."""
    best: tuple[float, LineText, int, int] | None = None
    for lt in line_texts(result):
        label = NAME_LABEL.match(lt.text)
        first = _skip_leading_noise(lt, label.end() if label else 0, region.x)
        start, end = _name_span(lt, first)
        if end > start:
            weight = sum(lt.confidences(start, end))
            if best is None or weight > best[0]:
                best = (weight, lt, start, end)
    return None if best is None else best[1:]


def _with_name_space(lt: LineText, start: int, name: FieldReading) -> FieldReading:
    """The name with one space where the card leaves its gap between family and
    given name (山田 太郎), as reviewers read it. Matching ignores spaces."""
    gaps = [(lt.gap_before(start + i), i) for i in range(1, len(name.value))]
    widest = max(gaps, default=(0.0, 0))
    if widest[0] < _NAME_GAP:
        return name
    i = widest[1]
    confidences = name.char_confidences
    return FieldReading(
        name.value[:i] + " " + name.value[i:],
        name.box,
        name.confidence,
        (*confidences[:i], 100.0, *confidences[i:]) if confidences else (),
    )


def read_date(
    reader: FieldReader, ocr: OcrResult, region: Box, *, witnesses: bool = True
) -> FieldReading | None:
    """Read the date printed in ``region`` twice: freely, and restricted to date
    characters. Two readings that agree are trusted; two that disagree make the
    date uncertain (confidence 0), since one of them misread a digit.

    The models of :meth:`FieldReader.read_by_model` are witnesses, each by its
    most confident reading over its print sizes (as the main reading is the more
    confident of its sizes): a date one of them reads differently, with confidence
    at least :data:`DATE_WITNESS_MIN_CONFIDENCE`, is uncertain too, unless the
    witness only lost one of the digits the main model read (a witness that drops
    the 0 of 10月 says nothing against 10月; Tesseract drops glyphs of a tight
    date, it does not add them). A digit dropped from a tightly set 11 reads as 1月
    at confidence 90 by the main model, free and restricted alike, and right by
    another model at 82 and 90; a majority says nothing about which is right (four
    readings of seven shared the slip). A model testifies once: on a dev hard
    photo (seed 2960) one model read an expiry's 2028 as 2026 at 76 at one size and
    as 2028 at 93 at the other, with every other reading 2028. Witnesses never
    raise a confidence; ``witnesses=False`` skips them (a caller that reads the
    region at several sizes asks them once).
    """
    fitted = refine_region(region, ocr)
    target = fitted
    readings = _dates_read(reader, fitted)
    if not readings and region != fitted:
        # Fitted to the whole-document reading's row, the region may take in the
        # ruled frame a date is printed in (a My Number card's validity box, its top
        # edge read with the row): Tesseract then reads no date in it, where the
        # region as laid out reads one (a dev hard photo, seed 2977, request 19: "ET"
        # and nothing, against 2035年3月9日). Only then is the layout read, and only
        # its readings are taken from it; what reads nothing is asked of the fitted row.
        readings = _dates_read(reader, region)
        if readings:
            target = region
    models = reader.read_by_model(target) if witnesses and readings else []
    judged = _judged_date(readings, models)
    # Read where the layout puts it, against the page's own reading of the row: the
    # layout's crop is the one the fitting avoids (it may cut a glyph), so a date
    # the page reads otherwise there is in doubt, and no second recogniser lifts
    # that (a safety review's case: an expired card's 2023 on the page's row, the
    # fitted row read as "ET", the layout's crop as 2028).
    page_rows = _row_dates(ocr, region) + _row_dates(ocr, fitted) if target is region else []
    if judged is not None and any(r.value != judged.value for r in page_rows):
        return FieldReading(judged.value, judged.box, 0.0)
    # The second recogniser is heard only with the witnesses (a caller reading the
    # region at several sizes asks them once: its other sizes are not seconded),
    # never over a date the main model read two ways, nor over one it read surely
    # that no witness contested.
    contested = (
        judged is not None
        and judged.confidence == 0
        and len(readings) == 2
        and len({r.value for r, _ in readings}) == 1
        and min(r.confidence for r, _ in readings) >= DATE_WITNESS_MIN_CONFIDENCE
    )
    if not witnesses or (
        judged is not None
        and not contested
        and (judged.confidence == 0 or judged.confidence >= DATE_WITNESS_MIN_CONFIDENCE)
    ):
        return judged
    line = reader.read_line(target)
    if line is None:
        return judged
    if judged is None:
        models = reader.read_by_model(target)
    row = _row_dates(ocr, target)
    seconded = _seconded_date(line, target, judged, models, row, contested=contested)
    return seconded if seconded is not None else judged


def _dates_read(reader: FieldReader, target: Box) -> list[tuple[FieldReading, str]]:
    """The dates Tesseract reads in ``target``, freely and restricted to date
    characters (each reading that finds one, with its digits)."""
    found = (_date_in(reader.read(target, allowed=allowed)) for allowed in (None, DATE_CHARS))
    return [f for f in found if f is not None]


def _row_dates(ocr: OcrResult, target: Box) -> list[FieldReading]:
    """Every date the whole-document reading found on ``target``'s row (a line whose
    middle lies in it), each at its digits' least confidence: what a caller falls
    back on where the region itself reads no date."""
    found: list[FieldReading] = []
    for lt in line_texts(ocr):
        boxes = [w.box for w in lt.owners]
        middle = (min(b.y for b in boxes) + max(b.y + b.h for b in boxes)) / 2 if boxes else -1
        if target.y <= middle <= target.y + target.h:
            found += [reading for reading, _ in _dates_with_digits(lt)]
    return found


def _surest_by_model(models: list[list[OcrResult]]) -> list[tuple[FieldReading, str]]:
    """Each witness model's most confident date over its readings (a model that
    read no date says nothing), with its digits."""
    surest = []
    for model_readings in models:
        dates = [f for f in (_date_in(r) for r in model_readings) if f is not None]
        if dates:
            surest.append(max(dates, key=lambda f: f[0].confidence))
    return surest


def _judged_date(
    readings: list[tuple[FieldReading, str]], models: list[list[OcrResult]]
) -> FieldReading | None:
    """The main model's date as its readings and the witnesses judge it."""
    if not readings:
        return None
    best, digits = max(readings, key=lambda r: r[0].confidence)
    if len({r.value for r, _ in readings}) > 1:
        return FieldReading(best.value, best.box, 0.0)
    for witness, seen in _surest_by_model(models):
        if (
            witness.value != best.value
            and witness.confidence >= DATE_WITNESS_MIN_CONFIDENCE
            and not _one_digit_lost(digits, seen)
        ):
            return FieldReading(best.value, best.box, 0.0)
    return best


def _seconded_date(
    line: LineReading,
    target: Box,
    judged: FieldReading | None,
    models: list[list[OcrResult]],
    row: list[FieldReading],
    *,
    contested: bool = False,
) -> FieldReading | None:
    """A date Tesseract read unsurely, or only by its witness models, taken where
    the second recogniser (:mod:`idverify.line_model`) reads the very same date
    with every digit clear (:data:`LINE_DATE_MIN_PROBABILITY`).

    Two recognisers of different make (an LSTM on grey levels, a CRNN trained on
    photographs) agreeing digit for digit is the evidence; either alone is not,
    and the line model never changes what Tesseract read:

    - the main model read one date, twice alike but unsurely (``judged``): the
      line model may only confirm that date;
    - the main model read none: some witness model's surest reading must be that
      date at :data:`DATE_WITNESS_MIN_CONFIDENCE` or more, and none may hold
      another there (the witnesses' rule of :func:`read_date`);
    - ``contested``: the main model read one date twice alike and surely, and a
      witness model another just as surely: the line model may confirm the main
      model's date, with every digit at :data:`LINE_CONTESTED_MIN_PROBABILITY`
      (two recognisers of different make against one of the main model's kind;
      it never takes the witness's date).

    A different date on the region's row in the whole-document reading, at that
    confidence, keeps it uncertain (callers fall back on that reading). The date
    gets :data:`SECONDED_DATE_CONFIDENCE`: it decides a validity and a birth date
    as a sure reading does; one digit off a claimed birth date it is doubt, not a
    mismatch (``ReadingThresholds.mismatch_min_confidence``)."""
    found = find_dates(line.text)
    if not found:
        return None
    date, start, end = found[0]
    printed = zip(line.text[start:end], line.probabilities[start:end], strict=True)
    digits = [p for ch, p in printed if ch.isdigit()]
    least = LINE_CONTESTED_MIN_PROBABILITY if contested else LINE_DATE_MIN_PROBABILITY
    if not digits or min(digits) < least:
        return None
    value = date.isoformat()
    if judged is not None:
        if judged.value != value:
            return None
    else:
        sure = [
            f for f, _ in _surest_by_model(models) if f.confidence >= DATE_WITNESS_MIN_CONFIDENCE
        ]
        if not any(f.value == value for f in sure) or any(f.value != value for f in sure):
            return None
    if any(r.value != value and r.confidence >= DATE_WITNESS_MIN_CONFIDENCE for r in row):
        return None
    return FieldReading(value, target, SECONDED_DATE_CONFIDENCE)


def confirmed_date(
    reader: FieldReader, region: Box, reading: FieldReading | None
) -> FieldReading | None:
    """``reading`` (a date Tesseract read unsurely, by a caller that voted its
    readings over several print sizes) confirmed by the second recogniser's
    reading of ``region``, or ``reading`` as it is.

    The rule of :func:`_seconded_date` for a date the main model read unsurely:
    the line model may only confirm that very date, every digit at
    :data:`LINE_DATE_MIN_PROBABILITY` or more; it never changes it. A date read
    two ways (confidence 0) or surely is returned as it is, unasked (a dev hard
    photo, seed 2976, request 23: a certificate's 令和8年10月24日 read at 63 at
    one size and as no date at the other; the line model read it at 1.0)."""
    if reading is None or not 0 < reading.confidence < DATE_WITNESS_MIN_CONFIDENCE:
        return reading
    line = reader.read_line(region)
    if line is None:
        return reading
    seconded = _seconded_date(line, region, reading, [], [])
    return seconded if seconded is not None else reading


def fuse_line(
    reading: FieldReading, line: LineReading | None, *, address: bool = False
) -> FieldReading:
    """``reading`` (Tesseract's) with the glyphs it read unsurely replaced by the
    second recogniser's reading of the same line, where that one is sure.

    The two recognisers are aligned glyph by glyph (spaces aside). A glyph is
    replaced only where Tesseract read it under :data:`FUSE_BELOW_CONFIDENCE`
    and the line model reads another glyph in its place at
    :data:`FUSE_MIN_PROBABILITY` or more, a kana or kanji of JIS X 0208 (after
    the Chinese forms it answers for Japanese kanji are put back: 俱 → 倶). A
    replaced glyph keeps Tesseract's confidence, so a reading that then still
    differs from a claim is doubt (review), never a mismatch: the line model may
    make a reading *agree*, it never fails anyone. Where Tesseract was sure, it
    stands.

    Numbers are Tesseract's alone: no digit, kanji numeral, dash, の between
    numbers or Latin letter is ever taken from the line model or replaced
    (:func:`_fusable`, :func:`_numeral`), and an address is fused only where
    both recognisers read its numbers and their joints alike
    (:func:`_number_tokens`): a near miss differs in a number (健/健一,
    25番5号/25番6号). A name is fused only where both read as many glyphs, glyph
    for glyph, and only a glyph Tesseract read as a letter. An address may also
    take a run of another length for a run Tesseract read wholly unsurely
    (新吉果断叩 for 新潟県新潟市), and glyphs Tesseract left out where a glyph
    beside them was unsure (奈川県 for 神奈川県); they get the run's least
    confidence, or 0.

    The claim is never looked at.
    """
    if line is None or not reading.char_confidences or not line.text:
        return reading
    spots = [i for i, ch in enumerate(reading.value) if not ch.isspace()]
    ours = "".join(reading.value[i] for i in spots)
    forms = line.text.translate(_JAPANESE_FORMS)
    theirs = [(ch, p) for ch, p in zip(forms, line.probabilities, strict=True) if ch != " "]
    if not address and len(theirs) != len(ours):
        # One of the two lost or added a glyph (真由 for 真由美): which, and where,
        # is not for a glyph-for-glyph fusion to guess.
        return reading
    conf = reading.char_confidences
    value = list(reading.value)
    confidences = list(conf)
    inserts: dict[int, list[str]] = {}

    def unsure(k: int) -> bool:
        return 0 <= k < len(spots) and conf[spots[k]] < FUSE_BELOW_CONFIDENCE

    def sure(run: list[tuple[str, float]]) -> bool:
        return all(p >= FUSE_MIN_PROBABILITY and _fusable(ch) for ch, p in run)

    seen = "".join(ch for ch, _ in theirs)
    matcher = difflib.SequenceMatcher(None, ours, seen, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        run = theirs[j1:j2]
        # A number, or what may be part of one, Tesseract read stays as read.
        numeric = any(_numeral(ours[k]) for k in range(i1, i2))
        if tag == "replace" and i2 - i1 == j2 - j1:
            for k, (ch, p) in zip(range(i1, i2), run, strict=True):
                same = fold_variants(ours[k], address=address) == fold_variants(ch, address=address)
                # Only a glyph Tesseract read as a letter, unsurely; in a name never a
                # mark it kept after one (健— is not 健太).
                letter = address or _kana_or_kanji(ours[k])
                if not same and unsure(k) and letter and not _numeral(ours[k]) and sure([(ch, p)]):
                    value[spots[k]] = ch
        elif not address or not sure(run) or numeric:
            continue
        elif tag == "replace" and all(unsure(k) for k in range(i1, i2)):
            low = min(conf[spots[k]] for k in range(i1, i2))
            value[spots[i1]] = "".join(ch for ch, _ in run)
            for k in range(i1 + 1, i2):
                value[spots[k]] = ""
            confidences[spots[i1]] = low
        elif tag == "insert" and (unsure(i1 - 1) or unsure(i1)):
            inserts[i1] = [ch for ch, _ in run]
    if value == list(reading.value) and not inserts:
        return reading
    # Rebuild the text with one confidence per character.
    text: list[str] = []
    chars: list[float] = []
    at = {spot: k for k, spot in enumerate(spots)}
    for i, piece in enumerate(value):
        before = inserts.get(at.get(i, -1), [])
        text.extend(before)
        chars.extend([0.0] * len(before))
        text.extend(piece)
        chars.extend([confidences[i]] * len(piece))
    if len(spots) in inserts:
        text.extend(inserts[len(spots)])
        chars.extend([0.0] * len(inserts[len(spots)]))
    fused = "".join(text)
    if address and _number_tokens(fused) != _number_tokens(seen):
        # The numbers stay Tesseract's, and the two recognisers must read them
        # alike: a repaired label or place around a number Tesseract misread
        # (一丁喘26番4号 for 一丁目25番4号) would otherwise parse as a clean other
        # address, where the garbled reading was review.
        return reading
    return FieldReading(fused, reading.box, min([reading.confidence, *chars]), tuple(chars))


def _number_tokens(text: str) -> list[str]:
    """The numbers of an address and what joins them (丁目, 番地, 番, 号, dashes and
    の as normalising reads them), in order."""
    return _NUMBER_TOKEN.findall(normalize_address(text))


# Glyphs that may be read for part of a number besides the numeric ones (digits,
# kanji numerals 一二三拾廿万, circled and Roman numerals: str.isnumeric): the
# dashes and bars that stand for 一 or 1, the Latin letters an address's numbers
# are read from (O0, l1), and the katakana ニ and ー taken for 二 and 一 before
# 丁目 (idverify.normalize), in every width.
_NUMBER_LOOKALIKES = frozenset("ー－―‐-|IlOoニｰﾆＩｌＯｏ")
# Never supplied: what joins two numbers of an address (1ノ25 reads as 1-25), and
# the marks that normalising deletes or merges (・, ゛, ゜).
_SEPARATORS = frozenset("のノ之・゛゜")
# 々, hiragana, katakana (full width), CJK ideographs and their extension A and
# compatibility forms: what a Japanese name or place is written in. Latin (a room's
# letter: 203A) and half-width kana (ﾞ merges with the glyph before it) are not.
_JAPANESE_LETTERS = (
    ("\u3005", "\u3005"),  # 々
    ("\u3041", "\u30ff"),
    ("\u3400", "\u4dbf"),
    ("\u4e00", "\u9fff"),
    ("\uf900", "\ufaff"),
)
_NUMBER_TOKEN = re.compile(r"[0-9]+|丁目|番地|番|号|-|の")


def _numeral(ch: str) -> bool:
    return ch.isnumeric() or ch in _NUMBER_LOOKALIKES


def _kana_or_kanji(ch: str) -> bool:
    return any(low <= ch <= high for low, high in _JAPANESE_LETTERS)


def _fusable(ch: str) -> bool:
    """Whether the line model may supply ``ch``: a Japanese letter (kanji, kana),
    never a numeral, dash, digit or の between numbers (a near miss differs in a
    number: 健/健一, 25番5号/25番6号; the line model read 24 numerals of 24,000
    wrong at >= 0.95 in a safety review, four of them a neighbour), nor a mark
    that normalising a name deletes (・, ＝, a full-width space)."""
    return _kana_or_kanji(ch) and not _numeral(ch) and ch not in _SEPARATORS and _japanese(ch)


def _japanese(ch: str) -> bool:
    """Whether ``ch`` is written in Japanese (JIS X 0208): not a Chinese simplified form."""
    try:
        ch.encode("shift_jis")
    except UnicodeEncodeError:
        return False
    return True


def _one_digit_lost(digits: str, fewer: str) -> bool:
    """Whether ``fewer`` is ``digits`` with one digit left out."""
    return len(fewer) == len(digits) - 1 and any(
        digits[:i] + digits[i + 1 :] == fewer for i in range(len(digits))
    )


def _date_in(result: OcrResult) -> tuple[FieldReading, str] | None:
    """The first date on the first line of ``result`` that has one, with its digits."""
    for lt in line_texts(result):
        found = _first_date_digits(lt)
        if found is not None:
            return found
    return None


def read_text(
    reader: FieldReader,
    ocr: OcrResult,
    region: Box,
    *,
    block: bool = False,
    label: re.Pattern[str] | None = None,
) -> FieldReading | None:
    """Read the text in ``region`` (all its lines joined when ``block``), dropping a
    leading ``label`` if the region caught it.

    The text is read several ways: at the configured scales, by each model and
    scale of :meth:`FieldReader.read_variants`, and a block also as a block and
    line by line where the whole-card OCR found its lines (Tesseract sometimes
    drops a block's first line, and a misplaced line box catches a neighbour).
    An address read the same way by most readings (after the gazetteer's
    corrections) wins; see :func:`_vote_text`.
    """
    # The fast model's own readings first, then the other models' (variants).
    sources: list[tuple[list[OcrResult], int]] = []
    variant_sources: list[tuple[list[OcrResult], int]] = []
    if not block:
        target = refine_region(region, ocr)
        sources.append(([reader.read(target)], 1))
        variant_sources.extend(([result], 1) for result in reader.read_variants(target))
        rows = [target]
    else:
        sources.append(([reader.read(region, block=True)], 3))
        rows = _line_regions(ocr, region)
        if rows:
            sources.append(([reader.read(row) for row in rows], 3))
            per_row = [reader.read_variants(row) for row in rows]
            variant_sources.extend((list(variant), 3) for variant in zip(*per_row, strict=True))
    variants = len(variant_sources)
    sources += variant_sources
    # Voted on without single-glyph re-reads (two OCR calls per doubtful glyph of
    # every reading); the winner is then read again with them.
    readings = [
        (_join_lines(reader, results, region, label, n, reread=False), results, n)
        for results, n in sources
    ]
    found = [(r, results, n) for r, results, n in readings if r is not None]
    if not found:
        return None
    primary = sum(1 for r, _, _ in readings[: len(sources) - variants] if r is not None)
    winner = _vote_text([r for r, _, _ in found], address=label is ADDRESS_LABEL, primary=primary)
    _, results, n = found[winner]
    reading = _join_lines(reader, results, region, label, n)
    if reading is None or label is not ADDRESS_LABEL or not rows or not _has_unsure(reading):
        return reading
    # The second recogniser reads each of the address's lines as one line.
    lines: list[LineReading] = []
    for row in rows:
        line = reader.read_line(row)
        if line is None:
            return reading
        lines.append(line)
    joined = LineReading(
        "".join(line.text for line in lines),
        tuple(p for line in lines for p in line.probabilities),
    )
    return fuse_line(reading, joined, address=True)


def _has_unsure(reading: FieldReading) -> bool:
    """Whether :func:`fuse_line` could change ``reading``: a glyph read under
    :data:`FUSE_BELOW_CONFIDENCE` (a sure reading is not read a second time)."""
    return any(c < FUSE_BELOW_CONFIDENCE for c in reading.char_confidences)


def _vote_text(readings: list[FieldReading], *, address: bool, primary: int | None = None) -> int:
    """Index of the reading to keep; the first ``primary`` (default: all) are the
    main model's own readings, the rest other models'.

    An address printed on a card starts with its prefecture: a reading that does
    not has lost its first line, however confidently it read the rest. One that
    spells a real place less far (a municipality with no real town after it) has
    lost or garbled its second line: line-by-line readings share such a slip when
    the row search missed a line, and would outvote the one block reading that has
    it all. One whose 丁目 has no number has lost a glyph. Among the rest, the
    spelling most readings share after the gazetteer's corrections.
    When no two readings agree, the main model's most confident reading: the
    models' confidences are not on one scale, and a stray mark one of them adds
    would otherwise win as often as not.
    """

    def mean(r: FieldReading) -> float:
        return sum(r.char_confidences) / max(1, len(r.char_confidences))

    primary = len(readings) if primary is None else max(1, min(primary, len(readings)))
    if not address:
        return max(range(len(readings)), key=lambda i: mean(readings[i]))
    corrected = [correct_address(r).value for r in readings]
    keys = [normalize_address(text) for text in corrected]
    depths = [place_depth(text) for text in corrected]
    votes = collections.Counter(keys)
    agreed = max(votes.values()) >= 2
    return max(
        range(len(readings)) if agreed else range(primary),
        key=lambda i: (
            bool(_PREFECTURE.match(readings[i].value)),
            depths[i],
            not _NUMBERLESS_CHOME.search(keys[i]),
            votes[keys[i]],
            mean(readings[i]),
        ),
    )


def _join_lines(
    reader: FieldReader,
    results: list[OcrResult],
    region: Box,
    label: re.Pattern[str] | None,
    max_lines: int,
    *,
    reread: bool = True,
) -> FieldReading | None:
    """The value made of the lines of ``results`` (at most ``max_lines``), cleaned;
    doubtful glyphs read again alone when ``reread``."""
    parts: list[FieldReading] = []
    for lt in (lt for result in results for lt in line_texts(result)):
        start = 0
        if label is not None and not parts:
            m = label.match(lt.text)
            start = _skip_leading_noise(lt, m.end() if m else 0, region.x)
            # An address starts with its prefecture when it prints one: whatever
            # stands before a prefecture in the first few characters is noise.
            pref = _PREFECTURE.search(lt.text, start, start + 6)
            if pref:
                start = pref.start()
        end = len(lt.text)
        # Ruled lines and the card's edge beside a value come out as | [ ] etc.;
        # dropped only when they stand apart (| next to 4番 may be the digit 1).
        while (
            start < end and lt.text[start] in _SEPARATOR_MARKS and lt.gap_before(start + 1) > _APART
        ):
            start += 1
        while (
            end > start
            and lt.text[end - 1] in _SEPARATOR_MARKS
            and (lt.gap_before(end - 1) > _APART or lt.text[end - 2 : end - 1] in _TERMINALS)
        ):
            end -= 1
        if start < end:
            parts.append(
                reread_doubtful(reader, lt, start, end) if reread else _plain(lt, start, end)
            )
        if len(parts) >= max_lines:
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


def _line_regions(ocr: OcrResult, region: Box, margin: int = 6) -> list[Box]:
    """One box per text line that the whole-card OCR found inside ``region``."""
    spans: list[tuple[int, int]] = []
    for line in ocr.lines:
        inside = [
            w.box
            for w in line.words
            if region.x <= w.box.x + w.box.w / 2 <= region.x + region.w
            and region.y <= w.box.y + w.box.h / 2 <= region.y + region.h
        ]
        if inside:
            spans.append((min(b.y for b in inside), max(b.y + b.h for b in inside)))
    merged: list[list[int]] = []
    for top, bottom in sorted(spans):
        if merged and top < merged[-1][1] - 0.3 * (bottom - top):
            merged[-1][1] = max(merged[-1][1], bottom)
        else:
            merged.append([top, bottom])
    return [
        Box(region.x, top - margin, region.w, bottom - top + 2 * margin) for top, bottom in merged
    ]


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


def prefer_regions(
    candidates: dict[str, tuple[FieldReading | None, FieldReading | None]],
) -> dict[str, FieldReading]:
    """Each field from its region reading, or from the label fallback when the
    region read nothing; fields read neither way are absent."""
    fields: dict[str, FieldReading] = {}
    for key, (primary, fallback) in candidates.items():
        value = primary if primary is not None and primary.value else fallback
        if value is not None and value.value:
            fields[key] = value
    return fields


def date_in_line(lines: Sequence[LineText], label: re.Pattern[str]) -> FieldReading | None:
    """The first date on the line that carries ``label`` (e.g. まで有効)."""
    for lt in lines:
        if not label.search(lt.text):
            continue
        for d, d_start, d_end in find_dates(lt.text):
            reading = lt.field(d_start, d_end)
            return FieldReading(d.isoformat(), reading.box, reading.confidence)
    return None
