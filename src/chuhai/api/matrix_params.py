"""The query of a market matrix or report, as the API and the pages take it.

``markets`` (repeated or comma-separated ISO codes; default the twelve of
:data:`~chuhai.services.market_matrix.DEFAULT_MARKETS`), ``date`` (YYYY-MM-DD; default the
server's date, here at the edge only), ``target_margin_pct`` (default 20), ``freight`` (per
order, in the product's cost currency; default 0) and ``fee_ranges`` (``upper``: a fee
published only as a range counts at its upper bound; ``refuse``: such a channel says why).

>>> q = MatrixParams(markets=["ph, de"], target_margin_pct="25").parse(today=date(2026, 11, 29))
>>> q.markets, q.as_of, q.target_rate, q.range_upper
(('PH', 'DE'), datetime.date(2026, 11, 29), Decimal('0.25'), True)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Query

from chuhai.errors import InputError
from chuhai.services.market_matrix import DEFAULT_MARKETS, MatrixQuery
from chuhai.services.pricing_input import parse_date, parse_decimal

__all__ = ["FEE_RANGES", "MatrixParams", "Params", "matrix_params", "query_string", "server_today"]

FEE_RANGES = ("upper", "refuse")


def server_today() -> date:
    """The server's date (UTC): the default date of a page, never of a service."""
    return datetime.now(UTC).date()


@dataclass(frozen=True)
class MatrixParams:
    """The raw query values; :meth:`parse` checks them, naming the field of any problem."""

    markets: list[str] = field(default_factory=list)
    date_text: str = ""  # the ``date`` parameter
    target_margin_pct: str = ""
    freight: str = ""
    fee_ranges: str = ""

    def market_codes(self) -> tuple[str, ...]:
        codes = [code for text in self.markets for code in text.replace(",", " ").split()]
        return tuple(code.upper() for code in codes) or DEFAULT_MARKETS

    def parse(self, *, today: date) -> MatrixQuery:
        text = self.date_text.strip()
        as_of = parse_date(text, field="date") if text else today
        pct = parse_decimal(self.target_margin_pct or "20", field="target_margin_pct")
        freight = parse_decimal(self.freight or "0", field="freight")
        ranges = (self.fee_ranges or "upper").strip().lower()
        if ranges not in FEE_RANGES:
            raise InputError(f"one of {', '.join(FEE_RANGES)}", field="fee_ranges")
        try:
            return MatrixQuery(
                as_of=as_of,
                markets=self.market_codes(),
                target_rate=pct / 100,
                freight=freight,
                range_upper=ranges == "upper",
            )
        except InputError as error:
            name = error.field if error.field in ("markets", "freight") else "target_margin_pct"
            raise InputError(error.message, field=name) from None

    def form(self, *, today: date) -> dict[str, Any]:
        """The values to show in the page's form (defaults filled in)."""
        return {
            "markets": self.market_codes(),
            "date": self.date_text or today.isoformat(),
            "target_margin_pct": self.target_margin_pct or "20",
            "freight": self.freight or "0",
            "fee_ranges": self.fee_ranges or "upper",
        }


def matrix_params(
    markets: Annotated[list[str] | None, Query(description="ISO codes, repeated or comma-separated")] = None,
    date: Annotated[str | None, Query(description="date of sale, YYYY-MM-DD (default: today)")] = None,
    target_margin_pct: Annotated[str | None, Query(description="target contribution margin, % of revenue (default 20)")] = None,
    freight: Annotated[str | None, Query(description="freight per order in the product's cost currency (default 0)")] = None,
    fee_ranges: Annotated[str | None, Query(description="upper (default) or refuse")] = None,
) -> MatrixParams:  # fmt: skip
    return MatrixParams(markets or [], date or "", target_margin_pct or "", freight or "",
                        fee_ranges or "")  # fmt: skip


Params = Annotated[MatrixParams, Depends(matrix_params)]


def query_string(values: dict[str, Any]) -> str:
    """The query of a form's values, for links that keep the same question.

    >>> query_string({"markets": ("PH", "DE"), "date": "2026-11-29"})
    'markets=PH%2CDE&date=2026-11-29'
    """
    flat = {k: ",".join(v) if isinstance(v, list | tuple) else v for k, v in values.items()}
    return urlencode(flat)
