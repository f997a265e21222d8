"""The shape of a rule pack: sources, dated rules of a few kinds, and tariff lines.

Every rule has ``valid_from`` (inclusive), ``valid_to`` (exclusive, ``None`` = open), a
``source_id`` that resolves to a :class:`Source`, and a ``status``. Rules that govern the
same ``subject`` must not overlap in time; the loader checks it. Rates are fractions
(``"0.19"``), never percent; money is a Decimal with an explicit currency.

Rule kinds (the ``kind`` field):

- ``valuation``: the customs value basis (FOB or CIF) and any personal-use factor.
- ``regime``: a low-value or channel regime (de minimis, IOSS, LVG, courier flat rate...):
  conditions, a threshold with its semantics, and what it does to duty and tax.
- ``measure``: an additional duty on top of the tariff (US Section 301/122, IEEPA...), with
  the origins and codes it hits and the measure groups it may not stack with.
- ``tax``: VAT/GST/sales tax and other border taxes, with their base at import and at sale.
- ``fee``: customs processing, handling and per-line fees, with minimum and maximum.
- ``preference``: a preferential scheme (ACFTA, RCEP...) and who may claim it.
"""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from chuhai.domain.consignment import Incoterm, Mode, SaleModel, TaxCollector, Transport
from chuhai.domain.countries import normalise_country
from chuhai.domain.currency import normalise_currency
from chuhai.domain.money import Rounding, RoundingLevel, to_decimal


class Status(enum.StrEnum):
    OFFICIAL = "official"
    PROVISIONAL = "provisional"
    ESTIMATED = "estimated"


def _exact(value: object) -> Decimal:
    if isinstance(value, float):
        raise ValueError(f"write {value!r} as a quoted string: rule values are exact decimals")
    return to_decimal(value)


Exact = Annotated[Decimal, BeforeValidator(_exact)]


def _countries(value: object) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [normalise_country(item, field="origins") for item in items]


