"""The repositories of the command centre and the unit of work that carries them.

As in :mod:`chuhai.services.ports`, every write takes the acting user (``None`` for the
system: the demo loader, the CLI) and is audited in the same transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import NamedTuple, Protocol, TypeVar

from chuhai.services.command_records import (
    Association,
    AssociationData,
    Buyer,
    BuyerData,
    Deal,
    DealData,
    Event,
    EventData,
    ExportDataset,
    ExportDatasetData,
    ExportRecord,
    ExportRecordData,
    FirmCapacity,
    FirmCapacityData,
    LivestreamSession,
    LivestreamSessionData,
    Match,
    MatchData,
    Meeting,
    MeetingData,
    Registration,
    RegistrationData,
)
from chuhai.services.ports import UnitOfWork
from chuhai.services.records import User

D = TypeVar("D", contravariant=True)
R = TypeVar("R")


class ExportLine(NamedTuple):
    """A record as plain values, for aggregation without building a Money per row."""

    dataset_id: int
    exporter: str
    firm_id: int | None
    hs_code: str
    destination: str
    year: int
    month: int
    trade_mode: str
    value_minor: int
    currency: str
    quantity: int


class ExportRepository(Protocol):
    def list_datasets(self) -> list[ExportDataset]: ...
    def get_dataset_by_name(self, name: str) -> ExportDataset | None: ...
    def add_dataset(self, data: ExportDatasetData, *, actor: User | None) -> ExportDataset: ...
    def clear_dataset(self, dataset_id: int, *, actor: User | None) -> int: ...
    def add_records(
        self, dataset_id: int, records: Sequence[ExportRecordData], *, actor: User | None
    ) -> int: ...
    def list_records(
        self,
        *,
        firm_id: int | None = None,
        dataset_ids: Collection[int] | None = None,
        year: int | None = None,
        limit: int = 500,
        offset: int = 0,
    ) -> list[ExportRecord]: ...
    def list_lines(
        self,
        *,
        firm_id: int | None = None,
        dataset_ids: Collection[int] | None = None,
        linked: bool = False,
    ) -> list[ExportLine]: ...


class CrudRepository(Protocol[D, R]):
    """Read and write one kind of network record."""

    def get(self, record_id: int) -> R | None: ...
    def list_all(self) -> list[R]: ...
    def add(self, data: D, *, actor: User | None) -> R: ...
    def update(self, record_id: int, data: D, *, actor: User | None) -> R: ...
    def delete(self, record_id: int, *, actor: User | None) -> None: ...


class RegistrationRepository(CrudRepository[RegistrationData, Registration], Protocol):
    def list_for_event(self, event_id: int) -> list[Registration]: ...


class MatchRepository(CrudRepository[MatchData, Match], Protocol):
    def list_matches(
        self, *, firm_id: int | None = None, buyer_id: int | None = None
    ) -> list[Match]: ...
    def get_pair(self, buyer_id: int, firm_id: int) -> Match | None: ...
    def add_meeting(self, data: MeetingData, *, actor: User | None) -> Meeting: ...
    def list_meetings(self, match_ids: Collection[int]) -> list[Meeting]: ...
    def add_deal(self, data: DealData, *, actor: User | None) -> Deal: ...
    def list_deals(self, match_ids: Collection[int]) -> list[Deal]: ...


class CapacityRepository(Protocol):
    def list_capacities(self, firm_id: int | None = None) -> list[FirmCapacity]: ...
    def set_capacity(self, data: FirmCapacityData, *, actor: User | None) -> FirmCapacity: ...


class LivestreamRepository(CrudRepository[LivestreamSessionData, LivestreamSession], Protocol):
    def list_sessions(
        self,
        *,
        firm_id: int | None = None,
        starts_from: datetime | None = None,
        starts_before: datetime | None = None,
    ) -> list[LivestreamSession]: ...


class CommandUnitOfWork(UnitOfWork, Protocol):
    """The unit of work with the command centre's repositories as well."""

    @property
    def exports(self) -> ExportRepository: ...
    @property
    def associations(self) -> CrudRepository[AssociationData, Association]: ...
    @property
    def buyers(self) -> CrudRepository[BuyerData, Buyer]: ...
    @property
    def events(self) -> CrudRepository[EventData, Event]: ...
    @property
    def registrations(self) -> RegistrationRepository: ...
    @property
    def matches(self) -> MatchRepository: ...
    @property
    def capacities(self) -> CapacityRepository: ...
    @property
    def livestreams(self) -> LivestreamRepository: ...
