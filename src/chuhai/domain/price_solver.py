"""The lowest price that earns a target margin, then its local price point.

:func:`solve_price` finds the lowest price, in minor units, whose margin meets a
:class:`~chuhai.domain.margin.MarginTarget`. The engine decides the regime through a callback
``landed(price) -> Quote``: within one band (same regimes, same fee tiers) the margin grows
with the price and is solved by secant and bisection; when the candidate leaves its band (a de
minimis threshold crossed) the band's edge is found by bisection and the next band is solved in
turn, so the answer is consistent with its band. The price is then localised (rounded up, never
below the margin floor).

>>> from datetime import date
>>> from chuhai.domain.channel_fees import FeeKind, user_fee
>>> from chuhai.domain.margin import CostLine, empty_quote
>>> from chuhai.domain.price_rounding import get_policy
>>> day = date(2026, 3, 2)
>>> fee = user_fee(FeeKind.COMMISSION, label="commission 15%", rate="0.15", as_of=day)
>>> econ = Economics(currency="EUR", fees=(fee,),
...                  costs=(CostLine("goods", "goods", Money("10", "EUR")),))
>>> solution = solve_price(landed=lambda price: empty_quote("EUR", as_of=day), economics=econ,
...                        target=MarginTarget(rate=Decimal("0.20")), policy=get_policy("EUR"))
>>> solution.exact_price, solution.price
(Money('15.39', 'EUR'), Money('15.99', 'EUR'))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from chuhai.domain.margin import Economics, MarginTarget, Waterfall, calculate_waterfall
from chuhai.domain.money import Money, quantize
from chuhai.domain.price_rounding import RoundingPolicy, localise, next_price_point
from chuhai.domain.quote import Quote
from chuhai.errors import InputError

__all__ = ["CAP", "Landed", "PriceSolution", "solve_price"]


@dataclass(frozen=True)
class PriceSolution:
    exact_price: Money  # per order: the lowest price in minor units that meets the target
    price: Money  # per order: the unit price localised (up, never below the floor) x units
    waterfall: Waterfall  # at the localised price
    exact_waterfall: Waterfall
    steps: tuple[str, ...]  # how the bands were walked
    evaluations: int


Landed = Callable[[Money], Quote]


class _Search:
    """The margin gap g(n) = margin - target at a price of n minor units, cached."""

    def __init__(self, landed: Landed, *, economics: Economics, target: MarginTarget) -> None:
        self.landed, self.economics, self.target = landed, economics, target
        self.cache: dict[int, Waterfall] = {}

    def waterfall(self, n: int) -> Waterfall:
        if n not in self.cache:
            if len(self.cache) > 400:
                raise InputError("the price search did not settle in 400 steps", field="target")
            price = Money.from_minor(n, self.economics.currency)
            quote = self.landed(price)
            self.cache[n] = calculate_waterfall(price=price, quote=quote, economics=self.economics)
        return self.cache[n]

    def gap(self, n: int) -> Decimal:
        w = self.waterfall(n)
        return (w.contribution_margin - self.target.required(w.revenue)).amount

    def band(self, n: int) -> tuple[str, ...]:
        return self.waterfall(n).bands

    def first(self, lo: int, hi: int, *, test: Callable[[int], bool]) -> int:
        """The smallest n in (lo, hi] with ``test(n)``, given test(hi) and not test(lo)."""
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (lo, mid) if test(mid) else (mid, hi)
        return hi


CAP = 10**13  # minor units: above this the target is taken as unreachable


def solve_price(
    *,
    landed: Landed,
    economics: Economics,
    target: MarginTarget,
    policy: RoundingPolicy | None = None,
    start: Money | None = None,
) -> PriceSolution:
    """The lowest price meeting ``target``, then its local price point (see the module doc)."""
    s = _Search(landed, economics=economics, target=target)
    lo = max(1, start.to_minor() if start is not None else _floor(economics))
    steps: list[str] = []
    if s.gap(lo) >= 0:
        exact = s.first(0, lo, test=lambda n: n > 0 and s.gap(n) >= 0)
    else:
        exact = _walk(s, lo, steps=steps)
    price = Money.from_minor(exact, economics.currency)
    local = price
    if policy is not None:  # convert per unit, round, then multiply
        units = economics.units
        unit = localise(price / units, policy=policy, floor=price / units)
        while s.gap((unit * units).to_minor()) < 0:  # rounded up into a costlier band
            steps.append(f"{unit}: a rounded price in a costlier band misses the target")
            unit = next_price_point(unit, policy=policy)
        local = unit * units
    return PriceSolution(
        price, local, s.waterfall(local.to_minor()), s.waterfall(exact), tuple(steps), len(s.cache)
    )


def _floor(economics: Economics) -> int:
    """A price at which the margin cannot yet be positive: the costs that do not scale."""
    fixed = [c.amount * (economics.units if c.per == "unit" else 1) for c in economics.costs]
    total = sum(fixed, economics.cac or Money.zero(economics.currency))
    return quantize(total).to_minor()


def _walk(s: _Search, lo: int, *, steps: list[str]) -> int:
    """Band by band from ``lo`` (where the gap is negative) to the first price that meets it."""
    while True:
        met, n = _solve_band(s, lo)
        name = "+".join(s.band(lo)) or "no regime"
        if met:
            steps.append(f"{name}: target met at {s.waterfall(n).price}")
            return n
        steps.append(f"{name}: target not met before the band ends at {s.waterfall(n).price}")
        if s.gap(n) >= 0:
            steps.append(f"{'+'.join(s.band(n))}: its first price meets the target")
            return n
        lo = n


def _solve_band(s: _Search, lo: int) -> tuple[bool, int]:
    """(True, lowest n meeting the target in lo's band) or (False, first n of the next band)."""
    band = s.band(lo)
    x0, x1 = lo, lo + max(lo, 100)
    while x1 <= CAP:
        if s.band(x1) != band:
            edge = s.first(x0, x1, test=lambda n: s.band(n) != band)
            if edge - 1 > x0 and s.gap(edge - 1) >= 0:
                return True, s.first(x0, edge - 1, test=lambda n: s.gap(n) >= 0)
            return False, edge
        if s.gap(x1) >= 0:
            return True, s.first(x0, x1, test=lambda n: s.gap(n) >= 0)
        slope = (s.gap(x1) - s.gap(x0)) / (x1 - x0)
        reach = int(-s.gap(x1) / slope) + 2 if slope > 0 else 2 * (x1 - x0)
        x0, x1 = x1, x1 + max(reach, 1)
    w = s.waterfall(x0)
    raise InputError(
        f"the target margin cannot be reached: at {w.price} the margin is "
        f"{quantize(w.contribution_margin)} and does not grow fast enough with the price",
        field="target",
    )
