"""Read a pack directory and validate it.

A pack directory holds ``pack.yaml``, ``sources.csv``, ``rules.yaml``, optional generated
``sources_*.csv`` and ``rules_*.yaml`` (written by the importers), ``tariff.csv`` and
``lists/*.csv`` (code lists that measures refer to). A pack whose tariff keeps preferential
rates as published text also has ``special.csv`` (national code -> dated special text) and
``special_programmes.csv`` (indicator -> the preference scheme that claims it); both are read
only when a line first claims such a scheme, so loading the pack does not pay for them.
An HS 2017-based tariff may list in ``hs2022_unmapped.csv`` (``hs,reason,hs2017,source_id``)
the HS 2022 subheadings it has no line for, with why and the HS 2017 codes to quote instead.

Validation at load: every rule parses, names a known source, has ``valid_to`` after
``valid_from``, and no two rules on one subject overlap in time. A broken pack fails
loudly with :class:`PackError` naming the file, row and field.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from importlib.resources.abc import Traversable
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from chuhai.domain.pack import Pack, Unmapped
from chuhai.domain.rule_schema import AnyRule, PackHeader, Source, Status, TariffLine
from chuhai.domain.us_special import INDICATORS, SpecialColumn, SpecialRow
from chuhai.errors import PackError

_RULES = TypeAdapter(list[AnyRule])
UNMAPPED_FILE = "hs2022_unmapped.csv"
# libyaml's loader when PyYAML was built with it: the same safe subset, ten times faster.
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_pack(directory: Traversable, *, parent: Pack | None = None) -> Pack:
    """Load and validate the pack in ``directory``."""
    header = _model(PackHeader, _yaml(directory / "pack.yaml"), directory / "pack.yaml")
    sources = {
        s.source_id: s for f in pack_files(directory, "sources", ".csv") for s in _sources(f)
    }
    rules = [rule for f in pack_files(directory, "rules", ".yaml") for rule in _rules(f)]
    tariff_file = directory / "tariff.csv"
    tariff_rows = list(_tariff(tariff_file)) if tariff_file.is_file() else []
    lists_dir = directory / "lists"
    hs_lists = {
        entry.name.removesuffix(".csv"): _codes(entry)
        for entry in (lists_dir.iterdir() if lists_dir.is_dir() else ())
        if entry.name.endswith(".csv")
    }
    pack = Pack(
        header=header,
        sources=sources,
        rules=rules,
        tariff=_index(tariff_rows),
        hs_lists=hs_lists,
        parent=parent,
        special=_special(directory) if (directory / "special.csv").is_file() else None,
    )
    validate_pack(pack, tariff_rows=tariff_rows, where=str(directory))
    if (directory / UNMAPPED_FILE).is_file():
        pack.unmapped = _unmapped(directory / UNMAPPED_FILE, pack)
    return pack


def pack_files(directory: Traversable, stem: str, suffix: str) -> list[Traversable]:
    """``stem.suffix`` then any generated ``stem_*.suffix`` (e.g. rules_s301.yaml), sorted."""
    named = [
        entry
        for entry in directory.iterdir()
        if entry.name == stem + suffix
        or (entry.name.startswith(stem + "_") and entry.name.endswith(suffix))
    ]
    return sorted(named, key=lambda entry: (entry.name != stem + suffix, entry.name))


def validate_pack(pack: Pack, *, tariff_rows: Iterable[TariffLine], where: str) -> None:
    """Check sources, date ranges, overlaps and code lists; raise :class:`PackError`."""
    known = {sid for p in pack.lineage() for sid in p.sources}
    spans: dict[str, list[tuple[Any, Any, str]]] = defaultdict(list)
    for rule in pack.rules:
        _check_span(rule.id, rule.valid_from, rule.valid_to, where)
        if rule.source_id not in known:
            raise PackError(f"rule {rule.id} cites unknown source {rule.source_id!r}", file=where)
        hs_list = getattr(rule, "hs_list", None)
        if hs_list is not None:
            pack.hs_list(hs_list)
        spans[rule.subject_key].append((rule.valid_from, rule.valid_to, rule.id))
    for subject, dated in spans.items():
        _check_overlaps(subject, dated, where)
    _validate_tariff(pack, tariff_rows, known, where)


def _validate_tariff(pack: Pack, rows: Iterable[TariffLine], known: set[str], where: str) -> None:
    """Tariff lines: spans and sources per row, overlaps per (column, code) from the index."""
    for row in rows:
        if row.valid_to is not None and row.valid_to <= row.valid_from:
            _check_span(row.subject_key, row.valid_from, row.valid_to, where)
        if row.source_id not in known:
            raise PackError(
                f"tariff line {row.hs} cites unknown source {row.source_id!r}", file=where
            )
    for column, codes in pack.tariff.items():
        for code, dated in codes.items():
            if len(dated) > 1:
                spans = [(line.valid_from, line.valid_to, f"tariff {code}") for line in dated]
                _check_overlaps(f"duty:{column}:{code}", spans, where)


def _check_span(name: str, start: Any, end: Any, where: str) -> None:
    if end is not None and end <= start:
        raise PackError(f"{name}: valid_to {end} is not after valid_from {start}", file=where)


def _check_overlaps(subject: str, dated: list[tuple[Any, Any, str]], where: str) -> None:
    ordered = sorted(dated, key=lambda span: span[0])
    for (_, end, first), (start, _, second) in itertools.pairwise(ordered):
        if end is None or start < end:
            raise PackError(
                f"rules {first} and {second} overlap in time on subject {subject!r}",
                file=where,
                field="valid_from",
            )


def _yaml(path: Traversable) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise PackError(f"cannot read YAML: {exc}", file=str(path)) from None


def _model(model: Any, data: Any, path: Traversable, row: int | None = None) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _pack_error(exc, path, row) from None


def _pack_error(exc: ValidationError, path: Traversable, row: int | None) -> PackError:
    first = exc.errors()[0]
    field = ".".join(str(part) for part in first["loc"])
    return PackError(first["msg"], file=str(path), row=row, field=field)


def _rules(path: Traversable) -> list[AnyRule]:
    if not path.is_file():
        return []
    data = _yaml(path) or []
    for index, item in enumerate(data):
        try:
            _RULES.validate_python([item])
        except ValidationError as exc:
            rid = item.get("id", "?") if isinstance(item, Mapping) else "?"
            error = _pack_error(exc, path, index + 1)
            error.message = f"rule {rid}: {error.message}"
            raise error from None
    return _RULES.validate_python(data)


def _csv_rows(path: Traversable) -> Iterable[tuple[int, dict[str, str]]]:
    reader = csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
    header = next(reader, [])
    for row_number, row in enumerate(reader, start=2):
        if len(row) > len(header):
            raise PackError("more fields than the header names", file=str(path), row=row_number)
        yield row_number, dict(zip(header, row, strict=False))


def _sources(path: Traversable) -> list[Source]:
    return [_model(Source, row, path, n) for n, row in _csv_rows(path)]


def _tariff(path: Traversable) -> Iterable[TariffLine]:
    for n, row in _csv_rows(path):
        if not row.get("valid_to"):
            row["valid_to"] = None  # type: ignore[assignment]
        yield _model(TariffLine, row, path, n)


def _codes(path: Traversable) -> frozenset[str]:
    return frozenset(row["hs"] for _, row in _csv_rows(path))


def _index(rows: Iterable[TariffLine]) -> dict[str, dict[str, list[TariffLine]]]:
    index: dict[str, dict[str, list[TariffLine]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        index[row.column][row.hs].append(row)
    return {column: dict(lines) for column, lines in index.items()}


def _unmapped(path: Traversable, pack: Pack) -> dict[str, Unmapped]:
    """``hs2022_unmapped.csv``: HS 2022 subheading -> why it has no line (none may have one)."""
    known = {sid for p in pack.lineage() for sid in p.sources}
    found: dict[str, Unmapped] = {}
    for n, row in _csv_rows(path):
        problem = _unmapped_problem(row, pack, known, found)
        if problem is not None:
            raise PackError(problem[1], file=str(path), row=n, field=problem[0])
        hs2017 = tuple(row.get("hs2017", "").split())
        found[row["hs"]] = Unmapped(row["reason"], hs2017, row["source_id"])
    return found


def _unmapped_problem(
    row: Mapping[str, str], pack: Pack, known: set[str], found: Mapping[str, Unmapped]
) -> tuple[str, str] | None:
    """The field and what is wrong with one ``hs2022_unmapped.csv`` row, or None."""
    code, hs2017 = row.get("hs", ""), row.get("hs2017", "")
    if not _is_hs6(code):
        return "hs", f"{code!r} is not a 6-digit code"
    if code in found:
        return "hs", f"{code} is listed twice"
    if any(code in lines for lines in pack.tariff.values()):
        return "hs", f"{code} has a tariff line, so it is not unmapped"
    if not all(_is_hs6(old) for old in hs2017.split()):
        return "hs2017", f"{hs2017!r} is not a space-separated list of 6-digit codes"
    if not row.get("reason", "").strip():
        return "reason", "no reason given"
    if row.get("source_id") not in known:
        return "source_id", f"unknown source {row.get('source_id')!r}"
    return None


def _is_hs6(code: str) -> bool:
    return len(code) == 6 and code.isdigit()


def _special(directory: Traversable) -> SpecialColumn:
    return SpecialColumn(
        load_rows=lambda: _special_rows(directory / "special.csv", directory),
        load_schemes=lambda: _special_schemes(directory / "special_programmes.csv"),
    )


def _special_rows(path: Traversable, directory: Traversable) -> dict[str, list[SpecialRow]]:
    """``special.csv``: code -> dated texts, each citing a source of the pack, none overlapping."""
    known = {s.source_id for f in pack_files(directory, "sources", ".csv") for s in _sources(f)}
    rows: dict[str, list[SpecialRow]] = defaultdict(list)
    for n, row in _csv_rows(path):
        try:
            special = SpecialRow(
                text=row["special"],
                valid_from=date.fromisoformat(row["valid_from"]),
                valid_to=date.fromisoformat(row["valid_to"]) if row["valid_to"] else None,
                source_id=row["source_id"],
                status=Status(row["status"]),
            )
        except (KeyError, ValueError) as exc:
            raise PackError(f"unreadable special row: {exc}", file=str(path), row=n) from None
        if special.source_id not in known:
            raise PackError(f"unknown source {special.source_id!r}", file=str(path), row=n)
        _check_span(f"special {row['hs']}", special.valid_from, special.valid_to, str(path))
        rows[row["hs"]].append(special)
    for code, dated in rows.items():
        if len(dated) > 1:
            spans = [(r.valid_from, r.valid_to, f"special {code}") for r in dated]
            _check_overlaps(f"special:{code}", spans, str(path))
    return dict(rows)


def _special_schemes(path: Traversable) -> dict[str, tuple[str, ...]]:
    """``special_programmes.csv``: scheme -> its indicators (rows without a scheme are
    programmes the pack leaves out, each with its reason)."""
    schemes: dict[str, list[str]] = defaultdict(list)
    if not path.is_file():  # no programme table: no scheme is read from the special texts
        return {}
    for n, row in _csv_rows(path):
        if row.get("indicator") not in INDICATORS:
            raise PackError("unknown programme indicator", file=str(path), row=n, field="indicator")
        if row.get("scheme"):
            schemes[row["scheme"]].append(row["indicator"])
    return {scheme: tuple(indicators) for scheme, indicators in schemes.items()}


def special_figures(pack: Pack) -> dict[str, Any]:
    """Lines with special text and the schemes read from it (for coverage; reads the files)."""
    special = pack.tariff_pack().special if any(p.tariff for p in pack.lineage()) else None
    if special is None:
        return {}
    rows: Mapping[str, Sequence[SpecialRow]] = special.rows()
    return {
        "special_lines": len(rows),
        "special_rows": sum(len(dated) for dated in rows.values()),
        "special_schemes": sorted(special.schemes()),
    }
