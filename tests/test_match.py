"""The name and address matchers: SAME only for equal values, near misses DIFFERENT."""

from __future__ import annotations

import random

import pytest

from idverify import match
from idverify.config import MatchThresholds
from idverify.match import (
    PREFECTURES,
    ParsedAddress,
    match_address,
    match_name,
    parse_address,
)
from idverify.models import MatchOutcome

SAME, DIFFERENT, UNCERTAIN = MatchOutcome.SAME, MatchOutcome.DIFFERENT, MatchOutcome.UNCERTAIN

# ------------------------------------------------------------------------------ names


@pytest.mark.parametrize(
    ("claimed", "observed"),
    [
        ("山田 太郎", "山田太郎"),
        ("山田　太郎", "山田 太郎"),
        ("山田太郎", "山田　太郎"),
        ("髙橋 一郎", "高橋 一郎"),
        ("高橋 一郎", "髙橋 一郎"),
        ("山崎 花子", "山﨑 花子"),
        ("斎藤 誠", "齋藤 誠"),
        ("渡辺 健", "渡邊 健"),
        ("渡辺 健", "渡邉 健"),
        ("浜田 陽子", "濵田 陽子"),
        ("沢田 美咲", "澤田 美咲"),
        ("桜井 翔", "櫻井 翔"),
        ("広瀬 隆", "廣瀬 隆"),
        ("中島 美穂", "中嶋 美穂"),
        ("富田 直樹", "冨田 直樹"),
        ("吉田 拓也", "𠮷田 拓也"),
        ("佐々木 蓮", "佐佐木 蓮"),
        ("ヤマダ タロウ", "やまだ たろう"),
        ("ヤマダ タロウ", "ﾔﾏﾀﾞ ﾀﾛｳ"),
        ("ジョン・スミス", "ジョン スミス"),
        ("YAMADA TARO", "Yamada Taro"),
        ("ＹＡＭＡＤＡ", "YAMADA"),
        ("さくら", "さくら"),
        ("森 愛", "森愛"),
    ],
)
def test_name_same(claimed: str, observed: str) -> None:
    result = match_name(claimed, observed)
    assert result.outcome is SAME
    assert result.score == 100


@pytest.mark.parametrize(
    ("claimed", "observed", "detail"),
    [
        # The false-accept traps: one kanji, one character more or less.
        ("山田 太郎", "山田 次郎", "given name"),
        ("山田太郎", "山田次郎", "character 3"),
        ("佐藤 健", "佐藤 健一", "given name"),
        ("佐藤 健一", "佐藤 健", "given name"),
        ("田中", "田中一", "character 3"),
        ("山田 太郎", "川田 太郎", "family name"),
        ("太田 誠", "大田 誠", "family name"),  # 太/大 is a different name, not a misread
        ("大野 翔", "太野 翔", "family name"),
        ("鈴木 大輔", "鈴木 大介", "given name"),
        ("鈴木 陽子", "鈴木 洋子", "given name"),
        ("伊藤 裕子", "伊藤 優子", "given name"),
        ("中村 拓也", "中村 拓哉", "given name"),
        ("小林 直樹", "小林 直己", "given name"),
        ("木村 美紀", "木村 美咲", "given name"),
        ("高橋 健太", "高橋 健太郎", "given name"),
        ("加藤 智子", "加藤 知子", "given name"),
        ("山本 真由美", "山本 真由", "given name"),
        ("井上 恵子", "井上 恵", "given name"),
        ("斎藤 花子", "斉木 花子", "family name"),
        ("佐藤 翔", "加藤 翔", "family name"),
        ("一ノ瀬 蓮", "一之瀬 蓮", "family name"),  # address-only fold
        ("ヤマダ タロウ", "ヤマダ ジロウ", "given name"),
        ("タナカ ケイコ", "タナカ ケイゴ", "given name"),
        ("さとう ゆうこ", "さとう ゆうご", "given name"),
        ("YAMADA TARO", "YAMADA JIRO", "given name"),
        ("山田 太郎", "山田 太郎 山田", "given name"),
        ("", "山田 太郎", "claimed name is empty"),
    ],
)
def test_name_different(claimed: str, observed: str, detail: str) -> None:
    result = match_name(claimed, observed)
    assert result.outcome is DIFFERENT
    assert result.detail == detail


