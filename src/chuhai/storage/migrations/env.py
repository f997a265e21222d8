"""Alembic's entry point: migrate the connection :func:`upgrade_to_head` hands over.

From the ``alembic`` command line, the URL comes from ``CHUHAI_DATABASE_URL`` or the data dir.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from chuhai.storage import tables_command  # noqa: F401  (its tables join Base.metadata)
from chuhai.storage.engine import get_database_url, make_engine
from chuhai.storage.tables import Base


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    if context.is_offline_mode():
        raise SystemExit("offline (SQL script) migrations are not supported")
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    with make_engine(get_database_url()).begin() as own:
        _run(own)


# Only Alembic installs ``context.config``; a doctest collector importing this file does not.
if hasattr(context, "config"):
    main()
