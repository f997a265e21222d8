"""One local price point: a price moved onto a currency's grid, or given another price's ending.

:func:`round_price` rounds a price with a :class:`~chuhai.domain.price_rounding.RoundingPolicy`;
with ``mirror_from`` it converts that price (at ``rate``, or the shipped rate of ``as_of``)
and keeps its ending, as in T18 ($9.99 -> EUR 8.99 at 0.8539).

>>> round_price(Money("12.34", "EUR"), currency="EUR").price
Money('12.99', 'EUR')
>>> round_price(None, currency="EUR", mirror_from=Money("9.99", "USD"), rate=Decimal("0.8539")).price
Money('8.99', 'EUR')
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from chuhai.domain.money import Money
from chuhai.domain.price_rounding import Behaviour, RoundingPolicy, get_policy, localise
from chuhai.domain.price_rounding import mirror_ending as mirror
from chuhai.errors import InputError
from chuhai.rules.fx_store import load_shipped_rates

__all__ = ["PricePoint", "round_price"]


@dataclass(frozen=True)
class PricePoint:
    given: Money  # before rounding: the price, or the mirrored price converted
    price: Money
    rule: str  # how the point was chosen
    behaviour: Behaviour | None = None
    floor: Money | None = None
    mirror_from: Money | None = None
    rate: Decimal | None = None
    rate_source: str = ""

    def to_dict(self) -> dict[str, Any]:
        def money(m: Money | None) -> dict[str, str] | None:
            return None if m is None else {"amount": str(m.amount), "currency": m.currency}

        return {
            "given": money(self.given),
            "price": money(self.price),
            "rule": self.rule,
            "behaviour": None if self.behaviour is None else self.behaviour.value,
            "floor": money(self.floor),
            "mirror_from": money(self.mirror_from),
            "rate": None if self.rate is None else str(self.rate),
            "rate_source": self.rate_source,
        }


def round_price(
    price: Money | None,
    *,
    currency: str,
    policy: RoundingPolicy | None = None,
    behaviour: Behaviour | None = None,
    floor: Money | None = None,
    mirror_from: Money | None = None,
    rate: Decimal | None = None,
    as_of: date | None = None,
) -> PricePoint:
    """``price`` on the policy's grid, or ``mirror_from``'s ending on its converted price.

    To mirror, give ``price`` (already converted) or a ``rate`` or an ``as_of`` for the
    shipped rate. Without a policy the currency's default applies.
    """
    if mirror_from is None:
        if price is None:
            raise InputError("give a price to round", field="price")
        if rate is not None:
            raise InputError("a rate converts only a --mirror-from price", field="rate")
        policy = policy or get_policy(currency)
        point = localise(price, policy=policy, behaviour=behaviour, floor=floor)
        rule = f"{policy.currency} {policy.name}" + (f": {policy.note}" if policy.note else "")
        return PricePoint(price, point, rule, behaviour or policy.ranges[0].behaviour, floor)
    converted, used, source = _converted(price, currency, mirror_from, rate=rate, as_of=as_of)
    ending = behaviour or Behaviour.NEAREST
    point = mirror(mirror_from, converted, behaviour=ending, floor=floor)
    rule = f"the ending of {mirror_from}"
    return PricePoint(converted, point, rule, ending, floor, mirror_from, used, source)


def _converted(
    price: Money | None,
    currency: str,
    source: Money,
    *,
    rate: Decimal | None,
    as_of: date | None,
) -> tuple[Money, Decimal | None, str]:
    if price is not None:
        if rate is not None:
            raise InputError("give the converted price or a --rate, not both", field="rate")
        return price, None, ""
    if rate is not None:
        if rate <= 0:
            raise InputError("a rate must be positive", field="rate")
        return Money(source.amount * rate, currency), rate, "given"
    if as_of is None:
        raise InputError("give --rate, or --date for the shipped exchange rate", field="rate")
    # 45 days, as the shipped packs allow (pack.yaml fx.max_staleness_days)
    fx = load_shipped_rates(max_staleness_days=45).get_rate(source.currency, currency, as_of=as_of)
    return fx.convert(source), fx.rate, f"{fx.source_id} of {fx.rate_date} ({fx.status})"
