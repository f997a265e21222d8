"""A firm's products (``/firms/{id}/products``): the list, add and edit forms, file import.

The HTML twin of ``GET /api/firms/{id}/products``; a rejected import shows every bad row and
field, as ``POST /api/firms/{id}/products/import`` returns them.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response

from chuhai.api.deps import CSRFChecked, CurrentUser, Uow
from chuhai.api.errors import status_for
from chuhai.errors import ChuhaiError, ConflictError, ImportRejected, InputError
from chuhai.services import firms, products
from chuhai.services.accounts import can_edit_firm
from chuhai.services.product_import import import_products, template_csv
from chuhai.services.products import COLUMNS, product_values
from chuhai.services.records import User
from chuhai.services.spreadsheets import MAX_BYTES
from chuhai.web.forms import PostedForm, text_fields, uploaded_file
from chuhai.web.rendering import render

router = APIRouter(include_in_schema=False)


def _page(
    request: Request,
    uow: Uow,
    user: User,
    firm_id: int,
    *,
    form: dict[str, object] | None = None,
    error: ChuhaiError | None = None,
    import_error: ChuhaiError | None = None,
) -> Response:
    context: dict[str, Any] = {
        "firm": firms.get_firm(uow, user, firm_id),
        "products": products.list_products(uow, user, firm_id),
        "can_edit": can_edit_firm(user, firm_id),
        "form": form or {"origin": "CN", "currency": "CNY"},
        "error": error,
        "import_error": import_error,
        "created": request.query_params.get("created"),
        "updated": request.query_params.get("updated"),
        "columns": COLUMNS,
    }
    failure = error or import_error
    status = status_for(failure) if failure is not None else 200
    return render(request, "products.html", context, user=user, status_code=status)


@router.get("/firms/{firm_id}/products")
def product_list(request: Request, firm_id: int, uow: Uow, user: CurrentUser) -> Response:
    return _page(request, uow, user, firm_id)


@router.post("/firms/{firm_id}/products", dependencies=[CSRFChecked])
def product_create(
    request: Request, firm_id: int, form: PostedForm, uow: Uow, user: CurrentUser
) -> Response:
    values = text_fields(form, COLUMNS)
    try:
        products.create_product(uow, user, firm_id=firm_id, values=values)
    except (InputError, ConflictError) as error:
        return _page(request, uow, user, firm_id, form=values, error=error)
    return RedirectResponse(f"/firms/{firm_id}/products", status_code=303)


@router.post("/firms/{firm_id}/products/import", dependencies=[CSRFChecked])
def product_import(
    request: Request, firm_id: int, form: PostedForm, uow: Uow, user: CurrentUser
) -> Response:
    upload = uploaded_file(form, "file")
    if upload is None:
        missing = InputError("choose a .csv or .xlsx file", field="file")
        return _page(request, uow, user, firm_id, import_error=missing)
    try:
        report = import_products(
            uow,
            user,
            firm_id=firm_id,
            filename=upload.filename or "",
            content=upload.file.read(MAX_BYTES + 1),
        )
    except (InputError, ImportRejected) as error:
        return _page(request, uow, user, firm_id, import_error=error)
    target = f"/firms/{firm_id}/products?created={report.created}&updated={report.updated}"
    return RedirectResponse(target, status_code=303)


@router.get("/firms/{firm_id}/products/template.csv")
def product_template(firm_id: int, user: CurrentUser) -> Response:
    return PlainTextResponse(
        template_csv(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="chuhai-products.csv"'},
    )


@router.get("/firms/{firm_id}/products/{product_id}/edit")
def product_edit(
    request: Request, firm_id: int, product_id: int, uow: Uow, user: CurrentUser
) -> Response:
    product = products.get_product(uow, user, firm_id=firm_id, product_id=product_id)
    return _edit_page(request, user, firm_id, product.id, product_values(product))


def _edit_page(
    request: Request,
    user: User,
    firm_id: int,
    product_id: int,
    form: dict[str, object],
    error: ChuhaiError | None = None,
) -> Response:
    context = {"firm_id": firm_id, "product_id": product_id, "form": form, "error": error}
    status = status_for(error) if error is not None else 200
    return render(request, "product_edit.html", context, user=user, status_code=status)


@router.post("/firms/{firm_id}/products/{product_id}", dependencies=[CSRFChecked])
def product_update(
    request: Request, firm_id: int, product_id: int, form: PostedForm, uow: Uow, user: CurrentUser
) -> Response:
    values = text_fields(form, COLUMNS)
    try:
        products.update_product(uow, user, firm_id=firm_id, product_id=product_id, values=values)
    except (InputError, ConflictError) as error:
        return _edit_page(request, user, firm_id, product_id, values, error)
    return RedirectResponse(f"/firms/{firm_id}/products", status_code=303)


@router.post("/firms/{firm_id}/products/{product_id}/delete", dependencies=[CSRFChecked])
def product_delete(firm_id: int, product_id: int, uow: Uow, user: CurrentUser) -> Response:
    products.delete_product(uow, user, firm_id=firm_id, product_id=product_id)
    return RedirectResponse(f"/firms/{firm_id}/products", status_code=303)
