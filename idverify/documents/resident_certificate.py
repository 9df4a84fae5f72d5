"""住民票の写し — the resident certificate, an A4 page from the municipality.

A ruled table with a label column (住所, 世帯主, ふりがな/氏名, 生年月日 + 性別, 続柄,
住民となった年月日, 住所を定めた年月日, 前住所, optionally 本籍 + 筆頭者 and 個人番号,
備考), then "この写しは、住民票の原本と相違ないことを証明する。", the issue date and
"<municipality>長 <name>" with a red seal. No photo.

Municipalities lay the table out differently and the page arrives at any
resolution (a 150-300 dpi scan, a PDF, a photographed page), so nothing here is a
fixed fraction of the page. The rows are found by their labels: the label column
is located from the labels the whole-page OCR read (or left of the column where
the values start), its rows are bounded by the table's ruled lines, and each
label line is read again on its own; every field is then read from the band of
its row, right of the column's rule, that holds text. Text is read enlarged (or
reduced) to the glyph size Tesseract reads best, whatever the scan's resolution.

Sensitive items: a legible 本籍 value (DOMICILE_NOT_REDACTED) and a legible
individual number (INDIVIDUAL_NUMBER_VISIBLE). A 本籍 or 個人番号 cell that is
neither legible nor blacked out nor 省略, a row whose label was lost but which
holds a place, and a page whose table could not be read are not proven masked
(SENSITIVE_FIELD_UNCERTAIN, review). The 本籍, 筆頭者 and 個人番号 value cells are
masked on the reviewer image whatever they hold.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

import cv2
import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz

from idverify.dates import find_dates
from idverify.documents.base import (
    FieldReader,
    Identification,
    LineText,
    compact,
    line_texts,
    reads_sideways,
)
from idverify.documents.fields import (
    ADDRESS_LABEL,
    DATE_CHARS,
    confirmed_date,
    prefer_regions,
    read_date,
    read_name,
    read_text,
)
from idverify.line_model import LineReading
from idverify.match import PREFECTURES
from idverify.models import (
    Box,
    DocumentReading,
    FieldReading,
    OcrLine,
    OcrResult,
    OcrWord,
    SensitiveFinding,
)
from idverify.preprocess import even_light, stretch_print
from idverify.redaction import DOMICILE_MIN_CHARS, shows_print_through

__all__ = ["ResidentCertificate"]

# Where the value of a row (by its label's kind) is on the page, if the row was found.
_RegionOf = Callable[[str], Box | None]

# The row labels a certificate prints, by the field each introduces.
_LABELS: dict[str, str] = {
    "address": "住所",
    "head": "世帯主",
    "furigana": "ふりがな",
    "name": "氏名",
    "birth": "生年月日",
    "sex": "性別",
    "relation": "続柄",
    "since": "住民となった年月日",
    "settled": "住所を定めた年月日",
    "previous": "前住所",
    "domicile": "本籍",
    "register_head": "筆頭者",
    "number": "個人番号",
    "remarks": "備考",
}
# A label read at the start of a whole-page OCR line, with the misreadings seen
# (住→往/件/代, 帯→滞, 柄→枘, 籍→藉/箱, 番号→秋呈). Ordered so that the longer
# labels that start with 住所 are tried before 住所 itself.
_LINE_LABELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("settled", re.compile(r"住所を定|所を定め|を定めた")),
    ("since", re.compile(r"[住往件代]?民となった|民となっ|となった年")),
    ("previous", re.compile(r"前[住往]所")),
    ("address", re.compile(r"(?<!前)[住往][所沂]")),
    ("head", re.compile(r"世[帯滞]主|帯主")),
    ("furigana", re.compile(r"ふりがな|フリガナ")),
    ("name", re.compile(r"氏\s?名|氏[各右]")),
    ("birth", re.compile(r"生年月日|生年|年月日")),
    ("relation", re.compile(r"続[柄枘]")),
    ("domicile", re.compile(r"本[籍藉箱矯精錆]")),
    ("register_head", re.compile(r"筆頭者|筆頭|頭者")),
    ("number", re.compile(r"個人番号|[個固]人番|人番号")),
    ("remarks", re.compile(r"備考")),
)
# How far into a line (characters) a label may start: a ruled line or a speck of
# the label column's shading may be read before it.
_LABEL_LEAD = 2


@dataclass(frozen=True, slots=True)
class _Row:
    """One table row: the label's kind (``None``: a row whose label was not read),
    where the label is, and the band of the page the row covers."""

    kind: str | None
    label: Box
    top: int
    bottom: int


class _Zoomed:
    """The pipeline's FieldReader with every region read enlarged by ``zoom``: a
    page scanned at 150 dpi prints its values ~24 px tall, where Tesseract drops
    glyphs; at ~36 px it reads them (label column of a 150-dpi scan: 5 of 12
    labels read at 1.0, 12 of 12 at 1.5)."""

    def __init__(self, inner: FieldReader, zoom: float) -> None:
        self._inner = inner
        self._zoom = zoom

    def read(
        self,
        region: Box,
        *,
        block: bool = False,
        allowed: str | None = None,
        zoom: float = 1.0,
    ) -> OcrResult:
        """``region`` read by the inner reader, ``zoom`` times this reader's zoom."""
        return self._inner.read(region, block=block, allowed=allowed, zoom=zoom * self._zoom)

    def read_char(self, region: Box) -> tuple[str, float] | None:
        """One glyph: the inner reader already reads it at two sizes."""
        return self._inner.read_char(region)

    def read_variants(self, region: Box) -> list[OcrResult]:
        """The inner reader's variants (their scales are the configured ones)."""
        return self._inner.read_variants(region)

    def read_by_model(self, region: Box) -> list[list[OcrResult]]:
        """The inner reader's variants, model by model."""
        return self._inner.read_by_model(region)

    def read_line(self, region: Box) -> LineReading | None:
        """The second recogniser's reading (it scales every line to its own height)."""
        return self._inner.read_line(region)


