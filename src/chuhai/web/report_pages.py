"""The market entry report of a product, as a page (``report.html``) and a PDF (``report.pdf``).

Both render ``build_entry_report(...).to_dict()``, as ``GET /api/firms/{id}/products/{pid}/report``
returns it, in the reader's language; the PDF is the same template printed by WeasyPrint.
"""

from __future__ import annotations

import base64
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from chuhai.api.deps import CurrentUser, Uow
from chuhai.api.matrix_params import Params, query_string, server_today
from chuhai.services.entry_report import build_entry_report
from chuhai.services.records import User
from chuhai.web.i18n import N_
from chuhai.web.matrix_pages import CHANNEL_KINDS, matrix_chart
from chuhai.web.pdf import html_to_pdf
from chuhai.web.rendering import STATIC_DIR, render

router = APIRouter(include_in_schema=False)

PATH = "/firms/{firm_id}/products/{product_id}/report"
ITEM_KINDS = {
    "registration": N_("Registration"),
    "tax_collection": N_("Tax collection"),
    "labelling": N_("Labelling"),
    "certification": N_("Certification"),
    "product_safety": N_("Product safety"),
    "food_safety": N_("Food safety"),
    "cosmetics": N_("Cosmetics"),
    "restricted": N_("Restricted goods"),
}


def _context(
    request: Request, firm_id: int, product_id: int, params: Params, uow: Uow, user: User
) -> dict[str, Any]:
    query = params.parse(today=server_today())
    report = build_entry_report(
        uow, user, firm_id=firm_id, product_id=product_id, query=query
    ).to_dict()
    matrix = {"product": report["product"], **report["matrix"]}
    return {
        "report": report,
        "chart": matrix_chart(matrix, request),
        "query": query_string(params.form(today=server_today())),
        "channel_kinds": CHANNEL_KINDS,
        "item_kinds": ITEM_KINDS,
    }


@router.get(PATH + ".html")
def report_page(
    request: Request, firm_id: int, product_id: int, params: Params, uow: Uow, user: CurrentUser
) -> Response:
    context = _context(request, firm_id, product_id, params, uow, user)
    return render(request, "entry_report.html", context, user=user)


@router.get(PATH + ".pdf")
def report_pdf(
    request: Request, firm_id: int, product_id: int, params: Params, uow: Uow, user: CurrentUser
) -> Response:
    """The report as a PDF (A4), the chart inlined as a data URL."""
    context = _context(request, firm_id, product_id, params, uow, user)
    svg = context.pop("chart").encode()
    context["chart_src"] = (
        "data:image/svg+xml;base64," + base64.b64encode(svg).decode() if svg else ""
    )
    context["css"] = (STATIC_DIR / "report.css").read_text(encoding="utf-8")
    html = bytes(render(request, "entry_report_pdf.html", context, user=user).body).decode()
    report = context["report"]
    name = f"chuhai-report-{report['product']['sku']}-{report['date']}.pdf"
    return Response(
        html_to_pdf(html),
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )
