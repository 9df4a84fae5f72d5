"""健康保険被保険者証 — the health insurance card, and its successor the 資格確認書.

Front: the title (健康保険 被保険者証 / 資格確認書, 本人(被保険者)), 記号 + 番号 +
(枝番) on one row, 氏名, 生年月日 + 性別, 資格取得年月日, 事業所名称, 保険者番号
(8 digits), 保険者名称 with the insurer's seal. No photo, no address, no validity.

Since the October 2020 amendment of the Health Insurance Act a business may not
collect the 記号・番号 (with 枝番) or the 保険者番号, so each of their two rows is
judged on the rectified card:

- **legible** when OCR reads at least :data:`HealthInsuranceCard.MIN_DIGITS`
  digits in its value areas (or after its label) that are not read off a solid
  block: an ``insurer_number`` finding (INSURER_NUMBER_VISIBLE, fail);
- **masked** when its value areas hold no glyph strokes: only a solid dark block
  (a marker, a black sticker) or no print at all (an opaque white sticker);
- **uncertain** otherwise, i.e. glyph strokes that OCR could not read as digits
  (print too pale for OCR included: a faded value is still legible to a person),
  or an image that is not the card on its layout (no outline found): the number
  may be legible to a person, so ``individual_number_uncertain`` sends the case
  to review (SENSITIVE_FIELD_UNCERTAIN).

The value areas and every digit read in those rows are masked on the reviewer
image in every case.
"""

from __future__ import annotations

import re
from typing import ClassVar

import cv2
import numpy as np
import numpy.typing as npt

from idverify.dates import find_dates
from idverify.documents.base import (
    FieldReader,
    Identification,
    LineText,
    compact,
    line_texts,
    scale_box,
)
from idverify.documents.fields import (
    date_in_line,
    name_and_birth_date,
    prefer_regions,
    read_date,
    read_name,
)
from idverify.models import Box, DocumentReading, OcrResult, SensitiveFinding

__all__ = ["HealthInsuranceCard"]

Region = tuple[float, float, float, float]


