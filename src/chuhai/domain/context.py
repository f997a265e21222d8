"""The state one quote builds up: its inputs, converter, charges and warnings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from chuhai.domain.consignment import Consignment, Incoterm, TaxCollector
from chuhai.domain.conversion import Converter
from chuhai.domain.money import Money
from chuhai.domain.pack import Pack
from chuhai.domain.quote import Charge, QuoteWarning
from chuhai.domain.rule_schema import Rule, Source, Status, TariffLine


@dataclass
class QuoteContext:
    consignment: Consignment
    pack: Pack
    convert: Converter
    charges: list[Charge] = field(default_factory=list)
    warnings: list[QuoteWarning] = field(default_factory=list)

    @property
    def as_of(self) -> date:
        return self.consignment.date

    @property
    def currency(self) -> str:
        return self.pack.header.currency

    def zero(self) -> Money:
        return Money.zero(self.currency)

    def source_of(self, rule: Rule | TariffLine, label: str) -> Source:
        """The rule's source, warning once when the rule is provisional or estimated."""
        if rule.status is not Status.OFFICIAL:
            self.warn(
                f"{rule.status.value}_rule",
                f"{label} rests on {rule.status.value} data ({_rule_name(rule)}); "
                "check it before relying on the figure",
            )
        return self.pack.source(rule.source_id)

    def warn(self, code: str, message: str) -> None:
        warning = QuoteWarning(code, message)
        if warning not in self.warnings:
            self.warnings.append(warning)

    def sale_collector(self) -> str:
        """Who collects a tax due at sale: the platform if it sells, otherwise the seller."""
        return "platform" if self.consignment.tax_collector is TaxCollector.PLATFORM else "seller"

    def payer(self, collected_by: str) -> str:
        """Who pays: the buyer only for border charges on a DAP shipment."""
        border = collected_by in {"border", "carrier", "post", "customs"}
        return "buyer" if border and self.consignment.incoterm is Incoterm.DAP else "seller"


def _rule_name(rule: Rule | TariffLine) -> str:
    return rule.id if isinstance(rule, Rule) else f"tariff line {rule.hs}"
