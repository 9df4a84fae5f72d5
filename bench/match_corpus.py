"""A labelled corpus for the name and address matchers of :mod:`idverify.match`.

Two TSV files under ``tests/data/match_corpus/`` hold invented pairs of a claimed value
(what a requester typed) and an observed value (what OCR read from a document), each with
the outcome the matcher should give: ``same``, ``different`` or ``uncertain``.

- ``names.tsv``: ``id expected category claimed claimed_kana observed observed_confidences``
  (the confidences are empty or one float per character of ``observed``).
- ``addresses.tsv``: ``id expected category claimed observed``.

**Labels are fixed by construction, never by running the matcher.** Every row is built
by a named rule (its ``category``: a variant kanji swapped in, one 番 moved by one, a
confusion pair read at 91 ...) and every category has exactly one label
(:data:`NAME_CATEGORIES`, :data:`ADDRESS_CATEGORIES`). The rows come from a fixed seed
(:data:`SEED`, :class:`random.Random`) over hand-written pools of common Japanese names,
foreign residents' names and real municipalities, plus hand-written edge cases listed
literally below (``_NAME_EDGES``, ``_ADDRESS_EDGES``). The pools are kept here rather
than imported from :mod:`samples.people`, so that editing the sample generator never
changes the corpus.

Regenerate the files (after changing a rule here; never to follow the matcher)::

    PYTHONPATH=. .venv/bin/python -m bench.match_corpus --write

Evaluate the matchers on the committed files::

    PYTHONPATH=. .venv/bin/python -m bench.match_corpus          # counts only
    PYTHONPATH=. .venv/bin/python -m bench.match_corpus --show   # + disagreeing rows

The report gives, per file, the expected × outcome table, how many ``different`` and
``uncertain`` rows were accepted as SAME (must be 0), the share of ``same`` rows
accepted (must be at least 98 %), and per category how many rows disagree with their
label. By default only category names and counts are printed.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from idverify.match import (
    OCR_CONFUSIONS,
    match_address,
    match_name,
    match_romanized_name,
)
from idverify.models import MatchResult
from samples.people import kanji_number

__all__ = [
    "ADDRESSES_PATH",
    "ADDRESS_CATEGORIES",
    "DATA_DIR",
    "LABELS",
    "LOW_CHAR_CONFIDENCE",
    "NAMES_PATH",
    "NAME_CATEGORIES",
    "SEED",
    "AddressRow",
    "Evaluation",
    "NameRow",
    "address_result",
    "build_addresses",
    "build_names",
    "evaluate",
    "load",
    "load_addresses",
    "load_names",
    "main",
    "name_result",
    "to_tsv",
]

#: Where the committed corpus lives.
DATA_DIR = Path(__file__).resolve().parent.parent / "tests" / "data" / "match_corpus"
NAMES_PATH = DATA_DIR / "names.tsv"
ADDRESSES_PATH = DATA_DIR / "addresses.tsv"

#: The seed of every generated row.
SEED = 20250614

SAME, DIFFERENT, UNCERTAIN = "same", "different", "uncertain"
LABELS = (SAME, DIFFERENT, UNCERTAIN)

#: The threshold the confusion rows straddle: ``MatchThresholds().low_char_confidence``.
#: Written out (not imported) so that the corpus states the rule it tests.
LOW_CHAR_CONFIDENCE = 92.0

#: Name categories: the rule each row was built by, and the label that rule fixes.
NAME_CATEGORIES: dict[str, str] = {
    # same
    "spacing": SAME,  # the same name with other spaces (none, ASCII, U+3000, padding)
    "variant_kanji": SAME,  # one spelling of kanji_variants.tsv for another (髙/高)
    "iteration_mark": SAME,  # 佐々木 / 佐佐木
    "kana_script": SAME,  # the same reading in hiragana and katakana
    "halfwidth_kana": SAME,  # half-width katakana read for full-width
    "combining_mark": SAME,  # ダ read as タ + U+3099
    "long_vowel": SAME,  # ー read as another dash (‐ – — － ｰ ...)
    "middle_dot": SAME,  # ジョン・スミス / ジョン スミス / ジョン=スミス
    "kana_spacing": SAME,  # a kana claim and a kana reading, other spacing
    "passport_hepburn": SAME,  # the passport Hepburn of the claim's kana
    "passport_long_o": SAME,  # its long o written OH or as the kana (OU / OO)
    "latin_claim": SAME,  # a Latin claim in any rotation / with a comma, read FAMILY GIVEN
    # different
    "given_kanji_changed": DIFFERENT,  # one kanji of the given name, not a confusion
    "char_added_dropped": DIFFERENT,  # 健 / 健一, 林 / 小林
    "other_family": DIFFERENT,  # another family name, same given name
    "swapped_order": DIFFERENT,  # family and given read in the other order
    "kana_changed": DIFFERENT,  # one kana changed (not a confusion pair)
    "romaji_mismatch": DIFFERENT,  # Latin letters that spell no passport form of the kana
    "confusion_high": DIFFERENT,  # a confusion pair read at or above the threshold
    "not_a_confusion": DIFFERENT,  # 大/太, 一/二 ... read with low confidence
    "confusion_plus_other": DIFFERENT,  # a low-confidence confusion and another change
    "empty_claim": DIFFERENT,  # nothing claimed
    "latin_different": DIFFERENT,  # another Latin name (a letter, a word)
    # uncertain
    "confusion_low": UNCERTAIN,  # every difference a confusion pair read below 92
    "confusion_no_conf": UNCERTAIN,  # the same, with no confidences at all
    "unreadable": UNCERTAIN,  # nothing read
    "script": UNCERTAIN,  # kanji vs kana, Latin vs kana
    "no_kana": UNCERTAIN,  # Latin read, Japanese claim without kana
}

#: Address categories: the rule each row was built by, and the label that rule fixes.
ADDRESS_CATEGORIES: dict[str, str] = {
    # same
    "notation": SAME,  # 一丁目4番1号 / 1丁目4番1号 / 1-4-1 / 1丁目4-1
    "dash_variants": SAME,  # ‐ ‑ – — − － ｰ ー 一 between digits
    "fullwidth_digits": SAME,  # １－４－１
    "no_prefecture": SAME,  # prefecture left out of the claim (unambiguous municipality)
    "no_county": SAME,  # 郡 left out of the claim
    "no_building": SAME,  # building (and maybe room) left out of the claim
    "no_room": SAME,  # room left out of the claim
    "room_notation": SAME,  # 203 / 203号室 / 203号 / -203
    "ga_ke": SAME,  # が / ケ / ヶ
    "no_nodot": SAME,  # 之 / の / ノ
    "oaza_omitted": SAME,  # 大字 / 字 left out
    "spaces": SAME,  # spaces between the parts
    "banchi_ban": SAME,  # 番地 / 番 / 番地の
    "designated_ward": SAME,  # 横浜市中区 ... written another way
    "town_numeral": SAME,  # 北一条西 / 北1条西, 一番町 / 1番町
    "building_spelling": SAME,  # one OCR slip or a separator in the building name
    "county_misread": SAME,  # the 郡 misread, the town unique in its prefecture
    "ocr_shi": SAME,  # 巿 (U+5DFF) read for 市
    "ocr_kana_numeral": SAME,  # ー / ニ read for 一 / 二 before 丁目
    "ocr_letter_digit": SAME,  # 1O番 for 10番, l-4-1 for 1-4-1
    # different
    "block_off_by_one": DIFFERENT,  # one 丁目, 番, 号 or 番地 one or two apart
    "number_missing_extra": DIFFERENT,  # 1-4 vs 1-4-1
    "other_town": DIFFERENT,  # another town of the municipality (not one character off)
    "other_municipality": DIFFERENT,  # another municipality of the prefecture
    "other_prefecture": DIFFERENT,  # a municipality of the same name elsewhere
    "other_room": DIFFERENT,  # another room
    "label_mismatch": DIFFERENT,  # 4番1号 vs 4丁目1番
    # uncertain
    "unreadable": UNCERTAIN,  # no municipality read
    "truncated": UNCERTAIN,  # the reading stops at the municipality (a lost line)
    "lost_first_line": UNCERTAIN,  # the reading starts at the town (a lost line)
    "town_one_char": UNCERTAIN,  # a real town one character from the claim's
    "municipality_one_char": UNCERTAIN,  # a real municipality one character off
    "building_far": UNCERTAIN,  # same numbers and room, another building name
    "ambiguous_no_prefecture": UNCERTAIN,  # no prefecture, municipality in several (府中市)
}


# ------------------------------------------------------------------------------ rows


@dataclass(frozen=True, slots=True)
class NameRow:
    """One labelled name pair."""

    id: str
    expected: str
    category: str
    claimed: str
    claimed_kana: str
    observed: str
    observed_confidences: tuple[float, ...] | None


@dataclass(frozen=True, slots=True)
class AddressRow:
    """One labelled address pair."""

    id: str
    expected: str
    category: str
    claimed: str
    observed: str


_NAME_HEADER = "id\texpected\tcategory\tclaimed\tclaimed_kana\tobserved\tobserved_confidences"
_ADDRESS_HEADER = "id\texpected\tcategory\tclaimed\tobserved"


def _fmt_conf(value: float) -> str:
    return f"{value:g}"


def to_tsv(rows: Sequence[NameRow] | Sequence[AddressRow]) -> str:
    """The TSV text of ``rows`` (with its header), as committed."""
    lines: list[str] = []
    for row in rows:
        if isinstance(row, NameRow):
            if not lines:
                lines.append(_NAME_HEADER)
            confs = row.observed_confidences
            cells = [
                row.id,
                row.expected,
                row.category,
                row.claimed,
                row.claimed_kana,
                row.observed,
                "" if confs is None else " ".join(_fmt_conf(c) for c in confs),
            ]
        else:
            if not lines:
                lines.append(_ADDRESS_HEADER)
            cells = [row.id, row.expected, row.category, row.claimed, row.observed]
        if any("\t" in c or "\n" in c or "\r" in c for c in cells):
            raise ValueError(f"row {row.id}: a cell holds a tab or a line break")
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def load_names(path: Path = NAMES_PATH) -> list[NameRow]:
    """The name rows of a corpus file."""
    rows = load(path)
    if rows and not isinstance(rows[0], NameRow):
        raise ValueError(f"{path} is not a name corpus")
    return [r for r in rows if isinstance(r, NameRow)]


def load_addresses(path: Path = ADDRESSES_PATH) -> list[AddressRow]:
    """The address rows of a corpus file."""
    rows = load(path)
    if rows and not isinstance(rows[0], AddressRow):
        raise ValueError(f"{path} is not an address corpus")
    return [r for r in rows if isinstance(r, AddressRow)]


def load(path: Path) -> list[NameRow] | list[AddressRow]:
    """Read a corpus TSV; the header says whether it holds names or addresses."""
    lines = path.read_text("utf-8").split("\n")
    header, body = lines[0], [line for line in lines[1:] if line]
    if header == _NAME_HEADER:
        names: list[NameRow] = []
        for line in body:
            rid, expected, category, claimed, kana, observed, confs = line.split("\t")
            names.append(
                NameRow(
                    rid,
                    expected,
                    category,
                    claimed,
                    kana,
                    observed,
                    tuple(float(c) for c in confs.split()) if confs else None,
                )
            )
        return names
    if header == _ADDRESS_HEADER:
        addresses: list[AddressRow] = []
        for line in body:
            rid, expected, category, claimed, observed = line.split("\t")
            addresses.append(AddressRow(rid, expected, category, claimed, observed))
        return addresses
    raise ValueError(f"{path}: unknown header {header!r}")


# ------------------------------------------------------------------- shared helpers

_KANJI_DIGITS = "〇一二三四五六七八九"
_FULLWIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")
_FW_LATIN = str.maketrans(  # full-width ASCII
    {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)} | {" ": "　"}
)
#: Every way a dash between two digits (or a long-vowel mark after kana) is printed.
_DASHES = ("‐", "‑", "–", "—", "―", "−", "－", "ｰ")


def _katakana_to_hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def _halfwidth_table() -> dict[str, str]:
    """Full-width katakana → half-width (ガ → ｶﾞ), built from NFKC in reverse."""
    table: dict[str, str] = {"・": "･", "　": " "}
    for code in range(0xFF66, 0xFF9E):
        half = chr(code)
        table.setdefault(unicodedata.normalize("NFKC", half), half)
        for mark in ("\uff9e", "\uff9f"):
            full = unicodedata.normalize("NFKC", half + mark)
            if len(full) == 1:
                table.setdefault(full, half + mark)
    return table


_HALFWIDTH = _halfwidth_table()


def _halfwidth(text: str) -> str:
    return "".join(_HALFWIDTH.get(c, c) for c in text)


def _in_confusion_group(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are in one group of :data:`OCR_CONFUSIONS` (kana compared
    as katakana). Used only to check that a construction is what its category says."""
    pairs = [(a, b), (_hira_to_kata(a), _hira_to_kata(b))]
    return any(x in g and y in g for x, y in pairs for g in OCR_CONFUSIONS)


def _hira_to_kata(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)


def _differs_by_confusions_only(a: str, b: str) -> bool:
    """Same length and every differing character a confusion pair."""
    return len(a) == len(b) and all(
        x == y or _in_confusion_group(x, y) for x, y in zip(a, b, strict=True)
    )


def _fill(
    out: list[tuple[str, ...]],
    seen: set[tuple[str, ...]],
    n: int,
    make: Callable[[], tuple[str, ...] | None],
) -> None:
    """Call ``make`` until ``n`` new distinct rows were added to ``out`` (or it gives up)."""
    added = 0
    for _ in range(n * 60):
        if added == n:
            return
        row = make()
        if row is None or row in seen:
            continue
        seen.add(row)
        out.append(row)
        added += 1


# ---------------------------------------------------------------------- name pools


@dataclass(frozen=True, slots=True)
class _Part:
    """A family or given name: kanji, katakana, passport spelling, the long-o
    spellings a holder may ask for (OH, as the kana), and variant spellings."""

    kanji: str
    kana: str
    romaji: str
    long_o: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()


