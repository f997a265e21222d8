"""Importing a firm's products from CSV or Excel: all rows or none.

Each row is checked in full; if any row (or the header) has a problem, nothing is written
and :class:`~chuhai.errors.ImportRejected` lists every problem by row and field. Otherwise
rows with a new SKU create products and rows with a known SKU update them.
"""

from __future__ import annotations

from dataclasses import dataclass

from chuhai.errors import ChuhaiError, ImportRejected, InputError, NotFoundError
from chuhai.services.accounts import can_edit_firm, require
from chuhai.services.ports import UnitOfWork
from chuhai.services.products import COLUMNS, REQUIRED, check_product
from chuhai.services.records import ProductData, User
from chuhai.services.spreadsheets import Table, read_table


@dataclass(frozen=True)
class ImportReport:
    created: int
    updated: int

    @property
    def rows(self) -> int:
        return self.created + self.updated


def template_csv() -> str:
    """The header line (and one example row) of an import file.

    >>> template_csv().splitlines()[0]
    'sku,name,name_zh,description,hs_code,origin,unit_cost,currency,unit_weight_g,length_mm,width_mm,height_mm'
    """
    example = "UMB-001,Stick umbrella 90 cm,直柄伞 90厘米,,6601.99,CN,38.50,CNY,550,900,80,80"
    return ",".join(COLUMNS) + "\n" + example + "\n"


def import_products(
    uow: UnitOfWork, actor: User, *, firm_id: int, filename: str, content: bytes
) -> ImportReport:
    """Create or update the products in the file, or raise naming every bad row and field."""
    require(can_edit_firm(actor, firm_id), "you may only change your own firm's products")
    table = read_table(filename, content)
    products = _check(table, filename)
    with uow:
        if uow.firms.get(firm_id) is None:
            raise NotFoundError(f"no firm {firm_id}", field="firm_id")
        created = updated = 0
        for data in products:
            existing = uow.products.get_by_sku(firm_id, data.sku)
            if existing is None:
                uow.products.add(firm_id, data, actor=actor)
                created += 1
            else:
                uow.products.update(existing.id, data, actor=actor)
                updated += 1
        uow.commit()
    return ImportReport(created=created, updated=updated)


def _check(table: Table, filename: str) -> list[ProductData]:
    problems = _header_problems(table.header)
    if problems:
        raise ImportRejected(problems, file=filename)
    products: list[ProductData] = []
    first_row: dict[str, int] = {}
    for number, values in table.rows:
        data, row_problems = check_product(values, row=number)
        problems.extend(row_problems)
        if data is None:
            continue
        if data.sku in first_row:
            problems.append(
                InputError(f"SKU repeats row {first_row[data.sku]}", field="sku", row=number)
            )
        first_row.setdefault(data.sku, number)
        products.append(data)
    if not table.rows:
        problems.append(InputError("no product rows under the header", row=2))
    if problems:
        raise ImportRejected(problems, file=filename)
    return products


def _header_problems(header: list[str]) -> list[ChuhaiError]:
    problems: list[ChuhaiError] = [
        InputError(f"unknown column; columns are {', '.join(COLUMNS)}", field=name, row=1)
        for name in header
        if name not in COLUMNS
    ]
    problems += [
        InputError("required column is missing", field=name, row=1)
        for name in REQUIRED
        if name not in header
    ]
    return problems
