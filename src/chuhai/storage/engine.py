"""The database engine: ``CHUHAI_DATABASE_URL``, else a SQLite file in the data directory.

>>> default_database_url(Path("/srv/chuhai"))
'sqlite:////srv/chuhai/chuhai.sqlite3'
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

DATABASE_FILE = "chuhai.sqlite3"


def get_data_dir() -> Path:
    """``$CHUHAI_DATA_DIR``, else ``./var``."""
    return Path(os.environ.get("CHUHAI_DATA_DIR") or "var")


def default_database_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / DATABASE_FILE}"


def get_database_url(data_dir: Path | None = None) -> str:
    """``$CHUHAI_DATABASE_URL``, else the SQLite file in ``data_dir``."""
    return os.environ.get("CHUHAI_DATABASE_URL") or default_database_url(data_dir or get_data_dir())


def make_engine(url: str, *, schema: str | None = None) -> Engine:
    """An engine for ``url``; SQLite files and their folder are created on first use.

    ``schema`` (PostgreSQL only) puts every table in that schema through ``search_path``.
    """
    kwargs: dict[str, Any] = {}
    if url.startswith("sqlite"):
        _ensure_sqlite_folder(url)
    elif schema is not None:
        kwargs["connect_args"] = {"options": f"-csearch_path={schema}"}
    engine = create_engine(url, pool_pre_ping=True, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def _ensure_sqlite_folder(url: str) -> None:
    path = url.split("///", 1)[1] if "///" in url else ""
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    # SQLite leaves foreign keys off unless asked; WAL lets readers work during a write.
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
