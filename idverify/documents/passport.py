"""旅券 — the photo page of a Japanese passport (ICAO 9303 TD3).

Visual zone: type P, issuing state JPN, passport number, surname and given name
in passport Hepburn (YAMADA / TARO), nationality, date of birth ``01 APR 1985``,
sex, registered domicile 本籍 (a prefecture; must be blacked out), issue and
expiry dates; the photo on the left. At the bottom, the two-line machine-readable
zone (MRZ) in OCR-B, read glyph by glyph (:mod:`idverify.mrz_read`) and checked
by its check digits (:mod:`idverify.mrz`).

The MRZ is the more reliable reading (a fixed font, check digits), so the name,
birth date and expiry come from it when it is valid; the printed fields confirm
it, and a printed field read clearly that contradicts it is ``MRZ_INVALID``.
A passport shows no address.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from typing import ClassVar

import numpy as np
import numpy.typing as npt

from idverify.documents.base import (
    FieldReader,
    Identification,
    LineText,
    compact,
    count_marks,
    line_texts,
    refine_region,
    scale_box,
)
from idverify.documents.fields import FUSE_MIN_PROBABILITY
from idverify.documents.photo import photo_present
from idverify.models import (
    Box,
    DocumentReading,
    FieldReading,
    MrzCheck,
    OcrResult,
    SensitiveFinding,
)
from idverify.mrz import Mrz, character_value, check_digit, check_weight, parse_td3
from idverify.mrz_read import MrzLines, read_mrz
from idverify.redaction import dark_blocks, print_beside
from idverify.romaji import is_passport_hepburn

__all__ = ["Passport"]

Region = tuple[float, float, float, float]

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_PASSPORT_DATE = re.compile(r"(\d{1,2})\s*([A-Z]{3})[A-Z/]*\s*((?:19|20)\d{2})")
_LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
# The MRZ's first characters, P<JPN, as the page's OCR reads them: its general
# models read the OCR-B filler < as C, K, E, X or く (a dev hard photo, seed 2960:
# "PCJPNISHIICCMAYUMI...", with every label too small to read), or as two
# glyphs, its point and its strokes (seed 2968: "PCIJPNTANAKACCAYA...").
_MRZ_HEAD = re.compile(r"P[<くCKEX«‹(]{1,2}JPN|P[<くCKEX«‹(][Il1|]JPN")
# Line 1 of the zone as Tesseract reads it: the head (its filler or J may be
# lost), the name, then at least ten fillers (read as <, C, E, K or X) in a row.
_ZONE_LINE1 = re.compile(r"P[<くCKEX«‹(]{0,2}[Il1|J]{0,2}PN[A-Z<]*?([<くCKEX«‹(]{10,})")
# The title, PASSPORT, with its first letters or case lost.
_TITLE = re.compile(r"ASSPORT|PASSPO", re.IGNORECASE)
# In the optional data field: a filler, then anything but fillers.
_FILLED_THEN_WRITTEN = re.compile(r"<[^<]")


# Line 2's fields that carry a check digit, as (start, end) with the digit at
# end - 1: the number, the birth date, the expiry date, the optional data.
_CHECKED_FIELDS = ((0, 10), (13, 20), (21, 28), (28, 43))


# Line 2's dates: each one's six digits start here, its check digit follows them.
_DATE_STARTS = {"birth_date": 13, "expiry_date": 21}


def _dates_as_read(
    first: MrzLines | None,
    other: MrzLines,
    printed: Mapping[str, FieldReading | None],
    sure: float,
    trusted: float,
) -> bool:
    """Whether ``other`` may stand for the band's first reading's dates (or that
    found no zone): it reads each date and its check digit as the first did, or
    reads a date otherwise only where the first was unsure of each glyph it
    differs in, the check digit read alike, and the date then is the one printed
    in the visual zone (read alike twice, :meth:`Passport._printed_date`, at
    ``trusted`` confidence or more: under it a printed field says nothing against
    a zone, nor for one).

    A zone printed with a wrong date check digit (a broken zone) is made to check
    by one misread glyph of its date or of that check digit (the expiry's second
    digit read 7 off fixes a check digit printed one too high, composite and
    all). Such a misread date is no longer the printed one, and a check digit
    read otherwise is never taken. A first reading's unsure date under glare
    (birth 661276 for 661206, dev hard photo seed 2975 request 5) no longer
    keeps a second reading that checks and matches the print from being taken."""
    if first is None:
        return True
    for key, start in _DATE_STARTS.items():
        changed = [i for i in range(start, start + 7) if first.line2[i] != other.line2[i]]
        if not changed:
            continue
        if start + 6 in changed or any(first.margins2[i] >= sure for i in changed):
            return False
        reading = printed.get(key)
        if reading is None or reading.confidence < trusted:
            return False
        try:
            yymmdd = dt.date.fromisoformat(reading.value).strftime("%y%m%d")
        except ValueError:
            return False
        if other.line2[start : start + 6] != yymmdd:
            return False
    return True


def _japanese(lines: MrzLines) -> bool:
    """Whether the zone reads as a Japanese passport's (issuing state and nationality)."""
    return lines.line1[2:5] == "JPN" and lines.line2[10:13] == "JPN"


