"""The livestream planner: sessions per brand and target market in the buyers' prime time,
shown in local and China time, the weekly hours against the ~40 h target, and the results
(viewers, orders, GMV) with their yield per hour.

A firm's own users and staff plan and record sessions; analysts see the weekly report only.
Weeks are given by their Monday; nothing reads the clock.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from chuhai.domain import livestream as plan
from chuhai.domain.livestream import SessionStatus
from chuhai.domain.money import Money, quantize
from chuhai.errors import InputError, NotFoundError
from chuhai.services import command_input as read
from chuhai.services.command_access import firm_scope, require_firm_rows
from chuhai.services.command_ports import CommandUnitOfWork
from chuhai.services.command_records import LivestreamSession, LivestreamSessionData
from chuhai.services.export_stats import pct
from chuhai.services.records import User

__all__ = [
    "create_session", "delete_session", "list_sessions", "plan_sessions", "session_dict",
    "update_session", "weekly_report",
]  # fmt: skip


def parse_start(values: Mapping[str, object], zone: str, market: str) -> datetime:
    """``starts_at``: an ISO time with an offset, or a local wall time in ``zone``."""
    text = read.text(values, "starts_at", 40, required=True)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InputError(f"not a time (YYYY-MM-DDTHH:MM): {text!r}", field="starts_at") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=plan.get_zone(market, zone))
    return moment.astimezone(UTC)


def parse_session(values: Mapping[str, object]) -> LivestreamSessionData:
    market = read.country(values, "market")
    zone = str(plan.get_zone(market, read.text(values, "time_zone", 64) or None).key)
    minutes = read.whole(values.get("minutes") or 0, field="minutes", minimum=15)
    status = str(values.get("status") or "planned")
    if status not in {s.value for s in SessionStatus}:
        raise InputError(f"unknown status {status!r}", field="status")
    firm = read.optional_whole(values, "firm_id", minimum=1)
    if firm is None:
        raise InputError("required", field="firm_id")
    return LivestreamSessionData(
        firm_id=firm, market=market, starts_at=parse_start(values, zone, market), minutes=minutes,
        time_zone=zone, platform=read.text(values, "platform", 100), status=SessionStatus(status),
        viewers=read.optional_whole(values, "viewers"), orders=read.optional_whole(values, "orders"),
        gmv=read.money(values, "gmv"), notes=read.text(values, "notes", 4000),
        synthetic=read.flag(values.get("synthetic")),
    )  # fmt: skip


def _money(value: Money | None) -> dict[str, str] | None:
    return None if value is None else {"amount": str(value.amount), "currency": value.currency}


def session_dict(session: LivestreamSession) -> dict[str, Any]:
    """A session with its local and China times, prime-time check and yield per hour."""
    local = session.starts_at.astimezone(plan.get_zone(session.market, session.time_zone))
    done = session.status is SessionStatus.DONE
    gmv_hour = quantize(session.gmv * 60 / session.minutes) if done and session.gmv else None
    return {
        "id": session.id, "firm_id": session.firm_id, "market": session.market,
        "platform": session.platform, "starts_at": session.starts_at.isoformat(),
        "local_start": local.isoformat(), "china_start": local.astimezone(plan.CHINA).isoformat(),
        "time_zone": session.time_zone, "minutes": session.minutes, "status": session.status.value,
        "in_prime_time": plan.in_prime_time(session.starts_at, session.minutes, session.market,
                                            zone=session.time_zone),
        "viewers": session.viewers, "orders": session.orders,
        "gmv": _money(session.gmv),
        "gmv_per_hour": _money(gmv_hour),
        "orders_per_hour": pct(plan.per_hour(session.orders or 0, session.minutes), 1) if done else None,
        "notes": session.notes, "synthetic": session.synthetic,
    }  # fmt: skip


def _may_write(actor: User | None, firm_id: int) -> None:
    if actor is not None:
        require_firm_rows(actor, firm_id)


def create_session(
    uow: CommandUnitOfWork, actor: User | None, values: Mapping[str, object]
) -> LivestreamSession:
    data = parse_session(values)
    _may_write(actor, data.firm_id)
    with uow:
        if uow.firms.get(data.firm_id) is None:
            raise NotFoundError(f"no firm {data.firm_id}", field="firm_id")
        created = uow.livestreams.add(data, actor=actor)
        uow.commit()
        return created


def plan_sessions(
    uow: CommandUnitOfWork, actor: User | None, *, firm_id: int, market: str, monday: date,
    hours: Decimal, session_minutes: int = 120, platform: str = "", synthetic: bool = False,
) -> list[LivestreamSession]:  # fmt: skip
    """Plan ``hours`` of sessions in ``market``'s prime time in the week from ``monday``."""
    _may_write(actor, firm_id)
    code = read.country({"market": market}, "market")
    slots = plan.plan_week(market=code, monday=monday, hours=hours, session_minutes=session_minutes)
    zone = str(plan.get_zone(code).key)
    with uow:
        if uow.firms.get(firm_id) is None:
            raise NotFoundError(f"no firm {firm_id}", field="firm_id")
        created = [
            uow.livestreams.add(
                LivestreamSessionData(
                    firm_id=firm_id,
                    market=code,
                    starts_at=slot.starts_at,
                    minutes=slot.minutes,
                    time_zone=zone,
                    platform=platform,
                    synthetic=synthetic,
                ),
                actor=actor,
            )
            for slot in slots
        ]
        uow.commit()
    return created


