"""Only ``chuhai.storage`` talks to the database library (STYLE.md: layout)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).parents[2] / "src" / "chuhai"
DATABASE_LIBRARIES = {"sqlalchemy", "alembic", "psycopg"}


def _modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_storage_imports_sqlalchemy_and_alembic() -> None:
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if "storage" not in path.relative_to(SRC).parts
        and {m.split(".")[0] for m in _modules(path)} & DATABASE_LIBRARIES
    ]
    assert offenders == []


def test_services_reach_storage_only_through_their_ports() -> None:
    for path in (SRC / "services").glob("*.py"):
        modules = _modules(path)
        assert not any(m.startswith("chuhai.storage") for m in modules), f"services/{path.name}"
