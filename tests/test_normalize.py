"""The Japanese text rules: width, spaces, dashes, kana, variant kanji and numerals."""

from __future__ import annotations

from importlib import resources

import pytest

from idverify import normalize
from idverify.normalize import (
    fold_dashes,
    fold_variants,
    kanji_number_to_int,
    normalize_address,
    normalize_name,
    normalize_name_mapped,
    to_hiragana,
    to_katakana,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一", 1),
        ("九", 9),
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("二十三", 23),
        ("九十九", 99),
        ("百", 100),
        ("百一", 101),
        ("一〇一", 101),
        ("二〇二五", 2025),
        ("三百二十一", 321),
        ("千二百", 1200),
        ("千", 1000),
        ("〇", 0),
        ("壱", 1),
        ("参拾", 30),
    ],
)
def test_kanji_number_to_int(text: str, expected: int) -> None:
    assert kanji_number_to_int(text) == expected


@pytest.mark.parametrize("text", ["", "十十", "十百", "二三十", "一a", "丁目", "4"])
def test_kanji_number_to_int_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        kanji_number_to_int(text)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # Spaces of every width and middle dots are not part of a name.
        ("山田 太郎", "山田太郎"),
        ("山田　太郎", "山田太郎"),
        ("  山田\t太郎 ", "山田太郎"),
        ("ジョン・スミス", "ジョンスミス"),
        ("ｼﾞｮﾝ･ｽﾐｽ", "ジョンスミス"),
        ("ジョン＝スミス", "ジョンスミス"),
        # Width: half-width katakana with their separate (han)dakuten, full-width Latin.
        ("ﾔﾏﾀﾞ ﾀﾛｳ", "やまだたろう"),
        ("ﾊﾟｸ", "パク"),
        ("ＴＡＲＯ ＹＡＭＡＤＡ", "TARO YAMADA"),
        ("Taro Yamada", "TARO YAMADA"),
        # Kana scripts are one; combining dakuten compose.
        ("ヤマダ タロウ", "やまだ たろう"),
        ("か\u3099く", "がく"),
        # Long-vowel marks: a dash after kana is a misread ー.
        ("ヨ−コ", "ヨーコ"),
        ("ヨ-コ", "ヨーコ"),
        ("ヨｰコ", "ヨーコ"),
        # Variant kanji fold.
        ("髙橋", "高橋"),
        ("山﨑", "山崎"),
        ("山嵜", "山崎"),
        ("齋藤", "斎藤"),
        ("齊藤", "斎藤"),
        ("斉藤", "斎藤"),
        ("渡邊", "渡辺"),
        ("渡邉", "渡辺"),
        ("濵田", "浜田"),
        ("濱田", "浜田"),
        ("櫻井", "桜井"),
        ("澤田", "沢田"),
        ("廣瀬", "広瀬"),
        ("國分", "国分"),
        ("德川", "徳川"),
        ("籠池", "篭池"),
        ("槇原", "槙原"),
        ("龍一", "竜一"),
        ("眞理子", "真理子"),
        ("惠子", "恵子"),
        ("堯", "尭"),
        ("峯岸", "峰岸"),
        ("中嶋", "中島"),
        ("冨田", "富田"),
        ("藪内", "薮内"),
        ("檜山", "桧山"),
        ("瀨戸", "瀬戸"),
        ("曾根", "曽根"),
        ("北條", "北条"),
        ("\uf9dc", "隆"),
        ("𨺉", "隆"),
        ("𠮷田", "吉田"),
        # 々 spelled out.
        ("佐々木", "佐佐木"),
    ],
)
def test_normalize_name_equates(a: str, b: str) -> None:
    assert normalize_name(a) == normalize_name(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("山田太郎", "山田次郎"),
        ("佐藤健", "佐藤健一"),
        ("太田", "大田"),
        ("一ノ瀬", "一之瀬"),  # address-only fold: in a name a different spelling
        ("ケイコ", "ケイゴ"),
        ("よしこ", "よしご"),
        ("ゆうこ", "ゆうご"),
        ("しょう", "しよう"),
        ("大輔", "大介"),
        ("陽子", "洋子"),
        ("高橋", "高槁"),
    ],
)
def test_normalize_name_keeps_apart(a: str, b: str) -> None:
    assert normalize_name(a) != normalize_name(b)