def _parts(table: str) -> tuple[_Part, ...]:
    """Parse ``kanji kana ROMAJI [ALT/ALT|-] [variant/variant|-]`` lines."""
    parts: list[_Part] = []
    for line in table.strip().splitlines():
        fields = line.split()
        alts = tuple(fields[3].split("/")) if len(fields) > 3 and fields[3] != "-" else ()
        variants = tuple(fields[4].split("/")) if len(fields) > 4 else ()
        parts.append(_Part(fields[0], fields[1], fields[2], alts, variants))
    return tuple(parts)


# Family names: the commonest, those with variant spellings (every name-scope entry of
# kanji_variants.tsv that occurs in family names) and those with OCR-confusable kanji.
# ROMAJI "-" marks a kana whose passport spelling is disputed (ヤブウチ): not romanised.
_FAMILY = _parts(
    """
佐藤 サトウ SATO SATOH/SATOU
鈴木 スズキ SUZUKI
高橋 タカハシ TAKAHASHI - 髙橋
田中 タナカ TANAKA
伊藤 イトウ ITO ITOH/ITOU
渡辺 ワタナベ WATANABE - 渡邊/渡邉
山本 ヤマモト YAMAMOTO
中村 ナカムラ NAKAMURA
小林 コバヤシ KOBAYASHI
加藤 カトウ KATO KATOH/KATOU
吉田 ヨシダ YOSHIDA - 𠮷田
山田 ヤマダ YAMADA
佐々木 ササキ SASAKI
野々村 ノノムラ NONOMURA
山口 ヤマグチ YAMAGUCHI
松本 マツモト MATSUMOTO
井上 イノウエ INOUE
木村 キムラ KIMURA
林 ハヤシ HAYASHI
斎藤 サイトウ SAITO SAITOH/SAITOU 齋藤/齊藤/斉藤
清水 シミズ SHIMIZU - 淸水
山崎 ヤマザキ YAMAZAKI - 山﨑/山嵜/山碕
宮崎 ミヤザキ MIYAZAKI - 宮﨑/宮嵜
森 モリ MORI
池田 イケダ IKEDA
橋本 ハシモト HASHIMOTO
阿部 アベ ABE
石川 イシカワ ISHIKAWA
山下 ヤマシタ YAMASHITA
中島 ナカジマ NAKAJIMA - 中嶋/中嶌
石井 イシイ ISHII
小川 オガワ OGAWA
前田 マエダ MAEDA
岡田 オカダ OKADA
長谷川 ハセガワ HASEGAWA
藤田 フジタ FUJITA
後藤 ゴトウ GOTO GOTOH/GOTOU
近藤 コンドウ KONDO KONDOH/KONDOU
村上 ムラカミ MURAKAMI
遠藤 エンドウ ENDO ENDOH/ENDOU
青木 アオキ AOKI - 靑木
大野 オオノ ONO OHNO/OONO
小野 オノ ONO
太田 オオタ OTA OHTA/OOTA
大田 オオタ OTA OHTA/OOTA
大西 オオニシ ONISHI OHNISHI/OONISHI
大久保 オオクボ OKUBO OHKUBO/OOKUBO
河野 コウノ KONO KOHNO/KOUNO
安藤 アンドウ ANDO ANDOH/ANDOU
工藤 クドウ KUDO KUDOH/KUDOU
北条 ホウジョウ HOJO HOHJOH/HOUJOU 北條
浜田 ハマダ HAMADA - 濵田/濱田
桜井 サクライ SAKURAI - 櫻井
沢田 サワダ SAWADA - 澤田
広瀬 ヒロセ HIROSE - 廣瀬/廣瀨
国分 コクブン KOKUBUN - 國分
徳永 トクナガ TOKUNAGA - 德永
島田 シマダ SHIMADA - 嶋田/嶌田
富田 トミタ TOMITA - 冨田
戸田 トダ TODA - 戶田
浅野 アサノ ASANO - 淺野
渋谷 シブヤ SHIBUYA - 澁谷
増田 マスダ MASUDA - 增田
黒田 クロダ KURODA - 黑田
関 セキ SEKI - 關
亀井 カメイ KAMEI - 龜井
児玉 コダマ KODAMA - 兒玉
塩田 シオタ SHIOTA - 鹽田
鶴田 ツルタ TSURUTA - 靏田
桑原 クワハラ KUWAHARA - 桒原
内田 ウチダ UCHIDA - 內田
峰岸 ミネギシ MINEGISHI - 峯岸
曽根 ソネ SONE - 曾根
薮内 ヤブウチ - - 藪内
桧山 ヒヤマ HIYAMA - 檜山
瀬戸 セト SETO - 瀨戸
館野 タテノ TATENO - 舘野
淵上 フチガミ FUCHIGAMI - 渕上/渊上
真田 サナダ SANADA - 眞田
岳本 タケモト TAKEMOTO - 嶽本
豊田 トヨダ TOYODA - 豐田
高木 タカギ TAKAGI - 髙木
槙原 マキハラ MAKIHARA - 槇原
万田 マンダ MANDA - 萬田
刈田 カリタ KARITA - 苅田
竜崎 リュウザキ RYUZAKI - 龍崎
与那嶺 ヨナミネ YONAMINE - 與那嶺
会田 アイダ AIDA - 會田
来栖 クルス KURUSU - 來栖
蔵本 クラモト KURAMOTO - 藏本
円谷 ツブラヤ TSUBURAYA - 圓谷
野口 ノグチ NOGUCHI
川口 カワグチ KAWAGUCHI
樋口 ヒグチ HIGUCHI
田口 タグチ TAGUCHI
八木 ヤギ YAGI
八田 ハッタ HATTA
土屋 ツチヤ TSUCHIYA
千葉 チバ CHIBA
二宮 ニノミヤ NINOMIYA
末永 スエナガ SUENAGA
難波 ナンバ NAMBA
本間 ホンマ HOMMA
服部 ハットリ HATTORI
堀田 ホッタ HOTTA
本田 ホンダ HONDA
今井 イマイ IMAI
上田 ウエダ UEDA
原田 ハラダ HARADA
"""
)

_GIVEN = _parts(
    """
太郎 タロウ TARO TAROH/TAROU
次郎 ジロウ JIRO JIROH/JIROU
一郎 イチロウ ICHIRO ICHIROH/ICHIROU
健 ケン KEN
健一 ケンイチ KENICHI
健二 ケンジ KENJI
健太 ケンタ KENTA
翔太 ショウタ SHOTA SHOHTA/SHOUTA
翔 ショウ SHO SHOH/SHOU
大輔 ダイスケ DAISUKE
誠 マコト MAKOTO
浩 ヒロシ HIROSHI
浩二 コウジ KOJI KOHJI/KOUJI
隆 タカシ TAKASHI - \uf9dc/𨺉
拓也 タクヤ TAKUYA
大樹 ダイキ DAIKI
蓮 レン REN
悠真 ユウマ YUMA
和也 カズヤ KAZUYA
直樹 ナオキ NAOKI
直人 ナオト NAOTO
正人 マサト MASATO
修 オサム OSAMU
達也 タツヤ TATSUYA
竜也 タツヤ TATSUYA - 龍也
将太 ショウタ SHOTA SHOHTA/SHOUTA 將太
洋平 ヨウヘイ YOHEI YOHHEI/YOUHEI
康介 コウスケ KOSUKE KOHSUKE/KOUSUKE
亮 リョウ RYO RYOH/RYOU
翔平 ショウヘイ SHOHEI SHOHHEI/SHOUHEI
純一 ジュンイチ JUNICHI
俊介 シュンスケ SHUNSUKE
雄一 ユウイチ YUICHI
栄一 エイイチ EIICHI - 榮一
克己 カツミ KATSUMI
実 ミノル MINORU - 實
豊 ユタカ YUTAKA - 豐
学 マナブ MANABU - 學
晋 ススム SUSUMU - 晉
勲 イサオ ISAO - 勳
巌 イワオ IWAO - 巖
清 キヨシ KIYOSHI - 淸
大翔 ヒロト HIROTO
花子 ハナコ HANAKO
美咲 ミサキ MISAKI
陽子 ヨウコ YOKO YOHKO/YOUKO
恵子 ケイコ KEIKO - 惠子
恵美 エミ EMI - 惠美
裕子 ユウコ YUKO
優子 ユウコ YUKO
由美 ユミ YUMI
愛 アイ AI
さくら サクラ SAKURA
結衣 ユイ YUI
陽菜 ヒナ HINA
真由美 マユミ MAYUMI - 眞由美
真理子 マリコ MARIKO - 眞理子
直美 ナオミ NAOMI
智子 トモコ TOMOKO
久美子 クミコ KUMIKO
舞 マイ MAI
彩 アヤ AYA
千尋 チヒロ CHIHIRO
千秋 チアキ CHIAKI
明美 アケミ AKEMI
美穂 ミホ MIHO - 美穗
静香 シズカ SHIZUKA - 靜香
寿子 ヒサコ HISAKO - 壽子
弥生 ヤヨイ YAYOI - 彌生
礼子 レイコ REIKO - 禮子
亜希子 アキコ AKIKO - 亞希子
遥 ハルカ HARUKA - 遙
緑 ミドリ MIDORI - 綠
歩 アユミ AYUMI - 步
未来 ミライ MIRAI
涼子 リョウコ RYOKO RYOHKO/RYOUKO
京子 キョウコ KYOKO KYOHKO/KYOUKO
幸子 サチコ SACHIKO
奈々 ナナ NANA
"""
)

# Pairs of different given names one kanji apart, none an OCR confusion pair.
_GIVEN_NEAR: tuple[tuple[str, str], ...] = (
    ("太郎", "次郎"),
    ("次郎", "太郎"),
    ("一郎", "二郎"),
    ("太郎", "太一"),
    ("健一", "健二"),
    ("健二", "健三"),
    ("翔太", "翔平"),
    ("大輔", "大介"),
    ("大樹", "大輝"),
    ("拓也", "拓哉"),
    ("和也", "和哉"),
    ("達也", "達哉"),
    ("直樹", "直人"),
    ("陽子", "洋子"),
    ("恵子", "敬子"),
    ("裕子", "優子"),
    ("優子", "裕子"),
    ("由美", "由香"),
    ("愛", "藍"),
    ("結衣", "由衣"),
    ("陽菜", "陽奈"),
    ("直美", "尚美"),
    ("智子", "知子"),
    ("美穂", "美保"),
    ("明美", "朋美"),
    ("千尋", "千里"),
    ("彩", "綾"),
    ("蓮", "廉"),
    ("悠真", "優真"),
    ("花子", "春子"),
    ("美咲", "美紀"),
    ("久美子", "久仁子"),
    ("康介", "康平"),
    ("涼子", "良子"),
    ("京子", "恭子"),
    ("幸子", "祥子"),
    ("純一", "順一"),
    ("俊介", "駿介"),
    ("雄一", "勇一"),
    ("浩", "博"),
    ("修", "治"),
    ("実", "稔"),
    ("学", "覚"),
    ("亮", "涼"),
    ("正人", "正仁"),
    ("真由美", "真紀美"),
)

# Different names one character longer or shorter.
_ADDED_DROPPED: tuple[tuple[str, str], ...] = (
    ("健", "健一"),
    ("健一", "健"),
    ("翔", "翔太"),
    ("翔太", "翔"),
    ("愛", "愛子"),
    ("舞", "舞子"),
    ("彩", "彩花"),
    ("誠", "誠一"),
    ("修", "修一"),
    ("真由美", "真由"),
    ("由美", "由美子"),
    ("久美子", "久美"),
    ("美穂", "美穂子"),
    ("浩", "浩二"),
    ("隆", "隆之"),
    ("陽菜", "陽菜子"),
    ("亮", "亮介"),
    ("健太", "健太郎"),
    ("千尋", "千尋子"),
    ("直樹", "直"),
)
_FAMILY_ADDED_DROPPED: tuple[tuple[str, str], ...] = (
    ("林", "小林"),
    ("小林", "林"),
    ("森", "森田"),
    ("森田", "森"),
    ("関", "関口"),
    ("原田", "原"),
    ("長谷川", "谷川"),
    ("大久保", "久保"),
    ("久保", "大久保"),
    ("野々村", "野村"),
)

# A character of a name and what OCR reads for it (each pair in one OCR_CONFUSIONS group).
_CONFUSION_SUBS: dict[str, str] = {
    "口": "ロ",
    "二": "ニ",
    "郎": "朗",
    "也": "世",
    "一": "ー",
    "八": "ハ",
    "工": "エ",
    "千": "干",
    "土": "士",
    "人": "入",
    "未": "末",
    "末": "未",
    "己": "已",
    "隆": "降",
    "蓮": "運",
    "翔": "閉",
    "愛": "受",
    "輔": "還",
    "浩": "洗",
    "尋": "豊",
    "裕": "容",
    "辺": "巡",
    "邊": "巡",
    "ー": "一",
    "ッ": "ツ",
    "ツ": "ッ",
    "ョ": "ヨ",
    "ュ": "ユ",
    "ャ": "ヤ",
    "ン": "ソ",
    "ソ": "ン",
    "シ": "ツ",
    "ア": "ァ",
    "イ": "ィ",
    "パ": "バ",
    "バ": "パ",
    "ポ": "ボ",
    "ピ": "ビ",
    "ブ": "プ",
    "ペ": "ベ",
    "っ": "ツ",
    "O": "0",
    "I": "1",
}
# Look-alike pairs deliberately not OCR confusions: different names.
_NOT_CONFUSIONS: dict[str, str] = {"大": "太", "太": "大", "一": "二", "日": "目", "代": "伐"}

# Katakana a changed kana is drawn from (no small kana, no confusion partners checked here).
_KANA_POOL = "アイウエオカキクケコサスセタチテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ"

