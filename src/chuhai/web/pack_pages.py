"""The rule packs (``/packs``): every pack's coverage, and one pack's dated rules with status,
source and licence (``/packs/{code}``, optionally only the rules in force on a date).

The HTML twins of ``GET /api/packs`` and ``GET /api/packs/{code}``.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from chuhai.api.deps import CurrentUser
from chuhai.api.errors import status_for
from chuhai.errors import InputError
from chuhai.services.pack_browser import get_pack_detail, pack_overview
from chuhai.services.pricing_input import parse_date
from chuhai.web.rendering import render

router = APIRouter(include_in_schema=False)


@router.get("/packs")
def packs_page(request: Request, user: CurrentUser) -> Response:
    coverage = [c.to_dict() for c in pack_overview()]
    return render(request, "packs.html", {"packs": coverage}, user=user)


@router.get("/packs/{code}")
def pack_page(request: Request, code: str, user: CurrentUser, date: str = "") -> Response:
    """One pack; a bad date shows the form with the problem and every rule."""
    error = None
    try:
        as_of = parse_date(date) if date.strip() else None
    except InputError as problem:
        error, as_of = problem, None
    detail = get_pack_detail(code, as_of=as_of).to_dict()
    context = {"pack": detail, "form": {"date": date}, "error": error}
    status = status_for(error) if error else 200
    return render(request, "pack.html", context, user=user, status_code=status)
