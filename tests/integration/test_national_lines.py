"""National tariff lines under an HS subheading, from the shipped packs."""

from __future__ import annotations

from datetime import date

import pytest

from chuhai.errors import InputError, OutOfCoverage, UnknownCountryError
from chuhai.services.national_lines import national_lines, with_national_lines

DAY = date(2026, 11, 29)


def test_us_lines_under_a_subheading_with_their_rates() -> None:
    lines = national_lines("US", "6404.11", as_of=DAY)
    codes = [line.code for line in lines]
    assert codes == sorted(codes)
    assert all(code.startswith("640411") for code in codes)
    assert ("64041120", "10.5%") in [(line.code, line.mfn) for line in lines]
    assert all(line.status == "official" and line.description for line in lines)


def test_an_eu_member_reads_the_union_tariff() -> None:
    (line,) = national_lines("DE", "640411", as_of=DAY)
    assert (line.code, line.mfn, line.status) == ("64041100", "16.9%", "estimated")


def test_a_tariff_curated_at_heading_level_gives_its_heading_line() -> None:
    (line,) = national_lines("TH", "640411", as_of=DAY)
    assert line.code == "6404"


def test_a_market_without_the_subheading_gives_none() -> None:
    assert national_lines("TH", "660320", as_of=DAY) == []


@pytest.mark.parametrize(
    ("market", "hs6", "day", "error"),
    [
        ("US", "6404", DAY, InputError),
        ("US", "64041x", DAY, InputError),
        ("ZZ", "640411", DAY, UnknownCountryError),
        ("US", "640411", date(2030, 1, 1), OutOfCoverage),
    ],
)
def test_bad_questions_are_named(market: str, hs6: str, day: date, error: type) -> None:
    with pytest.raises(error):
        national_lines(market, hs6, as_of=day)


def test_a_suggestion_gains_the_lines_of_each_candidate() -> None:
    suggestion = {"title": "t", "candidates": [{"code": "640411"}, {"code": "660320"}]}
    found = with_national_lines(suggestion, "th", as_of=DAY)
    assert (found["market"], found["date"]) == ("TH", "2026-11-29")
    assert [len(c["national_lines"]) for c in found["candidates"]] == [1, 0]
    assert suggestion["candidates"][0] == {"code": "640411"}  # the input is left alone