# Foreign residents: katakana as a Japanese form prints it, and Latin (FAMILY, GIVEN).
_FOREIGN_KATAKANA: tuple[str, ...] = (
    "ジョン・スミス",
    "マイケル・ジョーンズ",
    "メアリー・ブラウン",
    "ピーター・ミュラー",
    "ソフィー・マルタン",
    "グエン・ヴァン・アン",
    "ルーカス・シルバ",
    "マリア・ガルシア",
    "オリビア・テイラー",
    "ハンナ・シュナイダー",
    "デービッド・リー",
    "ジェームズ・ウィルソン",
    "チャーリー・ブラウン",
    "ロバート・ムーア",
    "エミリー・クーパー",
    "アンナ・コワルスカ",
    "パク・ジフン",
    "キム・ミンジュン",
)
_FOREIGN_LATIN: tuple[tuple[str, str], ...] = (
    ("NGUYEN", "VAN AN"),
    ("NGUYEN", "THI HOA"),
    ("TRAN", "MINH DUC"),
    ("LE", "THI LAN"),
    ("PHAM", "QUANG HUY"),
    ("HOANG", "VAN NAM"),
    ("SMITH", "JOHN"),
    ("BROWN", "OLIVIA"),
    ("GARCIA", "MARIA"),
    ("SILVA", "ANA PAULA"),
    ("SANTOS", "JOSE CARLOS"),
    ("KIM", "MIN JUN"),
    ("PARK", "JI HOON"),
    ("WANG", "XIAOMING"),
    ("ZHANG", "YI"),
    ("REYES", "MARIA CLARA"),
    ("DELA CRUZ", "MARK ANTHONY"),
    ("GURUNG", "BIKASH"),
    ("SHRESTHA", "RAM BAHADUR"),
    ("SINGH", "HARPREET"),
    ("WIJAYA", "BUDI"),
    ("DA SILVA", "PEDRO"),
    ("O'BRIEN", "SEAN"),
    ("MARTIN", "JEAN-PIERRE"),
    ("MULLER", "ANNA"),
    ("RAHMAN", "MOHAMMAD"),
    ("TAYLOR", "EMILY"),
    ("LOPEZ", "CARLOS ALBERTO"),
)
# The same foreign residents in Latin letters and in katakana.
_LATIN_KATAKANA: tuple[tuple[str, str], ...] = (
    ("John Smith", "ジョン・スミス"),
    ("Maria Garcia", "マリア・ガルシア"),
    ("Olivia Taylor", "オリビア・テイラー"),
    ("Peter Muller", "ピーター・ミュラー"),
    ("Nguyen Van An", "グエン・ヴァン・アン"),
    ("Park Ji Hoon", "パク・ジフン"),
    ("Michael Jones", "マイケル・ジョーンズ"),
)
# Different Latin given names one letter or so from the first.
_LATIN_NEAR: dict[str, str] = {
    "VAN AN": "VAN ANH",
    "THI HOA": "THI HOAI",
    "MINH DUC": "MINH DUNG",
    "JOHN": "JOAN",
    "OLIVIA": "OLIVER",
    "MARIA": "MARTA",
    "ANA PAULA": "ANA PAOLA",
    "MIN JUN": "MIN JUNG",
    "JI HOON": "JI HUN",
    "SEAN": "SEAMUS",
    "ANNA": "ANNE",
    "EMILY": "EMILIA",
    "BIKASH": "BIKRAM",
    "BUDI": "BUDIMAN",
    "QUANG HUY": "QUANG HUNG",
    "PEDRO": "PABLO",
}


# -------------------------------------------------------------------- name builders

_NameTuple = tuple[str, ...]  # (category, claimed, kana, observed, confidences)


def _confs(rng: random.Random, observed: str, overrides: dict[int, float] | None = None) -> str:
    """Confidences for ``observed``: a clean read (93-99) with ``overrides`` at positions."""
    values = [float(rng.randint(93, 99)) for _ in observed]
    for i, v in (overrides or {}).items():
        values[i] = v
    return " ".join(_fmt_conf(v) for v in values)


def _override(confs: str, at: dict[int, float]) -> str:
    """``confs`` with the values at the given positions replaced."""
    values = confs.split()
    for i, v in at.items():
        values[i] = _fmt_conf(v)
    return " ".join(values)


def _maybe_confs(rng: random.Random, observed: str) -> str:
    return _confs(rng, observed) if rng.random() < 0.5 else ""


def _sep(rng: random.Random) -> str:
    return rng.choice((" ", " ", "　", ""))


def _nrow(category: str, claimed: str, kana: str, observed: str, confs: str) -> _NameTuple:
    return (category, claimed, kana, observed, confs)


def _pick(rng: random.Random, pool: Sequence[_Part], romaji: bool = False) -> _Part:
    candidates = [p for p in pool if not romaji or p.romaji != "-"]
    return rng.choice(candidates)


def _given(kanji: str) -> _Part:
    return next(p for p in _GIVEN if p.kanji == kanji)


def _name_generators(rng: random.Random) -> list[tuple[str, int, Callable[[], _NameTuple | None]]]:
    """(category, how many, builder) for every generated name category."""

    def spacing() -> _NameTuple:
        f, g = _pick(rng, _FAMILY), _pick(rng, _GIVEN)
        claim_sep, obs_sep = rng.sample((" ", "　", "", "  "), 2)
        claimed = f"{f.kanji}{claim_sep}{g.kanji}"
        if rng.random() < 0.2:
            claimed = f" {claimed} "
        observed = f"{f.kanji}{obs_sep}{g.kanji}"
        return _nrow(
            "spacing", claimed, f"{f.kana} {g.kana}", observed, _maybe_confs(rng, observed)
        )

    variant_parts = [(p, True) for p in _FAMILY if p.variants] + [
        (p, False) for p in _GIVEN if p.variants
    ]

    # Every variant spelling of the pools once, then random ones.
    variant_todo = [(p, fam, v) for p, fam in variant_parts for v in p.variants]

    def variant() -> _NameTuple:
        if variant_todo:
            part, is_family, spelling = variant_todo.pop(0)
        else:
            part, is_family = rng.choice(variant_parts)
            spelling = rng.choice(part.variants)
        other = _pick(rng, _GIVEN if is_family else _FAMILY)
        other_spelling = rng.choice((other.kanji, *other.variants))
        common, varied = part.kanji, spelling
        if rng.random() < 0.25 and len(part.variants) > 1:
            common = rng.choice([v for v in part.variants if v != spelling])
        if rng.random() < 0.5:
            common, varied = varied, common
        if is_family:
            claimed = f"{common} {other_spelling}"
            observed = f"{varied}{_sep(rng)}{other_spelling}"
            kana = f"{part.kana} {other.kana}"
        else:
            claimed = f"{other_spelling} {common}"
            observed = f"{other_spelling}{_sep(rng)}{varied}"
            kana = f"{other.kana} {part.kana}"
        return _nrow("variant_kanji", claimed, kana, observed, _maybe_confs(rng, observed))

    def iteration() -> _NameTuple:
        f = rng.choice([p for p in _FAMILY if "々" in p.kanji])
        g = _pick(rng, _GIVEN)
        spelled = re.sub(r"(.)々", r"\1\1", f.kanji)
        a, b = (f.kanji, spelled) if rng.random() < 0.5 else (spelled, f.kanji)
        return _nrow("iteration_mark", f"{a} {g.kanji}", f"{f.kana} {g.kana}", f"{b} {g.kanji}", "")

    def kana_script() -> _NameTuple:
        f, g = _pick(rng, _FAMILY), _pick(rng, _GIVEN)
        kata = f"{f.kana}{_sep(rng)}{g.kana}"
        hira = _katakana_to_hiragana(f"{f.kana} {g.kana}")
        claimed, observed = (hira, kata) if rng.random() < 0.7 else (kata, hira)
        return _nrow("kana_script", claimed, f"{f.kana} {g.kana}", observed, "")

    def halfwidth() -> _NameTuple:
        f, g = _pick(rng, _FAMILY), _pick(rng, _GIVEN)
        kana = f"{f.kana} {g.kana}"
        claimed = kana if rng.random() < 0.7 else _katakana_to_hiragana(kana)
        observed = _halfwidth(kana if rng.random() < 0.7 else f"{f.kana}{g.kana}")
        return _nrow("halfwidth_kana", claimed, kana, observed, _maybe_confs(rng, observed))

    def combining() -> _NameTuple | None:
        f, g = _pick(rng, _FAMILY), _pick(rng, _GIVEN)
        kana = f"{f.kana} {g.kana}"
        decomposed = unicodedata.normalize("NFD", kana)
        if decomposed == kana:
            return None
        return _nrow("combining_mark", kana, kana, decomposed, "")

    long_names = [n for n in _FOREIGN_KATAKANA if "ー" in n]

    def long_vowel() -> _NameTuple:
        name = rng.choice(long_names)
        dash = rng.choice(_DASHES)
        observed = name.replace("ー", dash).replace("・", rng.choice(("・", " ", "")))
        return _nrow("long_vowel", name, name, observed, _maybe_confs(rng, observed))

    def middle_dot() -> _NameTuple:
        name = rng.choice(_FOREIGN_KATAKANA)
        a, b = rng.sample(("・", " ", "", "　", "=", "･", "·", "＝"), 2)
        return _nrow("middle_dot", name.replace("・", a), name, name.replace("・", b), "")

    def kana_spacing() -> _NameTuple:
        f, g = _pick(rng, _FAMILY), _pick(rng, _GIVEN)
        a, b = rng.sample((" ", "　", ""), 2)
        claimed, observed = f"{f.kana}{a}{g.kana}", f"{f.kana}{b}{g.kana}"
        return _nrow("kana_spacing", claimed, f"{f.kana} {g.kana}", observed, "")

    def hepburn() -> _NameTuple:
        f, g = _pick(rng, _FAMILY, True), _pick(rng, _GIVEN, True)
        sep = rng.choice((" ", " ", "  ", "<<", ""))
        observed = f"{f.romaji}{sep}{g.romaji}"
        kana = f"{f.kana} {g.kana}"
        if rng.random() < 0.15:
            kana = _katakana_to_hiragana(kana)
        return _nrow("passport_hepburn", f"{f.kanji} {g.kanji}", kana, observed, "")

    def long_o() -> _NameTuple | None:
        f, g = _pick(rng, _FAMILY, True), _pick(rng, _GIVEN, True)
        if not (f.long_o or g.long_o):
            return None
        fam = rng.choice((f.romaji, *f.long_o)) if f.long_o else f.romaji
        giv = rng.choice((g.romaji, *g.long_o)) if g.long_o else g.romaji
        if fam == f.romaji and giv == g.romaji:
            return None
        observed = f"{fam} {giv}"
        return _nrow("passport_long_o", f"{f.kanji} {g.kanji}", f"{f.kana} {g.kana}", observed, "")

    def latin_claim() -> _NameTuple:
        family, given = rng.choice(_FOREIGN_LATIN)
        style = rng.randrange(6)
        if style == 0:
            claimed = " ".join(w.capitalize() for w in f"{given} {family}".split())
        elif style == 1:
            claimed = f"{family.title()}, {given.title()}"
        elif style == 2:
            claimed = f"{family} {given}"
        elif style == 3:
            claimed = f"{given} {family}".lower()
        elif style == 4:
            claimed = unicodedata.normalize("NFKC", f"{given} {family}").translate(_FW_LATIN)
        else:
            claimed = f"{given.title()} {family.title()}"
        observed = f"{family} {given}"
        return _nrow("latin_claim", claimed, "", observed, _maybe_confs(rng, observed))

    # ---- different

    def given_changed() -> _NameTuple:
        a, b = rng.choice(_GIVEN_NEAR)
        assert not _differs_by_confusions_only(a, b), (a, b)
        f = _pick(rng, _FAMILY)
        kana = f"{f.kana} {_given(a).kana}" if any(p.kanji == a for p in _GIVEN) else ""
        observed = f"{f.kanji}{_sep(rng)}{b}"
        return _nrow(
            "given_kanji_changed", f"{f.kanji} {a}", kana, observed, _maybe_confs(rng, observed)
        )

    def added_dropped() -> _NameTuple:
        if rng.random() < 0.65:
            a, b = rng.choice(_ADDED_DROPPED)
            f = _pick(rng, _FAMILY).kanji
            sep = rng.choice((" ", ""))
            claimed, observed = f"{f}{sep}{a}", f"{f}{sep}{b}"
        else:
            a, b = rng.choice(_FAMILY_ADDED_DROPPED)
            g = _pick(rng, _GIVEN).kanji
            claimed, observed = f"{a} {g}", f"{b}{_sep(rng)}{g}"
        return _nrow("char_added_dropped", claimed, "", observed, _maybe_confs(rng, observed))

    def other_family() -> _NameTuple | None:
        f1, f2 = rng.sample(_FAMILY, 2)
        g = _pick(rng, _GIVEN)
        if f1.kana == f2.kana or _differs_by_confusions_only(f1.kanji, f2.kanji):
            return None
        observed = f"{f2.kanji}{_sep(rng)}{g.kanji}"
        return _nrow(
            "other_family",
            f"{f1.kanji} {g.kanji}",
            f"{f1.kana} {g.kana}",
            observed,
            _maybe_confs(rng, observed),
        )

    def kana_changed() -> _NameTuple | None:
        f, g = _pick(rng, _FAMILY), _pick(rng, _GIVEN)
        kana = f"{f.kana} {g.kana}"
        positions = [i for i, c in enumerate(kana) if c in _KANA_POOL]
        i = rng.choice(positions)
        new = rng.choice(
            [c for c in _KANA_POOL if c != kana[i] and not _in_confusion_group(c, kana[i])]
        )
        observed = kana[:i] + new + kana[i + 1 :]
        claimed = kana if rng.random() < 0.6 else _katakana_to_hiragana(kana)
        return _nrow("kana_changed", claimed, kana, observed, _maybe_confs(rng, observed))

    def romaji_mismatch() -> _NameTuple | None:
        f, g = _pick(rng, _FAMILY, True), _pick(rng, _GIVEN, True)
        if rng.random() < 0.5:
            g2 = _pick(rng, _GIVEN, True)
            if g2.kana == g.kana or g2.romaji in (g.romaji, *g.long_o):
                return None
            observed = f"{f.romaji} {g2.romaji}"
        else:
            f2 = _pick(rng, _FAMILY, True)
            if f2.kana == f.kana or f2.romaji in (f.romaji, *f.long_o):
                return None
            observed = f"{f2.romaji} {g.romaji}"
        return _nrow("romaji_mismatch", f"{f.kanji} {g.kanji}", f"{f.kana} {g.kana}", observed, "")

    def latin_different() -> _NameTuple | None:
        family, given = rng.choice(_FOREIGN_LATIN)
        if rng.random() < 0.6:
            if given not in _LATIN_NEAR:
                return None
            observed = f"{family} {_LATIN_NEAR[given]}"
        else:
            other = rng.choice([f for f, _ in _FOREIGN_LATIN if f != family])
            observed = f"{other} {given}"
        claimed = " ".join(w.capitalize() for w in f"{given} {family}".split())
        if rng.random() < 0.5:
            claimed = f"{family.title()}, {given.title()}"
        return _nrow("latin_different", claimed, "", observed, _maybe_confs(rng, observed))

    # ---- confusions (built in pairs: one row each side of the threshold)

    def script() -> _NameTuple:
        kind = rng.randrange(4)
        f, g = _pick(rng, _FAMILY), _pick(rng, _GIVEN)
        kana = f"{f.kana} {g.kana}"
        if kind == 0:
            return _nrow("script", f"{f.kanji} {g.kanji}", kana, kana, "")
        if kind == 1:
            return _nrow("script", f"{f.kanji} {g.kanji}", kana, _katakana_to_hiragana(kana), "")
        if kind == 2:
            return _nrow("script", kana, kana, f"{f.kanji} {g.kanji}", "")
        latin, katakana = rng.choice(_LATIN_KATAKANA)
        return _nrow("script", latin, "", katakana.replace("・", rng.choice((" ", "・"))), "")

    def no_kana() -> _NameTuple:
        f, g = _pick(rng, _FAMILY, True), _pick(rng, _GIVEN, True)
        return _nrow("no_kana", f"{f.kanji} {g.kanji}", "", f"{f.romaji} {g.romaji}", "")

    def unreadable() -> _NameTuple:
        f, g = _pick(rng, _FAMILY), _pick(rng, _GIVEN)
        observed = rng.choice(("", " ", "　", "・", "･ ･"))
        return _nrow("unreadable", f"{f.kanji} {g.kanji}", f"{f.kana} {g.kana}", observed, "")

    return [
        ("spacing", 30, spacing),
        ("variant_kanji", len(variant_todo) + 12, variant),
        ("iteration_mark", 8, iteration),
        ("kana_script", 28, kana_script),
        ("halfwidth_kana", 20, halfwidth),
        ("combining_mark", 6, combining),
        ("long_vowel", 18, long_vowel),
        ("middle_dot", 18, middle_dot),
        ("kana_spacing", 10, kana_spacing),
        ("passport_hepburn", 36, hepburn),
        ("passport_long_o", 26, long_o),
        ("latin_claim", 28, latin_claim),
        ("given_kanji_changed", 34, given_changed),
        ("char_added_dropped", 26, added_dropped),
        ("other_family", 24, other_family),
        ("kana_changed", 20, kana_changed),
        ("romaji_mismatch", 20, romaji_mismatch),
        ("latin_different", 12, latin_different),
        ("script", 16, script),
        ("no_kana", 8, no_kana),
        ("unreadable", 5, unreadable),
    ]