@pytest.mark.parametrize(
    ("claimed", "observed"),
    [
        # Kanji and katakana drawn the same: OCR cannot tell them apart.
        ("田口 健", "田ロ 健"),
        ("二宮 翔", "ニ宮 翔"),
        ("八木 誠", "ハ木 誠"),
        ("工藤 彩", "エ藤 彩"),
        ("力石 修", "カ石 修"),
        ("夕子", "タ子"),
        ("卜部 浩", "ト部 浩"),
        # The dash family and stroke-length twins.
        ("一郎", "ー郎"),
        ("ヨーコ", "ヨ一コ"),
        ("末広 舞", "未広 舞"),
        ("土屋 愛", "士屋 愛"),
        ("千葉 蓮", "干葉 蓮"),
        ("入江 誠", "人江 誠"),
        ("巳之助", "己之助"),
        # Kana size and marks.
        ("キョウコ", "キヨウコ"),
        ("きょうこ", "キヨウコ"),
        ("ハットリ", "ハツトリ"),
        ("パク", "バク"),
        # Two misreads at once.
        ("田口 一郎", "田ロ ー郎"),
        # Latin OCR confusions.
        ("OTA", "0TA"),
        ("ILONA", "1LONA"),
    ],
)
def test_name_uncertain_on_confusion_pairs(claimed: str, observed: str) -> None:
    result = match_name(claimed, observed)
    assert result.outcome is UNCERTAIN
    assert result.detail.startswith("possible misread")


@pytest.mark.parametrize(
    ("claimed", "observed", "confidences", "outcome"),
    [
        # A confusable character read with high confidence is taken at its word.
        ("田口健", "田ロ健", [95, 95, 95], DIFFERENT),
        ("田口健", "田ロ健", [95, 40, 95], UNCERTAIN),
        ("田口健", "田ロ健", [40, 95, 40], DIFFERENT),  # the low ones are not the differing one
        ("田口健", "田ロ健", [95, 91.9, 95], UNCERTAIN),
        ("田口健", "田ロ健", [95, 92, 95], DIFFERENT),  # the threshold itself is not "low"
        # Pairs measured on this project's captures (隆 read as 降 at 89).
        ("前田隆", "前田降", [95, 95, 89], UNCERTAIN),
        ("森蓮", "森運", [95, 87], UNCERTAIN),
        ("森蓮", "森夢", [95, 70], UNCERTAIN),
        ("森蓮", "森運", [95, 95], DIFFERENT),
        ("田口 健", "田ロ 健", [95, 40, 95, 95], UNCERTAIN),  # offsets include the space
        ("田口 健", "田 ロ 健", [95, 95, 40, 95, 95], UNCERTAIN),
        # Low confidence does not make a non-confusable difference uncertain.
        ("山田太郎", "山田次郎", [10, 10, 10, 10], DIFFERENT),
        ("太田誠", "大田誠", [10, 10, 10], DIFFERENT),
        # Equal text stays SAME whatever the confidence.
        ("山田太郎", "山田太郎", [10, 10, 10, 10], SAME),
    ],
)
def test_name_confidences(
    claimed: str, observed: str, confidences: list[float], outcome: MatchOutcome
) -> None:
    assert match_name(claimed, observed, observed_confidences=confidences).outcome is outcome


def test_name_threshold_comes_from_configuration() -> None:
    strict = MatchThresholds(low_char_confidence=30.0)
    result = match_name("田口健", "田ロ健", observed_confidences=[95, 40, 95], thresholds=strict)
    assert result.outcome is DIFFERENT


def test_name_confidences_must_match_observed_length() -> None:
    with pytest.raises(ValueError):
        match_name("田口健", "田ロ健", observed_confidences=[95, 40])


@pytest.mark.parametrize(
    ("claimed", "observed", "detail"),
    [
        ("山田 太郎", "", "unreadable"),
        ("山田 太郎", "　 ・ ", "unreadable"),
        ("ヤマダ タロウ", "山田 太郎", "script"),
        ("山田 太郎", "YAMADA TARO", "script"),
        ("ヤマダ タロウ", "YAMADA TARO", "script"),
        ("やまだ さくら", "山田 さくら", "script"),
    ],
)
def test_name_uncertain_other(claimed: str, observed: str, detail: str) -> None:
    result = match_name(claimed, observed)
    assert result.outcome is UNCERTAIN
    assert result.detail == detail


def test_name_score_is_for_display_only() -> None:
    # A very similar different name scores high and is still DIFFERENT.
    result = match_name("長谷川 健太郎", "長谷川 健一郎")
    assert result.outcome is DIFFERENT
    assert result.score > 80


