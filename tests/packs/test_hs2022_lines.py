"""GB and EU tariffs are HS 2017-based: every HS 2022 subheading reaches its rate or says why not.

The shipped change list (``chuhai/data/hs/hs2017_hs2022_changes.csv``) names the subheadings
HS 2022 added. For each, the GB and EU packs hold exactly one of: a ``tariff.csv`` line with
the rate of a one-to-one renumbered HS 2017 subheading (equal to every national line under
it), or a row of ``hs2022_unmapped.csv`` saying why not and which HS 2017 codes to quote, so a
quote on a split or merged code fails with the reason instead of reading a message as a rate.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from chuhai import quote
from chuhai.errors import RuleNotFoundError
from chuhai.importers.uk_eu_tariff import RENUMBERED
from chuhai.rules.registry import get_pack
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


def _unmapped(pack: str) -> dict[str, dict[str, str]]:
    with (DATA / "packs" / pack / "hs2022_unmapped.csv").open(encoding="utf-8", newline="") as f:
        return {row["hs"]: row for row in csv.DictReader(f)}


@pytest.mark.parametrize("pack", PACKS)
def test_every_hs2022_addition_has_a_line_or_a_reason_never_both(pack: str) -> None:
    lines, unmapped = _tariff(pack), _unmapped(pack)
    mapped = sorted(code for code in _added() if code in lines)
    assert sorted(set(_added()) - set(mapped)) == sorted(unmapped)
    assert all(len(lines[code]) == 1 for code in mapped)
    assert mapped == sorted(
        new
        for old, new in RENUMBERED.items()
        if len({r["expression"] for hs, rs in lines.items() if hs[:6] == old for r in rs}) == 1
    )
    assert (len(mapped), len(unmapped)) == (7, 363)


@pytest.mark.parametrize("pack", PACKS)
def test_no_tariff_line_is_a_message(pack: str) -> None:
    lines = _tariff(pack)
    assert not [hs for hs, rows in lines.items() for r in rows if r["expression"].startswith("See")]
    assert not [
        hs for hs, rows in lines.items() for r in rows if r["source_id"] == "hs2017_hs2022_changes"
    ]


@pytest.mark.parametrize("pack", PACKS)
def test_unmapped_rows_name_the_hs2017_codes_removed_from_their_heading(pack: str) -> None:
    rows = _unmapped(pack)
    assert rows["620140"]["hs2017"].split() == [
        "620111", "620112", "620113", "620119", "620191", "620192", "620193", "620199"
    ]  # fmt: skip
    assert rows["620140"]["reason"].startswith("new in HS 2022 (split, merged or moved")
    assert {row["source_id"] for row in rows.values()} == {"hs2017_hs2022_changes"}
    assert len(get_pack(pack).unmapped) == len(rows)


@pytest.mark.parametrize("pack", PACKS)
@pytest.mark.parametrize(("old", "new"), sorted(RENUMBERED.items()))
def test_renumbered_line_has_the_rate_of_every_old_national_line(
    pack: str, old: str, new: str
) -> None:
    lines = _tariff(pack)
    before = {row["expression"] for hs, rows in lines.items() if hs[:6] == old for row in rows}
    if len(before) == 1:
        (after,) = lines[new]
        assert after["expression"] == before.pop()
        assert after["description"].startswith(f"HS 2022 {new[:4]}.{new[4:]} = HS 2017")
    else:
        assert new not in lines
        row = _unmapped(pack)[new]
        assert row["reason"].startswith(f"renumbered from HS 2017 {old[:4]}.{old[4:]} one-to-one")
        assert "differ in rate" in row["reason"]
        assert row["hs2017"] == old


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


@pytest.mark.parametrize(("destination", "tariff"), [("GB", "GB"), ("DE", "EU")])
def test_quote_on_a_merged_hs2022_code_names_the_hs2017_codes(
    destination: str, tariff: str
) -> None:
    data = make_consignment(destination, hs_code="6201.40", unit_value="1000.00")
    with pytest.raises(RuleNotFoundError) as caught:
        quote(data)
    assert caught.value.field == "hs_code"
    assert caught.value.message.startswith(
        f"HS 2022 subheading 6201.40 is not in the {tariff} tariff, which uses HS 2017 codes: "
        "new in HS 2022 (split, merged or moved"
    )
    assert caught.value.message.endswith(
        "under HS 2017 6201.11, 6201.12, 6201.13, 6201.19, 6201.91, 6201.92, 6201.93 or 6201.99"
    )
