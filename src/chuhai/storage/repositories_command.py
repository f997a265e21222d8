"""SQLAlchemy repositories of the command centre (:mod:`chuhai.services.command_ports`):
export statistics, firm capacities and livestream sessions; every write is audited.

A bulk import writes one audit entry (the dataset, how many rows), not one per record.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Sequence
from datetime import datetime
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from chuhai.domain.money import Money
from chuhai.services.command_ports import ExportLine
from chuhai.services.command_records import (
    ExportDataset,
    ExportDatasetData,
    ExportRecord,
    ExportRecordData,
    FirmCapacity,
    FirmCapacityData,
    LivestreamSession,
    LivestreamSessionData,
)
from chuhai.services.records import User
from chuhai.storage.repositories import AuditedRepository, data_fields
from chuhai.storage.tables_command import (
    CapacityRow,
    ExportDatasetRow,
    ExportRecordRow,
    LivestreamRow,
)

D = TypeVar("D")
R = TypeVar("R")


def money_of(minor: int | None, currency: str | None) -> Money | None:
    """A stored amount back as Money (None when either column is empty)."""
    if minor is None or not currency:
        return None
    return Money.from_minor(minor, currency.strip())


def money_columns(value: Money | None, amount: str) -> dict[str, Any]:
    """Money as its two columns: ``<amount>`` minor units and ``currency``."""
    if value is None:
        return {amount: None, "currency": None}
    return {amount: value.to_minor(), "currency": value.currency}


class CrudRepository(AuditedRepository, Generic[D, R]):
    """get / list_all / add / update / delete of one row type, each write audited."""

    row_type: ClassVar[type[Any]]
    data_type: ClassVar[type[Any]]
    entity: ClassVar[str]
    conflict: ClassVar[tuple[str, str]] = ("exists already", "name")

    def __init__(self, session: Session, to_record: Callable[[Any], R]) -> None:
        super().__init__(session)
        self._record = to_record

    def columns(self, data: D) -> dict[str, Any]:
        return data_fields(data, self.data_type)

    def get(self, record_id: int) -> R | None:
        row = self.session.get(self.row_type, record_id)
        return self._record(row) if row else None

    def list_all(self) -> list[R]:
        rows = self.session.scalars(select(self.row_type).order_by(self.row_type.id))
        return [self._record(row) for row in rows]

    def add(self, data: D, *, actor: User | None) -> R:
        row = self.row_type(**self.columns(data))
        self.session.add(row)
        self._flush(f"{self.entity} {self.conflict[0]}", field=self.conflict[1])
        self._audit(actor, action="create", entity=self.entity, entity_id=row.id, after=data)
        return self._record(row)

    def update(self, record_id: int, data: D, *, actor: User | None) -> R:
        row = self.row(record_id)
        before = self.data_type(**data_fields(self._record(row), self.data_type))
        for name, value in self.columns(data).items():
            setattr(row, name, value)
        self._flush(f"{self.entity} {self.conflict[0]}", field=self.conflict[1])
        self._audit(
            actor,
            action="update",
            entity=self.entity,
            entity_id=record_id,
            before=before,
            after=data,
        )
        return self._record(row)

    def delete(self, record_id: int, *, actor: User | None) -> None:
        row = self.row(record_id)
        before = self.data_type(**data_fields(self._record(row), self.data_type))
        self._delete_audited(row, actor=actor, entity=self.entity, before=before)

    def row(self, record_id: int) -> Any:
        return self._must_get(self.row_type, record_id, what=self.entity)


def _dataset(row: ExportDatasetRow, count: int) -> ExportDataset:
    return ExportDataset(
        id=row.id, name=row.name, description=row.description, source=row.source,
        synthetic=row.synthetic, row_count=count, created_at=row.created_at,
        updated_at=row.updated_at,
    )  # fmt: skip


def _record(row: ExportRecordRow) -> ExportRecord:
    return ExportRecord(
        id=row.id, dataset_id=row.dataset_id, exporter=row.exporter, firm_id=row.firm_id,
        hs_code=row.hs_code, destination=row.destination, year=row.year, month=row.month,
        trade_mode=row.trade_mode, value=Money.from_minor(row.value_amount_minor, row.currency.strip()),
        quantity=row.quantity, unit=row.unit,
    )  # fmt: skip


class SqlExportRepository(AuditedRepository):
    def list_datasets(self) -> list[ExportDataset]:
        counts = dict(
            self.session.execute(
                select(ExportRecordRow.dataset_id, func.count()).group_by(
                    ExportRecordRow.dataset_id
                )
            ).all()
        )
        rows = self.session.scalars(select(ExportDatasetRow).order_by(ExportDatasetRow.id))
        return [_dataset(row, counts.get(row.id, 0)) for row in rows]

    def get_dataset_by_name(self, name: str) -> ExportDataset | None:
        row = self.session.scalar(select(ExportDatasetRow).where(ExportDatasetRow.name == name))
        if row is None:
            return None
        count = self.session.scalar(
            select(func.count()).where(ExportRecordRow.dataset_id == row.id)
        )
        return _dataset(row, count or 0)

    def add_dataset(self, data: ExportDatasetData, *, actor: User | None) -> ExportDataset:
        row = ExportDatasetRow(**data_fields(data, ExportDatasetData))
        self.session.add(row)
        self._flush(f"a dataset named {data.name!r} exists already", field="dataset")
        self._audit(actor, action="create", entity="export_dataset", entity_id=row.id, after=data)
        return _dataset(row, 0)

    def clear_dataset(self, dataset_id: int, *, actor: User | None) -> int:
        result = self.session.execute(
            delete(ExportRecordRow).where(ExportRecordRow.dataset_id == dataset_id)
        )
        removed = int(getattr(result, "rowcount", 0) or 0)
        self._audit_rows(actor, "clear", dataset_id, removed)
        return removed

    def add_records(
        self, dataset_id: int, records: Sequence[ExportRecordData], *, actor: User | None
    ) -> int:
        rows = []
        for record in records:
            columns = data_fields(record, ExportRecordData)
            value: Money = columns.pop("value")
            rows.append(
                {**columns, "dataset_id": dataset_id,
                 "value_amount_minor": value.to_minor(), "currency": value.currency}
            )  # fmt: skip
        if rows:
            self.session.execute(insert(ExportRecordRow), rows)
        self._audit_rows(actor, "import", dataset_id, len(rows))
        return len(rows)

    def _audit_rows(self, actor: User | None, action: str, dataset_id: int, rows: int) -> None:
        self._audit(
            actor,
            action=action,
            entity="export_dataset",
            entity_id=dataset_id,
            after=_RowCount(rows),
        )

    def list_records(
        self,
        *,
        firm_id: int | None = None,
        dataset_ids: Collection[int] | None = None,
        year: int | None = None,
        limit: int = 500,
        offset: int = 0,
    ) -> list[ExportRecord]:
        query = select(ExportRecordRow).order_by(ExportRecordRow.id).limit(limit).offset(offset)
        query = query.where(*self._filters(firm_id, dataset_ids))
        if year is not None:
            query = query.where(ExportRecordRow.year == year)
        return [_record(row) for row in self.session.scalars(query)]

    def list_lines(
        self,
        *,
        firm_id: int | None = None,
        dataset_ids: Collection[int] | None = None,
        linked: bool = False,
    ) -> list[ExportLine]:
        """The records as plain values; ``linked``: only those of workbench firms."""
        t = ExportRecordRow
        query = select(
            t.dataset_id, t.exporter, t.firm_id, t.hs_code, t.destination, t.year, t.month,
            t.trade_mode, t.value_amount_minor, t.currency, t.quantity,
        ).where(*self._filters(firm_id, dataset_ids))  # fmt: skip
        if linked:
            query = query.where(t.firm_id.is_not(None))
        return [
            ExportLine(*row[:7], str(row[7]), row[8], row[9].strip(), row[10])
            for row in self.session.execute(query)
        ]

    @staticmethod
    def _filters(firm_id: int | None, dataset_ids: Collection[int] | None) -> list[Any]:
        filters: list[Any] = []
        if firm_id is not None:
            filters.append(ExportRecordRow.firm_id == firm_id)
        if dataset_ids is not None:
            filters.append(ExportRecordRow.dataset_id.in_(list(dataset_ids)))
        return filters


@dataclasses.dataclass(frozen=True)
class _RowCount:
    rows: int


class SqlCapacityRepository(AuditedRepository):
    def list_capacities(self, firm_id: int | None = None) -> list[FirmCapacity]:
        query = select(CapacityRow).order_by(CapacityRow.firm_id, CapacityRow.hs_prefix)
        if firm_id is not None:
            query = query.where(CapacityRow.firm_id == firm_id)
        return [
            FirmCapacity(
                id=r.id, firm_id=r.firm_id, hs_prefix=r.hs_prefix, annual_units=r.annual_units
            )
            for r in self.session.scalars(query)
        ]

    def set_capacity(self, data: FirmCapacityData, *, actor: User | None) -> FirmCapacity:
        row = self.session.scalar(
            select(CapacityRow).where(
                CapacityRow.firm_id == data.firm_id, CapacityRow.hs_prefix == data.hs_prefix
            )
        )
        if row is None:
            row = CapacityRow(**data_fields(data, FirmCapacityData))
            self.session.add(row)
        else:
            row.annual_units = data.annual_units
        self.session.flush()
        self._audit(actor, action="set", entity="capacity", entity_id=row.id, after=data)
        return FirmCapacity(id=row.id, **data_fields(data, FirmCapacityData))


def livestream_of(row: LivestreamRow) -> LivestreamSession:
    return LivestreamSession(
        id=row.id, firm_id=row.firm_id, market=row.market, platform=row.platform,
        starts_at=row.starts_at, minutes=row.minutes, time_zone=row.time_zone, status=row.status,
        viewers=row.viewers, orders=row.orders, gmv=money_of(row.gmv_amount_minor, row.currency),
        notes=row.notes, synthetic=row.synthetic, created_at=row.created_at,
        updated_at=row.updated_at,
    )  # fmt: skip


class SqlLivestreamRepository(CrudRepository[LivestreamSessionData, LivestreamSession]):
    row_type = LivestreamRow
    data_type = LivestreamSessionData
    entity = "livestream"

    def __init__(self, session: Session) -> None:
        super().__init__(session, livestream_of)

    def columns(self, data: LivestreamSessionData) -> dict[str, Any]:
        columns = data_fields(data, LivestreamSessionData)
        gmv = columns.pop("gmv")
        return {**columns, **money_columns(gmv, "gmv_amount_minor")}

    def list_sessions(
        self,
        *,
        firm_id: int | None = None,
        starts_from: datetime | None = None,
        starts_before: datetime | None = None,
    ) -> list[LivestreamSession]:
        query = select(LivestreamRow).order_by(LivestreamRow.starts_at, LivestreamRow.id)
        if firm_id is not None:
            query = query.where(LivestreamRow.firm_id == firm_id)
        if starts_from is not None:
            query = query.where(LivestreamRow.starts_at >= starts_from)
        if starts_before is not None:
            query = query.where(LivestreamRow.starts_at < starts_before)
        return [livestream_of(row) for row in self.session.scalars(query)]
