"""The landed-cost page (``/quote``): a one-line consignment form and its itemised quote.

The HTML twin of ``POST /api/quote``: the same ``quote(...).to_dict()``, every charge with
its rule, status and source link.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from babel import Locale
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from chuhai.api.deps import CSRFChecked, CurrentUser
from chuhai.api.errors import status_for
from chuhai.errors import ChuhaiError
from chuhai.rules.registry import available_packs
from chuhai.services.quoting import quote
from chuhai.web import labels
from chuhai.web.forms import PostedForm, text_fields
from chuhai.web.rendering import get_locale, render

router = APIRouter(include_in_schema=False)

FIELDS = (
    "destination", "ship_from", "origin", "hs_code", "description", "quantity", "unit_value",
    "currency", "unit_weight_kg", "freight", "mode", "sale_model", "incoterm", "tax_collector",
    "date",
)  # fmt: skip
DEFAULTS = {
    "destination": "US",
    "ship_from": "CN",
    "origin": "CN",
    "quantity": "1",
    "currency": "CNY",
    "unit_weight_kg": "0",
    "freight": "0",
    "mode": "courier",
    "sale_model": "b2c_direct",
    "incoterm": "DDP",
    "tax_collector": "border",
}


def consignment_from_form(values: dict[str, object]) -> dict[str, Any]:
    """The consignment document ``POST /api/quote`` takes, from the form's one line.

    >>> doc = consignment_from_form({**DEFAULTS, "hs_code": "6601.99", "unit_value": "68",
    ...                              "date": "2026-11-29"})
    >>> doc["destination"], doc["lines"][0]["hs_code"], doc["lines"][0]["unit_value"]
    ('US', '6601.99', '68')
    """
    get = {name: str(values.get(name) or DEFAULTS.get(name, "")).strip() for name in FIELDS}
    line_fields = ("hs_code", "origin", "quantity", "unit_value", "unit_weight_kg", "description")
    document: dict[str, Any] = {
        name: get[name] for name in FIELDS if name not in line_fields and get[name]
    }
    document["lines"] = [{name: get[name] for name in line_fields}]
    return document


def _destinations(locale: str) -> list[tuple[str, str]]:
    names = Locale.parse(locale).territories
    return [(code, names.get(code, code)) for code in available_packs()]


def _page(
    request: Request,
    user: CurrentUser,
    form: dict[str, object],
    *,
    result: dict[str, Any] | None = None,
    error: ChuhaiError | None = None,
) -> Response:
    context = {
        "form": form,
        "result": result,
        "error": error,
        "destinations": _destinations(get_locale(request)),
        "options": {
            "mode": labels.MODES,
            "sale_model": labels.SALE_MODELS,
            "incoterm": labels.INCOTERMS,
            "tax_collector": labels.TAX_COLLECTORS,
        },
    }
    status = status_for(error) if error is not None else 200
    return render(request, "quote.html", context, user=user, status_code=status)


@router.get("/quote")
def quote_form(request: Request, user: CurrentUser) -> Response:
    """The form, pre-filled from the query (a product's "quote" link) and today's date."""
    today = datetime.now(UTC).date().isoformat()
    given = {k: v for k, v in request.query_params.items() if k in FIELDS}
    return _page(request, user, {**DEFAULTS, "date": today, **given})


@router.post("/quote", dependencies=[CSRFChecked])
async def quote_submit(request: Request, form: PostedForm, user: CurrentUser) -> Response:
    values = text_fields(form, FIELDS)
    try:
        result = await run_in_threadpool(quote, consignment_from_form(values))
    except ChuhaiError as error:
        return _page(request, user, values, error=error)
    return _page(request, user, values, result=result.to_dict())