class ResidentCertificate:
    """The resident certificate (住民票の写し) document module."""

    type_name: ClassVar[str] = "resident_certificate"
    # A page has no fixed layout to register on: rows are found by their labels.
    ANCHORS: ClassVar[dict[str, dict[str, tuple[float, float]]]] = {"page": {}}

    # Marks printed on a certificate and on no ID card, with OCR slips tolerated.
    # The first four are strong: no other accepted document prints them.
    STRONG_MARKS: ClassVar[tuple[re.Pattern[str], ...]] = (
        re.compile(r"[住往件]民[票栗]|民票の|票の写"),
        re.compile(r"相違な|違ないこと|原本と相|ことを証明"),
        re.compile(r"民となった|となった年"),
        re.compile(r"住所を定|を定めた"),
    )
    WEAK_MARKS: ClassVar[tuple[re.Pattern[str], ...]] = (
        re.compile(r"世[帯滞]主|帯主"),
        re.compile(r"続[柄枘]"),
        re.compile(r"筆頭者"),
        re.compile(r"写し"),
        re.compile(r"前[住往]所"),
    )
    # Weight of the title and the attestation (the first two strong marks).
    FRAMING_WEIGHT: ClassVar[int] = 4
    # Labels an ID card shares with a certificate: they add to the score only.
    COMMON_MARKS: ClassVar[tuple[str, ...]] = ("氏名", "住所", "生年月日", "性別", "本籍")
    # The glyph height (px) fields are read at; the scan's own is measured.
    # Tesseract's jpn models read card values best at ~28-40 px (field scales
    # 0.7 and 1.0 of a 40 px print). The zoom that brings a page there is kept
    # within these bounds.
    TARGET_GLYPH_PX: ClassVar[float] = 36.0
    MIN_ZOOM: ClassVar[float] = 0.6
    MAX_ZOOM: ClassVar[float] = 2.5
    # Dates are read at two print sizes and voted on with the page's own reading:
    # at one size a digit is dropped now and then (10月 read as 1月 at a scale
    # and right at one 0.1 % larger), rarely the same way at another.
    DATE_GLYPH_PX: ClassVar[tuple[float, ...]] = (36.0, 46.0)
    # A label's fuzzy similarity (rapidfuzz ratio) to its printed text, when read
    # alone in the label column, for the row to be taken as that label's.
    LABEL_MIN_SIMILARITY: ClassVar[float] = 70.0
    # The attestation sentence, and the issuer's title (…市長, …区長, …町長, …村長).
    ATTESTATION: ClassVar[re.Pattern[str]] = re.compile(
        r"相違な|違ないこと|原本と|ことを証明|を証明す|証明する"
    )
    ISSUER: ClassVar[re.Pattern[str]] = re.compile(r"[市区町村]長")
    # The rows whose value is a place.
    PLACE_ROWS: ClassVar[frozenset[str]] = frozenset({"address", "previous", "domicile"})
    # The rows every certificate prints: with them found, the table was read.
    TABLE_ROWS: ClassVar[frozenset[str]] = frozenset({"address", "name", "birth"})
    # How far below the attestation (in its line heights) the issue date may be,
    # and how far above the issuer's line (in glyphs) when the attestation was
    # not read.
    ISSUE_DATE_REACH: ClassVar[float] = 8.0
    ISSUER_DATE_REACH: ClassVar[float] = 6.0
    # A value written as omitted (記載省略 / 省略 / なし) is not a value. A cell
    # starting with 省 and any kanji is 省略 misread (readings of dev hard photos'
    # cells, seed 2968: 省路 at 84, 省弘, 省申, 省星): no place name and no number
    # starts so. Only at the start: a reading with a place before it (東京都…省略)
    # is a legible value.
    OMITTED: ClassVar[re.Pattern[str]] = re.compile(
        r"^\s*(?:記載)?省[\u3400-\u9fff]|記載なし|該当なし|^な\s?し$"
    )
    # 省略 alone as the second recogniser reads a cell (its second glyph may be
    # misread, as by Tesseract: 省路), and the least probability of each glyph.
    OMITTED_WORD: ClassVar[re.Pattern[str]] = re.compile(r"(?:記載)?省[\u3400-\u9fff]")
    LINE_OMITTED_MIN_PROBABILITY: ClassVar[float] = 0.7
    # A cell's band read again this much enlarged when nothing legible was read.
    OMITTED_ZOOM: ClassVar[float] = 1.5
    # Digits in a run (spaces allowed) that show an individual number is legible,
    # in its row and anywhere on the page. A row's four digits are a leak already;
    # elsewhere a run that long is no date, postcode, serial or block number.
    ROW_NUMBER_DIGITS: ClassVar[int] = 4
    PAGE_NUMBER_DIGITS: ClassVar[int] = 10
    # OCR confidence under which a glyph in a sensitive cell is marker-edge noise.
    NOISE_CONFIDENCE: ClassVar[float] = 40.0
    # A blacked-out value: "solid" dark pixels (dark in a whole window about a
    # stroke's width and more across, which printed strokes never are) covering at
    # least this many glyph areas.
    MASK_MIN_GLYPHS: ClassVar[float] = 2.0
    _DARK: ClassVar[int] = 90

    def identify(self, ocr: OcrResult) -> Identification | None:
        """A page with two certificate marks, one of them strong. The score counts
        the marks twice over so that a certificate, which also shows 氏名, 住所,
        性別 and a 市長 line, outscores a My Number card front read on it. The
        title and the attestation, printed above and below the table, count
        more again: an outline found on the page's printed table frame holds
        only the table, and the whole page must outscore it (its shaded label
        column reads worse in a whole-page layout, 12 marks against 14).

        A page turned sideways is not claimed, though Tesseract reads its lines
        down the image well enough to find the marks: certificates print across,
        and only the page the right way up can be read field by field."""
        if reads_sideways(ocr):
            return None
        text = compact(ocr.text)
        strong = sum(1 for p in self.STRONG_MARKS if p.search(text))
        weak = sum(1 for p in self.WEAK_MARKS if p.search(text))
        if strong == 0 or strong + weak < 2:
            return None
        common = sum(1 for m in self.COMMON_MARKS if m in text)
        framing = sum(1 for p in self.STRONG_MARKS[:2] if p.search(text))
        return Identification("page", 2 * (strong + weak) + common + self.FRAMING_WEIGHT * framing)

    def extract(
        self,
        ocr: OcrResult,
        side: str,
        image: npt.NDArray[np.uint8],
        reader: FieldReader,
    ) -> DocumentReading:
        """Name, birth date, address and issue date, by their rows' labels; 本籍 and
        個人番号 checked for legibility."""
        # Rules, ink and blacked-out cells are told apart by thresholds relative
        # to the paper: a photographed page must be evenly lit first. A sliver of
        # the table it lay on may line its edges (an outline found a few pixels
        # out), and would be taken for the table's outer rule: printers leave a
        # margin of 5 mm or more, so that border is whitened.
        image = even_light(image)
        h, w = image.shape[:2]
        bx, by = round(_PRINT_MARGIN * w), round(_PRINT_MARGIN * h)
        image[:by], image[h - by :], image[:, :bx], image[:, w - bx :] = 255, 255, 255, 255
        lines = line_texts(ocr)
        glyph = _glyph_height(ocr)
        zreader = _Zoomed(reader, self._zoom(glyph, self.TARGET_GLYPH_PX))
        hits = self._page_labels(lines)
        rows, value_x = self._rows(hits, ocr, image, zreader, glyph, w)
        right = w - round(0.02 * w)
        if rows:
            # The table's right-hand rule ends every value cell: a rule read at a
            # line's end comes out as "|" or "RR".
            edge = _vertical_rule(
                image, round(value_x + 8 * glyph), w, (rows[0].top, rows[-1].bottom), glyph
            )
            if edge is not None:
                right = edge - round(0.3 * glyph)

        def cell_of(row: _Row) -> Box:
            # The column's rule, found again in this row: on a page a degree off
            # level it stands a few pixels from where it crosses other rows, and
            # a rule caught at a region's edge is read as a character.
            start = value_x
            rule = _vertical_rule(
                image,
                round(value_x - 1.5 * glyph),
                round(value_x + 0.5 * glyph),
                (row.top, row.bottom),
                glyph,
            )
            if rule is not None:
                start = rule + round(0.4 * glyph)
            end = right
            if row.kind == "birth":
                # 性別 shares the row: the date ends where its cell starts.
                sex = next((b for k, b, _ in hits if k == "sex" and _within(b, row)), None)
                if sex is not None and sex.x > start:
                    end = sex.x - round(0.3 * glyph)
            return Box(start, row.top, max(1, end - start), row.bottom - row.top)

        def region(kind: str) -> Box | None:
            row = next((r for r in rows if r.kind == kind), None)
            return None if row is None else cell_of(row)

        def band(kind: str, *, every_line: bool = False) -> Box | None:
            cell = region(kind)
            return _text_band(image, cell, glyph, every_line=every_line) if cell else None

        # Each value is read in the band of its cell that holds text, clear of the
        # rules: the name's cell also holds the furigana, printed smaller above it
        # (the name is the line with the most ink). The bands are already fitted,
        # so the readers do not fit them again to the page's OCR lines (which
        # reach over a rule where Tesseract merged a row with its neighbour).
        unfitted = OcrResult((), ocr.width, ocr.height)
        name_region, birth_region = band("name"), band("birth")
        address_region = band("address", every_line=True)
        candidates: dict[str, tuple[FieldReading | None, FieldReading | None]] = {
            "name": (
                read_name(zreader, unfitted, name_region) if name_region else None,
                self._label_value(lines, "name"),
            ),
            "birth_date": (
                self._read_date(reader, birth_region, glyph, _words_in(ocr, birth_region))
                if birth_region
                else None,
                self._label_date(lines, "birth"),
            ),
            "address": (
                read_text(zreader, ocr, address_region, block=True, label=ADDRESS_LABEL)
                if address_region
                else None,
                self._label_value(lines, "address"),
            ),
            "issue_date": (self._issue_date(lines, reader, glyph, w), None),
        }
        fields = prefer_regions(candidates)
        sensitive, masks = self._sensitive(
            ocr, lines, image, zreader, glyph, [(r, cell_of(r)) for r in rows], region
        )
        return DocumentReading(
            self.type_name,
            side,
            fields,
            has_photo=False,
            sensitive=tuple(sensitive),
            mask_boxes=tuple(masks),
        )

    # ------------------------------------------------------------------ rows

    def _page_labels(self, lines: list[LineText]) -> list[tuple[str, Box, Box | None]]:
        """Labels read at the start of whole-page OCR lines (and 性別 anywhere):
        (kind, label box, box of the first glyph after it, if any)."""
        hits: list[tuple[str, Box, Box | None]] = []
        for lt in lines:
            found = _line_label(lt)
            if found is not None:
                kind, m = found
                box = lt.field(m.start(), m.end()).box
                after = lt.owners[m.end()].box if m.end() < len(lt.owners) else None
                if box is not None:
                    hits.append((kind, box, after))
            for m in re.finditer(r"性別", lt.text):
                box = lt.field(m.start(), m.end()).box
                if box is not None:
                    hits.append(("sex", box, None))
        return hits

    def _rows(
        self,
        hits: list[tuple[str, Box, Box | None]],
        ocr: OcrResult,
        image: npt.NDArray[np.uint8],
        reader: FieldReader,
        glyph: float,
        width: int,
    ) -> tuple[list[_Row], int]:
        """The table's rows and the x where values start.

        The label column is where the whole-page OCR read labels (or, when it
        read none there, left of the column where most lines start). Within it, the
        table's horizontal rules bound the rows and each text line is read again
        alone: Tesseract's own layout of a page (or of the column as a block)
        loses labels next to rules and shading, a single line is read reliably.
        """
        column = [(k, b, a) for k, b, a in hits if k != "sex"]
        lines = [lt.box for lt in line_texts(ocr) if lt.box is not None and len(lt.text) >= 2]
        place = _label_column(column, lines, image, glyph, width)
        if place is None:
            return [], round(0.25 * width)
        x0, x1, value_x = place
        rules, texts = _column_layout(image, x0, x1, glyph)
        found: list[tuple[str | None, float, int, int]] = []  # kind, score, top, bottom
        for top, bottom in texts:
            result = reader.read(Box(x0, top, x1 - x0, bottom - top))
            text = "".join(lt.text for lt in line_texts(result))
            kind, score = _classify_label(text)
            found.append((kind if score >= self.LABEL_MIN_SIMILARITY else None, score, top, bottom))
        # The page's own label readings name rows the column reading did not.
        for kind, box, _ in column:
            centre = box.y + box.h / 2
            near = [i for i, f in enumerate(found) if f[2] <= centre <= f[3]]
            if not near:
                found.append((kind, self.LABEL_MIN_SIMILARITY, box.y, box.y + box.h))
            elif found[near[0]][0] is None:
                _, _, top, bottom = found[near[0]]
                found[near[0]] = (kind, self.LABEL_MIN_SIMILARITY, top, bottom)
        found.sort(key=lambda f: f[2])
        rows = _rows_between_rules(found, rules, glyph) if len(rules) >= 2 else []
        if not rows:
            rows = _rows_between_lines(found, glyph)
        # Of two rows read as one label (前住所 read as 住所), the first is the one:
        # certificates print 住所 first.
        seen: set[str] = set()
        unique: list[_Row] = []
        for row in rows:
            if row.kind is not None and row.kind in seen:
                unique.append(_Row(None, row.label, row.top, row.bottom))
                continue
            if row.kind is not None:
                seen.add(row.kind)
            unique.append(row)
        return unique, value_x

    # ---------------------------------------------------------------- fields

    def _label_value(self, lines: list[LineText], kind: str) -> FieldReading | None:
        """The rest of the whole-page OCR line that starts with ``kind``'s label."""
        for lt in lines:
            found = _line_label(lt)
            if found is None or found[0] != kind:
                continue
            start = found[1].end()
            while start < len(lt.text) and lt.text[start] in "|｜[]:：":
                start += 1
            value = lt.text[start:]
            if kind == "name":
                # The name ends where a birth date or a bracketed reading starts.
                value = re.split(r"[(（]|[昭平令大][和成正]", value)[0]
            if not value:
                return None
            return lt.field(start, start + len(value))
        return None

    def _label_date(self, lines: list[LineText], kind: str) -> FieldReading | None:
        """The first date on the whole-page OCR line that starts with ``kind``'s label."""
        for lt in lines:
            found = _line_label(lt)
            if found is None or found[0] != kind:
                continue
            end = found[1].end()
            for d, s, e in find_dates(lt.text[end:]):
                reading = lt.field(end + s, end + e)
                return FieldReading(d.isoformat(), reading.box, reading.confidence)
        return None

    def _issue_date(
        self, lines: list[LineText], reader: FieldReader, glyph: float, width: int
    ) -> FieldReading | None:
        """The date of issue: the first date below the attestation sentence (or on
        the issuer's line), read again in its own row.

        Only there: every date in the table (birth, moving in) is older than the
        issue, and taking one of them would make a recent certificate look old,
        never an old one recent; but a date that is not the issue's is still
        wrong, so none is taken from elsewhere.
        """
        anchor = next((lt for lt in lines if self.ATTESTATION.search(lt.text)), None)
        if anchor is None or anchor.box is None:
            anchor = next((lt for lt in lines if self.ISSUER.search(lt.text)), None)
            if anchor is None or anchor.box is None:
                return None
            # The date stands on the issuer's line or in the lines just above it.
            start_y = anchor.box.y - self.ISSUER_DATE_REACH * glyph
            reach = self.ISSUER_DATE_REACH * glyph + anchor.box.h
        else:
            start_y = anchor.box.y + anchor.box.h - 0.3 * glyph
            reach = self.ISSUE_DATE_REACH * anchor.box.h
        margin = round(0.02 * width)
        for lt in lines:
            box = lt.box
            if box is None or not start_y <= box.y <= start_y + reach:
                continue
            if not find_dates(lt.text):
                continue
            row = Box(
                margin,
                round(box.y - 0.5 * glyph),
                width - 2 * margin,
                round(box.h + glyph),
            )
            return self._read_date(reader, row, glyph, lt)
        # The whole-page OCR read no date there: read the band below the sentence.
        band = Box(margin, round(start_y), width - 2 * margin, round(reach))
        zoomed = _Zoomed(reader, self._zoom(glyph, self.TARGET_GLYPH_PX))
        for lt in line_texts(zoomed.read(band, block=True, allowed=None)):
            for d, s, e in find_dates(lt.text):
                found = lt.field(s, e)
                digits = [
                    c
                    for ch, c in zip(lt.text[s:e], lt.confidences(s, e), strict=True)
                    if ch.isdigit()
                ]
                return FieldReading(d.isoformat(), found.box, min(digits, default=0.0))
        return None

    def _zoom(self, glyph: float, target: float) -> float:
        """The enlargement that brings glyphs ``glyph`` px tall to ``target`` px."""
        return min(self.MAX_ZOOM, max(self.MIN_ZOOM, target / glyph))

    def _read_date(
        self, reader: FieldReader, region: Box, glyph: float, page: LineText
    ) -> FieldReading | None:
        """The date in ``region``, read at each of :attr:`DATE_GLYPH_PX` and voted
        on with the whole-page OCR's reading of it (``page``'s first date)."""
        unfitted = OcrResult((), 0, 0)
        readings = [
            read_date(_Zoomed(reader, self._zoom(glyph, size)), unfitted, region, witnesses=k == 0)
            for k, size in enumerate(self.DATE_GLYPH_PX)
        ]
        dates = find_dates(page.text)
        if dates:
            d, s, e = dates[0]
            found = page.field(s, e)
            readings.append(FieldReading(d.isoformat(), found.box, found.confidence))
        # Voted on, a date still read unsurely may be confirmed by the line model
        # (the region's first size heard the witnesses, not it: see read_date).
        return confirmed_date(reader, region, _vote_dates(readings))

    # ------------------------------------------------------------- sensitive

    def _sensitive(
        self,
        ocr: OcrResult,
        lines: list[LineText],
        image: npt.NDArray[np.uint8],
        reader: FieldReader,
        glyph: float,
        rows: list[tuple[_Row, Box]],
        region: _RegionOf,
    ) -> tuple[list[SensitiveFinding], list[Box]]:
        """Findings for a legible 本籍 or individual number, and the cells to mask."""
        findings: list[SensitiveFinding] = []
        masks = [b for k in ("domicile", "register_head", "number") if (b := region(k))]
        kinds = {row.kind for row, _ in rows}
        # The table was read when the rows every certificate prints were found;
        # only then does a missing 本籍 or 個人番号 row mean it is not printed (a
        # page too blurred or too small to read shows neither, legible or not).
        table_read = self.TABLE_ROWS.issubset(kinds)
        if not table_read and "domicile" not in kinds:
            findings.append(SensitiveFinding("domicile_uncertain", None))
        if not table_read and "number" not in kinds:
            findings.append(SensitiveFinding("individual_number_uncertain", None))

        def judge(kind: str, cell: Box, legible: tuple[Box | None, bool]) -> None:
            # Legible → a finding; ink in the cell that reads as neither the value
            # nor 省略 and is no blackout or blank → not proven masked.
            box, omitted = legible
            if box is not None:
                findings.append(SensitiveFinding(kind, box))
            elif not (
                omitted
                or _blacked_out(image, cell, glyph, self.MASK_MIN_GLYPHS)
                # Blank only when no faint print either: a value printed or
                # captured light (a pale copy, a glare) is legible to a person
                # and reads as nothing here.
                or (_blank(image, cell, glyph) and not _faint_print(image, cell, glyph))
                or self._reads_omitted(reader, _text_band(image, cell, glyph))
            ):
                findings.append(SensitiveFinding(f"{kind}_uncertain", cell))

        domicile = region("domicile")
        if domicile is not None:
            judge("domicile", domicile, self._legible_domicile(ocr, image, reader, domicile, glyph))
        else:
            findings += self._unlabelled_places(ocr, image, reader, glyph, rows)
        number = region("number")
        if number is not None:
            judge(
                "individual_number",
                number,
                self._legible_number(ocr, image, reader, number, glyph),
            )
        if domicile is None or number is None:
            # A row whose label was lost (a hard photo) may be the 本籍 or 個人番号
            # row: print in it too faint for the readings above to see is not
            # proven masked either (review), and is masked for the reviewer.
            for row, cell in rows:
                unlabelled = row.kind is None and _blank(image, cell, glyph)
                if unlabelled and _faint_print(image, cell, glyph):
                    kind = "individual_number" if number is None else "domicile"
                    findings.append(SensitiveFinding(f"{kind}_uncertain", cell))
                    masks.append(cell)
        if not any(f.kind == "individual_number" for f in findings):
            # A number printed where no 個人番号 label was read is still a leak.
            for lt in lines:
                run = _digit_run(lt, self.PAGE_NUMBER_DIGITS, self.NOISE_CONFIDENCE)
                if run is not None:
                    findings.append(SensitiveFinding("individual_number", run))
                    break
        if any(f.kind == "individual_number" for f in findings):
            # A legible number says more than that one might be there.
            findings = [f for f in findings if f.kind != "individual_number_uncertain"]
        return findings, masks

    def _unlabelled_places(
        self,
        ocr: OcrResult,
        image: npt.NDArray[np.uint8],
        reader: FieldReader,
        glyph: float,
        rows: list[tuple[_Row, Box]],
    ) -> list[SensitiveFinding]:
        """Rows not read as 住所, 前住所 or 本籍 whose value is a place (it starts
        with a prefecture): the row may be the 本籍, legible, its label lost or
        misread. Not proven either way, it goes to review: a missed label must
        not let a legible 本籍 through."""
        findings: list[SensitiveFinding] = []
        for row, cell in rows:
            if row.kind in self.PLACE_ROWS:
                continue
            readings = [_words_in(ocr, cell)]
            # A row whose label was read holds no place (世帯主, 筆頭者: a name);
            # the page's own reading of it is checked, in case the label was
            # misread as another's. An unlabelled row is read again.
            unread = row.kind is None and not _PLACE_START.search(readings[0].text)
            if unread and not _blank(image, cell, glyph):
                band = _text_band(image, cell, glyph)
                readings += line_texts(reader.read(band)) if band else []
            if any(_PLACE_START.search(lt.text) for lt in readings):
                findings.append(SensitiveFinding("domicile_uncertain", cell))
        return findings

    def _legible_domicile(
        self,
        ocr: OcrResult,
        image: npt.NDArray[np.uint8],
        reader: FieldReader,
        cell: Box,
        glyph: float,
    ) -> tuple[Box | None, bool]:
        """(the box of a 本籍 value legible in ``cell``, whether it says 省略).

        Legible: two place-name glyphs read with confidence, by the whole-page OCR
        or read alone (the rule of :func:`idverify.redaction.find_domicile`)."""
        band = _text_band(image, cell, glyph)
        readings = [_words_in(ocr, cell), *(line_texts(reader.read(band)) if band else [])]
        omitted = False
        for lt in readings:
            if self.OMITTED.search(lt.text):
                omitted = True
                continue
            # Glyphs of ink: a security background printing the municipality's
            # name over the page (世田谷区 in a 5 % grey tint) is read confidently
            # in a cell that says 省略.
            chars = [
                i
                for i, ch in enumerate(lt.text)
                if re.match(r"[\u3040-\u30ff\u3400-\u9fff]", ch)
                and lt.owners[i].confidence >= self.NOISE_CONFIDENCE
                and (ch not in _DASHES or _glyph_sized(lt.owners[i], glyph))
                and _inked(image, lt.owners[i].box, glyph)
            ]
            # Dashes alone are no place: the cell's own rule, 2 px high under a
            # blacked-out 本籍, read as ーー at 66 (dev rotated photo, seed 2981,
            # request 5). A value read so is still not proven masked unless the
            # cell is blacked out or blank (``judge``).
            if len(chars) >= DOMICILE_MIN_CHARS and any(lt.text[i] not in _DASHES for i in chars):
                return lt.field(chars[0], chars[-1] + 1).box, False
        return None, omitted

    def _legible_number(
        self,
        ocr: OcrResult,
        image: npt.NDArray[np.uint8],
        reader: FieldReader,
        cell: Box,
        glyph: float,
    ) -> tuple[Box | None, bool]:
        """(box of legible digits in the 個人番号 cell, whether it says 省略)."""
        band = _text_band(image, cell, glyph)
        readings = [_words_in(ocr, cell)]
        if band is not None:
            readings += line_texts(reader.read(band))
            readings += line_texts(reader.read(band, allowed=DATE_CHARS[:10] + " "))
        omitted = False
        for i, lt in enumerate(readings):
            omitted = omitted or (i < 2 and bool(self.OMITTED.search(lt.text)))
            run = _digit_run(lt, self.ROW_NUMBER_DIGITS, self.NOISE_CONFIDENCE)
            if run is not None:
                return run, False
        return None, omitted

    def _reads_omitted(self, reader: FieldReader, band: Box | None) -> bool:
        """Whether ``band``, read enlarged by :data:`OMITTED_ZOOM`, says 省略: a
        last look at a cell with ink that is neither legible nor blacked out,
        before it is called not proven masked (dev hard photo, seed 2968,
        request 47: 省略 read as 洛 at its size, as 省星 enlarged). Only 省略 is
        taken from it, never a value."""
        if band is None:
            return False
        enlarged = reader.read(band, zoom=self.OMITTED_ZOOM)
        if any(self.OMITTED.search(lt.text) for lt in line_texts(enlarged)):
            return True
        # The second recogniser (idverify.line_model) reads blurred print that
        # Tesseract loses (dev hard photos, seed 2975: two certificates' 省略 read
        # by it as 省路 at 0.76-1.0, by Tesseract as nothing). Only the word alone
        # counts, every glyph read surely: a cell holding anything more may hold
        # the value.
        line = reader.read_line(band)
        return (
            line is not None
            and bool(line.probabilities)
            and min(line.probabilities) >= self.LINE_OMITTED_MIN_PROBABILITY
            and self.OMITTED_WORD.fullmatch(compact(line.text)) is not None
        )