Countries = Annotated[list[str], BeforeValidator(_countries)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(_Model):
    """Where a rule comes from, shown beside every figure built on it."""

    source_id: str
    title: str
    url: str
    publisher: str
    retrieved_on: date
    licence: str


class RoundingRule(_Model):
    mode: Rounding = Rounding.HALF_UP
    level: RoundingLevel = RoundingLevel.LINE


class Condition(_Model):
    """When a rule applies. An empty list means any; origins are checked on every line."""

    modes: list[Mode] = Field(default_factory=list)
    transports: list[Transport] = Field(default_factory=list)
    sale_models: list[SaleModel] = Field(default_factory=list)
    tax_collectors: list[TaxCollector] = Field(default_factory=list)
    incoterms: list[Incoterm] = Field(default_factory=list)
    origins: Countries = Field(default_factory=list)
    origins_except: Countries = Field(default_factory=list)
    ship_from: Countries = Field(default_factory=list)
    ship_from_except: Countries = Field(default_factory=list)


ValueBasis = Literal["goods", "customs_value", "cif", "goods_plus_freight"]


class Threshold(_Model):
    """A value band that decides whether a regime applies.

    ``basis`` says which value is compared (the goods' intrinsic value, the customs value,
    CIF, or goods plus shipping); ``scope`` whether the whole consignment or each item is
    compared; ``max_inclusive`` whether a value equal to ``max`` still qualifies.
    """

    currency: str
    max: Exact | None = None
    min: Exact | None = None  # exclusive lower bound: a value must exceed it
    max_inclusive: bool = True
    basis: ValueBasis = "goods"
    scope: Literal["consignment", "item"] = "consignment"

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        return normalise_currency(value)


class Rule(_Model):
    """Fields every rule shares."""

    id: str = Field(pattern=r"^[a-z0-9_.\-]+$")
    subject: str | None = None
    valid_from: date
    valid_to: date | None = None
    source_id: str
    status: Status
    note: str = ""

    @property
    def subject_key(self) -> str:
        return self.subject or f"{self.kind}:{self.id}"  # type: ignore[attr-defined]

    def active_on(self, as_of: date) -> bool:
        return self.valid_from <= as_of and (self.valid_to is None or as_of < self.valid_to)


class ValuationRule(Rule):
    kind: Literal["valuation"]
    basis: Literal["FOB", "CIF"]
    personal_use_factor: Exact | None = None  # JP: 60% of the retail price for personal imports
    personal_use_when: Condition = Field(default_factory=Condition)


class Bracket(_Model):
    """A specific amount that applies while a rate stays at or below ``max_rate``."""

    max_rate: Exact | None = None  # None: the top bracket
    amount: Exact


class PerItemDuty(_Model):
    """A specific duty per postal item in place of the measures of some groups.

    The US postal method (2025-08-29 to 2026-02-28): each item pays USD 80, 160 or 200 by the
    origin's effective IEEPA rate; with mixed origins the highest rate counts.
    """

    replaces_groups: list[str]
    brackets: list[Bracket]
    currency: str


class RegimeRule(Rule):
    """A way goods enter: the first matching regime by ``priority`` (lowest first) wins."""

    kind: Literal["regime"]
    label: str
    priority: int
    when: Condition = Field(default_factory=Condition)
    hs: list[str] = Field(default_factory=list)  # only lines under these code prefixes
    hs_except: list[str] = Field(default_factory=list)  # never lines under these prefixes
    threshold: Threshold | None = None
    duty: Literal["normal", "exempt", "flat", "per_hs6"] = "normal"
    duty_expression: str | None = None  # for ``flat``: e.g. "33.5%" or "60% - 20 USD"
    per_hs6_amount: Exact | None = None  # for ``per_hs6``: e.g. EUR 3 per tariff subheading
    measures: Literal["apply", "exempt"] = "apply"
    per_item_duty: PerItemDuty | None = None
    tax: Literal["border", "at_sale", "exempt", "included"] = "border"
    fees: Literal["apply", "exempt"] = "apply"

    @model_validator(mode="after")
    def _relief_covers_measures(self) -> RegimeRule:
        """A regime that exempts the duty relieves additional duties too (de minimis): one
        that says ``measures: apply`` beside ``duty: exempt`` would be silently overruled."""
        explicit = "measures" in self.model_fields_set
        if self.duty == "exempt" and explicit and self.measures == "apply":
            raise ValueError("duty: exempt relieves measures too; drop 'measures: apply'")
        return self


class MeasureRule(Rule):
    """An additional duty on top of the tariff rate."""

    kind: Literal["measure"]
    measure: str
    group: str
    label: str
    expression: str
    when: Condition = Field(default_factory=Condition)
    hs: list[str] = Field(default_factory=list)  # code prefixes; empty = every code
    hs_list: str | None = None  # a CSV in the pack listing the codes (e.g. a Section 301 list)
    hs_except: list[str] = Field(default_factory=list)
    not_with: list[str] = Field(default_factory=list)  # groups this measure does not stack on
    regimes: list[str] = Field(default_factory=list)  # only lines under these regime ids
    rounding: RoundingRule = Field(default_factory=RoundingRule)

    @property
    def subject_key(self) -> str:
        return self.subject or f"measure:{self.measure}"


class TaxRule(Rule):
    """A tax with its base at import and, where it is collected at sale, at sale."""

    kind: Literal["tax"]
    code: str
    label: str
    rate: Exact
    import_base: list[str] | None = None
    sale_base: list[str] | None = None
    inclusive: bool = False  # "por dentro": the tax is part of its own base (Brazil's ICMS)
    order: int = 0
    when: Condition = Field(default_factory=Condition)
    hs: list[str] = Field(default_factory=list)
    regimes: list[str] = Field(default_factory=list)  # only lines under these regime ids
    rounding: RoundingRule = Field(
        default_factory=lambda: RoundingRule(level=RoundingLevel.CONSIGNMENT)
    )

    @property
    def subject_key(self) -> str:
        return self.subject or f"tax:{self.code}:{','.join(self.hs) or '*'}"


class FeeRule(Rule):
    """A customs, processing or handling fee: a fixed amount or a rate with min and max."""

    kind: Literal["fee"]
    code: str
    label: str
    currency: str
    amount: Exact | None = None
    rate: Exact | None = None
    base: list[str] = Field(default_factory=lambda: ["customs_value"])
    minimum: Exact | None = None
    maximum: Exact | None = None
    per: Literal["consignment", "line", "hs6"] = "consignment"
    when: Condition = Field(default_factory=Condition)
    threshold: Threshold | None = None
    regimes: list[str] = Field(default_factory=list)  # only under these regime ids
    collected_by: Literal["customs", "carrier", "post"] = "customs"
    in_tax_base: bool = False

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        return normalise_currency(value)

    @property
    def subject_key(self) -> str:
        return self.subject or f"fee:{self.code}"


class PreferenceRule(Rule):
    """A preferential tariff column and who may claim it."""

    kind: Literal["preference"]
    scheme: str
    label: str
    origins: Countries
    sale_models: list[SaleModel] = Field(default_factory=list)
    proof: str = "certificate or statement of origin"


AnyRule = Annotated[
    ValuationRule | RegimeRule | MeasureRule | TaxRule | FeeRule | PreferenceRule,
    Field(discriminator="kind"),
]


class TariffLine(_Model):
    """One national tariff line's rate in one column (``mfn`` or a preference scheme)."""

    hs: str = Field(pattern=r"^[0-9]{4,12}$")
    column: str
    expression: str
    valid_from: date
    valid_to: date | None = None
    source_id: str
    status: Status
    description: str = ""

    @property
    def subject_key(self) -> str:
        return f"duty:{self.column}:{self.hs}"

    def active_on(self, as_of: date) -> bool:
        return self.valid_from <= as_of and (self.valid_to is None or as_of < self.valid_to)


class FxPolicy(_Model):
    method: Literal["daily", "monthly_penultimate_wednesday", "annual"] = "daily"
    max_staleness_days: int = 45


class PackHeader(_Model):
    """``pack.yaml``: what a pack is and what it covers."""

    jurisdiction: str
    name: str
    name_zh: str = ""
    version: str
    currency: str
    coverage_from: date
    coverage_to: date  # exclusive
    parent: str | None = None  # a customs union whose tariff and regimes this pack inherits
    national_digits: int = 6
    fx: FxPolicy = Field(default_factory=FxPolicy)
    quote_notes: list[str] = Field(default_factory=list)  # shown on every quote (what is left out)
    references: list[str] = Field(default_factory=list)

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        return normalise_currency(value)
