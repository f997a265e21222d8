"""``/hs/suggest``: HS code suggestions for a product title, the HTML twin of
``GET /api/hs/suggest`` (with a market and date, the market's national lines under each
candidate), and the fragment the product form's button inserts under its HS field."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from chuhai.api.deps import CurrentUser
from chuhai.errors import ChuhaiError, InputError
from chuhai.rules.registry import available_packs
from chuhai.services.pricing_input import parse_date
from chuhai.web.rendering import render

router = APIRouter(include_in_schema=False)


def _suggestions(title: str) -> dict[str, Any]:
    from chuhai.hs_suggest.suggest import suggest_hs_codes  # loads the index on first use

    return {"title": title, "suggestion": suggest_hs_codes(title) if title.strip() else None}


def _national(context: dict[str, Any], market: str, on: str) -> dict[str, Any]:
    """The market's national lines under each candidate (empty when there is nothing to show),
    as the JSON twin gives them."""
    from chuhai.services.national_lines import with_national_lines

    suggestion = context["suggestion"]
    if not market or suggestion is None or suggestion.abstained:
        return {}
    found = with_national_lines(suggestion.to_dict(), market, as_of=parse_date(on))
    return {c["code"]: c["national_lines"] for c in found["candidates"]}


@router.get("/hs/suggest")
def hs_suggest_page(
    request: Request, user: CurrentUser, title: str = "", market: str = "", date: str = ""
) -> Response:
    """A title box (and optionally a market and date) and the suggestions for it."""
    context = {**_suggestions(title[:500]), "market": market, "date": date}
    context["markets"] = available_packs()
    try:
        context["national"] = _national(context, market, date)
    except ChuhaiError as error:
        context.update(national={}, problem=error)
    return render(request, "hs_suggest.html", context, user=user)


@router.get("/hs/suggest/fragment")
def hs_suggest_fragment(request: Request, user: CurrentUser, title: str = "") -> Response:
    """The suggestions alone, for the product form's button to insert under the HS field."""
    try:
        context = _suggestions(title[:500])
    except InputError as error:
        context = {"title": title, "suggestion": None, "error": error}
    context["pick"] = True
    return render(request, "_hs_suggestions.html", context, user=user)
