"""Rate providers: fixed user rates and pegs, published daily reference rates (ECB), annual
averages (World Bank), and a chain that asks each in turn.

Each answers ``get_rate(base, quote, as_of=..., method=...)`` with an
:class:`~chuhai.domain.fx.FxQuote` or raises :class:`~chuhai.errors.FXRateNotFoundError`
naming the pair, the date and what it knows. A cross rate is one exact division at
:data:`~chuhai.domain.fx.RATE_CONTEXT` precision, e.g. 1 CNY in USD = USD per EUR / CNY per EUR.

>>> ecb = DailyRates({"USD": [(date(2026, 10, 30), Decimal("1.1172"))],
...                   "CNY": [(date(2026, 10, 30), Decimal("7.4326"))]},
...                  source_id="ecb_eurofxref", label="ECB")
>>> quote = ecb.get_rate("CNY", "USD", as_of=date(2026, 11, 1))
>>> quote.rate, quote.rate_date, quote.status
(Decimal('0.1503107929930307025805236391'), datetime.date(2026, 10, 30), 'official')
>>> quote.note
'ECB reference rate of 2026-10-30 (latest on or before 2026-11-01), cross via EUR'
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from chuhai.domain.fx import (
    ESTIMATED_AFTER_DAYS,
    METHOD_COARSENESS,
    RATE_CONTEXT,
    STATUSES,
    FxMethod,
    FxQuote,
    FxRates,
    currency_pair,
    eu_customs_reference_date,
    identity_quote,
    rate_not_found,
    worse_status,
)
from chuhai.domain.money import to_decimal
from chuhai.errors import FXRateNotFoundError, InputError, PackError

__all__ = ["AnnualRates", "ChainedRates", "DailyRates", "UserRate", "UserRates"]


@dataclass(frozen=True, slots=True)
class UserRate:
    """A fixed rate for a date range: a bank's or customs' rate, or an official peg.

    ``valid_from`` is inclusive, ``valid_to`` exclusive (``None`` = open).
    """

    base: str
    quote: str
    rate: Decimal
    valid_from: date
    valid_to: date | None
    source_label: str
    status: str = "provisional"
    source_id: str = "user"

    def __post_init__(self) -> None:
        base, quote = currency_pair(self.base, self.quote)
        object.__setattr__(self, "base", base)
        object.__setattr__(self, "quote", quote)
        rate = to_decimal(self.rate, field="rate")
        if rate <= 0:
            raise InputError(f"a rate must be positive: {rate}", field="rate")
        object.__setattr__(self, "rate", rate)
        if self.valid_to is not None and self.valid_to <= self.valid_from:
            raise InputError("valid_to must come after valid_from", field="valid_to")
        if self.status not in STATUSES:
            raise InputError(f"status must be one of {STATUSES}", field="status")

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


class UserRates:
    """Fixed, date-ranged rates; each answers its pair and the inverse.

    >>> bank = UserRates([UserRate("USD", "PHP", Decimal("58.1"), date(2026, 11, 1),
    ...                            date(2026, 12, 1), "bank rate, November")])
    >>> bank.get_rate("PHP", "USD", as_of=date(2026, 11, 15)).note
    'inverse of USD->PHP; bank rate, November (valid from 2026-11-01 to 2026-12-01)'
    """

    def __init__(self, rates: Iterable[UserRate], *, label: str = "user rates") -> None:
        self.label = label
        self._by_pair: dict[tuple[str, str], list[UserRate]] = {}
        for rate in sorted(rates, key=lambda r: r.valid_from):
            known = self._by_pair.setdefault((rate.base, rate.quote), [])
            if known and (known[-1].valid_to is None or known[-1].valid_to > rate.valid_from):
                raise InputError(
                    f"{rate.base}->{rate.quote} rates overlap on {rate.valid_from}",
                    field="valid_from",
                )
            known.append(rate)

    def get_rate(
        self, base: str, quote: str, *, as_of: date, method: FxMethod = FxMethod.DAILY
    ) -> FxQuote:
        base, quote = currency_pair(base, quote)
        if base == quote:
            return identity_quote(base, as_of, method)
        for rule in self._by_pair.get((base, quote), []):
            if rule.covers(as_of):
                return self._quote(rule, as_of, method)
        for rule in self._by_pair.get((quote, base), []):
            if rule.covers(as_of):
                return self._quote(rule, as_of, method).inverse()
        raise rate_not_found(base, quote, as_of, method, self._known(base, quote))

    @staticmethod
    def _quote(rule: UserRate, as_of: date, method: FxMethod) -> FxQuote:
        span = f"from {rule.valid_from}" + (f" to {rule.valid_to}" if rule.valid_to else "")
        note = f"{rule.source_label} (valid {span})"
        return FxQuote(
            rule.base, rule.quote, rule.rate, as_of, rule.source_id, rule.status, method, note
        )

    def _known(self, base: str, quote: str) -> str:
        rules = self._by_pair.get((base, quote), []) + self._by_pair.get((quote, base), [])
        if not rules:
            return f"{self.label}: none for this pair"
        spans = ", ".join(f"{r.valid_from} to {r.valid_to or 'open'}" for r in rules)
        return f"{self.label}: valid only {spans}"


@dataclass(frozen=True, slots=True)
class _Series:
    dates: list[date]
    values: list[Decimal]


@dataclass(frozen=True, slots=True)
class _Leg:
    value: Decimal
    day: date


class DailyRates:
    """Reference rates published on business days against one anchor currency (ECB: EUR).

    ``series`` maps each currency to ``(publication date, units per 1 anchor)`` pairs in date
    order. A lookup takes, for each currency, the latest publication on or before the date the
    method names; one older than ``max_staleness_days`` is refused.
    """

    def __init__(
        self,
        series: Mapping[str, Sequence[tuple[date, Decimal]]],
        *,
        source_id: str,
        label: str,
        anchor: str = "EUR",
        max_staleness_days: int = 7,
    ) -> None:
        self.source_id, self.label, self.anchor = source_id, label, anchor
        self.max_staleness_days = max_staleness_days
        self._series = {
            code: _Series([d for d, _ in rows], [v for _, v in rows])
            for code, rows in series.items()
        }
        for code, found in self._series.items():
            if found.dates != sorted(set(found.dates)) or not found.dates:
                raise PackError(f"{label} {code}: dates must be unique, ascending, non-empty")

    def get_rate(
        self, base: str, quote: str, *, as_of: date, method: FxMethod = FxMethod.DAILY
    ) -> FxQuote:
        base, quote = currency_pair(base, quote)
        if base == quote:
            return identity_quote(base, as_of, method)
        if method is FxMethod.ANNUAL:
            raise rate_not_found(
                base, quote, as_of, method, f"{self.label} publishes daily rates only"
            )
        target = as_of if method is FxMethod.DAILY else eu_customs_reference_date(as_of)
        try:
            legs = [self._leg(code, target) for code in (base, quote)]
        except LookupError as exc:
            raise rate_not_found(base, quote, as_of, method, str(exc)) from None
        rate = RATE_CONTEXT.divide(legs[1].value, legs[0].value)
        day = min(leg.day for leg in legs)
        age = (target - day).days
        status = "official" if age <= ESTIMATED_AFTER_DAYS else "estimated"
        note = self._note(base, quote, as_of, method, day, target)
        return FxQuote(base, quote, rate, day, self.source_id, status, method, note)

    def _leg(self, code: str, target: date) -> _Leg:
        if code == self.anchor:
            return _Leg(Decimal(1), target)
        found = self._series.get(code)
        if found is None:
            raise LookupError(f"{self.label} does not publish {code}")
        index = bisect.bisect_right(found.dates, target) - 1
        if index < 0:
            raise LookupError(
                f"{target} is before the first {self.label} rate for {code} ({found.dates[0]})"
            )
        day = found.dates[index]
        if (target - day).days > self.max_staleness_days:
            raise LookupError(
                f"latest {self.label} rate for {code} is of {day}, {(target - day).days} days "
                f"before {target} (allowed: {self.max_staleness_days})"
            )
        return _Leg(found.values[index], day)

    def _note(
        self, base: str, quote: str, as_of: date, method: FxMethod, day: date, target: date
    ) -> str:
        age = (target - day).days
        if method is FxMethod.MONTHLY_PENULTIMATE_WEDNESDAY:
            wednesday = f"the penultimate Wednesday of {target:%Y-%m}"
            when = wednesday if age == 0 else f"latest before {target}, {wednesday}"
            note = (
                f"EU customs rate for {as_of:%Y-%m}: {self.label} reference rate of {day}, {when}"
            )
        elif age == 0:
            note = f"{self.label} reference rate"
        elif age <= ESTIMATED_AFTER_DAYS:
            note = f"{self.label} reference rate of {day} (latest on or before {target})"
        else:
            note = f"latest {self.label} rate {day}, {age} days before {target}"
        if self.anchor not in (base, quote):
            note += f", cross via {self.anchor}"
        return note

    def coverage(self) -> dict[str, object]:
        """Currencies and the span of publication dates, for ``chuhai data coverage``."""
        return {
            "currencies": sorted(self._series),
            "first_date": min(s.dates[0] for s in self._series.values()),
            "last_date": max(s.dates[-1] for s in self._series.values()),
        }


class AnnualRates:
    """Annual average rates against one anchor currency (World Bank: local units per USD).

    The method ANNUAL uses the average of ``as_of``'s year (official), else the latest of the
    ``max_lookback_years`` before it (estimated). Any other method gets the same figure, marked
    estimated: an annual average stands in for a missing daily or monthly rate.

    >>> wb = AnnualRates({"VND": {2024: Decimal("24165.1")}}, source_id="wb", label="World Bank")
    >>> q = wb.get_rate("USD", "VND", as_of=date(2025, 3, 1), method=FxMethod.ANNUAL)
    >>> q.rate, q.status, q.note
    (Decimal('24165.1'), 'estimated', 'World Bank annual average 2024 (latest for 2025)')
    """

    def __init__(
        self,
        series: Mapping[str, Mapping[int, Decimal]],
        *,
        source_id: str,
        label: str,
        anchor: str = "USD",
        max_lookback_years: int = 2,
    ) -> None:
        self.source_id, self.label, self.anchor = source_id, label, anchor
        self.max_lookback_years = max_lookback_years
        self._series = {code: dict(years) for code, years in series.items() if years}

    def get_rate(
        self, base: str, quote: str, *, as_of: date, method: FxMethod = FxMethod.DAILY
    ) -> FxQuote:
        base, quote = currency_pair(base, quote)
        if base == quote:
            return identity_quote(base, as_of, method)
        try:
            years = [self._year(code, as_of.year) for code in (base, quote)]
        except LookupError as exc:
            raise rate_not_found(base, quote, as_of, method, str(exc)) from None
        values = [self._value(code, year) for code, year in zip((base, quote), years, strict=True)]
        rate = RATE_CONTEXT.divide(values[1], values[0])
        used = min(y for y in years if y is not None)  # base != quote: one leg is not the anchor
        exact = method is FxMethod.ANNUAL and used == as_of.year
        note = f"{self.label} annual average {used}"
        note += "" if used == as_of.year else f" (latest for {as_of.year})"
        if method is not FxMethod.ANNUAL:
            note = f"no {method} rate; {note}"
        if self.anchor not in (base, quote):
            note += f", cross via {self.anchor}"
        status = "official" if exact else "estimated"
        return FxQuote(
            base, quote, rate, date(used, 1, 1), self.source_id, status, FxMethod.ANNUAL, note
        )

    def _year(self, code: str, year: int) -> int | None:
        if code == self.anchor:
            return None
        years = self._series.get(code)
        if years is None:
            raise LookupError(f"{self.label} has no annual average for {code}")
        if year < min(years):
            raise LookupError(
                f"{year} is before the first {self.label} average for {code} ({min(years)})"
            )
        for candidate in range(year, year - self.max_lookback_years - 1, -1):
            if candidate in years:
                return candidate
        latest = max(y for y in years if y <= year)
        raise LookupError(
            f"latest {self.label} average for {code} is {latest}, "
            f"more than {self.max_lookback_years} years before {year}"
        )

    def _value(self, code: str, year: int | None) -> Decimal:
        return Decimal(1) if year is None else self._series[code][year]

    def coverage(self) -> dict[str, object]:
        """Currencies and the span of years, for ``chuhai data coverage``."""
        years = [y for s in self._series.values() for y in s]
        return {
            "currencies": sorted(self._series),
            "first_date": date(min(years), 1, 1) if years else None,
            "last_date": date(max(years), 12, 31) if years else None,
        }


@dataclass(frozen=True, slots=True)
class _Answer:
    quote: FxQuote
    rank: int


@dataclass(frozen=True)
class ChainedRates:
    """Ask providers in order (best first); the first that answers wins.

    A pair may also be crossed through a pivot currency (USD, then EUR), one quote per leg,
    when every leg comes from a better provider than the best direct answer, or when no
    provider answers directly. The combined quote carries the worse status of its legs and its
    note names each leg.

    >>> pegs = UserRates([UserRate("USD", "SAR", Decimal("3.75"), date(2015, 1, 1), None,
    ...                            "SAMA peg", status="official"),
    ...                   UserRate("USD", "AED", Decimal("3.6725"), date(2015, 1, 1), None,
    ...                            "CBUAE peg", status="official")])
    >>> q = ChainedRates([pegs]).get_rate("SAR", "AED", as_of=date(2026, 1, 5))
    >>> q.rate, q.status
    (Decimal('0.9793333333333333333333333333'), 'official')
    """

    providers: Sequence[FxRates]
    pivots: Sequence[str] = field(default=("USD", "EUR"))

    def get_rate(
        self, base: str, quote: str, *, as_of: date, method: FxMethod = FxMethod.DAILY
    ) -> FxQuote:
        base, quote = currency_pair(base, quote)
        if base == quote:
            return identity_quote(base, as_of, method)
        reasons: list[str] = []
        best = self._first(base, quote, as_of, method, len(self.providers), reasons)
        for pivot in self.pivots:
            limit = best.rank if best else len(self.providers)
            if pivot not in (base, quote) and limit > 0:
                best = self._cross(base, pivot, quote, as_of, method, limit) or best
        if best is None:
            raise rate_not_found(base, quote, as_of, method, "; ".join(reasons) or "no providers")
        return best.quote

    def _first(
        self,
        base: str,
        quote: str,
        as_of: date,
        method: FxMethod,
        limit: int,
        reasons: list[str] | None = None,
    ) -> _Answer | None:
        """The answer of the best provider among the first ``limit``."""
        for rank, provider in enumerate(self.providers[:limit]):
            try:
                return _Answer(provider.get_rate(base, quote, as_of=as_of, method=method), rank)
            except FXRateNotFoundError as exc:
                if reasons is not None:
                    reasons.append(exc.message.partition("): ")[2] or exc.message)
        return None

    def _cross(
        self, base: str, pivot: str, quote: str, as_of: date, method: FxMethod, limit: int
    ) -> _Answer | None:
        """(pivot->quote) / (pivot->base), both legs from the first ``limit`` providers."""
        first = self._first(pivot, base, as_of, method, limit)
        second = self._first(pivot, quote, as_of, method, limit) if first else None
        if first is None or second is None:
            return None
        return _Answer(_combine(first.quote, second.quote), max(first.rank, second.rank))


def _combine(to_base: FxQuote, to_quote: FxQuote) -> FxQuote:
    """1 base in quote = (pivot->quote) / (pivot->base): one division, like a pivot's own table."""
    pivot, base, quote = to_base.base, to_base.quote, to_quote.quote
    legs = (to_base, to_quote)
    sources = dict.fromkeys(q.source_id for q in legs)  # ordered, without repeats
    described = "; ".join(
        f"{q.base}->{q.quote} {q.source_id} {q.rate_date}: {q.note}" for q in legs
    )
    return FxQuote(
        base=base,
        quote=quote,
        rate=RATE_CONTEXT.divide(to_quote.rate, to_base.rate),
        rate_date=min(q.rate_date for q in legs),
        source_id="+".join(sources),
        status=worse_status(*(q.status for q in legs)),
        method=max((q.method for q in legs), key=METHOD_COARSENESS.__getitem__),
        note=f"cross via {pivot} [{described}]",
    )