def _field_checks(line2: str, start: int, end: int) -> bool:
    """Whether the check digit at ``end - 1`` of ``line2`` holds for its field (an
    empty optional field may carry ``<`` as its check)."""
    field, digit = line2[start : end - 1], line2[end - 1]
    if start == 28 and line2[start:end] == "<" * (end - start):
        return True
    return digit.isdigit() and check_digit(field) == int(digit)


def _composite_checks(line2: str) -> bool:
    """Whether line 2's composite check digit holds over its checked fields."""
    checked = line2[0:10] + line2[13:20] + line2[21:43]
    return line2[43].isdigit() and check_digit(checked) == int(line2[43])


def _name_margin(lines: MrzLines) -> float:
    """The weakest glyph margin of line 1's name, up to the given names' end."""
    given = lines.line1.find("<<", 5)
    end = lines.line1.find("<<", given + 2) if given >= 0 else -1
    return lines.weakest(1, 5, end if end > 0 else len(lines.line1))


def _pieced(readings: Sequence[MrzLines], sure: float) -> MrzLines | None:
    """A zone pieced together from several readings of one zone, or ``None``.

    Under a lamp's glare each reading loses other glyphs (read against the band's
    darkest print, the faint end's fillers go; against the print near each glyph,
    a digit under the glare's edge): line 2 is taken field by field, each field
    with its check digit from a reading in which that check holds and which no
    other reading contradicts with a glyph read clearly (``sure`` or more: a
    broken check digit printed clearly is not outvoted by a blurred misreading).
    The nationality, sex and composite check digit are taken as most clearly
    read, and line 1 (no check digit) from the reading whose name was read most
    clearly. The caller keeps the result only if every check, the composite's
    over the pieced line included, holds."""
    if len(readings) < 2:
        return None
    line2 = list(readings[0].line2)
    margins2 = list(readings[0].margins2)

    def uncontradicted(r: MrzLines, start: int, end: int) -> bool:
        return not any(
            o.line2[i] != r.line2[i] and o.margins2[i] >= sure
            for o in readings
            for i in range(start, end)
        )

    for start, end in _CHECKED_FIELDS:
        source = next(
            (
                r
                for r in readings
                if _field_checks(r.line2, start, end) and uncontradicted(r, start, end)
            ),
            None,
        )
        if source is None:
            return None
        line2[start:end] = source.line2[start:end]
        margins2[start:end] = source.margins2[start:end]
    for i in (10, 11, 12, 20, 43):
        clearest = max(readings, key=lambda r: r.margins2[i])
        line2[i] = clearest.line2[i]
        margins2[i] = clearest.margins2[i]
    named = max(readings, key=_name_margin)
    return dataclasses.replace(named, line2="".join(line2), margins2=tuple(margins2))


