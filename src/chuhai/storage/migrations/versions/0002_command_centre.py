"""The command centre: export statistics, the overseas network, matchmaking, capacities and
livestream sessions.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Frozen copies of the column types this revision created, not imports from the live tables.
UTC_TIME = sa.DateTime(timezone=True)


def _timestamps() -> list[sa.Column[object]]:
    return [
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
    ]


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}", ondelete=ondelete
    )


def _text(name: str, length: int | None = None) -> sa.Column[object]:
    kind = sa.Text() if length is None else sa.String(length)
    return sa.Column(name, kind, nullable=False)


def upgrade() -> None:
    _exports()
    _network()
    _matchmaking()
    _capacities_and_livestreams()


def _exports() -> None:
    op.create_table(
        "export_datasets",
        sa.Column("id", sa.Integer(), nullable=False),
        _text("name", 100),
        _text("description"),
        _text("source", 500),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name="pk_export_datasets"),
        sa.UniqueConstraint("name", name="uq_export_datasets_name"),
    )
    op.create_table(
        "export_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("firm_id", sa.Integer(), nullable=True),
        _text("exporter", 200),
        _text("hs_code", 16),
        sa.Column("destination", sa.CHAR(2), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        _text("trade_mode", 10),
        sa.Column("value_amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.CHAR(3), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        _text("unit", 16),
        _fk("export_records", "dataset_id", "export_datasets", "CASCADE"),
        _fk("export_records", "firm_id", "firms", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_export_records"),
    )
    op.create_index("ix_export_records_dataset_id", "export_records", ["dataset_id"])
    op.create_index("ix_export_records_firm_id", "export_records", ["firm_id"])
    op.create_index("ix_export_records_year_destination", "export_records", ["year", "destination"])


def _network() -> None:
    op.create_table(
        "associations",
        sa.Column("id", sa.Integer(), nullable=False),
        _text("name", 200),
        _text("name_zh", 200),
        sa.Column("country", sa.CHAR(2), nullable=False),
        _text("city", 100),
        _text("contact_name", 100),
        _text("contact_email", 254),
        _text("contact_phone", 50),
        _text("activities"),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name="pk_associations"),
        sa.UniqueConstraint("name", name="uq_associations_name"),
    )
    op.create_table(
        "association_members",
        sa.Column("association_id", sa.Integer(), nullable=False),
        sa.Column("firm_id", sa.Integer(), nullable=False),
        _fk("association_members", "association_id", "associations", "CASCADE"),
        _fk("association_members", "firm_id", "firms", "CASCADE"),
        sa.PrimaryKeyConstraint("association_id", "firm_id", name="pk_association_members"),
    )
    op.create_table(
        "buyers",
        sa.Column("id", sa.Integer(), nullable=False),
        _text("organisation", 200),
        sa.Column("country", sa.CHAR(2), nullable=False),
        _text("city", 100),
        _text("contact_name", 100),
        _text("contact_email", 254),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("annual_volume_units", sa.BigInteger(), nullable=True),
        sa.Column("annual_value_amount_minor", sa.BigInteger(), nullable=True),
        sa.Column("currency", sa.CHAR(3), nullable=True),
        sa.Column("association_id", sa.Integer(), nullable=True),
        _text("notes"),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        *_timestamps(),
        _fk("buyers", "association_id", "associations", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_buyers"),
        sa.UniqueConstraint("organisation", "country", name="uq_buyers_organisation_country"),
    )
    op.create_index("ix_buyers_association_id", "buyers", ["association_id"])
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        _text("kind", 24),
        _text("title", 200),
        _text("title_zh", 200),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("country", sa.CHAR(2), nullable=False),
        _text("city", 100),
        sa.Column("capacity", sa.Integer(), nullable=True),
        _text("description"),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
    )
    op.create_table(
        "event_registrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("firm_id", sa.Integer(), nullable=True),
        sa.Column("buyer_id", sa.Integer(), nullable=True),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("attended", sa.Boolean(), nullable=True),
        *_timestamps(),
        sa.CheckConstraint(
            "(firm_id IS NULL) <> (buyer_id IS NULL)",
            name="ck_event_registrations_firm_or_buyer",
        ),
        _fk("event_registrations", "event_id", "events", "CASCADE"),
        _fk("event_registrations", "firm_id", "firms", "CASCADE"),
        _fk("event_registrations", "buyer_id", "buyers", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_event_registrations"),
        sa.UniqueConstraint("event_id", "firm_id", name="uq_event_registrations_event_firm"),
        sa.UniqueConstraint("event_id", "buyer_id", name="uq_event_registrations_event_buyer"),
    )
    op.create_index("ix_event_registrations_event_id", "event_registrations", ["event_id"])


def _matchmaking() -> None:
    op.create_table(
        "matches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("buyer_id", sa.Integer(), nullable=False),
        sa.Column("firm_id", sa.Integer(), nullable=False),
        _text("category", 6),
        sa.Column("market", sa.CHAR(2), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        _text("explanation"),
        sa.Column("reasons", sa.JSON(), nullable=False),
        _text("stage", 12),
        sa.Column("suggested_on", sa.Date(), nullable=False),
        sa.Column("contacted_on", sa.Date(), nullable=True),
        sa.Column("met_on", sa.Date(), nullable=True),
        sa.Column("deal_on", sa.Date(), nullable=True),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        *_timestamps(),
        _fk("matches", "buyer_id", "buyers", "CASCADE"),
        _fk("matches", "firm_id", "firms", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_matches"),
        sa.UniqueConstraint("buyer_id", "firm_id", name="uq_matches_buyer_firm"),
    )
    op.create_index("ix_matches_firm_id", "matches", ["firm_id"])
    op.create_table(
        "match_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("match_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        _text("notes"),
        _text("outcome", 200),
        sa.Column("created_at", UTC_TIME, nullable=False),
        _fk("match_meetings", "match_id", "matches", "CASCADE"),
        _fk("match_meetings", "event_id", "events", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_match_meetings"),
    )
    op.create_index("ix_match_meetings_match_id", "match_meetings", ["match_id"])
    op.create_table(
        "match_deals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("match_id", sa.Integer(), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("value_amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.CHAR(3), nullable=False),
        sa.Column("volume_units", sa.BigInteger(), nullable=True),
        _text("notes"),
        sa.Column("created_at", UTC_TIME, nullable=False),
        _fk("match_deals", "match_id", "matches", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_match_deals"),
    )
    op.create_index("ix_match_deals_match_id", "match_deals", ["match_id"])


def _capacities_and_livestreams() -> None:
    op.create_table(
        "firm_capacities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("firm_id", sa.Integer(), nullable=False),
        _text("hs_prefix", 6),
        sa.Column("annual_units", sa.BigInteger(), nullable=False),
        *_timestamps(),
        _fk("firm_capacities", "firm_id", "firms", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_firm_capacities"),
        sa.UniqueConstraint("firm_id", "hs_prefix", name="uq_firm_capacities_firm_hs_prefix"),
    )
    op.create_table(
        "livestream_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("firm_id", sa.Integer(), nullable=False),
        sa.Column("market", sa.CHAR(2), nullable=False),
        _text("platform", 100),
        sa.Column("starts_at", UTC_TIME, nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        _text("time_zone", 64),
        _text("status", 12),
        sa.Column("viewers", sa.Integer(), nullable=True),
        sa.Column("orders", sa.Integer(), nullable=True),
        sa.Column("gmv_amount_minor", sa.BigInteger(), nullable=True),
        sa.Column("currency", sa.CHAR(3), nullable=True),
        _text("notes"),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        *_timestamps(),
        _fk("livestream_sessions", "firm_id", "firms", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_livestream_sessions"),
    )
    op.create_index("ix_livestream_sessions_firm_id", "livestream_sessions", ["firm_id"])
    op.create_index("ix_livestream_sessions_starts_at", "livestream_sessions", ["starts_at"])


def downgrade() -> None:
    for table in (
        "livestream_sessions", "firm_capacities", "match_deals", "match_meetings", "matches",
        "event_registrations", "events", "buyers", "association_members", "associations",
        "export_records", "export_datasets",
    ):  # fmt: skip
        op.drop_table(table)
