"""API schemas in ``XCreate`` / ``XUpdate`` / ``XPublic`` families.

Money travels as ``{"amount": "38.50", "currency": "CNY"}`` and amounts in requests as
strings, never JSON numbers (a float cannot hold 0.10 exactly).
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from chuhai.services.product_import import ImportReport
from chuhai.services.records import Firm, Industry, Product, Role, User


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MoneyPublic(_Schema):
    amount: str = Field(examples=["38.50"])
    currency: str = Field(examples=["CNY"])


class SessionCreate(_Schema):
    email: str = Field(examples=["owner@rainbow-umbrella.example"])
    password: str


class UserPublic(_Schema):
    id: int
    email: str
    display_name: str
    role: Role
    firm_id: int | None

    @classmethod
    def of(cls, user: User) -> UserPublic:
        return cls(
            id=user.id,
            email=user.email,
            display_name=user.display_name,
            role=user.role,
            firm_id=user.firm_id,
        )


class SessionPublic(_Schema):
    user: UserPublic
    csrf_token: str = Field(description="send it as the X-CSRF-Token header on writes")


class FirmUpdate(_Schema):
    name: str | None = None
    name_zh: str | None = None
    city: str | None = None
    industry: Industry | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None


class FirmCreate(FirmUpdate):
    name: str


class FirmPublic(_Schema):
    id: int
    name: str
    name_zh: str
    city: str
    industry: Industry
    contact_name: str
    contact_email: str
    contact_phone: str
    is_demo: bool = Field(description="true for the synthetic Jinjiang demo firms")
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, firm: Firm) -> FirmPublic:
        return cls.model_validate(firm, from_attributes=True)


class ProductUpdate(_Schema):
    sku: str | None = None
    name: str | None = None
    name_zh: str | None = None
    description: str | None = None
    hs_code: str | None = Field(default=None, examples=["6601.99"])
    origin: str | None = Field(default=None, examples=["CN"])
    unit_cost: str | None = Field(default=None, examples=["38.50"], description="a decimal string")
    currency: str | None = Field(default=None, examples=["CNY"])
    unit_weight_g: int | None = None
    length_mm: int | None = None
    width_mm: int | None = None
    height_mm: int | None = None


class ProductCreate(ProductUpdate):
    sku: str
    name: str
    hs_code: str = Field(examples=["6601.99"])
    unit_cost: str = Field(examples=["38.50"], description="a decimal string")


class ProductPublic(_Schema):
    id: int
    firm_id: int
    sku: str
    name: str
    name_zh: str
    description: str
    hs_code: str
    origin: str
    unit_cost: MoneyPublic
    unit_weight_g: int | None
    length_mm: int | None
    width_mm: int | None
    height_mm: int | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, product: Product) -> ProductPublic:
        cost = MoneyPublic(
            amount=str(product.unit_cost.amount), currency=product.unit_cost.currency
        )
        fields = {name: getattr(product, name) for name in cls.model_fields if name != "unit_cost"}
        return cls(unit_cost=cost, **fields)


class ImportPublic(_Schema):
    created: int
    updated: int

    @classmethod
    def of(cls, report: ImportReport) -> ImportPublic:
        return cls(created=report.created, updated=report.updated)