def _confusion_sources(rng: random.Random) -> list[tuple[str, str, str]]:
    """(claimed, kana, printed) names that hold a character of ``_CONFUSION_SUBS``."""
    out: list[tuple[str, str, str]] = []
    for f in _FAMILY:
        for g in _GIVEN:
            name = f"{f.kanji} {g.kanji}"
            if any(c in _CONFUSION_SUBS for c in name):
                out.append((name, f"{f.kana} {g.kana}", name))
    for f in _FAMILY:
        for g in _GIVEN:
            kana = f"{f.kana} {g.kana}"
            if any(c in _CONFUSION_SUBS for c in kana) and rng.random() < 0.05:
                claimed = kana if rng.random() < 0.7 else _katakana_to_hiragana(kana)
                out.append((claimed, kana, kana))
    for name in _FOREIGN_KATAKANA:
        out.append((name, name, name.replace("・", " ")))
    for family, given in _FOREIGN_LATIN:
        printed = f"{family} {given}"
        if any(c in _CONFUSION_SUBS for c in printed):
            out.append((" ".join(w.capitalize() for w in f"{given} {family}".split()), "", printed))
    return out


def _confusion_rows(rng: random.Random, n_pairs: int) -> list[_NameTuple]:
    """Pairs of rows, one each side of the threshold, plus the no-confidence,
    not-a-confusion and confusion-plus-another-change rows built from the same names."""
    sources = _confusion_sources(rng)
    rng.shuffle(sources)
    rows: list[_NameTuple] = []
    pairs = 0
    no_conf = 0
    for claimed, kana, printed in sources:
        positions = [i for i, c in enumerate(printed) if c in _CONFUSION_SUBS]
        if not positions or pairs >= n_pairs:
            continue
        i = rng.choice(positions)
        observed = printed[:i] + _CONFUSION_SUBS[printed[i]] + printed[i + 1 :]
        assert _in_confusion_group(printed[i], observed[i]), printed[i]
        low = rng.choice((91.0, 91.0, 91.9, 89.0, 80.0, 65.0, 40.0))
        high = rng.choice((92.0, 92.0, 95.0, 98.0))
        assert low < LOW_CHAR_CONFIDENCE <= high
        base = _confs(rng, observed)
        rows.append(_nrow("confusion_low", claimed, kana, observed, _override(base, {i: low})))
        rows.append(_nrow("confusion_high", claimed, kana, observed, _override(base, {i: high})))
        pairs += 1
        if no_conf < 10 and rng.random() < 0.3:
            rows.append(_nrow("confusion_no_conf", claimed, kana, observed, ""))
            no_conf += 1
    # Two confusions in one name: both low → uncertain, one high → different.
    two = [s for s in sources if sum(c in _CONFUSION_SUBS for c in s[2]) >= 2]
    for claimed, kana, printed in two[:8]:
        i, j = [k for k, c in enumerate(printed) if c in _CONFUSION_SUBS][:2]
        observed = "".join(_CONFUSION_SUBS[c] if k in (i, j) else c for k, c in enumerate(printed))
        base = _confs(rng, observed, {i: 85.0})
        low_row = _nrow("confusion_low", claimed, kana, observed, _override(base, {j: 70.0}))
        high_row = _nrow("confusion_high", claimed, kana, observed, _override(base, {j: 96.0}))
        rows += [low_row, high_row]
    # Look-alikes that are not confusion pairs, read with low confidence.
    for _ in range(40):
        f, g = _pick(rng, _FAMILY), _pick(rng, _GIVEN)
        name = f"{f.kanji} {g.kanji}"
        positions = [k for k, c in enumerate(name) if c in _NOT_CONFUSIONS]
        if not positions:
            continue
        k = rng.choice(positions)
        observed = name[:k] + _NOT_CONFUSIONS[name[k]] + name[k + 1 :]
        assert not _in_confusion_group(name[k], observed[k])
        conf = rng.choice((91.0, 70.0, 45.0))
        rows.append(
            _nrow(
                "not_a_confusion",
                name,
                f"{f.kana} {g.kana}",
                observed,
                _confs(rng, observed, {k: conf}),
            )
        )
    # A low-confidence confusion in the family name plus another given name.
    for _ in range(120):
        f, (given, other_given) = _pick(rng, _FAMILY), rng.choice(_GIVEN_NEAR)
        positions = [k for k, c in enumerate(f.kanji) if c in _CONFUSION_SUBS]
        if not positions:
            continue
        k = positions[0]
        family = f.kanji[:k] + _CONFUSION_SUBS[f.kanji[k]] + f.kanji[k + 1 :]
        observed = f"{family} {other_given}"
        rows.append(
            _nrow(
                "confusion_plus_other",
                f"{f.kanji} {given}",
                "",
                observed,
                _confs(rng, observed, {k: 60.0}),
            )
        )
    return rows


# Hand-written name cases: (category, claimed, claimed_kana, observed, confidences), the
# confidences None for none, else a clean read of 97 with the given positions overridden.
_NAME_EDGES: tuple[tuple[str, str, str, str, dict[int, float] | None], ...] = (
    ("spacing", "山田 太郎", "ヤマダ タロウ", "山田太郎", None),
    ("spacing", "山田　太郎", "ヤマダ タロウ", "山田 太郎", None),
    ("spacing", "山田太郎", "ヤマダ タロウ", "山田　太郎", {}),
    ("spacing", " 佐藤 健 ", "サトウ ケン", "佐藤健", None),
    ("spacing", "長谷川  真理子", "ハセガワ マリコ", "長谷川 真理子", {}),
    ("variant_kanji", "高橋 一郎", "タカハシ イチロウ", "髙橋 一郎", {}),
    ("variant_kanji", "髙橋 一郎", "タカハシ イチロウ", "高橋 一郎", {}),
    ("variant_kanji", "山崎 花子", "ヤマザキ ハナコ", "山﨑 花子", None),
    ("variant_kanji", "齋藤 誠", "サイトウ マコト", "斎藤 誠", None),
    ("variant_kanji", "齊藤 誠", "サイトウ マコト", "齋藤 誠", None),
    ("variant_kanji", "斉藤 誠", "サイトウ マコト", "斎藤 誠", None),
    ("variant_kanji", "渡辺 健", "ワタナベ ケン", "渡邊 健", None),
    ("variant_kanji", "渡邉 健", "ワタナベ ケン", "渡邊 健", None),
    ("variant_kanji", "濵田 陽子", "ハマダ ヨウコ", "浜田 陽子", None),
    ("variant_kanji", "濱田 陽子", "ハマダ ヨウコ", "濵田 陽子", None),
    ("variant_kanji", "櫻井 翔", "サクライ ショウ", "桜井 翔", None),
    ("variant_kanji", "澤田 美咲", "サワダ ミサキ", "沢田 美咲", None),
    ("variant_kanji", "廣瀬 隆", "ヒロセ タカシ", "広瀬 隆", None),
    ("variant_kanji", "國分 太一", "コクブン タイチ", "国分 太一", None),
    ("variant_kanji", "𠮷田 拓也", "ヨシダ タクヤ", "吉田 拓也", None),
    ("variant_kanji", "高橋 隆", "タカハシ タカシ", "髙橋 \uf9dc", None),
    ("iteration_mark", "佐々木 蓮", "ササキ レン", "佐佐木 蓮", None),
    ("iteration_mark", "佐佐木 蓮", "ササキ レン", "佐々木 蓮", None),
    ("kana_script", "やまだ たろう", "ヤマダ タロウ", "ヤマダ タロウ", None),
    ("kana_script", "ヤマダ タロウ", "ヤマダ タロウ", "やまだ たろう", None),
    ("halfwidth_kana", "ヤマダ タロウ", "ヤマダ タロウ", "ﾔﾏﾀﾞ ﾀﾛｳ", None),
    ("halfwidth_kana", "パク ジフン", "パク ジフン", "ﾊﾟｸ ｼﾞﾌﾝ", None),
    ("combining_mark", "ヤマダ タロウ", "ヤマダ タロウ", "ヤマタ\u3099 タロウ", None),
    ("long_vowel", "マイケル・ジョーンズ", "マイケル・ジョーンズ", "マイケル ジョ-ンズ", None),
    ("long_vowel", "メアリー・ブラウン", "メアリー・ブラウン", "メアリ－ ブラウン", None),
    ("middle_dot", "ジョン・スミス", "ジョン・スミス", "ジョン スミス", None),
    ("middle_dot", "ジョン・スミス", "ジョン・スミス", "ジョン=スミス", None),
    ("middle_dot", "ジョンスミス", "ジョン・スミス", "ジョン･スミス", None),
    ("passport_hepburn", "大野 太郎", "オオノ タロウ", "ONO TARO", None),
    ("passport_hepburn", "大野 太郎", "オオノ タロウ", "ONO<<TARO", None),
    ("passport_hepburn", "大野 太郎", "おおの たろう", "ONO TARO", None),
    ("passport_hepburn", "ヤマダ タロウ", "ヤマダ タロウ", "YAMADA TARO", None),
    ("passport_hepburn", "難波 健太", "ナンバ ケンタ", "NAMBA KENTA", None),
    ("passport_hepburn", "服部 翔", "ハットリ ショウ", "HATTORI SHO", None),
    ("passport_long_o", "大野 太郎", "オオノ タロウ", "OHNO TARO", None),
    ("passport_long_o", "大野 太郎", "オオノ タロウ", "OONO TARO", None),
    ("passport_long_o", "佐藤 太郎", "サトウ タロウ", "SATOH TAROU", None),
    ("passport_long_o", "伊藤 陽子", "イトウ ヨウコ", "ITOU YOHKO", None),
    ("latin_claim", "Van An Nguyen", "", "NGUYEN VAN AN", None),
    ("latin_claim", "Nguyen, Van An", "", "NGUYEN VAN AN", None),
    ("latin_claim", "nguyen van an", "", "NGUYEN VAN AN", {}),
    ("latin_claim", "Jean-Pierre Martin", "", "MARTIN JEAN-PIERRE", None),
    ("latin_claim", "Sean O'Brien", "", "O'BRIEN SEAN", None),
    ("latin_claim", "Ｊｏｈｎ Ｓｍｉｔｈ", "", "SMITH JOHN", None),
    ("latin_claim", "John Smith", "", "ＳＭＩＴＨ ＪＯＨＮ", None),
    ("latin_claim", "Taro Yamada", "", "YAMADA TARO", None),
    ("given_kanji_changed", "山田 太郎", "ヤマダ タロウ", "山田 次郎", None),
    ("given_kanji_changed", "鈴木 一郎", "スズキ イチロウ", "鈴木 二郎", {}),
    ("given_kanji_changed", "鈴木 二郎", "スズキ ジロウ", "鈴木 一郎", {}),
    ("char_added_dropped", "佐藤 健", "サトウ ケン", "佐藤 健一", None),
    ("char_added_dropped", "佐藤健", "サトウ ケン", "佐藤健一", None),
    ("char_added_dropped", "佐藤 健一", "サトウ ケンイチ", "佐藤 健", {}),
    ("char_added_dropped", "佐藤 健", "サトウ ケン", "佐藤", None),
    ("other_family", "佐藤 健", "サトウ ケン", "加藤 健", None),
    ("other_family", "高橋 誠", "タカハシ マコト", "髙木 誠", None),
    ("swapped_order", "泉 誠", "イズミ マコト", "誠 泉", None),
    ("swapped_order", "森 光", "モリ ヒカル", "光 森", None),
    ("swapped_order", "林 茂", "ハヤシ シゲル", "茂 林", None),
    ("swapped_order", "東 正", "アズマ タダシ", "正 東", None),
    ("kana_changed", "サトウ タロウ", "サトウ タロウ", "サトウ ジロウ", None),
    ("kana_changed", "かとう けん", "カトウ ケン", "サトウ ケン", None),
    ("romaji_mismatch", "斎藤 健", "サイトウ ケン", "SATO KEN", None),
    ("romaji_mismatch", "小野 健", "オノ ケン", "OHNO KEN", None),
    ("romaji_mismatch", "中村 裕子", "ナカムラ ユウコ", "NAKAMURA YUUKO", None),
    ("romaji_mismatch", "山田 太郎", "ヤマダ タロウ", "YAMADA JIRO", None),
    ("romaji_mismatch", "佐藤 太郎", "サトウ タロウ", "SATOO TARO", None),
    ("confusion_high", "山口 花子", "ヤマグチ ハナコ", "山ロ 花子", {1: 92.0}),
    ("confusion_high", "山口 花子", "ヤマグチ ハナコ", "山ロ 花子", {1: 99.0}),
    ("confusion_high", "田中 一郎", "タナカ イチロウ", "田中 ー郎", {3: 92.0}),
    ("confusion_high", "渡邊 隆", "ワタナベ タカシ", "渡巡 隆", {1: 93.0}),
    ("confusion_high", "田口 二郎", "タグチ ジロウ", "田ロ ニ郎", {1: 80.0, 3: 95.0}),
    ("confusion_high", "ハットリ ケン", "ハットリ ケン", "ハツトリ ケン", {1: 92.0}),
    ("confusion_high", "はっとり けん", "ハットリ ケン", "ハツトリ ケン", {1: 95.0}),
    ("confusion_high", "Olivia Brown", "", "BROWN 0LIVIA", {6: 92.0}),
    (
        "confusion_high",
        "マイケル・ジョーンズ",
        "マイケル・ジョーンズ",
        "マイケル ジョ一ンズ",
        {7: 92.0},
    ),
    ("not_a_confusion", "太田 花子", "オオタ ハナコ", "大田 花子", {0: 40.0}),
    ("not_a_confusion", "山田 太郎", "ヤマダ タロウ", "山田 大郎", {3: 50.0}),
    ("not_a_confusion", "鈴木 一郎", "スズキ イチロウ", "鈴木 二郎", {3: 30.0}),
    ("confusion_plus_other", "山口 太郎", "ヤマグチ タロウ", "山ロ 次郎", {1: 60.0}),
    ("empty_claim", "", "", "山田 太郎", None),
    ("empty_claim", "　", "", "山田 太郎", {}),
    ("empty_claim", "・", "", "ヤマダ タロウ", None),
    ("latin_different", "Van An Nguyen", "", "NGUYEN VAN ANH", None),
    ("latin_different", "An Nguyen", "", "NGUYEN VAN AN", None),
    ("latin_different", "John Smith", "", "SMYTH JOHN", {}),
    ("confusion_low", "山口 花子", "ヤマグチ ハナコ", "山ロ 花子", {1: 91.0}),
    ("confusion_low", "山口 花子", "ヤマグチ ハナコ", "山ロ 花子", {1: 91.99}),
    ("confusion_low", "田中 一郎", "タナカ イチロウ", "田中 ー郎", {3: 91.0}),
    ("confusion_low", "渡邊 隆", "ワタナベ タカシ", "渡巡 隆", {1: 70.0}),
    ("confusion_low", "ハットリ ケン", "ハットリ ケン", "ハツトリ ケン", {1: 88.0}),
    ("confusion_low", "はっとり けん", "ハットリ ケン", "ハツトリ ケン", {1: 88.0}),
    ("confusion_low", "Olivia Brown", "", "BROWN 0LIVIA", {6: 80.0}),
    ("confusion_low", "田口 二郎", "タグチ ジロウ", "田ロ ニ郎", {1: 80.0, 3: 85.0}),
    (
        "confusion_low",
        "マイケル・ジョーンズ",
        "マイケル・ジョーンズ",
        "マイケル ジョ一ンズ",
        {7: 60.0},
    ),
    ("confusion_no_conf", "山口 花子", "ヤマグチ ハナコ", "山ロ 花子", None),
    ("unreadable", "山田 太郎", "ヤマダ タロウ", "", None),
    ("unreadable", "山田 太郎", "ヤマダ タロウ", "　", None),
    ("script", "山田 太郎", "ヤマダ タロウ", "ヤマダ タロウ", None),
    ("script", "John Smith", "", "ジョン スミス", None),
    ("no_kana", "山田 太郎", "", "YAMADA TARO", None),
    ("no_kana", "大野 太郎", "", "OHNO TARO", None),
)


