"""Firms: list, read, create, change and delete them, within each user's rights.

>>> parse_firm({"name": " Jinjiang Rain Co. ", "industry": "umbrellas"}).name
'Jinjiang Rain Co.'
>>> parse_firm({"name": "X", "industry": "rockets"})
Traceback (most recent call last):
...
chuhai.errors.InputError: field 'industry': unknown industry 'rockets'; one of umbrellas, footwear, sportswear, bags, ceramics, hygiene, snacks, other
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from chuhai.errors import InputError, NotFoundError
from chuhai.services.accounts import (
    can_create_firm,
    can_delete_firm,
    can_edit_firm,
    can_view_firm,
    require,
)
from chuhai.services.ports import UnitOfWork
from chuhai.services.records import Firm, FirmData, Industry, User

_LIMITS = {
    "name": 200,
    "name_zh": 200,
    "city": 100,
    "contact_name": 100,
    "contact_email": 254,
    "contact_phone": 50,
}


def parse_firm(values: Mapping[str, object]) -> FirmData:
    """A firm from form or JSON values (strings), naming the first bad field."""
    text = {name: str(values.get(name) or "").strip() for name in _LIMITS}
    if not text["name"]:
        raise InputError("a firm needs a name", field="name")
    for name, limit in _LIMITS.items():
        if len(text[name]) > limit:
            raise InputError(f"at most {limit} characters", field=name)
    if text["contact_email"] and "@" not in text["contact_email"]:
        raise InputError("not an e-mail address", field="contact_email")
    return FirmData(
        **text,
        industry=_industry(values.get("industry")),
        is_demo=bool(values.get("is_demo", False)),
    )


def _industry(value: object) -> Industry:
    key = str(value or "other").strip().lower()
    try:
        return Industry(key)
    except ValueError:
        choices = ", ".join(i.value for i in Industry)
        raise InputError(f"unknown industry {key!r}; one of {choices}", field="industry") from None


def list_firms(uow: UnitOfWork, actor: User) -> list[Firm]:
    """Every firm the actor may see: their own, or all of them."""
    with uow:
        if actor.role.sees_all_firms:
            return uow.firms.list_firms()
        return uow.firms.list_firms(ids=[actor.firm_id] if actor.firm_id else [])


def get_firm(uow: UnitOfWork, actor: User, firm_id: int) -> Firm:
    require(can_view_firm(actor, firm_id), "you may only see your own firm")
    with uow:
        firm = uow.firms.get(firm_id)
    if firm is None:
        raise NotFoundError(f"no firm {firm_id}", field="firm_id")
    return firm


def create_firm(uow: UnitOfWork, actor: User | None, *, values: Mapping[str, object]) -> Firm:
    """A new firm; staff and admins (or the system, ``actor=None``) create firms."""
    if actor is not None:
        require(can_create_firm(actor), "only service-centre staff and admins create firms")
    data = parse_firm(values)
    with uow:
        firm = uow.firms.add(data, actor=actor)
        uow.commit()
        return firm


def update_firm(
    uow: UnitOfWork, actor: User, *, firm_id: int, values: Mapping[str, object]
) -> Firm:
    """Change the given fields of a firm; fields left out (or None) keep their value."""
    require(can_edit_firm(actor, firm_id), "you may only change your own firm")
    with uow:
        current = uow.firms.get(firm_id)
        if current is None:
            raise NotFoundError(f"no firm {firm_id}", field="firm_id")
        merged = {
            **dataclasses.asdict(current),
            **{k: v for k, v in values.items() if v is not None},
        }
        firm = uow.firms.update(firm_id, parse_firm(merged), actor=actor)
        uow.commit()
        return firm


def delete_firm(uow: UnitOfWork, actor: User, firm_id: int) -> None:
    """Delete a firm and its products (admins only)."""
    require(can_delete_firm(actor), "only an admin deletes firms")
    with uow:
        uow.firms.delete(firm_id, actor=actor)
        uow.commit()
