"""What the services hand around: firms, users, products and audit entries as frozen records.

Storage maps its rows to these, so nothing above it ever holds a database object.

>>> Role("staff").sees_all_firms, Role.ENTERPRISE.sees_all_firms
(True, False)
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from chuhai.domain.money import Money


class Role(enum.StrEnum):
    """Who a user is: a firm's own user, the service centre, the command centre, an admin."""

    ENTERPRISE = "enterprise"
    STAFF = "staff"
    ANALYST = "analyst"
    ADMIN = "admin"

    @property
    def sees_all_firms(self) -> bool:
        return self is not Role.ENTERPRISE


class Industry(enum.StrEnum):
    """Jinjiang's export industries (DESIGN.md), plus a catch-all."""

    UMBRELLAS = "umbrellas"
    FOOTWEAR = "footwear"
    SPORTSWEAR = "sportswear"
    BAGS = "bags"
    CERAMICS = "ceramics"
    HYGIENE = "hygiene"
    SNACKS = "snacks"
    OTHER = "other"


@dataclass(frozen=True, kw_only=True)
class FirmData:
    name: str
    name_zh: str = ""
    city: str = ""
    industry: Industry = Industry.OTHER
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    is_demo: bool = False


@dataclass(frozen=True, kw_only=True)
class Firm(FirmData):
    id: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, kw_only=True)
class UserData:
    email: str
    display_name: str
    role: Role
    firm_id: int | None = None
    is_active: bool = True


@dataclass(frozen=True, kw_only=True)
class User(UserData):
    id: int
    created_at: datetime
    updated_at: datetime
    last_login_at: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class ProductData:
    sku: str
    name: str
    hs_code: str
    unit_cost: Money
    name_zh: str = ""
    description: str = ""
    origin: str = "CN"
    unit_weight_g: int | None = None
    length_mm: int | None = None
    width_mm: int | None = None
    height_mm: int | None = None


@dataclass(frozen=True, kw_only=True)
class Product(ProductData):
    id: int
    firm_id: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, kw_only=True)
class AuditEntry:
    """Who changed what, when (UTC), with the entity before and after."""

    id: int
    actor_id: int | None
    actor_email: str
    action: str
    entity: str
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    created_at: datetime
