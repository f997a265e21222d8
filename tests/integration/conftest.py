"""Integration fixtures: every storage and API test runs on SQLite and on PostgreSQL.

PostgreSQL comes from ``CHUHAI_TEST_POSTGRES_URL`` (default: the local server's ``test``
database); each test gets a fresh schema, dropped afterwards. Where no server answers, the
PostgreSQL cases skip with the reason, unless ``CHUHAI_REQUIRE_POSTGRES=1`` (CI): then
they fail.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError
from tests.integration.api_client import TestClient

from chuhai.api.app import create_app
from chuhai.api.settings import Settings
from chuhai.services.demo_data import DemoLoad, load_demo_data
from chuhai.services.ports import UnitOfWork
from chuhai.storage.engine import make_engine, make_session_factory
from chuhai.storage.migrations import upgrade_to_head
from chuhai.storage.unit_of_work import SqlUnitOfWork

POSTGRES_URL = os.environ.get(
    "CHUHAI_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REQUIRE_POSTGRES = os.environ.get("CHUHAI_REQUIRE_POSTGRES") == "1"


@dataclass(frozen=True)
class DatabaseUnderTest:
    kind: str  # "sqlite" | "postgresql"
    url: str
    schema: str | None = None

    def engine(self) -> Engine:
        return make_engine(self.url, schema=self.schema)


def _postgres_or_skip() -> Engine:
    engine = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as error:
        engine.dispose()
        reason = f"PostgreSQL not reachable at {POSTGRES_URL} ({error.orig}); set CHUHAI_TEST_POSTGRES_URL"
        if REQUIRE_POSTGRES:
            pytest.fail(f"CHUHAI_REQUIRE_POSTGRES=1 but {reason}")
        pytest.skip(reason)
    return engine


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 at its smallest cost: the tests check behaviour, not the work factor."""
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr("chuhai.services.accounts.PASSWORD_HASHER", cheap)


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DatabaseUnderTest]:
    """A fresh, empty database: a SQLite file, or a new PostgreSQL schema."""
    if request.param == "sqlite":
        yield DatabaseUnderTest("sqlite", f"sqlite:///{tmp_path / 'chuhai.sqlite3'}")
        return
    admin = _postgres_or_skip()
    schema = f"chuhai_test_{secrets.token_hex(6)}"
    assert re.fullmatch(r"[a-z0-9_]+", schema)
    with admin.connect() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield DatabaseUnderTest("postgresql", POSTGRES_URL, schema)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def engine(db_url: DatabaseUnderTest) -> Iterator[Engine]:
    """The test database, migrated to the newest revision."""
    engine = db_url.engine()
    upgrade_to_head(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def uow_factory(engine: Engine) -> Callable[[], UnitOfWork]:
    factory = make_session_factory(engine)
    return lambda: SqlUnitOfWork(factory)


@pytest.fixture
def app_settings(db_url: DatabaseUnderTest, tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path,
        database_url=db_url.url,
        database_schema=db_url.schema,
        secret_key=secrets.token_urlsafe(32),
    )


@pytest.fixture
def client(app_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(app_settings)) as test_client:
        yield test_client


@pytest.fixture
def demo(client: TestClient) -> DemoLoad:
    """The Jinjiang demo loaded into the client's database."""
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    return load_demo_data(SqlUnitOfWork(factory))
