"""``/api/exports``: export statistics (import, datasets, records), the dashboard and the
tariff exposure of the city's portfolio. Every answer says whether its data is synthetic.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import PlainTextResponse

from chuhai.api.command_deps import CommandUow
from chuhai.api.command_schemas import ExposureRequest
from chuhai.api.deps import CSRFChecked, CurrentUser
from chuhai.errors import InputError
from chuhai.rules.scenario_loader import parse_scenario
from chuhai.services import export_stats
from chuhai.services.command_access import can_view_city, firm_scope
from chuhai.services.command_views import record_dict
from chuhai.services.export_import import import_exports, template_csv
from chuhai.services.exposure import SAMPLE_SCENARIOS, get_exposure, sample_scenario
from chuhai.services.spreadsheets import MAX_BYTES

router = APIRouter(prefix="/api/exports", tags=["command centre: exports"])


def parse_day(text: str | None, field: str) -> date:
    """A YYYY-MM-DD date the caller must give: nothing defaults to today."""
    if not text:
        raise InputError("give the date (YYYY-MM-DD)", field=field)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"not a date (YYYY-MM-DD): {text!r}", field=field) from None


@router.get("/datasets")
def list_datasets(uow: CommandUow, user: CurrentUser) -> list[dict[str, Any]]:
    """The imported datasets (name, rows, whether synthetic)."""
    scope = firm_scope(user)
    with uow:
        datasets = uow.exports.list_datasets()
    if scope is not None and not can_view_city(user):
        return [{"name": d.name, "synthetic": d.synthetic} for d in datasets]
    return export_stats.dataset_dicts(datasets)


@router.get("/dashboard")
def dashboard(
    uow: CommandUow, user: CurrentUser, year: int | None = None, dataset: str | None = None
) -> dict[str, Any]:
    """Totals and year-on-year change by year, month, destination, region, industry, trade
    mode and firm; HHI over destinations and its trend; top movers. The city for analysts,
    staff and admins; its own firm for an enterprise user."""
    return export_stats.get_dashboard(uow, user, year=year, dataset=dataset).to_dict()


@router.get("/records")
def list_records(
    uow: CommandUow,
    user: CurrentUser,
    firm_id: int | None = None,
    year: int | None = None,
    limit: int = 500,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Customs lines of one firm: its own users and admins only (analysts see aggregates).
    Each says whether its dataset is synthetic."""
    if firm_id is None and firm_scope(user) is not None:
        firm_id = user.firm_id
    found = export_stats.list_export_records(
        uow, user, firm_id=firm_id, year=year, limit=limit, offset=offset
    )
    with uow:
        synthetic = {d.id: d.synthetic for d in uow.exports.list_datasets()}
    return [{**record_dict(r), "synthetic": synthetic.get(r.dataset_id, False)} for r in found]


@router.get("/template.csv", response_class=PlainTextResponse)
def import_template(user: CurrentUser) -> PlainTextResponse:
    """The columns of an import file, with one example row."""
    return PlainTextResponse(template_csv(), media_type="text/csv; charset=utf-8")


@router.post("/import", dependencies=[CSRFChecked])
def import_file(
    uow: CommandUow,
    user: CurrentUser,
    file: Annotated[UploadFile, File()],
    dataset: Annotated[str, Form()],
    synthetic: Annotated[bool, Form()] = False,
    replace: Annotated[bool, Form()] = False,
    description: Annotated[str, Form()] = "",
) -> dict[str, Any]:
    """Import customs-style records from .csv or .xlsx into ``dataset``: every row or none
    (422 with ``problems``, one per bad row and field). Analysts and admins."""
    report = import_exports(
        uow, user, filename=file.filename or "upload", content=file.file.read(MAX_BYTES + 1),
        dataset=dataset, synthetic=synthetic, replace=replace, description=description,
    )  # fmt: skip
    return report.to_dict()


@router.get("/scenarios")
def list_scenarios(user: CurrentUser) -> list[dict[str, Any]]:
    """The shipped sample scenarios (pass one's name to ``GET /api/exports/exposure``)."""
    return list(SAMPLE_SCENARIOS.values())


@router.get("/exposure")
def exposure(
    uow: CommandUow,
    user: CurrentUser,
    as_of: str,
    scenario: str = "us-cn-54",
    year: int | None = None,
    scenario_date: str | None = None,
    dataset: str | None = None,
) -> dict[str, Any]:
    """Duties per destination under the rules of ``as_of`` and under a sample scenario,
    value at risk, and diversification markets per industry."""
    return get_exposure(
        uow, user, as_of=parse_day(as_of, "as_of"), scenario=sample_scenario(scenario),
        year=year, dataset=dataset,
        scenario_date=parse_day(scenario_date, "scenario_date") if scenario_date else None,
    ).to_dict()  # fmt: skip


@router.post("/exposure")
def exposure_for(body: ExposureRequest, uow: CommandUow, user: CurrentUser) -> dict[str, Any]:
    """The same, under a scenario given in the body (as in a scenario YAML file). It changes
    nothing, so it needs no CSRF token."""
    return get_exposure(
        uow, user, as_of=parse_day(body.as_of, "as_of"), scenario=parse_scenario(body.scenario),
        year=body.year, dataset=body.dataset,
        scenario_date=parse_day(body.scenario_date, "scenario_date") if body.scenario_date else None,
    ).to_dict()  # fmt: skip
