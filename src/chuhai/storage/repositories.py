"""SQLAlchemy repositories behind :mod:`chuhai.services.ports`; every write is audited.

Rows never leave this module: each method returns the frozen records of
:mod:`chuhai.services.records`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from chuhai.domain.money import Money
from chuhai.errors import ConflictError, NotFoundError
from chuhai.services.records import (
    AuditEntry,
    Firm,
    FirmData,
    Product,
    ProductData,
    User,
    UserData,
)
from chuhai.storage.tables import (
    AuditRow,
    FirmRow,
    LoginAttemptRow,
    ProductRow,
    UserRow,
    utcnow,
)

SYSTEM = "system"
RowT = TypeVar("RowT")


def _jsonable(value: Any) -> Any:
    if isinstance(value, Money):
        return {"amount": str(value.amount), "currency": value.currency}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(record: Any) -> dict[str, Any]:
    """A record's fields as JSON-ready values, for the audit log."""
    return {f.name: _jsonable(getattr(record, f.name)) for f in dataclasses.fields(record)}


class AuditedRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _audit(
        self,
        actor: User | None,
        *,
        action: str,
        entity: str,
        entity_id: int,
        before: Any = None,
        after: Any = None,
    ) -> None:
        self.session.add(
            AuditRow(
                actor_id=actor.id if actor else None,
                actor_email=actor.email if actor else SYSTEM,
                action=action,
                entity=entity,
                entity_id=str(entity_id),
                before=snapshot(before) if before is not None else None,
                after=snapshot(after) if after is not None else None,
                created_at=utcnow(),
            )
        )

    def _must_get(self, model: type[RowT], key: int, *, what: str) -> RowT:
        """The row with this primary key, or :class:`NotFoundError` naming ``<what>_id``."""
        row = self.session.get(model, key)
        if row is None:
            raise NotFoundError(f"no {what} {key}", field=f"{what}_id")
        return row

    def _delete_audited(self, row: Any, *, actor: User | None, entity: str, before: Any) -> None:
        """Delete a row and record what it held."""
        entity_id = row.id
        self.session.delete(row)
        self.session.flush()
        self._audit(actor, action="delete", entity=entity, entity_id=entity_id, before=before)

    def _flush(self, conflict: str, *, field: str) -> None:
        try:
            self.session.flush()
        except IntegrityError:
            raise ConflictError(conflict, field=field) from None


def _firm(row: FirmRow) -> Firm:
    return Firm(
        id=row.id,
        name=row.name,
        name_zh=row.name_zh,
        city=row.city,
        industry=row.industry,
        contact_name=row.contact_name,
        contact_email=row.contact_email,
        contact_phone=row.contact_phone,
        is_demo=row.is_demo,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def data_fields(record: Any, kind: type[Any]) -> dict[str, Any]:
    """The values of ``kind``'s dataclass fields, read from ``record``."""
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(kind)}


class SqlFirmRepository(AuditedRepository):
    def get(self, firm_id: int) -> Firm | None:
        row = self.session.get(FirmRow, firm_id)
        return _firm(row) if row else None

    def get_by_name(self, name: str) -> Firm | None:
        row = self.session.scalar(select(FirmRow).where(FirmRow.name == name))
        return _firm(row) if row else None

    def list_firms(self, *, ids: Collection[int] | None = None) -> list[Firm]:
        query = select(FirmRow).order_by(FirmRow.name)
        if ids is not None:
            query = query.where(FirmRow.id.in_(list(ids)))
        return [_firm(row) for row in self.session.scalars(query)]

    def add(self, data: FirmData, *, actor: User | None) -> Firm:
        row = FirmRow(**data_fields(data, FirmData))
        self.session.add(row)
        self._flush(f"a firm named {data.name!r} exists already", field="name")
        firm = _firm(row)
        self._audit(actor, action="create", entity="firm", entity_id=row.id, after=data)
        return firm

    def update(self, firm_id: int, data: FirmData, *, actor: User | None) -> Firm:
        row = self._row(firm_id)
        before = _firm(row)
        for name, value in data_fields(data, FirmData).items():
            setattr(row, name, value)
        self._flush(f"a firm named {data.name!r} exists already", field="name")
        self._audit(
            actor,
            action="update",
            entity="firm",
            entity_id=firm_id,
            before=FirmData(**data_fields(before, FirmData)),
            after=data,
        )
        return _firm(row)

    def delete(self, firm_id: int, *, actor: User | None) -> None:
        row = self._row(firm_id)
        before = FirmData(**data_fields(_firm(row), FirmData))
        self.session.execute(delete(ProductRow).where(ProductRow.firm_id == firm_id))
        self._delete_audited(row, actor=actor, entity="firm", before=before)

    def _row(self, firm_id: int) -> FirmRow:
        return self._must_get(FirmRow, firm_id, what="firm")


