"""``/api/firms/{id}/products/{pid}/markets`` and ``.../report``: a product's market x channel
matrix, one cell's waterfall and quote, and the market entry report (the pages' JSON twins).

Amounts are ``{"amount", "currency"}`` at the currency's minor unit; a market or channel that
cannot be priced carries ``error`` (``{"code", "message", "field"...}``) instead of figures.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from chuhai.api.deps import CurrentUser, Uow
from chuhai.api.matrix_params import Params, server_today
from chuhai.services.entry_report import build_entry_report
from chuhai.services.market_matrix import build_market_matrix, build_matrix_cell

router = APIRouter(prefix="/api/firms/{firm_id}/products/{product_id}", tags=["markets"])


@router.get("/markets")
def product_markets(
    firm_id: int, product_id: int, params: Params, uow: Uow, user: CurrentUser
) -> dict[str, Any]:
    """Landed cost, the price for the target margin and the margin per market and channel."""
    query = params.parse(today=server_today())
    matrix = build_market_matrix(uow, user, firm_id=firm_id, product_id=product_id, query=query)
    return matrix.to_dict()


@router.get("/markets/{market}/{channel}")
def product_market_channel(
    firm_id: int,
    product_id: int,
    market: str,
    channel: str,
    params: Params,
    uow: Uow,
    user: CurrentUser,
) -> dict[str, Any]:
    """One cell: its margin waterfall and the itemised quote at its price."""
    query = params.parse(today=server_today())
    detail = build_matrix_cell(uow, user, firm_id=firm_id, product_id=product_id, market=market,
                               channel_id=channel, query=query)  # fmt: skip
    return detail.to_dict()


@router.get("/report")
def product_report(
    firm_id: int, product_id: int, params: Params, uow: Uow, user: CurrentUser
) -> dict[str, Any]:
    """The market entry report: the matrix, compliance per market, sources and pack versions."""
    query = params.parse(today=server_today())
    report = build_entry_report(uow, user, firm_id=firm_id, product_id=product_id, query=query)
    return report.to_dict()
