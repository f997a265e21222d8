"""A quote's currency converter: one rate per pair and date, every rate it used recorded."""

from __future__ import annotations

from datetime import date

from chuhai.domain.fx import FxMethod, FxQuote, FxRates
from chuhai.domain.money import Money
from chuhai.domain.quote import FxUse


class Converter:
    """Converts money at the rates of one date, remembering each rate for the quote."""

    def __init__(self, rates: FxRates, *, as_of: date, method: FxMethod) -> None:
        self._rates = rates
        self._as_of = as_of
        self._method = method
        self._used: dict[tuple[str, str], FxQuote] = {}

    def rate(self, base: str, quote: str) -> FxQuote:
        key = (base, quote)
        if key not in self._used:
            self._used[key] = self._rates.get_rate(
                base, quote, as_of=self._as_of, method=self._method
            )
        return self._used[key]

    def __call__(self, money: Money, to: str) -> Money:
        """``money`` in currency ``to``, unrounded."""
        if money.currency == to:
            return money
        return self.rate(money.currency, to).convert(money)

    def uses(self) -> list[FxUse]:
        return [
            FxUse(
                base=q.base,
                quote=q.quote,
                rate=q.rate,
                rate_date=q.rate_date,
                source_id=q.source_id,
                status=q.status,
                note=q.note,
            )
            for q in self._used.values()
        ]
