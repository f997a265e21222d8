"""Products of a firm: validate, list, create, change, delete (within the user's rights).

Every check names its field (and row, for files), and :func:`check_product` reports every
problem of a row at once, for the import report.

>>> data = parse_product({"sku": "UMB-90", "name": "Stick umbrella", "hs_code": "660199",
...                       "unit_cost": "38.50", "unit_weight_g": "550"})
>>> data.hs_code, data.unit_cost, data.origin
('6601.99', Money('38.50', 'CNY'), 'CN')
>>> parse_product({"sku": "X", "name": "X", "hs_code": "6601.99", "unit_cost": "1.005"})
Traceback (most recent call last):
...
chuhai.errors.InputError: field 'unit_cost': CNY has 2 decimal places; got '1.005'
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from chuhai.domain.countries import normalise_country
from chuhai.domain.currency import normalise_currency
from chuhai.domain.money import Money, quantize, to_decimal
from chuhai.errors import ChuhaiError, InputError, NotFoundError
from chuhai.rules.hs_nomenclature import get_hs_entry
from chuhai.services.accounts import can_edit_firm, can_view_firm, require
from chuhai.services.ports import UnitOfWork
from chuhai.services.records import Product, ProductData, User

T = TypeVar("T")

COLUMNS = (
    "sku", "name", "name_zh", "description", "hs_code", "origin", "unit_cost", "currency",
    "unit_weight_g", "length_mm", "width_mm", "height_mm",
)  # fmt: skip
REQUIRED = ("sku", "name", "hs_code", "unit_cost")
DEFAULT_CURRENCY = "CNY"


def _text(limit: int, *, required: bool = False) -> Callable[[object], str]:
    def parse(value: object) -> str:
        text = "" if value is None else str(value).strip()
        if required and not text:
            raise InputError("required")
        if len(text) > limit:
            raise InputError(f"at most {limit} characters")
        return text

    return parse


def parse_hs_code(value: object) -> str:
    """6 to 12 digits whose subheading exists in HS 2022, written ``6601.99[.xx...]``.

    >>> parse_hs_code("6402 99 90")
    '6402.99.90'
    """
    digits = "".join(ch for ch in str(value or "") if ch not in ". -")
    if not (digits.isascii() and digits.isdigit() and 6 <= len(digits) <= 12):
        raise InputError(f"an HS code has 6 to 12 digits; got {value!r}")
    get_hs_entry(digits[:6])
    pairs = [digits[i : i + 2] for i in range(4, len(digits), 2)]
    return ".".join([digits[:4], *pairs])


def _whole(*, positive: bool) -> Callable[[object], int | None]:
    def parse(value: object) -> int | None:
        if value is None or str(value).strip() == "":
            return None
        number = to_decimal(str(value).strip(), field="")
        if number != number.to_integral_value():
            raise InputError(f"a whole number; got {value!r}")
        if number < 0 or (positive and number == 0):
            raise InputError(f"must be {'above' if positive else 'at least'} zero; got {value!r}")
        return int(number)

    return parse


def _money(amount: object, currency: str) -> Money:
    if amount is None or str(amount).strip() == "":
        raise InputError("required")
    money = Money(to_decimal(str(amount).strip(), field="unit_cost"), currency)
    if money.amount < 0:
        raise InputError(f"must be at least zero; got {amount!r}")
    rounded = quantize(money)
    if rounded.amount != money.amount:
        places = -rounded.amount.as_tuple().exponent  # type: ignore[operator]
        raise InputError(f"{currency} has {places} decimal places; got {amount!r}")
    return rounded


_PARSERS: dict[str, Callable[[object], Any]] = {
    "sku": _text(64, required=True),
    "name": _text(200, required=True),
    "name_zh": _text(200),
    "description": _text(2000),
    "hs_code": parse_hs_code,
    "origin": lambda value: normalise_country(str(value or "CN"), field="origin"),
    "unit_weight_g": _whole(positive=False),
    "length_mm": _whole(positive=True),
    "width_mm": _whole(positive=True),
    "height_mm": _whole(positive=True),
}


def check_product(
    values: Mapping[str, object], *, row: int | None = None
) -> tuple[ProductData | None, list[ChuhaiError]]:
    """The product, or ``None`` and every problem found, each naming its field (and row)."""
    problems: list[ChuhaiError] = []
    parsed: dict[str, Any] = {}
    for field, parse in _PARSERS.items():
        parsed[field] = _attempt(problems, field, row, parse, values.get(field))
    currency = _attempt(problems, "currency", row, _currency, values.get("currency"))
    parsed["unit_cost"] = _attempt(
        problems, "unit_cost", row, _money, values.get("unit_cost"), currency or DEFAULT_CURRENCY
    )
    if problems:
        return None, problems
    return ProductData(**parsed), []


def _attempt(
    problems: list[ChuhaiError], field: str, row: int | None, parse: Callable[..., T], *args: Any
) -> T | None:
    try:
        return parse(*args)
    except ChuhaiError as error:
        problems.append(type(error)(error.message, field=field, row=row))
        return None


def _currency(value: object) -> str:
    return normalise_currency(str(value or DEFAULT_CURRENCY))


def parse_product(values: Mapping[str, object], *, row: int | None = None) -> ProductData:
    """The product from form or JSON values; raises the first problem found."""
    data, problems = check_product(values, row=row)
    if data is None:
        raise problems[0]
    return data


def product_values(product: ProductData) -> dict[str, object]:
    """A product back as the string values :func:`parse_product` reads (forms, merges)."""
    values: dict[str, object] = {
        f.name: getattr(product, f.name) for f in dataclasses.fields(ProductData)
    }
    cost: Money = product.unit_cost
    values.update(unit_cost=str(cost.amount), currency=cost.currency)
    return values


def list_products(uow: UnitOfWork, actor: User, firm_id: int) -> list[Product]:
    require(can_view_firm(actor, firm_id), "you may only see your own firm's products")
    with uow:
        _firm_exists(uow, firm_id)
        return uow.products.list_for_firm(firm_id)


def get_product(uow: UnitOfWork, actor: User, *, firm_id: int, product_id: int) -> Product:
    require(can_view_firm(actor, firm_id), "you may only see your own firm's products")
    with uow:
        return _product_of(uow, firm_id, product_id)


def create_product(
    uow: UnitOfWork, actor: User | None, *, firm_id: int, values: Mapping[str, object]
) -> Product:
    if actor is not None:
        require(can_edit_firm(actor, firm_id), "you may only change your own firm's products")
    data = parse_product(values)
    with uow:
        _firm_exists(uow, firm_id)
        product = uow.products.add(firm_id, data, actor=actor)
        uow.commit()
        return product


def update_product(
    uow: UnitOfWork, actor: User, *, firm_id: int, product_id: int, values: Mapping[str, object]
) -> Product:
    """Change the given fields; fields left out (or None) keep their value."""
    require(can_edit_firm(actor, firm_id), "you may only change your own firm's products")
    with uow:
        current = _product_of(uow, firm_id, product_id)
        merged = {
            **product_values(current),
            **{k: v for k, v in values.items() if v is not None},
        }
        product = uow.products.update(product_id, parse_product(merged), actor=actor)
        uow.commit()
        return product


def delete_product(uow: UnitOfWork, actor: User, *, firm_id: int, product_id: int) -> None:
    require(can_edit_firm(actor, firm_id), "you may only change your own firm's products")
    with uow:
        _product_of(uow, firm_id, product_id)
        uow.products.delete(product_id, actor=actor)
        uow.commit()


def _firm_exists(uow: UnitOfWork, firm_id: int) -> None:
    if uow.firms.get(firm_id) is None:
        raise NotFoundError(f"no firm {firm_id}", field="firm_id")


def _product_of(uow: UnitOfWork, firm_id: int, product_id: int) -> Product:
    product = uow.products.get(product_id)
    if product is None or product.firm_id != firm_id:
        raise NotFoundError(f"no product {product_id} in firm {firm_id}", field="product_id")
    return product


def weight_kg(product: ProductData) -> Decimal:
    """The unit weight in kg, for a quote (zero when unknown).

    >>> weight_kg(parse_product({"sku": "A", "name": "A", "hs_code": "6601.99",
    ...                          "unit_cost": "1", "unit_weight_g": "550"}))
    Decimal('0.55')
    """
    return Decimal(product.unit_weight_g or 0) / 1000
