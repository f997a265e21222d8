"""The contract every pack test class follows, and helpers to read a quote."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from chuhai import quote
from chuhai.domain.quote import Charge, Quote
from chuhai.rules.registry import get_pack


def make_consignment(destination: str, **overrides: Any) -> dict[str, Any]:
    """A one-line courier B2C consignment; override any field (lines replace wholesale)."""
    line = {
        "hs_code": overrides.pop("hs_code", "6601.99"),
        "origin": overrides.pop("origin", "CN"),
        "quantity": overrides.pop("quantity", "1"),
        "unit_value": overrides.pop("unit_value", "20.00"),
        "unit_weight_kg": overrides.pop("unit_weight_kg", "0.5"),
    }
    data: dict[str, Any] = {
        "destination": destination,
        "ship_from": "CN",
        "date": "2026-11-29",
        "currency": "USD",
        "mode": "courier",
        "sale_model": "b2c_direct",
        "incoterm": "DDP",
        "tax_collector": "border",
        "lines": [line],
    }
    data.update(overrides)
    return data


def charges(q: Quote, code: str) -> list[Charge]:
    return [c for c in q.charges if c.code == code]


def amount(q: Quote, code: str) -> Decimal:
    """Sum of the charges with ``code`` in the quote currency."""
    found = charges(q, code)
    assert found, f"no {code!r} charge in {[c.code for c in q.charges]}"
    return sum((c.amount.amount for c in found), Decimal(0))


def regime(q: Quote) -> str:
    assert len(q.regimes) == 1, q.regimes
    return q.regimes[0].rule_id


class PackContract:
    """Subclass as ``class TestXX(PackContract)`` with ``code = "XX"``."""

    code: ClassVar[str]
    sample: ClassVar[dict[str, Any]] = {}

    def quote(self, **overrides: Any) -> Quote:
        return quote(make_consignment(self.code, **{**self.sample, **overrides}))

    def test_pack_loads_and_every_rule_cites_a_source(self) -> None:
        pack = get_pack(self.code)
        for rule in pack.rules:
            assert pack.source(rule.source_id).url

    def test_sample_quote_inside_coverage(self) -> None:
        q = self.quote()
        assert q.landed_total.amount > 0
        assert self.code in q.pack_versions

    def day_before(self, day: str) -> str:
        return date.fromordinal(date.fromisoformat(day).toordinal() - 1).isoformat()
