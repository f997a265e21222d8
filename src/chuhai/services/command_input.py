"""Reading form or JSON values (strings, numbers, booleans) for the command-centre records.

Each reader raises :class:`~chuhai.errors.InputError` naming its field.

>>> categories("6601, 6402.99 ;64", field="categories")
('6601', '640299', '64')
>>> whole("20 000", field="volume"), flag("on"), flag(""), flag(False)
(20000, True, False, False)
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from chuhai.domain.countries import normalise_country
from chuhai.domain.currency import normalise_currency
from chuhai.domain.money import Money, quantize, to_decimal
from chuhai.errors import InputError

__all__ = [
    "categories",
    "country",
    "day",
    "email",
    "flag",
    "merged",
    "money",
    "optional_day",
    "optional_whole",
    "text",
    "whole",
]


def text(values: Mapping[str, object], name: str, limit: int, *, required: bool = False) -> str:
    value = values.get(name)
    found = "" if value is None else str(value).strip()
    if required and not found:
        raise InputError("required", field=name)
    if len(found) > limit:
        raise InputError(f"at most {limit} characters", field=name)
    return found


def email(values: Mapping[str, object], name: str) -> str:
    found = text(values, name, 254)
    if found and "@" not in found:
        raise InputError("not an e-mail address", field=name)
    return found


def country(values: Mapping[str, object], name: str = "country") -> str:
    return normalise_country(str(values.get(name) or ""), field=name)


def whole(value: object, *, field: str, minimum: int = 0) -> int:
    """A whole number written as text or a JSON integer (``20 000`` and ``20,000`` too)."""
    if isinstance(value, bool):
        raise InputError("a whole number", field=field)
    cleaned = str(value).replace(" ", "").replace(",", "").strip()
    number = to_decimal(cleaned, field=field)
    if number != number.to_integral_value() or number < minimum:
        raise InputError(f"a whole number of at least {minimum}; got {value!r}", field=field)
    return int(number)


def optional_whole(values: Mapping[str, object], name: str, *, minimum: int = 0) -> int | None:
    value = values.get(name)
    if value is None or str(value).strip() == "":
        return None
    return whole(value, field=name, minimum=minimum)


def optional_day(values: Mapping[str, object], name: str) -> date | None:
    """A YYYY-MM-DD date, or None when the value is empty."""
    value = values.get(name)
    if isinstance(value, date):
        return value
    found = "" if value is None else str(value).strip()
    if not found:
        return None
    try:
        return date.fromisoformat(found)
    except ValueError:
        raise InputError(f"not a date (YYYY-MM-DD): {found!r}", field=name) from None


def day(values: Mapping[str, object], name: str) -> date:
    """A required YYYY-MM-DD date."""
    found = optional_day(values, name)
    if found is None:
        raise InputError("required (YYYY-MM-DD)", field=name)
    return found


def money(
    values: Mapping[str, object], name: str, *, currency: str = "CNY", required: bool = False
) -> Money | None:
    """An amount (a decimal string) in ``values[currency_field]`` or ``currency``."""
    value = values.get(name)
    if isinstance(value, float):
        raise InputError("write amounts as strings, not JSON numbers", field=name)
    if value is None or str(value).strip() == "":
        if required:
            raise InputError("required", field=name)
        return None
    code = normalise_currency(str(values.get("currency") or currency), field="currency")
    found = Money(to_decimal(str(value).strip(), field=name), code)
    if found.amount < 0 or quantize(found).amount != found.amount:
        raise InputError(
            f"an amount of at least zero in {code} minor units; got {value!r}", field=name
        )
    return quantize(found)


def flag(value: object) -> bool:
    """A checkbox or JSON boolean."""
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in ("1", "true", "on", "yes")


def categories(value: object, *, field: str) -> tuple[str, ...]:
    """HS prefixes (2 to 6 digits) from a list or text separated by commas or semicolons."""
    parts = (
        value if isinstance(value, list | tuple) else str(value or "").replace(";", ",").split(",")
    )
    found = []
    for part in parts:
        digits = "".join(ch for ch in str(part) if ch.isdigit())
        if not str(part).strip():
            continue
        if not 2 <= len(digits) <= 6 or len(digits) % 2:
            raise InputError(f"an HS category has 2, 4 or 6 digits; got {part!r}", field=field)
        found.append(digits)
    return tuple(dict.fromkeys(found))


def merged(current: Mapping[str, Any], values: Mapping[str, object]) -> dict[str, Any]:
    """``current`` with the given values over it (values left out or None keep theirs)."""
    return {**current, **{k: v for k, v in values.items() if v is not None}}
