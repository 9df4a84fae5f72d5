"""個人番号カード — the My Number card.

Front: 氏名, 住所 (often two lines), 生年月日 + 性別, validity (西暦 …まで有効),
photo, the title 個人番号カード. Back: the 12-digit individual number, name, birth
date, QR code and chip. Only the front is an identity document; the back must not
be collected at all (My Number Act), so on a back we only check that the number
is masked, and the reviewer image of a back is blacked out but for name and birth date.
"""

from __future__ import annotations

import re
from typing import ClassVar

import numpy as np
import numpy.typing as npt

from idverify.documents.base import (
    FieldReader,
    Identification,
    compact,
    count_marks,
    line_texts,
    scale_box,
)
from idverify.documents.fields import (
    ADDRESS_LABEL,
    address_after_label,
    date_in_line,
    name_and_birth_date,
    prefer_regions,
    read_date,
    read_name,
    read_text,
)
from idverify.documents.photo import photo_present
from idverify.models import Box, DocumentReading, FieldReading, OcrResult, SensitiveFinding

__all__ = ["MyNumberCard"]

Region = tuple[float, float, float, float]


class MyNumberCard:
    """The My Number card document module."""

    type_name: ClassVar[str] = "my_number_card"

    TITLE: ClassVar[re.Pattern[str]] = re.compile(r"個人番号カ[ーー一-]?ド|番号カード")
    # The title with its 番号 misread (個人箇呈カニ, 個人秋りカー, 個人番けカカ on
    # dev hard photos, seed 2968, request 31): 個人, one or two glyphs, カ. Taken
    # for the front only beside what only the front prints (FRONT_ONLY): the back
    # repeats its title.
    # カ is read small (ヵ) too: 個人番号ヵこFハー on an upside-down hard photo (seed 2972).
    TITLE_MISREAD: ClassVar[re.Pattern[str]] = re.compile(r"個人.{1,2}[カヵ]")
    # What the front prints and the back never does (the back: 個人番号, its digits,
    # 氏名, 生年月日, the title): labels, the validity's まで, an address's block
    # numbers (5番6, 丁目, 号室). Read for a front whose labels a glare washed out.
    # The issuer (○○市長, 町長, 村長, 区長) is printed on the front only too: a front
    # whose labels, validity and address a glare washed out kept 倶知安町長 and its
    # title, and was taken for a back by the title's 個人番号 (a genuine request
    # failed: dev hard photo, seed 2975, request 7). The title alone stays a back:
    # a back whose label is lost must still have its number checked.
    FRONT_ONLY: ClassVar[re.Pattern[str]] = re.compile(
        r"住所|有効|性別|まで|\d番\d|丁目|号室|[市町村区]長"
    )
    NUMBER_LABEL: ClassVar[re.Pattern[str]] = re.compile(r"個人番号|固人番号|個人番")
    FRONT_OWN_MARKS: ClassVar[tuple[str, ...]] = ("性別", "電子証明書")
    FRONT_MARKS: ClassVar[tuple[str, ...]] = ("氏名", "住所", "まで有効", "性別", "生", "市長")
    # Words printed on another accepted document and never on this card: a
    # resident certificate (which shares 氏名, 住所, 性別 and 個人番号) or a health
    # insurance card read at a slant or sideways must not pass for this card.
    FOREIGN_MARKS: ClassVar[re.Pattern[str]] = re.compile(
        r"住民票|世帯主|続柄|住民とな|相違ない|保険者|被保険"
    )
    EXPIRY_LABEL: ClassVar[re.Pattern[str]] = re.compile(r"まで有効|まで有|で有効")
    BIRTH_LABEL: ClassVar[re.Pattern[str]] = re.compile(r"生|性別")
    # Measured on the card layout (std under 0.01 across fonts and names).
    ANCHORS: ClassVar[dict[str, dict[str, tuple[float, float]]]] = {
        "front": {
            "氏名": (0.062, 0.108),
            "住所": (0.067, 0.217),
            "まで有効": (0.430, 0.597),
            "個人番号カード": (0.248, 0.888),
            "電子証明書": (0.092, 0.700),
            "臓器提供": (0.495, 0.706),
        },
        "back": {},
    }
    # Field regions as fractions (x0, y0, x1, y1) of the card.
    # Values start at 0.115; the regions start a little before, clear of the labels
    # (which end by 0.09), so that a value's first glyph is never cut.
    NAME: ClassVar[Region] = (0.100, 0.060, 0.680, 0.165)
    ADDRESS: ClassVar[Region] = (0.100, 0.170, 0.680, 0.445)  # up to three lines
    BIRTH: ClassVar[Region] = (0.100, 0.450, 0.680, 0.540)
    EXPIRY: ClassVar[Region] = (0.100, 0.552, 0.660, 0.645)
    # The back's 氏名 label ends by 0.085, its value starts at 0.10: a region taking
    # the label in read it as 兵名 glued to the name, a genuine back failed as
    # another person (兵名近藤 for 近藤; seed 4256 of the tests' generator).
    BACK_NAME: ClassVar[Region] = (0.090, 0.240, 0.700, 0.320)
    BACK_BIRTH: ClassVar[Region] = (0.030, 0.320, 0.700, 0.395)
    # Four or more digits in a run (spaces dropped): part of the individual number.
    # Any such run on the back means the number is at least partly legible.
    _DIGITS: ClassVar[re.Pattern[str]] = re.compile(r"\d{4,}")
    # A blacked-out area: dark pixels filling at least this share of the card.
    MASK_MIN_SHARE: ClassVar[float] = 0.02

    def identify(self, ocr: OcrResult) -> Identification | None:
        """Front by its title and address/validity labels; back by the 個人番号 label
        with no address (the back may repeat the title, but never the address)."""
        text = compact(ocr.text)
        if self.FOREIGN_MARKS.search(text):
            return None
        marks = count_marks(text, self.FRONT_MARKS)
        front_only = bool(self.FRONT_ONLY.search(text))
        titled = self.TITLE.search(text) or self.TITLE_MISREAD.search(text)
        if titled and front_only:
            return Identification("front", 3 + marks)
        # The title is small and sometimes not read; 性別 and 電子証明書 are printed
        # on no other accepted card's front (a license shows neither).
        own = count_marks(text, self.FRONT_OWN_MARKS)
        if own and ("氏名" in text or "住所" in text) and "免許" not in text:
            return Identification("front", 1 + own + marks)
        if self.NUMBER_LABEL.search(text):
            return Identification("back", 2 + (not front_only))
        if self.TITLE.search(text):
            return Identification("front", 2 + marks)
        return None

    def extract(
        self,
        ocr: OcrResult,
        side: str,
        image: npt.NDArray[np.uint8],
        reader: FieldReader,
    ) -> DocumentReading:
        """Fields of the front; on the back, whether the individual number is legible."""
        h, w = image.shape[:2]
        lines = line_texts(ocr)
        label_name, label_birth = name_and_birth_date(lines)
        if label_birth is None:
            label_birth = date_in_line(lines, self.BIRTH_LABEL)
        back = side == "back"
        candidates = {
            "name": (
                read_name(reader, ocr, scale_box(self.BACK_NAME if back else self.NAME, w, h)),
                label_name,
            ),
            "birth_date": (
                read_date(reader, ocr, scale_box(self.BACK_BIRTH if back else self.BIRTH, w, h)),
                label_birth,
            ),
        }
        if not back:
            candidates["address"] = (
                read_text(
                    reader, ocr, scale_box(self.ADDRESS, w, h), block=True, label=ADDRESS_LABEL
                ),
                address_after_label(lines, continuation=True),
            )
            candidates["expiry_date"] = (
                read_date(reader, ocr, scale_box(self.EXPIRY, w, h)),
                date_in_line(lines, self.EXPIRY_LABEL),
            )
        fields = prefer_regions(candidates)
        if back:
            return self._back(ocr, image, fields)
        return DocumentReading(self.type_name, side, fields, has_photo=photo_present(image, ocr))

    def _back(
        self, ocr: OcrResult, image: npt.NDArray[np.uint8], fields: dict[str, FieldReading]
    ) -> DocumentReading:
        h, w = image.shape[:2]
        keep = [f.box for f in fields.values() if f.box is not None]
        # Everything but the name and birth date is masked on the reviewer image:
        # the QR code and chip area also carry the number.
        masks = _complement(Box(0, 0, w, h), keep)
        sensitive = self.number_findings(ocr)
        if not sensitive and not _has_dark_block(image, self.MASK_MIN_SHARE):
            # Neither a legible number nor a blacked-out area: the number may be
            # there but unreadable to OCR. Not proven masked.
            sensitive.append(SensitiveFinding("individual_number_uncertain", None))
        return DocumentReading(
            self.type_name,
            "back",
            fields,
            has_photo=False,
            sensitive=tuple(sensitive),
            mask_boxes=tuple(masks),
        )

    def number_findings(self, ocr: OcrResult) -> list[SensitiveFinding]:
        """A finding for each line of a back's reading that shows part of the
        individual number: a run of four digits or more outside a date."""
        return [
            SensitiveFinding("individual_number", lt.box)
            for lt in line_texts(ocr)
            if not self._is_date_line(lt.text)
            and len(re.sub(r"[^\d]", "", lt.text)) >= 4
            and self._DIGITS.search(lt.text)
        ]

    @staticmethod
    def _is_date_line(text: str) -> bool:
        return bool(re.search(r"(昭和|平成|令和|大正|\d{4}年|年\d{1,2}月|月\d{1,2}日)", text))


