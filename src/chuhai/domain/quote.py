"""What a quote returns: every duty, tax, fee and cost as a line with its base, rate and source."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from chuhai.domain.money import Money, quantize
from chuhai.domain.rule_schema import Source, Status


class ChargeKind(enum.StrEnum):
    DUTY = "duty"
    MEASURE = "measure"  # an additional duty (Section 301, 122...)
    TAX = "tax"
    FEE = "fee"
    COST = "cost"  # the seller's own cost (brokerage, last mile...), not a rule's


@dataclass(frozen=True)
class Charge:
    """One amount in a quote, with everything needed to check it."""

    kind: ChargeKind
    code: str
    label: str
    amount: Money
    rate: str
    base: Money | None
    rule_id: str
    status: Status
    source: Source | None
    line: int | None = None  # 1-based line number; None for the whole consignment
    collected_by: str = "border"  # border | platform | seller | carrier | post | seller_cost
    payer: str = "seller"  # seller | buyer
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "code": self.code,
            "label": self.label,
            "line": self.line,
            "base": _money(self.base),
            "rate": self.rate,
            "amount": _money(self.amount),
            "collected_by": self.collected_by,
            "payer": self.payer,
            "rule_id": self.rule_id,
            "status": self.status.value,
            "source": self.source.model_dump(mode="json") if self.source else None,
            "note": self.note,
        }


@dataclass(frozen=True)
class QuoteWarning:
    code: str  # provisional_rule | estimated_rule | threshold_near | hs_coarse | fx_estimated ...
    message: str


@dataclass(frozen=True)
class ValuedLine:
    """A consignment line valued in the destination's currency."""

    number: int
    hs_code: str
    origin: str
    quantity: Decimal
    goods: Money
    freight: Money
    insurance: Money
    customs_value: Money
    regime_id: str
    tariff_code: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.number,
            "hs_code": self.hs_code,
            "origin": self.origin,
            "quantity": str(self.quantity),
            "goods": _money(self.goods),
            "freight": _money(self.freight),
            "insurance": _money(self.insurance),
            "customs_value": _money(self.customs_value),
            "regime": self.regime_id,
            "tariff_code": self.tariff_code,
        }


@dataclass(frozen=True)
class FxUse:
    """An exchange rate a quote used: which rate, for which date, from which source."""

    base: str
    quote: str
    rate: Decimal
    rate_date: date
    source_id: str
    status: str
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "base": self.base,
            "quote": self.quote,
            "rate": str(self.rate),
            "rate_date": self.rate_date.isoformat(),
            "source_id": self.source_id,
            "status": self.status,
            "note": self.note,
        }


@dataclass(frozen=True)
class RegimeUse:
    rule_id: str
    label: str
    lines: tuple[int, ...]
    status: Status
    source: Source


@dataclass(frozen=True)
class Quote:
    """The itemised landed cost of one consignment on one date."""

    destination: str
    as_of: date
    currency: str
    lines: list[ValuedLine]
    regimes: list[RegimeUse]
    charges: list[Charge]
    post_entry_freight: Money
    units: Decimal
    pack_versions: dict[str, str]
    fx: list[FxUse] = field(default_factory=list)
    warnings: list[QuoteWarning] = field(default_factory=list)
    seller_currency: str = ""
    landed_total_seller: Money | None = None

    def total(self, *kinds: ChargeKind) -> Money:
        return sum(
            (c.amount for c in self.charges if not kinds or c.kind in kinds),
            Money.zero(self.currency),
        )

    @property
    def goods(self) -> Money:
        return sum((line.goods for line in self.lines), Money.zero(self.currency))

    @property
    def freight_and_insurance(self) -> Money:
        return sum(
            (line.freight + line.insurance for line in self.lines), Money.zero(self.currency)
        )

    @property
    def landed_total(self) -> Money:
        return self.goods + self.freight_and_insurance + self.post_entry_freight + self.total()

    @property
    def landed_per_unit(self) -> Money:
        return quantize(self.landed_total / self.units)

    @property
    def rule_ids(self) -> list[str]:
        ids = [r.rule_id for r in self.regimes] + [c.rule_id for c in self.charges]
        return list(dict.fromkeys(ids))

    def to_dict(self) -> dict[str, Any]:
        kinds = {kind.value: _money(self.total(kind)) for kind in ChargeKind}
        return {
            "destination": self.destination,
            "date": self.as_of.isoformat(),
            "currency": self.currency,
            "pack_versions": self.pack_versions,
            "lines": [line.to_dict() for line in self.lines],
            "regimes": [
                {
                    "rule_id": r.rule_id,
                    "label": r.label,
                    "lines": list(r.lines),
                    "status": r.status.value,
                    "source": r.source.model_dump(mode="json"),
                }
                for r in self.regimes
            ],
            "charges": [charge.to_dict() for charge in self.charges],
            "totals": {
                "goods": _money(self.goods),
                "freight_and_insurance": _money(self.freight_and_insurance),
                "post_entry_freight": _money(self.post_entry_freight),
                **kinds,
                "landed_total": _money(self.landed_total),
                "landed_per_unit": _money(self.landed_per_unit),
                "landed_total_seller_currency": _money(self.landed_total_seller),
            },
            "fx": [use.to_dict() for use in self.fx],
            "warnings": [{"code": w.code, "message": w.message} for w in self.warnings],
            "rule_ids": self.rule_ids,
        }


def format_rate(rate: Decimal) -> str:
    """A fraction as the percent text users read.

    >>> format_rate(Decimal("0.19")), format_rate(Decimal("0.003464"))
    ('19%', '0.3464%')
    """
    percent = (rate * 100).normalize()
    return f"{percent:f}%"


def _money(money: Money | None) -> dict[str, str] | None:
    if money is None:
        return None
    return {"amount": str(money.amount), "currency": money.currency}
