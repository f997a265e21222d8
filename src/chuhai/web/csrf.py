"""CSRF protection: one random token per session, required on every state-changing request.

Forms send it as the hidden field ``csrf_token``; API clients as the ``X-CSRF-Token`` header
(``POST /api/session`` and ``GET /api/me`` return it). The session cookie is also
``SameSite=Lax``, so other sites' forms do not carry it at all.
"""

from __future__ import annotations

import secrets

from fastapi import Request

from chuhai.errors import Forbidden

FIELD = "csrf_token"
HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_csrf_token(request: Request) -> str:
    """This session's token, created on first use."""
    token = request.session.get(FIELD)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session[FIELD] = token
    return token


def rotate_csrf_token(request: Request) -> str:
    """A fresh token (after sign-in and sign-out)."""
    request.session.pop(FIELD, None)
    return get_csrf_token(request)


async def verify_csrf(request: Request) -> None:
    """A FastAPI dependency: refuse an unsafe request whose token is missing or wrong."""
    if request.method in SAFE_METHODS:
        return
    expected = request.session.get(FIELD)
    given = request.headers.get(HEADER)
    if given is None and _is_form(request):
        value = (await request.form()).get(FIELD)
        given = value if isinstance(value, str) else None
    if not (isinstance(expected, str) and given and secrets.compare_digest(expected, given)):
        raise Forbidden("missing or wrong CSRF token; reload the page and try again")


def _is_form(request: Request) -> bool:
    kind = request.headers.get("content-type", "")
    return kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))
