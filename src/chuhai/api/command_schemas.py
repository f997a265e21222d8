"""Request bodies of the command-centre API, in ``XCreate`` / ``XUpdate`` families.

Amounts are decimal strings (``"1200.00"``), never JSON numbers; dates are ``YYYY-MM-DD``.
Responses are the records as :func:`chuhai.services.command_views.record_dict` writes them.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")

    def values(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)


class AssociationUpdate(_Schema):
    name: str | None = None
    name_zh: str | None = None
    country: str | None = Field(default=None, examples=["PH"])
    city: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    activities: str | None = None
    member_firm_ids: list[int] | None = None


class AssociationCreate(AssociationUpdate):
    name: str
    country: str = Field(examples=["PH"])


class BuyerUpdate(_Schema):
    organisation: str | None = None
    country: str | None = Field(default=None, examples=["DE"])
    city: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    categories: list[str] | None = Field(
        default=None, examples=[["6601"]], description="HS prefixes"
    )
    annual_volume_units: int | None = None
    annual_value: str | None = Field(default=None, examples=["600000.00"])
    currency: str | None = Field(default=None, examples=["CNY"])
    association_id: int | None = None
    notes: str | None = None


class BuyerCreate(BuyerUpdate):
    organisation: str
    country: str = Field(examples=["DE"])


class EventUpdate(_Schema):
    kind: str | None = Field(default=None, examples=["buyer_visit"])
    title: str | None = None
    title_zh: str | None = None
    starts_on: str | None = Field(default=None, examples=["2026-04-22"])
    ends_on: str | None = None
    country: str | None = None
    city: str | None = None
    capacity: int | None = None
    description: str | None = None


class EventCreate(EventUpdate):
    kind: str = Field(examples=["buyer_visit"])
    title: str
    starts_on: str = Field(examples=["2026-04-22"])


class RegistrationCreate(_Schema):
    registered_on: str = Field(examples=["2026-03-01"])
    firm_id: int | None = None
    buyer_id: int | None = None
    attended: bool | None = None


class AttendanceUpdate(_Schema):
    attended: bool


class CapacitySet(_Schema):
    hs_prefix: str = Field(examples=["6601"])
    annual_units: int = Field(ge=0, examples=[1_200_000])


class SuggestionsCreate(_Schema):
    on: str = Field(examples=["2026-11-29"], description="the day the suggestions are recorded")
    limit: int = Field(default=5, ge=1, le=20)


class StageUpdate(_Schema):
    stage: str = Field(examples=["contacted"])
    on: str = Field(examples=["2026-11-29"])


class MeetingCreate(_Schema):
    held_on: str = Field(examples=["2026-11-29"])
    event_id: int | None = None
    notes: str | None = None
    outcome: str | None = None


class DealCreate(_Schema):
    signed_on: str = Field(examples=["2026-11-29"])
    value: str = Field(examples=["150000.00"])
    currency: str | None = Field(default=None, examples=["CNY"])
    volume_units: int | None = None
    notes: str | None = None


class SessionUpdate(_Schema):
    firm_id: int | None = None
    market: str | None = Field(default=None, examples=["PH"])
    starts_at: str | None = Field(
        default=None,
        examples=["2026-12-01T19:00"],
        description="local time in time_zone (default: the market's), or ISO with an offset",
    )
    minutes: int | None = None
    time_zone: str | None = Field(default=None, examples=["Asia/Manila"])
    platform: str | None = None
    status: str | None = Field(default=None, examples=["done"])
    viewers: int | None = None
    orders: int | None = None
    gmv: str | None = Field(default=None, examples=["25800.00"])
    currency: str | None = None
    notes: str | None = None


class SessionCreate(SessionUpdate):
    firm_id: int
    market: str = Field(examples=["PH"])
    starts_at: str = Field(examples=["2026-12-01T19:00"])
    minutes: int = Field(examples=[120])


class PlanCreate(_Schema):
    firm_id: int
    market: str = Field(examples=["PH"])
    week: str = Field(examples=["2026-11-30"], description="the Monday of the week")
    hours: str = Field(examples=["12"], description="hours of livestream in the week")
    session_minutes: int = Field(default=120, ge=15, le=240)
    platform: str = ""


class ExposureRequest(_Schema):
    as_of: str = Field(examples=["2026-11-29"], description="the date of the current rules")
    scenario: dict[str, Any] = Field(description="a scenario, as in a scenario YAML file")
    year: int | None = None
    scenario_date: str | None = None
    dataset: str | None = None
