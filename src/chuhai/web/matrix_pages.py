"""A product's markets (``/firms/{id}/products/{pid}/markets``): the market x channel matrix with
its chart, and one cell's waterfall and quote.

The HTML twins of ``GET /api/firms/{id}/products/{pid}/markets[/{market}/{channel}]``: the same
service call and the same ``to_dict()``, formatted for the reader's locale.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from chuhai.api.deps import CurrentUser, Uow
from chuhai.api.errors import status_for
from chuhai.api.matrix_params import FEE_RANGES, MatrixParams, Params, query_string, server_today
from chuhai.errors import InputError
from chuhai.rules.registry import available_packs
from chuhai.services import products
from chuhai.services.market_matrix import (
    build_market_matrix,
    build_matrix_cell,
    product_dict,
)
from chuhai.web.charts import landed_vs_price_svg
from chuhai.web.i18n import N_, Formatter, get_translations
from chuhai.web.rendering import get_locale, render

router = APIRouter(include_in_schema=False)

NOT_MARKETS = ("CN", "EU")  # China is the origin; the EU pack is a union, its members are markets
FEE_RANGE_LABELS = {
    "upper": N_("count a fee published as a range at its upper bound"),
    "refuse": N_("leave channels whose fee is only a range unpriced"),
}
NOTES = (N_("no international freight entered: landed costs and prices exclude it"),)
"""Service notes the pages translate (templates pass each note through ``_``)."""
CHANNEL_KINDS = {"own_store": N_("Own store (DDP, courier)"), "marketplace": N_("Marketplace")}


def market_choices() -> list[str]:
    return [code for code in available_packs() if code not in NOT_MARKETS]


def matrix_chart(matrix: dict[str, Any], request: Request) -> str:
    """The landed cost vs price chart of a matrix (as ``to_dict()`` writes it), as SVG."""
    locale = get_locale(request)
    _ = get_translations(locale).gettext
    points = [row["chart"] for row in matrix["markets"] if row["chart"]]
    if not points:
        return ""
    currency = matrix["product"]["unit_cost"]["currency"]
    title = _("Landed cost and price per market, in %(currency)s") % {"currency": currency}
    return landed_vs_price_svg(
        points,
        currency=currency,
        locale=locale,
        title=title,
        series=(_("Landed cost"), _("Price")),
        label=Formatter(locale).country,
    )


def _form_context(params: MatrixParams) -> dict[str, Any]:
    form = params.form(today=server_today())
    return {
        "form": form,
        "query": query_string(form),
        "market_choices": market_choices(),
        "fee_ranges": [(key, FEE_RANGE_LABELS[key]) for key in FEE_RANGES],
        "channel_kinds": CHANNEL_KINDS,
    }


@router.get("/firms/{firm_id}/products/{product_id}/markets")
def matrix_page(
    request: Request, firm_id: int, product_id: int, params: Params, uow: Uow, user: CurrentUser
) -> Response:
    context = {"firm_id": firm_id, **_form_context(params)}
    try:
        query = params.parse(today=server_today())
    except InputError as error:
        record = products.get_product(uow, user, firm_id=firm_id, product_id=product_id)
        context.update(product=product_dict(record), matrix=None, error=error, chart="")
        return render(request, "market_matrix.html", context, user=user,
                      status_code=status_for(error))  # fmt: skip
    matrix = build_market_matrix(
        uow, user, firm_id=firm_id, product_id=product_id, query=query
    ).to_dict()
    context.update(product=matrix["product"], matrix=matrix, error=None,
                   chart=matrix_chart(matrix, request))  # fmt: skip
    return render(request, "market_matrix.html", context, user=user)


@router.get("/firms/{firm_id}/products/{product_id}/markets/{market}/{channel}")
def cell_page(
    request: Request,
    firm_id: int,
    product_id: int,
    market: str,
    channel: str,
    params: Params,
    uow: Uow,
    user: CurrentUser,
) -> Response:
    """One market and channel: the margin waterfall and the itemised quote at its price."""
    query = params.parse(today=server_today())
    detail = build_matrix_cell(uow, user, firm_id=firm_id, product_id=product_id, market=market,
                               channel_id=channel, query=query).to_dict()  # fmt: skip
    context = {"firm_id": firm_id, "product": detail["product"], "cell": detail,
               **_form_context(params)}  # fmt: skip
    return render(request, "market_cell.html", context, user=user)
