"""``/api/buyers/{id}/suggestions`` and ``/api/matches``: buyer-to-firm suggestions, each
explained, the meetings and deals that follow, and the funnel."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from chuhai.api.command_deps import CommandUow
from chuhai.api.command_schemas import DealCreate, MeetingCreate, StageUpdate, SuggestionsCreate
from chuhai.api.deps import CSRFChecked, CurrentUser
from chuhai.errors import NotFoundError
from chuhai.services import matchmaking
from chuhai.services.command_access import require_firm_rows
from chuhai.services.command_input import day
from chuhai.services.command_views import record_dict

router = APIRouter(tags=["command centre: matchmaking"])


@router.get("/api/buyers/{buyer_id}/suggestions")
def suggestions(
    buyer_id: int, uow: CommandUow, user: CurrentUser, limit: int = 10
) -> list[dict[str, Any]]:
    """The firms to introduce to a buyer, best first, each explained (staff, admins)."""
    found = matchmaking.suggest_for_buyer(uow, user, buyer_id=buyer_id, limit=limit)
    return [s.to_dict() for s in found]


@router.post("/api/buyers/{buyer_id}/suggestions", status_code=201, dependencies=[CSRFChecked])
def save_suggestions(
    buyer_id: int, body: SuggestionsCreate, uow: CommandUow, user: CurrentUser
) -> list[dict[str, Any]]:
    """Record the best suggestions as matches (stage ``suggested``) on the day given."""
    created = matchmaking.save_suggestions(
        uow, user, buyer_id=buyer_id, on=day({"on": body.on}, "on"), limit=body.limit
    )
    return matchmaking.describe_matches(uow, created)


@router.get("/api/matches")
def list_matches(
    uow: CommandUow, user: CurrentUser, firm_id: int | None = None, buyer_id: int | None = None
) -> list[dict[str, Any]]:
    """Matches with their meetings and deals: every firm's for staff and admins, its own for
    an enterprise user; analysts see the funnel only."""
    found = matchmaking.list_matches(uow, user, firm_id=firm_id, buyer_id=buyer_id)
    return matchmaking.describe_matches(uow, found)


@router.get("/api/matches/funnel")
def funnel(uow: CommandUow, user: CurrentUser) -> dict[str, Any]:
    """Suggested -> contacted -> met -> deal, with conversion rates (the city, or own firm)."""
    return matchmaking.get_funnel(uow, user)


@router.get("/api/matches/{match_id}")
def read_match(match_id: int, uow: CommandUow, user: CurrentUser) -> dict[str, Any]:
    with uow:
        found = uow.matches.get(match_id)
    if found is None:
        raise NotFoundError(f"no match {match_id}", field="match_id")
    require_firm_rows(user, found.firm_id)
    return matchmaking.describe_matches(uow, [found])[0]


@router.post("/api/matches/{match_id}/stage", dependencies=[CSRFChecked])
def advance(match_id: int, body: StageUpdate, uow: CommandUow, user: CurrentUser) -> dict[str, Any]:
    """Move a match to ``contacted`` (or further) on the day given."""
    changed = matchmaking.advance(uow, user, match_id=match_id, stage=body.stage,
                                  on=day({"on": body.on}, "on"))  # fmt: skip
    return record_dict(changed)


@router.post("/api/matches/{match_id}/meetings", status_code=201, dependencies=[CSRFChecked])
def record_meeting(
    match_id: int, body: MeetingCreate, uow: CommandUow, user: CurrentUser
) -> dict[str, Any]:
    """A meeting of the pair; the match reaches ``met``."""
    values = body.model_dump(exclude_unset=True)
    return record_dict(matchmaking.record_meeting(uow, user, match_id=match_id, values=values))


@router.post("/api/matches/{match_id}/deals", status_code=201, dependencies=[CSRFChecked])
def record_deal(
    match_id: int, body: DealCreate, uow: CommandUow, user: CurrentUser
) -> dict[str, Any]:
    """A deal of the pair (value as a decimal string); the match reaches ``deal``."""
    values = body.model_dump(exclude_unset=True)
    return record_dict(matchmaking.record_deal(uow, user, match_id=match_id, values=values))


@router.post("/api/matches/{match_id}/close", dependencies=[CSRFChecked])
def close(match_id: int, uow: CommandUow, user: CurrentUser) -> dict[str, Any]:
    """Stop following a pair; it keeps the stage it reached."""
    return record_dict(matchmaking.close_match(uow, user, match_id=match_id))