def _complement(frame: Box, keep: list[Box]) -> list[Box]:
    """Boxes covering ``frame`` except horizontal bands around the kept boxes."""
    if not keep:
        return [frame]
    bands = sorted((b.y, b.y + b.h) for b in keep)
    masks: list[Box] = []
    y = frame.y
    for top, bottom in bands:
        if top > y:
            masks.append(Box(frame.x, y, frame.w, top - y))
        y = max(y, bottom)
    if y < frame.y + frame.h:
        masks.append(Box(frame.x, y, frame.w, frame.y + frame.h - y))
    # Within each kept band, mask what lies right of the kept text.
    for b in keep:
        right = b.x + b.w
        if right < frame.x + frame.w:
            masks.append(Box(right, b.y, frame.x + frame.w - right, b.h))
    return masks


def _has_dark_block(image: npt.NDArray[np.uint8], min_share: float) -> bool:
    """Whether a solid dark area (a marker or sticker over the number) is present."""
    gray = image.mean(axis=2) if image.ndim == 3 else image.astype(np.float64)
    dark = gray < 60
    h, w = dark.shape
    # Row-wise runs: a blacked-out number is a block, text strokes are thin.
    rows = dark.sum(axis=1)
    block_rows = rows > 0.2 * w
    return bool(block_rows.sum() * 0.2 * w >= min_share * h * w and block_rows.sum() > 0.06 * h)
