"""SQLAlchemy repositories of the overseas network and matchmaking: associations (with their
member firms), buyers, events and registrations, matches with their meetings and deals.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from chuhai.domain.money import Money
from chuhai.services.command_records import (
    Association,
    AssociationData,
    Buyer,
    BuyerData,
    Deal,
    DealData,
    Event,
    EventData,
    Match,
    MatchData,
    Meeting,
    MeetingData,
    Registration,
    RegistrationData,
)
from chuhai.services.records import User
from chuhai.storage.repositories import data_fields
from chuhai.storage.repositories_command import CrudRepository, money_columns, money_of
from chuhai.storage.tables_command import (
    AssociationRow,
    BuyerRow,
    DealRow,
    EventRow,
    MatchRow,
    MeetingRow,
    RegistrationRow,
    association_members,
)


def _stamps(row: Any) -> dict[str, Any]:
    return {"id": row.id, "created_at": row.created_at, "updated_at": row.updated_at}


class SqlAssociationRepository(CrudRepository[AssociationData, Association]):
    row_type = AssociationRow
    data_type = AssociationData
    entity = "association"
    conflict = ("with this name exists already", "name")

    def __init__(self, session: Session) -> None:
        super().__init__(session, self._association)

    def _association(self, row: AssociationRow) -> Association:
        members = self.session.scalars(
            select(association_members.c.firm_id)
            .where(association_members.c.association_id == row.id)
            .order_by(association_members.c.firm_id)
        )
        names = ("name", "name_zh", "country", "city", "contact_name", "contact_email",
                 "contact_phone", "activities", "synthetic")  # fmt: skip
        columns = {name: getattr(row, name) for name in names}
        return Association(**columns, member_firm_ids=tuple(members), **_stamps(row))

    def columns(self, data: AssociationData) -> dict[str, Any]:
        columns = data_fields(data, AssociationData)
        columns.pop("member_firm_ids")
        return columns

    def add(self, data: AssociationData, *, actor: User | None) -> Association:
        created = super().add(data, actor=actor)
        self._set_members(created.id, data.member_firm_ids)
        return self._association(self.row(created.id))

    def update(self, record_id: int, data: AssociationData, *, actor: User | None) -> Association:
        super().update(record_id, data, actor=actor)
        self._set_members(record_id, data.member_firm_ids)
        return self._association(self.row(record_id))

    def _set_members(self, association_id: int, firm_ids: Collection[int]) -> None:
        table = association_members
        self.session.execute(delete(table).where(table.c.association_id == association_id))
        rows = [{"association_id": association_id, "firm_id": f} for f in sorted(set(firm_ids))]
        if rows:
            self.session.execute(insert(table), rows)
        self.session.flush()


def _buyer(row: BuyerRow) -> Buyer:
    return Buyer(
        organisation=row.organisation, country=row.country, city=row.city,
        contact_name=row.contact_name, contact_email=row.contact_email,
        categories=tuple(row.categories), annual_volume_units=row.annual_volume_units,
        annual_value=money_of(row.annual_value_amount_minor, row.currency),
        association_id=row.association_id, notes=row.notes, synthetic=row.synthetic, **_stamps(row),
    )  # fmt: skip


class SqlBuyerRepository(CrudRepository[BuyerData, Buyer]):
    row_type = BuyerRow
    data_type = BuyerData
    entity = "buyer"
    conflict = ("with this organisation and country exists already", "organisation")

    def __init__(self, session: Session) -> None:
        super().__init__(session, _buyer)

    def columns(self, data: BuyerData) -> dict[str, Any]:
        columns = data_fields(data, BuyerData)
        columns["categories"] = list(columns["categories"])
        value = columns.pop("annual_value")
        return {**columns, **money_columns(value, "annual_value_amount_minor")}


def _event(row: EventRow) -> Event:
    names = ("kind", "title", "title_zh", "starts_on", "ends_on", "country", "city", "capacity",
             "description", "synthetic")  # fmt: skip
    return Event(**{name: getattr(row, name) for name in names}, **_stamps(row))


class SqlEventRepository(CrudRepository[EventData, Event]):
    row_type = EventRow
    data_type = EventData
    entity = "event"

    def __init__(self, session: Session) -> None:
        super().__init__(session, _event)

    def list_all(self) -> list[Event]:
        rows = self.session.scalars(select(EventRow).order_by(EventRow.starts_on, EventRow.id))
        return [_event(row) for row in rows]


def _registration(row: RegistrationRow) -> Registration:
    return Registration(
        event_id=row.event_id, registered_on=row.registered_on, firm_id=row.firm_id,
        buyer_id=row.buyer_id, attended=row.attended, **_stamps(row),
    )  # fmt: skip


class SqlRegistrationRepository(CrudRepository[RegistrationData, Registration]):
    row_type = RegistrationRow
    data_type = RegistrationData
    entity = "registration"
    conflict = ("for this event exists already", "event_id")

    def __init__(self, session: Session) -> None:
        super().__init__(session, _registration)

    def list_for_event(self, event_id: int) -> list[Registration]:
        query = select(RegistrationRow).where(RegistrationRow.event_id == event_id)
        return [
            _registration(row) for row in self.session.scalars(query.order_by(RegistrationRow.id))
        ]


def _match(row: MatchRow) -> Match:
    names = ("buyer_id", "firm_id", "category", "market", "score", "explanation", "suggested_on",
             "stage", "contacted_on", "met_on", "deal_on", "closed", "synthetic")  # fmt: skip
    fields = {name: getattr(row, name) for name in names}
    return Match(**fields, reasons=list(row.reasons), **_stamps(row))


class SqlMatchRepository(CrudRepository[MatchData, Match]):
    row_type = MatchRow
    data_type = MatchData
    entity = "match"
    conflict = ("for this buyer and firm exists already", "firm_id")

    def __init__(self, session: Session) -> None:
        super().__init__(session, _match)

    def list_matches(
        self, *, firm_id: int | None = None, buyer_id: int | None = None
    ) -> list[Match]:
        query = select(MatchRow).order_by(MatchRow.id)
        if firm_id is not None:
            query = query.where(MatchRow.firm_id == firm_id)
        if buyer_id is not None:
            query = query.where(MatchRow.buyer_id == buyer_id)
        return [_match(row) for row in self.session.scalars(query)]

    def get_pair(self, buyer_id: int, firm_id: int) -> Match | None:
        row = self.session.scalar(
            select(MatchRow).where(MatchRow.buyer_id == buyer_id, MatchRow.firm_id == firm_id)
        )
        return _match(row) if row else None

    def add_meeting(self, data: MeetingData, *, actor: User | None) -> Meeting:
        row = MeetingRow(**data_fields(data, MeetingData))
        self.session.add(row)
        self.session.flush()
        self._audit(actor, action="create", entity="meeting", entity_id=row.id, after=data)
        return Meeting(**data_fields(data, MeetingData), id=row.id, created_at=row.created_at)

    def list_meetings(self, match_ids: Collection[int]) -> list[Meeting]:
        query = select(MeetingRow).where(MeetingRow.match_id.in_(list(match_ids)))
        rows = self.session.scalars(query.order_by(MeetingRow.held_on, MeetingRow.id))
        return [_meeting(row) for row in rows]

    def add_deal(self, data: DealData, *, actor: User | None) -> Deal:
        columns = data_fields(data, DealData)
        value: Money = columns.pop("value")
        row = DealRow(**columns, value_amount_minor=value.to_minor(), currency=value.currency)
        self.session.add(row)
        self.session.flush()
        self._audit(actor, action="create", entity="deal", entity_id=row.id, after=data)
        return Deal(**data_fields(data, DealData), id=row.id, created_at=row.created_at)

    def list_deals(self, match_ids: Collection[int]) -> list[Deal]:
        query = select(DealRow).where(DealRow.match_id.in_(list(match_ids)))
        rows = self.session.scalars(query.order_by(DealRow.signed_on, DealRow.id))
        return [_deal(row) for row in rows]


def _meeting(row: MeetingRow) -> Meeting:
    return Meeting(
        match_id=row.match_id, held_on=row.held_on, event_id=row.event_id, notes=row.notes,
        outcome=row.outcome, id=row.id, created_at=row.created_at,
    )  # fmt: skip


def _deal(row: DealRow) -> Deal:
    value = Money.from_minor(row.value_amount_minor, row.currency.strip())
    return Deal(
        match_id=row.match_id, signed_on=row.signed_on, value=value,
        volume_units=row.volume_units, notes=row.notes, id=row.id, created_at=row.created_at,
    )  # fmt: skip
