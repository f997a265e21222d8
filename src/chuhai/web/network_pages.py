"""The overseas network's pages: associations, buyers (with their suggested firms) and events
(with registrations and attendance), each a list with an add form and a page per record.

Each renders what its JSON twin returns (``/api/associations``, ``/api/buyers``,
``/api/events``, ``/api/buyers/{id}/suggestions``, ``/api/events/{id}/registrations``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from chuhai.api.command_deps import CommandUow
from chuhai.api.deps import CSRFChecked, CurrentUser
from chuhai.api.errors import status_for
from chuhai.errors import ConflictError, InputError, NotFoundError
from chuhai.services import matchmaking, network
from chuhai.services.command_access import can_manage_network
from chuhai.services.command_input import day, optional_whole
from chuhai.services.command_views import record_dict
from chuhai.services.records import Role
from chuhai.web import command_labels as cl
from chuhai.web.command_pages import server_today
from chuhai.web.forms import PostedForm, text_fields
from chuhai.web.i18n import N_, Formatter, get_translations
from chuhai.web.match_pages import event_titles
from chuhai.web.rendering import get_locale, render

router = APIRouter(include_in_schema=False)

# kind: (URL part, title); fields: (name, label, input type, required)
KINDS = {
    "association": ("associations", N_("Overseas business associations")),
    "buyer": ("buyers", N_("International buyers")),
    "event": ("events", N_("Events")),
}
FIELDS: dict[str, tuple[tuple[str, str, str, bool], ...]] = {
    "association": (
        ("name", N_("Name"), "text", True), ("name_zh", N_("Chinese name"), "text", False),
        ("country", N_("Country (ISO code)"), "text", True), ("city", N_("City"), "text", False),
        ("contact_name", N_("Contact"), "text", False), ("contact_email", N_("E-mail"), "email", False),
        ("contact_phone", N_("Phone"), "text", False),
        ("member_firm_ids", N_("Member firms (ids, comma-separated)"), "text", False),
        ("activities", N_("Activities"), "textarea", False),
    ),
    "buyer": (
        ("organisation", N_("Organisation"), "text", True), ("country", N_("Country (ISO code)"), "text", True),
        ("city", N_("City"), "text", False), ("contact_name", N_("Contact"), "text", False),
        ("contact_email", N_("E-mail"), "email", False),
        ("categories", N_("Categories bought (HS, comma-separated)"), "text", False),
        ("annual_volume_units", N_("Volume (units a year)"), "text", False),
        ("annual_value", N_("Value a year (CNY)"), "text", False),
        ("association_id", N_("Introduced by association (id)"), "text", False),
        ("notes", N_("Notes"), "textarea", False),
    ),
    "event": (
        ("kind", N_("Kind"), "kind", True), ("title", N_("Title"), "text", True),
        ("title_zh", N_("Chinese title"), "text", False), ("starts_on", N_("First day"), "date", True),
        ("ends_on", N_("Last day"), "date", False), ("country", N_("Country (ISO code)"), "text", False),
        ("city", N_("City"), "text", False), ("capacity", N_("Capacity"), "text", False),
        ("description", N_("Description"), "textarea", False),
    ),
}  # fmt: skip


def form_values(record: Any) -> dict[str, Any]:
    """A record as the strings its edit form shows."""
    values = record_dict(record)
    for name, value in values.items():
        if isinstance(value, list):
            values[name] = ", ".join(str(v) for v in value)
        elif isinstance(value, dict) and "amount" in value:
            values[name] = value["amount"]
    return values


def _context(kind: str, user: CurrentUser, **more: Any) -> dict[str, Any]:
    return {"kind": kind, "plural": KINDS[kind][0], "title": KINDS[kind][1], "fields": FIELDS[kind],
            "can_manage": can_manage_network(user), "cl": cl, **more}  # fmt: skip


def _list(request: Request, uow: CommandUow, user: CurrentUser, kind: str, *,
          form: dict[str, Any] | None = None, error: Exception | None = None) -> Response:  # fmt: skip
    records = [record_dict(r) for r in network.list_records(uow, user, kind)]
    context = _context(kind, user, records=records, form=form or {}, error=error)
    status = (
        status_for(error) if isinstance(error, InputError | ConflictError | NotFoundError) else 200
    )
    return render(request, "command/records.html", context, user=user, status_code=status)


def _detail(request: Request, uow: CommandUow, user: CurrentUser, kind: str, record_id: int, *,
            form: dict[str, Any] | None = None, error: Exception | None = None) -> Response:  # fmt: skip
    record = network.get_record(uow, user, kind, record_id)
    context = _context(
        kind, user, record=record_dict(record), form=form or form_values(record), error=error
    )
    context.update(_extra(request, uow, user, kind, record_id))
    status = (
        status_for(error) if isinstance(error, InputError | ConflictError | NotFoundError) else 200
    )
    return render(request, "command/record.html", context, user=user, status_code=status)


def _extra(
    request: Request, uow: CommandUow, user: CurrentUser, kind: str, record_id: int
) -> dict[str, Any]:
    """What a buyer's or an event's page shows beyond its fields."""
    locale = get_locale(request)
    names = _names(uow)
    if kind == "buyer" and can_manage_network(user):
        found = [s.to_dict() for s in matchmaking.suggest_for_buyer(uow, user, buyer_id=record_id)]
        gettext, country = get_translations(locale).gettext, Formatter(locale).country
        titles = event_titles(uow, locale)
        suggestions = [
            {**s, "text": cl.explain(s["reasons"], gettext, country, titles)} for s in found
        ]
        matches = matchmaking.describe_matches(
            uow, matchmaking.list_matches(uow, user, buyer_id=record_id)
        )
        return {
            "suggestions": suggestions,
            "matches": matches,
            "today": server_today().isoformat(),
            **names,
        }
    if kind == "event":
        registrations = [record_dict(r) for r in network.list_registrations(uow, user, record_id)]
        return {"registrations": registrations, "today": server_today().isoformat(), **names}
    return names


def _names(uow: CommandUow) -> dict[str, Any]:
    with uow:
        firms = {f.id: f for f in uow.firms.list_firms()}
        buyers = {b.id: b.organisation for b in uow.buyers.list_all()}
    return {"firms": firms, "buyer_names": buyers}


def _register_pages(kind: str) -> None:
    plural = KINDS[kind][0]
    names = tuple(name for name, *_ in FIELDS[kind])

    def list_page(request: Request, uow: CommandUow, user: CurrentUser) -> Response:
        return _list(request, uow, user, kind)

    def create(request: Request, form: PostedForm, uow: CommandUow, user: CurrentUser) -> Response:
        values = text_fields(form, names)
        try:
            created = network.create_record(uow, user, kind, values)
        except (InputError, ConflictError, NotFoundError) as error:
            return _list(request, uow, user, kind, form=values, error=error)
        return RedirectResponse(f"/command/{plural}/{created.id}", status_code=303)

    def detail(request: Request, record_id: int, uow: CommandUow, user: CurrentUser) -> Response:
        return _detail(request, uow, user, kind, record_id)

    def update(
        request: Request, record_id: int, form: PostedForm, uow: CommandUow, user: CurrentUser
    ) -> Response:
        values = text_fields(form, names)
        try:
            network.update_record(uow, user, kind, record_id, values)
        except (InputError, ConflictError, NotFoundError) as error:
            return _detail(request, uow, user, kind, record_id, form=values, error=error)
        return RedirectResponse(f"/command/{plural}/{record_id}", status_code=303)

    def remove(record_id: int, uow: CommandUow, user: CurrentUser) -> Response:
        network.delete_record(uow, user, kind, record_id)
        return RedirectResponse(f"/command/{plural}", status_code=303)

    base = f"/command/{plural}"
    router.add_api_route(base, list_page, methods=["GET"])
    router.add_api_route(base, create, methods=["POST"], dependencies=[CSRFChecked])
    router.add_api_route(base + "/{record_id}", detail, methods=["GET"])
    router.add_api_route(
        base + "/{record_id}", update, methods=["POST"], dependencies=[CSRFChecked]
    )
    router.add_api_route(
        base + "/{record_id}/delete", remove, methods=["POST"], dependencies=[CSRFChecked]
    )


for _kind in KINDS:
    _register_pages(_kind)


@router.post("/command/buyers/{buyer_id}/suggestions", dependencies=[CSRFChecked])
def save_suggestions(
    buyer_id: int, form: PostedForm, uow: CommandUow, user: CurrentUser
) -> Response:
    """Record the suggestions as matches (the twin of ``POST /api/buyers/{id}/suggestions``)."""
    values = text_fields(form, ("on",))
    matchmaking.save_suggestions(uow, user, buyer_id=buyer_id, on=day(values, "on"), limit=5)
    return RedirectResponse(f"/command/buyers/{buyer_id}", status_code=303)


@router.post("/command/events/{event_id}/registrations", dependencies=[CSRFChecked])
def register(
    request: Request, event_id: int, form: PostedForm, uow: CommandUow, user: CurrentUser
) -> Response:
    """Register a firm or a buyer (an enterprise user: its own firm)."""
    values = text_fields(form, ("firm_id", "buyer_id", "registered_on"))
    firm_id = optional_whole(values, "firm_id", minimum=1)
    if user.role is Role.ENTERPRISE:
        firm_id = user.firm_id
    try:
        network.register(uow, user, event_id=event_id, registered_on=day(values, "registered_on"),
                         firm_id=firm_id, buyer_id=optional_whole(values, "buyer_id", minimum=1))  # fmt: skip
    except (InputError, ConflictError, NotFoundError) as error:
        return _detail(request, uow, user, "event", event_id, error=error)
    return RedirectResponse(f"/command/events/{event_id}", status_code=303)


@router.post(
    "/command/events/{event_id}/registrations/{registration_id}", dependencies=[CSRFChecked]
)
def attendance(
    event_id: int, registration_id: int, form: PostedForm, uow: CommandUow, user: CurrentUser
) -> Response:
    attended = text_fields(form, ("attended",))["attended"] == "yes"
    network.set_attendance(
        uow, user, event_id=event_id, registration_id=registration_id, attended=attended
    )
    return RedirectResponse(f"/command/events/{event_id}", status_code=303)
