"""Catalogues in and results out, chunk by chunk: CSV, Parquet and Excel (.xlsx).

Readers yield the raw rows of a file a chunk at a time (all values as text; see
:mod:`chuhai.batch.catalogue`), so memory follows the chunk size, not the file. Writers
append chunks to a temporary file beside the target and move it into place only on
:meth:`Writer.commit`: a run that fails writes nothing.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import polars as pl
import pyarrow.parquet as pq  # type: ignore[import-untyped]
from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]

from chuhai.errors import InputError

__all__ = ["FORMATS", "Writer", "count_rows", "file_format", "read_chunks"]

FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet", ".xlsx": "xlsx"}
EXCEL_MAX_ROWS = 1_048_576
PARQUET_ROW_GROUP = 500_000  # rows gathered into one Parquet row group before writing


def file_format(path: Path) -> str:
    """``csv``, ``parquet`` or ``xlsx`` from the file's suffix."""
    found = FORMATS.get(path.suffix.lower())
    if found is None:
        raise InputError(
            f"unsupported file type {path.suffix or '(none)'}: use .csv, .parquet or .xlsx",
            file=str(path),
        )
    return found


def read_chunks(path: Path, *, chunk_size: int) -> Iterator[tuple[pl.DataFrame, int]]:
    """Raw rows of ``path`` in chunks, with the spreadsheet row number of each first row."""
    if not path.is_file():
        raise InputError("no such file", file=str(path))
    kind = file_format(path)
    row = 2  # the header is row 1
    try:
        for frame in _frames(path, kind, chunk_size):
            if frame.height:
                yield frame, row
                row += frame.height
    except (pl.exceptions.PolarsError, OSError, ValueError) as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError(f"cannot read the catalogue: {exc}", file=str(path)) from None


def _frames(path: Path, kind: str, chunk_size: int) -> Iterator[pl.DataFrame]:
    if kind == "xlsx":
        yield from _excel(path, chunk_size)
        return
    lazy = pl.scan_csv(path, infer_schema=False) if kind == "csv" else pl.scan_parquet(path)
    yield from lazy.collect_batches(chunk_size=chunk_size)


def _excel(path: Path, chunk_size: int) -> Iterator[pl.DataFrame]:
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = [str(cell).strip() if cell is not None else "" for cell in next(rows, ())]
        batch: list[list[str | None]] = []
        for values in rows:
            batch.append([_cell(v) for v in values][: len(header)])
            if len(batch) >= chunk_size:
                yield _excel_frame(header, batch)
                batch = []
        if batch:
            yield _excel_frame(header, batch)
    finally:
        book.close()


def _cell(value: Any) -> str | None:
    """A cell as text; a float as its shortest decimal form (what the spreadsheet shows)."""
    if value is None:
        return None
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    return str(value)


def _excel_frame(header: list[str], rows: list[list[str | None]]) -> pl.DataFrame:
    width = len(header)
    padded = [row + [None] * (width - len(row)) for row in rows]
    columns = {name: [row[i] for row in padded] for i, name in enumerate(header) if name}
    return pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.Utf8))


class Writer:
    """Append frames to ``path`` (CSV, Parquet or .xlsx); nothing appears until commit()."""

    def __init__(self, path: Path, schema: dict[str, pl.DataType]) -> None:
        self.path = path
        self.kind = file_format(path)
        self.schema = schema
        self.rows = 0
        handle, name = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".part", dir=path.parent or Path(".")
        )
        os.close(handle)
        self._temp = Path(name)
        self._csv: IO[bytes] | None = None
        self._parquet: Any = None
        self._pending: list[pl.DataFrame] = []  # frames of the next Parquet row group
        self._pending_rows = 0
        self._book: Any = None
        self._sheet: Any = None

    def write(self, frame: pl.DataFrame) -> None:
        if dict(frame.schema) != self.schema:
            frame = frame.select(pl.col(name).cast(dtype) for name, dtype in self.schema.items())
        if self.kind == "csv":
            self._write_csv(frame)
        elif self.kind == "parquet":
            self._write_parquet(frame)
        else:
            self._write_excel(frame)
        self.rows += frame.height

    def _write_csv(self, frame: pl.DataFrame) -> None:
        first = self._csv is None
        if self._csv is None:
            self._csv = self._temp.open("wb")
        frame.write_csv(self._csv, include_header=first)

    def _write_parquet(self, frame: pl.DataFrame) -> None:
        """Frames are gathered into row groups of about :data:`PARQUET_ROW_GROUP` rows:
        one small row group per frame costs more than the values themselves."""
        self._pending.append(frame)
        self._pending_rows += frame.height
        if self._pending_rows >= PARQUET_ROW_GROUP:
            self._flush_parquet()

    def _flush_parquet(self) -> None:
        if not self._pending:
            return
        frames, self._pending, self._pending_rows = self._pending, [], 0
        # Arrow's string views are Polars' own strings: no copy (the default compatibility
        # level copies every string column into a large_string). The file keeps plain UTF-8
        # columns: the Arrow schema (which would say string_view) is not stored.
        combined = pl.concat(frames, rechunk=False) if len(frames) > 1 else frames[0]
        table = combined.to_arrow(compat_level=pl.CompatLevel.newest())
        if self._parquet is None:
            self._parquet = pq.ParquetWriter(
                self._temp, table.schema, compression="lz4", store_schema=False
            )
        self._parquet.write_table(table, row_group_size=max(table.num_rows, 1))

    def _write_excel(self, frame: pl.DataFrame) -> None:
        if self.rows + frame.height >= EXCEL_MAX_ROWS:
            raise InputError(
                f"more than {EXCEL_MAX_ROWS - 1:,} result rows do not fit in a worksheet: "
                "write .parquet or .csv",
                file=str(self.path),
            )
        if self._book is None:
            self._book = Workbook(write_only=True)
            self._sheet = self._book.create_sheet("results")
            self._sheet.append(list(self.schema))
        for row in frame.iter_rows():
            self._sheet.append(list(row))

    def commit(self) -> Path:
        """Finish the file and move it into place."""
        if self.rows == 0:
            self.write(pl.DataFrame(schema=self.schema))
        self._close()
        self._temp.replace(self.path)
        return self.path

    def discard(self) -> None:
        """Drop everything written so far."""
        self._pending, self._pending_rows = [], 0
        with contextlib.suppress(Exception):
            self._close()
        self._temp.unlink(missing_ok=True)

    def _close(self) -> None:
        if self._csv is not None:
            self._csv.close()
            self._csv = None
        if self._pending:
            self._flush_parquet()
        if self._parquet is not None:
            self._parquet.close()
            self._parquet = None
        if self._book is not None:
            self._book.save(self._temp)
            self._book = None


def count_rows(path: Path) -> int | None:
    """Data rows in ``path`` without loading it (for a progress bar); None if unknown."""
    try:
        kind = file_format(path)
        if kind == "csv":
            return int(pl.scan_csv(path, infer_schema=False).select(pl.len()).collect().item())
        if kind == "parquet":
            return int(pl.scan_parquet(path).select(pl.len()).collect().item())
        book = load_workbook(path, read_only=True)
        try:
            rows = book.worksheets[0].max_row
        finally:
            book.close()
        return None if rows is None else max(int(rows) - 1, 0)
    except Exception:
        return None
