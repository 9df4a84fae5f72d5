"""Japanese date parsing for OCR'd card text. Pure Python, no I/O.

Cards print dates in several ways, all of which are read here:

- era dates: ``昭和60年4月1日生``, ``令和元年5月1日``, ``令和08年05月01日まで有効``, with any
  spacing and full-width digits (OCR text is NFKC-folded first, so ``６０`` reads as ``60``);
- abbreviated era dates: ``R7.5.1``, ``H31.04.30``, ``S60. 4. 1``;
- western dates: ``2030年4月1日``, ``2030/04/01``, ``2030-04-01``, ``2030.04.01``;
- passport dates: ``01 APR 1985``, ``01 APR/AVR 1985``.

An impossible date (30 February, 平成32年, 令和元年4月1日 which is before 令和 began) is never
"corrected" into a nearby valid one: a wrong birth date that looks right is worse than none.

>>> parse_date("昭和 60年 4月 1日生")
datetime.date(1985, 4, 1)
>>> parse_date("令和元年4月1日") is None
True
>>> to_era(datetime.date(1985, 4, 1))
'昭和60年4月1日'
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["ERAS", "ERA_NAMES", "Era", "find_dates", "parse_date", "to_era"]


@dataclass(frozen=True, slots=True)
class Era:
    """A Japanese era: its name, one-letter abbreviation and first and last day."""

    name: str
    letter: str
    start: datetime.date
    end: datetime.date | None  # None: the current era

    def contains(self, d: datetime.date) -> bool:
        """Whether ``d`` falls inside this era."""
        return self.start <= d and (self.end is None or d <= self.end)


# Newest first. Boundaries are the days the new era began (the Gregorian dates of the
# emperors' accessions); 明治 and older are left out: no living card holder was born then.
ERAS: tuple[Era, ...] = (
    Era("令和", "R", datetime.date(2019, 5, 1), None),
    Era("平成", "H", datetime.date(1989, 1, 8), datetime.date(2019, 4, 30)),
    Era("昭和", "S", datetime.date(1926, 12, 25), datetime.date(1989, 1, 7)),
    Era("大正", "T", datetime.date(1912, 7, 30), datetime.date(1926, 12, 24)),
)

#: The era names this module reads and writes, newest first.
ERA_NAMES: tuple[str, ...] = tuple(e.name for e in ERAS)

_ERA_BY_KEY: dict[str, Era] = {e.name: e for e in ERAS} | {e.letter: e for e in ERAS}

# Passport months are printed "APR" or bilingually "APR/AVR" (English/French). The
# French part is accepted but only the English one decides the month.
_MONTHS: dict[str, int] = {
    m: i
    for i, m in enumerate(
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"),
        start=1,
    )
}

_S = r"[ \t]*"  # spacing inside a date; never a line break, so two lines never merge

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "era",
        re.compile(
            rf"(?P<era>令和|平成|昭和|大正){_S}(?P<y>元|\d{{1,2}}){_S}年"
            rf"{_S}(?P<m>\d{{1,2}}){_S}月{_S}(?P<d>\d{{1,2}}){_S}日"
        ),
    ),
    (
        # 昭和 with its 昭 misread (吉和, 招和) or lost, as OCR often does: 和 with a
        # year of 20-64 can only be 昭和, since 令和20 is 2038 and no card printed
        # today carries a date that late. A lower year (昭和8 / 令和8) stays unread.
        "showa",
        re.compile(
            rf"(?<![令平昭大])和{_S}(?P<y>[2-5]\d|6[0-4]){_S}年"
            rf"{_S}(?P<m>\d{{1,2}}){_S}月{_S}(?P<d>\d{{1,2}}){_S}日"
        ),
    ),
    (
        # The letter must not end a Latin word (e.g. the "S" of "DAYS.1.2") and the
        # day must not run on into more digits.
        "abbr",
        re.compile(
            rf"(?<![A-Za-z])(?P<era>[RHST]){_S}(?P<y>\d{{1,2}}){_S}\.{_S}(?P<m>\d{{1,2}})"
            rf"{_S}\.{_S}(?P<d>\d{{1,2}})(?!\d)"
        ),
    ),
    (
        "western",
        re.compile(
            rf"(?<!\d)(?P<y>\d{{4}}){_S}年{_S}(?P<m>\d{{1,2}}){_S}月{_S}(?P<d>\d{{1,2}}){_S}日"
        ),
    ),
    (
        # The same separator twice (backreference), so "2030/04-01" is not a date.
        "numeric",
        re.compile(
            r"(?<![\d.\-/])(?P<y>\d{4})(?P<sep>[/\-.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)"
        ),
    ),
    (
        "passport",
        re.compile(
            r"(?<![\dA-Za-z])(?P<d>\d{1,2})[ \t]+(?P<mon>[A-Za-z]{3})(?:/[A-Za-z]{3,4})?"
            r"[ \t]+(?P<y>\d{4})(?!\d)"
        ),
    ),
)


def _fold(text: str) -> tuple[str, list[int]]:
    """NFKC-fold ``text`` one character at a time, keeping where each output came from.

    Returns the folded text and, for each of its characters, the offset of the source
    character, so that matches can be reported in offsets of the caller's string.
    """
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        folded = unicodedata.normalize("NFKC", ch)
        # NFKC makes U+2212 MINUS SIGN no hyphen; OCR reads printed dashes as it.
        folded = folded.replace("\u2212", "-")
        out.append(folded)
        origin.extend([i] * len(folded))
    return "".join(out), origin


def _build(kind: str, m: re.Match[str]) -> datetime.date | None:
    """The date a pattern match denotes, or None if no such day exists."""
    try:
        day = int(m["d"])
        if kind == "passport":
            month = _MONTHS.get(m["mon"].upper())
            if month is None:
                return None
            return datetime.date(int(m["y"]), month, day)
        month = int(m["m"])
        if kind in ("era", "abbr", "showa"):
            era = _ERA_BY_KEY["昭和" if kind == "showa" else m["era"]]
            era_year = 1 if m["y"] == "元" else int(m["y"])
            if era_year < 1:
                return None
            d = datetime.date(era.start.year + era_year - 1, month, day)
            # 平成32年 or 令和元年4月1日 name no real day: refuse rather than guess.
            return d if era.contains(d) else None
        return datetime.date(int(m["y"]), month, day)
    except ValueError:  # 30 February, month 13, year 0 ...
        return None


def _candidates(text: str) -> Iterator[tuple[datetime.date | None, int, int]]:
    """Every date-shaped span in ``text``, in order, overlapping spans dropped.

    The date is None where the span looks like a date but names no real day.
    """
    folded, origin = _fold(text)
    spans: list[tuple[int, int, str, re.Match[str]]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(folded):
            spans.append((m.start(), -m.end(), kind, m))
    spans.sort(key=lambda s: (s[0], s[1]))
    last_end = -1
    for start, neg_end, kind, m in spans:
        end = -neg_end
        if start < last_end:
            continue  # inside a longer, earlier match
        last_end = end
        yield _build(kind, m), origin[start], origin[end - 1] + 1


def find_dates(text: str) -> list[tuple[datetime.date, int, int]]:
    """All dates in ``text`` as ``(date, start, end)`` offsets into ``text``.

    Date-shaped text that names no real day is left out.

    >>> find_dates("昭和60年4月1日生 令和08年05月01日まで有効")
    [(datetime.date(1985, 4, 1), 0, 9), (datetime.date(2026, 5, 1), 11, 22)]
    """
    return [(d, s, e) for d, s, e in _candidates(text) if d is not None]


def parse_date(text: str) -> datetime.date | None:
    """The first date in ``text``, or None.

    If the first date-shaped text names no real day, the answer is None: a later date
    on the same line (say the validity date after a misread birth date) is never
    returned in its place.

    >>> parse_date("01 APR/AVR 1985")
    datetime.date(1985, 4, 1)
    """
    for d, _start, _end in _candidates(text):
        return d
    return None


def to_era(d: datetime.date, *, padded: bool = False) -> str:
    """``d`` written as a card prints it, e.g. ``昭和60年4月1日``; year 1 is ``元年``.

    ``padded`` writes two-digit numbers as the validity band of a driver's license
    does (``令和08年05月01日``). Raises ValueError for dates before 大正.

    >>> to_era(datetime.date(2026, 5, 1), padded=True)
    '令和08年05月01日'
    """
    fmt = "{:02d}" if padded else "{:d}"
    for era in ERAS:
        if era.contains(d):
            year = d.year - era.start.year + 1
            year_text = "元" if year == 1 else fmt.format(year)
            return f"{era.name}{year_text}年{fmt.format(d.month)}月{fmt.format(d.day)}日"
    raise ValueError("dates before 大正 (1912-07-30) are not supported")
