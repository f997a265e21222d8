"""The command centre's tables: export statistics, the overseas network, matchmaking,
firm capacities and livestream sessions (revision 0002).

They share :class:`chuhai.storage.tables.Base` (one metadata, one naming convention). Money is
``*_amount_minor BIGINT`` + ``currency CHAR(3)``; event and meeting days are plain dates;
a livestream's start is a UTC instant.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    CHAR,
    JSON,
    BigInteger,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from chuhai.domain.export_stats import TradeMode
from chuhai.domain.livestream import SessionStatus
from chuhai.domain.matchmaking import MatchStage
from chuhai.services.command_records import EventKind
from chuhai.storage.tables import Base, Timestamped, _enum, utcnow


class ExportDatasetRow(Timestamped, Base):
    __tablename__ = "export_datasets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(500), default="")
    synthetic: Mapped[bool] = mapped_column(default=False)


class ExportRecordRow(Base):
    __tablename__ = "export_records"
    __table_args__ = (Index("ix_export_records_year_destination", "year", "destination"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = mapped_column(
        ForeignKey("export_datasets.id", ondelete="CASCADE"), index=True
    )
    firm_id: Mapped[int | None] = mapped_column(
        ForeignKey("firms.id", ondelete="SET NULL"), index=True
    )
    exporter: Mapped[str] = mapped_column(String(200))
    hs_code: Mapped[str] = mapped_column(String(16))
    destination: Mapped[str] = mapped_column(CHAR(2))
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    trade_mode: Mapped[TradeMode] = mapped_column(_enum(TradeMode, 10))
    value_amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(CHAR(3))
    quantity: Mapped[int] = mapped_column(BigInteger)
    unit: Mapped[str] = mapped_column(String(16))


association_members = Table(
    "association_members",
    Base.metadata,
    Column(
        "association_id",
        ForeignKey("associations.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("firm_id", ForeignKey("firms.id", ondelete="CASCADE"), primary_key=True),
)


class AssociationRow(Timestamped, Base):
    __tablename__ = "associations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    name_zh: Mapped[str] = mapped_column(String(200), default="")
    country: Mapped[str] = mapped_column(CHAR(2))
    city: Mapped[str] = mapped_column(String(100), default="")
    contact_name: Mapped[str] = mapped_column(String(100), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(50), default="")
    activities: Mapped[str] = mapped_column(Text, default="")
    synthetic: Mapped[bool] = mapped_column(default=False)


class BuyerRow(Timestamped, Base):
    __tablename__ = "buyers"
    __table_args__ = (
        UniqueConstraint("organisation", "country", name="uq_buyers_organisation_country"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(CHAR(2))
    city: Mapped[str] = mapped_column(String(100), default="")
    contact_name: Mapped[str] = mapped_column(String(100), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    categories: Mapped[list[str]] = mapped_column(JSON)
    annual_volume_units: Mapped[int | None] = mapped_column(BigInteger)
    annual_value_amount_minor: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str | None] = mapped_column(CHAR(3))
    association_id: Mapped[int | None] = mapped_column(
        ForeignKey("associations.id", ondelete="SET NULL"), index=True
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    synthetic: Mapped[bool] = mapped_column(default=False)


class EventRow(Timestamped, Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[EventKind] = mapped_column(_enum(EventKind, 24))
    title: Mapped[str] = mapped_column(String(200))
    title_zh: Mapped[str] = mapped_column(String(200), default="")
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    country: Mapped[str] = mapped_column(CHAR(2))
    city: Mapped[str] = mapped_column(String(100), default="")
    capacity: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text, default="")
    synthetic: Mapped[bool] = mapped_column(default=False)


class RegistrationRow(Timestamped, Base):
    __tablename__ = "event_registrations"
    __table_args__ = (
        UniqueConstraint("event_id", "firm_id", name="uq_event_registrations_event_firm"),
        UniqueConstraint("event_id", "buyer_id", name="uq_event_registrations_event_buyer"),
        CheckConstraint("(firm_id IS NULL) <> (buyer_id IS NULL)", name="firm_or_buyer"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    firm_id: Mapped[int | None] = mapped_column(ForeignKey("firms.id", ondelete="CASCADE"))
    buyer_id: Mapped[int | None] = mapped_column(ForeignKey("buyers.id", ondelete="CASCADE"))
    registered_on: Mapped[date]
    attended: Mapped[bool | None]


class MatchRow(Timestamped, Base):
    __tablename__ = "matches"
    __table_args__ = (UniqueConstraint("buyer_id", "firm_id", name="uq_matches_buyer_firm"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("buyers.id", ondelete="CASCADE"))
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(6))
    market: Mapped[str] = mapped_column(CHAR(2))
    score: Mapped[int] = mapped_column(Integer)
    explanation: Mapped[str] = mapped_column(Text)
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    stage: Mapped[MatchStage] = mapped_column(_enum(MatchStage, 12))
    suggested_on: Mapped[date]
    contacted_on: Mapped[date | None]
    met_on: Mapped[date | None]
    deal_on: Mapped[date | None]
    closed: Mapped[bool] = mapped_column(default=False)
    synthetic: Mapped[bool] = mapped_column(default=False)


class MeetingRow(Base):
    __tablename__ = "match_meetings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date]
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    notes: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DealRow(Base):
    __tablename__ = "match_deals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id", ondelete="CASCADE"), index=True)
    signed_on: Mapped[date]
    value_amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(CHAR(3))
    volume_units: Mapped[int | None] = mapped_column(BigInteger)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CapacityRow(Timestamped, Base):
    __tablename__ = "firm_capacities"
    __table_args__ = (
        UniqueConstraint("firm_id", "hs_prefix", name="uq_firm_capacities_firm_hs_prefix"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id", ondelete="CASCADE"))
    hs_prefix: Mapped[str] = mapped_column(String(6))
    annual_units: Mapped[int] = mapped_column(BigInteger)


class LivestreamRow(Timestamped, Base):
    __tablename__ = "livestream_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id", ondelete="CASCADE"), index=True)
    market: Mapped[str] = mapped_column(CHAR(2))
    platform: Mapped[str] = mapped_column(String(100), default="")
    starts_at: Mapped[datetime] = mapped_column(index=True)
    minutes: Mapped[int] = mapped_column(Integer)
    time_zone: Mapped[str] = mapped_column(String(64))
    status: Mapped[SessionStatus] = mapped_column(_enum(SessionStatus, 12))
    viewers: Mapped[int | None] = mapped_column(Integer)
    orders: Mapped[int | None] = mapped_column(Integer)
    gmv_amount_minor: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str | None] = mapped_column(CHAR(3))
    notes: Mapped[str] = mapped_column(Text, default="")
    synthetic: Mapped[bool] = mapped_column(default=False)
