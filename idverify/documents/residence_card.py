"""在留カード — the residence card of a foreign resident, front and back.

Front: the title 在留カード / RESIDENCE CARD, 番号 (2 letters, 8 digits, 2 letters),
氏名 NAME in Latin capitals (family name first), 生年月日 (western year) + 性別 +
国籍・地域, 住居地 (address), 在留資格 + 就労制限の有無, 在留期間(満了日), 許可 and
交付 dates, "このカードは…まで有効です。", the photo on the right, 法務大臣.
Back: the 住居地記載欄 table (届出年月日 / 住居地 / 記載者印) where the municipality
writes each move, newest lowest; the newest is the holder's current address.

As on the other cards, each field is read from its own region of the rectified card
(fractions of the card, below); the whole-card OCR's labels are the fallback.
"""

from __future__ import annotations

import re
from typing import ClassVar

import cv2
import numpy as np
import numpy.typing as npt

from idverify.documents.base import (
    FieldReader,
    Identification,
    LineText,
    compact,
    find_anchors,
    find_labelled,
    line_texts,
    refine_region,
    scale_box,
)
from idverify.documents.fields import (
    ADDRESS_LABEL,
    NAME_LABEL,
    date_in_line,
    prefer_regions,
    read_date,
    read_text,
)
from idverify.documents.photo import photo_present
from idverify.models import Box, DocumentReading, FieldReading, OcrResult
from idverify.preprocess import register

__all__ = ["ResidenceCard"]

Region = tuple[float, float, float, float]

# The Latin capitals a residence card prints a name in. The name is read with
# recognition restricted to them as one of the opinions: the Japanese models
# otherwise offer full-width and kana look-alikes for Latin glyphs.
LATIN_CAPITALS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# A gap between two Latin words of the name, in line heights: the print leaves
# about a third of an em; letters within a word touch or nearly do.
_WORD_GAP = 0.18
# Share of a back cell's pixels that must be dark for the cell to count as
# printed. Measured on 24 captured backs (seeds 2100-2111, scans and easy
# photos; 96 printed and 96 empty cells): printed 0.088 and up, empty at most
# 0.008 (dust, the security pattern's darkest strokes).
INK_MIN_SHARE = 0.02
# Darker than this share of the cell's median grey is ink (a blurred photo's
# strokes reach only ~0.6 of the paper's grey; the pale pattern stays above 0.8).
_INK_LEVEL = 0.7
# Pixels of a cell's edge left out of the checks for print: its ruled lines.
_CELL_INSET = 8
# A dark run spanning this share of a cell's width (twice it of its height) with
# a mean thickness under this many pixels is a ruled line, not print: a glyph is
# a tenth of the cell wide at most, and a line of glyphs is 8+ px of ink thick.
_RULE_MIN_SHARE = 0.3
_RULE_MAX_THICKNESS = 4.0
# What the whole-card OCR must read in a back cell for it to count as printed:
# this many kanji or kana, each in a word read at least this confidently.
_MIN_PRINTED_CHARS = 2
_MIN_PRINTED_CONFIDENCE = 50.0
# Kanji and kana, but not ー and 一: a ruled line reads as either.
_JAPANESE_CHAR = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u3400-\u4dbf\u4e01-\u9fff]")
# A glyph this close (line heights) to the name's first or last letter may be a
# letter misread (I as |): it stays part of the name. A digit may stand further
# off, as far as a word gap can be (G as 6 after a space); this far away, it is
# the card's edge or a speck. The print leaves ~0.3 between words.
_APART = 0.5
_FAR_APART = 1.5
# A blob under this share of the line's median glyph height is a speck.
_SPECK_SHARE = 0.4


