"""Local price points per currency: rounding ranges in the style of Global-e's RoundingRange.

A :class:`RoundingPolicy` is a list of contiguous :class:`RoundingRange` s. A range covers the
prices above ``from_amount`` (exclusive) up to ``to_amount`` (inclusive) and lays a grid of
price points on them: one point per ``step`` at each target offset (``lower_target``,
``upper_target``); a price whose offset is one of the ``exceptions`` is kept as it is. Rounding
moves a price onto the grid:

- ``up``: the smallest point at or above the price (never gives margin away);
- ``down``: the largest point at or below it;
- ``nearest``: below ``threshold`` (an offset within the step) go down, else up, as Global-e
  does; without a threshold, the closer point (ties go up).

Unlike Global-e, points are taken from the whole grid, so every point rounds to itself
(rounding twice changes nothing) and a range with no point near a price borrows its
neighbour's. With a ``floor`` the result is never below it: where nearest or down would go
under the floor, the price rounds up from the floor. Convert per unit, round, then multiply
(RULES-REFERENCE §5 item 6).

>>> eur = get_policy("EUR")
>>> [str(localise(Money(a, "EUR"), policy=eur).amount) for a in ("8.53", "9.99", "12.34")]
['8.99', '9.99', '12.99']
>>> jpy = get_policy("JPY")
>>> [localise(Money(a, "JPY"), policy=jpy).amount for a in ("912", "1700", "2500", "12345")]
[Decimal('980'), Decimal('1980'), Decimal('2980'), Decimal('12800')]
"""

from __future__ import annotations

import decimal
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from chuhai.domain.currency import get_minor_units, normalise_currency
from chuhai.domain.money import Money, to_decimal
from chuhai.errors import InputError

__all__ = [
    "DEFAULT_POLICIES",
    "Behaviour",
    "RoundingPolicy",
    "RoundingRange",
    "get_policy",
    "localise",
    "localise_unit_price",
    "mirror_ending",
    "next_price_point",
    "policy_from_dicts",
]


class Behaviour(enum.StrEnum):
    UP = "up"
    NEAREST = "nearest"
    DOWN = "down"


def _floor_div(value: Decimal, step: Decimal) -> Decimal:
    return (value / step).to_integral_value(rounding=decimal.ROUND_FLOOR) * step


@dataclass(frozen=True)
class RoundingRange:
    """Prices in (``from_amount``, ``to_amount``] and the grid of points they round to.

    >>> r = RoundingRange(from_amount=Decimal(0), to_amount=None, step=Decimal(1),
    ...                   lower_target=Decimal("0.99"), upper_target=Decimal("0.99"))
    >>> r.points_near(Decimal("12.34"))
    [Decimal('11.99'), Decimal('12.99'), Decimal('13.99')]
    """

    from_amount: Decimal
    to_amount: Decimal | None
    step: Decimal
    lower_target: Decimal
    upper_target: Decimal
    threshold: Decimal | None = None
    behaviour: Behaviour = Behaviour.UP
    exceptions: tuple[Decimal, ...] = ()

    def __post_init__(self) -> None:
        if self.step <= 0:
            raise InputError(f"a rounding step must be positive: {self.step}", field="step")
        for name in ("lower_target", "upper_target"):
            value = getattr(self, name)
            if not 0 <= value < self.step:
                raise InputError(f"{name} {value} must lie in [0, step {self.step})", field=name)
        if self.threshold is not None and not 0 <= self.threshold <= self.step:
            raise InputError(f"threshold {self.threshold} must lie in [0, step]", field="threshold")
        if any(not 0 <= e < self.step for e in self.exceptions):
            raise InputError("rounding exceptions must lie in [0, step)", field="exceptions")
        if self.to_amount is not None and self.to_amount <= self.from_amount:
            raise InputError("to_amount must exceed from_amount", field="to_amount")

    @property
    def targets(self) -> tuple[Decimal, ...]:
        return tuple(sorted({self.lower_target, self.upper_target}))

    def contains(self, price: Decimal) -> bool:
        return self.from_amount < price and (self.to_amount is None or price <= self.to_amount)

    def offset(self, price: Decimal) -> Decimal:
        """Where ``price`` sits within its step (its "ending")."""
        return price - _floor_div(price, self.step)

    def points_near(self, price: Decimal) -> list[Decimal]:
        """Grid points of this range within one step either side of ``price``, ascending."""
        base = _floor_div(price, self.step)
        points = {base + k * self.step + t for k in (-1, 0, 1) for t in self.targets}
        return sorted(p for p in points if p > 0 and self.contains(p))