def _number_fixed(lines: MrzLines, slack: float) -> MrzLines | None:
    """``lines`` with one glyph of the passport number replaced so that the
    number's check digit and the composite check hold: of the replacements whose
    character's template scored within ``slack`` of the glyph read, the closest;
    else ``None`` (also when the number checks already).

    Only the number's nine characters, never a check digit, and only the number.
    The number is compared with nothing (a wrong choice among two that check
    costs nothing), while the dates are: they are never changed. And a zone
    printed with a wrong check digit (a broken zone) is not made to check: a
    number character changed by δ (weight w) moves the number's sum and the
    composite's alike by wδ, so a number check digit printed e too high would
    need wδ ≡ e for the one and wδ + 7e ≡ 0 for the other (the number's check
    digit weighs 7 in the composite): 8e ≡ 0 (mod 10), no e but 5, and a change
    with wδ ≡ 5 is never made. (For the dates it could: the expiry's second
    digit changed by 7 fixes a check digit printed one too high, composite and
    all.)"""
    if len(lines.scores2) != len(lines.line2) or _field_checks(lines.line2, 0, 10):
        return None
    found: list[tuple[float, int, str]] = []
    for i in range(9):
        read = lines.line2[i]
        scores = lines.scores2[i]
        for alt, score in scores.items():
            if alt == read or score < scores[read] - slack:
                continue
            if check_weight(i) * (character_value(alt) - character_value(read)) % 10 == 5:
                continue  # the one change that can make a broken check digit check
            line2 = lines.line2[:i] + alt + lines.line2[i + 1 :]
            if _field_checks(line2, 0, 10) and _composite_checks(line2):
                found.append((scores[read] - score, i, alt))
    if not found:
        return None
    _, i, alt = min(found)
    margins = list(lines.margins2)
    margins[i] = 0.0
    return dataclasses.replace(
        lines, line2=lines.line2[:i] + alt + lines.line2[i + 1 :], margins2=tuple(margins)
    )


def _name_parts(line1: str) -> list[str]:
    """The name's parts (surname, given names) as line 1 spells them."""
    return [p for p in line1[5:].rstrip("<").replace("<<", "<").split("<") if p]


def _name_is_hepburn(lines: MrzLines) -> bool:
    """Whether every part of line 1's name can be spelled from kana."""
    parts = _name_parts(lines.line1)
    return bool(parts) and all(is_passport_hepburn(p) for p in parts)


def _passport_date(text: str) -> dt.date | None:
    """``01 APR 1985`` (OCR may join or split the parts)."""
    m = _PASSPORT_DATE.search(text.upper())
    if not m or m.group(2) not in _MONTHS:
        return None
    try:
        return dt.date(int(m.group(3)), _MONTHS.index(m.group(2)) + 1, int(m.group(1)))
    except ValueError:
        return None


