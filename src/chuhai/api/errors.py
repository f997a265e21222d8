"""The one exception handler: a ``ChuhaiError`` becomes JSON under /api, a page elsewhere.

JSON errors look like ``{"code", "message", "field", "row", "file"}`` (plus ``problems``
for a rejected import), whatever raised them: a service, a request that failed FastAPI's
validation, or an unknown route.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from chuhai.errors import (
    AccessError,
    ChuhaiError,
    ConflictError,
    Forbidden,
    ImportRejected,
    InputError,
    NotFoundError,
    NotSignedIn,
    TooManyAttempts,
)
from chuhai.web.rendering import render

# Checked in order: the first class an error is an instance of gives its status.
STATUS: tuple[tuple[type[Exception], int], ...] = (
    (NotSignedIn, 401),
    (TooManyAttempts, 429),
    (Forbidden, 403),
    (AccessError, 401),
    (NotFoundError, 404),
    (ConflictError, 409),
    (ImportRejected, 422),
    (InputError, 422),
    (LookupError, 422),  # out of coverage, no rule, no exchange rate: the question, not the app
)


def status_for(error: ChuhaiError) -> int:
    """The HTTP status of a chuhai error (400 when nothing more precise fits).

    >>> status_for(NotFoundError("no firm 9")), status_for(ChuhaiError("?"))
    (404, 400)
    """
    return next((status for kind, status in STATUS if isinstance(error, kind)), 400)


def wants_json(request: Request) -> bool:
    if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


async def handle_chuhai_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, ChuhaiError)
    status = status_for(error)
    if wants_json(request):
        return JSONResponse(error.to_dict(), status_code=status)
    if isinstance(error, NotSignedIn) and request.method == "GET":
        target = quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
        return RedirectResponse(f"/login?next={target}", status_code=303)
    user = getattr(request.state, "user", None)
    return render(request, "error.html", {"error": error}, user=user, status_code=status)


async def handle_validation_error(request: Request, error: Exception) -> Response:
    """FastAPI's request validation, reported like every other input error."""
    assert isinstance(error, RequestValidationError)
    first = error.errors()[0] if error.errors() else {}
    location = [str(part) for part in first.get("loc", ()) if part not in ("body", "query", "path")]
    as_input = InputError(
        str(first.get("msg", "invalid request")), field=".".join(location) or None
    )
    return await handle_chuhai_error(request, as_input)


async def handle_http_error(request: Request, error: Exception) -> Response:
    """Unknown routes and wrong methods, in the same two shapes."""
    assert isinstance(error, HTTPException)
    code = {404: "not_found", 405: "method_not_allowed"}.get(error.status_code, "http_error")
    body = {"code": code, "message": str(error.detail), "field": None, "row": None, "file": None}
    if wants_json(request):
        return JSONResponse(body, status_code=error.status_code, headers=error.headers)
    user = getattr(request.state, "user", None)
    page_error = ChuhaiError(str(error.detail))
    return render(
        request, "error.html", {"error": page_error}, user=user, status_code=error.status_code
    )