def test_normalize_name_mapped_offsets_and_shape() -> None:
    norm, shaped, origins = normalize_name_mapped("ﾀﾞｲ　ニ郎")
    assert norm == "だいに郎"
    assert shaped == "ダイニ郎"
    assert origins == (0, 2, 4, 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("東京都千代田区丸の内一丁目4番1号", "東京都千代田区丸の内1丁目4番1号"),
        ("丸の内 １－４－１", "丸の内1-4-1"),
        ("丸の内1‐4‒1", "丸の内1-4-1"),
        ("丸の内1–4—1", "丸の内1-4-1"),
        ("丸の内1―4−1", "丸の内1-4-1"),
        ("丸の内1ｰ4ー1", "丸の内1-4-1"),
        ("丸の内1一4一1", "丸の内1-4-1"),
        ("丸の内1 - 4 - 1", "丸の内1-4-1"),
        ("丸の内1-4-1 101", "丸の内1-4-1-101"),
        ("霞ヶ関", "霞ケ関"),
        ("霞が関", "霞ケ関"),
        ("霞ケ関", "霞ケ関"),
        ("井之頭", "井の頭"),
        ("三ノ宮", "三の宮"),
        ("梅田二十三丁目", "梅田23丁目"),
        ("氷川215番地の6", "氷川215番地の6"),
        ("123の4", "123-4"),
        ("北一条西三丁目", "北一条西3丁目"),
        ("一番町四丁目", "一番町4丁目"),
        ("髙田馬場", "高田馬場"),
        # Katakana read for a kanji numeral right before 丁目 is that numeral ...
        ("大手町ニ丁目18番", "大手町2丁目18番"),
        ("大手町ー丁目4番", "大手町1丁目4番"),
        # ... and nowhere else.
        ("ニセコ町字本通1番地", "ニセコ町字本通1番地"),
        ("コーポ青葉602号室", "コーポ青葉602号室"),
        ("大手町丁目18番", "大手町丁目18番"),
        # 目 read as 日 or 自 after a numeral's 丁, before a block number, is 丁目 ...
        ("千現二丁日11番14号", "千現2丁目11番14号"),
        ("千現ニ丁自11-14", "千現2丁目11-14"),
        ("千現二丁日", "千現2丁目"),
        # ... and nowhere else (a town named 八丁日町 would keep its name).
        ("八丁日町3番", "八丁日町3番"),
        ("千現二丁日本橋", "千現二丁日本橋"),
        # 巿 (U+5DFF) is always 市 misread.
        ("東京都武蔵野巿中町", "東京都武蔵野市中町"),
        # O and l where only a block number can stand are 0 and 1 ...
        ("丸の内l丁目4番1O号", "丸の内1丁目4番10号"),
        ("丸の内l-4-1", "丸の内1-4-1"),
        ("氷川1o5番地", "氷川105番地"),
        # ... not at the end (a frame line read as l or |), not | or I, not in a
        # building's name.
        ("丸の内1-4-l", "丸の内1-4-l"),
        ("4番地1|", "4番地1|"),
        ("丸の内1-4-1 グランハイツI203号室", "丸の内1-4-1グランハイツI203号室"),
        ("丸の内1-4-1 Olympia101", "丸の内1-4-1Olympia101"),
    ],
)
def test_normalize_address(text: str, expected: str) -> None:
    assert normalize_address(text) == expected


def test_kana_conversion() -> None:
    assert to_hiragana("ヤマダ・タロウ") == "やまだ・たろう"
    assert to_katakana("やまだ たろう") == "ヤマダ タロウ"
    assert to_katakana(to_hiragana("ヴァイオリン")) == "ヴァイオリン"
    assert to_hiragana("山田ABC") == "山田ABC"


def test_fold_variants_scopes() -> None:
    assert fold_variants("霞ヶ関") == "霞ヶ関"  # names: ヶ is kept
    assert fold_variants("霞ヶ関", address=True) == "霞ケ関"
    assert fold_variants("髙﨑") == "高崎"


def test_fold_dashes() -> None:
    assert fold_dashes("1－4—1") == "1-4-1"
    assert fold_dashes("1ー4一1") == "1-4-1"
    assert fold_dashes("ヨーコ一郎") == "ヨーコ一郎"  # not between digits: untouched


def test_variant_table_is_flat_and_well_formed() -> None:
    text = resources.files("idverify").joinpath("data/kanji_variants.tsv").read_text("utf-8")
    assert "Licence" in text and "Source" in text
    pairs = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        variant, canonical, *scope = line.split("\t")
        assert len(variant) == 1 and len(canonical) == 1
        assert scope in ([], ["address"])
        pairs[variant] = canonical
    # One lookup must fold fully: no canonical form is itself a variant.
    assert not set(pairs.values()) & set(pairs)


def test_all_is_complete() -> None:
    assert set(normalize.__all__) <= set(dir(normalize))
