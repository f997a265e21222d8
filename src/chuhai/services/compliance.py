"""Market-entry compliance checklists: the compliance pack's items plus the rule packs' thresholds.

Thresholds are read from the rule packs' regime rules in force on the date (an item names
them as ``CODE:rule_id``), so a changed threshold is changed in one place.
"""

from __future__ import annotations

from datetime import date

from chuhai.domain.compliance import Checklist, PackThreshold, build_checklist, families_for_hs
from chuhai.domain.consignment import SaleModel
from chuhai.domain.countries import normalise_country
from chuhai.domain.pack import Pack
from chuhai.domain.rule_schema import RegimeRule, Threshold
from chuhai.errors import InputError, RuleNotFoundError, UnknownCountryError
from chuhai.rules.compliance import compliance_sources, load_compliance_items
from chuhai.rules.countries import get_country
from chuhai.rules.registry import get_pack
from chuhai.services.platforms import check_hs_code

__all__ = ["compliance_checklist", "describe_threshold", "pack_threshold"]


def describe_threshold(threshold: Threshold) -> str:
    """A regime threshold in words.

    >>> describe_threshold(Threshold(currency="EUR", max="150.00"))
    'up to EUR 150.00 (goods value, per consignment)'
    """
    basis = {"goods": "goods value", "customs_value": "customs value", "cif": "CIF value",
             "goods_plus_freight": "goods plus shipping"}[threshold.basis]  # fmt: skip
    parts = []
    if threshold.min is not None:
        parts.append(f"over {threshold.currency} {threshold.min}")
    if threshold.max is not None:
        word = "up to" if threshold.max_inclusive else "below"
        parts.append(f"{word} {threshold.currency} {threshold.max}")
    return f"{' and '.join(parts) or 'any value'} ({basis}, per {threshold.scope})"


def _threshold(pack: Pack, rule: RegimeRule) -> PackThreshold:
    source = pack.source(rule.source_id)
    text = describe_threshold(rule.threshold) if rule.threshold else "no value threshold"
    return PackThreshold(f"{pack.code}:{rule.id}", rule.label, text, rule.status, source.url,
                         source.title)  # fmt: skip


def pack_threshold(reference: str, *, as_of: date) -> PackThreshold | None:
    """The regime rule ``CODE:rule_id`` if it is in force on ``as_of``, else ``None``."""
    code, _, rule_id = reference.partition(":")
    pack = get_pack(code)
    for member in pack.lineage():
        for rule in member.rules:
            if isinstance(rule, RegimeRule) and rule.id == rule_id:
                return _threshold(member, rule) if rule.active_on(as_of) else None
    raise RuleNotFoundError(f"no regime rule {reference!r} in the rule packs", field="pack_rules")


def _union_codes(market: str) -> tuple[str, ...]:
    """The market and the customs union whose items also apply (from its pack or its groups)."""
    try:
        return tuple(pack.code for pack in get_pack(market).lineage())
    except UnknownCountryError:
        groups = get_country(market, field="market").trade_groups
        return (market, "EU") if "EU" in groups else (market,)


def _regime_thresholds(market: str, *, as_of: date, sale_model: str) -> list[PackThreshold]:
    try:
        pack = get_pack(market)
    except UnknownCountryError:
        return []
    found = []
    for member in pack.lineage():
        for rule in member.rules:
            if not isinstance(rule, RegimeRule) or rule.threshold is None:
                continue
            models = [m.value for m in rule.when.sale_models]
            if rule.active_on(as_of) and (not models or sale_model in models):
                found.append(_threshold(member, rule))
    return found


def compliance_checklist(
    *, market: str, hs_code: str, as_of: date, sale_model: str = "b2c_direct"
) -> Checklist:
    """What to do to sell the product (by HS code) in ``market`` on ``as_of``, each item sourced.

    >>> c = compliance_checklist(market="DE", hs_code="6601.99", as_of=date(2026, 11, 29))
    >>> [e.item.id for e in c.entries if e.item.kind.value == "registration"]
    ['de_packaging_lucid', 'eu_ioss_registration']
    """
    code = normalise_country(market, field="market")
    families = families_for_hs(check_hs_code(hs_code))
    if sale_model not in {m.value for m in SaleModel}:
        known = ", ".join(m.value for m in SaleModel)
        raise InputError(f"unknown sale model {sale_model!r}; known: {known}", field="sale_model")
    items = load_compliance_items()
    references = {r for item in items for r in item.pack_rules}
    in_force = {
        ref: found for ref in sorted(references)
        if (found := pack_threshold(ref, as_of=as_of)) is not None
    }  # fmt: skip
    return build_checklist(
        items,
        compliance_sources(),
        market=code,
        markets=_union_codes(code),
        families=families,
        as_of=as_of,
        sale_model=sale_model,
        pack_rules=in_force,
        thresholds=_regime_thresholds(code, as_of=as_of, sale_model=sale_model),
    )