@dataclass(frozen=True)
class RoundingPolicy:
    """The contiguous ranges of one currency, from 0 (exclusive) to no upper end."""

    currency: str
    ranges: tuple[RoundingRange, ...]
    name: str = "default"
    note: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "currency", normalise_currency(self.currency))
        if not self.ranges or self.ranges[0].from_amount != 0:
            raise InputError("the first rounding range must start at 0", field="ranges")
        if self.ranges[-1].to_amount is not None:
            raise InputError("the last rounding range must have no upper end", field="ranges")
        for before, after in zip(self.ranges, self.ranges[1:], strict=False):
            if before.to_amount != after.from_amount:
                raise InputError("rounding ranges must be contiguous", field="ranges")
        minor = _minor(self.currency)
        for r in self.ranges:
            for value in (r.step, *r.targets, *r.exceptions):
                if value % minor:
                    raise InputError(
                        f"{value} is finer than the {self.currency} minor unit", field="ranges"
                    )

    def range_of(self, price: Decimal) -> int:
        if price <= 0:
            raise InputError(f"a price to round must be positive: {price}", field="price")
        return next(i for i, r in enumerate(self.ranges) if r.contains(price))

    def floor_point(self, price: Decimal) -> Decimal | None:
        """The largest grid point at or below ``price``."""
        index = self.range_of(price)
        below = [p for p in self.ranges[index].points_near(price) if p <= price]
        if below:
            return below[-1]
        for r in reversed(self.ranges[:index]):
            assert r.to_amount is not None  # only the last range is open
            below = [p for p in r.points_near(r.to_amount) if p <= r.to_amount]
            if below:
                return below[-1]
        return None

    def ceiling_point(self, price: Decimal) -> Decimal:
        """The smallest grid point at or above ``price``."""
        index = self.range_of(price)
        above = [p for p in self.ranges[index].points_near(price) if p >= price]
        if above:
            return above[0]
        for r in self.ranges[index + 1 :]:
            start = r.from_amount + _minor(self.currency)
            above = [p for p in r.points_near(start) if p >= start]
            if above:
                return above[0]
        raise InputError(f"no price point above {price} {self.currency}", field="ranges")


def _minor(currency: str) -> Decimal:
    return Decimal(1).scaleb(-get_minor_units(currency))


def _check(money: Money, policy: RoundingPolicy) -> None:
    if money.currency != policy.currency:
        raise InputError(
            f"a {policy.currency} rounding policy cannot round {money.currency}", field="currency"
        )


def localise(
    price: Money,
    *,
    policy: RoundingPolicy,
    behaviour: Behaviour | None = None,
    floor: Money | None = None,
) -> Money:
    """``price`` moved onto the policy's grid, never below ``floor``.

    ``behaviour`` overrides the range's own.

    >>> usd = get_policy("USD")
    >>> localise(Money("12.34", "USD"), policy=usd, behaviour=Behaviour.NEAREST)
    Money('11.99', 'USD')
    >>> localise(Money("12.34", "USD"), policy=usd, behaviour=Behaviour.NEAREST,
    ...          floor=Money("12.10", "USD"))
    Money('12.99', 'USD')
    """
    _check(price, policy)
    amount = price.amount
    r = policy.ranges[policy.range_of(amount)]
    if r.offset(amount) in r.exceptions:
        result = amount
    else:
        result = _round(amount, policy=policy, r=r, behaviour=behaviour or r.behaviour)
    if floor is not None:
        _check(floor, policy)
        if result < floor.amount:
            result = policy.ceiling_point(floor.amount)
    return Money(result.quantize(_minor(policy.currency)), policy.currency)


def _round(
    amount: Decimal, *, policy: RoundingPolicy, r: RoundingRange, behaviour: Behaviour
) -> Decimal:
    up = policy.ceiling_point(amount)
    down = policy.floor_point(amount)
    if behaviour is Behaviour.UP or down is None or up == amount:
        return up
    if behaviour is Behaviour.DOWN:
        return down
    if r.threshold is not None:
        return up if r.offset(amount) >= r.threshold else down
    return up if up - amount <= amount - down else down


