"""``/markets``, ``/platforms``, ``/platforms/match``, ``/compliance`` and ``/scenarios``: market
ranking, the platform directory and matching, the compliance checklist and what-if quotes.

The HTML twins of :mod:`chuhai.api.explore`: the same helpers and the same ``to_dict()``,
formatted for the reader's locale. A problem with the question is shown beside the form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from chuhai.api.deps import CSRFChecked, CurrentUser
from chuhai.api.errors import status_for
from chuhai.api.explore import (
    checklist_from,
    directory_from,
    matching_from,
    ranking_from,
    split_codes,
    what_if,
)
from chuhai.api.matrix_params import server_today
from chuhai.errors import ChuhaiError, InputError
from chuhai.services.markets import DEFAULT_MARKETS
from chuhai.web.explore_charts import ranking_svg, what_if_svg
from chuhai.web.forms import PostedForm, text_fields
from chuhai.web.i18n import N_, Formatter, get_translations
from chuhai.web.rendering import get_locale, render

router = APIRouter(include_in_schema=False)

SALE_MODELS = {
    "b2c_direct": N_("B2C direct (parcel to the consumer)"),
    "b2b2c_warehouse": N_("B2B2C (bonded or overseas warehouse)"),
    "b2b": N_("B2B (general trade)"),
}
KINDS = {
    "registration": N_("Registrations"),
    "threshold": N_("Thresholds"),
    "labelling": N_("Labelling"),
    "certification": N_("Certification"),
    "restriction": N_("Restrictions"),
}
EXAMPLE_SCENARIO = """\
# The command centre's question: a 54% US additional duty on Chinese goods.
name: us-cn-54
description: US additional duty on CN origin 54% from 2026-12-01
operations:
  - op: add
    pack: US
    from: 2026-12-01
    rule:
      id: us_cn_extra_54
      kind: measure
      measure: cn_extra
      group: cn_extra
      label: "Additional duty on CN origin (scenario)"
      expression: "54%"
      when: {origins: [CN, HK]}
"""
"""The example of tests/fixtures/batch/scenario_us_cn_54.yaml, prefilled in the what-if form."""
SCENARIO_FIELDS = ("hs_code", "origin", "unit_value", "currency", "quantity", "destination",
                   "date", "scenario")  # fmt: skip


def _question(request: Request, names: tuple[str, ...]) -> dict[str, Any]:
    query = request.query_params
    return {name: ",".join(query.getlist(name)) if name == "markets" else query.get(name, "")
            for name in names}  # fmt: skip


def _answer(
    request: Request, user: CurrentUser, template: str, form: dict[str, Any],
    compute: Callable[[dict[str, Any]], Any], *, ready: bool, **extra: Any,
) -> Response:  # fmt: skip
    """Render ``template`` with ``compute(form)`` as ``result`` (or the error naming the field)."""
    context: dict[str, Any] = {"form": form, "result": None, "error": None,
                               "sale_models": SALE_MODELS, **extra}  # fmt: skip
    status = 200
    if ready:
        try:
            context["result"] = compute(form)
        except ChuhaiError as error:
            context["error"], status = error, status_for(error)
    return render(request, template, context, user=user, status_code=status)


def _translate(request: Request) -> tuple[str, Callable[[str], str]]:
    locale = get_locale(request)
    return locale, get_translations(locale).gettext


@router.get("/markets")
def markets_page(request: Request, user: CurrentUser) -> Response:
    """Rank markets for a product; the table, each market's sentence and the score chart."""
    form = _question(request, ("hs", "price", "currency", "date", "markets", "sale_model"))
    form["date"] = form["date"] or server_today().isoformat()
    form["currency"] = form["currency"] or "CNY"
    form["markets"] = ",".join(split_codes(form["markets"]) or DEFAULT_MARKETS)
    return _answer(request, user, "explore/markets.html", form, ranking_from,
                   ready=bool(form["hs"] or form["price"]), chart_of=_ranking_chart(request))  # fmt: skip