class ResidenceCard:
    """The residence card document module."""

    type_name: ClassVar[str] = "residence_card"

    # Marks printed on the front only and on no other accepted card (a passport
    # prints 国籍 and 有効期間満了日 too, so only 国籍・地域 and PERIOD OF STAY count).
    # Each tolerates the misreads seen on captures (在留カカード, 留資格, 法務大).
    FRONT_MARKS: ClassVar[tuple[re.Pattern[str], ...]] = tuple(
        re.compile(p)
        for p in (
            # 在届カード: 留 misread under blur (dev hard photo, seed 2976).
            r"在.{1,2}[カ力].{0,2}ド|RESIDENCE",
            r"在留資格|留資格|在留資",
            r"就労制限|労制限",
            r"法務大臣|法務大|務大臣",
            r"PERIODOFSTAY|OFSTAY",
            r"国籍・地域|籍・地|地域",
            # The validity sentence, "このカードは…まで有効です" (a license and a
            # My Number card word their validity otherwise).
            r"この[カ力].{0,2}ド",
        )
    )
    # The card's number (two letters, eight digits, two letters) at a line's end:
    # a value no other accepted card prints. Bounded on the right, so that a
    # passport's zone (TH6394784 9 JPN… reads TH + eight digits + JP) is not taken
    # for it; not on the left, where the tint beside it may be read as letters
    # (SYWA65713764FL: a dev hard photo, seed 2976).
    NUMBER_MARK: ClassVar[re.Pattern[str]] = re.compile(
        r"(?<![0-9<])[A-Za-z]{2}[0-9]{8}[A-Za-z]{2}(?![A-Za-z0-9<])"
    )
    # Printed on both sides (住居地 heads the back's table; 在留期間 is part of the
    # back's 在留期間更新等許可申請欄): they support a side but cannot decide it.
    SHARED_MARKS: ClassVar[tuple[re.Pattern[str], ...]] = tuple(
        re.compile(p) for p in (r"住居地|居地", r"在留期間|留期間")
    )
    BACK_MARKS: ClassVar[tuple[re.Pattern[str], ...]] = tuple(
        re.compile(p)
        for p in (
            r"記載欄|住居地記載",
            r"届出年月日|届出年|出年月日",
            r"記載者印|者印",
            r"資格外活動|外活動",
            r"更新等|許可申請|申請欄",
        )
    )
    # A foreign resident's resident certificate (住民票の写し) lists 国籍・地域,
    # 在留資格 and the 在留カード number too: it is that certificate, not the card.
    NOT_THIS: ClassVar[re.Pattern[str]] = re.compile(r"住民票|世帯主|の写し|証明する|証明します")
    # Distinct marks a side needs before it is claimed: one alone may be a misread.
    MIN_MARKS: ClassVar[int] = 2
    # Added to every claim: a license's or My Number card's identify also counts
    # marks this card shares with them (氏名, 交付, まで有効, 性別, 生) and claims
    # it with up to ~7; a card showing two of this card's own marks is this card.
    SCORE_BASE: ClassVar[float] = 6.0

    EXPIRY_LABEL: ClassVar[re.Pattern[str]] = re.compile(r"まで有効|まで有|で有効")
    # The validity sentence's lead, where its date follows.
    VALIDITY_LEAD: ClassVar[re.Pattern[str]] = re.compile(r"この\s?カー\s?ド")
    # Not 年月日 alone: 許可年月日 and 交付年月日 print dates of their own.
    BIRTH_LABEL: ClassVar[re.Pattern[str]] = re.compile(r"生年月日|生年月|BIRTH")
    ADDRESS_LABEL: ClassVar[re.Pattern[str]] = re.compile(r"住\s?居\s?地|居地|住居")

    # Label centres measured on clean renders (samples/render_residence.py; std
    # under 0.007 over 8 cards). Not 在留資格: the work line repeats it. Not 番号:
    # its place depends on the number's width.
    ANCHORS: ClassVar[dict[str, dict[str, tuple[float, float]]]] = {
        "front": {
            "在留カード": (0.133, 0.079),
            "氏名": (0.059, 0.205),
            "生年月日": (0.087, 0.317),
            "住居地": (0.076, 0.422),
            "就労制限の有無": (0.094, 0.647),
            "許可年月日": (0.081, 0.804),
            "交付年月日": (0.330, 0.804),
            "このカード": (0.105, 0.908),
            "法務大臣": (0.843, 0.919),
        },
        "back": {
            "住居地記載欄": (0.103, 0.067),
            "届出年月日": (0.132, 0.132),
            "記載者印": (0.904, 0.129),
            "資格外活動許可欄": (0.106, 0.618),
            "在留期間更新等許可申請欄": (0.623, 0.618),
        },
    }
    # Front regions (x0, y0, x1, y1) as fractions of the card; values start at 0.145.
    NAME: ClassVar[Region] = (0.130, 0.165, 0.985, 0.262)
    BIRTH: ClassVar[Region] = (0.130, 0.275, 0.410, 0.360)
    ADDRESS: ClassVar[Region] = (0.130, 0.378, 0.715, 0.528)  # up to two lines
    EXPIRY: ClassVar[Region] = (0.025, 0.865, 0.780, 0.950)
    # The back's table: a 40 px header from y 62, then four 62 px rows; the date
    # column ends at x 250, the address column at 840 (the seal column follows).
    BACK_DATE_X: ClassVar[tuple[float, float]] = (0.026, 0.247)
    BACK_ADDRESS_X: ClassVar[tuple[float, float]] = (0.250, 0.830)
    BACK_ROWS_Y: ClassVar[tuple[tuple[float, float], ...]] = tuple(
        ((102 + 62 * i) / 638, (102 + 62 * (i + 1)) / 638) for i in range(4)
    )

    def identify(self, ocr: OcrResult) -> Identification | None:
        """Front or back by the marks only this card prints; ``None`` without two."""
        text = compact(ocr.text)
        if self.NOT_THIS.search(text):
            return None
        front = sum(1 for p in self.FRONT_MARKS if p.search(text))
        # Blur takes the small printed labels first; the larger values remain.
        front += any(self.NUMBER_MARK.search(compact(line.text)) for line in ocr.lines)
        back = sum(1 for p in self.BACK_MARKS if p.search(text))
        shared = sum(1 for p in self.SHARED_MARKS if p.search(text))
        if front >= self.MIN_MARKS and front >= back:
            return Identification("front", self.SCORE_BASE + front + shared)
        if back >= self.MIN_MARKS:
            return Identification("back", self.SCORE_BASE + back + shared)
        return None

    def extract(
        self,
        ocr: OcrResult,
        side: str,
        image: npt.NDArray[np.uint8],
        reader: FieldReader,
    ) -> DocumentReading:
        """Fields of the front, or the newest 住居地 entry of the back."""
        h, w = image.shape[:2]
        if side == "back":
            newest = self._newest_address(ocr, image, reader)
            fields = {"address": newest} if newest is not None else {}
            return DocumentReading(self.type_name, side, fields)
        lines = line_texts(ocr)
        candidates = {
            "name": (
                read_latin_name(reader, ocr, scale_box(self.NAME, w, h)),
                self._name_after_label(lines),
            ),
            "birth_date": (
                read_date(reader, ocr, scale_box(self.BIRTH, w, h)),
                date_in_line(lines, self.BIRTH_LABEL),
            ),
            "address": (
                # The shared label, not 住居地: read_text votes on the spelling of an
                # address only for it (the region starts right of the printed label).
                read_text(
                    reader, ocr, scale_box(self.ADDRESS, w, h), block=True, label=ADDRESS_LABEL
                ),
                self._address_after_label(lines),
            ),
            "expiry_date": (
                self._validity(reader, ocr, lines, scale_box(self.EXPIRY, w, h)),
                date_in_line(lines, self.EXPIRY_LABEL),
            ),
        }
        return DocumentReading(
            self.type_name, side, prefer_regions(candidates), has_photo=photo_present(image, ocr)
        )

    def _validity(
        self, reader: FieldReader, ocr: OcrResult, lines: list[LineText], region: Box
    ) -> FieldReading | None:
        """The date of the validity sentence, read in its layout ``region``, or
        where the page reading found the sentence (このカードは…) when the region
        read no date: a card whose outline took in a strip of the table below it
        is squeezed, its rows above where the layout puts them, and a card so
        read registers on its layout only with four labels read (dev hard photo,
        seed 2975, request 33: the sentence 40 px above its region, read there
        as このカードは 2028年01月15唱). The date is read by the same rules."""
        found = read_date(reader, ocr, region)
        if found is not None:
            return found
        for lt in lines:
            box = lt.box
            if box is None or not self.VALIDITY_LEAD.search(lt.text):
                continue
            middle = box.y + box.h / 2
            if region.y <= middle <= region.y + region.h:
                return None  # the region is that row: read already
            pad = round(box.h * 0.25)
            return read_date(reader, ocr, Box(region.x, box.y - pad, region.w, box.h + 2 * pad))
        return None

    def _name_after_label(self, lines: list[LineText]) -> FieldReading | None:
        """The Latin name after 氏名 on the whole-card OCR's line (the label fallback)."""
        found = find_labelled(lines, NAME_LABEL)
        if found is None:
            return None
        lt, start = found
        return _latin_span(lt, start)

    def _address_after_label(self, lines: list[LineText]) -> FieldReading | None:
        """The whole-card OCR's text after 住居地 on its line (the label fallback)."""
        for lt in lines:
            m = self.ADDRESS_LABEL.search(lt.text)
            if m and m.end() < len(lt.text):
                return lt.field(m.end(), len(lt.text))
        return None

    def _newest_address(
        self, ocr: OcrResult, image: npt.NDArray[np.uint8], reader: FieldReader
    ) -> FieldReading | None:
        """The address of the lowest filled row of the 住居地記載欄.

        The municipality writes each move in the next free row, so the lowest
        filled row is the newest, whatever its date reads as. A row is filled when
        the whole-card OCR read something in it or its cells carry ink (OCR may
        miss a faint row entirely). When that row cannot be read, its reading is
        the cell's raw OCR text (or nothing) with confidence 0, which the verdict
        cannot match: never an older row, never the front's address, since an
        address the holder has left must not verify.
        """
        h, w = image.shape[:2]
        to_image = _layout_to_image(ocr, self.ANCHORS["back"], w, h)
        newest: Box | None = None
        for y0, y1 in self.BACK_ROWS_Y:
            address, date = (
                _mapped(scale_box((x0, y0, x1, y1), w, h), to_image)
                for x0, x1 in (self.BACK_ADDRESS_X, self.BACK_DATE_X)
            )
            if any(_occupied(ocr, cell) or _inked(image, cell) for cell in (address, date)):
                newest = address
        if newest is None:
            return None
        # The shared address label makes read_text vote on the address's spelling.
        found = read_text(reader, ocr, newest, label=ADDRESS_LABEL)
        if found is not None and found.value:
            return found
        return FieldReading(_text_in(ocr, newest), newest, 0.0)