def test_name_samples_near_misses_are_never_same() -> None:
    # Every given-name near miss of the sample generator is a different name.
    from samples.people import GIVEN_NAMES

    for given, _kana, _sex, misses in GIVEN_NAMES:
        for other, _ in misses:
            assert match_name(f"山田 {given}", f"山田 {other}").outcome is not SAME


# -------------------------------------------------------------------------- addresses


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "東京都千代田区丸の内一丁目4番1号",
            ParsedAddress(
                "東京都", "千代田区", "丸の内", (1, 4, 1), None, None, ("丁目", "番", "号")
            ),
        ),
        (
            "千代田区丸の内1-4-1",
            ParsedAddress(None, "千代田区", "丸の内", (1, 4, 1), None, None, ("", "", "")),
        ),
        (
            "千代田区丸の内１－４－１",
            ParsedAddress(None, "千代田区", "丸の内", (1, 4, 1), None, None, ("", "", "")),
        ),
        (
            "神奈川県横浜市中区山下町12番地",
            ParsedAddress("神奈川県", "横浜市中区", "山下町", (12,), None, None, ("番",)),
        ),
        (
            "東京都西多摩郡奥多摩町氷川4番地1",
            ParsedAddress("東京都", "西多摩郡奥多摩町", "氷川", (4, 1), None, None, ("番", "")),
        ),
        (
            "長野県北安曇郡白馬村大字北城123番地",
            ParsedAddress("長野県", "北安曇郡白馬村", "北城", (123,), None, None, ("番",)),
        ),
        (
            "東京都千代田区丸の内1丁目4番1号 メゾン桜203号室",
            ParsedAddress(
                "東京都", "千代田区", "丸の内", (1, 4, 1), "メゾン桜", "203", ("丁目", "番", "号")
            ),
        ),
        (
            "千代田区丸の内1-4-1-203",
            ParsedAddress(None, "千代田区", "丸の内", (1, 4, 1), None, "203", ("", "", "")),
        ),
        (
            "三重県四日市市諏訪町1番5号",
            ParsedAddress("三重県", "四日市市", "諏訪町", (1, 5), None, None, ("番", "号")),
        ),
        (
            "北海道札幌市中央区北1条西2丁目1番地",
            ParsedAddress("北海道", "札幌市中央区", "北1条西", (2, 1), None, None, ("丁目", "番")),
        ),
        (
            "奈良県大和郡山市北郡山町248番地4",
            ParsedAddress("奈良県", "大和郡山市", "北郡山町", (248, 4), None, None, ("番", "")),
        ),
    ],
)
def test_parse_address(text: str, expected: ParsedAddress) -> None:
    assert parse_address(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "丸の内1-4-1", "1-4-1", "東京都", "メゾン桜203号室"],
)
def test_parse_address_without_municipality(text: str) -> None:
    assert parse_address(text).municipality is None


CARD = "東京都千代田区丸の内一丁目4番1号"
CARD_ROOM = "東京都千代田区丸の内一丁目4番1号 メゾン桜203号室"


