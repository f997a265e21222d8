"""The engine on small in-memory packs: each rule feature on its own, no files."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from pydantic import TypeAdapter

from chuhai.domain.consignment import parse_consignment
from chuhai.domain.fx_providers import UserRate, UserRates
from chuhai.domain.landed_cost import calculate_landed_cost
from chuhai.domain.pack import Pack, Unmapped
from chuhai.domain.quote import ChargeKind, Quote
from chuhai.domain.rule_schema import AnyRule, PackHeader, Source, Status, TariffLine
from chuhai.errors import OutOfCoverage, RuleNotFoundError

SOURCE = Source(
    source_id="s",
    title="Test",
    url="https://example.org",
    publisher="Tester",
    retrieved_on=date(2026, 1, 1),
    licence="CC0",
)
BASE = {"valid_from": "2020-01-01", "source_id": "s", "status": "official"}
VALUATION = {"id": "v", "kind": "valuation", "basis": "CIF", **BASE}
STANDARD = {"id": "std", "kind": "regime", "label": "standard", "priority": 100, **BASE}
VAT = {
    "id": "vat",
    "kind": "tax",
    "code": "vat",
    "label": "VAT",
    "rate": "0.10",
    "import_base": ["customs_value", "duties"],
    "sale_base": ["goods"],
    **BASE,
}
RATES = UserRates(
    [
        UserRate(
            base="USD",
            quote="EUR",
            rate=Decimal("0.5"),
            valid_from=date(2020, 1, 1),
            valid_to=None,
            source_label="test",
        )
    ]
)


def pack(*rules: dict[str, Any], tariff: dict[str, str] | None = None) -> Pack:
    header = PackHeader(
        jurisdiction="XX",
        name="Test",
        version="1",
        currency="EUR",
        coverage_from=date(2024, 1, 1),
        coverage_to=date(2027, 1, 1),
    )
    by_column: dict[str, dict[str, list[TariffLine]]] = {}
    for key, expression in (tariff or {}).items():
        column, _, code = key.rpartition(":")
        tariff_line = TariffLine(
            hs=code,
            column=column or "mfn",
            expression=expression,
            valid_from=date(2020, 1, 1),
            source_id="s",
            status=Status.OFFICIAL,
        )
        by_column.setdefault(tariff_line.column, {})[code] = [tariff_line]
    parsed = TypeAdapter(list[AnyRule]).validate_python([VALUATION, STANDARD, *rules])
    return Pack(header=header, sources={"s": SOURCE}, rules=parsed, tariff=by_column)


def run(p: Pack, *lines: dict[str, Any], **fields: Any) -> Quote:
    data = {
        "destination": "DE",
        "ship_from": "CN",
        "date": "2026-03-02",
        "currency": "EUR",
        "lines": list(lines) or [line()],
        **fields,
    }
    return calculate_landed_cost(parse_consignment(data), pack=p, rates=RATES)


def line(hs: str = "66019900", value: str = "100", qty: str = "1", **extra: Any) -> dict[str, Any]:
    return {"hs_code": hs, "origin": "CN", "quantity": qty, "unit_value": value, **extra}


def total(q: Quote, code: str) -> Decimal:
    return sum((c.amount.amount for c in q.charges if c.code == code), Decimal(0))


def test_regime_limited_by_code() -> None:
    exempt = {
        "id": "low",
        "kind": "regime",
        "label": "low",
        "priority": 10,
        "duty": "exempt",
        "tax": "exempt",
        "hs_except": ["3304"],
        **BASE,
    }
    p = pack(exempt, VAT, tariff={"66019900": "10%", "33049900": "10%"})
    q = run(p, line(), line("33049900"))
    assert [v.regime_id for v in q.lines] == ["low", "std"]
    assert total(q, "mfn") == Decimal("10.00")


def test_tax_and_measure_limited_to_a_regime() -> None:
    low = {
        "id": "low",
        "kind": "regime",
        "label": "low",
        "priority": 10,
        "threshold": {"currency": "EUR", "max": "50"},
        **BASE,
    }
    pph = {**VAT, "id": "pph", "code": "pph", "rate": "0.05", "regimes": ["std"]}
    extra = {
        "id": "m",
        "kind": "measure",
        "measure": "m",
        "group": "m",
        "label": "m",
        "expression": "1%",
        "regimes": ["low"],
        **BASE,
    }
    p = pack(low, VAT, pph, extra, tariff={"66019900": "10%"})
    small = run(p, line(value="40"))
    assert total(small, "pph") == 0
    assert total(small, "m") == Decimal("0.40")
    big = run(p, line(value="400"))
    assert total(big, "pph") == Decimal("22.00")  # 5% of 400 + 40 duty
    assert total(big, "m") == 0


def test_tax_inclusive_por_dentro() -> None:
    icms = {**VAT, "id": "icms", "code": "icms", "rate": "0.17", "inclusive": True}
    q = run(pack(icms, tariff={"66019900": "20%"}), line())
    assert total(q, "icms") == Decimal("24.58")  # (100 + 20) * 0.17 / 0.83


def test_item_scope_threshold_splits_lines() -> None:
    per_item = {
        "id": "lvg",
        "kind": "regime",
        "label": "lvg",
        "priority": 10,
        "tax": "at_sale",
        "duty": "exempt",
        "threshold": {"currency": "EUR", "max": "400", "scope": "item"},
        **BASE,
    }
    q = run(
        pack(per_item, VAT, tariff={"66019900": "10%"}),
        line(value="300", qty="3"),
        line(value="500"),
        tax_collector="platform",
    )
    assert [v.regime_id for v in q.lines] == ["lvg", "std"]


def test_freight_is_allocated_by_value_and_sums_to_the_whole() -> None:
    q = run(
        pack(VAT, tariff={"66019900": "0%"}),
        line(value="1"),
        line(value="1"),
        line(value="1"),
        freight="0.10",
    )
    assert [v.freight.amount for v in q.lines] == [
        Decimal("0.04"),
        Decimal("0.03"),
        Decimal("0.03"),
    ]


def test_threshold_converts_at_the_quote_rate() -> None:
    low = {
        "id": "low",
        "kind": "regime",
        "label": "low",
        "priority": 10,
        "duty": "exempt",
        "threshold": {"currency": "USD", "max": "100"},
        **BASE,
    }
    p = pack(low, tariff={"66019900": "10%"})
    assert run(p, line(value="50")).lines[0].regime_id == "low"  # EUR 50 = USD 100
    assert run(p, line(value="50.01")).lines[0].regime_id == "std"


def test_preference_only_for_eligible_origins_with_mfn_beside_it() -> None:
    pref = {
        "id": "p",
        "kind": "preference",
        "scheme": "FTA",
        "label": "FTA",
        "origins": ["CN"],
        "sale_models": ["b2b"],
        **BASE,
    }
    p = pack(pref, tariff={"66019900": "10%", "FTA:66019900": "0%"})
    ok = run(p, line(claim_preference="FTA"), sale_model="b2b")
    duty = next(c for c in ok.charges if c.kind is ChargeKind.DUTY)
    assert (duty.code, duty.amount.amount) == ("FTA", Decimal("0.00"))
    assert "MFN alternative: 10% = EUR 10.00" in duty.note
    refused = run(p, line(claim_preference="FTA"))
    assert total(refused, "mfn") == Decimal("10.00")


def test_unknown_measure_stops_the_quote() -> None:
    unknown = {
        "id": "u",
        "kind": "measure",
        "measure": "u",
        "group": "u",
        "label": "secret",
        "expression": "unknown",
        **BASE,
    }
    with pytest.raises(OutOfCoverage, match="secret"):
        run(pack(unknown, tariff={"66019900": "10%"}))


def test_missing_regime_and_valuation_are_errors_not_zero() -> None:
    p = pack(tariff={"66019900": "10%"})
    p.rules = [r for r in p.rules if r.id != "std"]
    with pytest.raises(RuleNotFoundError, match="no import regime"):
        run(p)


def test_unmapped_hs2022_code_fails_naming_the_hs2017_codes_instead_of_a_parent_line() -> None:
    p = pack(tariff={"6201": "12%", "62011100": "12%", "34022020": "4%", "340250": "4%"})
    p.unmapped = {"620140": Unmapped("new in HS 2022", ("620111", "620191"), "s")}
    as_of = date(2026, 3, 2)
    with pytest.raises(RuleNotFoundError) as caught:
        p.find_duty("62014000", column="mfn", as_of=as_of)
    assert caught.value.field == "hs_code"
    assert caught.value.message == (
        "62014000 (HS 2022 subheading 6201.40) is not in the XX tariff, which uses HS 2017 "
        "codes: new in HS 2022; quote the HS 2017 code instead: a national line under "
        "HS 2017 6201.11 or 6201.91"
    )
    with pytest.raises(
        RuleNotFoundError, match=r"^field .hs_code.: HS 2022 subheading 6201\.40 is not in"
    ):
        p.find_duty("620140", column="mfn", as_of=as_of)
    mapped = p.find_duty("34025000", column="mfn", as_of=as_of)  # HS 2022, renumbered 1:1
    hs2017 = p.find_duty("62011100", column="mfn", as_of=as_of)
    assert mapped is not None
    assert (mapped.line.hs, mapped.how) == ("340250", "parent")
    assert hs2017 is not None
    assert (hs2017.line.hs, hs2017.how) == ("62011100", "exact")
    with pytest.raises(RuleNotFoundError, match=r"6201\.11 or 6201\.91$"):
        run(p, line(hs="6201.40"))