def _layout_to_image(
    ocr: OcrResult, anchors: dict[str, tuple[float, float]], w: int, h: int
) -> npt.NDArray[np.float64] | None:
    """The affine map from the card's layout to where the printed labels were read,
    or ``None`` (use the layout as it is) without four labels that agree on one.

    The back's pale table is where the card's outline search most often goes wrong
    on a white scanner bed, and the pipeline keeps an unregistered card when the
    registered one reads less confidently; the table's rows are thin (62 px) and
    must be found to within a few pixels."""
    observed, template = find_anchors(ocr, anchors, w, h)
    to_layout = register(observed, template)
    if to_layout is None:
        return None
    full = np.vstack([to_layout, [0.0, 0.0, 1.0]])
    return np.asarray(np.linalg.inv(full)[:2], dtype=np.float64)


def _mapped(box: Box, matrix: npt.NDArray[np.float64] | None) -> Box:
    """The bounding box of ``box`` mapped by ``matrix`` (unchanged if ``None``)."""
    if matrix is None:
        return box
    corners = np.array(
        [
            [box.x, box.y, 1.0],
            [box.x + box.w, box.y, 1.0],
            [box.x, box.y + box.h, 1.0],
            [box.x + box.w, box.y + box.h, 1.0],
        ]
    )
    mapped = corners @ matrix.T
    x0, y0 = mapped.min(axis=0)
    x1, y1 = mapped.max(axis=0)
    return Box(round(x0), round(y0), max(1, round(x1 - x0)), max(1, round(y1 - y0)))


