"""Firm pages: the list (``/firms``) and one firm (``/firms/{id}``), with their forms.

Each renders what its JSON twin returns: ``GET /api/firms`` and ``GET /api/firms/{id}``.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from chuhai.api.deps import CSRFChecked, CurrentUser, Uow
from chuhai.api.errors import status_for
from chuhai.errors import ChuhaiError, ConflictError, InputError
from chuhai.services import firms
from chuhai.services.accounts import can_create_firm, can_delete_firm, can_edit_firm
from chuhai.services.records import Industry
from chuhai.web.forms import PostedForm, text_fields
from chuhai.web.rendering import render

router = APIRouter(include_in_schema=False)

FIELDS = (
    "name", "name_zh", "city", "industry", "contact_name", "contact_email", "contact_phone",
)  # fmt: skip


@router.get("/firms")
def firm_list(request: Request, uow: Uow, user: CurrentUser) -> Response:
    return _list(request, uow, user)


def _list(
    request: Request,
    uow: Uow,
    user: CurrentUser,
    *,
    form: dict[str, object] | None = None,
    error: ChuhaiError | None = None,
) -> Response:
    context = {
        "firms": firms.list_firms(uow, user),
        "can_create": can_create_firm(user),
        "industries": list(Industry),
        "form": form or {},
        "error": error,
    }
    status = status_for(error) if isinstance(error, InputError | ConflictError) else 200
    return render(request, "firms.html", context, user=user, status_code=status)


@router.post("/firms", dependencies=[CSRFChecked])
def firm_create(request: Request, form: PostedForm, uow: Uow, user: CurrentUser) -> Response:
    values = text_fields(form, FIELDS)
    try:
        firm = firms.create_firm(uow, user, values=values)
    except (InputError, ConflictError) as error:
        return _list(request, uow, user, form=values, error=error)
    return RedirectResponse(f"/firms/{firm.id}", status_code=303)


@router.get("/firms/{firm_id}")
def firm_detail(request: Request, firm_id: int, uow: Uow, user: CurrentUser) -> Response:
    return _detail(request, uow, user, firm_id)


def _detail(
    request: Request,
    uow: Uow,
    user: CurrentUser,
    firm_id: int,
    *,
    form: dict[str, object] | None = None,
    error: ChuhaiError | None = None,
) -> Response:
    firm = firms.get_firm(uow, user, firm_id)
    context = {
        "firm": firm,
        "can_edit": can_edit_firm(user, firm_id),
        "can_delete": can_delete_firm(user),
        "industries": list(Industry),
        "form": form or {name: getattr(firm, name) for name in FIELDS},
        "error": error,
    }
    status = status_for(error) if error is not None else 200
    return render(request, "firm.html", context, user=user, status_code=status)


@router.post("/firms/{firm_id}", dependencies=[CSRFChecked])
def firm_update(
    request: Request, firm_id: int, form: PostedForm, uow: Uow, user: CurrentUser
) -> Response:
    values = text_fields(form, FIELDS)
    try:
        firms.update_firm(uow, user, firm_id=firm_id, values=values)
    except (InputError, ConflictError) as error:
        return _detail(request, uow, user, firm_id, form=values, error=error)
    return RedirectResponse(f"/firms/{firm_id}", status_code=303)


@router.post("/firms/{firm_id}/delete", dependencies=[CSRFChecked])
def firm_delete(firm_id: int, uow: Uow, user: CurrentUser) -> Response:
    firms.delete_firm(uow, user, firm_id)
    return RedirectResponse("/firms", status_code=303)
