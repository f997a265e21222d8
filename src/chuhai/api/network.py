"""``/api/associations``, ``/api/buyers``, ``/api/events`` (with registrations and attendance)
and ``/api/firms/{id}/capacities``: the overseas network. Staff and admins write; every
write is audited.

No ``from __future__ import annotations`` here: the routes of :func:`_crud` take their body
type from a local variable, which FastAPI must see as a class, not as a string.
"""

from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel

from chuhai.api.command_deps import CommandUow
from chuhai.api.command_schemas import (
    AssociationCreate,
    AssociationUpdate,
    AttendanceUpdate,
    BuyerCreate,
    BuyerUpdate,
    CapacitySet,
    EventCreate,
    EventUpdate,
    RegistrationCreate,
)
from chuhai.api.deps import CSRFChecked, CurrentUser
from chuhai.services import network
from chuhai.services.command_input import day
from chuhai.services.command_views import record_dict

router = APIRouter(tags=["command centre: network"])


def _crud(kind: str, path: str, create: type[BaseModel], update: type[BaseModel]) -> None:
    """List, create, read, update and delete routes of one kind of network record."""

    def list_all(uow: CommandUow, user: CurrentUser) -> list[dict[str, Any]]:
        return [record_dict(r) for r in network.list_records(uow, user, kind)]

    def create_one(body: create, uow: CommandUow, user: CurrentUser) -> dict[str, Any]:  # type: ignore[valid-type]
        values = body.model_dump(exclude_unset=True)  # type: ignore[attr-defined]
        return record_dict(network.create_record(uow, user, kind, values))

    def read_one(record_id: int, uow: CommandUow, user: CurrentUser) -> dict[str, Any]:
        return record_dict(network.get_record(uow, user, kind, record_id))

    def update_one(
        record_id: int,
        body: update,  # type: ignore[valid-type]
        uow: CommandUow,
        user: CurrentUser,
    ) -> dict[str, Any]:
        values = body.model_dump(exclude_unset=True)  # type: ignore[attr-defined]
        return record_dict(network.update_record(uow, user, kind, record_id, values))

    def delete_one(record_id: int, uow: CommandUow, user: CurrentUser) -> Response:
        network.delete_record(uow, user, kind, record_id)
        return Response(status_code=204)

    router.add_api_route(path, list_all, methods=["GET"], summary=f"List {kind} records")
    router.add_api_route(path, create_one, methods=["POST"], status_code=201,
                         dependencies=[CSRFChecked], summary=f"Create a {kind} (staff, admins)")  # fmt: skip
    item = path + "/{record_id}"
    router.add_api_route(item, read_one, methods=["GET"], summary=f"Read a {kind}")
    router.add_api_route(item, update_one, methods=["PUT"], dependencies=[CSRFChecked],
                         summary=f"Change a {kind}'s given fields (staff, admins)")  # fmt: skip
    router.add_api_route(item, delete_one, methods=["DELETE"], status_code=204,
                         dependencies=[CSRFChecked], summary=f"Delete a {kind} (staff, admins)")  # fmt: skip


_crud("association", "/api/associations", AssociationCreate, AssociationUpdate)
_crud("buyer", "/api/buyers", BuyerCreate, BuyerUpdate)
_crud("event", "/api/events", EventCreate, EventUpdate)


@router.get("/api/events/{event_id}/registrations")
def list_registrations(event_id: int, uow: CommandUow, user: CurrentUser) -> list[dict[str, Any]]:
    """An event's registrations (an enterprise user sees its own firm's)."""
    return [record_dict(r) for r in network.list_registrations(uow, user, event_id)]


@router.post("/api/events/{event_id}/registrations", status_code=201, dependencies=[CSRFChecked])
def register(
    event_id: int, body: RegistrationCreate, uow: CommandUow, user: CurrentUser
) -> dict[str, Any]:
    """Register a firm or a buyer; an enterprise user registers its own firm."""
    created = network.register(
        uow, user, event_id=event_id, registered_on=day({"registered_on": body.registered_on},
        "registered_on"), firm_id=body.firm_id, buyer_id=body.buyer_id, attended=body.attended,
    )  # fmt: skip
    return record_dict(created)


@router.put("/api/events/{event_id}/registrations/{registration_id}", dependencies=[CSRFChecked])
def set_attendance(
    event_id: int, registration_id: int, body: AttendanceUpdate, uow: CommandUow, user: CurrentUser
) -> dict[str, Any]:
    """Record whether a registered firm or buyer attended (staff, admins)."""
    changed = network.set_attendance(
        uow, user, event_id=event_id, registration_id=registration_id, attended=body.attended
    )
    return record_dict(changed)


@router.get("/api/firms/{firm_id}/capacities")
def list_capacities(firm_id: int, uow: CommandUow, user: CurrentUser) -> list[dict[str, Any]]:
    """A firm's yearly production capacity per HS category (for matchmaking)."""
    return [record_dict(c) for c in network.list_capacities(uow, user, firm_id)]


@router.put("/api/firms/{firm_id}/capacities", dependencies=[CSRFChecked])
def set_capacity(
    firm_id: int, body: CapacitySet, uow: CommandUow, user: CurrentUser
) -> dict[str, Any]:
    """Set a firm's yearly capacity for one HS category (its own users, staff, admins)."""
    return record_dict(network.set_capacity(uow, user, firm_id=firm_id, values=body.model_dump()))