class HealthInsuranceCard:
    """The health insurance card (and 資格確認書) document module."""

    type_name: ClassVar[str] = "health_insurance_card"

    # The card's own marks, each tolerant of the OCR slips seen on it (険 read as
    # 検 or 陰, 者 as 痢, 得 as 徳, 事業 lost); none is printed on a license or a
    # My Number card.
    MARKS: ClassVar[tuple[re.Pattern[str], ...]] = tuple(
        re.compile(p)
        for p in (
            r"被保|被.険者",  # 被保険者証, 本人(被保険者)
            r"保[険検陰除]者|[保係]険者",
            r"者番号|保険者番|険.番号",
            r"者名称|保険者名|所名称",
            r"資格取|格取得|得年月日",
            r"資格確|格確認|確認書",
            r"健康保|康保険",
            r"事業所|業所名",
            r"保険協会|保険組合|共済組合",  # the insurer's name
            r"枝番",
            r"記号",
            r"本人",
        )
    )
    # Labels printed only on other documents: a card that shows one is not this one.
    # A resident certificate may print its holder's 国民健康保険 details (被保険者,
    # 資格取得), a residence card 在留資格. (Not 世帯主: a 国民健康保険 card prints it.)
    FOREIGN: ClassVar[re.Pattern[str]] = re.compile(
        r"免許|公安委員|個人番号|番号カード|まで有効|住民票|続柄|筆頭者|旅券|PASSPORT|在留|警察署"
    )
    # Two independent marks make the card; with a score above any other module's on
    # this card (a My Number module counts 氏名, 性別, 生: 5; a license 氏名, 番号: 4).
    MIN_MARKS: ClassVar[int] = 2
    BASE_SCORE: ClassVar[int] = 4

    # The birth date's row: 生年月日 (or 性別 beside it), never the row of the
    # 資格取得年月日 or the 交付 date, whose dates are no birth date.
    BIRTH_LABEL: ClassVar[re.Pattern[str]] = re.compile(r"^(?!.*(?:資格|取得|交付)).*(?:生年|性別)")
    # The labels in front of the sensitive values (an OCR slip in one glyph allowed).
    NUMBER_LABEL: ClassVar[re.Pattern[str]] = re.compile(r"記号|記.号|番号|番.号|枝番|者番")

    # Measured on the card layout (samples.render_insurance; ±3 px jitter).
    ANCHORS: ClassVar[dict[str, dict[str, tuple[float, float]]]] = {
        "front": {
            "記号": (0.063, 0.230),
            "氏名": (0.063, 0.359),
            "生年月日": (0.087, 0.466),
            "性別": (0.706, 0.466),
            "資格取得": (0.087, 0.566),
            "事業所名称": (0.099, 0.663),
            "保険者番号": (0.099, 0.779),
            "保険者名称": (0.099, 0.886),
        },
    }
    # Field regions as fractions (x0, y0, x1, y1) of the card. Values start at
    # 0.235-0.245 of the width, right of the longest label (資格取得年月日).
    NAME: ClassVar[Region] = (0.205, 0.300, 0.860, 0.405)
    BIRTH: ClassVar[Region] = (0.205, 0.410, 0.665, 0.505)
    # The rows holding the sensitive values, read alone for digits.
    NUMBER_ROW: ClassVar[Region] = (0.030, 0.176, 0.975, 0.272)
    INSURER_ROW: ClassVar[Region] = (0.205, 0.718, 0.860, 0.815)
    # Where the values themselves print: 記号 (up to 8 digits), 番号 (up to 7),
    # 枝番 (2), 保険者番号 (8). Each edge lies midway between a label's ink and
    # its value's (15-30 px either side, 60+ where the gap is wide), so a card
    # rectified a little off keeps its labels out and its values in.
    SYMBOL_AREA: ClassVar[Region] = (0.106, 0.180, 0.400, 0.268)
    NUMBER_AREA: ClassVar[Region] = (0.532, 0.180, 0.737, 0.268)
    BRANCH_AREA: ClassVar[Region] = (0.857, 0.180, 0.950, 0.268)
    INSURER_AREA: ClassVar[Region] = (0.200, 0.722, 0.620, 0.812)

    # The rectified card's width over its height (ID-1: 85.60 / 53.98 mm), and how
    # far an image may be from it to be taken as the card (a cropped card resized
    # to the layout is within 0.01; a whole 4:3 photo is 0.25 off).
    CARD_RATIO: ClassVar[float] = 85.60 / 53.98
    RATIO_TOLERANCE: ClassVar[float] = 0.1

    # Two digits read in a value area (or after its label) make the number legible:
    # a single digit-like glyph is what a speck or a marker's ragged edge reads as,
    # two side by side are (part of) a number.
    MIN_DIGITS: ClassVar[int] = 2
    # A solid block is darker than this share of the card's background (a marker
    # or black sticker prints at ~10 % of it, under glare at ~40 %).
    BLOCK_DARK: ClassVar[float] = 0.55
    # A block survives an opening of this size (px at 1011 px width); glyph
    # strokes, 4-8 px wide, do not.
    BLOCK_KERNEL: ClassVar[int] = 15
    # Ink this close (px) to a block is its ragged edge, not a glyph.
    BLOCK_EDGE: ClassVar[int] = 10
    # Glyph ink is darker than this share of the background next to it: values
    # print at ~10-25 % of it, and still at 60-75 % under a phone's glare; the
    # security pattern prints at ~90 %, a white sticker's edge at ~90 %.
    GLYPH_DARK: ClassVar[float] = 0.8
    # Faint print: a value printed pale (a faded card, a pale copy) that a person
    # still reads, lighter than GLYPH_DARK, is looked for after a blur of
    # FAINT_BLUR px: the security pattern's fine lines print as dark as such a
    # value but lose most of their darkness to it, glyph strokes little. Measured
    # (README, "Faint sensitive values"): values faded to 30 grey levels under the
    # card (0.88 of it), 6 cards as scans and easy photos, hold 849-2268 px of
    # glyph-sized ink under FAINT_DARK in an area; 18 genuine masked cards (scans,
    # glare, hard photos) 524 at most. Over FAINT_MIN_INK → uncertain (review).
    FAINT_DARK: ClassVar[float] = 0.94
    FAINT_MIN_INK: ClassVar[int] = 600
    FAINT_BLUR: ClassVar[float] = 1.5
    # The second recogniser (idverify.line_model) reads faint, blurred digits that
    # Tesseract loses: MIN_DIGITS digits it reads at this probability or more in a
    # value area make the row uncertain (review), never legible (it does not decide
    # a number alone). Measured: values faded to 25-40 grey levels under the card,
    # scans and hard photos, read 3-8 digits at >= 0.8 in 47 of 52 rows; 28 genuine
    # masked cards (scans, easy and hard photos, glare) none: 2 digits in an area
    # at most, at 0.58 at most.
    LINE_DIGIT_MIN_PROBABILITY: ClassVar[float] = 0.8
    # The background next to a pixel: the brightest column (75th percentile down
    # the row) within this many px, so a glare spot or shadow is followed.
    BACKGROUND_WINDOW: ClassVar[int] = 61
    # A glyph's stroke component is at least this tall (px) and at most this
    # tall: the values print 28-32 px tall; scan dust is 2-5 px, ruled lines 1-3
    # px, and the card's frame or a table rule crossing an area spans its height.
    GLYPH_MIN_HEIGHT: ClassVar[int] = 12
    GLYPH_MAX_HEIGHT: ClassVar[int] = 45
    # And an area holds a glyph when such components have at least this much ink.
    GLYPH_MIN_INK: ClassVar[int] = 60
    # A component this narrow (px) reaching an area's top or bottom edge is a line
    # crossing it (the card's frame, a rule, a crop's edge), not a glyph: digit
    # glyphs are 8+ px wide and stand clear of the area's edges.
    LINE_MAX_WIDTH: ClassVar[int] = 5
    # Glyphs OCR reads as these, confidently, are the labels (記号, 番号, (枝番),
    # 保険者番号) of a card rectified a little off, not values: no digit looks like
    # them. Only words made of nothing else are left out.
    LABEL_GLYPHS: ClassVar[frozenset[str]] = frozenset("記号番枝()保険者")
    LABEL_MIN_CONFIDENCE: ClassVar[float] = 50.0
    # Tesseract reads a marker's block as a 4 or a 7 now and then. A digit read
    # whose box lies this much on a block counts only with this many glyph-stroke
    # pixels of its own beside the block (a printed "1" has ~120).
    ON_BLOCK: ClassVar[float] = 0.3
    DIGIT_MIN_INK: ClassVar[int] = 20
    # A digit read under this confidence is no evidence of a legible number: a
    # label and a marker block read together as one "3" or "8" (at 1-18) on a
    # card rectified a little off. Glyph strokes left in a value area still make
    # the row uncertain (review), never masked.
    DIGIT_MIN_CONFIDENCE: ClassVar[float] = 30.0

    def identify(self, ocr: OcrResult) -> Identification | None:
        """Front when at least :data:`MIN_MARKS` of the card's marks are read and no
        other document's labels."""
        text = compact(ocr.text)
        if self.FOREIGN.search(text):
            return None
        marks = sum(1 for mark in self.MARKS if mark.search(text))
        if marks < self.MIN_MARKS:
            return None
        return Identification("front", self.BASE_SCORE + marks)

    def extract(
        self,
        ocr: OcrResult,
        side: str,
        image: npt.NDArray[np.uint8],
        reader: FieldReader,
    ) -> DocumentReading:
        """Name and birth date; findings on the 記号・番号 and 保険者番号 values."""
        h, w = image.shape[:2]
        lines = line_texts(ocr)
        label_name, _ = name_and_birth_date(lines)
        candidates = {
            "name": (read_name(reader, ocr, scale_box(self.NAME, w, h)), label_name),
            "birth_date": (
                read_date(reader, ocr, scale_box(self.BIRTH, w, h)),
                date_in_line(lines, self.BIRTH_LABEL),
            ),
        }
        fields = prefer_regions(candidates)
        sensitive, masks = self._sensitive(ocr, image, reader)
        return DocumentReading(
            self.type_name,
            side,
            fields,
            has_photo=False,
            sensitive=tuple(sensitive),
            mask_boxes=tuple(masks),
        )

    def _sensitive(
        self, ocr: OcrResult, image: npt.NDArray[np.uint8], reader: FieldReader
    ) -> tuple[list[SensitiveFinding], list[Box]]:
        """Findings and reviewer masks for the 記号・番号 row and the 保険者番号."""
        h, w = image.shape[:2]
        labelled = _digits_after_labels(ocr, self.NUMBER_LABEL, self.DIGIT_MIN_CONFIDENCE)
        findings: list[SensitiveFinding] = []
        masks: list[Box] = []
        rows: list[Box] = []
        # Only a card-shaped image is the card rectified (or cropped) onto the
        # layout; in any other (the whole photo, when no card outline was found)
        # the value areas fall elsewhere and a blank one proves nothing.
        on_layout = abs(w / max(h, 1) - self.CARD_RATIO) <= self.RATIO_TOLERANCE
        groups = (
            (self.NUMBER_ROW, (self.SYMBOL_AREA, self.NUMBER_AREA, self.BRANCH_AREA)),
            (self.INSURER_ROW, (self.INSURER_AREA,)),
        )
        for row_frac, area_fracs in groups if on_layout else ():
            row = scale_box(row_frac, w, h)
            rows.append(row)
            areas = [scale_box(a, w, h) for a in area_fracs]
            span = _union(areas)
            masks.append(span)
            row_read = reader.read(row)
            ink = _Ink.of(image, row, self, self._label_boxes((ocr, row_read)))
            # The most digits any one reading (the whole card's, the row's alone)
            # saw in the row's value areas, or after a label on the row.
            seen = 0
            for result in (ocr, row_read):
                boxes = _digit_boxes(result, areas, self.DIGIT_MIN_CONFIDENCE)
                masks += boxes
                seen = max(seen, sum(1 for b in boxes if ink.digit_counts(b)))
            for tail, digits in labelled:
                if _same_row(tail, row):
                    masks += digits
                    seen = max(seen, sum(1 for b in digits if ink.digit_counts(b)))
            if seen >= self.MIN_DIGITS:
                findings.append(SensitiveFinding("insurer_number", span))
            elif any(
                ink.glyph_ink(area) >= self.GLYPH_MIN_INK
                or ink.glyph_ink(area, faint=True) >= self.FAINT_MIN_INK
                or self._line_model_digits(reader, area) >= self.MIN_DIGITS
                for area in areas
            ):
                findings.append(SensitiveFinding("individual_number_uncertain", span))
        # A number after its label elsewhere than the layout puts it (a card printed
        # otherwise, a card rectified badly): legible all the same.
        for tail, digits in labelled:
            if any(_same_row(tail, row) for row in rows):
                continue
            masks.append(tail)
            ink = _Ink.of(image, Box(0, max(0, tail.y - 4), w, tail.h + 8), self, [])
            if sum(1 for b in digits if ink.digit_counts(b)) >= self.MIN_DIGITS:
                findings.append(SensitiveFinding("insurer_number", tail))
        if not on_layout and not findings:
            # Nothing legible found, but nothing shown masked either.
            findings.append(SensitiveFinding("individual_number_uncertain", None))
        return findings, list(dict.fromkeys(masks))  # each box once, in order

    def _line_model_digits(self, reader: FieldReader, area: Box) -> int:
        """Digits the second recogniser reads surely in ``area`` (0 without it)."""
        line = reader.read_line(area)
        if line is None:
            return 0
        return sum(
            1
            for ch, p in zip(line.text, line.probabilities, strict=False)
            if ch.isdigit() and p >= self.LINE_DIGIT_MIN_PROBABILITY
        )

    def _label_boxes(self, results: tuple[OcrResult, ...]) -> list[Box]:
        """Boxes of the words confidently read as label glyphs only."""
        return [
            word.box
            for result in results
            for line in result.lines
            for word in line.words
            if word.confidence >= self.LABEL_MIN_CONFIDENCE
            and (text := compact(word.text))
            and set(text) <= self.LABEL_GLYPHS
        ]


