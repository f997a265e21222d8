"""Every EU member state's pack: the standard import VAT rate on both sides of each change.

A B2B consignment of EUR 1,000 of umbrellas (6601.99.90, duty stated at 4.7%) enters under
the EU's standard regime: VAT = rate x (1,000.00 + 47.00). The rates are those of the Duty27
history (https://duty27.com/vat-rates/history, CC BY 4.0) as shipped in rules_vat.yaml,
written out here so that a changed upstream file shows up as a failing test.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest

from chuhai.domain.consignment import parse_consignment
from chuhai.domain.landed_cost import calculate_landed_cost
from chuhai.domain.quote import Quote
from chuhai.errors import OutOfCoverage
from chuhai.rules.fx_store import load_shipped_rates
from chuhai.rules.registry import get_pack
from tests.packs.contract import amount, make_consignment, regime
from tests.packs.tariffs import with_rates

RATES = load_shipped_rates(max_staleness_days=45)
COVERAGE_FROM, COVERAGE_TO = date(2024, 1, 1), date(2027, 1, 1)
BASE = Decimal("1047.00")  # customs value 1,000.00 + duty 4.7%

# Standard rate (percent) by the day it took effect, inside coverage 2024-01-01..2026-12-31.
# EE (20 -> 22) and LU (16 -> 17) changed on 2024-01-01, the first day of coverage.
STANDARD_RATES: dict[str, list[tuple[str, str]]] = {
    "AT": [("2024-01-01", "20")],
    "BE": [("2024-01-01", "21")],
    "BG": [("2024-01-01", "20")],
    "CY": [("2024-01-01", "19")],
    "CZ": [("2024-01-01", "21")],
    "DE": [("2024-01-01", "19")],
    "DK": [("2024-01-01", "25")],
    "EE": [("2024-01-01", "22"), ("2025-07-01", "24")],
    "ES": [("2024-01-01", "21")],
    "FI": [("2024-01-01", "24"), ("2024-09-01", "25.5")],
    "FR": [("2024-01-01", "20")],
    "GR": [("2024-01-01", "24")],
    "HR": [("2024-01-01", "25")],
    "HU": [("2024-01-01", "27")],
    "IE": [("2024-01-01", "23")],
    "IT": [("2024-01-01", "22")],
    "LT": [("2024-01-01", "21")],
    "LU": [("2024-01-01", "17")],
    "LV": [("2024-01-01", "21")],
    "MT": [("2024-01-01", "18")],
    "NL": [("2024-01-01", "21")],
    "PL": [("2024-01-01", "23")],
    "PT": [("2024-01-01", "23")],
    "RO": [("2024-01-01", "19"), ("2025-08-01", "21")],
    "SE": [("2024-01-01", "25")],
    "SI": [("2024-01-01", "22")],
    "SK": [("2024-01-01", "20"), ("2025-01-01", "23")],
}
NON_EURO = {"BG": "BGN", "CZ": "CZK", "DK": "DKK", "HU": "HUF", "PL": "PLN", "RO": "RON",
            "SE": "SEK"}  # fmt: skip


def _cases() -> list[Any]:
    """The first and last day of every rate period inside coverage, with its rate."""
    cases = []
    for code, periods in STANDARD_RATES.items():
        starts = [date.fromisoformat(day) for day, _ in periods]
        ends = [*starts[1:], COVERAGE_TO]
        for start, end, (_, rate) in zip(starts, ends, periods, strict=True):
            last = end - timedelta(days=1)
            cases.append(pytest.param(code, start, rate, id=f"{code}-{start}-{rate}"))
            cases.append(pytest.param(code, last, rate, id=f"{code}-{last}-{rate}"))
    return cases


def b2b_quote(code: str, day: date, **overrides: Any) -> Quote:
    data = make_consignment(
        code,
        date=day.isoformat(),
        hs_code="66019990",
        currency="EUR",
        unit_value="1000.00",
        sale_model="b2b",
        **overrides,
    )
    pack = with_rates(code, {"66019990": "4.7%"})
    return calculate_landed_cost(parse_consignment(data), pack=pack, rates=RATES)


def expected_vat(rate_pct: str) -> Decimal:
    return (BASE * Decimal(rate_pct) / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_every_member_state_is_listed() -> None:
    members = {code for code in STANDARD_RATES if get_pack(code).parent is get_pack("EU")}
    assert len(members) == 27


@pytest.mark.parametrize(("code", "day", "rate"), _cases())
def test_standard_vat_on_customs_value_plus_duty(code: str, day: date, rate: str) -> None:
    q = b2b_quote(code, day)
    assert regime(q) == "eu_standard"
    assert amount(q, "mfn") == Decimal("47.00")
    assert amount(q, "vat") == expected_vat(rate)


CHANGES = [
    pytest.param(code, date.fromisoformat(day), before, after, id=f"{code}-{day}")
    for code, periods in STANDARD_RATES.items()
    for (_, before), (day, after) in itertools.pairwise(periods)
]


def test_the_changes_inside_coverage() -> None:
    assert [p.id for p in CHANGES] == ["EE-2025-07-01", "FI-2024-09-01", "RO-2025-08-01",
                                       "SK-2025-01-01"]  # fmt: skip


@pytest.mark.parametrize(("code", "day", "before", "after"), CHANGES)
def test_rate_changes_overnight(code: str, day: date, before: str, after: str) -> None:
    assert amount(b2b_quote(code, day - timedelta(days=1)), "vat") == expected_vat(before)
    assert amount(b2b_quote(code, day), "vat") == expected_vat(after)


@pytest.mark.parametrize("code", ["EE", "LU"])
def test_change_on_the_first_day_of_coverage_is_not_extrapolated(code: str) -> None:
    with pytest.raises(OutOfCoverage):
        b2b_quote(code, COVERAGE_FROM - timedelta(days=1))


@pytest.mark.parametrize("code", sorted(STANDARD_RATES))
def test_header_and_sources(code: str) -> None:
    pack = get_pack(code)
    header = pack.header
    assert (header.parent, header.currency, header.national_digits) == ("EU", "EUR", 8)
    assert (header.coverage_from, header.coverage_to) == (COVERAGE_FROM, COVERAGE_TO)
    assert header.name_zh
    assert "https://duty27.com/vat-rates/history" in header.references
    assert "Duty27" in pack.source("duty27_vat").licence
    notes = " ".join(header.quote_notes)
    assert (NON_EURO[code] in notes) if code in NON_EURO else "customs exchange rate" not in notes
