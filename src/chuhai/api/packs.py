"""``/api/packs``: every rule pack's coverage; ``/api/packs/{code}``: one pack's dated rules,
statuses and sources with their licences (optionally only those in force on ``date``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from chuhai.api.deps import CurrentUser
from chuhai.services.pack_browser import get_pack_detail, pack_overview
from chuhai.services.pricing_input import parse_date

router = APIRouter(prefix="/api/packs", tags=["packs"])


@router.get("")
def list_packs(user: CurrentUser) -> list[dict[str, Any]]:
    """Per pack: version, dates covered, tariff lines, rules and lines by status, sources."""
    return [coverage.to_dict() for coverage in pack_overview()]


@router.get("/{code}")
def read_pack(code: str, user: CurrentUser, date: str | None = None) -> dict[str, Any]:
    """One pack (ISO alpha-2 or alpha-3, or EU) and its customs union's rules."""
    as_of = parse_date(date) if date else None
    return get_pack_detail(code, as_of=as_of).to_dict()
