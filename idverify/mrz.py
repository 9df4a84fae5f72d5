"""The machine-readable zone of a passport (ICAO 9303, TD3: two lines of 44).

::

    P<JPNYAMADA<<TARO<<<<<<<<<<<<<<<<<<<<<<<<<<<
    TR12345674JPN8504017M3001014<<<<<<<<<<<<<<02

Line 2: document number (9) + check, nationality (3), birth date YYMMDD + check,
sex, expiry YYMMDD + check, optional data (14) + check, and a composite check
over number, birth date, expiry and optional data with their checks. Check
digits weigh the characters 7, 3, 1, 7, 3, 1 … (0-9 as themselves, A-Z as
10-35, ``<`` as 0), sum modulo 10.

OCR of the OCR-B font confuses O/0, I/1, B/8, S/5, Z/2 and G/6: fields that can
only hold digits are read with letters folded to the digits they resemble
before their checks are computed; nothing is corrected after a check fails.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass

__all__ = ["Mrz", "character_value", "check_digit", "check_weight", "find_td3", "parse_td3"]

_LENGTH = 44
_WEIGHTS = (7, 3, 1)
_TO_DIGIT = str.maketrans(
    {"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "B": "8", "S": "5", "Z": "2", "G": "6"}
)
_LINE = re.compile(r"[A-Z0-9<]{40,48}")
# Line 1 after "P" holds letters and fillers only: digits there are misread letters.
_TO_LETTER = str.maketrans({"0": "O", "1": "I", "2": "Z", "5": "S", "8": "B", "6": "G", "4": "A"})


def character_value(ch: str) -> int:
    """What ``ch`` counts for in a check digit: 0-9 as themselves, A-Z as 10-35,
    ``<`` as 0; ValueError for anything else."""
    if ch.isdigit():
        return int(ch)
    if "A" <= ch <= "Z":
        return ord(ch) - ord("A") + 10
    if ch == "<":
        return 0
    raise ValueError(f"not an MRZ character: {ch!r}")


def check_weight(position: int) -> int:
    """The weight of the character at ``position`` of a checked field (7, 3, 1 …)."""
    return _WEIGHTS[position % 3]


def check_digit(field: str) -> int:
    """The ICAO 9303 check digit of ``field`` (A-Z, 0-9, ``<``)."""
    total = 0
    for i, ch in enumerate(field):
        total += character_value(ch) * check_weight(i)
    return total % 10


@dataclass(frozen=True, slots=True)
class Mrz:
    """A parsed TD3 zone. ``valid`` only when every check digit holds."""

    issuing_state: str
    surname: str
    given_names: str
    number: str
    nationality: str
    birth_date: dt.date | None
    sex: str
    expiry_date: dt.date | None
    checks: dict[str, bool]

    @property
    def valid(self) -> bool:
        """Every check digit (number, birth, expiry, optional, composite) holds and
        both dates name real days."""
        return (
            all(self.checks.values())
            and self.birth_date is not None
            and self.expiry_date is not None
        )


def _date(text: str, *, past: bool, today: dt.date) -> dt.date | None:
    if not text.isdigit():
        return None
    yy, mm, dd = int(text[:2]), int(text[2:4]), int(text[4:])
    year = 2000 + yy
    if past and year > today.year:
        year -= 100  # a birth date is never in the future
    try:
        return dt.date(year, mm, dd)
    except ValueError:
        return None


def _digits(text: str) -> str:
    return text.translate(_TO_DIGIT)


def _check(field: str, digit: str) -> bool:
    try:
        return digit.isdigit() and check_digit(field) == int(digit)
    except ValueError:
        return False


def parse_td3(line1: str, line2: str, *, today: dt.date) -> Mrz | None:
    """Parse the two lines (spaces removed, upper case); ``None`` when they are not
    a TD3 passport zone at all (wrong length, not starting with ``P``)."""
    line1 = re.sub(r"\s+", "", line1).upper()
    line2 = re.sub(r"\s+", "", line2).upper()
    if len(line1) != _LENGTH or len(line2) != _LENGTH or not line1.startswith("P"):
        return None
    line1 = line1[:2] + line1[2:].translate(_TO_LETTER)
    names = line1[5:].rstrip("<")
    surname, _, given = names.partition("<<")
    number = line2[0:9]
    birth = _digits(line2[13:19])
    expiry = _digits(line2[21:27])
    optional = line2[28:42]
    digits = {i: _digits(line2[i]) for i in (9, 19, 27, 42, 43)}
    composite_field = line2[0:9] + digits[9] + birth + digits[19] + expiry + digits[27]
    composite_field += optional + digits[42]
    checks = {
        "number": _check(number, digits[9]),
        "birth_date": _check(birth, digits[19]),
        "expiry_date": _check(expiry, digits[27]),
        # An empty optional field may carry < or 0 as its check.
        "optional": _check(optional, digits[42]) or (optional == "<" * 14 and line2[42] == "<"),
        "composite": _check(composite_field, digits[43]),
    }
    return Mrz(
        issuing_state=line1[2:5].replace("<", ""),
        surname=surname.replace("<", " ").strip(),
        given_names=given.replace("<", " ").strip(),
        number=number.replace("<", ""),
        nationality=line2[10:13].replace("<", ""),
        birth_date=_date(birth, past=True, today=today),
        sex=line2[20],
        expiry_date=_date(expiry, past=False, today=today),
        checks=checks,
    )


def find_td3(lines: list[str], *, today: dt.date) -> Mrz | None:
    """The zone among OCR ``lines``: two consecutive lines of MRZ characters of
    about 44, the first starting with ``P``. OCR that drops or adds a ``<`` in a
    filler run is tolerated by re-padding the name line only."""
    cleaned = [re.sub(r"\s+", "", ln).upper().replace("«", "<") for ln in lines]
    for first, second in itertools.pairwise(cleaned):
        if not (_LINE.fullmatch(first) and _LINE.fullmatch(second) and first.startswith("P")):
            continue
        # The name line ends in filler: its length may be re-padded without losing
        # anything. Line 2 must be read whole, or its checks will say so.
        first = (first.rstrip("<") + "<" * _LENGTH)[:_LENGTH]
        found = parse_td3(first, second, today=today)
        if found is not None:
            return found
    return None
