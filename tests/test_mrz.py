"""ICAO 9303 TD3 zones and passport Hepburn: table-driven, both sides of each check."""

from __future__ import annotations

import datetime as dt

import pytest

from idverify.mrz import check_digit, find_td3, parse_td3
from idverify.romaji import hepburn, passport_spellings
from samples.render import passport_mrz

TODAY = dt.date(2026, 11, 22)
# The ICAO 9303 specimen (part 4, appendix A): every check digit holds.
SPECIMEN = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
)


def td3(surname: str, given: str, number: str, birth: str, expiry: str) -> tuple[str, str]:
    """A valid Japanese passport zone, as the sample generator prints it."""

    def day(yymmdd: str) -> dt.date:
        return dt.datetime.strptime(yymmdd, "%y%m%d").date()

    return passport_mrz(surname, given, number, day(birth), "M", day(expiry))


@pytest.mark.parametrize(
    ("field", "digit"),
    [("L898902C3", 6), ("740812", 2), ("120415", 9), ("ZE184226B<<<<<", 1), ("<<<", 0)],
)
def test_check_digits_of_the_specimen(field: str, digit: int) -> None:
    assert check_digit(field) == digit


def test_the_specimen_parses_and_every_check_holds() -> None:
    mrz = parse_td3(*SPECIMEN, today=TODAY)
    assert mrz is not None and mrz.valid
    assert (mrz.surname, mrz.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert mrz.birth_date == dt.date(1974, 8, 12)
    assert mrz.expiry_date == dt.date(2012, 4, 15)


@pytest.mark.parametrize(
    ("position", "replacement", "failed"),
    [
        (9, "7", "number"),  # the number's check digit
        (3, "8", "number"),  # a digit of the number itself
        (15, "1", "birth_date"),  # a digit of the birth date
        (27, "0", "expiry_date"),
        (43, "1", "composite"),
    ],
)
def test_one_wrong_character_breaks_its_check(position: int, replacement: str, failed: str) -> None:
    line1, line2 = td3("YAMADA", "TARO", "TR1234567", "850401", "300101")
    assert parse_td3(line1, line2, today=TODAY).valid  # type: ignore[union-attr]
    broken = line2[:position] + replacement + line2[position + 1 :]
    assert broken != line2
    mrz = parse_td3(line1, broken, today=TODAY)
    assert mrz is not None and not mrz.valid
    assert mrz.checks[failed] is False


def test_letters_read_for_digits_in_numeric_fields_are_folded() -> None:
    line1, line2 = td3("ONO", "HANAKO", "TZ0012345", "900101", "310101")
    misread = line2[:13] + "9OO1O1" + line2[19:]  # O for 0 in the birth date
    mrz = parse_td3(line1, misread, today=TODAY)
    assert mrz is not None and mrz.valid and mrz.birth_date == dt.date(1990, 1, 1)


def test_birth_years_are_in_the_past_and_expiry_years_in_this_century() -> None:
    line1, line2 = td3("SATO", "KEN", "TK7654321", "301231", "290101")
    mrz = parse_td3(line1, line2, today=TODAY)
    assert mrz is not None
    assert mrz.birth_date == dt.date(1930, 12, 31)
    assert mrz.expiry_date == dt.date(2029, 1, 1)


@pytest.mark.parametrize(
    "lines",
    [
        ("P<JPNYAMADA<<TARO", "TR1234567"),  # too short
        ("I<JPNYAMADA<<TARO" + "<" * 27, "<" * 44),  # not a passport (P)
    ],
)
def test_what_is_no_td3_zone_is_none(lines: tuple[str, str]) -> None:
    assert parse_td3(*lines, today=TODAY) is None


def test_find_td3_among_ocr_lines_tolerates_a_short_filler_run() -> None:
    line1, line2 = td3("KATO", "YUKO", "TR1111111", "880808", "330808")
    ocr_lines = ["日本国 JAPAN", "旅券 PASSPORT", line1[:-3], " ".join([line2[:20], line2[20:]])]
    mrz = find_td3(ocr_lines, today=TODAY)
    assert mrz is not None and mrz.valid and mrz.surname == "KATO"
    assert find_td3(["旅券", "PASSPORT"], today=TODAY) is None


@pytest.mark.parametrize(
    ("kana", "expected"),
    [
        ("オオノ", "ONO"),
        ("カトウ", "KATO"),
        ("サトウ タロウ", "SATO TARO"),
        ("ゆうこ", "YUKO"),
        ("ナンバ", "NAMBA"),
        ("ホンマ", "HOMMA"),
        ("ハットリ", "HATTORI"),
        ("ハッチ", "HATCHI"),
        ("シュウヘイ", "SHUHEI"),
        ("キョウコ", "KYOKO"),
        ("ジュン", "JUN"),
        ("ケンイチ", "KENICHI"),
        ("チヅル", "CHIZURU"),
        ("ツバサ", "TSUBASA"),
    ],
)
def test_passport_hepburn(kana: str, expected: str) -> None:
    assert hepburn(kana) == expected


def test_spellings_a_holder_may_ask_for() -> None:
    assert passport_spellings("オオノ") == {"ONO", "OHNO", "OONO"}
    assert "SATOH TARO" in passport_spellings("サトウ タロウ")
    assert "SATOU TAROU" in passport_spellings("サトウ タロウ")
    # Never a different name: 加藤 (KATO) is not 嘉藤 written KADO.
    assert "KADO" not in passport_spellings("カトウ")


def test_hepburn_refuses_what_is_not_kana() -> None:
    with pytest.raises(ValueError):
        hepburn("山田")


@pytest.mark.parametrize(
    ("kana", "observed", "outcome"),
    [
        ("オオノ ハナコ", "ONO HANAKO", "same"),
        ("オオノ ハナコ", "OHNO<<HANAKO", "same"),
        ("オオノ ハナコ", "ONO HANAKA", "different"),
        ("オオノ ハナコ", "HANAKO ONO", "different"),  # given name first is another order
        (None, "ONO HANAKO", "uncertain"),
        ("大野", "ONO HANAKO", "uncertain"),  # not kana: cannot be romanised here
        ("オオノ ハナコ", "  ", "uncertain"),
    ],
)
def test_match_romanized_name(kana: str | None, observed: str, outcome: str) -> None:
    from idverify.match import match_romanized_name

    assert match_romanized_name(kana, observed).outcome.value == outcome


def test_digits_read_in_the_name_line_are_folded_to_letters() -> None:
    # Line 1 holds only letters and fillers: 0 there is a misread O.
    line1, line2 = td3("YAMADA", "TARO", "TR1234567", "850401", "300101")
    mrz = parse_td3(line1.replace("TARO", "TAR0"), line2, today=TODAY)
    assert mrz is not None and mrz.valid and mrz.given_names == "TARO"