def build_names() -> list[NameRow]:
    """Every name row: the hand-written edge cases, then the generated ones."""
    rng = random.Random(SEED)
    rows: list[_NameTuple] = []
    seen: set[tuple[str, ...]] = set()
    for category, claimed, kana, observed, overrides in _NAME_EDGES:
        confs = ""
        if overrides is not None:
            values = [97.0] * len(observed)
            for i, v in overrides.items():
                values[i] = v
            confs = " ".join(_fmt_conf(v) for v in values)
        row = _nrow(category, claimed, kana, observed, confs)
        if row in seen:
            raise ValueError(f"duplicate edge case: {row}")
        seen.add(row)
        rows.append(row)
    for _, n, make in _name_generators(rng):
        _fill(rows, seen, n, make)
    for row in _confusion_rows(rng, 40):
        if row not in seen:
            seen.add(row)
            rows.append(row)
    out: list[NameRow] = []
    for k, (category, claimed, kana, observed, confs) in enumerate(rows, 1):
        parsed = tuple(float(c) for c in confs.split()) if confs else None
        if parsed is not None and len(parsed) != len(observed):
            raise ValueError(f"confidences of {observed!r}: {len(parsed)} for {len(observed)}")
        out.append(
            NameRow(
                f"N{k:04d}", NAME_CATEGORIES[category], category, claimed, kana, observed, parsed
            )
        )
    return out


# ---------------------------------------------------------------- address pools


@dataclass(frozen=True, slots=True)
class _Area:
    """A real municipality (with its 郡 or designated-city ward) and some real towns.

    A town's style says how its block number is written: ``c`` 一丁目4番1号, ``cn``
    三丁目12番地, ``n`` 123番地 (or 123番地4), ``bg`` 4番1号; the int is its highest 丁目.
    ``ambiguous``: a municipality name used in another prefecture too (府中市).
    """

    prefecture: str
    county: str
    municipality: str
    towns: tuple[tuple[str, str, int], ...]
    ambiguous: bool = False


_AREAS: tuple[_Area, ...] = (
    _Area(
        "東京都",
        "",
        "千代田区",
        (
            ("丸の内", "c", 3),
            ("大手町", "c", 2),
            ("霞が関", "c", 3),
            ("永田町", "c", 2),
            ("内神田", "c", 3),
            ("外神田", "c", 6),
            ("神田神保町", "c", 3),
        ),
    ),
    _Area(
        "東京都",
        "",
        "港区",
        (
            ("芝公園", "c", 4),
            ("六本木", "c", 7),
            ("東麻布", "c", 3),
            ("西麻布", "c", 4),
            ("南麻布", "c", 5),
            ("元麻布", "c", 3),
            ("赤坂", "c", 9),
        ),
    ),
    _Area(
        "東京都",
        "",
        "新宿区",
        (("西新宿", "c", 8), ("北新宿", "c", 4), ("歌舞伎町", "c", 2), ("高田馬場", "c", 4)),
    ),
    _Area("東京都", "", "世田谷区", (("三軒茶屋", "c", 2), ("太子堂", "c", 5), ("桜新町", "c", 2))),
    _Area("東京都", "", "練馬区", (("光が丘", "c", 7), ("石神井町", "c", 8), ("豊玉北", "c", 6))),
    _Area("東京都", "", "目黒区", (("自由が丘", "c", 3), ("中目黒", "c", 5))),
    _Area("東京都", "", "江戸川区", (("一之江", "c", 8), ("西葛西", "c", 8), ("船堀", "c", 7))),
    _Area("東京都", "", "北区", (("赤羽", "c", 3), ("王子", "c", 6))),
    _Area("東京都", "", "品川区", (("大井", "c", 7), ("東五反田", "c", 5))),
    _Area("東京都", "", "八王子市", (("元本郷町", "c", 3), ("明神町", "c", 4))),
    _Area("東京都", "", "府中市", (("宮町", "c", 3), ("府中町", "c", 2)), ambiguous=True),
    _Area("東京都", "", "多摩市", (("桜ヶ丘", "c", 4), ("関戸", "c", 6))),
    _Area("東京都", "西多摩郡", "奥多摩町", (("氷川", "n", 0), ("日原", "n", 0))),
    _Area(
        "神奈川県",
        "",
        "横浜市中区",
        (("山下町", "n", 0), ("山手町", "n", 0), ("本町", "c", 6), ("元町", "c", 5)),
    ),
    _Area(
        "神奈川県", "", "横浜市港北区", (("日吉", "c", 7), ("日吉本町", "c", 6), ("綱島西", "c", 6))
    ),
    _Area("神奈川県", "", "川崎市中原区", (("小杉町", "cn", 3), ("新丸子町", "n", 0))),
    _Area(
        "大阪府",
        "",
        "大阪市北区",
        (("梅田", "c", 3), ("曽根崎", "c", 2), ("中之島", "c", 6), ("天神橋", "c", 8)),
    ),
    _Area("大阪府", "", "大阪市西区", (("北堀江", "c", 4), ("南堀江", "c", 4), ("江戸堀", "c", 3))),
    _Area("大阪府", "", "大阪市天王寺区", (("上本町", "c", 9), ("茶臼山町", "n", 0))),
    _Area("大阪府", "", "豊中市", (("新千里東町", "c", 5), ("新千里西町", "c", 3))),
    _Area("京都府", "", "京都市左京区", (("吉田本町", "n", 0), ("下鴨泉川町", "n", 0))),
    _Area(
        "愛知県",
        "",
        "名古屋市中区",
        (("栄", "c", 5), ("錦", "c", 3), ("丸の内", "c", 3), ("大須", "c", 4)),
    ),
    _Area("愛知県", "", "豊田市", (("元城町", "cn", 4), ("小坂本町", "c", 8))),
    _Area(
        "北海道",
        "",
        "札幌市中央区",
        (("北一条西", "cn", 9), ("北二条西", "cn", 9), ("南一条西", "cn", 9)),
    ),
    _Area("北海道", "虻田郡", "倶知安町", (("南一条東", "cn", 3), ("北一条東", "cn", 3))),
    _Area("宮城県", "", "仙台市青葉区", (("一番町", "c", 4), ("国分町", "c", 3), ("本町", "c", 3))),
    _Area(
        "福岡県",
        "",
        "福岡市博多区",
        (("博多駅前", "c", 4), ("博多駅東", "c", 3), ("中洲", "c", 5)),
    ),
    _Area("福岡県", "糟屋郡", "粕屋町", (("大字仲原", "n", 0), ("大字長者原", "n", 0))),
    _Area("広島県", "", "広島市中区", (("大手町", "c", 5), ("紙屋町", "c", 2), ("基町", "n", 0))),
    _Area(
        "兵庫県", "", "神戸市中央区", (("三宮町", "c", 3), ("元町通", "c", 6), ("加納町", "c", 6))
    ),
    _Area("埼玉県", "", "さいたま市浦和区", (("高砂", "c", 4), ("常盤", "c", 10))),
    _Area("埼玉県", "", "鶴ヶ島市", (("富士見", "c", 6), ("脚折町", "c", 6))),
    _Area("千葉県", "", "千葉市美浜区", (("中瀬", "c", 2), ("幕張西", "c", 6))),
    _Area("千葉県", "", "船橋市", (("本町", "c", 7), ("湊町", "c", 3))),
    _Area("長野県", "北安曇郡", "白馬村", (("大字北城", "n", 0), ("大字神城", "n", 0))),
    _Area("静岡県", "", "静岡市葵区", (("追手町", "bg", 0), ("呉服町", "c", 2))),
    _Area("新潟県", "", "新潟市中央区", (("万代", "c", 5), ("東大通", "c", 2))),
    _Area("沖縄県", "", "那覇市", (("久茂地", "c", 3), ("泉崎", "c", 2), ("牧志", "c", 3))),
    _Area("岩手県", "岩手郡", "雫石町", (("大字長山", "n", 0), ("大字西根", "n", 0))),
    _Area("熊本県", "阿蘇郡", "小国町", (("大字宮原", "n", 0), ("大字北里", "n", 0))),
    _Area("茨城県", "", "つくば市", (("千現", "c", 2), ("竹園", "c", 3), ("吾妻", "c", 4))),
    _Area("奈良県", "", "奈良市", (("登大路町", "n", 0), ("三条大路", "c", 5))),
    _Area("岐阜県", "不破郡", "関ケ原町", (("大字関ケ原", "n", 0), ("大字松尾", "n", 0))),
    _Area("鹿児島県", "熊毛郡", "屋久島町", (("宮之浦", "n", 0), ("安房", "n", 0))),
)

