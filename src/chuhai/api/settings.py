"""Settings of the web application, from the environment.

- ``CHUHAI_DATA_DIR``: where the SQLite file and the generated secret live (default ``./var``);
- ``CHUHAI_DATABASE_URL``: a SQLAlchemy URL (PostgreSQL for a shared deployment);
- ``CHUHAI_SECRET_KEY``: signs session cookies; generated into the data dir when unset;
- ``CHUHAI_SECURE_COOKIES=1``: send the session cookie over HTTPS only.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from chuhai.storage.engine import get_data_dir, get_database_url

SECRET_FILE = "secret_key"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    secret_key: str
    database_schema: str | None = None  # PostgreSQL only: tables in this schema (tests)
    secure_cookies: bool = False

    @classmethod
    def from_env(cls) -> Settings:
        data_dir = get_data_dir()
        return cls(
            data_dir=data_dir,
            database_url=get_database_url(data_dir),
            secret_key=os.environ.get("CHUHAI_SECRET_KEY") or load_or_create_secret(data_dir),
            secure_cookies=os.environ.get("CHUHAI_SECURE_COOKIES") == "1",
        )


def load_or_create_secret(data_dir: Path) -> str:
    """The secret in ``data_dir/secret_key``, created (readable by its owner only) if missing."""
    path = data_dir / SECRET_FILE
    if path.is_file():
        return path.read_text(encoding="ascii").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another worker wrote it first
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(secret + "\n")
    return secret