@pytest.mark.parametrize(
    ("claimed", "observed"),
    [
        # The same place written the many ways the domain notes list.
        ("東京都千代田区丸の内一丁目4番1号", CARD),
        ("東京都千代田区丸の内1丁目4番1号", CARD),
        ("東京都千代田区丸の内1丁目4-1", CARD),
        ("東京都千代田区丸の内1-4-1", CARD),
        ("東京都千代田区丸の内１－４－１", CARD),
        ("東京都千代田区丸の内１ー４ー１", CARD),
        ("東京都 千代田区 丸の内 1-4-1", CARD),
        ("千代田区丸の内1-4-1", CARD),  # prefecture omitted
        ("東京都千代田区丸之内1-4-1", CARD),  # 之/の
        # Building and room omitted, or written differently.
        ("千代田区丸の内1-4-1", CARD_ROOM),
        ("千代田区丸の内1-4-1 メゾン桜", CARD_ROOM),
        ("千代田区丸の内1-4-1-203", CARD_ROOM),
        ("千代田区丸の内1-4-1 203", CARD_ROOM),
        ("千代田区丸の内1-4-1 メゾン桜 203", CARD_ROOM),
        ("千代田区丸の内1丁目4番1号メゾン桜203号室", CARD_ROOM),
        ("千代田区丸の内1-4-1 #203", CARD_ROOM),
        # ヶ/ケ/が.
        ("東京都千代田区霞が関1-2-3", "東京都千代田区霞ヶ関一丁目2番3号"),
        ("東京都千代田区霞ケ関1-2-3", "東京都千代田区霞ヶ関一丁目2番3号"),
        ("練馬区光ヶ丘2-3-4", "東京都練馬区光が丘二丁目3番4号"),
        # Designated cities: prefecture omitted, ward kept.
        ("横浜市中区山下町12", "神奈川県横浜市中区山下町12番地"),
        ("大阪市北区梅田3-1-1", "大阪府大阪市北区梅田三丁目1番1号"),
        ("京都市左京区吉田本町36", "京都府京都市左京区吉田本町36番地"),
        ("札幌市中央区北1条西2-1", "北海道札幌市中央区北一条西二丁目1番地"),
        ("仙台市青葉区1番町4-5-6", "宮城県仙台市青葉区一番町四丁目5番6号"),
        # 郡 omitted, 大字 omitted, 番地の.
        ("奥多摩町氷川215-6", "東京都西多摩郡奥多摩町氷川215番地の6"),
        ("長野県北安曇郡白馬村北城123", "長野県北安曇郡白馬村大字北城123番地"),
        ("福岡県糟屋郡粕屋町仲原2400", "福岡県糟屋郡粕屋町大字仲原2400番地"),
        # 番地 with a 枝番 and a room in the claim only as a number.
        ("豊田市元城町3-12-101", "愛知県豊田市元城町三丁目12番地 コーポ青葉101号室"),
        # Variant kanji in a town name.
        ("新宿区髙田馬場1-2-3", "東京都新宿区高田馬場一丁目2番3号"),
        # Cities whose names hold 市 or 郡.
        ("四日市市諏訪町1-5", "三重県四日市市諏訪町1番5号"),
        ("大和郡山市北郡山町248-4", "奈良県大和郡山市北郡山町248番地4"),
    ],
)
def test_address_same(claimed: str, observed: str) -> None:
    result = match_address(claimed, observed)
    assert result.outcome is SAME, result.detail
    assert result.score == 100


@pytest.mark.parametrize(
    ("claimed", "observed", "detail"),
    [
        # One number apart.
        ("千代田区丸の内2-4-1", CARD, "丁目"),
        ("千代田区丸の内1-5-1", CARD, "番"),
        ("千代田区丸の内1-4-2", CARD, "号"),
        ("千代田区丸の内1-4-11", CARD, "号"),
        ("千代田区丸の内1-14-1", CARD, "番"),
        ("千代田区丸の内一丁目4番2号", CARD, "号"),
        ("横浜市中区山下町13", "神奈川県横浜市中区山下町12番地", "番"),
        ("奥多摩町氷川215-7", "東京都西多摩郡奥多摩町氷川215番地の6", "号"),
        # A number missing on one side is a different address (conservative).
        ("千代田区丸の内1-4", CARD, "号"),
        ("千代田区丸の内1", CARD, "番"),
        ("千代田区丸の内4-1", CARD, "丁目"),
        ("千代田区丸の内1-4-1", "東京都千代田区丸の内一丁目4番", "号"),
        # One town, municipality or prefecture apart.
        ("千代田区大手町1-4-1", CARD, "町域"),
        ("中央区丸の内1-4-1", CARD, "市区町村"),
        ("横浜市山下町12", "神奈川県横浜市中区山下町12番地", "市区町村"),
        ("大阪府千代田区丸の内1-4-1", CARD, "都道府県"),
        ("東京都府中市宮町1-2-3", "広島県府中市府川町1丁目2番3号", "都道府県"),
        # Building or room written on both sides and different.
        ("千代田区丸の内1-4-1 メゾン桜204号室", CARD_ROOM, "部屋"),
        ("千代田区丸の内1-4-1-204", CARD_ROOM, "部屋"),
        # Same digits, different kind of number.
        ("千代田区丸の内4番1号", "東京都千代田区丸の内四丁目1番", "丁目"),
        # A claim without a municipality cannot be the card's address.
        ("丸の内1-4-1", CARD, "市区町村"),
    ],
)
def test_address_different(claimed: str, observed: str, detail: str) -> None:
    result = match_address(claimed, observed)
    assert result.outcome is DIFFERENT
    assert result.detail == detail


