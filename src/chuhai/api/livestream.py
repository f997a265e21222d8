"""``/api/livestreams``: sessions in the buyers' prime time (local and China time), weekly
planning against the ~40 h target, results and yield per hour."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from chuhai.api.command import parse_day
from chuhai.api.command_deps import CommandUow
from chuhai.api.command_schemas import PlanCreate, SessionCreate, SessionUpdate
from chuhai.api.deps import CSRFChecked, CurrentUser
from chuhai.domain import livestream as plan
from chuhai.domain.money import to_decimal
from chuhai.services import livestream

router = APIRouter(prefix="/api/livestreams", tags=["command centre: livestreams"])


@router.get("")
def list_sessions(
    uow: CommandUow, user: CurrentUser, week: str, weeks: int = 1, firm_id: int | None = None
) -> list[dict[str, Any]]:
    """Sessions in the weeks from ``week`` (a Monday, China time): a firm's own for its
    users, every firm's for staff and admins."""
    found = livestream.list_sessions(
        uow, user, firm_id=firm_id, monday=parse_day(week, "week"), weeks=weeks
    )
    return [livestream.session_dict(s) for s in found]


@router.post("", status_code=201, dependencies=[CSRFChecked])
def create_session(body: SessionCreate, uow: CommandUow, user: CurrentUser) -> dict[str, Any]:
    """One session; ``starts_at`` in local time of the market (or ``time_zone``)."""
    return livestream.session_dict(
        livestream.create_session(uow, user, body.model_dump(exclude_unset=True))
    )


@router.post("/plan", status_code=201, dependencies=[CSRFChecked])
def plan_week(body: PlanCreate, uow: CommandUow, user: CurrentUser) -> list[dict[str, Any]]:
    """Plan ``hours`` of sessions in the market's prime time, Monday to Sunday."""
    created = livestream.plan_sessions(
        uow, user, firm_id=body.firm_id, market=body.market, monday=parse_day(body.week, "week"),
        hours=to_decimal(body.hours, field="hours"), session_minutes=body.session_minutes,
        platform=body.platform,
    )  # fmt: skip
    return [livestream.session_dict(s) for s in created]


@router.get("/report")
def weekly_report(uow: CommandUow, user: CurrentUser, week: str, weeks: int = 4) -> dict[str, Any]:
    """Hours per week against the target, by market and brand, with results and yield per hour."""
    return livestream.weekly_report(uow, user, monday=parse_day(week, "week"), weeks=weeks)


@router.get("/prime-time")
def prime_time(
    user: CurrentUser, market: str, date: str, time_zone: str | None = None
) -> dict[str, Any]:
    """A market's prime time on a local date, in local and China time."""
    window = plan.prime_time(market, parse_day(date, "date"), zone=time_zone)
    return {
        "market": window.market, "time_zone": window.zone, "start": window.start.isoformat(),
        "end": window.end.isoformat(), "china_start": window.start_china.isoformat(),
        "china_end": window.end_china.isoformat(),
    }  # fmt: skip


@router.put("/{session_id}", dependencies=[CSRFChecked])
def update_session(
    session_id: int, body: SessionUpdate, uow: CommandUow, user: CurrentUser
) -> dict[str, Any]:
    """Change the given fields; record results with status ``done``, viewers, orders, gmv."""
    values = body.model_dump(exclude_unset=True)
    return livestream.session_dict(
        livestream.update_session(uow, user, session_id=session_id, values=values)
    )


@router.delete("/{session_id}", status_code=204, dependencies=[CSRFChecked])
def delete_session(session_id: int, uow: CommandUow, user: CurrentUser) -> Response:
    livestream.delete_session(uow, user, session_id=session_id)
    return Response(status_code=204)
