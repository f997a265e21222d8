"""Find packs by ISO code: ``DE`` and ``DEU`` reach the same pack, with its customs union."""

from __future__ import annotations

import functools
from importlib.resources import files
from importlib.resources.abc import Traversable

from chuhai.domain.countries import normalise_country
from chuhai.domain.pack import Pack
from chuhai.errors import UnknownCountryError
from chuhai.rules.loader import load_pack

# Unions are not countries, so they are named as they are, not through ISO 3166.
UNIONS = ("EU",)


def packs_root() -> Traversable:
    return files("chuhai.data").joinpath("packs")


def available_packs() -> list[str]:
    """Codes of every shipped pack, unions included, sorted."""
    return sorted(entry.name for entry in packs_root().iterdir() if (entry / "pack.yaml").is_file())


def _normalise(code: str) -> str:
    key = code.strip().upper()
    return key if key in UNIONS else normalise_country(key, field="destination")


@functools.cache
def _load(code: str) -> Pack:
    directory = packs_root() / code
    if not (directory / "pack.yaml").is_file():
        raise UnknownCountryError(
            f"no rule pack for {code}; packs exist for {', '.join(available_packs())}",
            field="destination",
        )
    header_text = (directory / "pack.yaml").read_text(encoding="utf-8")
    parent_code = _parent_of(header_text)
    parent = _load(parent_code) if parent_code else None
    return load_pack(directory, parent=parent)


def _parent_of(header_text: str) -> str | None:
    for line in header_text.splitlines():
        if line.startswith("parent:"):
            value = line.split(":", 1)[1].strip().strip("'\"")
            return value or None
    return None


def get_pack(code: str) -> Pack:
    """The pack for an ISO alpha-2/alpha-3 code or a union code, loaded once.

    >>> get_pack("DEU").code, get_pack("DE").parent.code
    ('DE', 'EU')
    """
    return _load(_normalise(code))
