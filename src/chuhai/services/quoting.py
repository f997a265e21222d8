"""Quote a consignment with the shipped packs and exchange rates."""

from __future__ import annotations

from typing import Any

from chuhai.domain.consignment import Consignment, parse_consignment
from chuhai.domain.fx import FxRates
from chuhai.domain.landed_cost import calculate_landed_cost
from chuhai.domain.quote import Quote
from chuhai.domain.scenario import Scenario, apply_scenario
from chuhai.rules.fx_store import load_shipped_rates
from chuhai.rules.registry import get_pack


def quote(
    consignment: Consignment | dict[str, Any],
    *,
    rates: FxRates | None = None,
    scenario: Scenario | None = None,
) -> Quote:
    """The itemised landed cost of ``consignment`` (a :class:`Consignment` or its dict form).

    With a ``scenario`` (see :mod:`chuhai.domain.scenario`), the quote uses the packs as
    the scenario changes them; the pack versions in the quote carry its name.

    >>> q = quote({"destination": "DE", "ship_from": "CN", "date": "2026-11-29",
    ...            "currency": "EUR", "tax_collector": "platform",
    ...            "lines": [{"hs_code": "6601.99", "origin": "CN", "quantity": "2",
    ...                       "unit_value": "20.00", "unit_weight_kg": "0.45"}]})
    >>> [(c.code, str(c.amount)) for c in q.charges]
    [('per_subheading', 'EUR 3.00'), ('eu_handling', 'EUR 2.00'), ('vat', 'EUR 7.60')]
    >>> q.landed_total
    Money('52.60', 'EUR')
    """
    parsed = parse_consignment(consignment)
    pack = apply_scenario(get_pack(parsed.destination), scenario)
    if rates is None:
        rates = load_shipped_rates(max_staleness_days=pack.header.fx.max_staleness_days)
    return calculate_landed_cost(parsed, pack=pack, rates=rates)
