"""Invented people: names, kana, birth dates and addresses, plus deliberate near misses.

The name lists hold common Japanese family and given names with their katakana readings,
including variant-kanji spellings (髙橋, 山﨑, 齋藤, 渡邊) that a verifier must treat as the
same name as their common forms. Addresses are real municipalities with invented block
numbers, written in the normalised kanji form a card prints ("一丁目4番1号").

``near_miss`` builds the false-accept traps the domain notes warn about: 太郎/次郎, 健/健一,
another family name, or an address one 丁目, 番 or 号 away.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, replace

__all__ = [
    "PREFECTURES",
    "Person",
    "address_parts",
    "era_date",
    "hyphen_notation",
    "near_miss",
    "random_person",
    "split_building",
]


@dataclass(frozen=True)
class Person:
    """An invented person as a card would print them."""

    family_name: str
    given_name: str
    family_kana: str
    given_kana: str
    birth_date: dt.date
    address: str
    sex: str  # "男" or "女", as the My Number card prints it

    @property
    def name(self) -> str:
        """Family and given name separated by one space, as the cards print them."""
        return f"{self.family_name} {self.given_name}"

    @property
    def kana(self) -> str:
        """The reading in katakana, family first, separated by one space."""
        return f"{self.family_kana} {self.given_kana}"


# (kanji, katakana). Variant spellings sit next to their common forms: they are the same
# family name, so ``near_miss`` never swaps one for the other.
FAMILY_NAMES: tuple[tuple[str, str], ...] = (
    ("佐藤", "サトウ"),
    ("鈴木", "スズキ"),
    ("高橋", "タカハシ"),
    ("髙橋", "タカハシ"),
    ("田中", "タナカ"),
    ("伊藤", "イトウ"),
    ("渡辺", "ワタナベ"),
    ("渡邊", "ワタナベ"),
    ("山本", "ヤマモト"),
    ("中村", "ナカムラ"),
    ("小林", "コバヤシ"),
    ("加藤", "カトウ"),
    ("吉田", "ヨシダ"),
    ("山田", "ヤマダ"),
    ("佐々木", "ササキ"),
    ("山口", "ヤマグチ"),
    ("松本", "マツモト"),
    ("井上", "イノウエ"),
    ("木村", "キムラ"),
    ("林", "ハヤシ"),
    ("斎藤", "サイトウ"),
    ("齋藤", "サイトウ"),
    ("清水", "シミズ"),
    ("山崎", "ヤマザキ"),
    ("山﨑", "ヤマザキ"),
    ("森", "モリ"),
    ("池田", "イケダ"),
    ("橋本", "ハシモト"),
    ("阿部", "アベ"),
    ("石川", "イシカワ"),
    ("山下", "ヤマシタ"),
    ("中島", "ナカジマ"),
    ("石井", "イシイ"),
    ("小川", "オガワ"),
    ("前田", "マエダ"),
    ("岡田", "オカダ"),
    ("長谷川", "ハセガワ"),
    ("藤田", "フジタ"),
    ("後藤", "ゴトウ"),
    ("近藤", "コンドウ"),
    ("村上", "ムラカミ"),
    ("遠藤", "エンドウ"),
    ("青木", "アオキ"),
    ("大野", "オオノ"),
)

# (kanji, katakana, sex, near misses). Each near miss is a *different* name that differs
# by one kanji (太郎/次郎) or one added/removed character (健/健一), with its own reading.
GIVEN_NAMES: tuple[tuple[str, str, str, tuple[tuple[str, str], ...]], ...] = (
    ("太郎", "タロウ", "男", (("次郎", "ジロウ"), ("太一", "タイチ"))),
    ("次郎", "ジロウ", "男", (("太郎", "タロウ"), ("次朗", "ジロウ"))),
    ("一郎", "イチロウ", "男", (("一朗", "イチロウ"), ("太郎", "タロウ"))),
    ("健", "ケン", "男", (("健一", "ケンイチ"), ("健二", "ケンジ"))),
    ("健一", "ケンイチ", "男", (("健", "ケン"), ("健二", "ケンジ"))),
    ("健太", "ケンタ", "男", (("健一", "ケンイチ"), ("健太郎", "ケンタロウ"))),
    ("翔太", "ショウタ", "男", (("翔", "ショウ"), ("翔平", "ショウヘイ"))),
    ("翔", "ショウ", "男", (("翔太", "ショウタ"), ("翔一", "ショウイチ"))),
    ("大輔", "ダイスケ", "男", (("大介", "ダイスケ"), ("大輝", "ダイキ"))),
    ("誠", "マコト", "男", (("誠一", "セイイチ"), ("誠司", "セイジ"))),
    ("浩", "ヒロシ", "男", (("浩二", "コウジ"), ("浩之", "ヒロユキ"))),
    ("隆", "タカシ", "男", (("隆之", "タカユキ"), ("隆一", "リュウイチ"))),
    ("拓也", "タクヤ", "男", (("拓哉", "タクヤ"), ("拓海", "タクミ"))),
    ("大樹", "ダイキ", "男", (("大輝", "ダイキ"), ("大和", "ヤマト"))),
    ("蓮", "レン", "男", (("蓮司", "レンジ"), ("廉", "レン"))),
    ("悠真", "ユウマ", "男", (("悠斗", "ユウト"), ("優真", "ユウマ"))),
    ("和也", "カズヤ", "男", (("和哉", "カズヤ"), ("和夫", "カズオ"))),
    ("直樹", "ナオキ", "男", (("直人", "ナオト"), ("直己", "ナオキ"))),
    ("修", "オサム", "男", (("修一", "シュウイチ"), ("修平", "シュウヘイ"))),
    ("達也", "タツヤ", "男", (("達哉", "タツヤ"), ("達彦", "タツヒコ"))),
    ("花子", "ハナコ", "女", (("春子", "ハルコ"), ("花", "ハナ"))),
    ("美咲", "ミサキ", "女", (("美紀", "ミキ"), ("美咲子", "ミサコ"))),
    ("陽子", "ヨウコ", "女", (("洋子", "ヨウコ"), ("陽菜子", "ヒナコ"))),
    ("恵子", "ケイコ", "女", (("敬子", "ケイコ"), ("恵", "メグミ"))),
    ("裕子", "ユウコ", "女", (("優子", "ユウコ"), ("裕美子", "ユミコ"))),
    ("優子", "ユウコ", "女", (("裕子", "ユウコ"), ("優", "ユウ"))),
    ("由美", "ユミ", "女", (("由香", "ユカ"), ("由美子", "ユミコ"))),
    ("愛", "アイ", "女", (("愛子", "アイコ"), ("藍", "アイ"))),
    ("さくら", "サクラ", "女", (("さくらこ", "サクラコ"), ("桜", "サクラ"))),
    ("結衣", "ユイ", "女", (("結子", "ユイコ"), ("由衣", "ユイ"))),
    ("陽菜", "ヒナ", "女", (("陽奈", "ヒナ"), ("陽菜子", "ヒナコ"))),
    ("真由美", "マユミ", "女", (("真由", "マユ"), ("真弓", "マユミ"))),
    ("直美", "ナオミ", "女", (("直子", "ナオコ"), ("尚美", "ナオミ"))),
    ("智子", "トモコ", "女", (("知子", "トモコ"), ("智美", "トモミ"))),
    ("久美子", "クミコ", "女", (("久美", "クミ"), ("久子", "ヒサコ"))),
    ("舞", "マイ", "女", (("舞子", "マイコ"), ("麻衣", "マイ"))),
    ("彩", "アヤ", "女", (("彩花", "アヤカ"), ("綾", "アヤ"))),
    ("千尋", "チヒロ", "女", (("千里", "チサト"), ("千尋子", "チヒロコ"))),
    ("明美", "アケミ", "女", (("明子", "アキコ"), ("朋美", "トモミ"))),
    ("美穂", "ミホ", "女", (("美保", "ミホ"), ("美穂子", "ミホコ"))),
)

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

# Address templates: real municipalities and districts, invented numbers.
# {c} is a 丁目 number written in kanji (cards print 一丁目), {b} a 番, {g} a 号 and {n} a
# 番地; the int is the highest 丁目 the district has, so a generated 丁目 is plausible.
ADDRESS_TEMPLATES: tuple[tuple[str, int], ...] = (
    ("東京都千代田区丸の内{c}丁目{b}番{g}号", 3),
    ("東京都港区芝公園{c}丁目{b}番{g}号", 4),
    ("東京都新宿区西新宿{c}丁目{b}番{g}号", 8),
    ("東京都世田谷区三軒茶屋{c}丁目{b}番{g}号", 2),
    ("東京都練馬区光が丘{c}丁目{b}番{g}号", 7),
    ("東京都八王子市元本郷町{c}丁目{b}番{g}号", 3),
    ("東京都西多摩郡奥多摩町氷川{n}番地", 0),
    ("神奈川県横浜市中区山下町{n}番地", 0),
    ("神奈川県横浜市港北区日吉{c}丁目{b}番{g}号", 7),
    ("神奈川県川崎市中原区小杉町{c}丁目{n}番地", 3),
    ("大阪府大阪市北区梅田{c}丁目{b}番{g}号", 3),
    ("大阪府大阪市天王寺区上本町{c}丁目{b}番{g}号", 9),
    ("大阪府豊中市新千里東町{c}丁目{b}番{g}号", 5),
    ("京都府京都市左京区吉田本町{n}番地", 0),
    ("愛知県名古屋市中区栄{c}丁目{b}番{g}号", 5),
    ("愛知県豊田市元城町{c}丁目{n}番地", 4),
    ("北海道札幌市中央区北一条西{c}丁目{n}番地", 9),
    ("北海道虻田郡倶知安町南一条東{c}丁目{n}番地", 3),
    ("宮城県仙台市青葉区一番町{c}丁目{b}番{g}号", 4),
    ("福岡県福岡市博多区博多駅前{c}丁目{b}番{g}号", 4),
    ("福岡県糟屋郡粕屋町大字仲原{n}番地", 0),
    ("広島県広島市中区大手町{c}丁目{b}番{g}号", 5),
    ("兵庫県神戸市中央区三宮町{c}丁目{b}番{g}号", 3),
    ("埼玉県さいたま市浦和区高砂{c}丁目{b}番{g}号", 4),
    ("千葉県千葉市美浜区中瀬{c}丁目{b}番{g}号", 2),
    ("千葉県船橋市本町{c}丁目{b}番{g}号", 7),
    ("長野県北安曇郡白馬村大字北城{n}番地", 0),
    ("静岡県静岡市葵区追手町{b}番{g}号", 0),
    ("新潟県新潟市中央区万代{c}丁目{b}番{g}号", 5),
    ("沖縄県那覇市久茂地{c}丁目{b}番{g}号", 3),
    ("岩手県岩手郡雫石町大字長山{n}番地", 0),
    ("熊本県阿蘇郡小国町大字宮原{n}番地", 0),
    ("茨城県つくば市千現{c}丁目{b}番{g}号", 2),
    ("奈良県奈良市登大路町{n}番地", 0),
)

BUILDING_NAMES: tuple[str, ...] = (
    "メゾン桜",
    "コーポ青葉",
    "グランハイツ",
    "サンライズマンション",
    "パークレジデンス",
    "ハイツ緑",
    "エクセル壱番館",
    "シャトー若葉",
)

KANJI_DIGITS = "〇一二三四五六七八九"

_BUILDING_RE = re.compile(r"^(.*?(?:\d+号|\d+番地))\s*(\S.*)?$")


def kanji_number(n: int) -> str:
    """Write 1-99 in kanji as a 丁目 number is printed (一, 十, 十二, 二十三).

    >>> kanji_number(1), kanji_number(10), kanji_number(23)
    ('一', '十', '二十三')
    """
    if not 1 <= n <= 99:
        raise ValueError(f"丁目 number out of range: {n}")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else KANJI_DIGITS[tens] + "十")
    return head + (KANJI_DIGITS[ones] if ones else "")


def kanji_to_int(text: str) -> int:
    """Inverse of ``kanji_number`` for 1-99.

    >>> kanji_to_int("二十三")
    23
    """
    if "十" in text:
        head, _, tail = text.partition("十")
        tens = KANJI_DIGITS.index(head) if head else 1
        return tens * 10 + (KANJI_DIGITS.index(tail) if tail else 0)
    return KANJI_DIGITS.index(text)


def era_date(d: dt.date) -> tuple[str, int]:
    """The Japanese era and era year of a date (令和 from 2019-05-01, 平成 from 1989-01-08).

    >>> era_date(dt.date(1985, 4, 1))
    ('昭和', 60)
    >>> era_date(dt.date(2019, 4, 30)), era_date(dt.date(2019, 5, 1))
    (('平成', 31), ('令和', 1))
    """
    if d >= dt.date(2019, 5, 1):
        return "令和", d.year - 2018
    if d >= dt.date(1989, 1, 8):
        return "平成", d.year - 1988
    if d >= dt.date(1926, 12, 25):
        return "昭和", d.year - 1925
    if d >= dt.date(1912, 7, 30):
        return "大正", d.year - 1911
    raise ValueError(f"date before 大正 not supported: {d}")


def split_building(address: str) -> tuple[str, str | None]:
    """Split an address into the street part and the building/room part, if any.

    >>> split_building("東京都千代田区丸の内一丁目4番1号 メゾン桜203号室")
    ('東京都千代田区丸の内一丁目4番1号', 'メゾン桜203号室')
    >>> split_building("長野県北安曇郡白馬村大字北城123番地")
    ('長野県北安曇郡白馬村大字北城123番地', None)
    """
    m = _BUILDING_RE.match(address)
    if m is None:
        return address, None
    return m.group(1), m.group(2)


def address_parts(address: str) -> tuple[str, str, str]:
    """The prefecture, the municipality (市区町村, with its 郡) and the ward of an address.

    The ward is the 区 of a designated city (横浜市中区 → 中区), else the municipality.
    Used for the issuer lines: "神奈川県公安委員会", "横浜市長", "中警察署長".

    >>> address_parts("神奈川県横浜市中区山下町12番地")
    ('神奈川県', '横浜市', '中区')
    >>> address_parts("長野県北安曇郡白馬村大字北城123番地")
    ('長野県', '北安曇郡白馬村', '北安曇郡白馬村')
    """
    pref = next((p for p in PREFECTURES if address.startswith(p)), None)
    if pref is None:
        raise ValueError("address does not start with a prefecture")
    rest = address[len(pref) :]
    m = re.match(r"((?:[^郡]+郡)?.+?[市区町村])(.+?区)?", rest)
    if m is None:
        raise ValueError("address has no municipality")
    muni = m.group(1)
    ward = m.group(2) if muni.endswith("市") and m.group(2) and len(m.group(2)) <= 4 else None
    return pref, muni, ward or muni


def hyphen_notation(address: str) -> str:
    """Rewrite 一丁目4番1号 as 1-4-1 (and 三丁目12番地 as 3-12), the way forms are filled in.

    >>> hyphen_notation("東京都千代田区丸の内一丁目4番1号 メゾン桜203号室")
    '東京都千代田区丸の内1-4-1 メゾン桜203号室'
    """
    street, building = split_building(address)

    def chome(m: re.Match[str]) -> str:
        return f"{kanji_to_int(m.group(1))}-"

    street = re.sub(r"([一二三四五六七八九十]+)丁目(?=\d)", chome, street)
    street = re.sub(r"(\d+)番(?:地)?(\d+)号$", r"\1-\2", street)
    street = re.sub(r"(\d+)番地$", r"\1", street)
    return street if building is None else f"{street} {building}"


def random_address(rng: random.Random) -> str:
    """An invented address from ``ADDRESS_TEMPLATES``; about a third get a building and room."""
    template, max_chome = rng.choice(ADDRESS_TEMPLATES)
    street = template.format(
        c=kanji_number(rng.randint(1, max(max_chome, 1))),
        b=rng.randint(1, 28),
        g=rng.randint(1, 24),
        n=rng.randint(1, 2400) if "{c}" not in template else rng.randint(1, 40),
    )
    if "号" in street and rng.random() < 0.35:
        room = rng.randint(1, 12) * 100 + rng.randint(1, 9)
        return f"{street} {rng.choice(BUILDING_NAMES)}{room}号室"
    return street


def random_person(rng: random.Random) -> Person:
    """An invented person with a random name, birth date (1945-2005) and address."""
    family, family_kana = rng.choice(FAMILY_NAMES)
    given, given_kana, sex, _ = rng.choice(GIVEN_NAMES)
    start = dt.date(1945, 1, 1).toordinal()
    end = dt.date(2005, 12, 31).toordinal()
    birth = dt.date.fromordinal(rng.randint(start, end))
    return Person(family, given, family_kana, given_kana, birth, random_address(rng), sex)


def _shift(n: int, rng: random.Random, low: int = 1) -> int:
    """A different number next to n (±1 or ±2), never below ``low``."""
    options = [m for m in (n - 2, n - 1, n + 1, n + 2) if m >= low]
    weights = [1 if abs(m - n) == 2 else 3 for m in options]
    return rng.choices(options, weights)[0]


def _address_near_miss(address: str, rng: random.Random) -> str:
    """The same address with one of its 丁目, 番, 号 or 番地 numbers moved by one or two."""
    street, building = split_building(address)
    choices: list[tuple[str, re.Match[str]]] = []
    for kind, pattern in (
        ("chome", r"([一二三四五六七八九十]+)丁目"),
        ("ban", r"(\d+)番(?!地)"),
        ("go", r"(\d+)号$"),
        ("banchi", r"(\d+)番地"),
    ):
        m = re.search(pattern, street)
        if m is not None:
            choices.append((kind, m))
    kind, m = rng.choice(choices)
    if kind == "chome":
        new = kanji_number(min(_shift(kanji_to_int(m.group(1)), rng), 9))
        if new == m.group(1):
            new = kanji_number(kanji_to_int(m.group(1)) - 1)
    else:
        new = str(_shift(int(m.group(1)), rng))
    street = street[: m.start(1)] + new + street[m.end(1) :]
    return street if building is None else f"{street} {building}"


def near_miss(person: Person, rng: random.Random) -> Person:
    """A *different* person who a careless fuzzy matcher would take for ``person``.

    One of: one kanji of the given name changed (太郎→次郎), one character added or removed
    (健→健一), another family name (never a variant spelling of the same one), or the
    address one or two 丁目, 番, 号 or 番地 apart. Birth date and sex are kept.
    """
    kind = rng.choice(("given", "given", "family", "address"))
    if kind == "given":
        entry = next((g for g in GIVEN_NAMES if g[0] == person.given_name), None)
        if entry is not None:
            given, given_kana = rng.choice(entry[3])
            return replace(person, given_name=given, given_kana=given_kana)
        kind = "family"
    if kind == "family":
        family, family_kana = rng.choice([f for f in FAMILY_NAMES if f[1] != person.family_kana])
        return replace(person, family_name=family, family_kana=family_kana)
    return replace(person, address=_address_near_miss(person.address, rng))