def next_price_point(price: Money, *, policy: RoundingPolicy) -> Money:
    """The grid point just above ``price``: the next step when a rounded price is not enough.

    >>> next_price_point(Money("9.99", "EUR"), policy=get_policy("EUR"))
    Money('10.99', 'EUR')
    """
    _check(price, policy)
    point = policy.ceiling_point(price.amount + _minor(policy.currency))
    return Money(point.quantize(_minor(policy.currency)), policy.currency)


def localise_unit_price(
    unit_price: Money,
    *,
    rate: Decimal,
    policy: RoundingPolicy,
    quantity: Decimal | int = 1,
    floor: Money | None = None,
) -> tuple[Money, Money]:
    """Convert one unit at ``rate``, round it, then multiply: (unit price, line total).

    >>> localise_unit_price(Money("10", "USD"), rate=Decimal("0.8539"),
    ...                     policy=get_policy("EUR"), quantity=3)
    (Money('8.99', 'EUR'), Money('26.97', 'EUR'))
    """
    converted = Money(unit_price.amount * to_decimal(rate, field="rate"), policy.currency)
    unit = localise(converted, policy=policy, floor=floor)
    return unit, unit * to_decimal(quantity, field="quantity")


def mirror_ending(
    source: Money,
    converted: Money,
    *,
    behaviour: Behaviour = Behaviour.NEAREST,
    floor: Money | None = None,
) -> Money:
    """Give ``converted`` the ending (fraction of a major unit) of ``source``.

    The policy of antiwork/gumroad PR 6309: the ending is the seller's choice, so $9.99 keeps
    .99 and $12.34 keeps .34 in the buyer's currency; nearest by default, never below ``floor``.

    >>> rate = Decimal("0.8539")
    >>> [str(mirror_ending(Money(a, "USD"), Money(a, "USD") * rate).amount)
    ...  for a in ("9.99", "10", "12.34")]
    ['8.99', '9.00', '10.34']
    """
    ending = source.amount - _floor_div(source.amount, Decimal(1))
    places = get_minor_units(converted.currency)
    if ending != ending.quantize(Decimal(1).scaleb(-places), rounding=decimal.ROUND_DOWN):
        raise InputError(
            f"the ending {ending} of {source} cannot be written in {converted.currency}",
            field="currency",
        )
    whole = _floor_div(converted.amount, Decimal(1))
    candidates = [p for p in (whole - 1 + ending, whole + ending, whole + 1 + ending) if p > 0]
    result = _pick(converted.amount, candidates, behaviour=behaviour)
    if floor is not None and result < floor.amount:
        base = _floor_div(floor.amount, Decimal(1))
        result = min(p for p in (base + ending, base + 1 + ending) if p >= floor.amount)
    return Money(result.quantize(Decimal(1).scaleb(-places)), converted.currency)


def _pick(amount: Decimal, candidates: Sequence[Decimal], *, behaviour: Behaviour) -> Decimal:
    up = min(p for p in candidates if p >= amount)
    below = [p for p in candidates if p <= amount]
    if behaviour is Behaviour.UP or not below:
        return up
    down = max(below)
    if behaviour is Behaviour.DOWN:
        return down
    return up if up - amount <= amount - down else down


def _range(part: str) -> RoundingRange:
    """``"1000-10000:500:480"``: from-to:step:ending (an empty "to" has no end)."""
    bounds, step, target = part.split(":")
    start, _, end = bounds.partition("-")
    ending = Decimal(target)
    return RoundingRange(
        Decimal(start), Decimal(end) if end else None, Decimal(step), ending, ending
    )


def _policy(currency: str, spec: str, *, note: str = "", name: str = "default") -> RoundingPolicy:
    return RoundingPolicy(currency, tuple(map(_range, spec.split())), name=name, note=note)


