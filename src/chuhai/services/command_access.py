"""Who may see and change what in the command centre (one place, used by every interface).

- analysts (command centre), staff (service centre) and admins see the city's aggregates:
  export dashboards, tariff exposure, the matchmaking funnel, livestream hours;
- record-level data of a firm (its customs lines, its matches, its livestream sessions) is
  seen by that firm's own users and by admins; staff also see matches and sessions, which
  they run with the firms; analysts see none of it, only the aggregates;
- an enterprise user's dashboards, exposure, funnel and livestream report cover its own firm;
- analysts and admins import export statistics; staff and admins manage the network
  (associations, buyers, events, registrations, matches, capacities);
- an enterprise user registers its own firm for events and plans its own livestreams.

>>> from datetime import UTC, datetime
>>> t = datetime(2026, 1, 1, tzinfo=UTC)
>>> analyst = User(id=1, email="a@x.cn", display_name="A", role=Role.ANALYST,
...                created_at=t, updated_at=t)
>>> can_view_city(analyst), can_view_firm_rows(analyst, 7), can_manage_network(analyst)
(True, False, False)
"""

from __future__ import annotations

from chuhai.errors import Forbidden
from chuhai.services.records import Role, User

__all__ = [
    "NO_FIRM",
    "can_import_exports",
    "can_manage_network",
    "can_view_buyers",
    "can_view_city",
    "can_view_firm_rows",
    "firm_scope",
    "require",
    "require_firm_rows",
]

NO_FIRM = -1  # the scope of an enterprise user without a firm: matches nothing

_CITY = (Role.ANALYST, Role.STAFF, Role.ADMIN)


def can_view_city(user: User) -> bool:
    return user.role in _CITY


def firm_scope(user: User) -> int | None:
    """``None`` (the whole city) for analysts, staff and admins; an enterprise user's firm."""
    if can_view_city(user):
        return None
    return user.firm_id if user.firm_id is not None else NO_FIRM


def can_import_exports(user: User) -> bool:
    return user.role in (Role.ANALYST, Role.ADMIN)


def can_manage_network(user: User) -> bool:
    return user.role in (Role.STAFF, Role.ADMIN)


def can_view_buyers(user: User) -> bool:
    return user.role in _CITY


def can_view_firm_rows(user: User, firm_id: int | None, *, staff: bool = True) -> bool:
    """Record-level rows of ``firm_id`` (``None``: every firm's): own firm, admins, and staff
    where ``staff`` (matches, sessions; not customs lines)."""
    if user.role is Role.ADMIN or (staff and user.role is Role.STAFF):
        return True
    return user.role is Role.ENTERPRISE and firm_id is not None and user.firm_id == firm_id


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise Forbidden(message)


def require_firm_rows(user: User, firm_id: int | None, *, staff: bool = True) -> None:
    require(
        can_view_firm_rows(user, firm_id, staff=staff),
        "record-level data is for the firm itself and admins; analysts see aggregates",
    )
