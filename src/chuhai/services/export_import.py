"""Importing customs-style export statistics from CSV or Excel: every row, or none.

Columns (header row, any order; the header is row 1): ``firm`` (the exporter's name; linked
to a workbench firm whose English or Chinese name matches), ``hs_code`` (6 to 12 digits),
``destination`` (ISO alpha-2 or alpha-3), ``month`` (``2024-03``), ``trade_mode``
(``general`` or ``0110``, ``9610``, ``9710``, ``9810``), ``value`` (CNY, at most 2 decimals),
``quantity`` (a whole number) and optionally ``unit`` (default ``pieces``) and ``currency``
(must be CNY: customs statistics are kept in yuan).

Each import fills a named dataset; ``replace`` swaps the records of an existing dataset.
Every problem is listed with its row and field in :class:`~chuhai.errors.ImportRejected`
and nothing is written.

>>> record, problems = check_record({"firm": "A (demo)", "hs_code": "6601.99",
...     "destination": "DEU", "month": "2024-3", "trade_mode": "9610", "value": "1200.50",
...     "quantity": "40"}, row=2, firms={})
>>> record.destination, record.year, record.month, record.value, problems
('DE', 2024, 3, Money('1200.50', 'CNY'), [])
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from chuhai.domain.countries import normalise_country
from chuhai.domain.export_stats import parse_trade_mode
from chuhai.domain.money import Money, quantize, to_decimal
from chuhai.errors import ChuhaiError, ImportRejected, InputError
from chuhai.services.command_access import can_import_exports, require
from chuhai.services.command_ports import CommandUnitOfWork
from chuhai.services.command_records import ExportDatasetData, ExportRecordData
from chuhai.services.products import parse_hs_code
from chuhai.services.records import User
from chuhai.services.spreadsheets import Table, read_table

__all__ = ["COLUMNS", "REQUIRED", "ExportImport", "check_record", "import_exports", "template_csv"]

COLUMNS = (
    "firm", "hs_code", "destination", "month", "trade_mode", "value", "quantity", "unit",
    "currency",
)  # fmt: skip
REQUIRED = ("firm", "hs_code", "destination", "month", "trade_mode", "value", "quantity")
CURRENCY = "CNY"
_MONTH = re.compile(r"^(\d{4})[-/.]?(\d{1,2})(?:[-/.]\d{1,2})?(?:T[\d:]+)?$")


@dataclass(frozen=True)
class ExportImport:
    dataset: str
    rows: int
    replaced: int
    synthetic: bool

    def to_dict(self) -> dict[str, Any]:
        return {"dataset": self.dataset, "rows": self.rows, "replaced": self.replaced,
                "synthetic": self.synthetic}  # fmt: skip


def template_csv() -> str:
    """The header line and one example row of an import file.

    >>> template_csv().splitlines()[0]
    'firm,hs_code,destination,month,trade_mode,value,quantity,unit,currency'
    """
    return (
        ",".join(COLUMNS)
        + "\nExample Umbrella Co.,6601.99,DE,2024-03,9610,125000.00,5000,pieces,CNY\n"
    )


def _text(limit: int) -> Callable[[object], str]:
    def parse(value: object) -> str:
        text = "" if value is None else str(value).strip()
        if not text:
            raise InputError("required")
        if len(text) > limit:
            raise InputError(f"at most {limit} characters")
        return text

    return parse


def parse_month(value: object) -> tuple[int, int]:
    """``2024-03``, ``2024/3``, ``202403`` or a spreadsheet date -> (2024, 3)."""
    text = str(value or "").strip()
    found = _MONTH.match(text)
    if not found:
        raise InputError(f"a month is written 2024-03; got {text!r}")
    year, month = int(found[1]), int(found[2])
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise InputError(f"not a month: {text!r}")
    return year, month


def _destination(value: object) -> str:
    code = normalise_country(str(value or ""), field="destination")
    if code == "CN":
        raise InputError("an export goes abroad: the destination cannot be CN")
    return code


def _value(value: object) -> Money:
    amount = to_decimal(str(value or "").strip(), field="value")
    money = Money(amount, CURRENCY)
    if amount < 0:
        raise InputError(f"must be at least zero; got {value!r}")
    if quantize(money).amount != amount:
        raise InputError(f"CNY has 2 decimal places; got {value!r}")
    return quantize(money)


def _quantity(value: object) -> int:
    number = to_decimal(str(value or "").strip(), field="quantity")
    if number < 0 or number != number.to_integral_value():
        raise InputError(f"a whole number, at least zero; got {value!r}")
    return int(number)


def _currency(value: object) -> str:
    text = str(value or CURRENCY).strip().upper()
    if text != CURRENCY:
        raise InputError(f"export statistics are in CNY; got {text!r}")
    return text


def _unit(value: object) -> str:
    text = str(value or "").strip() or "pieces"
    if len(text) > 16:
        raise InputError("at most 16 characters")
    return text


_PARSERS: dict[str, Callable[[object], Any]] = {
    "firm": _text(200), "hs_code": parse_hs_code, "destination": _destination,
    "month": parse_month, "trade_mode": parse_trade_mode, "value": _value,
    "quantity": _quantity, "unit": _unit, "currency": _currency,
}  # fmt: skip


def check_record(
    values: Mapping[str, object], *, row: int, firms: Mapping[str, int]
) -> tuple[ExportRecordData | None, list[ChuhaiError]]:
    """The record, or ``None`` and every problem of the row (each naming row and field).

    ``firms`` maps lower-cased firm names (English and Chinese) to workbench firm ids.
    """
    parsed: dict[str, Any] = {}
    problems: list[ChuhaiError] = []
    for field, parse in _PARSERS.items():
        try:
            parsed[field] = parse(values.get(field))
        except ChuhaiError as error:
            problems.append(InputError(error.message, field=field, row=row))
    if problems:
        return None, problems
    year, month = parsed["month"]
    return ExportRecordData(
        exporter=parsed["firm"], firm_id=firms.get(parsed["firm"].lower()),
        hs_code=parsed["hs_code"], destination=parsed["destination"], year=year, month=month,
        trade_mode=parsed["trade_mode"], value=parsed["value"], quantity=parsed["quantity"],
        unit=parsed["unit"],
    ), []  # fmt: skip


def _check(table: Table, filename: str, firms: Mapping[str, int]) -> list[ExportRecordData]:
    problems: list[ChuhaiError] = [
        InputError(f"unknown column; columns are {', '.join(COLUMNS)}", field=name, row=1)
        for name in table.header
        if name not in COLUMNS
    ]
    problems += [
        InputError("required column is missing", field=name, row=1)
        for name in REQUIRED
        if name not in table.header
    ]
    if problems:
        raise ImportRejected(problems, file=filename)
    records = []
    for number, values in table.rows:
        record, row_problems = check_record(values, row=number, firms=firms)
        problems.extend(row_problems)
        if record is not None:
            records.append(record)
    if not table.rows:
        problems.append(InputError("no rows under the header", row=2))
    if problems:
        raise ImportRejected(problems, file=filename)
    return records


def _dataset_name(name: str) -> str:
    text = name.strip()
    if not text or len(text) > 100:
        raise InputError("name the dataset (1 to 100 characters)", field="dataset")
    return text


def import_exports(
    uow: CommandUnitOfWork,
    actor: User | None,
    *,
    filename: str,
    content: bytes,
    dataset: str,
    synthetic: bool = False,
    replace: bool = False,
    description: str = "",
) -> ExportImport:
    """Write the file's records into ``dataset``, or raise naming every bad row and field."""
    if actor is not None:
        require(can_import_exports(actor), "analysts and admins import export statistics")
    name = _dataset_name(dataset)
    table = read_table(filename, content)
    with uow:
        firms = {
            key.lower(): firm.id
            for firm in uow.firms.list_firms()
            for key in (firm.name, firm.name_zh)
            if key
        }
        records = _check(table, filename, firms)
        found = uow.exports.get_dataset_by_name(name)
        if found is not None and not replace:
            raise InputError(
                f"a dataset named {name!r} exists; choose another name or replace it",
                field="dataset",
            )
        if found is None:
            data = ExportDatasetData(name=name, description=description, source=filename,
                                     synthetic=synthetic)  # fmt: skip
            found = uow.exports.add_dataset(data, actor=actor)
        replaced = uow.exports.clear_dataset(found.id, actor=actor) if replace else 0
        rows = uow.exports.add_records(found.id, records, actor=actor)
        uow.commit()
    return ExportImport(name, rows, replaced, found.synthetic)
