"""Japanese date parsing: every accepted form, era boundaries, and impossible dates."""

from __future__ import annotations

import datetime as dt

import pytest

from idverify import dates
from idverify.dates import ERA_NAMES, find_dates, parse_date, to_era

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Era dates as cards print them, with any spacing and full-width digits.
        ("昭和60年4月1日生", D(1985, 4, 1)),
        ("昭和 60年 4月 1日生", D(1985, 4, 1)),
        ("昭和６０年　４月　１日生", D(1985, 4, 1)),
        ("令和08年05月01日まで有効", D(2026, 5, 1)),
        ("令和８年５月１日まで有効", D(2026, 5, 1)),
        ("平成31年4月30日", D(2019, 4, 30)),
        ("平成元年1月8日", D(1989, 1, 8)),
        ("平成1年1月8日", D(1989, 1, 8)),
        ("令和元年5月1日", D(2019, 5, 1)),
        ("令和 元 年 5 月 1 日", D(2019, 5, 1)),
        ("昭和64年1月7日", D(1989, 1, 7)),
        ("昭和元年12月25日", D(1926, 12, 25)),
        ("大正15年12月24日", D(1926, 12, 24)),
        ("大正元年7月30日", D(1912, 7, 30)),
        ("大正1年12月1日", D(1912, 12, 1)),
        ("㍼60年4月1日", D(1985, 4, 1)),  # the one-character era square
        # Abbreviated era dates.
        ("R7.5.1", D(2025, 5, 1)),
        ("R1.5.1", D(2019, 5, 1)),
        ("H31.04.30", D(2019, 4, 30)),
        ("S60. 4. 1", D(1985, 4, 1)),
        ("Ｓ６０．４．１", D(1985, 4, 1)),
        ("T15.12.24", D(1926, 12, 24)),
        ("交付 H20.3.15 12345", D(2008, 3, 15)),
        # Western dates.
        ("2030年4月1日", D(2030, 4, 1)),
        ("2030年 4月 1日まで有効", D(2030, 4, 1)),
        ("２０３０年４月１日", D(2030, 4, 1)),
        ("2030/04/01", D(2030, 4, 1)),
        ("2030-04-01", D(2030, 4, 1)),
        ("2030.4.1", D(2030, 4, 1)),
        ("２０３０－０４－０１", D(2030, 4, 1)),
        ("2030\u221204\u221201", D(2030, 4, 1)),  # minus signs as OCR reads dashes
        ("発行日 2024/2/29", D(2024, 2, 29)),
        # Passport dates.
        ("01 APR 1985", D(1985, 4, 1)),
        ("01 APR/AVR 1985", D(1985, 4, 1)),
        ("1 JAN/JAN 2000", D(2000, 1, 1)),
        ("31 DEC/DEC 2034", D(2034, 12, 31)),
        ("15 aug/aou 1990", D(1990, 8, 15)),
        ("Date of birth 07 MAY/MAI 1979", D(1979, 5, 7)),
    ],
)
def test_parse_date_reads(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "山田太郎",
        "平成32年1月1日",  # 平成 ended in its 31st year
        "平成31年5月1日",  # the first day of 令和
        "令和元年4月1日",  # before 令和 began
        "令和元年4月30日",
        "昭和64年1月8日",  # the first day of 平成
        "昭和元年12月24日",  # before 昭和 began
        "大正15年12月25日",  # the first day of 昭和
        "大正元年7月29日",  # before 大正 began
        "平成0年1月1日",
        "2030年2月30日",
        "2023/02/29",  # not a leap year
        "2030-13-01",
        "2030-04-31",
        "2030/04-01",  # mixed separators
        "H31.2.30",
        "R7.0.1",
        "32 APR 1985",
        "01 XYZ 1985",
        "DAYS.1.2.3",  # a Latin word ending in an era letter
        "12345678",
        "明治45年7月29日",  # before 大正: not supported
    ],
)
def test_parse_date_refuses(text: str) -> None:
    assert parse_date(text) is None


def test_parse_date_never_skips_a_bad_first_date() -> None:
    # The first date-shaped text is impossible: a later one is not returned in its place.
    assert parse_date("平成32年1月1日生 令和8年5月1日まで有効") is None


def test_find_dates_offsets_point_into_the_original_text() -> None:
    text = "昭和６０年４月１日生　令和08年05月01日まで有効"
    found = find_dates(text)
    assert [d for d, _, _ in found] == [D(1985, 4, 1), D(2026, 5, 1)]
    assert [text[s:e] for _, s, e in found] == ["昭和６０年４月１日", "令和08年05月01日"]


def test_find_dates_skips_impossible_and_keeps_the_rest() -> None:
    found = find_dates("2030/02/30 and 2030/03/01, 01 APR/AVR 1985")
    assert [d for d, _, _ in found] == [D(2030, 3, 1), D(1985, 4, 1)]


def test_find_dates_of_text_without_dates_is_empty() -> None:
    assert find_dates("東京都千代田区丸の内1-4-1") == []


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (D(1985, 4, 1), "昭和60年4月1日"),
        (D(2019, 4, 30), "平成31年4月30日"),
        (D(2019, 5, 1), "令和元年5月1日"),
        (D(1989, 1, 7), "昭和64年1月7日"),
        (D(1989, 1, 8), "平成元年1月8日"),
        (D(1926, 12, 24), "大正15年12月24日"),
        (D(1926, 12, 25), "昭和元年12月25日"),
        (D(2026, 5, 1), "令和8年5月1日"),
    ],
)
def test_to_era(d: dt.date, expected: str) -> None:
    assert to_era(d) == expected
    assert parse_date(expected) == d


def test_to_era_padded_matches_the_license_band() -> None:
    assert to_era(D(2026, 5, 1), padded=True) == "令和08年05月01日"


def test_to_era_before_taisho_raises() -> None:
    with pytest.raises(ValueError):
        to_era(D(1912, 7, 29))


def test_every_day_round_trips_through_to_era() -> None:
    # A sweep across all four eras at a 97-day stride catches off-by-one era years.
    start, end = D(1912, 7, 30).toordinal(), D(2040, 1, 1).toordinal()
    for n in range(start, end, 97):
        d = D.fromordinal(n)
        assert parse_date(to_era(d)) == d


def test_era_names_and_all() -> None:
    assert ERA_NAMES == ("令和", "平成", "昭和", "大正")
    assert set(dates.__all__) <= set(dir(dates))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 昭 misread or lost: 和 with a year 20-64 can only be 昭和.
        ("吉和28年10月20日生", dt.date(1953, 10, 20)),
        ("和28 年10月20日生", dt.date(1953, 10, 20)),
        ("招和64年1月7日", dt.date(1989, 1, 7)),
        ("和20年1月1日", dt.date(1945, 1, 1)),
        # Either side of the range: 令和8 or 昭和8? 昭和65 never was. Left unread.
        ("和19年1月1日", None),
        ("和08年1月1日", None),
        ("和65年1月1日", None),
        # 和 after another era's first character is no damaged 昭和.
        ("平和28年1月1日", None),
        ("令和10年11月19日まで有効", dt.date(2028, 11, 19)),
    ],
)
def test_showa_with_a_misread_first_character(text: str, expected: dt.date | None) -> None:
    found = find_dates(text)
    assert (found[0][0] if found else None) == expected
