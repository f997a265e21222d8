"""``/api/quote``: the itemised landed cost of a consignment (as ``chuhai quote`` computes it)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from chuhai.api.deps import CurrentUser
from chuhai.errors import InputError
from chuhai.services.demo import demo_consignment
from chuhai.services.quoting import quote

router = APIRouter(prefix="/api", tags=["quotes"])

_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "description": "A consignment, as in docs/cli.md: destination, ship_from, date, "
                "currency, lines (hs_code, origin, quantity, unit_value, unit_weight_kg), "
                "mode, sale_model, incoterm, tax_collector, freight... Amounts as strings.",
            },
            "example": demo_consignment("PH"),
        }
    },
}


def parse_json_exactly(body: bytes) -> Any:
    """JSON with numbers read as Decimal, so ``68.1`` stays exactly 68.1.

    >>> parse_json_exactly(b'{"unit_value": 68.1}')
    {'unit_value': Decimal('68.1')}
    """
    try:
        return json.loads(body, parse_float=Decimal)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InputError(f"not valid JSON: {error}", field="body") from None


@router.post("/quote", openapi_extra={"requestBody": _BODY})
async def create_quote(request: Request, user: CurrentUser) -> dict[str, Any]:
    """Every duty, tax and fee with its base, rate, amount, rule id, status and source."""
    document = parse_json_exactly(await request.body())
    if not isinstance(document, dict):
        raise InputError("a consignment is a JSON object", field="body")
    result = await run_in_threadpool(quote, document)
    return result.to_dict()