@pytest.mark.parametrize(
    ("claimed", "observed", "detail"),
    [
        # One character apart in a place name: a misread kanji (虻田郡 read as 是田郡)
        # or a neighbouring place (北一条/北二条). A person decides; it never passes.
        ("千代田区丸の外1-4-1", CARD, "町域"),
        ("横浜市西区山下町12", "神奈川県横浜市中区山下町12番地", "市区町村"),
        ("札幌市中央区北二条西2-31", "北海道札幌市中央区北一条西二丁目31番地", "町域"),
    ],
)
def test_place_one_character_apart_is_uncertain(claimed: str, observed: str, detail: str) -> None:
    result = match_address(claimed, observed)
    assert result.outcome is UNCERTAIN
    assert result.detail == detail


@pytest.mark.parametrize(
    ("claimed", "observed", "outcome"),
    [
        # Both sides of building_min_similarity (75): one OCR slip passes ...
        (
            "千代田区丸の内1-4-1 メゾン桜203号室",
            "東京都千代田区丸の内一丁目4番1号 メゾン桜203号室",
            SAME,
        ),
        (
            "世田谷区三軒茶屋2-11-6 コーポ青葉305",
            "東京都世田谷区三軒茶屋二丁目11番6号 コーボ青葉305号室",
            SAME,
        ),
        # ... another name at the same block and room goes to a person, never passes.
        ("千代田区丸の内1-4-1 コーポ青葉203", CARD_ROOM, UNCERTAIN),
        ("千代田区丸の内1-4-1 ハイツ緑203号室", CARD_ROOM, UNCERTAIN),
    ],
)
def test_building_names_compared_by_similarity(
    claimed: str, observed: str, outcome: MatchOutcome
) -> None:
    result = match_address(claimed, observed)
    assert result.outcome is outcome
    if outcome is UNCERTAIN:
        assert result.detail == "建物"


@pytest.mark.parametrize("observed", ["", "丸の内1-4-1", "##### ###", "1-4-1"])
def test_address_unreadable_observed_is_uncertain(observed: str) -> None:
    result = match_address("千代田区丸の内1-4-1", observed)
    assert result.outcome is UNCERTAIN
    assert result.detail == "unreadable"


def test_address_prefectures_are_the_47() -> None:
    assert len(PREFECTURES) == len(set(PREFECTURES)) == 47
    assert all(p.endswith(("都", "道", "府", "県")) for p in PREFECTURES)


def test_samples_round_trip_and_near_misses() -> None:
    # The sample generator's people match their hyphenated address and never their
    # near misses (another given or family name, or one 丁目, 番, 号 or 番地 moved).
    from samples.people import hyphen_notation, near_miss, random_person

    rng = random.Random(7)
    for _ in range(150):
        person = random_person(rng)
        assert match_address(hyphen_notation(person.address), person.address).outcome is SAME
        assert match_name(person.name.replace(" ", ""), person.name).outcome is SAME
        assert match_name(person.kana, person.kana).outcome is SAME
        other = near_miss(person, rng)
        if other.address != person.address:
            assert match_address(other.address, person.address).outcome is DIFFERENT
            assert match_address(hyphen_notation(other.address), person.address).outcome is (
                DIFFERENT
            )
        if other.name != person.name:
            assert match_name(other.name, person.name).outcome is not SAME


def test_all_is_complete() -> None:
    assert set(match.__all__) <= set(dir(match))


@pytest.mark.parametrize(
    ("claimed", "observed", "outcome"),
    [
        # The 郡 does not identify the place: a misread 郡 name passes ...
        ("北海道虻田郡倶知安町南一条東2-27", "北海道是田郡倶知安町南一条東二丁目27番地", SAME),
        ("倶知安町南一条東2-27", "北海道是田郡倶知安町南一条東二丁目27番地", SAME),
        # ... but the town or village itself must agree.
        ("北海道虻田郡倶知安町南一条東2-27", "北海道虻田郡ニセコ町南一条東二丁目27番地", DIFFERENT),
        ("北海道虻田郡倶知安町南一条東2-27", "北海道虻田郡倶知安村南一条東二丁目27番地", UNCERTAIN),
    ],
)
def test_district_name_is_not_identifying(
    claimed: str, observed: str, outcome: MatchOutcome
) -> None:
    assert match_address(claimed, observed).outcome is outcome


@pytest.mark.parametrize(
    ("observed", "confidences", "outcome"),
    [
        # 郎 read as 朗 with low confidence: maybe a misreading, a person decides.
        ("山田 太朗", [95.0, 95.0, 100.0, 95.0, 40.0], UNCERTAIN),
        # Read with confidence, 太朗 is another name: never the same.
        ("山田 太朗", [95.0, 95.0, 100.0, 95.0, 95.0], DIFFERENT),
        ("山田 太郎", [95.0, 95.0, 100.0, 95.0, 95.0], SAME),
    ],
)
def test_measured_confusion_pairs(
    observed: str, confidences: list[float], outcome: MatchOutcome
) -> None:
    assert match_name("山田 太郎", observed, observed_confidences=confidences).outcome is outcome