# Print (gray level, on the evenly lit page) and the share of a glyph's box it
# covers at least; a background tint of the municipality's name is ~235.
_GLYPH_INK = 180
_GLYPH_MIN_INK = 0.03
# A vertical rule is dark (grey level) over this share of the table's height;
# a column through the labels' text is dark over a third at most.
_RULE_DARK = 140
_RULE_MIN_SHARE = 0.8
# A vertical rule is looked for in slices this many glyphs tall, and may move
# sideways by this much per row (a page 1.5 degrees off level).
_RULE_SLICE_GLYPHS = 8
_RULE_MAX_SLOPE = 0.026
# Horizontal rules: pixels under this share of the paper's grey are rule ink; a
# slice of the label column (about two glyphs wide) is crossed by a rule when
# this share of its pixels on the row (or a neighbour) are; the rule may sit this
# many rows apart from one slice to the next.
_RULE_FAINT = 0.85
_RULE_SLICES = 4
_RULE_FILL = 0.95
_RULE_DRIFT = 3
# Share of the page's width and height along its edges where nothing is printed
# (5 mm of A4's 210 mm is 0.024; an outline found a little inside the page's edge
# leaves less).
_PRINT_MARGIN = 0.015
# The page's margin (share of its width) where no table starts, and how many
# lines must start at one x for it to be the value column.
_PAGE_MARGIN = 0.02
_MIN_VALUE_LINES = 3
# The label column's darkest print is this percentile of its grey; on a sharp
# capture it is darker than _SHARP_INK (labels ~80, rules ~60). Lighter, and this
# far under the paper at least (a blank column's noise and tint are not), its
# contrast is stretched to bring it there.
_LABEL_INK_PERCENTILE = 0.5
_SHARP_INK = 100
_LABEL_MIN_CONTRAST = 60
# A vertical dark run this many glyph heights tall is a ruled line, not print.
_RULE_MIN_RUN = 1.5
# A glyph inks ~15-30 % of its square: a cell with less ink than this share of
# one glyph's square holds no text (a speck of dust, a rule's end).
_BLANK_MAX_INK = 0.1
# Faint print: a value lighter than _RULE_DARK that a person still reads (a
# pale copy, print lifted by glare). Measured on requests whose 本籍 or 個人番号
# was faded (samples.render.faded) to 30 grey levels under the paper, as scans
# and easy and hard phone photos (README, "Faint sensitive values"): such a cell
# holds 1.2-4.3 glyph squares of this ink, 45 levels 2.6-6.5; a blank 備考 cell,
# with the security tint of the municipality's name (16-23 under the paper)
# over it, 0.014 at most. Faded to 20, a value is as faint as the tint once
# captured (0.0-0.4): not told apart. A cell with faint ink is sent to review:
# not proven masked is the safe side.
_FAINT_CONTRAST = 16
_FAINT_MIN_INK = 0.3
# Fainter still, as faint as the tint once captured (a 本籍 faded to 25 levels in a
# hard phone photo holds 0.04-0.19 glyph squares of the ink above, and passed), a
# value is still a line of marks side by side along its row, and a person still
# reads it. The tint is the municipality's name in tiles set apart (1.3 glyphs or
# more between tiles). Measured at 10 levels (samples.render.faded, dev studies,
# README "Faint sensitive values"): a 12-digit 個人番号 runs 5.4-6.6 glyph widths
# unspaced, and printed in groups of four its groups stand 0.6-0.8 glyph apart
# once faint; a serif 本籍's faint strokes break into pieces up to 0.9 glyph
# apart. A tint tile of a 2-3 character name runs 4.0 glyphs at most, of 4 or 5
# characters up to 5.4 and 6.6: a blank cell under such a tint goes to review,
# the safe side. A cell with a line this long is not proven masked: review.
_FAINT_LINE_CONTRAST = 10
_FAINT_LINE_MIN_RUN = 4.5
_FAINT_LINE_GAP = 1.0
# Inked pixel rows closer than this (in glyph heights) are one text line (the
# parts of 二 or 三); a run shorter than this is a speck, not a line of text.
_LINE_GAP = 0.3
_MIN_LINE = 0.4
# Ink (pixels, in glyph squares) under which a run of rows is a speck of dust: a
# glyph's thinnest part (the top stroke of 二) has several times more.
_SPECK_INK = 0.05


