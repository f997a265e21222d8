"""What-if scenarios: add, override or remove a pack's rules (or a tariff rate) from a date.

A scenario is a named list of operations on the rule packs. :func:`apply_scenario` turns a
:class:`~chuhai.domain.pack.Pack` into a new pack under the scenario (the original is left
alone), so the itemised engine and the batch engine quote under it alike. Rules a scenario
writes cite the scenario itself as their source, default to status ``estimated`` and carry
the scenario's name in their id; the pack's version gains ``+<name>``, so every quote names
its scenario.

- ``add``: a new rule, written as in ``rules.yaml``; ``valid_from`` defaults to ``from``.
- ``override``: the rule ``rule_id`` with the fields in ``set`` changed from ``from``
  (until ``until``, exclusive; open if omitted). The rule keeps its old values before.
- ``remove``: the rule ``rule_id`` ends on ``from`` (or is cut out until ``until``).
- ``tariff``: the tariff line ``hs`` in ``column`` becomes ``expression`` from ``from``.

``coverage_to`` extends the dates the packs answer for: the user's assumption that rules
without an end date go on. Without it a date past a pack's coverage still raises.

>>> s = Scenario.model_validate({"name": "us-cn-54", "operations": [{"op": "add",
...     "pack": "US", "from": "2026-12-01", "rule": {"id": "cn_extra", "kind": "measure",
...     "measure": "cn_extra", "group": "cn_extra", "label": "Extra duty on CN",
...     "expression": "54%", "when": {"origins": ["CN"]}}}]})
>>> s.operations[0].valid_from, s.source_id
(datetime.date(2026, 12, 1), 'scenario:us-cn-54')
"""

from __future__ import annotations

import dataclasses
import itertools
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from chuhai.domain.pack import Pack
from chuhai.domain.rule_schema import AnyRule, Source, Status, TariffLine
from chuhai.errors import InputError

__all__ = [
    "BASELINE",
    "AddRule",
    "Operation",
    "OverrideRule",
    "RemoveRule",
    "Scenario",
    "SetTariff",
    "apply_scenario",
]

BASELINE = "baseline"
"""The name results carry when no scenario applies."""

_RULE = TypeAdapter(AnyRule)


