"""The command centre's pages: the export dashboard (``/command``), the import of export
statistics (``/command/import``) and the tariff exposure (``/command/exposure``).

Each renders what its JSON twin returns: ``GET /api/exports/dashboard``,
``POST /api/exports/import`` and ``GET|POST /api/exports/exposure``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from babel.numbers import format_percent
from fastapi import APIRouter, Request
from fastapi.responses import Response

from chuhai.api.command_deps import CommandUow
from chuhai.api.deps import CSRFChecked, CurrentUser
from chuhai.api.errors import status_for
from chuhai.errors import ChuhaiError, ImportRejected, InputError
from chuhai.rules.scenario_loader import parse_scenario
from chuhai.services import export_stats
from chuhai.services.command_access import can_import_exports
from chuhai.services.export_import import COLUMNS, import_exports
from chuhai.services.exposure import SAMPLE_SCENARIOS, get_exposure, sample_scenario
from chuhai.services.spreadsheets import MAX_BYTES
from chuhai.web import command_labels as cl
from chuhai.web.command_charts import compact_money, destinations_svg, months_svg
from chuhai.web.forms import PostedForm, text_fields, uploaded_file
from chuhai.web.i18n import Formatter, get_translations
from chuhai.web.rendering import get_locale, render

router = APIRouter(include_in_schema=False)


class CommandFormat:
    """Formatting the templates need beyond ``fmt``: compact money, signed percentages, labels."""

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self.fmt = Formatter(locale)
        self._ = get_translations(locale).gettext

    def money(self, value: dict[str, str] | None, *, absolute: bool = False) -> str:
        if value is None:
            return ""
        amount = value["amount"].lstrip("-") if absolute else value["amount"]
        return compact_money(amount, value["currency"], self.locale)

    def exact(self, value: dict[str, str] | None) -> str:
        return self.fmt.money_dict(value)

    def pct(self, value: str | None, *, sign: bool = False) -> str:
        if value is None:
            return "–"
        number = Decimal(value)
        text = format_percent(number / 100, "#,##0.00%", locale=self.locale)
        return ("+" + text) if sign and number > 0 else text

    def key(self, dimension: str, key: str) -> str:
        """A breakdown key in the reader's language (country names from CLDR)."""
        table = {"region": cl.REGIONS, "industry": cl.INDUSTRIES, "trade_mode": cl.TRADE_MODES}
        if dimension == "destination":
            return self.fmt.country(key)
        if dimension == "month":
            return self._("Month %(month)s") % {"month": int(key)}
        return self._(table[dimension][key]) if dimension in table else key


def _charts(board: dict[str, Any], cf: CommandFormat) -> dict[str, str]:
    _ = cf._
    if board["total"] is None:
        return {}
    year = board["year"]
    return {
        "destinations": destinations_svg(
            board["by_destination"], title=_("Exports by destination, %(year)s (top 15)") % {"year": year},
            series=_("Exports"), locale=cf.locale, label=cf.fmt.country),
        "regions": destinations_svg(
            board["by_region"], title=_("Exports by region, %(year)s") % {"year": year},
            series=_("Exports"), locale=cf.locale, label=lambda k: cf.key("region", k)),
        "months": months_svg(
            board["by_month"], title=_("Exports by month: %(year)s and %(previous)s") % {
                "year": year, "previous": year - 1},
            series=(str(year), str(year - 1)), locale=cf.locale, label=lambda k: cf.key("month", k)),
    }  # fmt: skip


@router.get("/command")
def dashboard_page(
    request: Request, uow: CommandUow, user: CurrentUser, year: int | None = None,
    dataset: str | None = None,
) -> Response:  # fmt: skip
    """The HTML twin of ``GET /api/exports/dashboard``."""
    board = export_stats.get_dashboard(uow, user, year=year, dataset=dataset or None).to_dict()
    cf = CommandFormat(get_locale(request))
    cross_border = sum(
        Decimal(x["share_pct"] or 0)
        for x in board.get("by_trade_mode", [])
        if x["key"] != "general"
    )
    context = {
        "board": board, "cf": cf, "cl": cl, "charts": _charts(board, cf),
        "cross_border_pct": str(cross_border), "dataset": dataset or "",
        "can_import": can_import_exports(user),
    }  # fmt: skip
    return render(request, "command/dashboard.html", context, user=user)