def _product(row: ProductRow) -> Product:
    return Product(
        id=row.id,
        firm_id=row.firm_id,
        sku=row.sku,
        name=row.name,
        name_zh=row.name_zh,
        description=row.description,
        hs_code=row.hs_code,
        origin=row.origin,
        unit_cost=Money.from_minor(row.unit_cost_amount_minor, row.currency.strip()),
        unit_weight_g=row.unit_weight_g,
        length_mm=row.length_mm,
        width_mm=row.width_mm,
        height_mm=row.height_mm,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _product_columns(data: ProductData) -> dict[str, Any]:
    columns = data_fields(data, ProductData)
    cost: Money = columns.pop("unit_cost")
    return {
        **columns,
        "unit_cost_amount_minor": cost.to_minor(),
        "currency": cost.currency,
    }


class SqlProductRepository(AuditedRepository):
    def get(self, product_id: int) -> Product | None:
        row = self.session.get(ProductRow, product_id)
        return _product(row) if row else None

    def get_by_sku(self, firm_id: int, sku: str) -> Product | None:
        row = self.session.scalar(
            select(ProductRow).where(ProductRow.firm_id == firm_id, ProductRow.sku == sku)
        )
        return _product(row) if row else None

    def list_for_firm(self, firm_id: int) -> list[Product]:
        query = select(ProductRow).where(ProductRow.firm_id == firm_id).order_by(ProductRow.sku)
        return [_product(row) for row in self.session.scalars(query)]

    def add(self, firm_id: int, data: ProductData, *, actor: User | None) -> Product:
        row = ProductRow(firm_id=firm_id, **_product_columns(data))
        self.session.add(row)
        self._flush(f"SKU {data.sku!r} exists already in this firm", field="sku")
        self._audit(actor, action="create", entity="product", entity_id=row.id, after=data)
        return _product(row)

    def update(self, product_id: int, data: ProductData, *, actor: User | None) -> Product:
        row = self._row(product_id)
        before = ProductData(**data_fields(_product(row), ProductData))
        for name, value in _product_columns(data).items():
            setattr(row, name, value)
        self._flush(f"SKU {data.sku!r} exists already in this firm", field="sku")
        self._audit(
            actor,
            action="update",
            entity="product",
            entity_id=product_id,
            before=before,
            after=data,
        )
        return _product(row)

    def delete(self, product_id: int, *, actor: User | None) -> None:
        row = self._row(product_id)
        before = ProductData(**data_fields(_product(row), ProductData))
        self._delete_audited(row, actor=actor, entity="product", before=before)

    def _row(self, product_id: int) -> ProductRow:
        return self._must_get(ProductRow, product_id, what="product")


def _user(row: UserRow) -> User:
    return User(
        id=row.id,
        email=row.email,
        display_name=row.display_name,
        role=row.role,
        firm_id=row.firm_id,
        is_active=row.is_active,
        created_at=row.created_at,
        updated_at=row.updated_at,
        last_login_at=row.last_login_at,
    )


class SqlUserRepository(AuditedRepository):
    def get(self, user_id: int) -> User | None:
        row = self.session.get(UserRow, user_id)
        return _user(row) if row else None

    def get_by_email(self, email: str) -> User | None:
        row = self.session.scalar(select(UserRow).where(UserRow.email == email))
        return _user(row) if row else None

    def get_password_hash(self, user_id: int) -> str:
        return self._row(user_id).password_hash

    def list_users(self) -> list[User]:
        return [_user(row) for row in self.session.scalars(select(UserRow).order_by(UserRow.email))]

    def add(self, data: UserData, *, password_hash: str, actor: User | None) -> User:
        row = UserRow(password_hash=password_hash, **data_fields(data, UserData))
        self.session.add(row)
        self._flush(f"a user with e-mail {data.email!r} exists already", field="email")
        self._audit(actor, action="create", entity="user", entity_id=row.id, after=data)
        return _user(row)

    def set_password_hash(self, user_id: int, password_hash: str, *, actor: User | None) -> None:
        self._row(user_id).password_hash = password_hash
        self.session.flush()
        self._audit(actor, action="set_password", entity="user", entity_id=user_id)

    def record_sign_in(self, user_id: int, *, at: datetime, ip: str) -> None:
        row = self._row(user_id)
        row.last_login_at = at
        self.session.flush()
        self._audit(_user(row), action="sign_in", entity="user", entity_id=user_id)

    def _row(self, user_id: int) -> UserRow:
        return self._must_get(UserRow, user_id, what="user")


class SqlLoginAttemptRepository(AuditedRepository):
    def count_failures(self, *, email: str, ip: str, since: datetime) -> int:
        query = select(func.count()).where(
            LoginAttemptRow.email == email,
            LoginAttemptRow.ip == ip,
            LoginAttemptRow.succeeded.is_(False),
            LoginAttemptRow.created_at >= since,
        )
        return self.session.scalar(query) or 0

    def add(self, *, email: str, ip: str, succeeded: bool, at: datetime) -> None:
        self.session.add(LoginAttemptRow(email=email, ip=ip, succeeded=succeeded, created_at=at))
        self.session.flush()

    def clear_failures(self, *, email: str, ip: str) -> None:
        self.session.execute(
            delete(LoginAttemptRow).where(
                LoginAttemptRow.email == email,
                LoginAttemptRow.ip == ip,
                LoginAttemptRow.succeeded.is_(False),
            )
        )


def _entry(row: AuditRow) -> AuditEntry:
    return AuditEntry(
        id=row.id,
        actor_id=row.actor_id,
        actor_email=row.actor_email,
        action=row.action,
        entity=row.entity,
        entity_id=row.entity_id,
        before=row.before,
        after=row.after,
        created_at=row.created_at,
    )


class SqlAuditRepository(AuditedRepository):
    def list_entries(
        self, *, entity: str | None = None, entity_id: str | None = None, limit: int = 100
    ) -> list[AuditEntry]:
        query = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
        if entity is not None:
            query = query.where(AuditRow.entity == entity)
        if entity_id is not None:
            query = query.where(AuditRow.entity_id == entity_id)
        return [_entry(row) for row in self.session.scalars(query)]
