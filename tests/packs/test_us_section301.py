"""Every Section 301 list: a China-origin line on it pays its list's rate exactly when it applied.

For each dated rule in rules_s301.yaml, a national line that is on that list only is quoted
on the first day the rule applies (or the pack's first day) and on its last day, and on the
day before it began (where the pack covers that day) it does not pay that rule's rate.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from chuhai.domain.duty_expression import parse_duty_expression
from chuhai.domain.rule_schema import MeasureRule
from chuhai.errors import DutyExpressionError
from chuhai.rules.registry import get_pack
from tests.packs.contract import make_consignment

PACK = get_pack("US")
RULES = [r for r in PACK.rules if isinstance(r, MeasureRule) and r.measure.startswith("s301")]


def _only_on(rule: MeasureRule) -> str:
    """A code of the rule's list with an MFN line that no rival 301 list also claims.

    The 2024-review lists replace the earlier rate, so for them only other review lists rival.
    """
    rivals = [
        r
        for r in RULES
        if r.hs_list != rule.hs_list and (r.group == rule.group or rule.group == "s301")
    ]
    others = set().union(*(PACK.hs_list(r.hs_list or "") for r in rivals))
    mfn = PACK.tariff["mfn"]
    for code in sorted(PACK.hs_list(rule.hs_list or "")):
        if code not in others and code in mfn and _value_only(mfn[code][0].expression):
            return code
    pytest.skip(f"every code of {rule.hs_list} is also on a rival list or lacks an MFN line")


def _value_only(text: str) -> bool:
    """The rate needs nothing but the value (no kg, litres or metal content)."""
    try:
        return not parse_duty_expression(text).units
    except DutyExpressionError:
        return False


def _s301(code: str, day: date) -> list[tuple[str, Decimal]]:
    from chuhai import quote

    data = make_consignment(
        "US",
        hs_code=code,
        date=day.isoformat(),
        unit_value="1000.00",
        mode="freight",
        transport="air",
    )
    return [(c.rule_id, c.amount.amount) for c in quote(data).charges if c.code == "s301"]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_each_list_pays_its_rate_on_its_dates(rule: MeasureRule) -> None:
    code = _only_on(rule)
    rate = Decimal(rule.expression.rstrip("%")) / 100
    if rule.valid_to is not None and rule.valid_to <= PACK.header.coverage_from:
        assert (rule.id, Decimal("1000.00") * rate) not in _s301(code, PACK.header.coverage_from)
        return
    first = max(rule.valid_from, PACK.header.coverage_from)
    last = (rule.valid_to or PACK.header.coverage_to) - timedelta(days=1)
    for day in (first, last):
        assert _s301(code, day) == [(rule.id, Decimal("1000.00") * rate)], f"{code} on {day}"
    before = rule.valid_from - timedelta(days=1)
    if before >= PACK.header.coverage_from:
        assert (rule.id, Decimal("1000.00") * rate) not in _s301(code, before)
