"""``/api/markets/rank``, ``/api/platforms[/match]``, ``/api/compliance`` and
``/api/scenarios/quote``: market ranking, the platform directory and matching, the compliance
checklist and what-if quotes (the JSON twins of ``/markets``, ``/platforms``, ``/compliance``
and ``/scenarios``).

The ``*_from`` helpers turn raw query values into the service call; the pages use them too,
so a page and its twin answer the same question the same way. A missing date is the
server's date (here, at the edge only).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool

from chuhai.api.deps import CurrentUser
from chuhai.api.matrix_params import server_today
from chuhai.api.quotes import parse_json_exactly
from chuhai.domain.currency import normalise_currency
from chuhai.domain.money import Money
from chuhai.errors import InputError
from chuhai.rules.scenario_loader import parse_scenario
from chuhai.services.compliance import compliance_checklist
from chuhai.services.demo import demo_consignment
from chuhai.services.markets import DEFAULT_MARKETS, rank_markets
from chuhai.services.platforms import match_product, platform_directory
from chuhai.services.pricing_input import parse_date, parse_decimal
from chuhai.services.quoting import quote

router = APIRouter(prefix="/api", tags=["explore"])

Text = Annotated[str | None, Query()]
TRUE = ("1", "true", "yes", "on")


def split_codes(values: list[str] | str | None) -> list[str]:
    """``["PH,US", "de"]`` -> ``["PH", "US", "DE"]``."""
    texts = [values] if isinstance(values, str) else values or []
    return [code.strip().upper() for text in texts for code in text.split(",") if code.strip()]


def _required(text: str | None, field: str) -> str:
    if not (text or "").strip():
        raise InputError(f"give the {field}", field=field)
    return (text or "").strip()


def _as_of(text: str | None) -> date:
    text = (text or "").strip()
    return parse_date(text, field="date") if text else server_today()


def ranking_from(values: dict[str, Any]) -> dict[str, Any]:
    """Rank markets for ``hs``, ``price`` (in ``currency``), ``date``, ``markets``, ``sale_model``."""
    hs = _required(values.get("hs"), "hs")
    amount = parse_decimal(_required(values.get("price"), "price"), field="price")
    if not amount > 0:
        raise InputError("the price must be above zero", field="price")
    currency = normalise_currency(values.get("currency") or "CNY", field="currency")
    ranking = rank_markets(
        hs_code=hs,
        price=Money(amount, currency),
        as_of=_as_of(values.get("date")),
        markets=split_codes(values.get("markets")) or DEFAULT_MARKETS,
        sale_model=(values.get("sale_model") or "b2c_direct").strip(),
    )
    return ranking.to_dict()


def directory_from(values: dict[str, Any]) -> list[dict[str, Any]]:
    """The platform directory filtered by ``market``, ``accepts_cn``, ``livestream``, ``search``."""
    entries = platform_directory(
        market=(values.get("market") or "").strip() or None,
        accepts_cn=(values.get("accepts_cn") or "").lower() in TRUE,
        livestream=(values.get("livestream") or "").lower() in TRUE,
        search=(values.get("search") or "").strip() or None,
    )
    return [entry.to_dict() for entry in entries]


def matching_from(values: dict[str, Any]) -> dict[str, Any]:
    """Platform sites for the product ``hs`` in ``markets``, each scored and explained."""
    hs = _required(values.get("hs"), "hs")
    return match_product(hs_code=hs, markets=split_codes(values.get("markets"))).to_dict()


def checklist_from(values: dict[str, Any]) -> dict[str, Any]:
    """The compliance checklist of ``hs`` in ``market`` on ``date``."""
    checklist = compliance_checklist(
        market=_required(values.get("market"), "market"),
        hs_code=_required(values.get("hs"), "hs"),
        as_of=_as_of(values.get("date")),
        sale_model=(values.get("sale_model") or "b2c_direct").strip(),
    )
    return checklist.to_dict()


def what_if(consignment: Any, scenario: Any) -> dict[str, Any]:
    """The consignment quoted as the packs stand and as ``scenario`` changes them."""
    if not isinstance(consignment, dict):
        raise InputError("a consignment is a JSON object", field="consignment")
    if not isinstance(scenario, dict):
        raise InputError("a scenario is an object (name, operations)", field="scenario")
    try:
        parsed = parse_scenario(scenario)
    except InputError as error:
        raise InputError(error.message, field=f"scenario.{error.field or ''}".rstrip(".")) from None
    return {
        "scenario": {"name": parsed.name, "description": parsed.description},
        "baseline": quote(consignment).to_dict(),
        "with_scenario": quote(consignment, scenario=parsed).to_dict(),
    }


@router.get("/markets/rank")
def markets_rank(
    user: CurrentUser,
    hs: Annotated[str | None, Query(description="HS code of the product")] = None,
    price: Annotated[str | None, Query(description="consumer price per unit")] = None,
    currency: Annotated[str | None, Query(description="currency of the price (default CNY)")] = None,
    date: Annotated[str | None, Query(description="YYYY-MM-DD (default: today)")] = None,
    markets: Annotated[list[str] | None, Query(description="ISO codes, comma-separated")] = None,
    sale_model: Annotated[str | None, Query(description="b2c_direct, b2b2c_warehouse or b2b")] = None,
) -> dict[str, Any]:  # fmt: skip
    """Markets ranked for one product: demand and economics layers, each score explained."""
    return ranking_from({"hs": hs, "price": price, "currency": currency, "date": date,
                         "markets": markets, "sale_model": sale_model})  # fmt: skip


@router.get("/platforms")
def platforms(
    user: CurrentUser, market: Text = None, accepts_cn: Text = None, livestream: Text = None,
    search: Text = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """The platform directory, filtered; each site's commissions per fee category."""
    return directory_from({"market": market, "accepts_cn": accepts_cn,
                           "livestream": livestream, "search": search})  # fmt: skip


