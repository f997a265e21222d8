"""Products, money, targets, fee figures and rounding policies from plain values.

The command line, YAML/JSON documents and catalogue rows all arrive here as text (or exact
Decimals); every problem raises :class:`~chuhai.errors.InputError` naming its field (and row).
Money is written ``"45 CNY"``, ``"CNY 45"`` or a bare number where the currency is known.

>>> parse_money("45 CNY", field="freight"), parse_money("2.5", field="cac", currency="EUR")
(Money('45', 'CNY'), Money('2.5', 'EUR'))
>>> [(f.kind.value, f.rate) for f in parse_fee_overrides(["commission=0.09"], as_of=DAY)]
[('commission', Decimal('0.09'))]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from chuhai.domain.carrier_fees import CarrierFee
from chuhai.domain.channel_fees import Confidence, Fee, FeeKind, user_fee
from chuhai.domain.countries import normalise_country
from chuhai.domain.currency import normalise_currency
from chuhai.domain.margin import MarginTarget
from chuhai.domain.money import Money, to_decimal
from chuhai.domain.platform_matching import category_for_hs
from chuhai.domain.price_rounding import RoundingPolicy, get_policy, policy_from_dicts
from chuhai.errors import InputError, UnknownCurrencyError, UnknownHSCodeError
from chuhai.rules.commerce_store import load_fee_schedules
from chuhai.rules.hs_nomenclature import get_hs_entry
from chuhai.services.pricing import Product

__all__ = [
    "as_text",
    "fee_categories",
    "fx_buffer_for",
    "parse_carrier_fee",
    "parse_date",
    "parse_decimal",
    "parse_fee_kind",
    "parse_fee_overrides",
    "parse_fx_buffers",
    "parse_money",
    "parse_target",
    "product_from_dict",
    "rounding_policies",
]

DAY = date(2026, 11, 29)  # for the examples


def parse_date(text: str | None, *, field: str = "date") -> date:
    """A YYYY-MM-DD date; nothing defaults to today."""
    if text is None or not text.strip():
        raise InputError("give the date (YYYY-MM-DD): nothing defaults to today", field=field)
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"not a date (YYYY-MM-DD): {text!r}", field=field) from None


def as_text(value: object) -> str:
    """A cell or option as stripped text; None is empty."""
    return "" if value is None else str(value).strip()


def parse_money(
    value: object,
    *,
    field: str,
    currency: str | None = None,
    row: int | None = None,
    negative: bool = False,
) -> Money:
    """``"45 CNY"`` / ``"CNY 45"``, or a number in ``currency``; a given currency must match."""
    parts = as_text(value).split()
    amount = next((p for p in parts if not p.isalpha()), None)
    codes = [p for p in parts if p.isalpha()]
    if amount is None or len(parts) > 2 or len(codes) > 1 or not (codes or currency):
        example = f"45 {currency or 'CNY'}"
        raise InputError(f"write an amount like {example!r}, not {value!r}", field=field, row=row)
    code = normalise_currency(codes[0] if codes else currency, field=field)
    if currency is not None and code != normalise_currency(currency, field=field):
        raise InputError(f"give this amount in {currency}, not {code}", field=field, row=row)
    try:
        money = Money(to_decimal(amount, field=field), code)
    except InputError as exc:
        raise InputError(exc.message, field=field, row=row) from None
    if money.amount < 0 and not negative:
        raise InputError(f"must not be negative: {value!r}", field=field, row=row)
    return money


def parse_decimal(value: object, *, field: str, row: int | None = None) -> Decimal:
    """An exact number from text, an int or a Decimal."""
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return Decimal(value)
    try:
        return to_decimal(as_text(value), field=field)
    except InputError:
        raise InputError(f"not a number: {value!r}", field=field, row=row) from None


def fee_categories() -> tuple[str, ...]:
    """The product categories the fee pack has commission figures for."""
    schedules = load_fee_schedules().values()
    return tuple(sorted({f.category for s in schedules for f in s.fees} - {"*"}))


def _hs_code(value: object, *, field: str, row: int | None) -> str:
    digits = as_text(value).replace(".", "").replace(" ", "")
    if not (digits.isascii() and digits.isdigit() and 4 <= len(digits) <= 12):
        raise UnknownHSCodeError(
            f"an HS code has 4 to 12 digits, got {value!r}", field=field, row=row
        )
    try:
        get_hs_entry(digits[:6] if len(digits) >= 6 else digits)
    except UnknownHSCodeError:
        raise UnknownHSCodeError(
            f"{value!r} is not an HS 2022 code", field=field, row=row
        ) from None
    return digits


def _category(value: object, hs_code: str, *, field: str, row: int | None) -> str:
    known = fee_categories()
    category = as_text(value).lower() or category_for_hs(hs_code)
    if category is None:
        raise InputError(
            f"no fee category for HS {hs_code}: give one of {', '.join(known)}",
            field=field,
            row=row,
        )
    if category not in known:
        raise InputError(
            f"unknown category {category!r}: one of {', '.join(known)}", field=field, row=row
        )
    return category


def product_from_dict(values: Mapping[str, Any], *, row: int | None = None) -> Product:
    """A product from ``sku``, ``hs_code``, ``unit_cost`` (``"68 CNY"`` or with ``currency``),
    and optionally ``title``, ``category`` (else from the HS code), ``origin`` (CN),
    ``unit_weight_kg`` (or ``unit_weight_g``) and ``china_cost``.

    >>> product_from_dict({"hs_code": "6601.99", "unit_cost": "68", "currency": "CNY"}).category
    'umbrellas'
    """
    hs_code = _hs_code(values.get("hs_code"), field="hs_code", row=row)
    currency = as_text(values.get("currency")) or None
    if currency is not None:
        try:
            currency = normalise_currency(currency, field="currency")
        except InputError as exc:
            raise UnknownCurrencyError(exc.message, field="currency", row=row) from None
    elif not as_text(values.get("unit_cost")).split()[1:]:
        currency = "CNY"
    unit_cost = parse_money(values.get("unit_cost"), field="unit_cost", currency=currency, row=row)
    china = as_text(values.get("china_cost"))
    weight = _weight(values, row=row)
    try:
        origin = normalise_country(as_text(values.get("origin")) or "CN", field="origin")
    except InputError as exc:
        raise InputError(exc.message, field="origin", row=row) from None
    return Product(
        sku=as_text(values.get("sku")) or hs_code,
        title=as_text(values.get("title") or values.get("name")),
        hs_code=hs_code,
        unit_cost=unit_cost,
        category=_category(values.get("category"), hs_code, field="category", row=row),
        origin=origin,
        unit_weight_kg=weight,
        china_cost=parse_money(china, field="china_cost", currency=unit_cost.currency, row=row)
        if china
        else None,
    )


def _weight(values: Mapping[str, Any], *, row: int | None) -> Decimal:
    for name, scale in (("unit_weight_kg", Decimal(1)), ("unit_weight_g", Decimal(1000))):
        text = as_text(values.get(name))
        if text:
            weight = parse_decimal(values.get(name), field=name, row=row) / scale
            if weight < 0:
                raise InputError("a weight must not be negative", field=name, row=row)
            return weight
    return Decimal(0)


def parse_fee_overrides(
    specs: Iterable[str] | Mapping[str, Any], *, as_of: date
) -> tuple[Fee, ...]:
    """Your own figures: ``kind=rate``, ``kind=amount CUR`` or ``kind=rate+amount CUR``.

    Rates are fractions (0.09 for 9%); each figure replaces the pack's fee of that kind.
    """
    pairs = specs.items() if isinstance(specs, Mapping) else [_pair(s) for s in specs]
    fees = []
    for kind_text, value in pairs:
        kind = parse_fee_kind(kind_text, field="fee")
        rate, fixed = _rate_and_fixed(as_text(value), field=f"fee.{kind.value}")
        per = "unit" if kind is FeeKind.UNIT_FEE else "order"
        fees.append(user_fee(kind, label=f"{kind.value.replace('_', ' ')} (your figure)", as_of=as_of,
                             rate=rate, fixed=fixed, per=per))  # fmt: skip
    return tuple(fees)


def _rate_and_fixed(text: str, *, field: str) -> tuple[Decimal | None, Money | None]:
    """``"0.02"``, ``"15 USD"`` or ``"0.02+15 USD"``: a fraction and/or a fixed amount."""
    if "+" in text:
        rate_text, fixed_text = (part.strip() for part in text.split("+", 1))
    elif any(char.isalpha() for char in text):
        rate_text, fixed_text = "", text  # a fixed amount alone: "0.30 EUR"
    else:
        rate_text, fixed_text = text, ""
    rate = parse_decimal(rate_text, field=field) if rate_text else None
    if rate is not None and not 0 <= rate < 1:
        raise InputError(f"a fee rate is a fraction (0.09 for 9%), not {rate}", field=field)
    return rate, parse_money(fixed_text, field=field) if fixed_text else None


def _pair(spec: str) -> tuple[str, str]:
    kind, sep, value = spec.partition("=")
    if not sep or not value.strip():
        raise InputError(f"write a fee as kind=figure (commission=0.09), not {spec!r}", field="fee")
    return kind.strip(), value.strip()


def parse_fee_kind(text: object, *, field: str) -> FeeKind:
    """A fee kind by its name (commission, payment, withdrawal...)."""
    try:
        return FeeKind(as_text(text).lower())
    except ValueError:
        kinds = ", ".join(k.value for k in FeeKind if k is not FeeKind.OTHER)
        raise InputError(f"unknown fee kind {text!r}: one of {kinds}", field=field) from None


def parse_target(*, pct: object = None, amount: object = None, currency: str) -> MarginTarget:
    """A target margin in percent of the revenue or as an amount per order."""
    if (pct is None) == (amount is None):
        raise InputError(
            "give a target margin in percent or as an amount, one of the two", field="target_margin"
        )
    if pct is not None:
        rate = parse_decimal(pct, field="target_margin_pct") / 100
        if not -1 < rate < 1:
            raise InputError(
                f"a target margin lies above -100% and below 100% of the revenue, not {pct}%",
                field="target_margin_pct",
            )
        return MarginTarget(rate=rate)
    return MarginTarget(
        amount=parse_money(amount, field="target_margin", currency=currency, negative=True)
    )


def rounding_policies(
    specs: Iterable[str] = (), *, document: Any = None, file: str | None = None
) -> dict[str, RoundingPolicy]:
    """Policies by currency: a file's ``CUR: [ranges]`` then ``CUR=variant`` specs (EUR=95)."""
    policies: dict[str, RoundingPolicy] = {}
    if document is not None:
        if not isinstance(document, Mapping):
            raise InputError("a rounding file maps currencies to lists of ranges", file=file)
        for code, ranges in document.items():
            currency = normalise_currency(code, field="rounding")
            if not isinstance(ranges, list):
                raise InputError("give a list of ranges", field=f"rounding.{currency}", file=file)
            policies[currency] = policy_from_dicts(currency, ranges, name=file or "user")
    for spec in specs:
        code, sep, variant = spec.partition("=")
        if not sep:
            raise InputError(
                f"write a rounding as CUR=variant (EUR=95), not {spec!r}", field="rounding"
            )
        currency = normalise_currency(code.strip(), field="rounding")
        policies[currency] = get_policy(currency, variant=variant.strip())
    return policies