def _ranking_chart(request: Request) -> Callable[[dict[str, Any]], str]:
    locale, _ = _translate(request)

    def chart(result: dict[str, Any]) -> str:
        if not result["ranking"]:
            return ""
        return ranking_svg(result["ranking"], title=_("Market scores (0-100)"),
                           series=(_("Demand"), _("Economics"), _("Score")),
                           label=Formatter(locale).country)  # fmt: skip

    return chart


@router.get("/platforms")
def platforms_page(request: Request, user: CurrentUser) -> Response:
    """The platform directory with its filters."""
    form = _question(request, ("market", "accepts_cn", "livestream", "search"))
    return _answer(request, user, "explore/platforms.html", form, directory_from, ready=True)


@router.get("/platforms/match")
def platform_match_page(request: Request, user: CurrentUser) -> Response:
    """Platform sites for a product (HS code) in the chosen markets, scored and explained."""
    form = _question(request, ("hs", "markets"))
    return _answer(request, user, "explore/platform_match.html", form, matching_from,
                   ready=bool(form["hs"]))  # fmt: skip


@router.get("/compliance")
def compliance_page(request: Request, user: CurrentUser) -> Response:
    """The compliance checklist of a product in a market, grouped by kind."""
    form = _question(request, ("market", "hs", "date", "sale_model"))
    form["date"] = form["date"] or server_today().isoformat()
    return _answer(request, user, "explore/compliance.html", form, checklist_from,
                   ready=bool(form["market"] or form["hs"]), kinds=KINDS)  # fmt: skip


def _scenario_defaults() -> dict[str, Any]:
    start = yaml.safe_load(EXAMPLE_SCENARIO)["operations"][0]["from"]
    return {"hs_code": "6601.99", "origin": "CN", "unit_value": "68", "currency": "CNY",
            "quantity": "1", "destination": "US", "scenario": EXAMPLE_SCENARIO,
            "date": max(server_today(), start).isoformat()}  # fmt: skip


def scenario_from_form(form: dict[str, Any]) -> dict[str, Any]:
    """The what-if of the form: its one-line consignment and its YAML scenario."""
    try:
        scenario = yaml.safe_load(str(form.get("scenario") or ""))
    except yaml.YAMLError as error:
        raise InputError(f"not valid YAML: {error}", field="scenario") from None
    line = {"hs_code": form["hs_code"], "origin": form["origin"], "quantity": form["quantity"],
            "unit_value": form["unit_value"], "unit_weight_kg": "0"}  # fmt: skip
    consignment = {"destination": form["destination"], "ship_from": "CN", "date": form["date"],
                   "currency": form["currency"], "lines": [line]}  # fmt: skip
    return what_if(consignment, scenario)


@router.get("/scenarios")
def scenarios_page(request: Request, user: CurrentUser) -> Response:
    """The what-if form, prefilled with the example scenario."""
    return _answer(request, user, "explore/scenarios.html", _scenario_defaults(),
                   scenario_from_form, ready=False)  # fmt: skip


@router.post("/scenarios", dependencies=[CSRFChecked])
async def scenarios_submit(request: Request, form: PostedForm, user: CurrentUser) -> Response:
    """The baseline quote and the scenario quote side by side, with the before/after chart."""
    values: dict[str, Any] = text_fields(form, SCENARIO_FIELDS)
    locale, _ = _translate(request)
    context: dict[str, Any] = {"form": values, "result": None, "error": None, "chart": ""}
    try:
        result = await run_in_threadpool(scenario_from_form, values)
    except ChuhaiError as error:
        context["error"] = error
        return render(request, "explore/scenarios.html", context, user=user,
                      status_code=status_for(error))  # fmt: skip
    context["result"] = result
    context["chart"] = what_if_svg(
        result["baseline"], result["with_scenario"],
        title=_("Before and after, in %(currency)s") % {"currency": result["baseline"]["currency"]},
        labels=(_("Duties"), _("Taxes"), _("Fees"), _("Landed total")),
        series=(_("Baseline"), result["scenario"]["name"]), locale=locale,
    )  # fmt: skip
    return render(request, "explore/scenarios.html", context, user=user)
