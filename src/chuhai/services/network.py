"""The overseas network: business associations, international buyers, events with their
registrations and attendance, and firms' production capacities.

Staff and admins manage it (every write audited); analysts and staff read it; an enterprise
user reads associations and events and registers its own firm. See
:mod:`chuhai.services.command_access`.

>>> parse_buyer({"organisation": "Regen GmbH (demo)", "country": "DEU",
...              "categories": "6601", "annual_volume_units": "20000"}).country
'DE'
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from datetime import date
from typing import Any

from chuhai.domain.money import Money
from chuhai.errors import InputError, NotFoundError
from chuhai.services import command_input as read
from chuhai.services.command_access import (
    can_manage_network,
    can_view_buyers,
    can_view_city,
    require,
)
from chuhai.services.command_ports import CommandUnitOfWork
from chuhai.services.command_records import (
    AssociationData,
    BuyerData,
    EventData,
    EventKind,
    FirmCapacity,
    FirmCapacityData,
    Registration,
    RegistrationData,
)
from chuhai.services.records import Role, User

__all__ = [
    "create_record", "delete_record", "get_record", "list_capacities", "list_records",
    "list_registrations", "parse_association", "parse_buyer", "parse_event", "register",
    "set_attendance", "set_capacity", "update_record",
]  # fmt: skip

MANAGE = "service-centre staff and admins manage the network"


def parse_association(values: Mapping[str, object]) -> AssociationData:
    given = values.get("member_firm_ids") or ()
    firms: list[object] = (
        [part for part in given.replace(";", ",").split(",") if part.strip()]
        if isinstance(given, str)
        else list(given)  # type: ignore[call-overload]
    )
    return AssociationData(
        name=read.text(values, "name", 200, required=True),
        name_zh=read.text(values, "name_zh", 200),
        country=read.country(values),
        city=read.text(values, "city", 100),
        contact_name=read.text(values, "contact_name", 100),
        contact_email=read.email(values, "contact_email"),
        contact_phone=read.text(values, "contact_phone", 50),
        activities=read.text(values, "activities", 4000),
        member_firm_ids=tuple(read.whole(f, field="member_firm_ids", minimum=1) for f in firms),
        synthetic=read.flag(values.get("synthetic")),
    )


def parse_buyer(values: Mapping[str, object]) -> BuyerData:
    return BuyerData(
        organisation=read.text(values, "organisation", 200, required=True),
        country=read.country(values),
        city=read.text(values, "city", 100),
        contact_name=read.text(values, "contact_name", 100),
        contact_email=read.email(values, "contact_email"),
        categories=read.categories(values.get("categories"), field="categories"),
        annual_volume_units=read.optional_whole(values, "annual_volume_units"),
        annual_value=read.money(values, "annual_value"),
        association_id=read.optional_whole(values, "association_id", minimum=1),
        notes=read.text(values, "notes", 4000),
        synthetic=read.flag(values.get("synthetic")),
    )


def parse_event(values: Mapping[str, object]) -> EventData:
    kind = str(values.get("kind") or "").strip()
    if kind not in {k.value for k in EventKind}:
        choices = ", ".join(k.value for k in EventKind)
        raise InputError(f"unknown kind {kind!r}; one of {choices}", field="kind")
    starts = read.day(values, "starts_on")
    ends = read.optional_day(values, "ends_on") or starts
    if ends < starts:
        raise InputError("an event ends on or after its first day", field="ends_on")
    return EventData(
        kind=EventKind(kind),
        title=read.text(values, "title", 200, required=True),
        title_zh=read.text(values, "title_zh", 200),
        starts_on=starts,
        ends_on=ends,
        country=read.country({"country": values.get("country") or "CN"}),
        city=read.text(values, "city", 100),
        capacity=read.optional_whole(values, "capacity", minimum=1),
        description=read.text(values, "description", 4000),
        synthetic=read.flag(values.get("synthetic")),
    )


KINDS: dict[str, tuple[Any, str]] = {
    "association": (parse_association, "associations"),
    "buyer": (parse_buyer, "buyers"),
    "event": (parse_event, "events"),
}


def _repo(uow: CommandUnitOfWork, kind: str) -> Any:
    return getattr(uow, KINDS[kind][1])


def _may_read(actor: User, kind: str) -> bool:
    if kind == "buyer":
        return can_view_buyers(actor)
    return can_view_city(actor) or actor.role is Role.ENTERPRISE


def list_records(uow: CommandUnitOfWork, actor: User, kind: str) -> list[Any]:
    """Every association, buyer or event (``kind``) the actor may read."""
    require(_may_read(actor, kind), f"{kind} records are for the command and service centres")
    with uow:
        return list(_repo(uow, kind).list_all())


def get_record(uow: CommandUnitOfWork, actor: User, kind: str, record_id: int) -> Any:
    require(_may_read(actor, kind), f"{kind} records are for the command and service centres")
    with uow:
        found = _repo(uow, kind).get(record_id)
    if found is None:
        raise NotFoundError(f"no {kind} {record_id}", field=f"{kind}_id")
    return found


def _check_links(uow: CommandUnitOfWork, data: Any) -> None:
    for firm_id in getattr(data, "member_firm_ids", ()):
        if uow.firms.get(firm_id) is None:
            raise NotFoundError(f"no firm {firm_id}", field="member_firm_ids")
    association = getattr(data, "association_id", None)
    if association is not None and uow.associations.get(association) is None:
        raise NotFoundError(f"no association {association}", field="association_id")


def create_record(
    uow: CommandUnitOfWork, actor: User | None, kind: str, values: Mapping[str, object]
) -> Any:
    if actor is not None:
        require(can_manage_network(actor), MANAGE)
    data = KINDS[kind][0](values)
    with uow:
        _check_links(uow, data)
        created = _repo(uow, kind).add(data, actor=actor)
        uow.commit()
        return created


def update_record(
    uow: CommandUnitOfWork, actor: User, kind: str, record_id: int, values: Mapping[str, object]
) -> Any:
    """Change the given fields; fields left out (or None) keep their value."""
    require(can_manage_network(actor), MANAGE)
    with uow:
        current = _repo(uow, kind).get(record_id)
        if current is None:
            raise NotFoundError(f"no {kind} {record_id}", field=f"{kind}_id")
        data = KINDS[kind][0](read.merged(_values(current), values))
        _check_links(uow, data)
        changed = _repo(uow, kind).update(record_id, data, actor=actor)
        uow.commit()
        return changed


def _values(record: Any) -> dict[str, Any]:
    """A record's fields as the values its parser reads (money as amount and currency)."""
    values: dict[str, Any] = {}
    for name in (f.name for f in dataclasses.fields(record)):
        value = getattr(record, name)
        if isinstance(value, Money):
            values.update({name: str(value.amount), "currency": value.currency})
        elif isinstance(value, enum.Enum):
            values[name] = value.value
        else:
            values[name] = value
    return values


