"""A loaded rule pack: header, sources, dated rules and tariff lines, with its parent.

A member state of a customs union (DE in the EU) is its own pack whose ``parent`` carries
the common tariff, regimes and fees; the child adds its VAT and national fees.

A tariff may also keep preferential rates as published text (the US "Special" column,
:mod:`chuhai.domain.us_special`), read only when a line first claims such a preference.

An HS 2017-based tariff (GB, EU) lists the HS 2022 subheadings it cannot map in
``unmapped``: a code under one of them fails with why and the HS 2017 codes to give instead.

>>> gone = Unmapped(reason="new in HS 2022", hs2017=("620111", "620191"), source_id="s")
>>> print(gone.message("62014000", pack="GB"))  # doctest: +NORMALIZE_WHITESPACE
62014000 (HS 2022 subheading 6201.40) is not in the GB tariff, which uses HS 2017 codes:
new in HS 2022; quote the HS 2017 code instead: a national line under HS 2017 6201.11 or 6201.91
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from chuhai.domain.rule_schema import AnyRule, PackHeader, Rule, Source, TariffLine
from chuhai.domain.us_special import SpecialColumn
from chuhai.errors import OutOfCoverage, RuleNotFoundError

R = TypeVar("R", bound=Rule)


@dataclass(frozen=True)
class TariffMatch:
    """The tariff line a code resolved to, and how (exact, a parent line, or uniform children)."""

    line: TariffLine
    how: str  # "exact" | "parent" | "children"


@dataclass(frozen=True)
class Unmapped:
    """An HS 2022 subheading an HS 2017-based tariff has no line for, and why."""

    reason: str
    hs2017: tuple[str, ...]  # HS 2017 subheadings to quote instead (may be empty)
    source_id: str

    def message(self, hs_code: str, *, pack: str) -> str:
        """What a quote on ``hs_code`` (under this subheading) tells the user."""
        sub = _dotted(hs_code[:6])
        asked = (
            f"HS 2022 subheading {sub}"
            if len(hs_code) == 6
            else f"{hs_code} (HS 2022 subheading {sub})"
        )
        return (
            f"{asked} is not in the {pack} tariff, which uses HS 2017 codes: {self.reason}; "
            f"quote the HS 2017 code instead: {self._instead(hs_code[:4])}"
        )

    def _instead(self, heading: str) -> str:
        codes = [_dotted(code) for code in self.hs2017]
        if not codes:
            return f"the HS 2017 code of these goods (HS 2022 removed none from heading {heading})"
        listed = f"{', '.join(codes[:-1])} or {codes[-1]}" if len(codes) > 1 else codes[0]
        return f"a national line under HS 2017 {listed}"


@dataclass(eq=False)
class Pack:
    header: PackHeader
    sources: dict[str, Source]
    rules: list[AnyRule]
    tariff: dict[str, dict[str, list[TariffLine]]]  # column -> code -> dated lines
    hs_lists: dict[str, frozenset[str]] = field(default_factory=dict)
    parent: Pack | None = None
    special: SpecialColumn | None = None  # preference rates kept as text, read lazily
    unmapped: Mapping[str, Unmapped] = field(default_factory=dict)  # HS 2022 6-digit -> why
    _sorted: dict[str, list[str]] = field(default_factory=dict, init=False, repr=False)

    @property
    def code(self) -> str:
        return self.header.jurisdiction

    @property
    def version(self) -> str:
        return self.header.version

    def lineage(self) -> Iterator[Pack]:
        """This pack, then its parent (customs union), and so on."""
        pack: Pack | None = self
        while pack is not None:
            yield pack
            pack = pack.parent

    def versions(self) -> dict[str, str]:
        return {pack.code: pack.version for pack in self.lineage()}

    def check_coverage(self, as_of: date) -> None:
        """Raise :class:`OutOfCoverage` when ``as_of`` lies outside any pack in the lineage."""
        for pack in self.lineage():
            header = pack.header
            if not header.coverage_from <= as_of < header.coverage_to:
                raise OutOfCoverage(
                    f"the {header.jurisdiction} pack {header.version} covers "
                    f"{header.coverage_from} to {header.coverage_to} (exclusive), not {as_of}; "
                    "supply a scenario for dates it does not cover",
                    field="date",
                )

    def source(self, source_id: str) -> Source:
        for pack in self.lineage():
            if source_id in pack.sources:
                return pack.sources[source_id]
        raise RuleNotFoundError(f"source {source_id!r} is not in pack {self.code}")

    def active(self, rule_type: type[R], as_of: date) -> list[R]:
        """Rules of one kind in force on ``as_of``, own rules before the parent's."""
        return [
            rule
            for pack in self.lineage()
            for rule in pack.rules
            if isinstance(rule, rule_type) and rule.active_on(as_of)
        ]

    def hs_list(self, name: str) -> frozenset[str]:
        for pack in self.lineage():
            if name in pack.hs_lists:
                return pack.hs_lists[name]
        raise RuleNotFoundError(f"code list {name!r} is not in pack {self.code}")

    def tariff_pack(self) -> Pack:
        """The pack that holds the tariff: this one, or the customs union's."""
        for pack in self.lineage():
            if pack.tariff:
                return pack
        raise RuleNotFoundError(f"pack {self.code} has no tariff lines", field="hs_code")

    def find_duty(self, hs_code: str, *, column: str, as_of: date) -> TariffMatch | None:
        """The rate line for ``hs_code``: exact, else the nearest parent, else uniform children.

        A preference column the tariff keeps as special text resolves the national line as
        the MFN column does, then reads that line's rate for the scheme. A code without an
        exact line under an HS 2022 subheading the tariff lists as unmapped raises
        :class:`RuleNotFoundError` saying why, rather than falling back to a parent line.
        """
        holder = self.tariff_pack()
        special = holder.special
        if column not in holder.tariff and special is not None and special.grants(column):
            return holder._find_special(special, hs_code, column, as_of)
        lines = holder.tariff.get(column, {})
        unmapped = holder.unmapped.get(hs_code[:6])
        if unmapped is not None and _active(lines.get(hs_code, ()), as_of) is None:
            raise RuleNotFoundError(unmapped.message(hs_code, pack=holder.code), field="hs_code")
        for length in range(len(hs_code), 3, -1):
            found = _active(lines.get(hs_code[:length], ()), as_of)
            if found is not None:
                return TariffMatch(found, "exact" if length == len(hs_code) else "parent")
        children = [
            line
            for code in holder._codes_under(column, hs_code)
            if (line := _active(lines[code], as_of)) is not None
        ]
        if children and len({line.expression for line in children}) == 1:
            return TariffMatch(min(children, key=lambda line: line.hs), "children")
        if children:
            self._coarse(hs_code, [f"{c.hs} ({c.expression})" for c in children])
        return None

    def _find_special(
        self, special: SpecialColumn, hs_code: str, column: str, as_of: date
    ) -> TariffMatch | None:
        mfn = self.tariff.get("mfn", {})
        for length in range(len(hs_code), 3, -1):
            code = hs_code[:length]
            if _active(mfn.get(code, ()), as_of) is not None:
                line = special.line(code, scheme=column, as_of=as_of)
                how = "exact" if length == len(hs_code) else "parent"
                return TariffMatch(line, how) if line is not None else None
        children = {
            code: special.line(code, scheme=column, as_of=as_of)
            for code in self._codes_under("mfn", hs_code)
            if _active(mfn[code], as_of) is not None
        }
        rates = {line.expression if line else None for line in children.values()}
        if len(rates) > 1:
            self._coarse(
                hs_code,
                [f"{c} ({line.expression if line else 'none'})" for c, line in children.items()],
            )
        found = [line for line in children.values() if line is not None]
        return TariffMatch(min(found, key=lambda line: line.hs), "children") if found else None

    def lines_under(self, prefix: str, *, column: str = "mfn", as_of: date) -> list[TariffLine]:
        """The tariff's lines in force on ``as_of`` whose code starts with ``prefix``, in order."""
        holder = self.tariff_pack()
        lines = holder.tariff.get(column, {})
        found = (_active(lines[code], as_of) for code in holder._codes_under(column, prefix))
        return [line for line in found if line is not None]

    def _codes_under(self, column: str, prefix: str) -> list[str]:
        """The column's codes that start with ``prefix``, in order (a sorted index, built once)."""
        codes = self._sorted.get(column)
        if codes is None:
            codes = self._sorted[column] = sorted(self.tariff.get(column, {}))
        return codes[bisect.bisect_left(codes, prefix) : bisect.bisect_left(codes, prefix + ":")]

    def _coarse(self, hs_code: str, lines: list[str]) -> None:
        listed = ", ".join(sorted(lines)[:8])
        raise RuleNotFoundError(
            f"{hs_code} is coarser than the {self.code} tariff and its lines differ: "
            f"{listed}; give the national line",
            field="hs_code",
        )


def _active(lines: Sequence[TariffLine], as_of: date) -> TariffLine | None:
    for line in lines:
        if line.active_on(as_of):
            return line
    return None


def _dotted(code: str) -> str:
    return f"{code[:4]}.{code[4:]}"
