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

import datetime as dt
import re
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
from idverify.documents.photo import photo_present
from idverify.models import (
    Box,
    DocumentReading,
    FieldReading,
    MrzCheck,
    OcrResult,
    SensitiveFinding,
)
from idverify.mrz import Mrz, parse_td3
from idverify.mrz_read import MrzLines, read_mrz
from idverify.redaction import dark_blocks, print_beside

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
# In the optional data field: a filler, then anything but fillers.
_FILLED_THEN_WRITTEN = re.compile(r"<[^<]")


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
        marks += bool(_MRZ_HEAD.search(text))
        if marks >= 3 or ("PASSPORT" in text and marks >= 2):
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
        lines, mrz = self._read_zone(np.ascontiguousarray(crop), today)

        printed_name = self._printed_name(reader, ocr, w, h)
        printed_birth = self._printed_date(reader, ocr, self._value_region(ocr, "birth", w, h))
        printed_expiry = self._printed_date(reader, ocr, self._value_region(ocr, "expiry", w, h))
        check = self._check(lines, mrz)
        fields: dict[str, FieldReading] = {}
        if mrz is not None and check.status == "valid":
            # The name line has no check digit: it contradicts the print only
            # where each of its glyphs was read clearly.
            name_sure = lines is not None and lines.weakest(1, 5, 44) >= self.SURE_MARGIN
            contradiction = self._contradiction(
                mrz, printed_name if name_sure else None, printed_birth, printed_expiry
            )
            if contradiction is not None:
                check = contradiction
            fields.update(self._from_mrz(mrz, lines, printed_name, band))
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
        self, band: npt.NDArray[np.uint8], today: dt.date
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
        lines = read_mrz(band)
        if lines is not None:
            lines = lines.name_filled(self.SURE_MARGIN)
        mrz = parse_td3(lines.line1, lines.line2, today=today) if lines is not None else None
        first = self._check(lines, mrz)
        if first.status != "uncertain":
            return lines, mrz
        again = read_mrz(band, local_contrast=True)
        if again is None:
            return lines, mrz
        again = again.name_filled(self.SURE_MARGIN)
        parsed = parse_td3(again.line1, again.line2, today=today)
        # Japanese passports only: a zone whose issuing state or nationality reads
        # otherwise lets letters into the number, where a wrong reading checks
        # by chance far more often (a dev photo: MZSZZZ8T3 for MZ5772813).
        japanese = again.line1[2:5] == "JPN" and again.line2[10:13] == "JPN"
        if japanese and self._check(again, parsed).status == "valid":
            return again, parsed
        return lines, mrz

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
        mrz: Mrz, lines: MrzLines | None, printed_name: FieldReading | None, band: Box
    ) -> dict[str, FieldReading]:
        """Name, birth and expiry from a valid zone. Dates are check-digit proven;
        the name line has no check digit, so its confidence is the printed name's
        agreement (or the zone's glyph margins when the printed name is unread or
        read under :data:`DOUBT_CONFIDENCE`, as a contradiction ignores it)."""
        name = f"{mrz.surname} {mrz.given_names}".strip()
        if printed_name is not None and printed_name.value.replace(" ", "") == name.replace(
            " ", ""
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