def _occupied(ocr: OcrResult, cell: Box) -> bool:
    """Whether the whole-card OCR read print inside ``cell`` (inset clear of its
    ruled lines): :data:`_MIN_PRINTED_CHARS` kanji or kana in words read with
    :data:`_MIN_PRINTED_CONFIDENCE`.

    An empty row reads as something too: its ruled lines as ーーー or |, the
    security pattern's rosettes as Latin junk (ESREEE) and stray digits; a filled
    row's date (年月日) and address read as many kanji."""
    inner = _inset(cell)
    if inner is None:
        return False
    x0, y0, x1, y1 = inner
    printed = sum(
        1
        for line in ocr.lines
        for wd in line.words
        if x0 <= wd.box.x + wd.box.w / 2 <= x1
        and y0 <= wd.box.y + wd.box.h / 2 <= y1
        and wd.confidence >= _MIN_PRINTED_CONFIDENCE
        for ch in wd.text
        if _JAPANESE_CHAR.match(ch)
    )
    return printed >= _MIN_PRINTED_CHARS


def _inset(cell: Box) -> tuple[int, int, int, int] | None:
    """``cell`` less :data:`_CELL_INSET` px on each side, as (x0, y0, x1, y1)."""
    x0, y0 = max(0, cell.x + _CELL_INSET), max(0, cell.y + _CELL_INSET)
    x1, y1 = cell.x + cell.w - _CELL_INSET, cell.y + cell.h - _CELL_INSET
    return (x0, y0, x1, y1) if x1 > x0 and y1 > y0 else None


