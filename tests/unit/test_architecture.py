"""Dependencies point inward: the domain knows no framework and reads no clock."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

DOMAIN = Path(__file__).parents[2] / "src" / "chuhai" / "domain"
ALLOWED = {"pydantic", "pydantic_core", "typing_extensions", "chuhai"}


def test_importing_the_domain_loads_no_framework() -> None:
    code = (
        "import sys, chuhai.domain.landed_cost, chuhai.domain.fx;"
        "bad = [m for m in ('sqlalchemy', 'fastapi', 'starlette', 'typer', 'polars', 'yaml')"
        " if m in sys.modules]; print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_domain_imports_only_stdlib_pydantic_and_itself() -> None:
    stdlib = sys.stdlib_module_names
    for path in DOMAIN.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                assert top in stdlib or top in ALLOWED, f"{path.name} imports {name}"


def test_domain_never_reads_the_clock() -> None:
    for path in DOMAIN.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for call in ("date.today(", "datetime.now(", "datetime.utcnow("):
            assert call not in text, f"{path.name} calls {call}"