_BUILDINGS: tuple[str, ...] = (
    "メゾン桜",
    "コーポ青葉",
    "グランハイツ",
    "サンライズマンション",
    "パークレジデンス",
    "ハイツ緑",
    "エクセル壱番館",
    "シャトー若葉",
    "ライオンズマンション",
    "ドミール本町",
)

# Towns of one municipality whose names are one character apart (same length).
_TOWN_ONE_CHAR: tuple[tuple[str, str, str], ...] = (
    ("新宿区", "西新宿", "北新宿"),
    ("港区", "東麻布", "西麻布"),
    ("港区", "西麻布", "南麻布"),
    ("港区", "元麻布", "南麻布"),
    ("千代田区", "内神田", "外神田"),
    ("横浜市中区", "山下町", "山手町"),
    ("横浜市中区", "本町", "元町"),
    ("札幌市中央区", "北一条西", "北二条西"),
    ("札幌市中央区", "北一条西", "南一条西"),
    ("倶知安町", "南一条東", "北一条東"),
    ("名古屋市中区", "栄", "錦"),
    ("豊中市", "新千里東町", "新千里西町"),
    ("福岡市博多区", "博多駅前", "博多駅東"),
    ("大阪市西区", "北堀江", "南堀江"),
)

# Municipalities one character apart (same length): (prefecture, claimed, observed).
_MUNICIPALITY_ONE_CHAR: tuple[tuple[str, str, str], ...] = (
    ("大阪府", "大阪市北区", "大阪市西区"),
    ("愛知県", "名古屋市中区", "名古屋市北区"),
    ("愛知県", "名古屋市中区", "名古屋市東区"),
    ("広島県", "広島市中区", "広島市南区"),
    ("神奈川県", "横浜市中区", "横浜市南区"),
    ("神奈川県", "横浜市中区", "横浜市西区"),
    ("東京都", "港区", "北区"),
    ("東京都", "品川区", "荒川区"),
    ("東京都", "中野区", "中央区"),
)

# Municipalities of the same name in two prefectures: (municipality, prefecture, county)*2.
_HOMONYMS: tuple[tuple[str, str, str, str, str], ...] = (
    ("府中市", "東京都", "", "広島県", ""),
    ("伊達市", "北海道", "", "福島県", ""),
    ("森町", "北海道", "茅部郡", "静岡県", "周智郡"),
    ("清水町", "静岡県", "駿東郡", "北海道", "上川郡"),
    ("美里町", "宮城県", "遠田郡", "埼玉県", "児玉郡"),
    ("池田町", "長野県", "北安曇郡", "岐阜県", "揖斐郡"),
    ("朝日町", "富山県", "下新川郡", "山形県", "西村山郡"),
)


@dataclass(frozen=True, slots=True)
class _Addr:
    """An address as its parts: the numbers follow the town's style."""

    area: _Area
    town: str
    style: str
    numbers: tuple[int, ...]
    building: str = ""
    room: str = ""


def _random_addr(
    rng: random.Random,
    *,
    areas: Sequence[_Area] = _AREAS,
    building: float = 0.35,
    styles: str = "c cn n bg",
) -> _Addr:
    for _ in range(200):
        area = rng.choice(areas)
        town, style, top = rng.choice(area.towns)
        if style in styles.split():
            break
    else:
        raise ValueError("no town of the requested style")
    if style == "c":
        numbers: tuple[int, ...] = (rng.randint(1, top), rng.randint(1, 28), rng.randint(1, 24))
    elif style == "cn":
        numbers = (rng.randint(1, top), rng.randint(1, 40))
    elif style == "bg":
        numbers = (rng.randint(1, 28), rng.randint(1, 24))
    elif rng.random() < 0.4:
        numbers = (rng.randint(1, 2400), rng.randint(1, 30))
    else:
        numbers = (rng.randint(1, 2400),)
    if rng.random() < building:
        room = str(rng.randint(1, 12) * 100 + rng.randint(1, 9))
        return _Addr(area, town, style, numbers, rng.choice(_BUILDINGS), room)
    return _Addr(area, town, style, numbers)


def _block(a: _Addr, notation: str) -> str:
    """The block number in ``notation``: card (一丁目4番1号), digits (1丁目4番1号),
    hyphen (1-4-1) or mixed (1丁目4-1)."""
    n = a.numbers
    if a.style == "c":
        chome = kanji_number(n[0]) if notation == "card" else str(n[0])
        if notation == "hyphen":
            return f"{n[0]}-{n[1]}-{n[2]}"
        if notation == "mixed":
            return f"{chome}丁目{n[1]}-{n[2]}"
        return f"{chome}丁目{n[1]}番{n[2]}号"
    if a.style == "cn":
        chome = kanji_number(n[0]) if notation == "card" else str(n[0])
        if notation == "hyphen":
            return f"{n[0]}-{n[1]}"
        if notation == "mixed":
            return f"{chome}丁目{n[1]}"
        return f"{chome}丁目{n[1]}番地"
    if a.style == "bg":
        if notation == "hyphen":
            return f"{n[0]}-{n[1]}"
        if notation == "mixed":
            return f"{n[0]}番{n[1]}"
        return f"{n[0]}番{n[1]}号"
    if notation == "hyphen":
        return "-".join(str(x) for x in n)
    if notation == "mixed" and len(n) == 2:
        return f"{n[0]}番地の{n[1]}"
    return f"{n[0]}番地" + (str(n[1]) if len(n) == 2 else "")


def _render(
    a: _Addr,
    notation: str = "card",
    *,
    prefecture: bool = True,
    county: bool = True,
    building: bool = True,
    room: str = "card",
) -> str:
    """An address as text. ``room``: card ( メゾン桜203号室), hyphen (-203, no building),
    space ( メゾン桜 203), bare (メゾン桜203), go ( メゾン桜203号), none (building only)."""
    head = (a.area.prefecture if prefecture else "") + (a.area.county if county else "")
    text = f"{head}{a.area.municipality}{a.town}{_block(a, notation)}"
    if not a.room:
        return text
    name = a.building if building else ""
    if room == "hyphen":
        return f"{text}-{a.room}"
    if room == "space":
        return f"{text} {name} {a.room}" if name else f"{text} {a.room}"
    if room == "bare":
        return f"{text}{name}{a.room}"
    if room == "go":
        return f"{text} {name}{a.room}号"
    if room == "none":
        return f"{text} {name}" if name else text
    return f"{text} {name}{a.room}号室"