def _import_context(uow: CommandUow, user: CurrentUser) -> dict[str, Any]:
    with uow:
        datasets = export_stats.dataset_dicts(uow.exports.list_datasets())
    return {"datasets": datasets, "columns": COLUMNS, "can_import": can_import_exports(user),
            "report": None, "import_error": None, "form": {}}  # fmt: skip


@router.get("/command/import")
def import_page(request: Request, uow: CommandUow, user: CurrentUser) -> Response:
    return render(request, "command/import.html", _import_context(uow, user), user=user)


@router.post("/command/import", dependencies=[CSRFChecked])
def import_post(request: Request, form: PostedForm, uow: CommandUow, user: CurrentUser) -> Response:
    """The HTML twin of ``POST /api/exports/import``: a report, or every problem by row."""
    values = text_fields(form, ("dataset", "description", "synthetic", "replace"))
    upload = uploaded_file(form, "file")
    context: dict[str, Any] = {"form": values}
    try:
        if upload is None:
            raise InputError("choose a .csv or .xlsx file", field="file")
        report = import_exports(
            uow, user, filename=upload.filename or "upload", content=upload.file.read(MAX_BYTES + 1),
            dataset=str(values["dataset"]), synthetic=values["synthetic"] == "on",
            replace=values["replace"] == "on", description=str(values["description"]),
        )  # fmt: skip
        context["report"] = report.to_dict()
        status = 200
    except (ImportRejected, InputError) as error:
        context["import_error"] = error
        status = status_for(error)
    context = {**_import_context(uow, user), **context}
    return render(request, "command/import.html", context, user=user, status_code=status)


def server_today() -> date:
    """The server's date (UTC): what the form suggests; the service takes the date it is given."""
    return datetime.now(UTC).date()


def _exposure_form(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "as_of": values.get("as_of") or server_today().isoformat(),
        "scenario": values.get("scenario") or "us-cn-54", "year": values.get("year") or "",
        "scenario_yaml": values.get("scenario_yaml") or "",
    }  # fmt: skip


def _exposure(
    request: Request, uow: CommandUow, user: CurrentUser, values: dict[str, Any]
) -> Response:
    form = _exposure_form(values)
    context: dict[str, Any] = {"form": form, "samples": SAMPLE_SCENARIOS, "cf": CommandFormat(get_locale(request)),
                               "cl": cl, "result": None, "error": None}  # fmt: skip
    status = 200
    if values.get("as_of"):
        try:
            scenario = _scenario(form)
            as_of = date.fromisoformat(str(form["as_of"]))
            year = int(form["year"]) if str(form["year"]).strip() else None
            context["result"] = get_exposure(
                uow, user, as_of=as_of, scenario=scenario, year=year
            ).to_dict()
        except ValueError as error:
            found = (
                error if isinstance(error, ChuhaiError) else InputError(str(error), field="as_of")
            )
            context["error"], status = found, status_for(found)
    return render(request, "command/exposure.html", context, user=user, status_code=status)


def _scenario(form: dict[str, Any]) -> Any:
    text = str(form["scenario_yaml"]).strip()
    if not text:
        return sample_scenario(str(form["scenario"]))
    import yaml  # only a pasted scenario needs it

    try:
        return parse_scenario(yaml.safe_load(text))
    except yaml.YAMLError as error:
        raise InputError(f"not valid YAML: {error}", field="scenario_yaml") from None


@router.get("/command/exposure")
def exposure_page(
    request: Request, uow: CommandUow, user: CurrentUser, as_of: str = "", scenario: str = "",
    year: str = "",
) -> Response:  # fmt: skip
    """The HTML twin of ``GET /api/exports/exposure`` (computed once a date is given)."""
    return _exposure(request, uow, user, {"as_of": as_of, "scenario": scenario, "year": year})


@router.post("/command/exposure", dependencies=[CSRFChecked])
def exposure_post(
    request: Request, form: PostedForm, uow: CommandUow, user: CurrentUser
) -> Response:
    """The HTML twin of ``POST /api/exports/exposure``: a scenario pasted as YAML."""
    values = text_fields(form, ("as_of", "scenario", "year", "scenario_yaml"))
    return _exposure(request, uow, user, values)
