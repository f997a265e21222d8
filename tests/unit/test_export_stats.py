"""Export statistics on a small hand-computed fixture: totals, year-on-year change, shares,
HHI (shares in percent) and its trend, top movers. Every expected figure is worked out below.

2023 (total 1,000)                       2024 (total 1,500, +50%)
  A  US  6601.99 general  Jan  400         A  US  6601.99 general  Jan  300
  A  DE  6601.99 9610     Feb  100         A  DE  6601.99 9610     Feb  200
  B  US  6404.11 general  Jan  300         A  JP  6601.91 9710     Feb  100
  B  PH  6404.11 9610     Mar  200         B  US  6404.11 general  Jan  400
                                           B  PH  6404.11 9610     Mar  350
                                           B  PH  6110.30 9810     Mar  150

Destinations 2023: US 700, DE 100, PH 200 -> shares 70, 10, 20 -> HHI 4900 + 100 + 400 = 5400.
Destinations 2024: US 700, DE 200, JP 100, PH 500 -> HHI = (700² + 200² + 100² + 500²) / 1500²
x 10,000 = 790,000 / 2,250,000 x 10,000 = 3511.11...
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from chuhai.domain.export_stats import (
    ExportFact,
    ExportIndustry,
    Region,
    TradeMode,
    concentration_level,
    hhi,
    industry_for_hs,
    monthly_hhi,
    parse_trade_mode,
    region_for,
    top_movers,
    totals_by,
    yearly_hhi,
    yoy_pct,
)
from chuhai.errors import InputError

REGIONS = {
    "US": Region.NORTH_AMERICA,
    "DE": Region.EU,
    "JP": Region.EAST_ASIA,
    "PH": Region.SOUTHEAST_ASIA,
}
ROWS = [
    ("A", 1, "US", "6601.99", "general", 2023, 1, 400),
    ("A", 1, "DE", "6601.99", "9610", 2023, 2, 100),
    ("B", None, "US", "6404.11", "general", 2023, 1, 300),
    ("B", None, "PH", "6404.11", "9610", 2023, 3, 200),
    ("A", 1, "US", "6601.99", "general", 2024, 1, 300),
    ("A", 1, "DE", "6601.99", "9610", 2024, 2, 200),
    ("A", 1, "JP", "6601.91", "9710", 2024, 2, 100),
    ("B", None, "US", "6404.11", "general", 2024, 1, 400),
    ("B", None, "PH", "6404.11", "9610", 2024, 3, 350),
    ("B", None, "PH", "6110.30", "9810", 2024, 3, 150),
]
FACTS = [
    ExportFact(exporter=e, firm_id=f, destination=d, hs_code=hs, trade_mode=TradeMode(mode),
               year=y, month=m, value_minor=v, region=REGIONS[d], industry=industry_for_hs(hs))
    for e, f, d, hs, mode, y, m, v in ROWS
]  # fmt: skip


def _table(dimension: str) -> dict[str, tuple[int, int, Decimal | None]]:
    return {x.key: (x.value, x.previous, x.yoy_pct) for x in totals_by(FACTS, dimension, year=2024)}  # type: ignore[arg-type]


def test_totals_and_year_on_year_by_year() -> None:
    years = totals_by(FACTS, "year", year=2024)
    assert [(x.key, x.value, x.previous) for x in years] == [
        ("2023", 1000, 0),
        ("2024", 1500, 1000),
    ]
    assert years[1].yoy_pct == Decimal(50)
    assert years[0].yoy_pct is None  # no 2022 to compare with
    assert years[1].share_pct == Decimal(100)


def test_destinations_with_shares_largest_first() -> None:
    lines = totals_by(FACTS, "destination", year=2024)
    assert [(x.key, x.value, x.previous) for x in lines] == [
        ("US", 700, 700), ("PH", 500, 200), ("DE", 200, 100), ("JP", 100, 0),
    ]  # fmt: skip
    assert [x.yoy_pct for x in lines] == [Decimal(0), Decimal(150), Decimal(100), None]
    assert lines[1].share_pct == Decimal(500) * 100 / 1500  # 33.33...
    assert round(sum(x.share_pct or 0 for x in lines), 10) == 100


def test_industry_trade_mode_month_firm_and_region() -> None:
    assert _table("industry") == {
        "footwear_sportswear": (750, 500, Decimal(50)),
        "umbrellas": (600, 500, Decimal(20)),
        "apparel": (150, 0, None),
    }
    assert _table("trade_mode") == {
        "general": (700, 700, Decimal(0)), "9610": (550, 300, Decimal("83.33333333333333333333333333")),
        "9810": (150, 0, None), "9710": (100, 0, None),
    }  # fmt: skip
    assert [x.key for x in totals_by(FACTS, "month", year=2024)] == ["01", "02", "03"]
    assert _table("month") == {
        "01": (700, 700, Decimal(0)), "02": (300, 100, Decimal(200)), "03": (500, 200, Decimal(150)),
    }  # fmt: skip
    assert _table("firm") == {"B": (900, 500, Decimal(80)), "A": (600, 500, Decimal(20))}
    assert _table("region")["southeast_asia"] == (500, 200, Decimal(150))


def test_hhi_on_shares_in_percent_and_its_trend() -> None:
    assert hhi([700, 100, 200]) == Decimal(5400)
    assert round(hhi([700, 200, 100, 500]), 2) == Decimal("3511.11")
    assert hhi([5]) == Decimal(10000)
    assert hhi([]) == Decimal(0)
    assert hhi([0, 0]) == Decimal(0)
    trend = yearly_hhi(FACTS)
    assert [(y, round(v, 2)) for y, v in trend] == [
        (2023, Decimal(5400)),
        (2024, Decimal("3511.11")),
    ]
    months = monthly_hhi(FACTS, year=2024)
    # January: the US alone; February: DE 200 and JP 100 (66.67% and 33.33%); March: PH alone.
    assert [(m, round(v, 2)) for m, v in months] == [
        (1, Decimal(10000)), (2, Decimal("5555.56")), (3, Decimal(10000)),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("index", "level"),
    [
        (Decimal("999.99"), "low"),
        (Decimal(1000), "moderate"),
        (Decimal(1800), "moderate"),
        (Decimal("1800.01"), "high"),
    ],
)
def test_concentration_levels(index: Decimal, level: str) -> None:
    assert concentration_level(index) == level


def test_top_movers_gain_and_loss_with_ties_by_key() -> None:
    up, down = top_movers(totals_by(FACTS, "destination", year=2024), count=2)
    assert [(x.key, x.change) for x in up] == [("PH", 300), ("DE", 100)]  # DE before JP on a tie
    assert down == []
    shrinking = [*FACTS, dataclasses.replace(FACTS[0], year=2023, value_minor=900)]
    _, down = top_movers(totals_by(shrinking, "destination", year=2024))
    assert [(x.key, x.change) for x in down] == [("US", -900)]


def test_yoy_without_a_base_is_none_not_infinite() -> None:
    assert yoy_pct(5, 0) is None
    assert yoy_pct(0, 5) == Decimal(-100)


def test_trade_modes_industries_and_regions() -> None:
    assert parse_trade_mode("0110") is TradeMode.GENERAL
    assert parse_trade_mode("一般贸易") is TradeMode.GENERAL
    with pytest.raises(InputError) as error:
        parse_trade_mode("air")
    assert error.value.field == "trade_mode"
    assert industry_for_hs("6112.12") is ExportIndustry.FOOTWEAR_SPORTSWEAR
    assert industry_for_hs("9619.00") is ExportIndustry.HYGIENE
    assert industry_for_hs("1905.90") is ExportIndustry.SNACKS
    assert industry_for_hs("8517.13") is ExportIndustry.OTHER
    assert region_for(un_region="Sub-Saharan Africa") is Region.AFRICA
    assert region_for(un_region="Latin America and the Caribbean") is Region.LATIN_AMERICA
    assert region_for(un_region="Southern Europe", trade_groups=("EU",)) is Region.EU
    assert region_for(un_region="") is Region.OTHER
