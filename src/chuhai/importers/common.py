"""What every importer shares: reading upstream CSVs, checksums, reports and atomic writes.

An importer reads published files from a data directory, checks every row it uses and
writes a pack's generated files (``tariff.csv``, ``sources_<name>.csv``, ``rules_<name>.yaml``,
``lists/*.csv``, ``manifest_<name>.json``). A malformed row stops it with a
:class:`~chuhai.errors.PackError` naming file, row (1-based line, header = 1) and field;
nothing is written until every output is ready, so a failed import leaves the pack as it was.

>>> shorten("Live horses > Horses > Purebred breeding animals", limit=45)
'Live horses > … > Purebred breeding animals'
>>> clean_rate(" 8.30% +  EA\\n")
'8.30% + EA'
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import os
import re
import shutil
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from chuhai.domain.rule_schema import Source, TariffLine
from chuhai.errors import PackError

TARIFF_COLUMNS = (
    "hs",
    "column",
    "expression",
    "valid_from",
    "valid_to",
    "source_id",
    "status",
    "description",
)
SOURCE_COLUMNS = ("source_id", "title", "url", "publisher", "retrieved_on", "licence")
DESCRIPTION_LIMIT = 120
MAX_EXAMPLES = 5
BUILDER = "tools/build_packs.py (chuhai.importers)"
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class UpstreamFile:
    """A published file an import read: where, its checksum and size, and the rows used."""

    path: str  # relative to the data directory
    sha256: str
    size: int
    rows: int
    as_of: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "sha256": self.sha256,
            "size_bytes": self.size,
            "rows": self.rows,
            "as_of": self.as_of,
        }


@dataclass
class ImportReport:
    """What an import did: files written with their rows, upstream files, counts and skips."""

    importer: str
    files: dict[str, int] = field(default_factory=dict)  # path under packs_dir -> data rows
    upstream: list[UpstreamFile] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def skip(self, reason: str, example: str) -> None:
        """Count a skipped row under ``reason`` and keep a few examples."""
        self.skipped[reason] += 1
        if len(self.examples[reason]) < MAX_EXAMPLES:
            self.examples[reason].append(example)

    def summary(self) -> str:
        """A few lines of plain text for the CLI."""
        lines = [f"== {self.importer} =="]
        lines += [
            f"  upstream {u.path} sha256={u.sha256[:12]} rows={u.rows}" for u in self.upstream
        ]
        lines += [f"  wrote {path} ({rows} rows)" for path, rows in sorted(self.files.items())]
        lines += [f"  {key}: {n}" for key, n in sorted(self.counts.items())]
        for reason, n in sorted(self.skipped.items()):
            lines.append(f"  skipped {n}: {reason} (e.g. {'; '.join(self.examples[reason])})")
        return "\n".join(lines)


def row_error(path: Path | str, row: int | None, field_name: str | None, message: str) -> PackError:
    """A :class:`PackError` naming the upstream file, row and field."""
    return PackError(message, file=str(path), row=row, field=field_name)


def shorten(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """A one-line description of at most ``limit`` characters that keeps the path's ends."""
    text = clean_rate(text)
    if len(text) <= limit:
        return text
    parts = text.split(" > ")
    if len(parts) > 1:
        room = max(limit - len(parts[-1]) - len(" > … > "), limit // 4)
        head = parts[0] if len(parts[0]) <= room else parts[0][: room - 1].rstrip() + "…"
        text = f"{head} > … > {parts[-1]}"
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def clean_rate(text: str) -> str:
    """Rate text on one line: runs of whitespace (newlines, no-break spaces) become one space."""
    return _SPACES.sub(" ", text).strip()


def digest(path: Path) -> tuple[str, int]:
    """SHA-256 hex digest and size in bytes of a file."""
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest(), path.stat().st_size


def upstream(data_dir: Path, relative: str, *, rows: int, as_of: str) -> UpstreamFile:
    """Describe an upstream file for the manifest."""
    sha, size = digest(data_dir / relative)
    return UpstreamFile(path=relative, sha256=sha, size=size, rows=rows, as_of=as_of)


def require_file(data_dir: Path, relative: str) -> Path:
    path = data_dir / relative
    if not path.is_file():
        raise PackError(f"upstream file not found under {data_dir}", file=str(path))
    return path


def read_csv(path: Path, required: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows with their 1-based line number (header = 1); every required column must exist."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [name for name in required if name not in (reader.fieldnames or ())]
        if missing:
            raise row_error(path, 1, missing[0], "column missing from the header")
        for number, row in enumerate(reader, start=2):
            if None in row or any(row.get(name) is None for name in required):
                raise row_error(path, number, None, "row has the wrong number of fields")
            yield number, row


def parse_date(text: str, *, path: Path, row: int, field_name: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise row_error(path, row, field_name, f"not an ISO date: {text!r}") from None


def validated(model: type[BaseModel], data: Mapping[str, Any], *, where: str) -> Any:
    """Validate generated data through the pack schema before anything is written."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(part) for part in first["loc"])
        raise PackError(f"generated {where} is invalid: {first['msg']}", field=loc) from None


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """Deterministic CSV text: LF line ends, minimal quoting, ``None`` as empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow("" if value is None else value for value in row)
    return buffer.getvalue()


def tariff_csv(lines: Sequence[TariffLine]) -> str:
    """``tariff.csv`` text after an overlap check: by code, mfn first, then by date."""
    check_no_overlap(lines)
    ordered = sorted(lines, key=lambda t: (t.hs, t.column != "mfn", t.column, t.valid_from))
    return csv_text(TARIFF_COLUMNS, (_tariff_row(t) for t in ordered))


def _tariff_row(t: TariffLine) -> tuple[object, ...]:
    return (
        t.hs,
        t.column,
        t.expression,
        t.valid_from,
        t.valid_to,
        t.source_id,
        t.status.value,
        t.description,
    )


def sources_csv(sources: Sequence[Source]) -> str:
    return csv_text(
        SOURCE_COLUMNS,
        ((s.source_id, s.title, s.url, s.publisher, s.retrieved_on, s.licence) for s in sources),
    )


def list_csv(codes: Iterable[str]) -> str:
    """A code list (``lists/<name>.csv``): one column ``hs``, sorted, no duplicates."""
    return csv_text(("hs",), ((code,) for code in sorted(set(codes))))


def manifest_json(
    report: ImportReport,
    *,
    builder: str,
    notes: Sequence[str] = (),
    extra: Mapping[str, Any] | None = None,
) -> str:
    """``manifest_<name>.json``: upstream files with checksums, outputs and counts.

    ``extra`` adds importer-specific keys (before the notes)."""
    payload: dict[str, Any] = {
        "importer": report.importer,
        "builder": builder,
        "upstream": [u.to_dict() for u in report.upstream],
        "outputs": dict(sorted(report.files.items())),
        "counts": dict(sorted(report.counts.items())),
        "skipped": {
            reason: {"count": n, "examples": report.examples[reason]}
            for reason, n in sorted(report.skipped.items())
        },
        **(extra or {}),
        "notes": list(notes),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def upstream_md(report: ImportReport) -> list[str]:
    """One Markdown bullet per upstream file: path, checksum, size, rows and date."""
    return [
        f"- `{u.path}`: sha256 `{u.sha256}`, {u.size} bytes, {u.rows} rows, as of {u.as_of}."
        for u in report.upstream
    ]


def check_no_overlap(lines: Sequence[TariffLine]) -> None:
    """Two lines of one column and code must not be in force on the same day."""
    by_subject: dict[str, list[TariffLine]] = defaultdict(list)
    for line in lines:
        by_subject[line.subject_key].append(line)
    for subject, dated in by_subject.items():
        ordered = sorted(dated, key=lambda t: t.valid_from)
        for first, second in itertools.pairwise(ordered):
            if first.valid_to is None or second.valid_from < first.valid_to:
                raise PackError(f"generated lines overlap in time on {subject}", field="valid_from")


def write_pack_files(
    pack_dir: Path, files: Mapping[str, str], *, stale: Sequence[str] = ()
) -> None:
    """Write ``files`` (path under ``pack_dir`` -> text) all at once.

    Every file is first written to a temporary directory beside the pack, then renamed
    into place; files matching a ``stale`` glob that this import no longer produces are
    removed. An error before the renames leaves the pack untouched.
    """
    pack_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{pack_dir.name}-import-", dir=pack_dir.parent))
    try:
        for relative, text in files.items():
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
        for relative in files:
            (pack_dir / relative).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / relative, pack_dir / relative)
        _remove_stale(pack_dir, set(files), stale)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _remove_stale(pack_dir: Path, kept: set[str], patterns: Sequence[str]) -> None:
    for pattern in patterns:
        for path in pack_dir.glob(pattern):
            if path.relative_to(pack_dir).as_posix() not in kept:
                path.unlink()


def csv_rows(text: str) -> int:
    """Data rows of CSV text written by :func:`csv_text` (one line per row, one header)."""
    return max(text.count("\n") - 1, 0)


@dataclass(frozen=True)
class Output:
    """One generated file: its text and how many data rows (or rules) it holds."""

    text: str
    rows: int


def publish(
    packs_dir: Path,
    pack: str,
    outputs: Mapping[str, Output],
    report: ImportReport,
    *,
    manifest: str,
    stale: Sequence[str] = (),
    notes: Sequence[str] = (),
) -> None:
    """Record the outputs in ``report``, add ``manifest_<manifest>.json`` and write them all."""
    for relative, output in outputs.items():
        report.files[f"{pack}/{relative}"] = output.rows
    texts = {relative: output.text for relative, output in outputs.items()}
    manifest_file = f"manifest_{manifest}.json"
    texts[manifest_file] = manifest_json(report, builder=BUILDER, notes=notes)
    report.files[f"{pack}/{manifest_file}"] = 1
    write_pack_files(packs_dir / pack, texts, stale=stale)