def _inked(image: npt.NDArray[np.uint8], cell: Box) -> bool:
    """Whether ``cell`` holds print (:func:`_ink_share` at least
    :data:`INK_MIN_SHARE`)."""
    return _ink_share(image, cell) >= INK_MIN_SHARE


def _ink_share(image: npt.NDArray[np.uint8], cell: Box) -> float:
    """The share of ``cell``'s pixels (inset clear of its ruled lines) darker than
    :data:`_INK_LEVEL` of the cell's own median grey (its paper, which print never
    covers half of), not counting ruled lines.

    The card's security pattern is pale and a printed row near black; measured
    against the cell's own paper, the light falling off across a photo does not
    turn an empty cell dark. A card rectified a little off brings a ruled line
    into the inset cell: a dark run as long as a good part of the cell and only a
    few pixels thick (:data:`_RULE_MAX_THICKNESS`), unlike any glyph or line of
    glyphs, and left out."""
    inner = _inset(cell)
    if inner is None:
        return 0.0
    x0, y0, x1, y1 = inner
    patch = image[y0:y1, x0:x1]
    gray = patch.mean(axis=2) if patch.ndim == 3 else patch.astype(np.float64)
    if gray.size == 0:
        return 0.0
    dark = (gray < _INK_LEVEL * float(np.median(gray))).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    height, width = dark.shape
    ink = 0
    for k in range(1, count):
        w, h, area = (int(v) for v in stats[k, 2:5])
        long_side = max(w, h)
        ruled = (w >= _RULE_MIN_SHARE * width or h >= 2 * _RULE_MIN_SHARE * height) and (
            area / long_side < _RULE_MAX_THICKNESS
        )
        if not ruled:
            ink += area
    return ink / dark.size


def _text_in(ocr: OcrResult, region: Box) -> str:
    """The compact text of the whole-card OCR's words centred inside ``region``."""
    return compact(
        "".join(
            wd.text
            for line in ocr.lines
            for wd in line.words
            if region.x <= wd.box.x + wd.box.w / 2 <= region.x + region.w
            and region.y <= wd.box.y + wd.box.h / 2 <= region.y + region.h
        )
    )


