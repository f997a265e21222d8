"""Alembic migrations, run programmatically: :func:`upgrade_to_head` at startup.

For a new revision: ``alembic -c src/chuhai/storage/migrations/alembic.ini revision
--autogenerate -m "what changed"`` (see docs/storage.md).
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

HERE = Path(__file__).parent
# Any fixed number: PostgreSQL serialises concurrent upgrades (two workers starting at once).
_LOCK_ID = 7_406_617


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE))
    return config


def upgrade_to_head(engine: Engine) -> None:
    """Bring the database at ``engine`` to the newest revision (a no-op when it is there)."""
    config = alembic_config()
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _LOCK_ID})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
