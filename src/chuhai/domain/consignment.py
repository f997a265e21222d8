"""What the user asks about: a consignment of lines on a route, sold a certain way, on a date.

Origin (where goods were made) is distinct from ship-from (where the parcel leaves): a
China-made item shipped from a UK warehouse is CN origin, and Canada's thresholds follow
the place of direct shipment. Amounts are Decimal in ``currency``; floats are refused.
"""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

from chuhai.domain.countries import normalise_country
from chuhai.domain.currency import normalise_currency
from chuhai.domain.money import Money, to_decimal
from chuhai.errors import InputError


class Mode(enum.StrEnum):
    POSTAL = "postal"
    COURIER = "courier"
    FREIGHT = "freight"


class Transport(enum.StrEnum):
    AIR = "air"
    SEA = "sea"
    ROAD = "road"
    RAIL = "rail"


class SaleModel(enum.StrEnum):
    B2C_DIRECT = "b2c_direct"  # a parcel from the seller to the consumer
    B2B2C_WAREHOUSE = "b2b2c_warehouse"  # bulk into an overseas warehouse, then sold locally
    B2B = "b2b"


class Incoterm(enum.StrEnum):
    DDP = "DDP"  # the seller pays duties and taxes
    DAP = "DAP"  # the buyer pays them on delivery


class TaxCollector(enum.StrEnum):
    PLATFORM = "platform"  # a marketplace collects at sale (IOSS, LVG, OVR, Remessa Conforme...)
    SELLER = "seller"  # the seller is registered and collects at sale
    BORDER = "border"  # collected at import by customs or the carrier


def _decimal(value: Any) -> Decimal:
    try:
        return to_decimal(value, field="amount")
    except TypeError as exc:  # pydantic reports ValueError with the field's location
        raise ValueError(str(exc).removeprefix("amount: ")) from None


ExactDecimal = Annotated[Decimal, BeforeValidator(_decimal)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Line(_Frozen):
    """One line of a consignment: a product, its origin, how many and at what unit value."""

    hs_code: str = Field(description="HS or national tariff code, digits (dots allowed)")
    origin: str = Field(description="country of origin, ISO 3166 alpha-2 or alpha-3")
    quantity: ExactDecimal = Field(gt=0)
    unit_value: ExactDecimal = Field(
        ge=0, description="price per unit, in the consignment currency"
    )
    unit_weight_kg: ExactDecimal = Field(default=Decimal(0), ge=0)
    description: str = ""
    unit_measures: dict[str, ExactDecimal] = Field(
        default_factory=dict,
        description="other measures per unit for specific duties: pair, l, m2...",
    )
    claim_preference: str | None = Field(
        default=None, description="preferential scheme claimed with proof of origin (e.g. RCEP)"
    )

    @field_validator("hs_code")
    @classmethod
    def _hs(cls, value: str) -> str:
        digits = value.replace(".", "").replace(" ", "")
        if not digits.isdigit() or not 4 <= len(digits) <= 12:
            raise ValueError(f"HS code must have 4 to 12 digits (JP lines have 9), got {value!r}")
        return digits

    @field_validator("origin")
    @classmethod
    def _origin(cls, value: str) -> str:
        return normalise_country(value, field="origin")

    @property
    def value(self) -> Decimal:
        return self.unit_value * self.quantity

    @property
    def weight_kg(self) -> Decimal:
        return self.unit_weight_kg * self.quantity

    def measures(self) -> dict[str, Decimal]:
        """Quantities of the whole line by canonical unit, for specific duties."""
        totals = {unit: per_unit * self.quantity for unit, per_unit in self.unit_measures.items()}
        totals.setdefault("item", self.quantity)
        totals.setdefault("kg", self.weight_kg)
        return totals


class CostItem(_Frozen):
    """A cost the seller pays that is not a duty, tax or fee of the destination."""

    label: str
    amount: ExactDecimal = Field(ge=0)
    per: str = Field(default="consignment", pattern="^(consignment|unit)$")
    currency: str | None = None

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str | None) -> str | None:
        return None if value is None else normalise_currency(value, field="currency")


class GivenRate(_Frozen):
    """An exchange rate the user supplies (a bank's or a customs authority's); it wins."""

    base: str
    quote: str
    rate: ExactDecimal = Field(gt=0)
    source_label: str = "user-supplied rate"

    @field_validator("base", "quote")
    @classmethod
    def _code(cls, value: str) -> str:
        return normalise_currency(value, field="fx_rates")


class Consignment(_Frozen):
    """A shipment to quote: lines, route, sale model, who collects tax, and the date."""

    destination: str
    ship_from: str
    date: date
    currency: str = Field(description="currency of unit values, freight and insurance")
    lines: list[Line] = Field(min_length=1)
    mode: Mode = Mode.COURIER
    transport: Transport | None = None
    sale_model: SaleModel = SaleModel.B2C_DIRECT
    incoterm: Incoterm = Incoterm.DDP
    tax_collector: TaxCollector = TaxCollector.BORDER
    freight: ExactDecimal = Field(default=Decimal(0), ge=0, description="transport to the border")
    insurance: ExactDecimal = Field(default=Decimal(0), ge=0)
    post_entry_freight: ExactDecimal = Field(
        default=Decimal(0), ge=0, description="transport after entry to the first destination"
    )
    charges_currency: str | None = Field(
        default=None, description="currency of freight, insurance and post-entry freight"
    )
    costs: list[CostItem] = Field(default_factory=list)
    fx_rates: list[GivenRate] = Field(default_factory=list)

    @field_validator("destination", "ship_from")
    @classmethod
    def _country(cls, value: str, info: Any) -> str:
        return normalise_country(value, field=info.field_name)

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        return normalise_currency(value, field="currency")

    @field_validator("charges_currency")
    @classmethod
    def _charges_currency(cls, value: str | None) -> str | None:
        return None if value is None else normalise_currency(value, field="charges_currency")

    @property
    def transport_or_default(self) -> Transport:
        if self.transport is not None:
            return self.transport
        return Transport.SEA if self.mode is Mode.FREIGHT else Transport.AIR

    def money(self, amount: Decimal) -> Money:
        return Money(amount, self.currency)

    def charge(self, amount: Decimal) -> Money:
        """Freight, insurance or post-entry freight as money in its own currency."""
        return Money(amount, self.charges_currency or self.currency)

    @property
    def goods_value(self) -> Decimal:
        return sum((line.value for line in self.lines), Decimal(0))

    @property
    def units(self) -> Decimal:
        return sum((line.quantity for line in self.lines), Decimal(0))


def parse_consignment(data: Any) -> Consignment:
    """Validate user data into a :class:`Consignment`, naming the field on error.

    >>> parse_consignment({"destination": "XX"})
    Traceback (most recent call last):
    ...
    chuhai.errors.UnknownCountryError: field 'destination': unknown country code 'XX'
    """
    if isinstance(data, Consignment):
        return data
    try:
        return Consignment.model_validate(data)
    except ValidationError as exc:
        raise _input_error(exc) from None


def _input_error(exc: ValidationError) -> InputError:
    for error in exc.errors():
        ctx_error = (error.get("ctx") or {}).get("error")
        if isinstance(ctx_error, InputError):
            ctx_error.field = _loc(error["loc"]) or ctx_error.field
            return ctx_error
    first = exc.errors()[0]
    return InputError(first["msg"].removeprefix("Value error, "), field=_loc(first["loc"]))


def _loc(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc)