class _Ink:
    """The print of one row of the card, split into solid blocks (a marker, a black
    sticker) and glyph strokes (ink not at a block)."""

    def __init__(
        self,
        row: Box,
        block: npt.NDArray[np.bool_],
        strokes: npt.NDArray[np.bool_],
        faint: npt.NDArray[np.bool_],
        card: HealthInsuranceCard,
    ) -> None:
        self.row = row
        self.block = block
        self.strokes = strokes
        # Print lighter than strokes (FAINT_DARK, looked for blurred): a pale value.
        self.faint = faint
        self.card = card

    @classmethod
    def of(
        cls,
        image: npt.NDArray[np.uint8],
        row: Box,
        card: HealthInsuranceCard,
        labels: list[Box],
    ) -> _Ink:
        """Analyse ``row`` of ``image``; the ``labels``' ink is no glyph of a value."""
        gray = image.mean(axis=2) if image.ndim == 3 else image.astype(np.float64)
        crop = gray[row.y : row.y + row.h, row.x : row.x + row.w].astype(np.float32)
        if crop.size == 0:
            empty = np.zeros((1, 1), np.bool_)
            return cls(row, empty, empty, empty, card)
        # Blocks against the row's background (most of a row is background).
        background = float(np.percentile(crop, 75))
        dark = (crop < card.BLOCK_DARK * background).astype(np.uint8)
        kernel = np.ones((card.BLOCK_KERNEL, card.BLOCK_KERNEL), np.uint8)
        block = cv2.morphologyEx(dark, cv2.MORPH_OPEN, kernel) > 0
        grow = 2 * card.BLOCK_EDGE + 1
        near_block = cv2.dilate(block.astype(np.uint8), np.ones((grow, grow), np.uint8)) > 0
        # Glyphs against the background next to them: a glare spot fades them.
        columns = np.percentile(crop, 75, axis=0).astype(np.float32).reshape(1, -1)
        nearby = cv2.dilate(columns, np.ones((1, card.BACKGROUND_WINDOW), np.uint8))
        strokes = crop < card.GLYPH_DARK * nearby
        # Faint print is looked for blurred: a glyph's strokes (4-8 px) keep
        # most of their darkness, the security pattern's fine lines (1-2 px)
        # little, though they print as dark.
        soft = cv2.GaussianBlur(crop, (0, 0), card.FAINT_BLUR)
        faint = soft < card.FAINT_DARK * nearby
        for box in labels:
            strokes[_within(row, box, pad=2)] = False
            faint[_within(row, box, pad=2)] = False
        return cls(row, block, strokes & ~near_block, faint & ~near_block, card)

    def _crop(self, mask: npt.NDArray[np.bool_], box: Box) -> npt.NDArray[np.bool_]:
        return mask[_within(self.row, box)]

    def strokes_in(self, box: Box) -> int:
        """Glyph-stroke pixels inside ``box``."""
        return int(self._crop(self.strokes, box).sum())

    def block_share(self, box: Box) -> float:
        """The share of ``box`` on a solid block."""
        inside = self._crop(self.block, box)
        return float(inside.mean()) if inside.size else 0.0

    def digit_counts(self, box: Box) -> bool:
        """Whether a digit read in ``box`` counts: not read off a block, or with
        strokes of its own beside it."""
        return (
            self.block_share(box) < self.card.ON_BLOCK
            or self.strokes_in(box) >= self.card.DIGIT_MIN_INK
        )

    def glyph_ink(self, area: Box, *, faint: bool = False) -> int:
        """Stroke pixels (with ``faint``, faint print's) of glyph-sized parts in
        ``area`` (dust, specks and lines crossing it left out)."""
        mask = self.faint if faint else self.strokes
        strokes = np.ascontiguousarray(self._crop(mask, area), dtype=np.uint8)
        if strokes.size == 0:
            return 0
        count, _, stats, _ = cv2.connectedComponentsWithStats(strokes, connectivity=8)
        card, height = self.card, strokes.shape[0]
        total = 0
        for i in range(1, count):
            _, top, width, tall, ink = (int(v) for v in stats[i][:5])
            at_edge = top == 0 or top + tall == height
            line = width <= card.LINE_MAX_WIDTH and at_edge
            if card.GLYPH_MIN_HEIGHT <= tall <= card.GLYPH_MAX_HEIGHT and not line:
                total += ink
        return total