def _vote_dates(readings: list[FieldReading | None]) -> FieldReading | None:
    """The date the readings agree on, with the best confidence among them.

    Readings under :data:`_VOTE_MIN_CONFIDENCE` are left out when another is
    surer. If the rest disagree, the first of them is returned with confidence 0:
    a digit was dropped or misread by some of them (令和8年10月20日 read as 1月 at
    one print size and right at another), nothing says which, and a majority of
    two against one does not either (the same slip twice). The verdict must not
    trust such a date either way: not to pass a certificate, not to fail one.
    """
    found = [r for r in readings if r is not None]
    trusted = [r for r in found if r.confidence >= _VOTE_MIN_CONFIDENCE] or found
    if not trusted:
        return None
    if len({r.value for r in trusted}) == 1:
        return max(trusted, key=lambda r: r.confidence)
    return FieldReading(trusted[0].value, trusted[0].box, 0.0)


def _glyph_height(ocr: OcrResult) -> float:
    """The median height of confidently read glyph boxes: the print size of the scan."""
    heights = [
        w.box.h
        for line in ocr.lines
        for w in line.words
        if w.confidence >= 60 and w.box.h >= 6 and len(compact(w.text)) <= 3
    ]
    return float(statistics.median(heights)) if heights else 30.0


def _line_label(lt: LineText) -> tuple[str, re.Match[str]] | None:
    """The label a whole-page OCR line starts with (the longest that fits)."""
    for kind, pattern in _LINE_LABELS:
        m = pattern.search(lt.text)
        if m is not None and m.start() <= _LABEL_LEAD:
            return kind, m
    return None