_TOYOTA = "愛知県豊田市元城町一丁目30番地"
_YOKOHAMA = "神奈川県横浜市中区山下町12番地"
_TOYONAKA = "大阪府豊中市新千里西町1-1-24"
_FUCHU = "東京都府中市宮西町一丁目1番1号"
_MISATO = "埼玉県児玉郡美里町大字古郡1000番地"


@pytest.mark.parametrize(
    ("claimed", "observed", "outcome", "detail"),
    [
        # A reading that stops at the municipality lost its second line ...
        (_TOYOTA, "愛知県豊田市", UNCERTAIN, "町域"),
        (_TOYOTA, "豊田市", UNCERTAIN, "町域"),
        (_YOKOHAMA, "神奈川県横浜市", UNCERTAIN, "町域"),  # a designated city without its ward
        # ... unlike one that read something after it, or another municipality.
        (_TOYOTA, "愛知県豊田市元城町", DIFFERENT, "丁目"),
        (_TOYOTA, "愛知県豊田市本町一丁目30番地", DIFFERENT, "町域"),
        (_TOYOTA, "愛知県豊田市30番地", DIFFERENT, "町域"),
        (_TOYOTA, "愛知県岡崎市", DIFFERENT, "市区町村"),
        ("愛知県豊田市", "愛知県豊田市", SAME, ""),  # a claim that stops there too
        # The first line lost, the town (ending in 町) parsed as a municipality: what
        # was read agrees, the place is unproven ...
        (_YOKOHAMA, "山下町12番地", UNCERTAIN, "unreadable"),
        (_TOYONAKA, "新千里西町一丁目1番24号", UNCERTAIN, "unreadable"),
        # ... or what was read differs, and that decides.
        (_YOKOHAMA, "山下町13番地", DIFFERENT, "番"),
        (_TOYONAKA, "新千里西町一丁目2番24号", DIFFERENT, "番"),
        (_YOKOHAMA, "元町12番地", DIFFERENT, "市区町村"),  # another town ending in 町
        # Without its prefecture, a municipality found in several identifies no place ...
        ("府中市宮西町1-1-1", _FUCHU, UNCERTAIN, "都道府県"),
        ("美里町大字古郡1000", _MISATO, UNCERTAIN, "都道府県"),
        # ... with it, or with its 郡, it does; and a unique one needs neither.
        ("東京都府中市宮西町1-1-1", _FUCHU, SAME, ""),
        ("児玉郡美里町大字古郡1000", _MISATO, SAME, ""),
        ("千代田区丸の内1-4-1", "東京都千代田区丸の内一丁目4番1号", SAME, ""),
        ("府中市宮西町1-1-2", _FUCHU, DIFFERENT, "号"),  # a number still differs
    ],
)
def test_lost_lines_and_missing_prefectures(
    claimed: str, observed: str, outcome: MatchOutcome, detail: str
) -> None:
    result = match_address(claimed, observed)
    assert (result.outcome, result.detail) == (outcome, detail)


def test_a_gun_inside_a_town_name_is_no_county() -> None:
    # 古郡 is a 大字 of 美里町; 西村山郡 holds 村 and is a county.
    assert parse_address("美里町大字古郡1000").municipality == "美里町"
    assert parse_address("西村山郡河北町谷地1").municipality == "西村山郡河北町"


def test_the_ambiguous_municipality_list_is_japan_posts() -> None:
    import importlib.util
    from pathlib import Path

    from idverify.match import is_ambiguous_municipality

    script = Path(__file__).resolve().parent.parent / "scripts" / "make_ambiguous_municipalities.py"
    spec = importlib.util.spec_from_file_location("make_ambiguous_municipalities", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    names = module.ambiguous_municipalities()
    assert {"府中市", "伊達市", "美里町"} <= set(names)
    assert all(is_ambiguous_municipality(n) for n in names)
    assert not is_ambiguous_municipality("千代田区")
    assert not is_ambiguous_municipality("児玉郡美里町")
    listed = module.OUT.read_text("utf-8").splitlines()
    assert [n for n in listed if n and not n.startswith("#")] == names
