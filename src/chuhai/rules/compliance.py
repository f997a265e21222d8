"""The hand-written compliance pack: ``chuhai/data/compliance/*.yaml`` and ``sources.csv``.

Each YAML file lists :class:`~chuhai.domain.compliance.ComplianceItem` records; every item
cites a source of ``sources.csv``. The pack is checked when first read: a bad item raises a
:class:`~chuhai.errors.PackError` naming the file, the item's position and the field.

>>> items = load_compliance_items()
>>> sorted({m for item in items for m in item.markets})[:4]
['AU', 'BR', 'CL', 'CN']
>>> get_compliance_source("eur_lex_textile").url
'https://eur-lex.europa.eu/eli/reg/2011/1007/oj'
"""

from __future__ import annotations

import csv
import functools
import io
from importlib.resources import files
from importlib.resources.abc import Traversable

import yaml
from pydantic import ValidationError

from chuhai.domain.compliance import FAMILIES, ComplianceItem, ComplianceSource
from chuhai.domain.countries import ALPHA3_BY_ALPHA2
from chuhai.errors import PackError, RuleNotFoundError

__all__ = ["compliance_sources", "get_compliance_source", "load_compliance_items"]

UNIONS = ("EU",)


def _root() -> Traversable:
    return files("chuhai").joinpath("data", "compliance")


@functools.cache
def compliance_sources() -> dict[str, ComplianceSource]:
    """Every source of the compliance pack by id."""
    text = _root().joinpath("sources.csv").read_text(encoding="utf-8")
    found: dict[str, ComplianceSource] = {}
    for number, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        data = {key: value for key, value in row.items() if value != "" or key != "retrieved_on"}
        try:
            found[row["source_id"]] = ComplianceSource.model_validate(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            raise PackError(first["msg"], file="compliance/sources.csv", row=number,
                            field=".".join(map(str, first["loc"]))) from None  # fmt: skip
    return found


def get_compliance_source(source_id: str) -> ComplianceSource:
    try:
        return compliance_sources()[source_id]
    except KeyError:
        raise RuleNotFoundError(f"no compliance source {source_id!r}", field="source_id") from None


@functools.cache
def load_compliance_items() -> tuple[ComplianceItem, ...]:
    """Every item of every YAML file, checked (ids unique, sources known, codes valid)."""
    items: list[ComplianceItem] = []
    seen: set[str] = set()
    for entry in sorted(_root().iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            for item in _read(entry):
                if item.id in seen:
                    raise PackError(f"duplicate item id {item.id}", file=entry.name, field="id")
                seen.add(item.id)
                items.append(item)
    return tuple(items)


def _read(entry: Traversable) -> list[ComplianceItem]:
    where = f"compliance/{entry.name}"
    data = yaml.safe_load(entry.read_text(encoding="utf-8")) or []
    if not isinstance(data, list):
        raise PackError("a compliance file is a list of items", file=where)
    items = []
    for index, raw in enumerate(data, start=1):
        try:
            item = ComplianceItem.model_validate(raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            raise PackError(f"item {index}: {first['msg']}", file=where,
                            field=".".join(map(str, first["loc"]))) from None  # fmt: skip
        _check(item, where)
        items.append(item)
    return items


def _check(item: ComplianceItem, where: str) -> None:
    def fail(field: str, message: str) -> PackError:
        return PackError(f"item {item.id}: {message}", file=where, field=field)

    for market in item.markets:
        if market not in ALPHA3_BY_ALPHA2 and market not in UNIONS:
            raise fail("markets", f"unknown market {market!r}")
    for family in item.families:
        if family != "all" and family not in FAMILIES:
            raise fail("families", f"unknown family {family!r}")
    if item.source_id not in compliance_sources():
        raise fail("source_id", f"unknown source {item.source_id!r}")
    for rule in item.pack_rules:
        code, sep, rule_id = rule.partition(":")
        if not sep or not code or not rule_id:
            raise fail("pack_rules", f"write a pack rule as CODE:rule_id, not {rule!r}")
    if item.valid_to is not None and item.valid_to <= item.valid_from:
        raise fail("valid_to", "valid_to must come after valid_from")
