"""``/api/firms``: the firms a user may see; staff and admins create, an admin deletes."""

from __future__ import annotations

from fastapi import APIRouter, Response

from chuhai.api.deps import CSRFChecked, CurrentUser, Uow
from chuhai.api.schemas import FirmCreate, FirmPublic, FirmUpdate
from chuhai.services import firms

router = APIRouter(prefix="/api/firms", tags=["firms"])


@router.get("", response_model=list[FirmPublic])
def list_firms(uow: Uow, user: CurrentUser) -> list[FirmPublic]:
    """Every firm for staff, analysts and admins; an enterprise user's own firm."""
    return [FirmPublic.of(firm) for firm in firms.list_firms(uow, user)]


@router.post("", response_model=FirmPublic, status_code=201, dependencies=[CSRFChecked])
def create_firm(body: FirmCreate, uow: Uow, user: CurrentUser) -> FirmPublic:
    return FirmPublic.of(firms.create_firm(uow, user, values=body.model_dump()))


@router.get("/{firm_id}", response_model=FirmPublic)
def read_firm(firm_id: int, uow: Uow, user: CurrentUser) -> FirmPublic:
    return FirmPublic.of(firms.get_firm(uow, user, firm_id))


@router.put("/{firm_id}", response_model=FirmPublic, dependencies=[CSRFChecked])
def update_firm(firm_id: int, body: FirmUpdate, uow: Uow, user: CurrentUser) -> FirmPublic:
    """Change the fields given; fields left out keep their value."""
    values = body.model_dump(exclude_unset=True)
    return FirmPublic.of(firms.update_firm(uow, user, firm_id=firm_id, values=values))


@router.delete("/{firm_id}", status_code=204, dependencies=[CSRFChecked])
def delete_firm(firm_id: int, uow: Uow, user: CurrentUser) -> Response:
    """Delete a firm and its products (admins only)."""
    firms.delete_firm(uow, user, firm_id)
    return Response(status_code=204)