@router.get("/platforms/match")
def platforms_match(
    user: CurrentUser,
    hs: Text = None,
    markets: Annotated[list[str] | None, Query(description="ISO codes, comma-separated")] = None,
) -> dict[str, Any]:
    """Platform sites for a product in each market, scored and explained, and those left out."""
    return matching_from({"hs": hs, "markets": markets})


@router.get("/compliance")
def compliance(
    user: CurrentUser, market: Text = None, hs: Text = None, date: Text = None,
    sale_model: Text = None,
) -> dict[str, Any]:  # fmt: skip
    """Registrations, thresholds, labelling, certification and restrictions, each sourced."""
    return checklist_from({"market": market, "hs": hs, "date": date, "sale_model": sale_model})


_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "description": "consignment (as POST /api/quote takes it) and scenario "
                "(name, description, operations: as a scenario YAML file, docs/cli.md).",
            },
            "example": {
                "consignment": demo_consignment("US"),
                "scenario": {"name": "us-cn-54", "operations": [{"op": "add", "pack": "US",
                    "from": "2026-12-01", "rule": {"id": "us_cn_extra_54", "kind": "measure",
                    "measure": "cn_extra", "group": "cn_extra", "expression": "54%",
                    "label": "Additional duty on CN origin (scenario)",
                    "when": {"origins": ["CN", "HK"]}}}]},
            },
        }
    },
}  # fmt: skip


@router.post("/scenarios/quote", openapi_extra={"requestBody": _BODY})
async def scenarios_quote(request: Request, user: CurrentUser) -> dict[str, Any]:
    """What-if: the baseline quote and the quote under the scenario (pack versions +name)."""
    document = parse_json_exactly(await request.body())
    if not isinstance(document, dict):
        raise InputError("a JSON object with consignment and scenario", field="body")
    consignment, scenario = document.get("consignment"), document.get("scenario")
    return await run_in_threadpool(what_if, consignment, scenario)
