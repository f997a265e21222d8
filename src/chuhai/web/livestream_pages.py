"""The livestream planner page (``/command/livestreams``): the weekly hours against the
~40 h target, results and yield, the week's sessions in local and China time, a form to plan
a week in a market's prime time and one to record a session's results.

The HTML twin of ``GET /api/livestreams/report`` and ``GET /api/livestreams``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from chuhai.api.command_deps import CommandUow
from chuhai.api.deps import CSRFChecked, CurrentUser
from chuhai.api.errors import status_for
from chuhai.domain.livestream import MARKET_ZONES, week_start
from chuhai.domain.money import to_decimal
from chuhai.errors import Forbidden, InputError, NotFoundError
from chuhai.services import livestream
from chuhai.services.command_input import optional_whole
from chuhai.services.records import Role
from chuhai.web import command_labels as cl
from chuhai.web.command_pages import server_today
from chuhai.web.forms import PostedForm, text_fields
from chuhai.web.rendering import render

router = APIRouter(include_in_schema=False)
REPORT_WEEKS = 4


def _monday(text: str | None) -> date:
    if not text:
        return week_start(server_today())
    try:
        return week_start(date.fromisoformat(text))
    except ValueError:
        raise InputError(f"not a date (YYYY-MM-DD): {text!r}", field="week") from None


def _page(request: Request, uow: CommandUow, user: CurrentUser, monday: date, *,
          form: dict[str, Any] | None = None, error: Exception | None = None) -> Response:  # fmt: skip
    first = monday - timedelta(weeks=REPORT_WEEKS - 2)  # two weeks back, this week and the next
    report = livestream.weekly_report(uow, user, monday=first, weeks=REPORT_WEEKS)
    try:
        sessions = [
            livestream.session_dict(s)
            for s in livestream.list_sessions(uow, user, firm_id=None, monday=monday)
        ]
    except Forbidden:
        sessions = None  # analysts see the weekly report only
    with uow:
        firms = {f.id: f for f in uow.firms.list_firms()}
    context = {
        "report": report, "sessions": sessions, "firms": firms, "cl": cl, "monday": monday,
        "previous": monday - timedelta(weeks=1), "next": monday + timedelta(weeks=1),
        "markets": sorted(MARKET_ZONES), "form": form or {"week": monday.isoformat(), "hours": "6",
        "session_minutes": "120"}, "error": error, "can_plan": sessions is not None,
        "own_firm": user.firm_id if user.role is Role.ENTERPRISE else None,
    }  # fmt: skip
    status = status_for(error) if isinstance(error, InputError | NotFoundError) else 200
    return render(request, "command/livestreams.html", context, user=user, status_code=status)


@router.get("/command/livestreams")
def livestreams_page(
    request: Request, uow: CommandUow, user: CurrentUser, week: str = ""
) -> Response:
    return _page(request, uow, user, _monday(week))


@router.post("/command/livestreams/plan", dependencies=[CSRFChecked])
def plan(request: Request, form: PostedForm, uow: CommandUow, user: CurrentUser) -> Response:
    values = text_fields(
        form, ("firm_id", "market", "week", "hours", "session_minutes", "platform")
    )
    monday = _monday(str(values["week"]))
    firm_id = (
        user.firm_id
        if user.role is Role.ENTERPRISE
        else optional_whole(values, "firm_id", minimum=1)
    )
    try:
        if firm_id is None:
            raise InputError("choose a firm", field="firm_id")
        livestream.plan_sessions(
            uow, user, firm_id=firm_id, market=str(values["market"]), monday=date.fromisoformat(str(values["week"])),
            hours=to_decimal(str(values["hours"]) or "0", field="hours"),
            session_minutes=optional_whole(values, "session_minutes", minimum=15) or 120,
            platform=str(values["platform"]),
        )  # fmt: skip
    except (InputError, NotFoundError, ValueError) as error:
        found = (
            error
            if isinstance(error, InputError | NotFoundError)
            else InputError(str(error), field="week")
        )
        return _page(request, uow, user, monday, form=values, error=found)
    return RedirectResponse(f"/command/livestreams?week={monday.isoformat()}", status_code=303)


@router.post("/command/livestreams/{session_id}", dependencies=[CSRFChecked])
def record_results(
    session_id: int, form: PostedForm, uow: CommandUow, user: CurrentUser
) -> Response:
    values = text_fields(form, ("viewers", "orders", "gmv", "status", "week"))
    changes = {k: v for k, v in values.items() if k != "week" and v != ""}
    livestream.update_session(uow, user, session_id=session_id, values=changes)
    return RedirectResponse(f"/command/livestreams?week={values['week']}", status_code=303)