DEFAULT_POLICIES: dict[str, RoundingPolicy] = {
    code: _policy(code, spec, note=note)
    for code, spec, note in (
        ("USD", "0-:1:0.99", "$9.99"),
        ("EUR", "0-:1:0.99", "€9.99; variant '95' gives €9.95"),
        ("GBP", "0-:1:0.99", "£9.99"),
        ("CAD", "0-:1:0.99", "C$9.99"),
        ("AUD", "0-:1:0.95", "A$9.95"),
        ("MYR", "0-:1:0.90", "RM9.90"),
        ("SGD", "0-:1:0.90", "S$9.90"),
        ("JPY", "0-1000:100:80 1000-10000:500:480 10000-:1000:800",
         "¥980 under ¥1,000; ¥1,480/¥1,980 to ¥10,000; ¥12,800 above"),
        ("PHP", "0-100:10:9 100-1000:50:49 1000-:100:99", "₱99 endings: ₱49, ₱199, ₱1,299"),
        ("KRW", "0-:100:0", "hundreds: ₩19,900"),
        ("CNY", "0-100:1:0.90 100-:10:9", "9 endings as on Chinese platforms: ¥39.9, ¥199"),
        ("THB", "0-:10:9", "9 endings: ฿199"),
        ("VND", "0-:1000:0", "thousands: ₫159.000"),
        ("IDR", "0-:1000:0", "thousands: Rp 99.000"),
    )
}  # fmt: skip
"""Charm endings per currency; every range rounds up by default (margin first)."""

VARIANTS: dict[tuple[str, str], RoundingPolicy] = {
    ("EUR", "95"): _policy("EUR", "0-:1:0.95", name="95"),
    ("USD", "95"): _policy("USD", "0-:1:0.95", name="95"),
}


def get_policy(
    currency: str,
    *,
    variant: str | None = None,
    overrides: Mapping[str, RoundingPolicy] | None = None,
) -> RoundingPolicy:
    """The user's policy for ``currency`` if given, else a named variant, else the default.

    A currency without a default rounds up to its minor unit (no charm ending).

    >>> get_policy("EUR", variant="95").ranges[0].upper_target, get_policy("HUF").note
    (Decimal('0.95'), 'no charm ending: up to the minor unit')
    """
    code = normalise_currency(currency)
    if overrides and code in overrides:
        return overrides[code]
    if variant is not None:
        try:
            return VARIANTS[(code, variant)]
        except KeyError:
            raise InputError(
                f"no rounding variant {variant!r} for {code}", field="variant"
            ) from None
    if code in DEFAULT_POLICIES:
        return DEFAULT_POLICIES[code]
    minor = str(_minor(code))
    return _policy(
        code, f"0-:{minor}:0", note="no charm ending: up to the minor unit", name="plain"
    )


def policy_from_dicts(
    currency: str, ranges: Sequence[Mapping[str, object]], *, name: str = "user"
) -> RoundingPolicy:
    """A user policy from plain dicts (strings for amounts), e.g. read from YAML or JSON.

    Keys: ``from``, ``to`` (empty for no end), ``step``, ``lower_target``, ``upper_target``
    (or ``target`` for both), ``threshold``, ``behaviour``, ``exceptions``.

    >>> p = policy_from_dicts("EUR", [{"from": "0", "to": "", "step": "1", "target": "0.95",
    ...                                "behaviour": "nearest"}])
    >>> localise(Money("12.20", "EUR"), policy=p)
    Money('11.95', 'EUR')
    """
    built = []
    for index, raw in enumerate(ranges):
        where = f"ranges[{index}]"
        target = raw.get("target")
        try:
            built.append(
                RoundingRange(
                    from_amount=to_decimal(raw.get("from", "0"), field=f"{where}.from"),
                    to_amount=_optional(raw.get("to"), f"{where}.to"),
                    step=to_decimal(raw["step"], field=f"{where}.step"),
                    lower_target=to_decimal(raw.get("lower_target", target), field=where),
                    upper_target=to_decimal(raw.get("upper_target", target), field=where),
                    threshold=_optional(raw.get("threshold"), f"{where}.threshold"),
                    behaviour=Behaviour(str(raw.get("behaviour", "up"))),
                    exceptions=tuple(
                        to_decimal(e, field=f"{where}.exceptions")
                        for e in _as_list(raw.get("exceptions"))
                    ),
                )
            )
        except (KeyError, ValueError) as exc:
            if isinstance(exc, InputError):
                raise
            raise InputError(f"bad rounding range: {exc}", field=where) from None
    return RoundingPolicy(currency, tuple(built), name=name)


def _optional(value: object, where: str) -> Decimal | None:
    if value is None or value == "":
        return None
    return to_decimal(value, field=where)


def _as_list(value: object) -> list[object]:
    if value is None or value == "":
        return []
    return list(value) if isinstance(value, list | tuple) else [value]