# A value that names a place: a prefecture within its first few characters.
_PLACE_START = re.compile(r"^.{0,2}(" + "|".join(PREFECTURES) + ")")
# A date reading under this OCR confidence is noise beside a surer one (the
# page's own reading of a row it merged with a rule comes out at 10-20).
_VOTE_MIN_CONFIDENCE = 30.0
# Similarity given to a label read in part (its start, or one of its two glyphs).
_PREFIX_SIMILARITY = 75.0
_HALF_LABEL_SIMILARITY = 70.0


def _classify_label(text: str) -> tuple[str | None, float]:
    """The label ``text`` (a line read alone in the label column) is most like."""
    cleaned = re.sub(r"[^\u3040-\u30ff\u3400-\u9fff]", "", compact(text))
    if not cleaned:
        return None, 0.0
    best: tuple[str | None, float] = (None, 0.0)
    for kind, label in _LABELS.items():
        score = float(fuzz.ratio(cleaned, label))
        # 生年 (月日 lost) and 住民とな… cut by the column's edge keep their start.
        if len(cleaned) >= 2 and label.startswith(cleaned) and len(label) > 2:
            score = max(score, _PREFIX_SIMILARITY)
        # A two-glyph label with one glyph misread (本籍 as 本閑) scores 50 by
        # ratio; one glyph in its place names it, as no two such labels share one.
        if len(label) == len(cleaned) == 2 and (cleaned[0] == label[0]) != (cleaned[1] == label[1]):
            score = max(score, _HALF_LABEL_SIMILARITY)
        if score > best[1]:
            best = (kind, score)
    return best


def _label_column(
    column: list[tuple[str, Box, Box | None]],
    lines: list[Box],
    image: npt.NDArray[np.uint8],
    glyph: float,
    width: int,
) -> tuple[int, int, int] | None:
    """(left, right) of the label column and the x where values start.

    From the labels the whole-page OCR read at the start of its lines, when two
    or more line up; else from the column where most lines start (Tesseract's
    page layout sometimes drops the shaded label column whole and reads only the
    values): the labels are left of it, up to the table's outer rule."""
    gap = max(2, round(0.15 * glyph))
    if column:
        left = statistics.median(b.x for _, b, _ in column)
        aligned = [(k, b, a) for k, b, a in column if abs(b.x - left) < 2 * glyph]
        # One label alone may be a value (続柄 世帯主): two must line up.
        if len(aligned) >= 2:
            label_right = max(b.x + b.w for _, b, _ in aligned)
            band = (min(b.y for _, b, _ in aligned), max(b.y + b.h for _, b, _ in aligned))
            divider = _vertical_rule(
                image, round(label_right) + gap, round(label_right + 10 * glyph), band, glyph
            )
            if divider is not None:
                x1, value_x = divider - gap, divider + gap
            else:
                # No ruled column: values start after the widest label, at the
                # earliest glyph read right of a label with a gap before it.
                starts = [a.x for _, b, a in aligned if a is not None and a.x > b.x + b.w + glyph]
                value_x = round(min(starts) - 0.3 * glyph) if starts else round(label_right + glyph)
                x1 = value_x
            # A label whose first glyphs were misread starts right of the column's
            # edge: the table's outer rule, or some way left of the labels, is.
            x0 = max(0, round(left - 1.5 * glyph))
            outer = _vertical_rule(image, round(left - 6 * glyph), round(left) - gap, band, glyph)
            if outer is not None:
                x0 = outer + gap
            return (x0, x1, value_x) if x1 - x0 >= glyph else None
    margin = round(_PAGE_MARGIN * width)
    for start, band in _value_columns(lines, glyph):
        divider = _vertical_rule(image, round(start - 3 * glyph), start - gap, band, glyph)
        if divider is not None:
            x1, value_x = divider - gap, divider + gap
        else:
            x1, value_x = round(start - glyph), round(start - 0.3 * glyph)
        outer = _vertical_rule(image, margin, round(x1 - 3 * glyph), band, glyph)
        x0 = outer + gap if outer is not None else max(margin, round(x1 - 12 * glyph))
        # Lines a blurred photo's OCR ran from a label into its value start at the
        # table's outer rule, and the attestation below the table a little right
        # of it: more lines than the values may start there (dev hard photo, seed
        # 2968). The labels' column holds text; the page's margin left of the
        # table holds none.
        if x1 - x0 >= glyph and len(_column_layout(image, x0, x1, glyph)[1]) >= 2:
            return x0, x1, value_x
    return None


