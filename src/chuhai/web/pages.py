"""Pages for signing in and out, switching language, and the dashboard."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from chuhai.api.auth import end_session, start_session
from chuhai.api.deps import CSRFChecked, CurrentUser, OptionalUser, Uow, client_ip
from chuhai.api.errors import status_for
from chuhai.errors import AccessError, InputError
from chuhai.services import firms
from chuhai.services.accounts import sign_in
from chuhai.web.i18n import LOCALES
from chuhai.web.rendering import LOCALE_KEY, render

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None, default: str = "/") -> str:
    """Only a path on this site: an open redirect would help phishing.

    >>> safe_next("/firms/2"), safe_next("https://evil.example/"), safe_next("//evil")
    ('/firms/2', '/', '/')
    """
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def redirect(target: str) -> RedirectResponse:
    return RedirectResponse(target, status_code=303)


@router.get("/login")
def login_form(request: Request, user: OptionalUser, next: str = "/") -> Response:
    return render(request, "login.html", {"next": safe_next(next)}, user=user)


@router.post("/login", dependencies=[CSRFChecked])
def login(
    request: Request,
    uow: Uow,
    email: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    try:
        user = sign_in(uow, email=email, password=password, ip=client_ip(request))
    except (AccessError, InputError) as error:
        context = {"next": safe_next(next), "email": email, "error": error}
        return render(request, "login.html", context, status_code=status_for(error))
    start_session(request, user)
    return redirect(safe_next(next))


@router.get("/logout")
def logout_form(request: Request, user: OptionalUser) -> Response:
    return render(request, "logout.html", user=user)


@router.post("/logout", dependencies=[CSRFChecked])
def logout(request: Request) -> Response:
    end_session(request)
    return redirect("/login")


@router.get("/lang/{locale}")
def switch_language(request: Request, locale: str, next: str = "/") -> Response:
    """Remember the language in the session and go back to the page."""
    if locale in LOCALES:
        request.session[LOCALE_KEY] = locale
    return redirect(safe_next(next))


@router.get("/")
def dashboard(request: Request, uow: Uow, user: CurrentUser) -> Response:
    """My firm(s): the HTML twin of ``GET /api/firms``."""
    return render(request, "dashboard.html", {"firms": firms.list_firms(uow, user)}, user=user)