def _within(row: Box, box: Box, pad: int = 0) -> tuple[slice, slice]:
    """The (rows, columns) of an array of ``row``'s pixels that ``box`` covers,
    grown by ``pad`` px."""
    x0, y0 = max(0, box.x - row.x - pad), max(0, box.y - row.y - pad)
    x1 = max(0, box.x + box.w - row.x + pad)
    y1 = max(0, box.y + box.h - row.y + pad)
    return slice(y0, y1), slice(x0, x1)


def _centre_in(box: Box, area: Box) -> bool:
    cx, cy = box.x + box.w / 2, box.y + box.h / 2
    return area.x <= cx <= area.x + area.w and area.y <= cy <= area.y + area.h


def _digit_boxes(result: OcrResult, areas: list[Box], min_confidence: float) -> list[Box]:
    """One box (its word's) per digit read at ``min_confidence`` or more in a word
    centred in one of ``areas``, digits of a date written with 年月日 left out:
    the issue date (平成22年12月28日交付) printed just above the number row reaches
    into it on a card rectified a little off, and no 記号・番号 is written so."""
    return [
        lt.owners[i].box
        for lt in line_texts(result)
        for i in _number_digits(lt, 0, min_confidence, kanji_dates_only=True)
        if any(_centre_in(lt.owners[i].box, a) for a in areas)
    ]


