"""What the command-centre services hand around: export datasets and records, the overseas
network (associations, buyers, events), matches, firm capacities and livestream sessions.

``XData`` is what a caller gives; ``X`` adds what storage assigns (id, timestamps). Every
record that demo data can create carries ``synthetic``, shown wherever the record is.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from chuhai.domain.export_stats import TradeMode
from chuhai.domain.livestream import SessionStatus
from chuhai.domain.matchmaking import MatchStage
from chuhai.domain.money import Money

__all__ = [
    "Association",
    "AssociationData",
    "Buyer",
    "BuyerData",
    "Deal",
    "DealData",
    "Event",
    "EventData",
    "EventKind",
    "ExportDataset",
    "ExportDatasetData",
    "ExportRecord",
    "ExportRecordData",
    "FirmCapacity",
    "FirmCapacityData",
    "LivestreamSession",
    "LivestreamSessionData",
    "Match",
    "MatchData",
    "Meeting",
    "MeetingData",
    "Registration",
    "RegistrationData",
    "SessionStatus",
]


@dataclass(frozen=True, kw_only=True)
class ExportDatasetData:
    name: str
    description: str = ""
    source: str = ""
    synthetic: bool = False


@dataclass(frozen=True, kw_only=True)
class ExportDataset(ExportDatasetData):
    id: int
    row_count: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, kw_only=True)
class ExportRecordData:
    """One customs-style line: an exporter's shipments of one HS code to one country in a
    month under one trade mode."""

    exporter: str
    firm_id: int | None
    hs_code: str
    destination: str
    year: int
    month: int
    trade_mode: TradeMode
    value: Money
    quantity: int
    unit: str = "pieces"


@dataclass(frozen=True, kw_only=True)
class ExportRecord(ExportRecordData):
    id: int
    dataset_id: int


@dataclass(frozen=True, kw_only=True)
class AssociationData:
    name: str
    country: str
    name_zh: str = ""
    city: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    activities: str = ""
    member_firm_ids: tuple[int, ...] = ()
    synthetic: bool = False


@dataclass(frozen=True, kw_only=True)
class Association(AssociationData):
    id: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, kw_only=True)
class BuyerData:
    organisation: str
    country: str
    city: str = ""
    contact_name: str = ""
    contact_email: str = ""
    categories: tuple[str, ...] = ()  # HS prefixes of what it buys, 2 to 6 digits
    annual_volume_units: int | None = None
    annual_value: Money | None = None
    association_id: int | None = None
    notes: str = ""
    synthetic: bool = False


@dataclass(frozen=True, kw_only=True)
class Buyer(BuyerData):
    id: int
    created_at: datetime
    updated_at: datetime


class EventKind(enum.StrEnum):
    SEMINAR = "seminar"
    BUYER_VISIT = "buyer_visit"
    TRADE_FAIR = "trade_fair"
    ONLINE_MATCHMAKING = "online_matchmaking"


@dataclass(frozen=True, kw_only=True)
class EventData:
    kind: EventKind
    title: str
    starts_on: date
    ends_on: date
    title_zh: str = ""
    country: str = "CN"
    city: str = ""
    capacity: int | None = None
    description: str = ""
    synthetic: bool = False


@dataclass(frozen=True, kw_only=True)
class Event(EventData):
    id: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, kw_only=True)
class RegistrationData:
    """A firm or a buyer (exactly one) registered for an event; attended once known."""

    event_id: int
    registered_on: date
    firm_id: int | None = None
    buyer_id: int | None = None
    attended: bool | None = None


@dataclass(frozen=True, kw_only=True)
class Registration(RegistrationData):
    id: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, kw_only=True)
class MatchData:
    buyer_id: int
    firm_id: int
    category: str
    market: str
    score: int
    explanation: str
    suggested_on: date
    reasons: list[dict[str, Any]] = field(default_factory=list)
    stage: MatchStage = MatchStage.SUGGESTED
    contacted_on: date | None = None
    met_on: date | None = None
    deal_on: date | None = None
    closed: bool = False
    synthetic: bool = False


@dataclass(frozen=True, kw_only=True)
class Match(MatchData):
    id: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, kw_only=True)
class MeetingData:
    match_id: int
    held_on: date
    event_id: int | None = None
    notes: str = ""
    outcome: str = ""


@dataclass(frozen=True, kw_only=True)
class Meeting(MeetingData):
    id: int
    created_at: datetime


@dataclass(frozen=True, kw_only=True)
class DealData:
    match_id: int
    signed_on: date
    value: Money
    volume_units: int | None = None
    notes: str = ""


@dataclass(frozen=True, kw_only=True)
class Deal(DealData):
    id: int
    created_at: datetime


@dataclass(frozen=True, kw_only=True)
class FirmCapacityData:
    firm_id: int
    hs_prefix: str
    annual_units: int


@dataclass(frozen=True, kw_only=True)
class FirmCapacity(FirmCapacityData):
    id: int


@dataclass(frozen=True, kw_only=True)
class LivestreamSessionData:
    firm_id: int
    market: str
    starts_at: datetime  # UTC
    minutes: int
    time_zone: str
    platform: str = ""
    status: SessionStatus = SessionStatus.PLANNED
    viewers: int | None = None
    orders: int | None = None
    gmv: Money | None = None
    notes: str = ""
    synthetic: bool = False


@dataclass(frozen=True, kw_only=True)
class LivestreamSession(LivestreamSessionData):
    id: int
    created_at: datetime
    updated_at: datetime
