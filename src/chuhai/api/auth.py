"""Sign in and out (``/api/session``) and who am I (``/api/me``)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from chuhai.api.deps import USER_KEY, CSRFChecked, CurrentUser, Uow, client_ip
from chuhai.api.schemas import SessionCreate, SessionPublic, UserPublic
from chuhai.services.accounts import sign_in
from chuhai.services.records import User
from chuhai.web.csrf import get_csrf_token, rotate_csrf_token
from chuhai.web.rendering import LOCALE_KEY

router = APIRouter(prefix="/api", tags=["session"])


def start_session(request: Request, user: User) -> str:
    """Bind the session cookie to ``user`` (keeping the language); the new CSRF token."""
    locale = request.session.get(LOCALE_KEY)
    request.session.clear()
    request.session[USER_KEY] = user.id
    if locale:
        request.session[LOCALE_KEY] = locale
    return rotate_csrf_token(request)


def end_session(request: Request) -> None:
    locale = request.session.get(LOCALE_KEY)
    request.session.clear()
    if locale:
        request.session[LOCALE_KEY] = locale
    rotate_csrf_token(request)


@router.post("/session", response_model=SessionPublic)
def create_session(body: SessionCreate, request: Request, uow: Uow) -> SessionPublic:
    """Sign in; the session cookie is set. 5 failures in 15 minutes per e-mail and address
    answer 429 until the window passes."""
    user = sign_in(uow, email=body.email, password=body.password, ip=client_ip(request))
    token = start_session(request, user)
    return SessionPublic(user=UserPublic.of(user), csrf_token=token)


@router.delete("/session", status_code=204, dependencies=[CSRFChecked])
def delete_session(request: Request) -> Response:
    """Sign out."""
    end_session(request)
    return Response(status_code=204)


@router.get("/me", response_model=SessionPublic)
def read_me(request: Request, user: CurrentUser) -> SessionPublic:
    """The signed-in user and the CSRF token to send with writes."""
    return SessionPublic(user=UserPublic.of(user), csrf_token=get_csrf_token(request))