def _digits_after_labels(
    ocr: OcrResult, label: re.Pattern[str], min_confidence: float
) -> list[tuple[Box, list[Box]]]:
    """For each line with a number label: the box of what follows the label, and
    one box per digit read at ``min_confidence`` or more there (dates left out).
    The layout-free check: a card printed otherwise still shows its numbers after
    their labels."""
    found: list[tuple[Box, list[Box]]] = []
    for lt in line_texts(ocr):
        m = label.search(lt.text)
        if not m or m.end() >= len(lt.text):
            continue
        digits = [lt.owners[i].box for i in _number_digits(lt, m.end(), min_confidence)]
        tail = lt.field(m.end(), len(lt.text)).box
        if tail is not None:
            found.append((tail, digits))
    return found


def _number_digits(
    lt: LineText, start: int, min_confidence: float, *, kanji_dates_only: bool = False
) -> list[int]:
    """Indices, from ``start``, of the digits of ``lt`` read at ``min_confidence``
    or more that are not part of a date (with ``kanji_dates_only``, of a date
    written with 年月日)."""
    dated = [
        (s, e) for _, s, e in find_dates(lt.text) if not kanji_dates_only or "年" in lt.text[s:e]
    ]
    return [
        i
        for i in range(start, len(lt.text))
        if lt.text[i].isdigit()
        and lt.owners[i].confidence >= min_confidence
        and not any(s <= i < e for s, e in dated)
    ]


def _same_row(box: Box, row: Box) -> bool:
    """Whether ``box``'s centre lies within ``row``'s height."""
    return row.y <= box.y + box.h / 2 <= row.y + row.h


def _union(boxes: list[Box]) -> Box:
    box = boxes[0]
    for b in boxes[1:]:
        box = box.union(b)
    return box