def parse_carrier_fee(
    value: object, *, carrier: str | None, as_of: date, field: str = "carrier_fee"
) -> CarrierFee:
    """Your DDP surcharge for a carrier: ``"15 USD"``, ``"0.02"`` (of the duties and taxes
    advanced) or ``"0.02+15 USD"``; it takes the place of the pack's figure.

    >>> parse_carrier_fee("0.02+15 USD", carrier="ups", as_of=DAY).fixed
    Money('15', 'USD')
    """
    rate, fixed = _rate_and_fixed(as_text(value), field=field)
    if rate is None and fixed is None:
        raise InputError(f"write a fee like '15 USD' or '0.02+15 USD', not {value!r}", field=field)
    name = (carrier or "carrier").strip().lower()
    return CarrierFee(
        fee_id=f"user:carrier_ddp:{name}", carrier=name, carrier_name=name,
        label="DDP fee (your figure)", confidence=Confidence.USER, fixed=fixed, rate=rate,
        valid_from=as_of, as_of=as_of, source="supplied by the user",
    )  # fmt: skip


def parse_fx_buffers(value: object, *, field: str = "fx_buffer_pct") -> dict[str, Decimal]:
    """FX buffers as fractions by currency (``"*"``: every other one), from percent given as
    ``"2"``, ``"EUR=3"``, a list of those, a number or a mapping ``{EUR: 3, "*": 2}``.

    >>> parse_fx_buffers(["2", "EUR=3"])
    {'*': Decimal('0.02'), 'EUR': Decimal('0.03')}
    """
    if value is None or value == "":
        return {}
    if isinstance(value, Mapping):
        pairs = [(as_text(k), v) for k, v in value.items()]
    else:
        items = value if isinstance(value, list | tuple) else [value]
        pairs = [as_text(i).partition("=")[::2] if "=" in as_text(i) else ("*", i) for i in items]
    buffers = {}
    for code, pct in pairs:
        key = code.strip() if code.strip() == "*" else normalise_currency(code, field=field)
        rate = parse_decimal(pct, field=field) / 100
        if not 0 <= rate < 1:
            raise InputError(f"an FX buffer lies from 0 up to 100 percent, not {pct}", field=field)
        buffers[key] = rate
    return buffers


def fx_buffer_for(buffers: Mapping[str, Decimal], currency: str) -> Decimal:
    """The buffer for ``currency``: its own, else the one for every currency, else 0."""
    return buffers.get(currency, buffers.get("*", Decimal(0)))
