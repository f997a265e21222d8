"""The web application: ``create_app(settings)`` wires storage, sessions, routers and pages.

``uvicorn --factory chuhai.api.app:create_app_from_env`` serves it; ``chuhai serve`` does that
after migrating (and loading the demo).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware

from chuhai import __version__
from chuhai.api import auth, firms, market_reports, packs, products, quotes
from chuhai.api.command import router as exports_api
from chuhai.api.errors import handle_chuhai_error, handle_http_error, handle_validation_error
from chuhai.api.explore import router as explore_api
from chuhai.api.hs import router as hs_api
from chuhai.api.livestream import router as livestream_api
from chuhai.api.matchmaking import router as matchmaking_api
from chuhai.api.network import router as network_api
from chuhai.api.settings import Settings
from chuhai.errors import ChuhaiError
from chuhai.storage.engine import make_engine, make_session_factory
from chuhai.storage.migrations import upgrade_to_head
from chuhai.web import (
    firm_pages,
    hs_pages,
    matrix_pages,
    pack_pages,
    pages,
    product_pages,
    quote_page,
    report_pages,
)
from chuhai.web.command_pages import router as command_web
from chuhai.web.explore_pages import router as explore_web
from chuhai.web.livestream_pages import router as livestream_web
from chuhai.web.match_pages import router as match_web
from chuhai.web.network_pages import router as network_web
from chuhai.web.rendering import STATIC_DIR

SESSION_COOKIE = "chuhai_session"
SESSION_SECONDS = 12 * 60 * 60

DESCRIPTION = """出海 chuhai: firms, their products and itemised landed-cost quotes.

Sign in with `POST /api/session`; the session cookie then authenticates every call, and
writes (POST, PUT, DELETE) also send the `X-CSRF-Token` header returned at sign-in.
Errors are `{"code", "message", "field", "row", "file"}`.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """The app on ``settings`` (default: from the environment); migrates the database."""
    settings = settings or Settings.from_env()
    engine = make_engine(settings.database_url, schema=settings.database_schema)
    upgrade_to_head(engine)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = FastAPI(
        title="chuhai 出海",
        version=__version__,
        description=DESCRIPTION,
        docs_url="/api/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_SECONDS,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    app.add_exception_handler(ChuhaiError, handle_chuhai_error)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(HTTPException, handle_http_error)
    for module in (auth, firms, products, quotes, pages, firm_pages, product_pages, quote_page):
        app.include_router(module.router)
    app.include_router(market_reports.router)
    app.include_router(packs.router)
    app.include_router(matrix_pages.router)
    app.include_router(report_pages.router)
    app.include_router(pack_pages.router)
    app.include_router(exports_api)
    app.include_router(network_api)
    app.include_router(matchmaking_api)
    app.include_router(livestream_api)
    app.include_router(command_web)
    app.include_router(network_web)
    app.include_router(match_web)
    app.include_router(livestream_web)
    app.include_router(explore_api)
    app.include_router(explore_web)
    app.include_router(hs_api)
    app.include_router(hs_pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


def create_app_from_env() -> FastAPI:
    """The factory uvicorn calls (``--factory``), settings from the environment."""
    return create_app(Settings.from_env())