def read_latin_name(reader: FieldReader, ocr: OcrResult, region: Box) -> FieldReading | None:
    """Read a name printed in Latin capitals in ``region``.

    Several readings vote (each model and scale of :meth:`FieldReader.read_variants`,
    and the main model restricted to capitals); the spelling most of them agree on
    wins, then the most confident. The vote never looks at the claim. Spaces are put
    where the print leaves a gap between words; anything not a Latin letter inside
    the name is kept, so that a misread glyph can never make a different name equal
    to the claim.
    """
    target = refine_region(region, ocr)
    results = [*reader.read_variants(target), reader.read(target, allowed=LATIN_CAPITALS + " ")]
    votes: dict[str, list[FieldReading]] = {}
    for result in results:
        found = _latin_in(result)
        if found is not None:
            votes.setdefault(found.value.replace(" ", ""), []).append(found)
    if not votes:
        return None

    def mean(r: FieldReading) -> float:
        return sum(r.char_confidences) / max(1, len(r.char_confidences))

    _, winners = max(votes.items(), key=lambda kv: (len(kv[1]), max(mean(r) for r in kv[1])))
    return max(winners, key=mean)


def _latin_in(result: OcrResult) -> FieldReading | None:
    """The Latin name in one reading: the line with the most Latin letters."""
    best: tuple[int, FieldReading] | None = None
    for lt in line_texts(result):
        reading = _latin_span(lt, 0)
        if reading is None:
            continue
        letters = sum(1 for ch in reading.value if _is_latin_letter(ch))
        if best is None or letters > best[0]:
            best = (letters, reading)
    return None if best is None else best[1]


def _latin_span(lt: LineText, start: int) -> FieldReading | None:
    """The name on ``lt`` at or after ``start``: from its first Latin letter to its
    last, with one space per gap between words (:data:`_WORD_GAP`).

    Nothing that may be one of the name's glyphs misread is left out: what lies
    between the letters stays as read, and so does any glyph touching the name at
    either end (within :data:`_APART`; a digit within :data:`_FAR_APART`), so that
    IVAN read as |VAN never becomes VAN, a shorter and different name that a claim
    might give. Left out are marks standing apart (a ruled line, the label's 名,
    the card's edge read as 1) and specks far smaller than a letter.
    """
    text = lt.text
    letters = [i for i in range(start, len(text)) if _is_latin_letter(text[i])]
    if not letters:
        return None
    first, end = letters[0], letters[-1] + 1
    while first > start and _touches(lt, first - 1, lt.gap_before(first)):
        first -= 1
    while end < len(text) and _touches(lt, end, lt.gap_before(end)):
        end += 1
    chars: list[str] = []
    confidences: list[float] = []
    for i in range(first, end):
        if i > first and lt.gap_before(i) > _WORD_GAP:
            chars.append(" ")
            confidences.append(100.0)
        chars.append(text[i])
        confidences.append(lt.owners[i].confidence)
    return FieldReading(
        "".join(chars),
        lt.field(first, end).box,
        min(lt.confidences(first, end)),
        tuple(confidences),
    )


def _touches(lt: LineText, i: int, gap: float) -> bool:
    """Whether character ``i``, ``gap`` line heights from the name's end beside it,
    may be one of the name's glyphs misread."""
    ch = lt.text[i]
    if ch.isspace() or _speck(lt, i):
        return False
    return gap <= (_FAR_APART if _is_digit(ch) else _APART)


def _speck(lt: LineText, i: int) -> bool:
    """Whether character ``i`` was read from a blob under :data:`_SPECK_SHARE` of
    the line's median glyph height: a dot of dust or a comma, never a letter."""
    heights = sorted(w.box.h for w in lt.owners)
    return lt.owners[i].box.h < _SPECK_SHARE * heights[len(heights) // 2]


def _is_latin_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _is_digit(ch: str) -> bool:
    return ch.isascii() and ch.isdigit()
