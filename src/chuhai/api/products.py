"""``/api/firms/{firm_id}/products``: a firm's products, and imports from CSV or Excel."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Response, UploadFile
from fastapi.responses import PlainTextResponse

from chuhai.api.deps import CSRFChecked, CurrentUser, Uow
from chuhai.api.schemas import ImportPublic, ProductCreate, ProductPublic, ProductUpdate
from chuhai.services import products
from chuhai.services.product_import import import_products, template_csv
from chuhai.services.spreadsheets import MAX_BYTES

router = APIRouter(prefix="/api/firms/{firm_id}/products", tags=["products"])


@router.get("", response_model=list[ProductPublic])
def list_products(firm_id: int, uow: Uow, user: CurrentUser) -> list[ProductPublic]:
    return [ProductPublic.of(p) for p in products.list_products(uow, user, firm_id)]


@router.post("", response_model=ProductPublic, status_code=201, dependencies=[CSRFChecked])
def create_product(firm_id: int, body: ProductCreate, uow: Uow, user: CurrentUser) -> ProductPublic:
    product = products.create_product(uow, user, firm_id=firm_id, values=body.model_dump())
    return ProductPublic.of(product)


@router.get("/import-template.csv", response_class=PlainTextResponse)
def import_template(firm_id: int, user: CurrentUser) -> PlainTextResponse:
    """The columns of an import file, with one example row."""
    return PlainTextResponse(template_csv(), media_type="text/csv; charset=utf-8")


@router.post("/import", response_model=ImportPublic, dependencies=[CSRFChecked])
def import_file(
    firm_id: int, uow: Uow, user: CurrentUser, file: Annotated[UploadFile, File()]
) -> ImportPublic:
    """Create or update products from a .csv or .xlsx file: every row, or none (422 with
    ``problems``: each bad row and field)."""
    report = import_products(
        uow,
        user,
        firm_id=firm_id,
        filename=file.filename or "upload",
        content=file.file.read(MAX_BYTES + 1),
    )
    return ImportPublic.of(report)


@router.get("/{product_id}", response_model=ProductPublic)
def read_product(firm_id: int, product_id: int, uow: Uow, user: CurrentUser) -> ProductPublic:
    return ProductPublic.of(products.get_product(uow, user, firm_id=firm_id, product_id=product_id))


@router.put("/{product_id}", response_model=ProductPublic, dependencies=[CSRFChecked])
def update_product(
    firm_id: int, product_id: int, body: ProductUpdate, uow: Uow, user: CurrentUser
) -> ProductPublic:
    """Change the fields given; fields left out keep their value."""
    values = body.model_dump(exclude_unset=True)
    product = products.update_product(
        uow, user, firm_id=firm_id, product_id=product_id, values=values
    )
    return ProductPublic.of(product)


@router.delete("/{product_id}", status_code=204, dependencies=[CSRFChecked])
def delete_product(firm_id: int, product_id: int, uow: Uow, user: CurrentUser) -> Response:
    products.delete_product(uow, user, firm_id=firm_id, product_id=product_id)
    return Response(status_code=204)
