"""GB and EU tariffs are HS 2017-based: every HS 2022 subheading reaches its rate or says why not.

The shipped change list (``chuhai/data/hs/hs2017_hs2022_changes.csv``) names the subheadings
HS 2022 added. For each, the GB and EU ``tariff.csv`` hold one line: the rate of a one-to-one
renumbered HS 2017 subheading (equal to every national line under it), or a "See HS 2017"
text that the duty parser refuses, so a quote on a split or merged code fails with the reason.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from chuhai import quote
from chuhai.errors import DutyExpressionError
from chuhai.importers.uk_eu_tariff import RENUMBERED
from tests.packs.contract import amount, make_consignment

DATA = Path(__file__).resolve().parents[2] / "src" / "chuhai" / "data"
PACKS = ("GB", "EU")


def _added() -> set[str]:
    with (DATA / "hs" / "hs2017_hs2022_changes.csv").open(encoding="utf-8", newline="") as f:
        return {row["code"] for row in csv.DictReader(f) if row["change"] == "added_in_2022"}


def _tariff(pack: str) -> dict[str, list[dict[str, str]]]:
    lines: dict[str, list[dict[str, str]]] = defaultdict(list)
    with (DATA / "packs" / pack / "tariff.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            lines[row["hs"]].append(row)
    return lines


@pytest.mark.parametrize("pack", PACKS)
def test_every_hs2022_addition_has_one_line(pack: str) -> None:
    lines = _tariff(pack)
    for code in sorted(_added()):
        assert len(lines[code]) == 1, f"{pack} {code}"
    mapped = [code for code in _added() if not lines[code][0]["expression"].startswith("See ")]
    assert sorted(mapped) == sorted(
        new
        for old, new in RENUMBERED.items()
        if len({r["expression"] for hs, rs in lines.items() if hs[:6] == old for r in rs}) == 1
    )
    assert len(mapped) == 7


@pytest.mark.parametrize("pack", PACKS)
@pytest.mark.parametrize(("old", "new"), sorted(RENUMBERED.items()))
def test_renumbered_line_has_the_rate_of_every_old_national_line(
    pack: str, old: str, new: str
) -> None:
    lines = _tariff(pack)
    before = {row["expression"] for hs, rows in lines.items() if hs[:6] == old for row in rows}
    (after,) = lines[new]
    if len(before) == 1:
        assert after["expression"] == before.pop()
        assert after["description"].startswith(f"HS 2022 {new[:4]}.{new[4:]} = HS 2017")
    else:
        assert after["expression"].startswith(f"See HS 2017 {old[:4]}.{old[4:]}: ")
        assert "differ in rate" in after["expression"]


@pytest.mark.parametrize(
    ("destination", "currency", "duty"), [("GB", "GBP", "40.00"), ("DE", "EUR", "40.00")]
)
def test_quote_on_a_renumbered_hs2022_code_equals_the_hs2017_code(
    destination: str, currency: str, duty: str
) -> None:
    def duty_on(code: str) -> Decimal:
        data = make_consignment(destination, hs_code=code, unit_value="1000.00", currency=currency)
        return amount(quote(data), "mfn")

    assert duty_on("3402.50") == duty_on("3402.20") == Decimal(duty)  # 4%


@pytest.mark.parametrize("destination", ["GB", "DE"])
def test_quote_on_a_merged_hs2022_code_names_the_correlation_problem(destination: str) -> None:
    data = make_consignment(destination, hs_code="6201.40", unit_value="1000.00")
    with pytest.raises(DutyExpressionError, match=r"HS 2022 6201\.40 is not in this HS 2017-based"):
        quote(data)
