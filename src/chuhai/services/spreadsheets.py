"""Reading uploaded tables: CSV (UTF-8, or GB18030 as Chinese Excel saves it) and Excel .xlsx.

Rows are numbered as the user sees them in a spreadsheet: the header is row 1.

>>> table = read_table("p.csv", "sku,unit_cost\\nA,1.50\\n\\nB,2\\n".encode())
>>> table.header, table.rows
(['sku', 'unit_cost'], [(2, {'sku': 'A', 'unit_cost': '1.50'}), (4, {'sku': 'B', 'unit_cost': '2'})])
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath

from chuhai.errors import InputError

MAX_BYTES = 5_000_000
MAX_ROWS = 10_000


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]


def read_table(filename: str, content: bytes) -> Table:
    """The header (lower-cased) and non-blank rows of a .csv or .xlsx file."""
    if len(content) > MAX_BYTES:
        raise InputError(f"larger than {MAX_BYTES // 1_000_000} MB", file=filename, field="file")
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".csv":
        lines = list(csv.reader(io.StringIO(_decode(content, filename))))
    elif suffix in (".xlsx", ".xlsm"):
        lines = _xlsx_lines(content, filename)
    else:
        raise InputError("upload a .csv or .xlsx file", file=filename, field="file")
    return _table(lines, filename)


def _decode(content: bytes, filename: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("not UTF-8 or GB18030 text", file=filename, field="file")


def _xlsx_lines(content: bytes, filename: str) -> list[list[str]]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]  # no stubs; lazy import

    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (data validation, styles); the cells stay.
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise InputError("not a readable Excel .xlsx file", file=filename, field="file") from None
    try:
        sheet = book.worksheets[0]
        return [[_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _cell(value: object) -> str:
    """A cell as the text the user typed: 550.0 is '550', 38.5 is '38.5' (never a float)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _table(lines: Iterable[Sequence[str]], filename: str) -> Table:
    iterator = iter(lines)
    header = [name.strip().lower() for name in next(iterator, [])]
    while header and header[-1] == "":
        header.pop()
    if not header:
        raise InputError("the file is empty; the first row names the columns", file=filename)
    rows: list[tuple[int, dict[str, str]]] = []
    for number, line in enumerate(iterator, start=2):
        cells = [cell.strip() for cell in line]
        if not any(cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise InputError(f"more than {MAX_ROWS} rows", file=filename, row=number)
        rows.append((number, dict(zip(header, [*cells, *[""] * len(header)], strict=False))))
    return Table(header=header, rows=rows)
