"""Rebuild shipped data (packs, HS nomenclature, FX) from the published upstream files."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from importlib.resources import files
from pathlib import Path

from chuhai.errors import InputError
from chuhai.importers import IMPORTERS, ImportReport
from chuhai.importers.countries import import_countries
from chuhai.importers.fx_rates import import_fx
from chuhai.importers.hs_nomenclature import import_hs
from chuhai.importers.platforms import import_platforms

Importer = Callable[[Path, Path], ImportReport]

# source -> (importer, folder under chuhai/data it writes into)
SOURCES: dict[str, tuple[Importer, str]] = {
    **{name: (importer, "packs") for name, importer in IMPORTERS.items()},
    "hs": (import_hs, "hs"),
    "fx": (import_fx, "fx"),
    "countries": (import_countries, "countries"),
    "platforms": (import_platforms, "platforms"),
}


def default_data_dir() -> Path:
    """``$CHUHAI_SHARED_DATA``, else ``../shared/data`` from the working directory."""
    configured = os.environ.get("CHUHAI_SHARED_DATA")
    return Path(configured) if configured else Path.cwd().parent / "shared" / "data"


def shipped_data_root() -> Path:
    """The package's data folder, where imports write (a source checkout or an unzipped install)."""
    return Path(str(files("chuhai.data")))


def import_sources(
    names: Iterable[str], *, data_dir: Path, data_root: Path | None = None
) -> list[ImportReport]:
    """Run the named importers (all when ``names`` is empty), stopping at the first failure.

    Each importer writes all its files or none; a malformed upstream row raises a
    ``PackError`` naming file, row and field, and leaves that importer's files untouched.
    """
    chosen = list(names) or list(SOURCES)
    unknown = [name for name in chosen if name not in SOURCES]
    if unknown:
        raise InputError(
            f"unknown source {', '.join(unknown)}; choose from {', '.join(SOURCES)}",
            field="source",
        )
    if not data_dir.is_dir():
        raise InputError(f"no upstream data directory at {data_dir}", field="data_dir")
    root = data_root or shipped_data_root()
    return [SOURCES[name][0](data_dir, root / SOURCES[name][1]) for name in chosen]