class Passport:
    """The passport photo-page document module."""

    type_name: ClassVar[str] = "passport"

    MARKS: ClassVar[tuple[str, ...]] = (
        "PASSPORT",
        "旅券",
        "Surname",
        "Given",
        "Nationality",
        "Domicile",
        "本籍",
        "Date of birth",
        "Date of expiry",
        "MINISTRY",
    )  # and the MRZ's head, P<JPN, however its filler is read (_MRZ_HEAD)
    # Measured on the page layout (1476 × 1039, ID-3 at 300 dpi).
    ANCHORS: ClassVar[dict[str, dict[str, tuple[float, float]]]] = {"photo_page": {}}
    # Value regions as fractions (x0, y0, x1, y1) of the photo page: the value row
    # under each label.
    SURNAME: ClassVar[Region] = (0.305, 0.356, 0.640, 0.404)
    GIVEN: ClassVar[Region] = (0.305, 0.426, 0.640, 0.474)
    BIRTH: ClassVar[Region] = (0.305, 0.565, 0.640, 0.613)
    DOMICILE: ClassVar[Region] = (0.655, 0.150, 0.985, 0.200)
    ISSUE: ClassVar[Region] = (0.655, 0.235, 0.985, 0.283)
    EXPIRY: ClassVar[Region] = (0.655, 0.322, 0.985, 0.370)
    # Each printed row: its value region and the label above it.
    ROWS: ClassVar[dict[str, tuple[Region, re.Pattern[str]]]] = {
        "surname": (SURNAME, re.compile(r"Surname|urname")),
        "given": (GIVEN, re.compile(r"Given|iven na")),
        "birth": (BIRTH, re.compile(r"ofbirth|Dateofb")),
        "domicile": (DOMICILE, re.compile(r"本籍|Domicile|Registered")),
        "issue": (ISSUE, re.compile(r"ofissue|Dateofi")),
        "expiry": (EXPIRY, re.compile(r"ofexpiry|Dateofe")),
    }
    # The machine-readable zone's band, the bottom of the page, short of the
    # page's edges (an outline found a little loose shows the table there).
    MRZ_BAND: ClassVar[Region] = (0.012, 0.78, 0.988, 0.99)
    # Read when the band's zone does not check: the zone's two rows are picked
    # by their glyph counts, so a taller band holding the visual zone's foot too
    # still yields them.
    MRZ_BAND_TALL: ClassVar[Region] = (0.012, 0.70, 0.988, 1.0)
    PHOTO_AREA: ClassVar[Region] = (0.02, 0.10, 0.29, 0.60)
    # A check digit failing where every glyph of its field was read with at least
    # this template margin is a broken zone, not a misreading (measured on 1,177
    # right field readings: 10 % below 0.048; wrong readings up to 0.061).
    SURE_MARGIN: ClassVar[float] = 0.08
    # A printed field read (twice alike) at this confidence or more that
    # contradicts a valid zone makes the zone invalid; read at DOUBT_CONFIDENCE or
    # more, it makes the zone uncertain (measured: a phone photo's 19 read as 09
    # at 91 % by both readings); under that, the printed reading is ignored.
    CONTRADICTION_CONFIDENCE: ClassVar[float] = 95.0
    DOUBT_CONFIDENCE: ClassVar[float] = 60.0
    # Japanese characters read at this OCR confidence or more that make 本籍 legible.
    DOMICILE_MIN_CHARS: ClassVar[int] = 2
    DOMICILE_CONFIDENCE: ClassVar[float] = 40.0

    def identify(self, ocr: OcrResult) -> Identification | None:
        """The photo page by its bilingual labels and title."""
        text = compact(ocr.text)
        marks = count_marks(text, tuple(compact(m) for m in self.MARKS))
        # The zone's first line, its head and the name's run of fillers, counts
        # as the head twice over: what no other document prints (a small page's
        # labels are lost before it; dev hard photos, seed 2977: passports 600 px
        # wide beside certificates, their head read PCIPN, their title HHIASSPORT).
        zone = [m for line in ocr.lines if (m := _ZONE_LINE1.search(compact(line.text)))]
        if zone:
            # Twenty fillers and more: the zone of a short name (as long as a
            # title and two labels; a dev hard photo's page 600 px wide in a
            # passport's frame read nothing else).
            long_run = max(len(m.group(1)) for m in zone) >= 20
            marks += 3 if long_run else 2
        else:
            marks += bool(_MRZ_HEAD.search(text))
        if marks >= 3 or (_TITLE.search(text) and marks >= 2):
            return Identification("photo_page", marks)
        return None

    def extract(
        self,
        ocr: OcrResult,
        side: str,
        image: npt.NDArray[np.uint8],
        reader: FieldReader,
    ) -> DocumentReading:
        """Fields from the MRZ confirmed by the visual zone, the 本籍 check, the photo."""
        h, w = image.shape[:2]
        gray = image if image.ndim == 2 else image.mean(axis=2).astype(np.uint8)
        band = scale_box(self.MRZ_BAND, w, h)
        crop = gray[band.y : band.y + band.h, band.x : band.x + band.w]
        today = dt.date.today()
        tall = scale_box(self.MRZ_BAND_TALL, w, h)
        taller = gray[tall.y : tall.y + tall.h, tall.x : tall.x + tall.w]
        printed_name = self._printed_name(reader, ocr, w, h)
        printed_birth = self._printed_date(reader, ocr, self._value_region(ocr, "birth", w, h))
        printed_expiry = self._printed_date(reader, ocr, self._value_region(ocr, "expiry", w, h))
        lines, mrz = self._read_zone(
            np.ascontiguousarray(crop),
            today,
            np.ascontiguousarray(taller),
            printed={"birth_date": printed_birth, "expiry_date": printed_expiry},
        )
        check = self._check(lines, mrz)
        fields: dict[str, FieldReading] = {}
        if mrz is not None and check.status == "valid":
            # The name line has no check digit: it contradicts the print only
            # where each of its glyphs was read clearly.
            name_sure = lines is not None and lines.weakest(1, 5, 44) >= self.SURE_MARGIN
            as_seen = _name_as_seen(lines, self._seen_name(reader, ocr, w, h))
            if as_seen is not None:
                # The line model reads the print as the zone spells it: a printed
                # name Tesseract read otherwise is its misreading, no tampering.
                name_sure = False
            contradiction = self._contradiction(
                mrz, printed_name if name_sure else None, printed_birth, printed_expiry
            )
            if contradiction is not None:
                check = contradiction
            fields.update(self._from_mrz(mrz, lines, printed_name, band, as_seen))
        else:
            for key, reading in (
                ("name", printed_name),
                ("birth_date", printed_birth),
                ("expiry_date", printed_expiry),
            ):
                if reading is not None:
                    fields[key] = reading
        issue = self._printed_date(reader, ocr, self._value_region(ocr, "issue", w, h))
        if issue is not None:
            fields["issue_date"] = issue
        domicile_region = self._value_region(ocr, "domicile", w, h)
        return DocumentReading(
            self.type_name,
            side,
            fields,
            has_photo=photo_present(image, ocr, self.PHOTO_AREA),
            sensitive=self._domicile(reader, gray, domicile_region),
            mask_boxes=(domicile_region,),
            mrz=check,
        )

    # ----------------------------------------------------------------- the MRZ

    def _read_zone(
        self,
        band: npt.NDArray[np.uint8],
        today: dt.date,
        taller: npt.NDArray[np.uint8] | None = None,
        *,
        printed: Mapping[str, FieldReading | None] | None = None,
    ) -> tuple[MrzLines | None, Mrz | None]:
        """The zone's two lines and their parse (:meth:`_read_checked`, ``printed``
        the visual zone's dates), with a name that is no passport Hepburn read again.

        Line 1 has no check digit: a name glyph lost under blur or glare
        (HAYASHI's HI read as three glyphs MKF) is only seen in that the name
        cannot be spelled from kana. Then the band's other readings' line 1 are
        tried, and the first whose name is Hepburn is kept (dev hard photo, seed
        2975: HAYASHI read right against the print near each glyph). A name no
        reading spells in Hepburn stays as read, and is compared as read: a
        holder may have asked for another spelling, and no glyph is guessed
        (replacing INOF's unsure F by the E that makes it INOE would make a name
        equal to a claim's spelling on a guess)."""
        read: dict[tuple[bool, bool], MrzLines | None] = {}

        def read_band(tall: bool, local: bool) -> MrzLines | None:
            # Each way of reading the band once: the name's second look reuses
            # what the check's did.
            if (tall, local) not in read:
                gray = taller if tall else band
                found = None if gray is None else read_mrz(gray, local_contrast=local)
                read[tall, local] = None if found is None else self._filled(found)
            return read[tall, local]

        lines, mrz = self._read_checked(read_band, today, printed or {})
        if lines is None or mrz is None or _name_is_hepburn(lines):
            return lines, mrz
        others = [lines]
        for tall, local in ((False, True), (True, False), (True, True)):
            again = read_band(tall, local)
            if again is not None and again.line1[2:5] == "JPN":
                others.append(again)
        for reading in others[1:]:
            if _name_is_hepburn(reading):
                fixed = dataclasses.replace(
                    lines,
                    line1=reading.line1,
                    margins1=reading.margins1,
                    scores1=reading.scores1,
                )
                return fixed, parse_td3(fixed.line1, fixed.line2, today=today)
        return lines, mrz

    def _read_checked(
        self,
        read_band: Callable[[bool, bool], MrzLines | None],
        today: dt.date,
        printed: Mapping[str, FieldReading | None],
    ) -> tuple[MrzLines | None, Mrz | None]:
        """The zone's two lines and their parse. Read against the band's darkest
        print first; when that finds no zone or one that does not check (and is
        not clearly broken), read again with each glyph's ink measured against the
        print near it, and keep that reading if its check digits all hold. (A
        lamp's glare over one end of the zone leaves its fillers and check digits
        faint under the band's one threshold: on dev hard photos, seeds 2960,
        2967 and 2968, 28 of 46 passport zones checked, 32 so; every second
        reading kept had its line 2 right.) A second reading that does not check
        is never kept: its faint glyphs may be matched wrongly but clearly, and
        a broken zone is the first reading's to judge."""
        lines = read_band(False, False)
        mrz = parse_td3(lines.line1, lines.line2, today=today) if lines is not None else None
        first = self._check(lines, mrz)

        def as_read(other: MrzLines) -> bool:
            return _dates_as_read(lines, other, printed, self.SURE_MARGIN, self.DOUBT_CONFIDENCE)

        if first.status != "uncertain":
            return lines, mrz
        readings = [lines] if lines is not None and _japanese(lines) else []
        # Then the taller band too: a band that cut a line off (an outline a
        # little off at the zone's edge: a passport on a letter, found by the
        # letter's edge).
        for tall, local in ((False, True), (True, False), (True, True)):
            again = read_band(tall, local)
            if again is None:
                continue
            parsed = parse_td3(again.line1, again.line2, today=today)
            # Japanese passports only: a zone whose issuing state or nationality
            # reads otherwise lets letters into the number, where a wrong reading
            # checks by chance far more often (a dev photo: MZSZZZ8T3 for MZ5772813).
            if not _japanese(again):
                continue
            if self._check(again, parsed).status == "valid" and as_read(again):
                return again, parsed
            readings.append(again)
        # A number that does not check, one unsure glyph off: each reading with it
        # put right alone, then pieced (dev hard photo, seed 2977: TZ read as YZ).
        fixed = [_number_fixed(r, self.SURE_MARGIN) or r for r in readings]
        for reading in fixed:
            parsed = parse_td3(reading.line1, reading.line2, today=today)
            valid = self._check(reading, parsed).status == "valid"
            if reading not in readings and valid and as_read(reading):
                return reading, parsed
        pieced = _pieced(fixed, self.SURE_MARGIN)
        if pieced is not None and as_read(pieced):
            parsed = parse_td3(pieced.line1, pieced.line2, today=today)
            if self._check(pieced, parsed).status == "valid":
                return pieced, parsed
        return lines, mrz

    def _filled(self, lines: MrzLines) -> MrzLines:
        """``lines`` with faint fillers after the name and in the optional data
        read as fillers (:meth:`MrzLines.name_filled`, :meth:`~MrzLines.optional_filled`)."""
        return lines.name_filled(self.SURE_MARGIN).optional_filled(self.SURE_MARGIN)

    def _check(self, lines: MrzLines | None, mrz: Mrz | None) -> MrzCheck:
        """Valid, invalid (a check fails on glyphs read clearly) or uncertain."""
        if lines is None or mrz is None:
            return MrzCheck("uncertain", "machine-readable zone not found")
        spans = {
            "number": (0, 10),
            "birth_date": (13, 20),
            "expiry_date": (21, 28),
            "optional": (28, 43),
            "composite": (0, 44),
        }
        failed = [name for name, ok in mrz.checks.items() if not ok]
        if not failed and _FILLED_THEN_WRITTEN.search(lines.line2[28:42]):
            # Optional data is written from the left and filled to the right: a
            # character after a filler is a misread filler. Its check digits may
            # hold by chance (a synthetic broken zone under glare, its fillers
            # read as Y: the composite's broken digit then checked).
            return MrzCheck("uncertain", "optional data: a character after a filler")
        if not failed and mrz.birth_date is not None and mrz.expiry_date is not None:
            return MrzCheck("valid")
        if not failed:
            return MrzCheck("uncertain", "a date in the zone is not a real day")
        sure = all(lines.weakest(2, *spans[name]) >= self.SURE_MARGIN for name in failed)
        status = "invalid" if sure else "uncertain"
        return MrzCheck(status, "check digit: " + ", ".join(failed))

    def _contradiction(
        self,
        mrz: Mrz,
        name: FieldReading | None,
        birth: FieldReading | None,
        expiry: FieldReading | None,
    ) -> MrzCheck | None:
        """How a valid zone fares against the printed fields: invalid where a
        clearly printed field contradicts it, uncertain where a doubtfully read
        one does, ``None`` where nothing read contradicts it."""
        zone_name = (mrz.surname + mrz.given_names).replace(" ", "")
        pairs = [
            ("birth date", birth, mrz.birth_date.isoformat() if mrz.birth_date else None),
            ("expiry date", expiry, mrz.expiry_date.isoformat() if mrz.expiry_date else None),
            ("name", name, zone_name),
        ]
        doubt: str | None = None
        for label, printed, zone in pairs:
            if printed is None or zone is None:
                continue
            value = printed.value.replace(" ", "") if label == "name" else printed.value
            if value == zone:
                continue
            if printed.confidence >= self.CONTRADICTION_CONFIDENCE:
                return MrzCheck("invalid", f"{label} differs from the printed one")
            if printed.confidence >= self.DOUBT_CONFIDENCE and doubt is None:
                doubt = label
        if doubt is not None:
            return MrzCheck("uncertain", f"{doubt} may differ from the printed one")
        return None

    @staticmethod
    def _from_mrz(
        mrz: Mrz,
        lines: MrzLines | None,
        printed_name: FieldReading | None,
        band: Box,
        as_seen: str | None = None,
    ) -> dict[str, FieldReading]:
        """Name, birth and expiry from a valid zone. Dates are check-digit proven;
        the name line has no check digit, so its confidence is the printed name's
        agreement (or the zone's glyph margins when the printed name is unread or
        read under :data:`DOUBT_CONFIDENCE`, as a contradiction ignores it).

        ``as_seen`` is the printed name as the line model read it, where the zone
        spells exactly that (:func:`_name_as_seen`): the name is then sure (99)
        whatever Tesseract read of the print."""
        name = f"{mrz.surname} {mrz.given_names}".strip()
        if as_seen is not None or (
            printed_name is not None
            and printed_name.value.replace(" ", "") == name.replace(" ", "")
        ):
            name_conf = 99.0
        elif (
            printed_name is not None
            and printed_name.value
            and printed_name.confidence >= Passport.DOUBT_CONFIDENCE
        ):
            name_conf = 0.0  # zone and print disagree: a person must look
        else:
            margin = lines.weakest(1, 5, 44) if lines is not None else 0.0
            name_conf = 95.0 if margin >= Passport.SURE_MARGIN else 60.0
        fields = {"name": FieldReading(name, band, name_conf)}
        if mrz.birth_date is not None:
            fields["birth_date"] = FieldReading(mrz.birth_date.isoformat(), band, 99.0)
        if mrz.expiry_date is not None:
            fields["expiry_date"] = FieldReading(mrz.expiry_date.isoformat(), band, 99.0)
        return fields

    # ------------------------------------------------------------ visual zone

    def _printed_name(
        self, reader: FieldReader, ocr: OcrResult, w: int, h: int
    ) -> FieldReading | None:
        """``SURNAME GIVEN`` from the two printed rows, in capitals."""
        parts: list[FieldReading] = []
        for row in ("surname", "given"):
            part = self._latin_row(reader, ocr, self._value_region(ocr, row, w, h))
            if part is None:
                return None
            parts.append(part)
        box = parts[0].box.union(parts[1].box) if parts[0].box and parts[1].box else None
        return FieldReading(
            f"{parts[0].value} {parts[1].value}", box, min(p.confidence for p in parts)
        )

    def _seen_name(self, reader: FieldReader, ocr: OcrResult, w: int, h: int) -> str | None:
        """``SURNAME GIVEN`` as the second recogniser reads the two printed rows,
        or ``None`` unless each row reads as capitals alone, every one at
        :data:`~idverify.documents.fields.FUSE_MIN_PROBABILITY` or more."""
        parts: list[str] = []
        for row in ("surname", "given"):
            line = reader.read_line(refine_region(self._value_region(ocr, row, w, h), ocr))
            if line is None:
                return None
            glyphs = zip(line.text, line.probabilities, strict=True)
            letters = [(ch, p) for ch, p in glyphs if ch != " "]
            if len(letters) < 2 or any(
                ch not in _LATIN or p < FUSE_MIN_PROBABILITY for ch, p in letters
            ):
                return None
            parts.append(" ".join(line.text.split()))
        return " ".join(parts)

    @staticmethod
    def _latin_row(reader: FieldReader, ocr: OcrResult, region: Box) -> FieldReading | None:
        target = refine_region(region, ocr)
        for lt in line_texts(reader.read(target, allowed=_LATIN + " ")):
            letters = [i for i, ch in enumerate(lt.text) if ch in _LATIN]
            if len(letters) >= 2:
                reading = lt.field(letters[0], letters[-1] + 1)
                value = re.sub(r"[^A-Z]", "", reading.value)
                return FieldReading(value, reading.box, reading.confidence)
        return None

    @staticmethod
    def _printed_date(reader: FieldReader, ocr: OcrResult, region: Box) -> FieldReading | None:
        """The printed date, read twice (restricted to date characters, and
        freely). Two readings that disagree make it doubtful (confidence 0): a
        digit misread at 91 % must not contradict the zone (09 for 19)."""
        target = refine_region(region, ocr)
        readings: list[FieldReading] = []
        for allowed in ("0123456789" + _LATIN + " /", None):
            for lt in line_texts(reader.read(target, allowed=allowed)):
                found = _passport_date(lt.text)
                if found is not None:
                    reading = lt.field(0, len(lt.text))
                    readings.append(
                        FieldReading(found.isoformat(), reading.box, reading.confidence)
                    )
                    break
        if not readings:
            return None
        best = max(readings, key=lambda r: r.confidence)
        if len(readings) < 2 or readings[0].value != readings[1].value:
            return FieldReading(best.value, best.box, 0.0)
        return FieldReading(best.value, best.box, min(r.confidence for r in readings))

    # ------------------------------------------------------------- 本籍 check

    def _value_region(self, ocr: OcrResult, row: str, w: int, h: int) -> Box:
        """The value row under a field's label: under the label where the OCR read
        it (a page found a little off, or printed a little differently, keeps its
        labels above its values), else where the layout puts it."""
        frac, label = self.ROWS[row]
        layout = scale_box(frac, w, h)
        for lt in line_texts(ocr):
            m = label.search(lt.text)
            box = lt.field(m.start(), m.end()).box if m else None
            if box is not None and abs(box.x - layout.x) < 0.08 * w:
                return Box(layout.x, box.y + box.h + 2, layout.w, layout.h)
        return layout

    def _domicile(
        self, reader: FieldReader, gray: npt.NDArray[np.uint8], region: Box
    ) -> tuple[SensitiveFinding, ...]:
        """Whether the 本籍 value can be read.

        Blacked out with nothing printed beside the blackout → fine. Print beside
        it (or no blackout) that OCR reads as Japanese → legible, a finding. Print
        that OCR cannot read, or no print and no blackout at all (the value may lie
        elsewhere) → uncertain, for a person to check. OCR alone is not asked
        whether anything is there: over a blank security pattern it reads
        "characters" (放会き at 40-70 %)."""
        crop = gray[region.y : region.y + region.h, region.x : region.x + region.w]
        blocks = dark_blocks(crop)
        if not print_beside(crop, blocks):
            return () if blocks else (SensitiveFinding("domicile_uncertain", region),)
        shifted = [Box(b.x + region.x - 4, b.y + region.y - 4, b.w + 8, b.h + 8) for b in blocks]
        for lt in line_texts(reader.read(region)):
            if self._legible(lt, shifted):
                return (SensitiveFinding("domicile", region),)
        return (SensitiveFinding("domicile_uncertain", region),)

    def _legible(self, lt: LineText, blocks: list[Box]) -> bool:
        # The label's own characters do not count: a region a few pixels high
        # catches the foot of 本籍 (a prefecture keeps two others: 熊本県 → 熊, 県).
        chars = [
            i
            for i, ch in enumerate(lt.text)
            if _JAPANESE.match(ch)
            and ch not in "本籍"
            and lt.owners[i].confidence >= self.DOMICILE_CONFIDENCE
            and not any(_inside(lt.owners[i].box, b) for b in blocks)
        ]
        return len(chars) >= self.DOMICILE_MIN_CHARS


def _inside(box: Box, block: Box) -> bool:
    """Whether ``box``'s centre lies within ``block``."""
    cx, cy = box.x + box.w / 2, box.y + box.h / 2
    return block.x <= cx <= block.x + block.w and block.y <= cy <= block.y + block.h


def _name_as_seen(lines: MrzLines | None, seen: str | None) -> str | None:
    """``seen`` (the printed ``SURNAME GIVEN NAMES`` as the second recogniser
    read it) where the zone's line 1 spells exactly that; ``None`` otherwise.

    The line model only *confirms* the zone: the print and the zone, read by
    two recognisers of different make, spell one name. It never puts a glyph of
    the zone right (a safety review: a zone glyph read unsurely may be the one a
    forger's altered print differs in, and a seen name ending early drops letters
    the zone read)."""
    if lines is None or seen is None or len(lines.line1) != 44:
        return None
    surname, _, given = seen.partition(" ")
    expected = f"{surname}<<{given.replace(' ', '<')}".ljust(39, "<")
    if not surname or not given or expected != lines.line1[5:]:
        return None
    return seen
