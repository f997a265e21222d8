"""FastAPI dependencies: a unit of work per request, the signed-in user, the client address."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from chuhai.errors import NotSignedIn
from chuhai.services.accounts import get_active_user
from chuhai.services.ports import UnitOfWork
from chuhai.services.records import User
from chuhai.storage.unit_of_work import SqlUnitOfWork
from chuhai.web.csrf import verify_csrf

USER_KEY = "user_id"


def get_uow(request: Request) -> UnitOfWork:
    """A fresh unit of work; each service call opens and closes its own transaction."""
    return SqlUnitOfWork(request.app.state.session_factory)


Uow = Annotated[UnitOfWork, Depends(get_uow)]


def get_optional_user(request: Request, uow: Uow) -> User | None:
    """The user of the signed session cookie, or None (also for a disabled account)."""
    user_id = request.session.get(USER_KEY)
    try:
        user = get_active_user(uow, user_id if isinstance(user_id, int) else None)
    except NotSignedIn:
        return None
    request.state.user = user  # the error page shows the navigation of whoever is signed in
    return user


def get_current_user(user: Annotated[User | None, Depends(get_optional_user)]) -> User:
    if user is None:
        raise NotSignedIn("sign in first")
    return user


OptionalUser = Annotated[User | None, Depends(get_optional_user)]
CurrentUser = Annotated[User, Depends(get_current_user)]
CSRFChecked = Depends(verify_csrf)


def client_ip(request: Request) -> str:
    """The client's address, for the login rate limit (uvicorn applies X-Forwarded-For
    from trusted proxies only)."""
    return request.client.host if request.client else "unknown"
