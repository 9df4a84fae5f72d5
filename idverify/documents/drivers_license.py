"""運転免許証 — the Japanese driver's license (IC card), front and back.

Front: 氏名 + birth date, 住所, 交付, the validity band (…まで有効), 免許の条件等,
license number 第…号, the photo on the right, the issuing 公安委員会.
Back: 備考 with address changes (記載事項変更: date, new address, police station);
the newest change is the holder's current address.

The layout of the card is fixed by regulation, so each field is read from its
own region of the rectified card (as fractions of the card, below); the labels
found by the whole-card OCR are the fallback.
"""

from __future__ import annotations

import re
from typing import ClassVar

import numpy as np
import numpy.typing as npt

from idverify.dates import find_dates
from idverify.documents.base import (
    FieldReader,
    Identification,
    LineText,
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
from idverify.models import DocumentReading, FieldReading, OcrResult

__all__ = ["DriversLicense"]

Region = tuple[float, float, float, float]


class DriversLicense:
    """The driver's license document module."""

    type_name: ClassVar[str] = "drivers_license"

    # Printed only on a license front; 免許 and 公安委員会 are the telling ones.
    FRONT_MARKS: ClassVar[tuple[str, ...]] = (
        "免許",
        "公安委員",
        "交付",
        "まで有効",
        "条件",
        "氏名",
        "住所",
        "種類",
        "番号",
        "運転",
    )
    FRONT_STRONG: ClassVar[tuple[str, ...]] = ("免許", "公安委員", "交付", "条件", "運転")
    # Printed values no other document shows, counted as front marks (and strong
    # ones) beside the labels: the license number (第 and 12 digits) and an era
    # date followed by まで有効 (a My Number card's validity is Gregorian, a
    # residence card's too). A blurred phone photo loses the small labels
    # (氏名, 住所, 交付) to the page reading while its values still read (a dev
    # hard photo, seed 2801: only まで有効 of the labels, both values read).
    FRONT_VALUES: ClassVar[tuple[re.Pattern[str], ...]] = (
        re.compile(r"第[0-9]{12}(?![0-9])"),
        re.compile(r"(?:令和|平成)[0-9]{1,2}年[0-9]{1,2}月[0-9]{1,2}日まで有効"),
    )
    BACK_MARKS: ClassVar[tuple[str, ...]] = ("備考", "警察署長", "記載事項変更", "臓器提供")
    # Phrases of the back's organ-donation paragraph. A back without an address
    # change shows little else, and its small 備考 and 臓器 are often misread (講器提供
    # on dev PDF copies, seed 2973, where the rest of the paragraph read right). No
    # other accepted document prints the paragraph: a My Number card's front has a
    # small 臓器提供意思 box, its back the number (guarded against below).
    BACK_PARAGRAPH: ClassVar[tuple[str, ...]] = (
        "意思表示",
        "提供します",
        "提供しません",
        "署名年月日",
        "家族署名",
        "死後",
    )
    # A My Number card's back: its label, or its 12 digits read in a run.
    _NUMBER_BACK: ClassVar[re.Pattern[str]] = re.compile(r"個人番号|[0-9]{8,}")
    EXPIRY_LABEL: ClassVar[re.Pattern[str]] = re.compile(r"まで有効|まで有|で有効")
    ISSUE_LABEL: ClassVar[re.Pattern[str]] = re.compile(r"交付")

    # Measured on the card layout (std under 0.005 across fonts and names).
    ANCHORS: ClassVar[dict[str, dict[str, tuple[float, float]]]] = {
        "front": {
            "氏名": (0.062, 0.118),
            "住所": (0.062, 0.230),
            "交付": (0.063, 0.336),
            "番号": (0.063, 0.644),
            "種類": (0.500, 0.836),
            "運転免許証": (0.572, 0.909),
            "公安委員会": (0.835, 0.911),
        },
        "back": {},
    }
    # Field regions of the front, as fractions (x0, y0, x1, y1) of the card.
    # Row 1: name (left) and birth date (right-aligned); row 2: address; row 3:
    # 交付 date; row 4: the coloured validity band.
    NAME: ClassVar[Region] = (0.104, 0.050, 0.625, 0.165)
    BIRTH: ClassVar[Region] = (0.600, 0.050, 0.985, 0.165)
    ADDRESS: ClassVar[Region] = (0.104, 0.170, 0.985, 0.278)
    ISSUE: ClassVar[Region] = (0.104, 0.282, 0.690, 0.373)
    EXPIRY: ClassVar[Region] = (0.025, 0.376, 0.680, 0.461)
    # The 備考 rows of the back: six rows under the header.
    BACK_ROWS: ClassVar[tuple[Region, ...]] = tuple(
        (0.030, (58 + 52 * i) / 638, 0.975, (58 + 52 * (i + 1)) / 638) for i in range(6)
    )

    # The back's entries print at ~2.4 mm (28 px), smaller than the front's values:
    # read a little enlarged (measured: 1.0-1.2 read a sample row right, 1.4+ lost 二).
    BACK_ZOOM: ClassVar[float] = 1.2
    # A change row ends with the authority that wrote it (…警察署長 or 公安委員会).
    # The small print of the station's title is often misread (敬察, 署 as 牧 or 箸):
    # 察 followed by 長 within two characters is enough.
    _AUTHORITY: ClassVar[re.Pattern[str]] = re.compile(r"(警察署長?|署長|公安委員会|察.{0,2}長)")
    _ADDRESS_WORD: ClassVar[re.Pattern[str]] = re.compile(r"住所[:：]?")

    def identify(self, ocr: OcrResult) -> Identification | None:
        """Front when the license marks are there; back when its 備考 marks are."""
        text = compact(ocr.text)
        values = sum(1 for pattern in self.FRONT_VALUES if pattern.search(text))
        front = count_marks(text, self.FRONT_MARKS) + values
        strong = count_marks(text, self.FRONT_STRONG) + values
        if strong >= 1 and front >= 3:
            return Identification("front", front + strong)
        back = count_marks(text, self.BACK_MARKS)
        if back >= 1 and ("警察署" in text or "備考" in text):
            return Identification("back", back + 1)
        paragraph = count_marks(text, self.BACK_PARAGRAPH)
        if paragraph >= 3 and not self._NUMBER_BACK.search(text):
            return Identification("back", 2)
        return None

    def extract(
        self,
        ocr: OcrResult,
        side: str,
        image: npt.NDArray[np.uint8],
        reader: FieldReader,
    ) -> DocumentReading:
        """Fields of the front, or the newest address change of the back."""
        h, w = image.shape[:2]
        if side == "back":
            newest = self._newest_change(ocr, reader, w, h)
            fields = {"address": newest} if newest is not None else {}
            return DocumentReading(self.type_name, side, fields)
        lines = line_texts(ocr)
        label_name, label_birth = name_and_birth_date(lines)
        candidates = {
            "name": (read_name(reader, ocr, scale_box(self.NAME, w, h)), label_name),
            "birth_date": (read_date(reader, ocr, scale_box(self.BIRTH, w, h)), label_birth),
            "address": (
                read_text(reader, ocr, scale_box(self.ADDRESS, w, h), label=ADDRESS_LABEL),
                address_after_label(lines, continuation=False),
            ),
            "expiry_date": (
                read_date(reader, ocr, scale_box(self.EXPIRY, w, h)),
                date_in_line(lines, self.EXPIRY_LABEL),
            ),
            "issue_date": (
                read_date(reader, ocr, scale_box(self.ISSUE, w, h)),
                date_in_line(lines, self.ISSUE_LABEL),
            ),
        }
        return DocumentReading(
            self.type_name, side, prefer_regions(candidates), has_photo=photo_present(image, ocr)
        )

    @staticmethod
    def _station_start(lt: LineText, start: int, authority: int) -> int:
        """Where the station's name (港 in 港警察署長) begins: after the printed gap
        that separates it from the address, or after the address's last number."""
        for i in range(authority - 1, max(start, authority - 8), -1):
            if lt.gap_before(i) > 0.5:
                return i
        tail = re.search(r"[\d号室階](?!.*[\d号室階])", lt.text[start:authority])
        return start + tail.end() if tail else authority

    def _newest_change(
        self, ocr: OcrResult, reader: FieldReader, w: int, h: int
    ) -> FieldReading | None:
        """The address of the most recent 記載事項変更 row."""
        best: tuple[str, FieldReading] | None = None
        for frac in self.BACK_ROWS:
            region = scale_box(frac, w, h)
            occupied = any(
                region.y <= wd.box.y + wd.box.h / 2 <= region.y + region.h
                for line in ocr.lines
                for wd in line.words
            )
            if not occupied:
                continue
            for lt in line_texts(reader.read(region, zoom=self.BACK_ZOOM)):
                change = self._parse_change(lt)
                if change is not None and (best is None or change[0] > best[0]):
                    best = change
        return best[1] if best else None

    def _parse_change(self, lt: LineText) -> tuple[str, FieldReading] | None:
        """(date, address) of one change row: "令和5年6月1日 住所 <address> 港警察署長"."""
        m = self._ADDRESS_WORD.search(lt.text)
        if not m:
            return None
        dates = find_dates(lt.text[: m.start()])
        if not dates:
            return None
        when = max(d for d, _, _ in dates).isoformat()
        start, end = m.end(), len(lt.text)
        authority = self._AUTHORITY.search(lt.text, start)
        if authority:
            end = self._station_start(lt, start, authority.start())
        if end <= start:
            return None
        return when, lt.field(start, end)