def delete_record(uow: CommandUnitOfWork, actor: User, kind: str, record_id: int) -> None:
    require(can_manage_network(actor), MANAGE)
    with uow:
        _repo(uow, kind).delete(record_id, actor=actor)
        uow.commit()


def list_registrations(uow: CommandUnitOfWork, actor: User, event_id: int) -> list[Registration]:
    """An event's registrations: all for the centres, its own firm's for an enterprise user."""
    get_record(uow, actor, "event", event_id)
    with uow:
        found = uow.registrations.list_for_event(event_id)
    if can_view_city(actor):
        return found
    return [r for r in found if r.firm_id is not None and r.firm_id == actor.firm_id]


def register(
    uow: CommandUnitOfWork, actor: User | None, *, event_id: int, registered_on: date,
    firm_id: int | None = None, buyer_id: int | None = None, attended: bool | None = None,
) -> Registration:  # fmt: skip
    """Register a firm or a buyer; an enterprise user registers only its own firm."""
    if (firm_id is None) == (buyer_id is None):
        raise InputError("register either a firm or a buyer", field="firm_id")
    if actor is not None and not can_manage_network(actor):
        require(actor.role is Role.ENTERPRISE and firm_id is not None and firm_id == actor.firm_id,
                "you may register only your own firm")  # fmt: skip
        attended = None
    data = RegistrationData(event_id=event_id, registered_on=registered_on, firm_id=firm_id,
                            buyer_id=buyer_id, attended=attended)  # fmt: skip
    with uow:
        if uow.events.get(event_id) is None:
            raise NotFoundError(f"no event {event_id}", field="event_id")
        if firm_id is not None and uow.firms.get(firm_id) is None:
            raise NotFoundError(f"no firm {firm_id}", field="firm_id")
        if buyer_id is not None and uow.buyers.get(buyer_id) is None:
            raise NotFoundError(f"no buyer {buyer_id}", field="buyer_id")
        created = uow.registrations.add(data, actor=actor)
        uow.commit()
        return created


def set_attendance(
    uow: CommandUnitOfWork, actor: User, *, event_id: int, registration_id: int, attended: bool
) -> Registration:
    require(can_manage_network(actor), MANAGE)
    with uow:
        found = uow.registrations.get(registration_id)
        if found is None or found.event_id != event_id:
            raise NotFoundError(f"no registration {registration_id} for event {event_id}",
                                field="registration_id")  # fmt: skip
        data = RegistrationData(
            **{f.name: getattr(found, f.name) for f in dataclasses.fields(RegistrationData)}
        )
        changed = uow.registrations.update(
            registration_id, dataclasses.replace(data, attended=attended), actor=actor
        )
        uow.commit()
        return changed


def list_capacities(uow: CommandUnitOfWork, actor: User, firm_id: int) -> list[FirmCapacity]:
    require(actor.role is not Role.ENTERPRISE or actor.firm_id == firm_id, "only your own firm")
    with uow:
        return uow.capacities.list_capacities(firm_id)


def set_capacity(
    uow: CommandUnitOfWork, actor: User | None, *, firm_id: int, values: Mapping[str, object]
) -> FirmCapacity:
    """A firm's yearly capacity for an HS category (its own users, staff and admins)."""
    if actor is not None:
        own = actor.role is Role.ENTERPRISE and actor.firm_id == firm_id
        require(own or can_manage_network(actor), "only the firm itself, staff and admins")
    prefixes = read.categories(values.get("hs_prefix"), field="hs_prefix")
    if len(prefixes) != 1:
        raise InputError("one HS category of 2, 4 or 6 digits", field="hs_prefix")
    units = read.whole(values.get("annual_units"), field="annual_units", minimum=0)
    with uow:
        if uow.firms.get(firm_id) is None:
            raise NotFoundError(f"no firm {firm_id}", field="firm_id")
        data = FirmCapacityData(firm_id=firm_id, hs_prefix=prefixes[0], annual_units=units)
        found = uow.capacities.set_capacity(data, actor=actor)
        uow.commit()
        return found