def _value_columns(lines: list[Box], glyph: float) -> list[tuple[int, tuple[int, int]]]:
    """Where lines of the page start together (the table's value column is one):
    each x where three or more lines start, and the rows they span, most lines
    first."""
    groups: list[list[Box]] = []
    for anchor in sorted(lines, key=lambda b: b.x):
        group = [b for b in lines if abs(b.x - anchor.x) < glyph]
        if len(group) >= _MIN_VALUE_LINES and group not in groups:
            groups.append(group)
    groups.sort(key=len, reverse=True)
    return [(min(b.x for b in g), (min(b.y for b in g), max(b.y + b.h for b in g))) for g in groups]


def _column_layout(
    image: npt.NDArray[np.uint8], x0: int, x1: int, glyph: float
) -> tuple[list[int], list[tuple[int, int]]]:
    """The horizontal rules (their y) and the text lines (top, bottom) in the
    page's column ``x0:x1``, from its dark pixels.

    A rule is a pixel row dark nearly across the column (a row's neighbours count
    too: a rule on a page a fraction of a degree off level spans two or three
    rows). Text lines are the runs of inked rows between, specks dropped."""
    h, w = image.shape[:2]
    x0, x1 = max(0, x0), min(w, x1)
    part = image[:, x0:x1]
    gray = part.mean(axis=2) if part.ndim == 3 else part.astype(np.float64)
    paper = float(np.median(gray))
    # A photo's blur lifts the labels' thin grey strokes and the thin rules
    # towards the paper (dev hard photos: labels 135-155, rules 205-220 on a 250
    # page): over the thresholds below, no row is found. Their contrast is
    # stretched back to a sharp capture's first, the paper kept.
    stretched = stretch_print(
        gray,
        paper,
        sharp=_SHARP_INK,
        percentile=_LABEL_INK_PERCENTILE,
        min_contrast=_LABEL_MIN_CONTRAST,
    )
    if stretched is not None:
        gray = stretched
    # Rules print thin and grey: after a scan's blur they are far lighter than
    # text, so they are looked for with a lighter threshold.
    faint = gray < _RULE_FAINT * paper
    dark = gray < min(_RULE_DARK, 0.6 * paper)
    ruled = _horizontal_rules(faint)
    rules = [(top + bottom) // 2 for top, bottom in _runs(ruled, 0)]
    # Ink of text: the rules' rows (and the rows a sloping rule reaches) and the
    # vertical rules (dark runs taller than any glyph) left out.
    blocked = ruled.copy()
    for d in range(1, _RULE_DRIFT + 2):
        blocked[d:] |= ruled[:-d]
        blocked[:-d] |= ruled[d:]
    text_ink = dark & ~_long_vertical_runs(dark, round(_RULE_MIN_RUN * glyph))
    text_ink[blocked] = False
    texts = [
        (max(0, top - round(0.25 * glyph)), min(h, bottom + round(0.25 * glyph)))
        for top, bottom in _text_lines(text_ink, glyph)
    ]
    return rules, texts


def _horizontal_rules(faint: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """Pixel rows on a horizontal rule: dark across each of a few slices of the
    column, within a few rows of one another (a page a degree off level moves a
    rule by a pixel every ~60 px). Gaps between glyphs keep text from filling a
    slice's whole width."""
    h, w = faint.shape
    slices = max(1, min(_RULE_SLICES, w // 40))
    edges = np.linspace(0, w, slices + 1).round().astype(int)
    near = faint.copy()
    near[1:] |= faint[:-1]
    near[:-1] |= faint[1:]
    votes = np.zeros(h, dtype=np.int32)
    for a, b in itertools.pairwise(edges):
        full = near[:, a:b].mean(axis=1) >= _RULE_FILL
        # Allow the rule to sit a few rows higher or lower in this slice.
        spread = full.copy()
        for d in range(1, _RULE_DRIFT + 1):
            spread[d:] |= full[:-d]
            spread[:-d] |= full[d:]
        votes += spread
    # One slice may lie outside the table (the column's edge is a guess).
    needed = slices - 1 if slices > 2 else slices
    ruled: npt.NDArray[np.bool_] = votes >= needed
    return ruled


def _long_vertical_runs(mask: npt.NDArray[np.bool_], min_len: int) -> npt.NDArray[np.bool_]:
    """The pixels of ``mask`` in vertical runs of ``min_len`` or more: ruled
    vertical lines (a glyph's strokes are never taller than the glyph)."""
    out = np.zeros_like(mask)
    padded = np.pad(mask, ((1, 1), (0, 0))).astype(np.int8)
    change = np.diff(padded, axis=0).T  # one row per column
    starts = np.argwhere(change == 1)
    ends = np.argwhere(change == -1)
    for (col, top), (_, bottom) in zip(starts, ends, strict=True):
        if bottom - top >= min_len:
            out[top:bottom, col] = True
    return out


def _text_band(
    image: npt.NDArray[np.uint8], cell: Box, glyph: float, *, every_line: bool = False
) -> Box | None:
    """The band of ``cell`` that holds its text: the inked rows once rules and
    solid blocks (dark runs longer than any glyph's stroke, either way) are left
    out; ``None`` when no text is left. Tesseract reads a line cut clear of the
    table's rules; with a rule at the crop's edge it reads 省略 as "NR".

    The band is the line with the most ink (a name, not the furigana above it),
    or with ``every_line`` that line and the lines close above and below it (a
    wrapped address)."""
    h, w = image.shape[:2]
    # The cell's edges are the table's rules (a few rows thick on a page that is
    # not quite level): the band is found, and kept, inside them.
    inset = max(_RULE_DRIFT + 2, round(0.15 * glyph))
    x0, y0 = max(0, cell.x), max(0, cell.y + inset)
    x1, y1 = min(w, cell.x + cell.w), min(h, cell.y + cell.h - inset)
    if x1 <= x0 or y1 <= y0:
        return None
    part = image[y0:y1, x0:x1]
    gray = part.mean(axis=2) if part.ndim == 3 else part.astype(np.float64)
    paper = float(np.median(gray))
    dark = gray < min(_RULE_DARK, 0.6 * paper)
    ink = dark & ~_rule_pixels(gray < _RULE_FAINT * paper, round(_RULE_MIN_RUN * glyph))
    runs = _text_lines(ink, glyph)
    if not runs:
        return None
    main = max(range(len(runs)), key=lambda i: int(ink[runs[i][0] : runs[i][1]].sum()))
    first = last = main
    if every_line:
        # The lines of one value stand closer than a glyph apart; a line farther
        # off (a serial number printed over the table) is not part of it.
        while first > 0 and runs[first][0] - runs[first - 1][1] <= glyph:
            first -= 1
        while last + 1 < len(runs) and runs[last + 1][0] - runs[last][1] <= glyph:
            last += 1
    top, bottom = runs[first][0], runs[last][1]
    pad = round(0.25 * glyph)
    # Across, the band ends a glyph past its print: a speck of dust far along an
    # empty cell made Tesseract read 省略 as nothing (at zoom 1.16) or "a".
    left, right = _print_span(ink[top:bottom], glyph)
    margin = round(glyph)
    bx0, bx1 = max(0, left - margin), min(x1 - x0, right + margin)
    top_y = max(y0, y0 + top - pad)
    return Box(x0 + bx0, top_y, bx1 - bx0, min(y1 - y0, bottom + pad) - max(0, top - pad))


def _print_span(ink: npt.NDArray[np.bool_], glyph: float) -> tuple[int, int]:
    """(first, last + 1) column of ``ink`` holding print: inked columns within
    two glyphs of each other grouped, groups with less ink than a speck dropped."""
    counts = ink.sum(axis=0)
    kept = [
        (a, b)
        for a, b in _runs(counts >= 1, round(2 * glyph))
        if int(counts[a:b].sum()) >= _SPECK_INK * glyph * glyph
    ]
    if not kept:
        return 0, ink.shape[1]
    return kept[0][0], kept[-1][1]


def _rule_pixels(faint: npt.NDArray[np.bool_], longest: int) -> npt.NDArray[np.bool_]:
    """The pixels of ruled lines and solid blocks: runs of faint ink ``longest``
    or longer, across or down. A rule a degree off level climbs a pixel every
    ~60 px: thickened by a pixel either side first, it runs on unbroken."""
    across = faint.copy()
    across[1:] |= faint[:-1]
    across[:-1] |= faint[1:]
    down = faint.copy()
    down[:, 1:] |= faint[:, :-1]
    down[:, :-1] |= faint[:, 1:]
    ruled = _long_vertical_runs(across.T, longest).T | _long_vertical_runs(down, longest)
    grown = ruled.copy()
    grown[1:] |= ruled[:-1]
    grown[:-1] |= ruled[1:]
    grown[:, 1:] |= ruled[:, :-1]
    grown[:, :-1] |= ruled[:, 1:]
    return grown


def _text_lines(ink: npt.NDArray[np.bool_], glyph: float) -> list[tuple[int, int]]:
    """(top, bottom) of the text lines in ``ink``: runs of inked pixel rows, specks
    of dust dropped first (they would bridge a line to the next), then runs
    closer than a glyph's inner gap (二, 三) joined, and runs too short for a
    line of text dropped."""
    counts = ink.sum(axis=1)
    kept = np.zeros(counts.shape, dtype=bool)
    for top, bottom in _runs(counts >= 1, 0):
        if int(counts[top:bottom].sum()) >= _SPECK_INK * glyph * glyph:
            kept[top:bottom] = True
    return [
        (top, bottom)
        for top, bottom in _runs(kept, round(_LINE_GAP * glyph))
        if bottom - top >= _MIN_LINE * glyph
    ]


def _runs(mask: npt.NDArray[np.bool_], bridge: int) -> list[tuple[int, int]]:
    """(start, end) of the runs of True in ``mask``, runs closer than ``bridge``
    joined."""
    runs: list[tuple[int, int]] = []
    idx = np.flatnonzero(mask)
    if idx.size == 0:
        return runs
    start = prev = int(idx[0])
    for i in idx[1:]:
        i = int(i)
        if i - prev > bridge + 1:
            runs.append((start, prev + 1))
            start = i
        prev = i
    runs.append((start, prev + 1))
    return runs


def _rows_between_rules(
    found: list[tuple[str | None, float, int, int]], rules: list[int], glyph: float
) -> list[_Row]:
    """One row per pair of neighbouring rules that holds a text line; its kind is
    that of its best-read label (氏名 over the ふりがな above it)."""
    rows: list[_Row] = []
    for top, bottom in itertools.pairwise(rules):
        inside = [f for f in found if top <= (f[2] + f[3]) / 2 <= bottom]
        if not inside or bottom - top < glyph:
            continue
        named = [f for f in inside if f[0] is not None]
        best = max(named, key=lambda f: (f[0] != "furigana", f[1])) if named else inside[0]
        label = Box(0, best[2], 0, best[3] - best[2])
        # ふりがな heads the name's cell: a cell whose 氏名 was not read is still it.
        rows.append(_Row("name" if best[0] == "furigana" else best[0], label, top, bottom))
    return rows


def _rows_between_lines(
    found: list[tuple[str | None, float, int, int]], glyph: float
) -> list[_Row]:
    """Rows of a table without rules: each label's row reaches halfway to the
    next label's line, and no farther than a tall row (a wrapped address) goes."""
    rows: list[_Row] = []
    centres = [(f[2] + f[3]) / 2 for f in found]
    for i, (kind, _, top, bottom) in enumerate(found):
        up = centres[i] - centres[i - 1] if i > 0 else None
        down = centres[i + 1] - centres[i] if i + 1 < len(found) else None
        up = up if up is not None else (down if down is not None else 3 * glyph)
        down = down if down is not None else up
        reach_up, reach_down = min(up / 2, 2.5 * glyph), min(down / 2, 2.5 * glyph)
        label = Box(0, top, 0, bottom - top)
        rows.append(_Row(kind, label, round(centres[i] - reach_up), round(centres[i] + reach_down)))
    return rows


def _within(box: Box, row: _Row) -> bool:
    centre = box.y + box.h / 2
    return row.top <= centre <= row.bottom


def _words_in(ocr: OcrResult, cell: Box) -> LineText:
    """The whole-page OCR words whose centres lie in ``cell``, as one line."""
    words = tuple(
        w
        for line in ocr.lines
        for w in line.words
        if cell.x <= w.box.x + w.box.w / 2 <= cell.x + cell.w
        and cell.y <= w.box.y + w.box.h / 2 <= cell.y + cell.h
    )
    return LineText.of(OcrLine(words), 0)


def _digit_run(lt: LineText, min_digits: int, min_confidence: float) -> Box | None:
    """The box of the first run of ``min_digits`` or more confident digits (spaces
    between groups allowed) on the line, unless the run is part of a date."""
    dates = [(s, e) for _, s, e in find_dates(lt.text)]
    run: list[int] = []
    for i, ch in enumerate([*lt.text, "\n"]):
        confident = ch.isdigit() and lt.owners[i].confidence >= min_confidence
        in_date = any(s <= i < e for s, e in dates)
        if confident and not in_date:
            run.append(i)
            continue
        if len(run) >= min_digits:
            return lt.field(run[0], run[-1] + 1).box
        run = []
    return None


def _blank(image: npt.NDArray[np.uint8], cell: Box, glyph: float) -> bool:
    """Whether ``cell`` holds no print: fewer dark pixels than half a glyph's strokes."""
    h, w = image.shape[:2]
    x0, y0 = max(0, cell.x), max(0, cell.y)
    x1, y1 = min(w, cell.x + cell.w), min(h, cell.y + cell.h)
    if x1 <= x0 or y1 <= y0:
        return True
    # The cell's edges are the table's rules: only its inner part counts.
    m = max(2, round(0.15 * glyph))
    part = image[y0 + m : y1 - m, x0 + m : x1 - m]
    if part.size == 0:
        return True
    gray = part.mean(axis=2) if part.ndim == 3 else part.astype(np.float64)
    return int(np.count_nonzero(gray < _RULE_DARK)) < _BLANK_MAX_INK * glyph * glyph


def _faint_print(image: npt.NDArray[np.uint8], cell: Box, glyph: float) -> bool:
    """Whether ``cell`` holds print too light for :func:`_blank` to see: faint ink
    (:func:`_faint_ink`) over :data:`_FAINT_MIN_INK` glyph squares, or a line of
    fainter marks (:func:`_faint_line`) :data:`_FAINT_LINE_MIN_RUN` glyphs long."""
    return (
        _faint_ink(image, cell, glyph) >= _FAINT_MIN_INK
        or _faint_line(image, cell, glyph) >= _FAINT_LINE_MIN_RUN
    )


def _faint_ink(image: npt.NDArray[np.uint8], cell: Box, glyph: float) -> float:
    """Glyph-shaped ink in ``cell``, rules at its edges left out, at least
    :data:`_FAINT_CONTRAST` grey levels under the paper around it, in glyph squares."""
    return sum(m[4] for m in _faint_marks(image, cell, glyph, _FAINT_CONTRAST)) / glyph**2


def _faint_line(image: npt.NDArray[np.uint8], cell: Box, glyph: float) -> float:
    """The longest line of glyph-shaped marks in ``cell`` at least
    :data:`_FAINT_LINE_CONTRAST` under the paper, in glyph widths: the columns the
    marks span, joined across gaps up to :data:`_FAINT_LINE_GAP` glyphs (the
    space between two characters; the tint's tiles lie further apart)."""
    marks = _faint_marks(image, cell, glyph, _FAINT_LINE_CONTRAST)
    if not marks:
        return 0.0
    spans = sorted((x, x + w) for x, _, w, _, _ in marks)
    longest = 0
    start, end = spans[0]
    for x0, x1 in spans[1:]:
        if x0 - end > _FAINT_LINE_GAP * glyph:
            longest = max(longest, end - start)
            start = x0
        end = max(end, x1)
    return max(longest, end - start) / glyph


def _faint_marks(
    image: npt.NDArray[np.uint8], cell: Box, glyph: float, contrast: float
) -> list[tuple[int, int, int, int, int]]:
    """The glyph-shaped marks (x, y, width, height, area) in ``cell``'s inner part
    (rules at its edges left out) at least ``contrast`` grey levels under the
    paper around them."""
    h, w = image.shape[:2]
    m = max(_RULE_DRIFT + 2, round(0.15 * glyph))
    x0, y0 = max(0, cell.x + m), max(0, cell.y + m)
    x1, y1 = min(w, cell.x + cell.w - m), min(h, cell.y + cell.h - m)
    if x1 - x0 < 3 or y1 - y0 < 3:
        return []
    part = image[y0:y1, x0:x1]
    gray = (part.mean(axis=2) if part.ndim == 3 else part).astype(np.float32)
    # JPEG noise smoothed away; the paper taken as a closing wider than a stroke
    # (a shadow's slow slope across the cell is no print).
    gray = cv2.GaussianBlur(gray, (0, 0), 1.0)
    k = max(3, round(0.5 * glyph)) | 1
    paper = cv2.morphologyEx(gray, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    ink = ((paper - gray) >= contrast).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    marks = []
    for i in range(1, count):
        x, y, width, tall, area = (int(v) for v in stats[i])
        # Glyph-shaped: a speck is smaller, a rule's remnant longer or taller.
        if max(width, tall) >= 0.25 * glyph and tall <= 1.6 * glyph and width <= 4 * glyph:
            marks.append((x, y, width, tall, area))
    return marks


# A word's box wider than this many glyph heights per character is not print,
# where its characters are dashes: a black bar's ragged edge is read as dashes
# (ーー, one word 448 px wide at a 32 px glyph: a dev PDF, seed 2980, whose 本籍
# was blacked out failed as not redacted). Only dashes are dropped so: a place
# name read in one word with the bar's edge (東京都ーー) still counts.
_MAX_GLYPH_WIDTH = 3.0
_DASHES = frozenset("ー一‐－-−_")


def _glyph_sized(word: OcrWord, glyph: float) -> bool:
    """Whether ``word``'s box is no wider than its characters can be."""
    return word.box.w <= _MAX_GLYPH_WIDTH * glyph * max(len(word.text), 1)


def _inked(image: npt.NDArray[np.uint8], box: Box, glyph: float) -> bool:
    """Whether ``box`` holds print in ink: stroke pixels darker than
    :data:`_GLYPH_INK` over :data:`_GLYPH_MIN_INK` of it (strokes cover 15-30 % of a
    glyph's box; a tinted background pattern is far lighter, a glare-faded glyph
    still darker). A blacked-out bar the box reaches into is no stroke: dark
    areas thicker than a quarter glyph are left out."""
    h, w = image.shape[:2]
    k = max(3, round(0.25 * glyph))
    x0, y0 = max(0, box.x - k), max(0, box.y - k)
    x1, y1 = min(w, box.x + box.w + k), min(h, box.y + box.h + k)
    part = image[y0:y1, x0:x1]
    if part.size == 0:
        return False
    gray = part.mean(axis=2) if part.ndim == 3 else part.astype(np.float64)
    dark = (gray < _GLYPH_INK).astype(np.uint8)
    solid = cv2.morphologyEx(dark, cv2.MORPH_OPEN, np.ones((k, k), np.uint8))
    solid = cv2.dilate(solid, np.ones((3, 3), np.uint8), iterations=2)
    strokes = (dark > 0) & (solid == 0)
    inner = strokes[box.y - y0 : box.y - y0 + box.h, box.x - x0 : box.x - x0 + box.w]
    return bool(inner.size > 0 and np.count_nonzero(inner) >= _GLYPH_MIN_INK * inner.size)


def _vertical_rule(
    image: npt.NDArray[np.uint8], x0: int, x1: int, band: tuple[int, int], glyph: float
) -> int | None:
    """The x (at the band's middle) of a ruled vertical line between ``x0`` and
    ``x1`` running down the rows ``band``, if any.

    The band is cut into slices a few glyphs tall: on a page a degree off level a
    rule moves sideways a pixel every ~60 rows, across a whole table by more than
    its width, but within a slice it stays in a column a few pixels wide. Every
    slice must find it dark over most of its height, at places that drift
    steadily."""
    h, w = image.shape[:2]
    x0, x1 = max(0, x0), min(w, x1)
    y0, y1 = max(0, band[0]), min(h, band[1])
    if x1 - x0 < 3 or y1 - y0 < 2 * glyph:
        return None
    part = image[y0:y1, x0:x1]
    gray = part.mean(axis=2) if part.ndim == 3 else part.astype(np.float64)
    # Rules print thin and grey: after a scan's blur they are far lighter than text.
    dark = gray < _RULE_FAINT * float(np.median(gray))
    k = max(3, round(0.25 * glyph))
    cols = np.pad(dark, ((0, 0), (k // 2, k // 2))).astype(np.int32)
    integral = np.pad(cols.cumsum(axis=1), ((0, 0), (1, 0)))
    any_dark = (integral[:, k:] - integral[:, :-k]) > 0
    slices = max(1, round((y1 - y0) / (_RULE_SLICE_GLYPHS * glyph)))
    edges = np.linspace(0, y1 - y0, slices + 1).round().astype(int)
    peaks: list[int] = []
    for a, b in itertools.pairwise(edges):
        share = any_dark[a:b].mean(axis=0)
        best = int(np.argmax(share))
        if share[best] < _RULE_MIN_SHARE:
            return None
        # The window finds the rule from k/2 either side: its middle is the rule.
        end = best
        while end + 1 < share.size and share[end + 1] >= share[best]:
            end += 1
        peaks.append((best + end) // 2)
    step = max(abs(b - a) for a, b in itertools.pairwise(peaks)) if len(peaks) > 1 else 0
    if step > k + (y1 - y0) / slices * _RULE_MAX_SLOPE:
        return None  # dark columns here and there, not one line
    return x0 + int(statistics.median(peaks))


def _blacked_out(image: npt.NDArray[np.uint8], cell: Box, glyph: float, glyphs: float) -> bool:
    """Whether ``cell`` holds a solid dark block (a marker or tape over the value).

    A pixel counts when a whole window about a third of a glyph across around it is
    dark: printed strokes are a tenth of a glyph wide and never fill one.
    """
    h, w = image.shape[:2]
    x0, y0 = max(0, cell.x), max(0, cell.y)
    x1, y1 = min(w, cell.x + cell.w), min(h, cell.y + cell.h)
    if x1 <= x0 or y1 <= y0:
        return False
    part = image[y0:y1, x0:x1]
    gray = part.mean(axis=2) if part.ndim == 3 else part.astype(np.float64)
    dark = (gray < ResidentCertificate._DARK).astype(np.int32)
    k = max(3, round(glyph / 3))
    if dark.shape[0] < k or dark.shape[1] < k:
        return False
    integral = np.pad(dark.cumsum(0).cumsum(1), ((1, 0), (1, 0)))
    sums = integral[k:, k:] - integral[:-k, k:] - integral[k:, :-k] + integral[:-k, :-k]
    solid = int(np.count_nonzero(sums == k * k))
    # A marker the print shows through is no blackout (a 本籍 legible under a
    # translucent marker passed beside a second document: a safety review).
    if solid < glyphs * glyph * glyph:
        return False
    block = cv2.morphologyEx(dark.astype(np.uint8), cv2.MORPH_OPEN, np.ones((k, k), np.uint8))
    return not shows_print_through(gray[block > 0])
