"""Docs stay true: every CLI command and option appears in docs/cli.md, every pack in a doc."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer.main

from chuhai.cli import app
from chuhai.rules.registry import available_packs

ROOT = Path(__file__).parents[2]
CLI_DOC = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")


def _commands(group: Any, prefix: str = "") -> list[tuple[str, Any]]:
    found = []
    for name, command in group.commands.items():
        path = f"{prefix} {name}".strip()
        if hasattr(command, "commands"):
            found.extend(_commands(command, path))
        else:
            found.append((path, command))
    return found


def test_every_command_and_option_is_documented() -> None:
    group = typer.main.get_command(app)
    for path, command in _commands(group):
        assert f"chuhai {path}" in CLI_DOC, f"docs/cli.md lacks `chuhai {path}`"
        for param in command.params:
            for flag in getattr(param, "opts", []):
                if flag.startswith("--"):
                    assert f"`{flag}" in CLI_DOC, f"docs/cli.md lacks {flag} of {path}"


def test_readme_shows_the_two_commands_and_every_documented_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme
    assert "make test" in readme
    assert "chuhai quote" in readme
    assert "chuhai packs" in readme


def test_every_pack_is_listed_in_the_docs() -> None:
    doc = (ROOT / "docs" / "coverage.md").read_text(encoding="utf-8")
    for code in available_packs():
        assert f"| {code} |" in doc, f"docs/coverage.md lacks pack {code}"


def test_coverage_doc_is_current() -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from write_coverage_doc import render
    finally:
        sys.path.remove(str(ROOT / "tools"))
    current = (ROOT / "docs" / "coverage.md").read_text(encoding="utf-8")
    assert current == render(), "run: uv run python tools/write_coverage_doc.py"