def _one_char_apart(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def _shift(rng: random.Random, n: int) -> int:
    return rng.choice([m for m in (n - 2, n - 1, n + 1, n + 2) if m >= 1])


_AddrTuple = tuple[str, ...]  # (category, claimed, observed)
_TOWN_NUMERAL = "[一二](?=条|番町)"


def _address_generators(
    rng: random.Random,
) -> list[tuple[str, int, Callable[[], _AddrTuple | None]]]:
    """(category, how many, builder) for every generated address category."""

    def claim_notation() -> str:
        return rng.choice(("digits", "hyphen", "hyphen", "mixed", "card"))

    def notation() -> _AddrTuple | None:
        a = _random_addr(rng)
        note = rng.choice(("digits", "hyphen", "hyphen", "mixed"))
        claimed = _render(a, note, room=rng.choice(("card", "space", "bare")))
        observed = _render(a)
        return ("notation", claimed, observed) if claimed != observed else None

    def dash_variants() -> _AddrTuple | None:
        a = _random_addr(rng, building=0.2)
        if len(a.numbers) < 2:
            return None
        dash = rng.choice((*_DASHES, "ー", "一"))
        claimed = _render(a, "hyphen", room="space")
        head = _render(a, "hyphen", building=False, room="none")
        claimed = head.replace("-", dash) + claimed[len(head) :]
        return ("dash_variants", claimed, _render(a))

    def fullwidth() -> _AddrTuple:
        a = _random_addr(rng, building=0.2)
        claimed = _render(a, rng.choice(("hyphen", "digits")), room="space").translate(_FULLWIDTH)
        return ("fullwidth_digits", claimed, _render(a))

    def no_prefecture() -> _AddrTuple:
        a = _random_addr(rng, areas=[x for x in _AREAS if not x.ambiguous])
        claimed = _render(a, claim_notation(), prefecture=False, room="space")
        return ("no_prefecture", claimed, _render(a))

    counties = [x for x in _AREAS if x.county]

    def no_county() -> _AddrTuple:
        a = _random_addr(rng, areas=counties)
        claimed = _render(a, claim_notation(), county=False)
        return ("no_county", claimed, _render(a))

    def no_building() -> _AddrTuple:
        a = _random_addr(rng, building=1.0)
        note = claim_notation()
        if rng.random() < 0.5:
            claimed = _render(_Addr(a.area, a.town, a.style, a.numbers), note)
        else:
            claimed = _render(a, note, building=False, room=rng.choice(("hyphen", "space")))
        return ("no_building", claimed, _render(a))

    def no_room() -> _AddrTuple:
        a = _random_addr(rng, building=1.0)
        return ("no_room", _render(a, claim_notation(), room="none"), _render(a))

    def room_notation() -> _AddrTuple:
        a = _random_addr(rng, building=1.0)
        style = rng.choice(("space", "bare", "go", "hyphen"))
        claimed = _render(a, claim_notation(), room=style)
        return ("room_notation", claimed, _render(a))

    ga_areas = [
        (x, t) for x in _AREAS for t in x.towns if re.search("[がケヶ]", x.municipality + t[0])
    ]

    def ga_ke() -> _AddrTuple | None:
        area, town = rng.choice(ga_areas)
        a = _random_addr(
            rng, areas=[_Area(area.prefecture, area.county, area.municipality, (town,))]
        )
        forms = ("が", "ケ", "ヶ")
        src = rng.choice(forms)
        dst = rng.choice([f for f in forms if f != src])
        card = _render(a)
        claimed = _render(a, claim_notation())
        claimed = re.sub("[がケヶ]", src, claimed)
        observed = re.sub("[がケヶ]", dst, card)
        return ("ga_ke", claimed, observed)

    no_areas = [(x, t) for x in _AREAS for t in x.towns if "之" in t[0]]

    def no_nodot() -> _AddrTuple:
        area, town = rng.choice(no_areas)
        a = _random_addr(
            rng, areas=[_Area(area.prefecture, area.county, area.municipality, (town,))]
        )
        claimed = _render(a, claim_notation()).replace("之", rng.choice(("の", "ノ")))
        return ("no_nodot", claimed, _render(a))

    oaza = [(x, t) for x in _AREAS for t in x.towns if t[0].startswith("大字")]

    def oaza_omitted() -> _AddrTuple:
        area, town = rng.choice(oaza)
        a = _random_addr(
            rng, areas=[_Area(area.prefecture, area.county, area.municipality, (town,))]
        )
        claimed = _render(a, claim_notation())
        claimed = claimed.replace("大字", rng.choice(("", "", "字")))
        if rng.random() < 0.3:
            return ("oaza_omitted", _render(a), _render(a).replace("大字", ""))
        return ("oaza_omitted", claimed, _render(a))

    def spaces() -> _AddrTuple:
        a = _random_addr(rng)
        sp = rng.choice((" ", "　"))
        head = a.area.prefecture + sp + a.area.county + a.area.municipality + sp + a.town + sp
        block = _block(a, rng.choice(("digits", "card")))
        block = re.sub("(丁目|番地|番)", lambda m: m[0] + rng.choice(("", sp)), block)
        claimed = head + block + (f"{sp}{a.building}{sp}{a.room}号室" if a.room else "")
        return ("spaces", claimed, _render(a))

    def banchi_ban() -> _AddrTuple | None:
        a = _random_addr(rng, styles="n cn bg", building=0.2)
        card = _render(a)
        if a.style in ("n", "cn"):
            if len(a.numbers) == 2 and a.style == "n" and rng.random() < 0.5:
                claimed = card.replace("番地", "番地の", 1)
            else:
                claimed = card.replace("番地", "番", 1)
        else:
            claimed = card.replace("番", "番地", 1)
        return ("banchi_ban", claimed, card)

    designated = [x for x in _AREAS if x.municipality.endswith("区") and "市" in x.municipality]

    def designated_ward() -> _AddrTuple:
        a = _random_addr(rng, areas=designated)
        claimed = _render(a, claim_notation(), prefecture=rng.random() < 0.4, room="space")
        return ("designated_ward", claimed, _render(a))

    # 北一条西 and 一番町 are written 北1条西 and 1番町; 一之江 is never 1之江.
    numeral_towns = [(x, t) for x in _AREAS for t in x.towns if re.search(_TOWN_NUMERAL, t[0])]

    def town_numeral() -> _AddrTuple:
        area, town = rng.choice(numeral_towns)
        a = _random_addr(
            rng, areas=[_Area(area.prefecture, area.county, area.municipality, (town,))]
        )
        digit_town = re.sub(_TOWN_NUMERAL, lambda m: str(_KANJI_DIGITS.index(m[0])), a.town)
        claimed = _render(a, claim_notation()).replace(a.town, digit_town)
        return ("town_numeral", claimed, _render(a))

    slips = {
        "コーポ青葉": "コーボ青葉",
        "パークレジデンス": "パーク・レジデンス",
        "サンライズマンション": "サンライズマンシヨン",
        "ライオンズマンション": "ライオンズマンシヨン",
        "グランハイツ": "グラン・ハイツ",
        "シャトー若葉": "シャト一若葉",
    }

    def building_spelling() -> _AddrTuple:
        a = _random_addr(rng, building=1.0)
        name = rng.choice(sorted(slips))
        a = _Addr(a.area, a.town, a.style, a.numbers, name, a.room)
        observed = _render(a).replace(name, slips[name])
        return ("building_spelling", _render(a, claim_notation(), room="space"), observed)

    cities = [x for x in _AREAS if "市" in x.municipality]

    def ocr_shi() -> _AddrTuple:
        a = _random_addr(rng, areas=cities)
        observed = _render(a).replace("市", "巿", 1)
        return ("ocr_shi", _render(a, claim_notation(), room="space"), observed)

    def ocr_kana_numeral() -> _AddrTuple | None:
        a = _random_addr(rng, styles="c cn")
        if a.numbers[0] not in (1, 2):
            return None
        observed = _render(a).replace(
            f"{kanji_number(a.numbers[0])}丁目", f"{'ーニ'[a.numbers[0] - 1]}丁目", 1
        )
        return ("ocr_kana_numeral", _render(a, claim_notation(), room="space"), observed)

    def ocr_letter_digit() -> _AddrTuple | None:
        # A 0 read as O or a 1 read as l inside the block number; never the last
        # character (a frame line after 4番地1 also reads as l: that is not one meaning).
        a = _random_addr(rng, styles="c bg n", building=0.0)
        card = _render(a)
        start = len(card) - len(_block(a, "card"))
        spots = [i for i in range(start, len(card) - 1) if card[i] in "01"]
        if not spots:
            return None
        i = rng.choice(spots)
        observed = card[:i] + ("O" if card[i] == "0" else "l") + card[i + 1 :]
        return ("ocr_letter_digit", _render(a, claim_notation()), observed)

    # ---- different

    def block_off() -> _AddrTuple:
        a = _random_addr(rng)
        k = rng.randrange(len(a.numbers))
        numbers = list(a.numbers)
        numbers[k] = _shift(rng, numbers[k])
        if a.style in ("c", "cn") and k == 0:
            numbers[0] = min(numbers[0], 99)
        b = _Addr(a.area, a.town, a.style, tuple(numbers), a.building, a.room)
        claimed = _render(a, claim_notation(), room=rng.choice(("card", "space", "none")))
        return ("block_off_by_one", claimed, _render(b))

    def missing_extra() -> _AddrTuple | None:
        a = _random_addr(rng, building=0.0)
        if rng.random() < 0.5 and len(a.numbers) >= 2:
            head = _render(a, "hyphen").removesuffix(_block(a, "hyphen"))
            claimed = head + "-".join(str(x) for x in a.numbers[:-1])
            return ("number_missing_extra", claimed, _render(a))
        if len(a.numbers) >= 3:
            return None
        claimed = _render(a, "hyphen") + f"-{rng.randint(1, 30)}"
        return ("number_missing_extra", claimed, _render(a))

    def other_town() -> _AddrTuple | None:
        area = rng.choice([x for x in _AREAS if len(x.towns) > 1])
        (t1, s1, m1), (t2, s2, m2) = rng.sample(area.towns, 2)
        if s1 != s2 or _one_char_apart(t1, t2):
            return None
        a = _random_addr(
            rng,
            areas=[
                _Area(area.prefecture, area.county, area.municipality, ((t1, s1, min(m1, m2)),))
            ],
        )
        b = _Addr(a.area, t2, a.style, a.numbers, a.building, a.room)
        return ("other_town", _render(a, claim_notation(), room="space"), _render(b))

    def other_municipality() -> _AddrTuple | None:
        a = _random_addr(rng)
        others = [
            x
            for x in _AREAS
            if x.prefecture == a.area.prefecture
            and x.municipality != a.area.municipality
            and not _one_char_apart(x.municipality, a.area.municipality)
        ]
        if not others:
            return None
        o = rng.choice(others)
        b = _Addr(o, a.town, a.style, a.numbers, a.building, a.room)
        return ("other_municipality", _render(a, claim_notation(), room="space"), _render(b))

    def other_prefecture() -> _AddrTuple:
        muni, p1, c1, p2, c2 = rng.choice(_HOMONYMS)
        a = _random_addr(rng, styles="n", building=0.0)
        area1 = _Area(p1, c1, muni, ((a.town, "n", 0),))
        area2 = _Area(p2, c2, muni, ((a.town, "n", 0),))
        town = rng.choice(("本町", "栄町", "中央", "大字新田", "大字本郷"))
        x = _Addr(area1, town, "n", a.numbers)
        y = _Addr(area2, town, "n", a.numbers)
        return ("other_prefecture", _render(x, claim_notation()), _render(y))

    def other_room() -> _AddrTuple:
        a = _random_addr(rng, building=1.0)
        room = int(a.room)
        new = str(rng.choice((room + 1, room - 1 if room % 100 > 1 else room + 2, room + 100)))
        b = _Addr(a.area, a.town, a.style, a.numbers, a.building, new)
        claimed = _render(a, claim_notation(), room=rng.choice(("card", "space", "hyphen", "bare")))
        return ("other_room", claimed, _render(b))

    def label_mismatch() -> _AddrTuple | None:
        a = _random_addr(rng, styles="c", building=0.0)
        c, b, _ = a.numbers
        head = _render(a, building=False).removesuffix(_block(a, "card"))
        if rng.random() < 0.5:
            return ("label_mismatch", f"{head}{c}番{b}号", f"{head}{kanji_number(c)}丁目{b}番")
        return ("label_mismatch", f"{head}{c}丁目{b}番", f"{head}{c}番{b}号")

    # ---- uncertain

    def unreadable() -> _AddrTuple:
        a = _random_addr(rng)
        observed = rng.choice(
            ("", "■■■■■■", "・・・", a.area.prefecture, "1-4-1", "■■■■4番1号", "ーーー", "???")
        )
        return ("unreadable", _render(a, claim_notation(), room="space"), observed)

    def truncated() -> _AddrTuple:
        a = _random_addr(rng)
        observed = a.area.prefecture + a.area.county + a.area.municipality
        return ("truncated", _render(a, claim_notation(), room="space"), observed)

    def lost_first_line() -> _AddrTuple:
        a = _random_addr(rng)
        observed = _render(a).removeprefix(a.area.prefecture + a.area.county + a.area.municipality)
        return ("lost_first_line", _render(a, claim_notation(), room="space"), observed)

    def town_one_char() -> _AddrTuple:
        muni, t1, t2 = rng.choice(_TOWN_ONE_CHAR)
        area = next(x for x in _AREAS if x.municipality == muni)
        town = next(t for t in area.towns if t[0] == t1)
        a = _random_addr(rng, areas=[_Area(area.prefecture, area.county, muni, (town,))])
        b = _Addr(a.area, t2, a.style, a.numbers, a.building, a.room)
        if rng.random() < 0.5:
            a, b = b, a
        return ("town_one_char", _render(a, claim_notation(), room="space"), _render(b))

    def municipality_one_char() -> _AddrTuple:
        pref, m1, m2 = rng.choice(_MUNICIPALITY_ONE_CHAR)
        area = next((x for x in _AREAS if x.municipality == m1), None)
        towns = area.towns if area else (("中央", "c", 3),)
        a = _random_addr(rng, areas=[_Area(pref, "", m1, towns)])
        b = _Addr(_Area(pref, "", m2, towns), a.town, a.style, a.numbers, a.building, a.room)
        return ("municipality_one_char", _render(a, claim_notation(), room="space"), _render(b))

    far = [(x, y) for x in _BUILDINGS for y in _BUILDINGS if x != y and not set(x) & set(y)]

    def building_far() -> _AddrTuple:
        a = _random_addr(rng, building=1.0)
        x, y = rng.choice(far)
        c = _Addr(a.area, a.town, a.style, a.numbers, x, a.room)
        o = _Addr(a.area, a.town, a.style, a.numbers, y, a.room)
        return ("building_far", _render(c, claim_notation(), room="space"), _render(o))

    return [
        ("notation", 40, notation),
        ("dash_variants", 22, dash_variants),
        ("fullwidth_digits", 14, fullwidth),
        ("no_prefecture", 20, no_prefecture),
        ("no_county", 14, no_county),
        ("no_building", 18, no_building),
        ("no_room", 10, no_room),
        ("room_notation", 18, room_notation),
        ("ga_ke", 12, ga_ke),
        ("no_nodot", 8, no_nodot),
        ("oaza_omitted", 10, oaza_omitted),
        ("spaces", 14, spaces),
        ("banchi_ban", 12, banchi_ban),
        ("designated_ward", 14, designated_ward),
        ("town_numeral", 8, town_numeral),
        ("building_spelling", 8, building_spelling),
        ("ocr_shi", 14, ocr_shi),
        ("ocr_kana_numeral", 10, ocr_kana_numeral),
        ("ocr_letter_digit", 9, ocr_letter_digit),
        ("block_off_by_one", 80, block_off),
        ("number_missing_extra", 24, missing_extra),
        ("other_town", 26, other_town),
        ("other_municipality", 20, other_municipality),
        ("other_prefecture", 10, other_prefecture),
        ("other_room", 16, other_room),
        ("label_mismatch", 10, label_mismatch),
        ("unreadable", 12, unreadable),
        ("truncated", 10, truncated),
        ("lost_first_line", 6, lost_first_line),
        ("town_one_char", 18, town_one_char),
        ("municipality_one_char", 10, municipality_one_char),
        ("building_far", 14, building_far),
    ]


# Hand-written address cases: (category, claimed, observed).
_ADDRESS_EDGES: tuple[tuple[str, str, str], ...] = (
    # A municipality name found in more than one prefecture identifies no place
    # without its prefecture (or its 郡).
    ("ambiguous_no_prefecture", "府中市宮西町1-1-1", "東京都府中市宮西町一丁目1番1号"),
    ("ambiguous_no_prefecture", "府中市府川町315", "広島県府中市府川町315番地"),
    ("ambiguous_no_prefecture", "伊達市梁川町青葉町1", "福島県伊達市梁川町青葉町1番地"),
    ("ambiguous_no_prefecture", "伊達市末永町2-3", "北海道伊達市末永町2番地3"),
    ("ambiguous_no_prefecture", "池田町大字池田1000", "長野県北安曇郡池田町大字池田1000番地"),
    ("ambiguous_no_prefecture", "森町森1500", "静岡県周智郡森町森1500番地"),
    ("ambiguous_no_prefecture", "美里町大字古郡1000", "埼玉県児玉郡美里町大字古郡1000番地"),
    ("ambiguous_no_prefecture", "清水町堂庭100", "静岡県駿東郡清水町堂庭100番地"),
    ("ambiguous_no_prefecture", "日野町大字松尾1000", "滋賀県蒲生郡日野町大字松尾1000番地"),
    ("ambiguous_no_prefecture", "朝日町大字宮崎200", "富山県下新川郡朝日町大字宮崎200番地"),
    ("no_prefecture", "周智郡森町森1500", "静岡県周智郡森町森1500番地"),
    ("no_prefecture", "児玉郡美里町大字古郡1000", "埼玉県児玉郡美里町大字古郡1000番地"),
    ("no_prefecture", "蒲生郡日野町大字松尾1000", "滋賀県蒲生郡日野町大字松尾1000番地"),
    ("other_prefecture", "東京都府中市宮西町1-1-1", "広島県府中市宮西町一丁目1番1号"),
    ("notation", "千代田区丸の内1-4-1", "東京都千代田区丸の内一丁目4番1号"),
    ("notation", "東京都千代田区丸の内1丁目4番1号", "東京都千代田区丸の内一丁目4番1号"),
    ("notation", "東京都千代田区丸の内1丁目4-1", "東京都千代田区丸の内一丁目4番1号"),
    ("notation", "東京都千代田区丸の内一丁目4番1号", "東京都千代田区丸の内1-4-1"),
    ("notation", "愛知県名古屋市中区栄3丁目23番12号", "愛知県名古屋市中区栄三丁目23番12号"),
    ("notation", "北海道札幌市中央区北一条西十二丁目3番地", "北海道札幌市中央区北一条西12-3"),
    ("dash_variants", "東京都千代田区丸の内1‐4‐1", "東京都千代田区丸の内一丁目4番1号"),
    ("dash_variants", "東京都千代田区丸の内1‑4‑1", "東京都千代田区丸の内一丁目4番1号"),
    ("dash_variants", "東京都千代田区丸の内1–4–1", "東京都千代田区丸の内一丁目4番1号"),
    ("dash_variants", "東京都千代田区丸の内1—4—1", "東京都千代田区丸の内一丁目4番1号"),
    ("dash_variants", "東京都千代田区丸の内1−4−1", "東京都千代田区丸の内一丁目4番1号"),
    ("dash_variants", "東京都千代田区丸の内1－4－1", "東京都千代田区丸の内一丁目4番1号"),
    ("dash_variants", "東京都千代田区丸の内1ｰ4ｰ1", "東京都千代田区丸の内一丁目4番1号"),
    ("dash_variants", "東京都千代田区丸の内1―4―1", "東京都千代田区丸の内一丁目4番1号"),
    ("dash_variants", "東京都千代田区丸の内1-4-1", "東京都千代田区丸の内1ー4ー1"),
    ("dash_variants", "東京都千代田区丸の内1-4-1", "東京都千代田区丸の内1一4一1"),
    ("fullwidth_digits", "東京都千代田区丸の内１－４－１", "東京都千代田区丸の内一丁目4番1号"),
    ("fullwidth_digits", "東京都千代田区丸の内１丁目４番１号", "東京都千代田区丸の内一丁目4番1号"),
    ("no_prefecture", "横浜市中区山下町12番地", "神奈川県横浜市中区山下町12番地"),
    ("no_county", "東京都奥多摩町氷川215番地", "東京都西多摩郡奥多摩町氷川215番地"),
    ("no_county", "奥多摩町氷川215番地", "東京都西多摩郡奥多摩町氷川215番地"),
    ("no_building", "東京都港区芝公園4-2-8", "東京都港区芝公園四丁目2番8号 メゾン桜203号室"),
    ("no_building", "東京都港区芝公園4-2-8-203", "東京都港区芝公園四丁目2番8号 メゾン桜203号室"),
    ("no_room", "東京都港区芝公園4-2-8 メゾン桜", "東京都港区芝公園四丁目2番8号 メゾン桜203号室"),
    ("room_notation", "東京都港区芝公園4-2-8 203", "東京都港区芝公園四丁目2番8号 メゾン桜203号室"),
    (
        "room_notation",
        "東京都港区芝公園4-2-8メゾン桜203",
        "東京都港区芝公園四丁目2番8号 メゾン桜203号室",
    ),
    (
        "room_notation",
        "東京都港区芝公園4丁目2番8号203号室",
        "東京都港区芝公園四丁目2番8号 メゾン桜203号室",
    ),
    (
        "room_notation",
        "東京都港区芝公園4-2-8 メゾン桜203号",
        "東京都港区芝公園四丁目2番8号 メゾン桜203号室",
    ),
    ("ga_ke", "東京都練馬区光が丘2-5-1", "東京都練馬区光ケ丘二丁目5番1号"),
    ("ga_ke", "東京都練馬区光ヶ丘2-5-1", "東京都練馬区光が丘二丁目5番1号"),
    ("ga_ke", "東京都練馬区光ケ丘2-5-1", "東京都練馬区光ヶ丘二丁目5番1号"),
    ("ga_ke", "東京都千代田区霞ヶ関1-2-3", "東京都千代田区霞が関一丁目2番3号"),
    ("ga_ke", "埼玉県鶴ケ島市富士見1-2-3", "埼玉県鶴ヶ島市富士見一丁目2番3号"),
    ("ga_ke", "岐阜県不破郡関ヶ原町大字関ヶ原894番地", "岐阜県不破郡関ケ原町大字関ケ原894番地"),
    ("no_nodot", "東京都江戸川区一の江3-2-1", "東京都江戸川区一之江三丁目2番1号"),
    ("no_nodot", "大阪府大阪市北区中ノ島3-2-4", "大阪府大阪市北区中之島三丁目2番4号"),
    ("oaza_omitted", "福岡県糟屋郡粕屋町仲原123番地", "福岡県糟屋郡粕屋町大字仲原123番地"),
    ("oaza_omitted", "長野県北安曇郡白馬村字北城2985番地", "長野県北安曇郡白馬村大字北城2985番地"),
    ("spaces", "東京都 千代田区 丸の内 1丁目 4番 1号", "東京都千代田区丸の内一丁目4番1号"),
    ("spaces", "東京都　千代田区丸の内　1-4-1", "東京都千代田区丸の内一丁目4番1号"),
    ("banchi_ban", "神奈川県横浜市中区山下町12番", "神奈川県横浜市中区山下町12番地"),
    ("banchi_ban", "静岡県静岡市葵区追手町9番地6号", "静岡県静岡市葵区追手町9番6号"),
    ("banchi_ban", "福岡県糟屋郡粕屋町大字仲原123番地の4", "福岡県糟屋郡粕屋町大字仲原123番地4"),
    ("designated_ward", "横浜市中区本町6-50-10", "神奈川県横浜市中区本町六丁目50番10号"),
    ("designated_ward", "さいたま市浦和区高砂3-15-1", "埼玉県さいたま市浦和区高砂三丁目15番1号"),
    ("town_numeral", "北海道札幌市中央区北1条西2-1", "北海道札幌市中央区北一条西二丁目1番地"),
    ("town_numeral", "宮城県仙台市青葉区1番町4-1-3", "宮城県仙台市青葉区一番町四丁目1番3号"),
    (
        "building_spelling",
        "東京都港区芝公園4-2-8 コーポ青葉203",
        "東京都港区芝公園四丁目2番8号 コーボ青葉203号室",
    ),
    (
        "county_misread",
        "北海道虻田郡倶知安町南一条東3丁目1番地",
        "北海道是田郡倶知安町南一条東三丁目1番地",
    ),
    (
        "municipality_one_char",
        "長野県北安曇郡白馬村大字北城2985番地",
        "長野県北安曇部白馬村大字北城2985番地",
    ),
    ("county_misread", "岩手県岩手郡雫石町大字長山123番地", "岩手県岩平郡雫石町大字長山123番地"),
    ("ocr_shi", "愛知県豊田市元城町3-17", "愛知県豊田巿元城町三丁目17番地"),
    ("ocr_shi", "横浜市中区山下町12番地", "神奈川県横浜巿中区山下町12番地"),
    ("ocr_kana_numeral", "東京都千代田区丸の内1-4-1", "東京都千代田区丸の内ー丁目4番1号"),
    ("ocr_kana_numeral", "広島県広島市中区大手町2-11-2", "広島県広島市中区大手町ニ丁目11番2号"),
    ("ocr_letter_digit", "東京都港区芝公園4-10-8", "東京都港区芝公園四丁目1O番8号"),
    ("ocr_letter_digit", "東京都千代田区丸の内1-4-1", "東京都千代田区丸の内l-4-1"),
    ("ocr_letter_digit", "東京都千代田区丸の内1-4-1", "東京都千代田区丸の内一丁目4番l号"),
    ("block_off_by_one", "東京都千代田区丸の内1-4-1", "東京都千代田区丸の内二丁目4番1号"),
    ("block_off_by_one", "東京都千代田区丸の内1-4-1", "東京都千代田区丸の内一丁目5番1号"),
    ("block_off_by_one", "東京都千代田区丸の内1-4-1", "東京都千代田区丸の内一丁目4番2号"),
    ("block_off_by_one", "神奈川県横浜市中区山下町12番地", "神奈川県横浜市中区山下町13番地"),
    (
        "block_off_by_one",
        "東京都千代田区丸の内1-4-1-203",
        "東京都千代田区丸の内一丁目4番2号 メゾン桜203号室",
    ),
    ("number_missing_extra", "東京都千代田区丸の内1-4", "東京都千代田区丸の内一丁目4番1号"),
    ("number_missing_extra", "東京都千代田区丸の内1-4-1", "東京都千代田区丸の内一丁目4番"),
    ("number_missing_extra", "福岡県糟屋郡粕屋町大字仲原123", "福岡県糟屋郡粕屋町大字仲原123番地4"),
    ("other_town", "東京都千代田区丸の内1-4-1", "東京都千代田区大手町一丁目4番1号"),
    ("other_town", "愛知県名古屋市中区栄3-5-12", "愛知県名古屋市中区大須三丁目5番12号"),
    ("other_municipality", "東京都千代田区丸の内1-4-1", "東京都中央区丸の内一丁目4番1号"),
    (
        "other_municipality",
        "愛知県名古屋市中区丸の内1-4-1",
        "愛知県名古屋市中村区丸の内一丁目4番1号",
    ),
    ("other_prefecture", "東京都府中市宮町1-50", "広島県府中市宮町一丁目50番地"),
    ("other_prefecture", "北海道伊達市末永町50番地", "福島県伊達市末永町50番地"),
    ("other_room", "東京都港区芝公園4-2-8-203", "東京都港区芝公園四丁目2番8号 メゾン桜204号室"),
    (
        "other_room",
        "東京都港区芝公園4-2-8 メゾン桜203号室",
        "東京都港区芝公園四丁目2番8号 メゾン桜303号室",
    ),
    ("label_mismatch", "静岡県静岡市葵区呉服町4番1号", "静岡県静岡市葵区呉服町四丁目1番"),
    ("unreadable", "東京都千代田区丸の内1-4-1", ""),
    ("unreadable", "東京都千代田区丸の内1-4-1", "東京都"),
    ("unreadable", "東京都千代田区丸の内1-4-1", "■■■■■■"),
    ("truncated", "愛知県豊田市元城町一丁目30番地", "愛知県豊田市"),
    ("truncated", "豊田市元城町1-30", "愛知県豊田市"),
    ("truncated", "北海道虻田郡倶知安町南一条東3-1", "北海道虻田郡倶知安町"),
    ("truncated", "神奈川県横浜市中区山下町12番地", "神奈川県横浜市中区"),
    ("truncated", "神奈川県横浜市中区山下町12番地", "神奈川県横浜市"),
    ("lost_first_line", "東京都千代田区丸の内1-4-1", "丸の内一丁目4番1号"),
    ("lost_first_line", "神奈川県横浜市中区山下町12番地", "山下町12番地"),
    ("town_one_char", "東京都新宿区西新宿2-8-1", "東京都新宿区北新宿二丁目8番1号"),
    ("town_one_char", "北海道札幌市中央区北1条西2-1", "北海道札幌市中央区北二条西二丁目1番地"),
    ("municipality_one_char", "大阪府大阪市北区梅田1-2-3", "大阪府大阪市西区梅田一丁目2番3号"),
    (
        "building_far",
        "東京都港区芝公園4-2-8 メゾン桜203",
        "東京都港区芝公園四丁目2番8号 グランハイツ203号室",
    ),
)


def build_addresses() -> list[AddressRow]:
    """Every address row: the hand-written edge cases, then the generated ones."""
    rng = random.Random(SEED)
    rows: list[_AddrTuple] = []
    seen: set[tuple[str, ...]] = set()
    for edge in _ADDRESS_EDGES:
        if edge in seen:
            raise ValueError(f"duplicate edge case: {edge}")
        seen.add(edge)
        rows.append(edge)
    for _, n, make in _address_generators(rng):
        _fill(rows, seen, n, make)
    return [
        AddressRow(f"A{k:04d}", ADDRESS_CATEGORIES[c], c, claimed, observed)
        for k, (c, claimed, observed) in enumerate(rows, 1)
    ]


# ---------------------------------------------------------------------- evaluation

_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z <,.'-]*")


def name_result(row: NameRow) -> MatchResult:
    """The matcher's answer for a name row, routed as :mod:`idverify.verdict` routes a
    read name: Latin letters against a Japanese claim go to the romanised matcher."""
    observed = unicodedata.normalize("NFKC", row.observed)
    if _LATIN_NAME.fullmatch(observed) and _JAPANESE.search(row.claimed):
        return match_romanized_name(row.claimed_kana or None, row.observed)
    confs = list(row.observed_confidences) if row.observed_confidences else None
    return match_name(row.claimed, row.observed, observed_confidences=confs)


def address_result(row: AddressRow) -> MatchResult:
    """The matcher's answer for an address row."""
    return match_address(row.claimed, row.observed)


@dataclass
class Evaluation:
    """The matcher's results on one corpus file."""

    title: str
    #: (expected, outcome) → count.
    table: Counter[tuple[str, str]] = field(default_factory=Counter)
    #: category → rows whose outcome differs from the label.
    disagreements: Counter[str] = field(default_factory=Counter)
    #: The disagreeing rows with the matcher's answer.
    rows: list[tuple[NameRow | AddressRow, MatchResult]] = field(default_factory=list)

    @property
    def accepted_different(self) -> int:
        """``different`` rows the matcher called SAME (must be 0)."""
        return self.table[(DIFFERENT, SAME)]

    @property
    def accepted_uncertain(self) -> int:
        """``uncertain`` rows the matcher called SAME (must be 0)."""
        return self.table[(UNCERTAIN, SAME)]

    @property
    def same_total(self) -> int:
        """How many rows are labelled ``same``."""
        return sum(v for (e, _), v in self.table.items() if e == SAME)

    @property
    def same_accepted(self) -> int:
        """``same`` rows the matcher called SAME."""
        return self.table[(SAME, SAME)]

    @property
    def same_rate(self) -> float:
        """The share of ``same`` rows accepted (1.0 when there are none)."""
        return self.same_accepted / self.same_total if self.same_total else 1.0

    def report(self, *, show: bool = False) -> str:
        """The figures as text: counts and category names only unless ``show``."""
        lines = [f"== {self.title}: {sum(self.table.values())} rows"]
        lines.append(f"{'expected/outcome':<20}" + "".join(f"{o:>11}" for o in LABELS))
        for e in LABELS:
            lines.append(f"{e:<20}" + "".join(f"{self.table[(e, o)]:>11}" for o in LABELS))
        lines.append(
            f"accepted as SAME: different {self.accepted_different}, "
            f"uncertain {self.accepted_uncertain}"
        )
        lines.append(
            f"same accepted: {self.same_accepted}/{self.same_total} ({self.same_rate:.1%})"
        )
        if self.disagreements:
            lines.append("disagreements by category:")
            for category, n in sorted(self.disagreements.items()):
                lines.append(f"  {category:<24}{n:>5}")
        if show:
            for row, result in self.rows:
                lines.append(f"  {_describe(row)} -> {result.outcome.value} ({result.detail})")
        return "\n".join(lines)


def _describe(row: NameRow | AddressRow) -> str:
    if isinstance(row, NameRow):
        confs = (
            "" if row.observed_confidences is None else f" confs={list(row.observed_confidences)}"
        )
        return (
            f"{row.id} [{row.category}, expected {row.expected}] {row.claimed!r} "
            f"(kana {row.claimed_kana!r}) vs {row.observed!r}{confs}"
        )
    return f"{row.id} [{row.category}, expected {row.expected}] {row.claimed!r} vs {row.observed!r}"


def evaluate(rows: Iterable[NameRow | AddressRow], title: str = "") -> Evaluation:
    """Run the matcher on every row and count outcomes against the labels."""
    ev = Evaluation(title)
    for row in rows:
        result = name_result(row) if isinstance(row, NameRow) else address_result(row)
        outcome = result.outcome.value
        ev.table[(row.expected, outcome)] += 1
        if outcome != row.expected:
            ev.disagreements[row.category] += 1
            ev.rows.append((row, result))
    return ev


def main(argv: Sequence[str] | None = None) -> int:
    """Write the corpus (``--write``) or evaluate the matchers on it."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.match_corpus", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--write", action="store_true", help="regenerate the TSV files")
    parser.add_argument("--show", action="store_true", help="print the disagreeing rows")
    args = parser.parse_args(argv)
    names, addresses = build_names(), build_addresses()
    if args.write:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        NAMES_PATH.write_text(to_tsv(names), "utf-8")
        ADDRESSES_PATH.write_text(to_tsv(addresses), "utf-8")
        for path, rows in ((NAMES_PATH, names), (ADDRESSES_PATH, addresses)):
            counts = Counter(r.expected for r in rows)
            print(
                f"wrote {path}: {len(rows)} rows ({', '.join(f'{k} {counts[k]}' for k in LABELS)})"
            )
        return 0
    failed = False
    for path in (NAMES_PATH, ADDRESSES_PATH):
        ev = evaluate(load(path), path.name)
        print(ev.report(show=args.show))
        failed |= ev.accepted_different + ev.accepted_uncertain > 0 or ev.same_rate < 0.98
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
