"""The Japanese text rules, in one place: width, spaces, dashes, kana, variant kanji, numerals.

Everything the matchers treat as "the same text" is decided here, so that a rule is written
once and tested once:

- NFKC folds full-width Latin and digits to ASCII and half-width katakana to full width.
- Names lose all spaces (including U+3000) and middle dots (``・･·``): cards and forms differ
  in where, and whether, they put them.
- Every Unicode hyphen, dash and minus becomes ``-``; ``ー`` and ``一`` become ``-`` too when
  they stand between digits, because OCR reads the printed dash of ``1-4-1`` as either.
  After kana, a dash is a misread long-vowel mark and becomes ``ー``.
- Variant kanji (異体字: 髙/高, 﨑/崎, 邊/辺 ...) fold to one form through
  ``data/kanji_variants.tsv``. Some folds (ヶ/ケ/が, 之/の) apply to addresses only: in a
  name they are different spellings.
- Kanji numerals convert to integers (``二十三`` → 23, ``一〇一`` → 101); addresses have their
  丁目 numbers converted (``一丁目`` → ``1丁目``).

>>> normalize_name("髙橋　一郎")
'高橋一郎'
>>> normalize_address("東京都千代田区霞ヶ関一丁目４－１")
'東京都千代田区霞ケ関1丁目4-1'
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType

__all__ = [
    "DASHES",
    "MIDDLE_DOTS",
    "fold_dashes",
    "fold_variants",
    "kanji_number_to_int",
    "normalize_address",
    "normalize_name",
    "normalize_name_mapped",
    "to_hiragana",
    "to_katakana",
]

#: Hyphens, dashes and minus signs that all mean "-" (after NFKC, which already folds
#: the full-width ``－`` and turns the half-width ``ｰ`` into ``ー``).
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\ufe58\ufe63\uff0d"

#: Separators dropped from names: middle dots (full, half width, Latin, bullet-like) and
#: the double hyphens used between the parts of foreign names written in katakana.
MIDDLE_DOTS = "\u30fb\uff65\u00b7\u2027\u2219\u22c5\u30a0="

# Characters that OCR produces for a printed dash between digits: the long-vowel mark and
# the kanji one are drawn as the same horizontal stroke.
_DIGIT_DASH_RE = re.compile(r"(?<=[0-9])[ー一](?=[0-9])")
_DASH_RE = re.compile(f"[{re.escape(DASHES)}]")

_KANJI_DIGITS: Mapping[str, int] = MappingProxyType(
    {
        "〇": 0,
        "零": 0,
        "一": 1,
        "壱": 1,
        "二": 2,
        "弐": 2,
        "三": 3,
        "参": 3,
        "四": 4,
        "五": 5,
        "六": 6,
        "七": 7,
        "八": 8,
        "九": 9,
    }
)
_KANJI_UNITS: Mapping[str, int] = MappingProxyType({"十": 10, "拾": 10, "百": 100, "千": 1000})
_KANJI_NUMERAL_CHARS = "".join(_KANJI_DIGITS) + "".join(_KANJI_UNITS)
# Only the 丁目 number is printed in kanji on cards (一丁目4番1号). Converting kanji before
# 番 or 号 as well would turn town names such as 一番町 or 麻布十番 into numbers.
_CHOME_RE = re.compile(f"([{_KANJI_NUMERAL_CHARS}]+)丁目")
# Katakana that OCR reads for the kanji numerals of their shape (ニ for 二, ー for
# 一): right before 丁目 nothing but a numeral can stand.
_KANA_NUMERALS = {"ニ": "二", "ー": "一"}
_KANA_NUMERAL_RE = re.compile(f"[{''.join(_KANA_NUMERALS)}](?=丁目)")
# 目 read as 日 or 自 (二丁日11番, a dev hard photo): after a numeral and 丁, and
# before a block number, nothing but 丁目 can stand.
_CHOME_MISREAD_RE = re.compile(f"(?<=[0-9{_KANJI_NUMERAL_CHARS}ニー]丁)[日自](?=[0-9]|$)")
# Latin letters that OCR reads for the digits of their shape (1O番 for 10番, l-4-1),
# where only a block number can stand: after no Latin letter (a building's name) and
# before a digit, a dash or a number's label. Not at the end, where a frame line
# read as l would turn 4番地1 into 4番地11; not | (a rule, never a digit) nor the
# capital I (buildings are numbered with Roman numerals: ハイツI).
_LETTER_DIGITS = {"O": "0", "o": "0", "l": "1"}
_LETTER_DIGIT_RE = re.compile(r"(?<![A-Za-z])[Ool](?=[0-9-]|丁目|番|号)")
# 巿 (U+5DFF, "a kind of apron") appears in no place name: it is always 市 misread.
_ADDRESS_MISREADS = str.maketrans({"巿": "市"})

# Hiragana ぁ..ゖ and katakana ァ..ヶ sit 0x60 apart; ゝゞ/ヽヾ (iteration marks) too.
_KANA_OFFSET = 0x60


def kanji_number_to_int(text: str) -> int:
    """The integer a kanji numeral writes: ``二十三`` → 23, ``一〇一`` → 101, ``千二百`` → 1200.

    Numerals without 十/百/千 are read digit by digit, as addresses and years are written
    (``一〇一``, ``二〇二五``). Raises ValueError for anything else.

    >>> kanji_number_to_int("二十三"), kanji_number_to_int("一〇一")
    (23, 101)
    """
    if not text:
        raise ValueError("empty numeral")
    if any(ch not in _KANJI_DIGITS and ch not in _KANJI_UNITS for ch in text):
        raise ValueError("not a kanji numeral")
    if not any(ch in _KANJI_UNITS for ch in text):
        return int("".join(str(_KANJI_DIGITS[ch]) for ch in text))
    total = 0
    digit: int | None = None
    last_unit = 10_000
    for ch in text:
        if ch in _KANJI_DIGITS:
            if digit is not None:
                raise ValueError("two digits in a row in a numeral with units")
            digit = _KANJI_DIGITS[ch]
        else:
            unit = _KANJI_UNITS[ch]
            # Units must fall (千, 百, 十): 十百 or 十十 is no numeral.
            if unit >= last_unit:
                raise ValueError("units out of order")
            last_unit = unit
            total += (1 if digit is None else digit) * unit
            digit = None
    return total + (digit or 0)


def to_hiragana(text: str) -> str:
    """Katakana → hiragana; everything else unchanged. ヷヸヹヺ have no hiragana and stay.

    >>> to_hiragana("ヤマダ タロウ")
    'やまだ たろう'
    """
    return "".join(
        chr(ord(ch) - _KANA_OFFSET) if "ァ" <= ch <= "ヶ" or ch in "ヽヾ" else ch for ch in text
    )


def to_katakana(text: str) -> str:
    """Hiragana → katakana; everything else unchanged.

    >>> to_katakana("やまだ たろう")
    'ヤマダ タロウ'
    """
    return "".join(
        chr(ord(ch) + _KANA_OFFSET) if "ぁ" <= ch <= "ゖ" or ch in "ゝゞ" else ch for ch in text
    )


@functools.cache
def _variant_tables() -> tuple[Mapping[str, str], Mapping[str, str]]:
    """The variant table, read once: (name folds, name + address-only folds)."""
    names: dict[str, str] = {}
    addresses: dict[str, str] = {}
    text = resources.files("idverify").joinpath("data/kanji_variants.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        variant, canonical, *rest = line.split("\t")
        scope = rest[0] if rest else "name"
        addresses[variant] = canonical
        if scope == "name":
            names[variant] = canonical
        elif scope != "address":
            raise ValueError(f"kanji_variants.tsv: unknown scope {scope!r}")
    return MappingProxyType(names), MappingProxyType(addresses)


def fold_variants(text: str, *, address: bool = False) -> str:
    """Fold variant kanji to their common form (髙→高, 﨑→崎, 邊→辺).

    With ``address=True`` the address-only folds apply as well (ヶ/ケ/が/ガ → ケ, 之/ノ → の).

    >>> fold_variants("山﨑"), fold_variants("霞ヶ関", address=True)
    ('山崎', '霞ケ関')
    """
    table = _variant_tables()[1 if address else 0]
    return "".join(table.get(ch, ch) for ch in text)


def fold_dashes(text: str) -> str:
    """Every hyphen/dash/minus to ``-``, and ``ー``/``一`` between digits to ``-``.

    Expects NFKC-folded text (full-width digits already ASCII).

    >>> fold_dashes("1ー4—1")
    '1-4-1'
    """
    return _DIGIT_DASH_RE.sub("-", _DASH_RE.sub("-", text))


def _is_kana(ch: str) -> bool:
    """Hiragana, katakana or the long-vowel mark."""
    return "ぁ" <= ch <= "ゖ" or "ァ" <= ch <= "ヺ" or ch in "ーゝゞヽヾ"


def _is_combining(ch: str) -> bool:
    """A mark that belongs to the character before it (dakuten included)."""
    # U+FF9E/U+FF9F are the half-width (han)dakuten: spacing characters that NFKC
    # combines with the kana before them, so they must be folded together with it.
    return unicodedata.combining(ch) != 0 or ch in "\u3099\u309a\uff9e\uff9f"


def normalize_name_mapped(text: str) -> tuple[str, str, tuple[int, ...]]:
    """:func:`normalize_name` with what the matcher needs to explain a difference.

    Returns ``(normalized, shaped, origins)``: the normalised name; the same characters
    before kana and case folding (``shaped``: katakana stays katakana, so that kanji 二 and
    katakana ニ, which OCR confuses, can be told from hiragana に, which it does not); and
    for each character the offset of its source in ``text``, to look up the OCR
    confidence of an observed character and to tell family from given name.
    """
    chars: list[tuple[str, int]] = []
    i = 0
    while i < len(text):
        # A base character with its combining marks is folded as one unit, so that
        # か + U+3099 and ｶﾞ both become が, mapped to the base character's offset.
        j = i + 1
        while j < len(text) and _is_combining(text[j]):
            j += 1
        chars.extend((ch, i) for ch in unicodedata.normalize("NFKC", text[i:j]))
        i = j
    names = _variant_tables()[0]
    shaped: list[str] = []
    folded: list[str] = []
    origins: list[int] = []
    for ch, origin in chars:
        if ch.isspace() or ch in MIDDLE_DOTS:
            continue
        if (ch in DASHES or ch == "ー") and shaped and _is_kana(shaped[-1]):
            ch = "ー"  # a long-vowel mark that OCR read as a dash
        elif ch == "々" and shaped:
            ch = shaped[-1]  # 佐々木 and 佐佐木 are the same name written two ways
        ch = names.get(ch, ch)
        shaped.append(ch)
        # Hiragana as the one kana script: a reading typed in hiragana equals the same
        # reading printed in katakana. Latin upper case: passports print upper case
        # (only where that keeps one character, so that offsets stay aligned).
        up = to_hiragana(ch).upper()
        folded.append(up if len(up) == 1 else ch)
        origins.append(origin)
    return "".join(folded), "".join(shaped), tuple(origins)


def normalize_name(text: str) -> str:
    """A name in the form the matcher compares: NFKC, no spaces or middle dots, variant
    kanji folded, katakana as hiragana, Latin upper case, 々 spelled out.

    >>> normalize_name("渡邊 ケン"), normalize_name("ジョン・スミス")
    ('渡辺けん', 'じょんすみす')
    """
    return normalize_name_mapped(text)[0]


def normalize_address(text: str) -> str:
    """An address in the form the parser reads: NFKC, dashes folded, spaces removed,
    variant kanji and ヶ/ケ/が and 之/の folded, 丁目 numbers as digits, and the
    misreadings that have one meaning in an address made right (巿 for 市, O and l
    among block numbers for 0 and 1, katakana ニ/ー before 丁目, 丁日 or 丁自 before
    a block number for 丁目).

    A space between two digits becomes ``-`` rather than vanishing: ``1-4-1 101`` must not
    turn into ``1-4-1101``. ``の`` between digits (``123の4``) is a dash as well.

    >>> normalize_address("大阪府大阪市北区梅田 三丁目 1－1 ")
    '大阪府大阪市北区梅田3丁目1-1'
    >>> normalize_address("中区大手町ニ丁目18番")  # katakana ニ for 二
    '中区大手町2丁目18番'
    """
    text = unicodedata.normalize("NFKC", text)
    text = _DASH_RE.sub("-", text)
    text = re.sub(r"(?<=[0-9])\s+(?=[0-9])", "-", text)
    text = re.sub(r"\s+", "", text)
    text = fold_dashes(text)
    text = fold_variants(text, address=True).translate(_ADDRESS_MISREADS)
    text = _LETTER_DIGIT_RE.sub(lambda m: _LETTER_DIGITS[m[0]], text)
    text = re.sub(r"(?<=[0-9])の(?=[0-9])", "-", text)
    text = _CHOME_MISREAD_RE.sub("目", text)
    text = _KANA_NUMERAL_RE.sub(lambda m: _KANA_NUMERALS[m[0]], text)
    return _CHOME_RE.sub(_chome_to_digits, text)


def _chome_to_digits(m: re.Match[str]) -> str:
    """``三丁目`` → ``3丁目``; a run that is no valid numeral is left as printed."""
    try:
        return f"{kanji_number_to_int(m[1])}丁目"
    except ValueError:
        return m[0]