def _session(uow: CommandUnitOfWork, session_id: int) -> LivestreamSession:
    found = uow.livestreams.get(session_id)
    if found is None:
        raise NotFoundError(f"no livestream session {session_id}", field="session_id")
    return found


def update_session(
    uow: CommandUnitOfWork, actor: User, *, session_id: int, values: Mapping[str, object]
) -> LivestreamSession:
    """Change the given fields (record results: status ``done``, viewers, orders, gmv)."""
    with uow:
        current = _session(uow, session_id)
        require_firm_rows(actor, current.firm_id)
        now: dict[str, Any] = {
            f.name: getattr(current, f.name) for f in dataclasses.fields(LivestreamSessionData)
        }
        now.update(status=current.status.value, starts_at=current.starts_at.isoformat(),
                   gmv=None if current.gmv is None else str(current.gmv.amount),
                   currency=current.gmv.currency if current.gmv else "CNY")  # fmt: skip
        data = parse_session(read.merged(now, values))
        require_firm_rows(actor, data.firm_id)
        changed = uow.livestreams.update(session_id, data, actor=actor)
        uow.commit()
        return changed


def delete_session(uow: CommandUnitOfWork, actor: User, *, session_id: int) -> None:
    with uow:
        require_firm_rows(actor, _session(uow, session_id).firm_id)
        uow.livestreams.delete(session_id, actor=actor)
        uow.commit()


def _window(monday: date, weeks: int) -> tuple[datetime, datetime]:
    if monday.weekday() != 0:
        raise InputError(f"{monday} is not a Monday", field="week")
    if not 1 <= weeks <= 26:
        raise InputError("1 to 26 weeks", field="weeks")
    start = datetime.combine(monday, datetime.min.time(), tzinfo=plan.CHINA)
    return start.astimezone(UTC), (start + timedelta(weeks=weeks)).astimezone(UTC)


def list_sessions(
    uow: CommandUnitOfWork, actor: User, *, firm_id: int | None, monday: date, weeks: int = 1
) -> list[LivestreamSession]:
    """Sessions of a firm (or of all, for staff and admins) in the weeks from ``monday``."""
    if firm_id is None and firm_scope(actor) is not None:
        firm_id = actor.firm_id
    require_firm_rows(actor, firm_id)
    first, end = _window(monday, weeks)
    with uow:
        return uow.livestreams.list_sessions(firm_id=firm_id, starts_from=first, starts_before=end)


def _totals(sessions: Sequence[LivestreamSession]) -> dict[str, Any]:
    live = [s for s in sessions if s.status is not SessionStatus.CANCELLED]
    done = [s for s in live if s.status is SessionStatus.DONE]
    minutes = sum(s.minutes for s in done)
    gmv: dict[str, int] = defaultdict(int)
    for s in done:
        if s.gmv is not None:
            gmv[s.gmv.currency] += s.gmv.to_minor()
    return {
        "sessions": len(live), "hours": pct(Decimal(sum(s.minutes for s in live)) / 60, 1),
        "hours_done": pct(Decimal(minutes) / 60, 1),
        "viewers": sum(s.viewers or 0 for s in done), "orders": sum(s.orders or 0 for s in done),
        "gmv": [{"amount": str(Money.from_minor(v, c).amount), "currency": c} for c, v in sorted(gmv.items())],
        "gmv_per_hour": [{"amount": str(quantize(Money.from_minor(v, c) * 60 / minutes).amount), "currency": c}
                         for c, v in sorted(gmv.items())] if minutes else [],
        "orders_per_hour": pct(plan.per_hour(sum(s.orders or 0 for s in done), minutes), 1),
    }  # fmt: skip


def weekly_report(
    uow: CommandUnitOfWork, actor: User, *, monday: date, weeks: int = 4
) -> dict[str, Any]:
    """Hours, results and yield per week (China weeks, Monday first), by market and by brand."""
    scope = firm_scope(actor)
    first, end = _window(monday, weeks)
    with uow:
        sessions = uow.livestreams.list_sessions(
            firm_id=scope, starts_from=first, starts_before=end
        )
        names = {f.id: f.name for f in uow.firms.list_firms()}
    by_week: dict[date, list[LivestreamSession]] = defaultdict(list)
    for s in sessions:
        by_week[plan.week_start(s.starts_at.astimezone(plan.CHINA).date())].append(s)
    rows = []
    for index in range(weeks):
        week = monday + timedelta(weeks=index)
        found = by_week.get(week, [])
        markets: dict[str, list[LivestreamSession]] = defaultdict(list)
        brands: dict[int, list[LivestreamSession]] = defaultdict(list)
        for s in found:
            markets[s.market].append(s)
            brands[s.firm_id].append(s)
        rows.append({"week": week.isoformat(), **_totals(found),
                     "by_market": [{"market": m, **_totals(v)} for m, v in sorted(markets.items())],
                     "by_brand": [{"firm_id": f, "firm": names.get(f, str(f)), **_totals(v)}
                                  for f, v in sorted(brands.items())]})  # fmt: skip
    return {
        "scope": "city" if scope is None else "firm", "firm_id": scope,
        "target_hours_per_week": plan.WEEKLY_TARGET_HOURS, "weeks": rows,
        "synthetic": any(s.synthetic for s in sessions),
    }  # fmt: skip
