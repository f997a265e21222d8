"""Matchmaking pages: the funnel and the matches (``/command/matches``), with the steps that
move a match on (contacted, a meeting, a deal). The HTML twin of ``GET /api/matches`` and
``GET /api/matches/funnel``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from chuhai.api.command_deps import CommandUow
from chuhai.api.deps import CSRFChecked, CurrentUser
from chuhai.errors import Forbidden
from chuhai.services import matchmaking
from chuhai.services.command_access import can_manage_network
from chuhai.services.command_input import day
from chuhai.web import command_labels as cl
from chuhai.web.command_pages import server_today
from chuhai.web.forms import PostedForm, text_fields
from chuhai.web.i18n import Formatter, get_translations
from chuhai.web.rendering import get_locale, render

router = APIRouter(include_in_schema=False)


def event_titles(uow: CommandUow, locale: str) -> dict[str, str]:
    """English event titles to the reader's (Chinese titles where given)."""
    with uow:
        events = uow.events.list_all()
    return {e.title: (e.title_zh if locale == "zh_CN" and e.title_zh else e.title) for e in events}


@router.get("/command/matches")
def matches_page(request: Request, uow: CommandUow, user: CurrentUser) -> Response:
    locale = get_locale(request)
    gettext, country = get_translations(locale).gettext, Formatter(locale).country
    context: dict[str, Any] = {"funnel": matchmaking.get_funnel(uow, user), "cl": cl, "matches": None,
                               "can_manage": can_manage_network(user), "today": server_today().isoformat()}  # fmt: skip
    try:
        found = matchmaking.describe_matches(uow, matchmaking.list_matches(uow, user))
    except Forbidden:
        found = None  # analysts see the funnel only
    if found is not None:
        context["matches"] = [
            {**m, "text": cl.explain(m["reasons"], gettext, country)} for m in found
        ]
    return render(request, "command/matches.html", context, user=user)


@router.post("/command/matches/{match_id}/{step}", dependencies=[CSRFChecked])
def match_step(
    match_id: int, step: str, form: PostedForm, uow: CommandUow, user: CurrentUser
) -> Response:
    """contacted, meeting, deal or close: the twins of ``POST /api/matches/{id}/...``."""
    values = text_fields(form, ("on", "value", "volume_units", "outcome", "notes"))
    if step == "contacted":
        matchmaking.advance(uow, user, match_id=match_id, stage="contacted", on=day(values, "on"))
    elif step == "meeting":
        matchmaking.record_meeting(
            uow, user, match_id=match_id, values={**values, "held_on": values["on"]}
        )
    elif step == "deal":
        matchmaking.record_deal(
            uow, user, match_id=match_id, values={**values, "signed_on": values["on"]}
        )
    elif step == "close":
        matchmaking.close_match(uow, user, match_id=match_id)
    return RedirectResponse(f"/command/matches#match-{match_id}", status_code=303)
