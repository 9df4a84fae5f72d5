"""Conservative comparison of a claimed name or address with the text read from a document.

The matchers answer ``SAME`` only when the two values are equal after the rules of
:mod:`idverify.normalize`. Fuzzy similarity is computed for display (``score``) but never
decides ``SAME``: near-identical names are often different people (太郎/次郎, 健/健一), and
addresses one 番 apart are different addresses. ``UNCERTAIN`` is for what a human must look
at: an unreadable field, or a name whose only differences are characters OCR is known to
confuse (口/ロ, 二/ニ) read with low confidence.

Names and addresses are never logged; ``detail`` names the component that differed
("given name", "番"), never its value.

>>> match_name("山田 太郎", "山田太郎").outcome
<MatchOutcome.SAME: 'same'>
>>> match_name("山田 太郎", "山田 次郎").detail
'given name'
>>> match_address("千代田区丸の内1-4-1", "東京都千代田区丸の内一丁目4番1号").outcome
<MatchOutcome.SAME: 'same'>
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from rapidfuzz import fuzz

from idverify.config import MatchThresholds
from idverify.models import MatchOutcome, MatchResult
from idverify.normalize import (
    kanji_number_to_int,
    normalize_address,
    normalize_name,
    normalize_name_mapped,
    to_katakana,
)
from idverify.romaji import passport_spellings

__all__ = [
    "DESIGNATED_CITIES",
    "OCR_CONFUSIONS",
    "PREFECTURES",
    "TOKYO_WARDS",
    "ParsedAddress",
    "is_ambiguous_municipality",
    "match_address",
    "match_name",
    "match_romanized_name",
    "parse_address",
]

_DEFAULT_THRESHOLDS = MatchThresholds()

# --------------------------------------------------------------------------- names


def match_romanized_name(claimed_kana: str | None, observed: str) -> MatchResult:
    """Compare a name printed in Latin letters (a passport's 山田太郎 is YAMADA TARO)
    with the claim's kana in passport Hepburn, any spelling the holder may have
    asked for (SATO / SATOH / SATOU); spaces and ``<`` ignored, family name first
    on both sides.

    Without kana the claim cannot be romanised reliably (a kanji has several
    readings): UNCERTAIN ("no kana"). A kana claim that is not kana is UNCERTAIN
    too; a reading that matches no spelling is DIFFERENT.
    """
    read = re.sub(r"[\s<]+", "", unicodedata.normalize("NFKC", observed)).upper()
    if not read:
        return MatchResult(MatchOutcome.UNCERTAIN, 0.0, "unreadable")
    if not claimed_kana or not claimed_kana.strip():
        return MatchResult(MatchOutcome.UNCERTAIN, 0.0, "no kana")
    try:
        spellings = {s.replace(" ", "") for s in passport_spellings(claimed_kana)}
    except ValueError:
        return MatchResult(MatchOutcome.UNCERTAIN, 0.0, "kana")
    if read in spellings:
        return MatchResult(MatchOutcome.SAME, 100.0, "")
    score = max(float(fuzz.ratio(read, s)) for s in spellings)
    return MatchResult(MatchOutcome.DIFFERENT, score, "romaji")


#: Groups of characters that OCR misreads as one another, as printed on cards. A name that
#: differs from the claim only by such characters, read with low confidence, is UNCERTAIN
#: (a human looks at the image) rather than DIFFERENT.
#:
#: Chosen because the shapes are the same or differ by a stroke's length, so a blurred
#: print cannot tell them apart: kanji vs katakana drawn identically (口/ロ, 二/ニ, 八/ハ),
#: the dash family (一/ー/-), stroke-length twins (未/末, 土/士, 千/干, 己/已/巳, 人/入),
#: 巿 (never in a name; always a misread 市), digits vs letters, small vs full-size kana and
#: ぱ/ば (a tiny circle vs two dots), ソ/ン, シ/ツ (the same strokes at another angle), and
#: the pairs measured on this project's captures (郎/朗, 也/世).
#:
#: Deliberately NOT here: 大/太/犬 and 代/伐 style pairs. 太 is 大 plus a clear dot and
#: 太田/大田, 太郎/大郎 are different, common names: treating them as a possible misread
#: would send different people to review instead of rejecting them. Pairs that are the
#: same character written two ways (﨑/崎, 髙/高) are not confusions either: they are folded
#: to one form by the variant table before comparing, and so are SAME.
OCR_CONFUSIONS: tuple[frozenset[str], ...] = tuple(
    frozenset(group)
    for group in (
        "巿市",
        "一ー-",
        "口ロ",
        "夕タ",
        "力カ",
        "二ニ",
        "八ハ",
        "工エ",
        "卜ト",
        "0OoＯ〇",
        "1lI|",
        "未末",
        "己已巳",
        "土士",
        "人入",
        "千干",
        # Measured on this project's captures: the jpn models read 郎 as 朗 and 也 as
        # 世 (low confidence). Both pairs are also real, different names (太郎/太朗),
        # so they are only ever uncertain, never the same.
        "郎朗",
        "也世選",
        # Measured on development captures (seeds 1500-1900): each misread of a
        # genuine name, seen at confidences of 17-89. All are real kanji of names,
        # so a difference in one is only ever uncertain, never the same.
        "隆降",
        "蓮運夢",
        "翔閉",
        "愛受",
        "輔還輌",
        "浩洗",
        "尋豊",
        "裕容",
        "辺巡",
        "アァ",
        "イィ",
        "ウゥ",
        "エェ",
        "オォ",
        "ツッ",
        "ヤャ",
        "ユュ",
        "ヨョ",
        "ワヮ",
        "カヵ",
        "ケヶ",
        "パバ",
        "ピビ",
        "プブ",
        "ペベ",
        "ポボ",
        "ソン",
        "シツ",
    )
)


# A name typed in Latin letters, with the spaces, commas, hyphens and apostrophes
# that spell names: the claims whose word order may be rotated.
_LATIN_CLAIM = re.compile(r"[A-Za-z][A-Za-z ,'-]*")


def _confusable(a: str, b: str) -> bool:
    """Whether OCR may have read ``b`` where ``a`` is printed (or the other way round).

    Kana are compared as katakana, so small/large and ぱ/ば pairs hold in either kana
    script; a kanji is only confused with the katakana of its shape (二/ニ, never 二/に).
    """
    pairs = [(a, b)]
    if _is_kana(a) and _is_kana(b):
        pairs.append((to_katakana(a), to_katakana(b)))
    return any(x in g and y in g for x, y in pairs for g in OCR_CONFUSIONS)


def _is_kana(ch: str) -> bool:
    """Hiragana or katakana (not the long-vowel mark, which is in the dash group)."""
    return "ぁ" <= ch <= "ゖ" or "ァ" <= ch <= "ヺ"


def _script(text: str) -> str:
    """What a normalised name is written in: "kana", "latin" or "kanji" (anything else)."""
    # 一 counts as kana: in a kana name it is a misread ー, which the confusion table handles.
    if all(_is_kana(c) or c in "ー一" for c in text):
        return "kana"
    if all(c.isascii() for c in text):
        return "latin"
    return "kanji"


def _family_length(raw: str, origins: tuple[int, ...]) -> int | None:
    """How many normalised characters the family name has, if ``raw`` separates the
    family and given names with a space (as cards and forms usually do), else None.
    """
    m = re.search(r"\s", raw.strip())
    if m is None:
        return None
    split = len(raw) - len(raw.lstrip()) + m.start()
    return sum(1 for o in origins if o < split)


def _part(index: int, family_len: int | None) -> str:
    """The name component that holds normalised character ``index`` (0-based)."""
    if family_len is None:
        return f"character {index + 1}"
    return "family name" if index < family_len else "given name"


def _latin_claim_order(claimed: str, norm_observed: str) -> str:
    """A Latin claim written with its words in the order the document prints them.

    Residence cards print FAMILY GIVEN; a requester may type "Van An Nguyen" or
    "Nguyen, Van An". The claim's commas are dropped and its words rotated (never
    otherwise reordered, never a letter changed) to the rotation that reads most like
    the document: an exact rotation then compares SAME, a rotation one letter off is
    still compared letter by letter. A claim not in Latin letters is returned as is.
    Only the claim is touched: a comma *read* on a document may stand where a letter
    was, and dropping it could make a shorter, different name equal.
    """
    text = unicodedata.normalize("NFKC", claimed)
    if not _LATIN_CLAIM.fullmatch(text):
        return claimed
    words = text.replace(",", " ").split()
    rotations = [" ".join(words[k:] + words[:k]) for k in range(max(1, len(words)))]
    return max(
        rotations,
        key=lambda r: (
            normalize_name(r) == norm_observed,
            fuzz.ratio(normalize_name(r), norm_observed),
        ),
    )


def match_name(
    claimed: str,
    observed: str,
    *,
    observed_confidences: Sequence[float] | None = None,
    thresholds: MatchThresholds = _DEFAULT_THRESHOLDS,
) -> MatchResult:
    """Compare a claimed name (kanji or kana, as the requester typed it) with OCR text.

    - SAME (score 100) only when both are equal after :func:`normalize_name` (spaces,
      middle dots, width, variant kanji, kana script). A Latin claim is compared
      without its commas and with its words in the document's order when a rotation
      of them gives it ("Van An Nguyen" for NGUYEN VAN AN; see
      :func:`_latin_claim_order`).
    - UNCERTAIN when nothing was read (``detail="unreadable"``), when the two are written
      in different scripts, kanji, kana or Latin (``"script"``: a reading cannot be
      compared with kanji, and kana is not romanised here), or when the lengths are
      equal and every differing character is a known OCR confusion
      (:data:`OCR_CONFUSIONS`) read with a confidence below
      ``thresholds.low_char_confidence`` (with no confidences given, any confusion
      pair counts as possibly misread).
    - DIFFERENT otherwise: any other differing character, an added or missing one
      (健/健一), or an empty claim.

    ``observed_confidences`` holds one OCR confidence (0-100) per character of
    ``observed``; a ValueError is raised if the count differs. ``score`` is the rapidfuzz
    ratio of the normalised names, for display only.
    """
    if observed_confidences is not None and len(observed_confidences) != len(observed):
        raise ValueError("observed_confidences needs one value per character of observed")
    norm_o, shaped_o, origins_o = normalize_name_mapped(observed)
    if _script(norm_o) == "latin":
        claimed = _latin_claim_order(claimed, norm_o)
    norm_c, shaped_c, origins_c = normalize_name_mapped(claimed)
    if not norm_o:
        return MatchResult(MatchOutcome.UNCERTAIN, 0.0, "unreadable")
    if not norm_c:
        return MatchResult(MatchOutcome.DIFFERENT, 0.0, "claimed name is empty")
    if norm_c == norm_o:
        return MatchResult(MatchOutcome.SAME, 100.0, "")
    score = float(fuzz.ratio(norm_c, norm_o))
    if _script(norm_c) != _script(norm_o):
        # A reading (kana) or a romanisation (Latin) cannot be compared with kanji, nor
        # kana with Latin (no Hepburn rules here yet): a human decides.
        return MatchResult(MatchOutcome.UNCERTAIN, score, "script")

    family_len = _family_length(claimed, origins_c)
    if family_len is None:
        family_len = _family_length(observed, origins_o)

    if len(norm_c) != len(norm_o):
        first = next(
            (i for i, (a, b) in enumerate(zip(norm_c, norm_o, strict=False)) if a != b),
            min(len(norm_c), len(norm_o)),
        )
        return MatchResult(MatchOutcome.DIFFERENT, score, _part(first, family_len))

    misread: list[int] = []
    for i, (a, b) in enumerate(zip(norm_c, norm_o, strict=True)):
        if a == b:
            continue
        low = (
            observed_confidences is None
            or observed_confidences[origins_o[i]] < thresholds.low_char_confidence
        )
        if not (low and _confusable(shaped_c[i], shaped_o[i])):
            return MatchResult(MatchOutcome.DIFFERENT, score, _part(i, family_len))
        misread.append(i)
    where = ", ".join(dict.fromkeys(_part(i, family_len) for i in misread))
    return MatchResult(MatchOutcome.UNCERTAIN, score, f"possible misread: {where}")


# ------------------------------------------------------------------------- addresses

#: The 47 prefectures, in the order of their JIS codes.
PREFECTURES: tuple[str, ...] = (
    "北海道",
    "青森県",
    "岩手県",
    "宮城県",
    "秋田県",
    "山形県",
    "福島県",
    "茨城県",
    "栃木県",
    "群馬県",
    "埼玉県",
    "千葉県",
    "東京都",
    "神奈川県",
    "新潟県",
    "富山県",
    "石川県",
    "福井県",
    "山梨県",
    "長野県",
    "岐阜県",
    "静岡県",
    "愛知県",
    "三重県",
    "滋賀県",
    "京都府",
    "大阪府",
    "兵庫県",
    "奈良県",
    "和歌山県",
    "鳥取県",
    "島根県",
    "岡山県",
    "広島県",
    "山口県",
    "徳島県",
    "香川県",
    "愛媛県",
    "高知県",
    "福岡県",
    "佐賀県",
    "長崎県",
    "熊本県",
    "大分県",
    "宮崎県",
    "鹿児島県",
    "沖縄県",
)

#: The 20 designated cities (政令指定都市), whose wards belong to the municipality.
DESIGNATED_CITIES: tuple[str, ...] = (
    "札幌市",
    "仙台市",
    "さいたま市",
    "千葉市",
    "横浜市",
    "川崎市",
    "相模原市",
    "新潟市",
    "静岡市",
    "浜松市",
    "名古屋市",
    "京都市",
    "大阪市",
    "堺市",
    "神戸市",
    "岡山市",
    "広島市",
    "北九州市",
    "福岡市",
    "熊本市",
)

#: Tokyo's 23 special wards: municipalities of their own, written without a city.
TOKYO_WARDS: tuple[str, ...] = (
    "千代田区",
    "中央区",
    "港区",
    "新宿区",
    "文京区",
    "台東区",
    "墨田区",
    "江東区",
    "品川区",
    "目黒区",
    "大田区",
    "世田谷区",
    "渋谷区",
    "中野区",
    "杉並区",
    "豊島区",
    "北区",
    "荒川区",
    "板橋区",
    "練馬区",
    "足立区",
    "葛飾区",
    "江戸川区",
)

# Municipalities whose own name contains 市, 郡, 町 or 村 before the final suffix, where the
# shortest-match rule below would cut them short (四日市市 → 四日市 + 市...).
_SPECIAL_CITIES: tuple[str, ...] = (
    "四日市市",
    "廿日市市",
    "野々市市",
    "大和郡山市",
    "郡山市",
    "小郡市",
    "蒲郡市",
    "郡上市",
)
_SPECIAL_TOWNS: tuple[str, ...] = ("玉村町", "大町町")

_NO_DIGIT = r"[^0-9]"
_GUN_RE = re.compile(f"{_NO_DIGIT}+?郡")
_CITY_RE = re.compile(f"{_NO_DIGIT}+?市")
_TOWN_OR_VILLAGE_RE = re.compile(f"{_NO_DIGIT}+?[町村]")
_WARD_RE = re.compile(f"{_NO_DIGIT}{{1,5}}?区")
# A number that is part of a town name, not of the block number: 北1条西 (Hokkaido),
# 第2地割 (Iwate), 1番町 / 1番丁 (typed for 一番町).
_TOWN_NUMBER_RE = re.compile(r"[0-9]+(?:条|線|地割|番町|番丁)")
_KANJI_NUMERAL_RUN_RE = re.compile("[〇一二三四五六七八九十百千]+")
_DIGIT_RE = re.compile("[0-9]")
_DIGITS_RE = re.compile("[0-9]+")
_ROOM_RE = re.compile(r"#?([0-9]+[A-Za-z]?|[A-Za-z][0-9]+)(?:号室|号|室)?$")


@dataclass(frozen=True, slots=True)
class ParsedAddress:
    """An address split into the parts the matcher compares.

    ``numbers`` are the block numbers in order (丁目, 番/番地, 号): 一丁目4番1号, 1丁目4-1,
    1-4-1 and １－４－１ all give (1, 4, 1); 4番地1 gives (4, 1). ``number_labels`` says
    which each was printed as ("丁目", "番", "号", or "" for a bare number). ``town`` is
    the 大字/字/町名 without 大字 and without the 丁目. A room written as a fourth number
    (1-4-1-203) or after 号 is the ``room``.
    """

    prefecture: str | None
    municipality: str | None
    town: str
    numbers: tuple[int, ...]
    building: str | None
    room: str | None
    number_labels: tuple[str, ...] = ()


def _municipality(rest: str) -> str | None:
    """The 市区町村 at the start of ``rest`` (with its 郡 or designated-city ward)."""
    for designated in DESIGNATED_CITIES:
        if rest.startswith(designated):
            ward = _WARD_RE.match(rest, len(designated))
            return designated + ward[0] if ward else designated
    # Checked whatever the prefecture says, so that 大阪府千代田区 parses and is then
    # refused for its prefecture rather than for an unreadable municipality.
    for ward_name in TOKYO_WARDS:
        if rest.startswith(ward_name):
            return ward_name
    for name in _SPECIAL_CITIES:
        if rest.startswith(name):
            return name
    gun, city = _GUN_RE.match(rest), _CITY_RE.match(rest)
    if gun and (city is None or gun.end() < city.end()):
        after = rest[gun.end() :]
        special = next((t for t in _SPECIAL_TOWNS if after.startswith(t)), None)
        if special:
            return gun[0] + special
        town = _TOWN_OR_VILLAGE_RE.match(after)
        if town:
            return gun[0] + town[0]
        # No town after it: the 郡 was part of a town's name (美里町大字古郡1000).
    if city:
        return city[0]
    # A town or village written without its 郡 (奥多摩町), as forms often do.
    special = next((t for t in _SPECIAL_TOWNS if rest.startswith(t)), None)
    if special:
        return special
    town = _TOWN_OR_VILLAGE_RE.match(rest)
    return town[0] if town else None


def _block_start(text: str) -> int:
    """Where the block number starts in the text after the municipality."""
    pos = 0
    while True:
        m = _DIGIT_RE.search(text, pos)
        if m is None:
            return len(text)
        town_number = _TOWN_NUMBER_RE.match(text, m.start())
        if town_number is None:
            return m.start()
        pos = town_number.end()


def _numbers(text: str) -> tuple[list[int], list[str], str | None, int]:
    """Read the block number at the start of ``text``.

    Returns the numbers, their labels, a room if one was written as 203号室 straight after
    the numbers, and where the rest (building, room) begins.
    """
    numbers: list[int] = []
    labels: list[str] = []
    pos = 0
    while pos < len(text) and text[pos].isdigit():
        m = _DIGITS_RE.match(text, pos)
        assert m is not None  # text[pos] is a digit
        value, end = int(m[0]), m.end()
        tail = text[end:]
        if tail.startswith(("号室", "室")) and numbers:
            return numbers, labels, m[0], end + (2 if tail.startswith("号室") else 1)
        if tail.startswith(("階", "F", "号棟", "号館", "棟", "館")):
            break  # a floor or a building number: part of the building
        label = ""
        for suffix, name in (("丁目", "丁目"), ("番地", "番"), ("番", "番"), ("号", "号")):
            if tail.startswith(suffix):
                label, end = name, end + len(suffix)
                break
        numbers.append(value)
        labels.append(label)
        pos = end
        if pos + 1 < len(text) and text[pos] in "-の" and text[pos + 1].isdigit():
            pos += 1  # 1-4-1, 4番地の1
        elif not (label and pos < len(text) and text[pos].isdigit()):
            break  # 1丁目4-1 and 4番地1 go on; anything else ends the block
    return numbers, labels, None, pos


def _building_and_room(text: str) -> tuple[str | None, str | None]:
    """Split what follows the block number into a building name and a room."""
    text = text.strip("-")
    if not text:
        return None, None
    m = _ROOM_RE.search(text)
    if m is None:
        return text, None
    building = text[: m.start()].rstrip("-")
    return building or None, m[1]


def parse_address(text: str) -> ParsedAddress:
    """Split an address into prefecture, municipality, town, block numbers, building, room.

    Parts that are not found are None (``town`` ""; ``numbers`` ()). The text is first
    normalised with :func:`idverify.normalize.normalize_address`.

    >>> parse_address("神奈川県横浜市中区山下町12番地 コーポ青葉203号室")
    ParsedAddress(prefecture='神奈川県', municipality='横浜市中区', town='山下町', numbers=(12,), \
building='コーポ青葉', room='203', number_labels=('番',))
    """
    text = normalize_address(text)
    prefecture = next((p for p in PREFECTURES if text.startswith(p)), None)
    rest = text[len(prefecture) :] if prefecture else text
    municipality = _municipality(rest)
    if municipality is None:
        return ParsedAddress(prefecture, None, "", (), None, None)
    rest = rest[len(municipality) :]
    start = _block_start(rest)
    town = rest[:start].rstrip("-")
    # 大字 ("large section") is dropped in everyday writing; so is a leading 字.
    town = town.replace("大字", "").removeprefix("字")
    numbers, labels, room, end = _numbers(rest[start:])
    building, trailing_room = _building_and_room(rest[start + end :])
    if room is None:
        room = trailing_room
        # A number after 号, or a fourth bare number (1-4-1-203), is a room: no block
        # number has more than three parts.
        after_go = next((i for i in range(1, len(labels)) if labels[i - 1] == "号"), None)
        cut = after_go if after_go is not None else (3 if len(numbers) > 3 else None)
        if cut is not None and room is None and building is None:
            room = "-".join(str(n) for n in numbers[cut:])
            numbers, labels = numbers[:cut], labels[:cut]
    return ParsedAddress(
        prefecture, municipality, town, tuple(numbers), building, room, tuple(labels)
    )


def _town_key(town: str) -> str:
    """A town name with its kanji numerals as digits: 一番町 and 1番町, 北一条西 and 北1条西
    are the same town written two ways.
    """

    def digits(m: re.Match[str]) -> str:
        try:
            return str(kanji_number_to_int(m[0]))
        except ValueError:
            return m[0]

    return _KANJI_NUMERAL_RUN_RE.sub(digits, town)


@functools.cache
def _ambiguous_municipalities() -> frozenset[str]:
    """Municipality names found in more than one prefecture (府中市, 美里町), from
    ``data/ambiguous_municipalities.txt``."""
    text = resources.files("idverify").joinpath("data/ambiguous_municipalities.txt")
    lines = text.read_text("utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def is_ambiguous_municipality(name: str) -> bool:
    """Whether ``name`` names a municipality in more than one prefecture, so that
    without the prefecture it identifies no place: 府中市, 美里町 (遠田郡美里町 in
    宮城県, 児玉郡美里町 in 埼玉県), but not 遠田郡美里町."""
    return name in _ambiguous_municipalities()


def _same_municipality(a: str, b: str) -> bool:
    """Equal, or equal but for the 郡: one side leaves it out (西多摩郡奥多摩町 /
    奥多摩町), or the two spell it differently (虻田郡 misread as 是田郡). A town or
    village name is unique within its prefecture, so the 郡 adds nothing that
    identifies the place; the prefecture is compared separately."""
    if a == b:
        return True
    a_town, b_town = a.rpartition("郡")[2], b.rpartition("郡")[2]
    if "郡" in a and "郡" in b and a_town == b_town and a_town.endswith(("町", "村")):
        return True
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return (
        longer.endswith(shorter)
        and shorter.endswith(("町", "村"))
        and longer[: -len(shorter)].endswith("郡")
    )


def _number_label(i: int, c: ParsedAddress, o: ParsedAddress) -> str:
    """The name of block number ``i`` ("丁目", "番", "号"), from the printed labels if any."""
    for labels in (o.number_labels, c.number_labels):
        if i < len(labels) and labels[i]:
            return labels[i]
    n = max(len(c.numbers), len(o.numbers))
    positional = ("丁目", "番", "号") if n >= 3 else ("番", "号")
    return positional[min(i, len(positional) - 1)]


def _place_outcome(claimed: str | None, observed: str | None) -> MatchOutcome:
    """A place name one character off the claim is uncertain, not different.

    OCR misreads rare place-name kanji with confidence (虻田郡 read as 是田郡); a
    different place that differs in one character only (北一条/北二条) then goes to
    a person rather than failing, and it never passes either way.
    """
    if (
        claimed
        and observed
        and len(claimed) == len(observed)
        and sum(a != b for a, b in zip(claimed, observed, strict=True)) == 1
    ):
        return MatchOutcome.UNCERTAIN
    return MatchOutcome.DIFFERENT


def _building_key(building: str) -> str:
    """A building name compared without case and separators."""
    return re.sub(r"[-・]", "", building).casefold()


def match_address(
    claimed: str,
    observed: str,
    *,
    thresholds: MatchThresholds = _DEFAULT_THRESHOLDS,
) -> MatchResult:
    """Compare a claimed address with the address read from a document.

    SAME when prefecture, municipality, town and every block number agree (a number
    printed as 丁目 on one side and 番 on the other does not). The claim may leave out
    the prefecture (UNCERTAIN, "都道府県", when its municipality exists in more than
    one: :func:`is_ambiguous_municipality`), a 郡, the building and the room; a
    building or room present on both sides must agree ("建物", "部屋"). A block number
    on one side only is a DIFFERENT address (claim 1-4 vs card 1-4-1 → "号"), unless
    it is the other side's room (1-4-1-203 vs 1-4-1 …203号室). When the observed text
    has no recognisable municipality the answer is UNCERTAIN ("unreadable"); when it
    has nothing after the municipality (a lost line), UNCERTAIN ("町域"). ``score`` is
    the rapidfuzz ratio of the normalised addresses, for display only.

    ``thresholds`` is accepted for symmetry with :func:`match_name`; no address rule
    depends on OCR confidence yet.
    """
    norm_c, norm_o = normalize_address(claimed), normalize_address(observed)
    score = float(fuzz.ratio(norm_c, norm_o))
    c, o = parse_address(claimed), parse_address(observed)
    if o.municipality is None:
        return MatchResult(MatchOutcome.UNCERTAIN, score, "unreadable")
    if c.municipality is None:
        return MatchResult(MatchOutcome.DIFFERENT, score, "市区町村")
    if c.prefecture and o.prefecture and c.prefecture != o.prefecture:
        return MatchResult(MatchOutcome.DIFFERENT, score, "都道府県")
    if o.prefecture is None and c.town and c.town.startswith(o.municipality):
        # 山下町12番地 read for 横浜市中区山下町12番地: the first line was lost and
        # the town, ending in 町, parsed as a municipality. What was read may still
        # differ (another 番); if not, the place is unproven.
        rest = parse_address(c.municipality + normalize_address(observed))
        found = _compare_within(c, rest, score, thresholds)
        if found.outcome is MatchOutcome.DIFFERENT:
            return found
        return MatchResult(MatchOutcome.UNCERTAIN, score, "unreadable")
    nothing_after = not (o.town or o.numbers or o.building or o.room)
    if nothing_after and (c.town or c.numbers) and c.municipality.startswith(o.municipality):
        # A document prints a whole address: a reading that ends with the
        # municipality (or a designated city without its ward) lost its second
        # line. It proves nothing either way.
        return MatchResult(MatchOutcome.UNCERTAIN, score, "町域")
    if not _same_municipality(c.municipality, o.municipality):
        return MatchResult(_place_outcome(c.municipality, o.municipality), score, "市区町村")
    found = _compare_within(c, o, score, thresholds)
    if (
        found.outcome is MatchOutcome.SAME
        and c.prefecture is None
        and is_ambiguous_municipality(c.municipality)
    ):
        # 府中市宮西町1-1 is in 東京都 or 広島県: the claim does not say which.
        return MatchResult(MatchOutcome.UNCERTAIN, score, "都道府県")
    return found


def _compare_within(
    c: ParsedAddress, o: ParsedAddress, score: float, thresholds: MatchThresholds
) -> MatchResult:
    """Town, block numbers, room and building of two addresses in one municipality."""
    if _town_key(c.town) != _town_key(o.town):
        return MatchResult(_place_outcome(_town_key(c.town), _town_key(o.town)), score, "町域")

    c_numbers, c_room, o_numbers, o_room = c.numbers, c.room, o.numbers, o.room
    # 4番地1-203 (claim) vs 4番地1 …203号室 (card): the extra number is the room.
    if len(c_numbers) == len(o_numbers) + 1 and c_room is None and o_room == str(c_numbers[-1]):
        c_numbers, c_room = c_numbers[:-1], o_room
    elif len(o_numbers) == len(c_numbers) + 1 and o_room is None and c_room == str(o_numbers[-1]):
        o_numbers, o_room = o_numbers[:-1], c_room
    for i in range(max(len(c_numbers), len(o_numbers))):
        if i >= len(c_numbers) or i >= len(o_numbers) or c_numbers[i] != o_numbers[i]:
            return MatchResult(MatchOutcome.DIFFERENT, score, _number_label(i, c, o))
        label_c = c.number_labels[i] if i < len(c.number_labels) else ""
        label_o = o.number_labels[i] if i < len(o.number_labels) else ""
        if label_c and label_o and label_c != label_o:
            # 4番1号 and 4丁目1番 share their digits but are different places.
            return MatchResult(MatchOutcome.DIFFERENT, score, label_o)
    if c_room and o_room and c_room.casefold() != o_room.casefold():
        return MatchResult(MatchOutcome.DIFFERENT, score, "部屋")
    if c.building and o.building and _building_key(c.building) != _building_key(o.building):
        # The block numbers (and room) already pin the dwelling; a building name is
        # spelt freely (コーポ青葉 / コーポあおば) and is where OCR slips most (ポ/ボ).
        # A close spelling passes, a distant one goes to a person.
        similarity = fuzz.ratio(_building_key(c.building), _building_key(o.building))
        if similarity < thresholds.building_min_similarity:
            return MatchResult(MatchOutcome.UNCERTAIN, score, "建物")
    return MatchResult(MatchOutcome.SAME, 100.0, "")
