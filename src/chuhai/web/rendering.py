"""Rendering pages: the Jinja2 environment and the context every template gets.

Each template receives ``_`` (gettext of the request's locale), ``fmt`` (money, numbers and
dates of that locale), ``user`` (or None), ``csrf_token``, ``locale`` and ``labels``.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape

from chuhai.services.records import User
from chuhai.web import labels
from chuhai.web.csrf import get_csrf_token
from chuhai.web.i18n import (
    HTML_LANG,
    LOCALE_NAMES,
    LOCALES,
    Formatter,
    get_translations,
    normalise_locale,
)

LOCALE_KEY = "locale"
STATIC_DIR = Path(__file__).parent / "static"


@functools.cache
def templates() -> Jinja2Templates:
    environment = Environment(
        loader=PackageLoader("chuhai.web", "templates"),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return Jinja2Templates(env=environment)


def get_locale(request: Request) -> str:
    """The session's choice, else the browser's first preference, else Chinese."""
    chosen = request.session.get(LOCALE_KEY)
    if chosen in LOCALES:
        return str(chosen)
    accept = request.headers.get("accept-language", "")
    return normalise_locale(accept.split(",")[0].split(";")[0])


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    user: User | None = None,
    status_code: int = 200,
) -> Response:
    """Render template ``name`` for ``request`` with the common context."""
    locale = get_locale(request)
    translations = get_translations(locale)
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    common = {
        "_": translations.gettext,
        "ngettext": translations.ngettext,
        "fmt": Formatter(locale),
        "user": user,
        "csrf_token": get_csrf_token(request),
        "locale": locale,
        "html_lang": HTML_LANG[locale],
        "locales": LOCALE_NAMES,
        "here": quote(here, safe=""),
        "labels": labels,
    }
    return templates().TemplateResponse(
        request, name, {**common, **(context or {})}, status_code=status_code
    )