class _Op(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    pack: str | None = Field(
        default=None, description="jurisdiction of the pack it changes (US, EU, DE); default: any"
    )
    valid_from: date = Field(alias="from")
    until: date | None = Field(default=None, description="exclusive end; open if omitted")

    def span(self) -> tuple[date, date | None]:
        if self.until is not None and self.until <= self.valid_from:
            raise InputError(f"until {self.until} is not after from {self.valid_from}")
        return self.valid_from, self.until


class AddRule(_Op):
    op: Literal["add"]
    rule: dict[str, Any]


class OverrideRule(_Op):
    op: Literal["override"]
    rule_id: str
    set: dict[str, Any] = Field(min_length=1)


class RemoveRule(_Op):
    op: Literal["remove"]
    rule_id: str


class SetTariff(_Op):
    op: Literal["tariff"]
    hs: str = Field(pattern=r"^\d{4,10}$")
    column: str = "mfn"
    expression: str


Operation = Annotated[AddRule | OverrideRule | RemoveRule | SetTariff, Field(discriminator="op")]


class Scenario(BaseModel):
    """A named set of rule changes; results computed under it carry its name."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_\-]{0,62}$")
    description: str = ""
    written_on: date | None = None
    coverage_to: date | None = None
    status: Status = Status.ESTIMATED
    source_url: str = ""
    operations: list[Operation] = Field(min_length=1)

    @property
    def source_id(self) -> str:
        return f"scenario:{self.name}"

    def source(self) -> Source:
        """The scenario as the source every rule it writes cites."""
        first = min(op.valid_from for op in self.operations)
        return Source(
            source_id=self.source_id,
            title=self.description or f"scenario {self.name}",
            url=self.source_url or f"scenario:{self.name}",
            publisher="user scenario",
            retrieved_on=self.written_on or first,
            licence="user-supplied assumption",
        )


def apply_scenario(pack: Pack, scenario: Scenario | None) -> Pack:
    """``pack`` (and its customs union) under ``scenario``; ``None`` returns ``pack``.

    Operations naming a pack outside the lineage are ignored: one scenario may cover several
    markets. An operation whose rule is found nowhere in the lineage raises InputError.
    """
    if scenario is None:
        return pack
    members = list(pack.lineage())
    codes = {member.code for member in members}
    for index, op in enumerate(scenario.operations):
        if op.pack is not None and op.pack.upper() not in codes:
            continue
        _check_target(op, members, index)
    rebuilt: Pack | None = None
    for member in reversed(members):
        rebuilt = _apply_to(member, scenario, parent=rebuilt, is_top=member is pack)
    assert rebuilt is not None
    return rebuilt


def _check_target(op: _Op, members: list[Pack], index: int) -> None:
    if isinstance(op, SetTariff) and not any(_targets(op, m) and m.tariff for m in members):
        raise InputError(
            f"pack {op.pack or members[0].code} holds no tariff: name the customs union",
            field=f"operations.{index}.pack",
        )
    if isinstance(op, OverrideRule | RemoveRule):
        owner = [m for m in members if _targets(op, m) and _find(m, op.rule_id)]
        if not owner:
            raise InputError(
                f"rule {op.rule_id!r} is not in pack {op.pack or members[0].code}",
                field=f"operations.{index}.rule_id",
            )


def _targets(op: _Op, member: Pack) -> bool:
    return op.pack is None or op.pack.upper() == member.code


def _find(member: Pack, rule_id: str) -> list[AnyRule]:
    return [rule for rule in member.rules if rule.id == rule_id]


def _apply_to(member: Pack, scenario: Scenario, *, parent: Pack | None, is_top: bool) -> Pack:
    rules = list(member.rules)
    tariff = member.tariff
    touched = False
    for index, op in enumerate(scenario.operations):
        if not _targets(op, member):
            continue
        where = f"operations.{index}"
        if isinstance(op, AddRule) and (op.pack is not None or is_top):
            rules.append(_added(op, scenario, where))
        elif isinstance(op, OverrideRule | RemoveRule) and _find(member, op.rule_id):
            rules = _rewritten(rules, op, scenario, where)
        elif isinstance(op, SetTariff) and member.tariff:
            tariff = _retariffed(tariff, op, scenario)
        else:
            continue
        touched = True
    _check_overlaps(rules, member.code)
    header = member.header
    updates: dict[str, Any] = {}
    if scenario.coverage_to is not None and scenario.coverage_to > header.coverage_to:
        updates["coverage_to"] = scenario.coverage_to
    if touched or is_top:
        updates["version"] = f"{header.version}+{scenario.name}"
    sources = {**member.sources, scenario.source_id: scenario.source()}
    return dataclasses.replace(
        member,
        header=header.model_copy(update=updates),
        sources=sources,
        rules=rules,
        tariff=tariff,
        parent=parent,
    )


def _validated(data: dict[str, Any], where: str) -> AnyRule:
    try:
        return _RULE.validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in (where, *first["loc"]))
        raise InputError(first["msg"].removeprefix("Value error, "), field=field) from None


def _added(op: AddRule, scenario: Scenario, where: str) -> AnyRule:
    start, end = op.span()
    data = {
        "valid_from": start,
        "valid_to": end,
        "source_id": scenario.source_id,
        "status": scenario.status,
        **op.rule,
    }
    return _validated(data, f"{where}.rule")


def _rewritten(
    rules: list[AnyRule], op: OverrideRule | RemoveRule, scenario: Scenario, where: str
) -> list[AnyRule]:
    start, end = op.span()
    result: list[AnyRule] = []
    hit = False
    for rule in rules:
        if rule.id != op.rule_id or not _overlaps(rule.valid_from, rule.valid_to, start, end):
            result.append(rule)
            continue
        hit = True
        result.extend(_pieces(rule, start, end, scenario.name))
        if isinstance(op, OverrideRule):
            result.append(_changed(rule, op, scenario, where))
    if not hit:
        raise InputError(
            f"rule {op.rule_id!r} is not in force between {start} and {end or 'open'}",
            field=f"{where}.from",
        )
    return result


def _pieces(rule: AnyRule, start: date, end: date | None, name: str) -> list[AnyRule]:
    """What is left of ``rule`` outside [start, end): a part before and a part after."""
    kept: list[AnyRule] = []
    if rule.valid_from < start:
        kept.append(rule.model_copy(update={"valid_to": start}))
    if end is not None and (rule.valid_to is None or end < rule.valid_to):
        after = rule.model_copy(update={"valid_from": end, "id": f"{rule.id}.after-{name}"})
        kept.append(after)
    return kept


def _changed(rule: AnyRule, op: OverrideRule, scenario: Scenario, where: str) -> AnyRule:
    start, end = op.span()
    begin = max(rule.valid_from, start)
    finish = _earliest(rule.valid_to, end)
    data = {
        **rule.model_dump(exclude_unset=True),  # a default stays a default (see RegimeRule)
        "status": scenario.status,
        "source_id": scenario.source_id,
        **op.set,
        "id": f"{rule.id}.{scenario.name}",
        "subject": rule.subject_key,
        "valid_from": begin,
        "valid_to": finish,
    }
    return _validated(data, f"{where}.set")


def _retariffed(
    tariff: dict[str, dict[str, list[TariffLine]]], op: SetTariff, scenario: Scenario
) -> dict[str, dict[str, list[TariffLine]]]:
    start, end = op.span()
    column = dict(tariff.get(op.column, {}))
    kept: list[TariffLine] = []
    for line in column.get(op.hs, []):
        if not _overlaps(line.valid_from, line.valid_to, start, end):
            kept.append(line)
            continue
        if line.valid_from < start:
            kept.append(line.model_copy(update={"valid_to": start}))
        if end is not None and (line.valid_to is None or end < line.valid_to):
            kept.append(line.model_copy(update={"valid_from": end}))
    new = TariffLine(
        hs=op.hs,
        column=op.column,
        expression=op.expression,
        valid_from=start,
        valid_to=end,
        source_id=scenario.source_id,
        status=scenario.status,
        description=f"scenario {scenario.name}",
    )
    column[op.hs] = sorted([*kept, new], key=lambda line: line.valid_from)
    return {**tariff, op.column: column}


def _overlaps(a_from: date, a_to: date | None, b_from: date, b_to: date | None) -> bool:
    return (a_to is None or b_from < a_to) and (b_to is None or a_from < b_to)


def _earliest(first: date | None, second: date | None) -> date | None:
    dates = [d for d in (first, second) if d is not None]
    return min(dates) if dates else None


def _check_overlaps(rules: list[AnyRule], code: str) -> None:
    by_subject: dict[str, list[AnyRule]] = {}
    for rule in rules:
        by_subject.setdefault(rule.subject_key, []).append(rule)
    for subject, dated in by_subject.items():
        ordered = sorted(dated, key=lambda rule: rule.valid_from)
        for first, second in itertools.pairwise(ordered):
            if first.valid_to is None or second.valid_from < first.valid_to:
                raise InputError(
                    f"in pack {code}, rules {first.id} and {second.id} overlap in time on "
                    f"subject {subject!r}: override or remove the old rule instead of adding",
                    field="operations",
                )
